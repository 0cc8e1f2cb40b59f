import Hummingbird
import RiskAccess

/// Authenticates every request except the public ones (`/healthz`, the login page, the
/// OpenAPI file): a bearer token in `Authorization`, or for browsers the `riskbrain_token`
/// cookie set by the login form (the same check). No token or a wrong one: 401, recorded in
/// the audit log under the token name `(none)` when the path reads or scores a company
/// (``isAudited(_:)``), with the reason as its `what`.
///
/// A token checked less than ``ServerSettings/tokenCacheSeconds`` ago is answered from
/// memory without leaving the request's thread; otherwise (first use, expired entry, unknown
/// token) it is read from the database on the ``Blocking`` queue.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = RiskRequestContext
    let tokens: TokenCache
    let audit: AuditRecorder

    /// The cookie the console's login form sets (HttpOnly).
    static let cookieName = "riskbrain_token"
    /// Paths answered without a token.
    static let publicPaths: Set<String> = ["/healthz", "/login", "/api/v1/openapi.yaml"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.publicPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let text = Self.presentedToken(request) else {
            throw refused(request, "missing token", APIError(.unauthorized, "missing token: send Authorization: Bearer <token>"))
        }
        let tokens = self.tokens
        let checked: AccessToken?
        if let hit = tokens.fresh(text) {
            checked = hit
        } else {
            checked = try await Blocking.run { try tokens.authenticate(text) }
        }
        guard let token = checked else {
            throw refused(request, "invalid or revoked token", APIError(.unauthorized, "invalid or revoked token"))
        }
        var context = context
        context.token = token
        return try await next(request, context)
    }

    /// `error`, after recording the refusal when the path is audited.
    func refused(_ request: Request, _ reason: String, _ error: APIError) -> APIError {
        if Self.isAudited(request) {
            audit.record(tokenName: AuditRecorder.noToken, method: request.method.rawValue, path: request.uri.path, what: reason,
                         resultCount: 0, status: error.status.code)
        }
        return error
    }

    /// API paths (the first component under `/api/v1/`) whose requests are audited.
    static let auditedAPIRoutes: Set<Substring> = ["search", "companies", "score", "chain", "links", "owners", "group", "report"]

    /// True when a request with a valid token would be audited: an API read, score or
    /// report, a console company page, a console search with a query, a posted console list.
    static func isAudited(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/v1/") { return auditedAPIRoutes.contains(path.dropFirst(8).prefix { $0 != "/" }) }
        if path.hasPrefix("/companies/") { return true }
        if path == "/" { return !QueryParameters(request: request).isBlank("q") }
        return request.method == .post && (path == "/watchlist" || path == "/watchlist/report")
    }

    /// The token from `Authorization: Bearer …`, else from the login cookie.
    static func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            // Fast path for the usual `Bearer <token>` (printable ASCII, so nothing to trim: no
            // Foundation trimming, no lowercasing); anything else takes the general parse below with the same result.
            if header.utf8.count > 7, header.utf8.starts(with: "Bearer ".utf8) {
                let rest = header.utf8.dropFirst(7)
                if rest.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                    return String(Substring(rest))
                }
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].trimmingCharacters(in: .whitespaces) }
            return nil
        }
        return request.cookies[cookieName]?.value
    }
}

extension RiskRequestContext {
    /// The authenticated token, requiring `role` (403 when it lacks it).
    func require(_ role: AccessRole) throws -> AccessToken {
        guard let token else { throw APIError(.unauthorized, "missing token") }
        guard token.role.satisfies(role) else {
            throw APIError(.forbidden, "this needs the \(role.rawValue) role; the token '\(token.name)' is \(token.role.rawValue)")
        }
        return token
    }
}
