import Foundation
import Hummingbird
import NIOCore
import RiskDomain
import RiskScoring

/// An error answered as JSON `{"status": 400, "error": "message"}`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) { self.status = status; self.message = message }

    public var description: String { "\(status.code) \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    /// The JSON body.
    var json: JSONValue { .object([("status", .int(status.code)), ("error", .string(message))]) }

    /// The response: the JSON body with `Content-Type: application/json`.
    func response() -> Response {
        var response = Response.json(json, status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"riskbrain\"" }
        return response
    }
}

extension Response {
    /// A JSON response from a ``JSONValue`` (pretty-printed as the CLI prints it, with a
    /// final newline; written by ``JSONText``, the same bytes as `value.serialized()`).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONText.bytes(value, newline: true))))
    }


    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A redirect to `location` (303 See Other).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Turns every error into a JSON error response (API) or an HTML error page (console), so
/// no request ever gets a bare stack trace or an empty 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = RiskRequestContext
    /// The registered paths and methods: a path the router did not find under the request's
    /// method but knows under others is 405 with `Allow`.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = Self.apiError(error)
            var allowed: [HTTPRequest.Method] = []
            if apiError.status == .notFound, (error as? HTTPError)?.status == .notFound {
                allowed = routes.allowedMethods(for: request.uri.path)
                if !allowed.isEmpty {
                    apiError = APIError(.methodNotAllowed, "method \(request.method.rawValue) not allowed on this path; it answers \(allowed.map(\.rawValue).joined(separator: ", "))")
                }
            }
            var response: Response
            if Self.isConsole(request.uri.path) {
                if apiError.status == .unauthorized { return .redirect("/login") }
                response = .html(ConsolePages.errorPage(apiError), status: apiError.status)
            } else {
                response = apiError.response()
            }
            if !allowed.isEmpty { response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ") }
            if apiError.status == .serviceUnavailable { response.headers[.retryAfter] = "5" }
            return response
        }
    }

    /// True for console (HTML) paths, false for the API and /healthz.
    static func isConsole(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/healthz")
    }

    /// Maps any error to status and message.
    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is DataChangedError:
            return APIError(.serviceUnavailable, "the data changed (an import finished); the server is loading it: retry in a few seconds")
        case let error as HTTPError:
            switch error.status {
            case .notFound: return APIError(.notFound, "no such path")
            case .contentTooLarge: return APIError(.contentTooLarge, "request body larger than 2 MiB")
            case .methodNotAllowed: return APIError(.methodNotAllowed, "method not allowed on this path")
            default: return APIError(error.status, error.body ?? error.status.reasonPhrase)
            }
        case is NIOTooManyBytesError:
            // A body collected past its bound (``WatchListBody/collect`` names the bound; this
            // is the fallback). Its own HTTPResponseError conformance answers "Content Too Large".
            return APIError(.contentTooLarge, "request body larger than 2 MiB")
        case let error as any HTTPResponseError:
            return APIError(error.status, error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, "internal error: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
        }
    }
}
