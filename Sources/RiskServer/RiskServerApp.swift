import Hummingbird
import Logging
import NIOCore

/// Builds the router and the Hummingbird application of the RiskBrain server.
public enum RiskServerApp {
    /// Every route: `/healthz`, the API under `/api/v1`, the console pages; each GET route
    /// also answers HEAD.
    public static func router(service: RiskService) -> Router<RiskRequestContext> {
        // HEAD answers as GET does, without the body (monitors and link checkers send it).
        let router = Router(context: RiskRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Every route is registered through `routes`, which records its path and method, so
        // that a known path asked with another method is 405 with `Allow`, not 404.
        let table = RouteTable()
        let routes = RecordingRouter(router: router, table: table)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware(routes: table))
        router.add(middleware: AuthMiddleware(tokens: service.tokenCache, audit: service.audit))
        routes.get("healthz") { _, _ in
            Response.json(.object([("status", .string("ok")), ("data", .string(service.state.snapshot.importState))]))
        }
        let api = APIRoutes(service: service)
        api.register(on: routes)
        ConsoleRoutes(service: service, api: api).register(on: routes)
        return router
    }

    /// Seconds without a byte read or written after which a connection is closed.
    public static let idleTimeoutSeconds = 30

    /// The application listening on `host:port` (port 0: any free port; `onServerRunning`
    /// gets the bound port).
    public static func application(service: RiskService, host: String, port: Int, idleTimeout: Int = idleTimeoutSeconds,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "riskbrain-serve")
        logger.logLevel = .warning
        return Application(
            router: router(service: service),
            // A connection that sends nothing for `idleTimeout` is closed, also in the middle of
            // a request: a client that stopped sending a body (or never finished its headers)
            // held its socket for good, and enough of them stopped the server (found by
            // fuzzing). A request being answered is never cut.
            // A request NIO's parser refuses before its head gets the JSON error body
            // (``ParseErrorResponder``), not Hummingbird's empty 400.
            server: .http1(configuration: .init(additionalChannelHandlers: [ParseErrorResponder()], idleTimeout: .seconds(Int64(idleTimeout)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "riskbrain"),
            services: [BackgroundService(service: service)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
