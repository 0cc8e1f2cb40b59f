import Foundation
import Hummingbird
import RiskServer
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    /// `companies/:code` → `/companies/{code}`.
    static func openAPIPath(_ routerPath: String) -> String {
        let parts = routerPath.split(separator: "/").map { part in part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part) }
        return "/" + parts.joined(separator: "/")
    }

    @Test func everyRegisteredRouteIsDocumented() throws {
        let router = RiskServerApp.router(service: ServerFixture.shared.service)
        let document = OpenAPIDocument.text
        #expect(document.hasPrefix("openapi: 3.1.0"))
        let routes = router.routes
        #expect(routes.count >= 18)
        for route in routes {
            let path = Self.openAPIPath(route.path.description)
            // The path key, then the method key under it before the next path key.
            guard let pathRange = document.range(of: "\n  \(path):\n") else {
                Issue.record("\(route.method) \(path) is not in openapi.yaml")
                continue
            }
            let rest = document[pathRange.upperBound...]
            let block = rest.range(of: "\n  /").map { rest[..<$0.lowerBound] } ?? rest
            #expect(block.contains("    \(route.method.rawValue.lowercased()):"), "\(route.method) \(path) has no operation in openapi.yaml")
        }
    }

    @Test func servedWithoutToken() async throws {
        let app = ServerFixture.shared.application()
        try await app.test(.router) { client in
            let response = try await client.send("/api/v1/openapi.yaml", token: nil)
            #expect(response.status == .ok)
            #expect(response.text == OpenAPIDocument.text)
        }
    }
}
