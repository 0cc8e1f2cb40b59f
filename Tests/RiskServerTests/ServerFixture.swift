import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import RiskAccess
import RiskDomain
import RiskIngest
import RiskServer
import RiskStore
import RiskTestSupport

/// A server over sample-data, built once per test process: the database (imported with the
/// product's importer), three tokens and the service with a fixed as-of date and clock.
final class ServerFixture: Sendable {
    static let asOf = "2026-06-30"
    static let shared: ServerFixture = {
        do { return try ServerFixture() } catch { preconditionFailure("server fixture: \(error)") }
    }()

    let directory: TemporaryDirectory
    let databasePath: String
    let service: RiskService
    /// Tokens: an analyst, an admin, an analyst limited to region prefix 33 (Zhejiang), a revoked one.
    let analyst: String, admin: String, zhejiang: String, revoked: String
    /// A company in Zhejiang and its company shareholder (a one-link chain), and a company outside Zhejiang.
    let company: String, companyName: String, holder: String, outside: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "riskbrain-server")
        databasePath = directory.url.appendingPathComponent("server.sqlite").path
        let database = try RiskDatabase.open(path: databasePath)
        _ = try Importer(database: database, now: { Date(timeIntervalSince1970: 0) })
            .run(paths: [RepositoryPaths.packageRoot.appendingPathComponent("sample-data").path])
        let tokens = TokenStore(database: database)
        var generator = SystemRandomNumberGenerator()
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        analyst = try tokens.create(name: "analyst", role: .analyst, regions: [], now: now, using: &generator).token
        admin = try tokens.create(name: "admin", role: .admin, regions: [], now: now, using: &generator).token
        zhejiang = try tokens.create(name: "zhejiang", role: .analyst, regions: ["33"], now: now, using: &generator).token
        revoked = try tokens.create(name: "gone", role: .admin, regions: [], now: now, using: &generator).token
        try tokens.revoke(name: "gone", now: now)
        let picked = try database.writer.read { db -> (String, String, String, String) in
            let row = try Row.fetchOne(db, sql: """
                SELECT s.company, c.name, s.holder_id FROM shareholding s JOIN company c ON c.credit_code = s.company
                JOIN company h ON h.credit_code = s.holder_id
                WHERE s.holder_type = 'company' AND s.until IS NULL AND c.region_code LIKE '33%' AND h.region_code LIKE '33%'
                ORDER BY s.company, s.holder_id LIMIT 1
                """)
            let outside = try String.fetchOne(db, sql: "SELECT credit_code FROM company WHERE region_code NOT LIKE '33%' ORDER BY credit_code LIMIT 1")
            guard let row, let outside else { throw FixtureError(message: "sample-data has no Zhejiang company with a company holder") }
            return (row[0], row[1], row[2], outside)
        }
        (company, companyName, holder, outside) = picked
        let settings = ServerSettings(databasePath: databasePath,
                                      modelPath: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path,
                                      asOf: LocalDate(iso: Self.asOf), clock: { Date(timeIntervalSince1970: 1_780_000_000) })
        service = try RiskService(settings: settings)
    }

    struct FixtureError: Error { var message: String }

    /// A copy of the fixture's database in `directory` (for tests that change the data); its path.
    func copyDatabase(into directory: TemporaryDirectory) throws -> String {
        let copy = directory.url.appendingPathComponent("copy.sqlite").path
        try service.database.writer.backup(to: try DatabaseQueue(path: copy))
        return copy
    }

    /// A copy of the fixture's database in `directory` in which company `code` was renamed
    /// to each of `names` in turn, each rename by a batch of its own (as imports do, so the
    /// names it leaves are kept as former names); the copy's path.
    func copyWithRenames(into directory: TemporaryDirectory, company code: String, names: [String]) async throws -> String {
        let copy = try copyDatabase(into: directory)
        let queue = try DatabaseQueue(path: copy)
        try await queue.write { db in
            for name in names {
                try db.execute(sql: "INSERT INTO import_batch (started_at, finished_at, note) VALUES ('2026-11-28T00:00:00Z', '2026-11-28T00:00:01Z', ?)", arguments: [name])
                try db.execute(sql: "UPDATE company SET name = ?, batch_id = (SELECT max(id) FROM import_batch) WHERE credit_code = ?",
                               arguments: [name, code])
            }
        }
        try queue.close()
        return copy
    }

    /// A service over the database at `path` with the fixture's model and clock, as of `asOf`
    /// (the fixture's date when nil).
    func service(at path: String, asOf: LocalDate? = nil) throws -> RiskService {
        try RiskService(settings: ServerSettings(
            databasePath: path, modelPath: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path,
            asOf: asOf ?? LocalDate(iso: Self.asOf), clock: { Date(timeIntervalSince1970: 1_780_000_000) }))
    }

    /// The registered name of the company `code`.
    func name(of code: String) async throws -> String {
        let name = try await service.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM company WHERE credit_code = ?", arguments: [code])
        }
        guard let name else { throw FixtureError(message: "no company \(code)") }
        return name
    }

    /// The application for in-process or live tests. Its idle timeout is long: with the whole
    /// suite running on two cores a live test's request can wait for a thread longer than
    /// the server's 30 s, and the connection was closed under it.
    func application() -> some ApplicationProtocol {
        RiskServerApp.application(service: service, host: "127.0.0.1", port: 0, idleTimeout: 600)
    }
}

extension TestClientProtocol {
    /// Sends a request with a bearer token and returns the response.
    @discardableResult
    func send(_ uri: String, _ method: HTTPRequest.Method = .get, token: String?, body: String? = nil,
              contentType: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The body parsed as a JSON object.
    func object() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw ServerFixture.FixtureError(message: "not a JSON object: \(text.prefix(200))")
        }
        return object
    }
}
