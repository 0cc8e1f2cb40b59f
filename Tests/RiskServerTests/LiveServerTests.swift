import Foundation
import Hummingbird
import HummingbirdTesting
import RiskAccess
import RiskDomain
import RiskIngest
import RiskServer
import RiskStore
import RiskTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Live server", .serialized)
struct LiveServerTests {
    let fixture = ServerFixture.shared

    @Test func answersOverTCPOnAnEphemeralPort() async throws {
        try await fixture.application().test(.live) { client in
            #expect(try await client.send("/healthz", token: nil).status == .ok)
            let detail = try await client.send("/api/v1/companies/\(fixture.company)", token: fixture.analyst)
            #expect(detail.status == .ok)
            #expect((try detail.object()["company"] as? [String: Any])?["credit_code"] as? String == fixture.company)
            #expect(try await client.send("/api/v1/companies/\(fixture.company)", token: nil).status == .unauthorized)
        }
    }

    /// One company, then an import adds another: the graph is rebuilt and the new company found
    /// without a restart.
    /// A database holding the first sample company, an analyst token, a service on it, and
    /// a second companies file (the next sample company) for the test to import.
    struct TwoImports {
        let directory: TemporaryDirectory
        let database: RiskDatabase
        let second: String
        let codes: (first: String, second: String)
        let token: String
        let service: RiskService

        init(refreshInterval: Double = 2) throws {
            directory = try TemporaryDirectory(prefix: "riskbrain-refresh")
            let lines = try String(contentsOf: RepositoryPaths.packageRoot.appendingPathComponent("sample-data/companies.csv"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true)
            let first = try directory.write("a/companies.csv", lines[0] + "\n" + lines[1] + "\n")
            second = try directory.write("b/companies.csv", lines[0] + "\n" + lines[2] + "\n")
            codes = (String(lines[1].prefix(18)), String(lines[2].prefix(18)))
            let path = directory.url.appendingPathComponent("r.sqlite").path
            database = try RiskDatabase.open(path: path)
            _ = try Importer(database: database).run(paths: [first])
            var generator = SystemRandomNumberGenerator()
            token = try TokenStore(database: database).create(name: "t", role: .analyst, regions: [], now: Date(), using: &generator).token
            service = try RiskService(settings: ServerSettings(
                databasePath: path, modelPath: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path,
                asOf: LocalDate(iso: "2026-06-30"), refreshInterval: refreshInterval))
        }
    }

    @Test func aFinishedImportIsServedAfterRefresh() async throws {
        let setup = try TwoImports()
        defer { setup.directory.remove() }
        let (database, second, secondCode, token, service) = (setup.database, setup.second, setup.codes.second, setup.token, setup.service)
        try await RiskServerApp.application(service: service, host: "127.0.0.1", port: 0).test(.router) { client in
            let before = try await client.send("/api/v1/search?q=\(secondCode)", token: token)
            #expect((try before.object()["results"] as? [Any])?.isEmpty == true)
            #expect(try await service.refreshIfChanged() == false)
            _ = try Importer(database: database).run(paths: [second])
            #expect(try await service.refreshIfChanged() == true)
            let after = try await client.send("/api/v1/search?q=\(secondCode)", token: token)
            #expect((try after.object()["results"] as? [[String: Any]])?.first?["id"] as? String == secondCode)
        }
    }

    /// Between an import and the snapshot's refresh the server scored the new records with
    /// the old graph and stamped them with the old data fingerprint: two different answers
    /// under one fingerprint (found by review). Scores and reports are 503 with Retry-After
    /// until the snapshot has caught up, then answered under the new fingerprint.
    @Test func scoresWaitForTheSnapshotAfterAnImport() async throws {
        // No background refresh during the test: the test refreshes when it means to.
        let setup = try TwoImports(refreshInterval: 3600)
        defer { setup.directory.remove() }
        let (database, second, code, token, service) = (setup.database, setup.second, setup.codes.first, setup.token, setup.service)
        try await RiskServerApp.application(service: service, host: "127.0.0.1", port: 0).test(.router) { client in
            let body = "{\"companies\": [\"\(code)\"]}"
            func fingerprint(_ response: TestResponse) throws -> String? {
                (try response.object()["data_fingerprint"] as? String)
            }
            let before = try await client.send("/api/v1/score", .post, token: token, body: body, contentType: "application/json")
            #expect(before.status == .ok)
            _ = try Importer(database: database).run(paths: [second])
            let stale = try await client.send("/api/v1/score", .post, token: token, body: body, contentType: "application/json")
            #expect(stale.status == .serviceUnavailable)
            #expect(stale.headers[.retryAfter] == "5")
            #expect(try stale.object()["error"] as? String == "the data changed (an import finished); the server is loading it: retry in a few seconds")
            let report = try await client.send("/api/v1/report", .post, token: token, body: body, contentType: "application/json")
            #expect(report.status == .serviceUnavailable)
            #expect(try await service.refreshIfChanged() == true)
            let after = try await client.send("/api/v1/score", .post, token: token, body: body, contentType: "application/json")
            #expect(after.status == .ok)
            #expect(try fingerprint(after) != nil && fingerprint(after) != fingerprint(before))
        }
    }

