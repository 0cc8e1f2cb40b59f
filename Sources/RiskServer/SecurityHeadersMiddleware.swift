import Hummingbird

/// Adds the browser-hardening headers to every response, errors and redirects included
/// (it is the outermost middleware):
/// - `Content-Security-Policy`: the console and the reports it serves have no scripts, no
///   external styles, images or frames: inline styles and inline SVG only, forms posting
///   back here. So even a name that slipped past escaping could not run code or load
///   anything, and no other site can frame the console (clickjacking).
/// - `X-Content-Type-Options: nosniff`: a JSON or CSV body is never sniffed into HTML.
/// - `X-Frame-Options: DENY`, for browsers that predate `frame-ancestors`.
/// - `Referrer-Policy: no-referrer`: a company page's URL (a credit code) is not sent on.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = RiskRequestContext

    // Names swift-http-types does not predefine.
    static let frameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
