import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The methods each registered path answers, so that a request with a known path and the
/// wrong method gets 405 Method Not Allowed with an `Allow` header (RFC 9110 §15.5.6).
/// Hummingbird's router answers such a request as it answers an unknown path, 404, and
/// keeps its route trie internal; this table is filled by ``RecordingRouter`` while the
/// routes are registered and read by ``ErrorMiddleware`` when the router finds no route.
final class RouteTable: Sendable {
    private struct Route { let components: [RouterPath.Element]; let method: HTTPRequest.Method }
    private let routes = NIOLockedValueBox<[Route]>([])

    func add(_ path: RouterPath, method: HTTPRequest.Method) {
        routes.withLockedValue { $0.append(Route(components: path.components, method: method)) }
    }

    /// The methods registered for `path` (HEAD wherever GET is: the router answers it),
    /// in the order GET, HEAD, POST, then any other; empty for an unknown path.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: [HTTPRequest.Method] = []
        routes.withLockedValue { routes in
            for route in routes where Self.matches(route.components, segments) && !methods.contains(route.method) {
                methods.append(route.method)
            }
        }
        if methods.contains(.get), !methods.contains(.head) { methods.append(.head) }
        let order: [HTTPRequest.Method] = [.get, .head, .post]
        return methods.sorted { (order.firstIndex(of: $0) ?? order.count, $0.rawValue) < (order.firstIndex(of: $1) ?? order.count, $1.rawValue) }
    }

    /// True when `segments` match the route's components one for one (Hummingbird's own
    /// element match: a literal by equality, a `:capture` by any segment).
    private static func matches(_ components: [RouterPath.Element], _ segments: [Substring]) -> Bool {
        components.count == segments.count && zip(components, segments).allSatisfy { $0 ~= $1 }
    }
}

/// Registers routes on a Hummingbird router and records each path and method in a
/// ``RouteTable``; groups made from it (`group("api/v1")`) record their full paths.
struct RecordingRouter: RouterMethods {
    typealias Context = RiskRequestContext
    let router: Router<RiskRequestContext>
    let table: RouteTable

    @discardableResult func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method,
                                                         responder: Responder) -> Self where Responder.Context == Context {
        table.add(path, method: method)
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