    /// A company an import added a moment ago: its detail (read from the database) is 200,
    /// and its single score is the list score's 503 with Retry-After, not "no company" (404,
    /// from a check on the graph that had not caught up; found by review). Its console page
    /// says the score is not yet available instead of showing none; after the refresh both
    /// are scored.
    @Test func aNewCompanysScoreIs503UntilTheSnapshotCatchesUp() async throws {
        let setup = try TwoImports(refreshInterval: 3600)
        defer { setup.directory.remove() }
        let (database, second, code, token, service) = (setup.database, setup.second, setup.codes.second, setup.token, setup.service)
        try await RiskServerApp.application(service: service, host: "127.0.0.1", port: 0).test(.router) { client in
            _ = try Importer(database: database).run(paths: [second])
            #expect(try await client.send("/api/v1/companies/\(code)", token: token).status == .ok)
            let score = try await client.send("/api/v1/companies/\(code)/score", token: token)
            #expect(score.status == .serviceUnavailable, "\(score.text)")
            #expect(score.headers[.retryAfter] == "5")
            #expect(try score.object()["error"] as? String == "the data changed (an import finished); the server is loading it: retry in a few seconds")
            let page = try await client.send("/companies/\(code)", token: token)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"score-reloading\""), "\(page.text)")
            #expect(!page.text.contains("id=\"score\""))
            #expect(try await service.refreshIfChanged() == true)
            #expect(try await client.send("/api/v1/companies/\(code)/score", token: token).status == .ok)
            let scored = try await client.send("/companies/\(code)", token: token)
            #expect(scored.text.contains("id=\"score\""))
            #expect(!scored.text.contains("id=\"score-reloading\""))
        }
    }
}

/// Raw HTTP over a socket, for what an HTTP client library will not send: broken framing,
/// a request that stops half-way.
struct RawConnection {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw ServerFixture.FixtureError(message: "cannot connect to port \(port)") }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the server sends until it closes the connection (or 120 s pass without a
    /// byte: then `closed` is false; with the whole suite on two cores a live server's handler
    /// waited more than 30 s for a thread).
    func readToClose() -> (text: String, closed: Bool) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (String(decoding: data, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: data, as: UTF8.self), false) }
            data += buffer[0..<count]
        }
    }

    func close() { Glibc.close(descriptor) }
}

@Suite("Live server: broken and stalled requests", .serialized)
struct StalledRequestTests {
    let fixture = ServerFixture.shared

    /// A chunked body with a bad chunk size is the client's error: 400, not 500 "internal
    /// error" (found by fuzzing). When the parser meets the bad chunk before the handler reads
    /// the body (the whole suite on two cores), no handler sees the error and the connection
    /// is closed by the idle timeout (5 s here) instead: either way, never a 500 and never a
    /// socket held open.
    @Test func brokenBodyFramingIsABadRequest() async throws {
        let app = RiskServerApp.application(service: fixture.service, host: "127.0.0.1", port: 0, idleTimeout: 5)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            connection.send("POST /api/v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(fixture.analyst)\r\n"
                            + "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n\r\n")
            let (answer, closed) = connection.readToClose()
            #expect(answer.hasPrefix("HTTP/1.1 400") || (answer.isEmpty && closed), "closed \(closed): \(answer.prefix(300))")
            #expect(!answer.contains("internal error") && !answer.hasPrefix("HTTP/1.1 5"))
        }
    }

    /// A request the HTTP parser refuses before its head — a raw (not %-encoded) UTF-8 or
    /// Latin-1 path, a garbage request line — gets the JSON error body and the security
    /// headers, as every other error does (found by review: an empty-bodied 400).
    @Test func anUnparsableRequestGetsAJSONError() async throws {
        let app = RiskServerApp.application(service: fixture.service, host: "127.0.0.1", port: 0, idleTimeout: 5)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for request in ["GET /api/v1/companies/鼎盛 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(fixture.analyst)\r\n\r\n",
                            "GET /companies/\u{00E9} HTTP/1.1\r\nHost: x\r\n\r\n",
                            "NONSENSE\r\n\r\n"] {
                let connection = try RawConnection(port: port)
                defer { connection.close() }
                connection.send(request)
                let (answer, closed) = connection.readToClose()
                #expect(closed)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(300))")
                let lower = answer.lowercased()
                #expect(lower.contains("content-type: application/json; charset=utf-8"), "\(answer)")
                #expect(lower.contains("x-content-type-options: nosniff") && lower.contains("content-security-policy: default-src 'none'"))
                #expect(answer.contains("\"status\": 400") && answer.contains("\"error\": \"malformed HTTP request"), "\(answer)")
            }
            // A well-formed request on the same server is still answered.
            #expect(try await client.send("/healthz", token: nil).status == .ok)
        }
    }

    /// A client that stops sending — in its headers or in its body — is disconnected after
    /// the idle timeout (2 s here, 30 s in `riskbrain-serve`): such sockets were held for good,
    /// and enough of them stopped the server (found by fuzzing).
    @Test func aStalledRequestIsClosedAfterTheIdleTimeout() async throws {
        let app = RiskServerApp.application(service: fixture.service, host: "127.0.0.1", port: 0, idleTimeout: 2)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for partial in ["GET /healthz HTTP/1.1\r\nHost: x\r\n",
                            "POST /api/v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(fixture.analyst)\r\nContent-Length: 100\r\n\r\ncredit_code\n"] {
                let connection = try RawConnection(port: port)
                defer { connection.close() }
                connection.send(partial)
                let started = Date()
                let answer = connection.readToClose()
                #expect(answer.closed, "\(partial.prefix(20))")
                #expect(Date().timeIntervalSince(started) < 60)
            }
        }
    }
}
