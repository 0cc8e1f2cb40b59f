import Foundation
import GRDB
import RiskDomain
import RiskStore
import RiskTestSupport
@testable import RiskIngest

/// Credit codes that pass the check (built with the real rule), for small fixtures.
enum Codes {
    static func make(_ serial: Int, region: String = "330106") -> String {
        let digits = String(serial)
        let body = "91" + region + String(repeating: "0", count: 9 - digits.count) + digits
        return body + String(CreditCode.checkCharacter(for: body)!)
    }
    static let a = make(1), b = make(2), c = make(3), d = make(4)
    /// Tencent's real, public code.
    static let tencent = "91440300708461136T"
}

/// A temporary folder and database for one importer test.
final class ImportBench {
    let directory: TemporaryDirectory
    let database: RiskDatabase
    var databasePath: String { database.path }

    init() throws {
        directory = try TemporaryDirectory(prefix: "riskbrain-ingest")
        database = try RiskDatabase.open(path: directory.url.appendingPathComponent("test.sqlite").path)
    }

    deinit { directory.remove() }

    /// Writes `text` to `name` (UTF-8) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try directory.write(name, text) }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String { try directory.write(name, bytes: Data(bytes)) }

    func path(_ name: String) -> String { directory.url.appendingPathComponent(name).path }

    /// Runs an import of `names` (inside the folder) with a fixed clock.
    func run(_ names: [String], options: ImportOptions = .init()) throws -> ImportReport {
        try Importer(database: database, options: options, now: { Date(timeIntervalSince1970: 1_800_000_000) })
            .run(paths: names.map(path))
    }

    /// One column of a query, as text (NULL → "∅").
    func strings(_ sql: String) throws -> [String] {
        try database.writer.read { db in
            try String?.fetchAll(db, sql: sql).map { $0 ?? "∅" }
        }
    }

    func count(_ table: String) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }
}
