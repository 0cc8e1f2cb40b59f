import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import RiskAccess
import RiskDomain
@testable import RiskServer
import RiskStore
import RiskTestSupport
import RiskViews
import Testing

/// The fast paths of a company-detail request keep their answers: JSON bytes as
/// `JSONValue.serialized()` writes them, the detail document as GRDB rows gave it, and token
/// revocations by another process honoured within the cache bound.
@Suite("Throughput paths", .serialized)
struct ThroughputPathTests {
    let fixture = ServerFixture.shared

    @Test func jsonTextIsByteIdenticalToSerialized() async throws {
        let samples: [JSONValue] = [
            .null, .bool(true), .bool(false), .int(0), .int(-7), .int(Int.max), .int(Int.min), .double(0.1), .double(-2.5),
            .double(1e20), .double(3), .double(.nan), .string(""), .string("plain"),
            .string("quote \" backslash \\ newline \n return \r tab \t bell \u{07} nul \u{00} unit \u{1F} del \u{7F}"),
            .string("北京工和怡网络科技有限公司（一般项目）😀"), .array([]), .object([]),
            .object([("a", .array([.int(1), .object([("b", .null), ("c\"", .array([]))]), .string("x")])), ("", .object([]))]),
            .array([.array([.array([.string("deep")])])]),
        ]
        for value in samples {
            #expect(JSONText.bytes(value) == Array(value.serialized().utf8))
            #expect(JSONText.bytes(value, newline: true) == Array((value.serialized() + "\n").utf8))
        }
        // Real documents: the detail of every sample company, for a full and a region-limited reader.
        let codes = try await fixture.service.database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT credit_code FROM company ORDER BY credit_code")
        }
        #expect(!codes.isEmpty)
        for code in codes {
            for mask in [nil, NodeMask(regionPrefixes: ["33"])] {
                guard let detail = try? await fixture.service.companyDetail(code, mask: mask) else { continue }
                #expect(JSONText.bytes(detail) == Array(detail.serialized().utf8))
            }
        }
    }

    /// The raw-stepping detail equals the document built from GRDB rows (the way it was
    /// built before), column for column, for every sample company.
    @Test func detailMatchesTheRowBasedReading() async throws {
        let service = fixture.service
        let codes = try await service.database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT credit_code FROM company ORDER BY credit_code")
        }
        for code in codes {
            let expected = try await service.database.writer.read { db in try Self.rowBasedDetail(db, code: code, maxRows: 200) }
            let actual = try await service.companyDetail(code, mask: nil)
            #expect(actual == expected, "\(code)")
        }
        let unknown = await #expect(throws: APIError.self) { try await service.companyDetail("91330000000000000X", mask: nil) }
        #expect(unknown?.status == .notFound)
    }

    /// The detail document as GRDB rows give it (independent of CompanyRecords' stepping).
    static func rowBasedDetail(_ db: Database, code: String, maxRows: Int) throws -> JSONValue? {
        func object(_ row: Row) -> [(String, JSONValue)] {
            row.columnNames.enumerated().map { index, name in
                let value: JSONValue
                switch (row[index] as DatabaseValue).storage {
                case .null, .blob: value = .null
                case .int64(let number): value = .int(Int(number))
                case .double(let number): value = .double(number)
                case .string(let text): value = .string(text)
                }
                return (name, value)
            }
        }
        guard let company = try Row.fetchOne(db, sql: "SELECT \(CompanyRecords.companyColumns) FROM company WHERE credit_code = ?",
                                             arguments: [code]) else { return nil }
        var fields: [(String, JSONValue)] = [("company", .object(object(company)))]
        var truncated = false
        for section in CompanyRecords.sections {
            let rows = try Row.fetchAll(db, sql: section.sql + " LIMIT ?", arguments: [code, maxRows + 1])
            if rows.count > maxRows { truncated = true }
            fields.append((section.key, .array(rows.prefix(maxRows).map { .object(object($0)) })))
        }
        fields.append(("truncated", .bool(truncated)))
        return .object(fields)
    }

    @Test func detailListsAreCutAtTheLimitAndSayTruncated() async throws {
        var limits = ServerSettings.Limits()
        limits.maxDetailRows = 1
        let service = try RiskService(settings: ServerSettings(
            databasePath: fixture.databasePath,
            modelPath: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path,
            asOf: LocalDate(iso: ServerFixture.asOf), limits: limits))
        let code = try await service.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT company FROM officer GROUP BY company HAVING count(*) > 1 ORDER BY company LIMIT 1")
        }
        let busy = try #require(code)
        let detail = try await service.companyDetail(busy, mask: nil)
        guard case .array(let officers)? = detail["officers"] else { Issue.record("no officers list"); return }
        #expect(officers.count == 1)
        #expect(detail["truncated"] == .bool(true))
        let full = try await fixture.service.companyDetail(busy, mask: nil)
        guard case .array(let all)? = full["officers"] else { Issue.record("no officers list"); return }
        #expect(all.count > 1)
        #expect(all.first == officers.first)
        #expect(full["truncated"] == .bool(false))
    }

    /// `riskbrain token revoke` in another process while the server runs: refused (401)
    /// once the cache bound has passed.
    @Test func aTokenRevokedByAnotherProcessGets401AfterTheBound() async throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-revoke")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("r.sqlite").path
        let database = try RiskDatabase.open(path: path)
        var generator = SystemRandomNumberGenerator()
        let token = try TokenStore(database: database).create(name: "t", role: .analyst, regions: [], now: Date(), using: &generator).token
        let bound = 0.3
        let service = try RiskService(settings: ServerSettings(
            databasePath: path, modelPath: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path,
            asOf: LocalDate(iso: ServerFixture.asOf), tokenCacheSeconds: bound))
        try await RiskServerApp.application(service: service, host: "127.0.0.1", port: 0).test(.router) { client in
            #expect(try await client.send("/api/v1/search?q=x", token: token).status == .ok)
            // Another process: its own connection to the file.
            let other = try RiskDatabase.open(path: path)
            try TokenStore(database: other).revoke(name: "t", now: Date())
            try await Task.sleep(nanoseconds: UInt64((bound + 0.15) * 1e9))
            #expect(try await client.send("/api/v1/search?q=x", token: token).status == .unauthorized)
            // A token created by the other process works at once.
            var more = SystemRandomNumberGenerator()
            let fresh = try TokenStore(database: other).create(name: "u", role: .analyst, regions: [], now: Date(), using: &more).token
            #expect(try await client.send("/api/v1/search?q=x", token: fresh).status == .ok)
        }
    }
}
