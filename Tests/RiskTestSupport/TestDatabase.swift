import Foundation
import RiskStore

/// A migrated database in a temporary file (WAL needs a file), removed by ``remove()``.
public struct TestDatabase {
    public let directory: TemporaryDirectory
    public let database: RiskDatabase
    public var path: String { database.path }

    public init() throws {
        directory = try TemporaryDirectory(prefix: "riskbrain-db")
        database = try RiskDatabase.open(path: directory.url.appendingPathComponent("test.sqlite").path)
    }

    public func remove() { directory.remove() }
}
