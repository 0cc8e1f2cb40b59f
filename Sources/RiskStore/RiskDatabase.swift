import Foundation
import GRDB

/// The embedded RiskBrain database: one SQLite file in WAL mode, opened through GRDB.
///
/// `open(path:)` applies the migrations this version knows and refuses a database
/// written by a newer version (one with migrations this version does not know).
public final class RiskDatabase: Sendable {
    /// The GRDB writer (a `DatabasePool` for files, a `DatabaseQueue` in memory).
    public let writer: any DatabaseWriter
    /// The file path, or `:memory:`.
    public let path: String
    /// How long a statement waits for another process's lock before it fails (SQLite's busy
    /// timeout): an import waits this long for another import to finish.
    public let busyTimeout: TimeInterval

    /// The busy timeout of ``open(path:busyTimeout:)``: 10 s.
    public static let defaultBusyTimeout: TimeInterval = 10

    /// The default file name, in the working directory.
    public static let defaultFileName = "riskbrain.sqlite"

    /// Resolves the database path: an explicit `--db`, else `RISKBRAIN_DB`, else the default.
    public static func resolvePath(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment["RISKBRAIN_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultFileName
    }

    init(writer: any DatabaseWriter, path: String, busyTimeout: TimeInterval = RiskDatabase.defaultBusyTimeout) {
        self.writer = writer
        self.path = path
        self.busyTimeout = busyTimeout
    }

    static func configuration(readonly: Bool = false, busyTimeout: TimeInterval = RiskDatabase.defaultBusyTimeout) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = readonly
        configuration.prepareDatabase { db in
            // Import writes in one long transaction; let readers wait rather than fail.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
    }

    /// Opens (creating when missing) the database file at `path` in WAL mode and migrates it.
    /// - Throws: ``StoreError/newerSchema(unknown:)`` for a database of a newer version,
    ///   ``StoreError/cannotOpen(path:reason:)`` when the file is not a usable database,
    ///   ``StoreError/busy(path:waited:)`` when another process held it locked for
    ///   `busyTimeout` seconds (an import in progress).
    public static func open(path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws -> RiskDatabase {
        try refuseFolder(path)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout))
        } catch let error as DatabaseError {
            if isBusy(error) { throw StoreError.busy(path: path, waited: busyTimeout) }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        let database = RiskDatabase(writer: pool, path: path, busyTimeout: busyTimeout)
        try database.migrate()
        return database
    }

    /// Opens an existing RiskBrain database file (commands that read): a missing file, an
    /// empty one (0 bytes, as `touch` or a failed copy leaves) and an SQLite file that no
    /// RiskBrain ever wrote to are refused rather than made into an empty database.
    public static func openExisting(path: String) throws -> RiskDatabase {
        try refuseFolder(path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.missing(path: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size == 0 { throw StoreError.empty(path: path) }
        if let size, size > 0 {
            // A quick read-only look: a file with no migration record and no tables is empty.
            let blank: Bool
            do {
                blank = try DatabaseQueue(path: path, configuration: configuration(readonly: true)).read { db in
                    try !db.tableExists("grdb_migrations") && (Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0) == 0
                }
            } catch let error as DatabaseError {
                throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
            }
            if blank { throw StoreError.empty(path: path) }
        }
        return try open(path: path)
    }

    /// Removes a database file and its `-wal` and `-shm` companions, where present (a
    /// database a failed first import created). Open connections to it must be gone.
    public static func removeFiles(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Removes the database at `path` (``removeFiles(at:)``) when it holds no import and no
    /// other process is writing to it: a failed first import's leftover, and not the file
    /// another import created a moment later and is filling.
    public static func removeIfUnused(at path: String) {
        let unused: Bool = {
            var configuration = Configuration()
            configuration.busyMode = .immediateError
            guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return false }
            return (try? queue.writeWithoutTransaction { db -> Bool in
                try db.execute(sql: "BEGIN IMMEDIATE")
                defer { try? db.execute(sql: "ROLLBACK") }
                guard try db.tableExists("import_batch") else { return true }
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM import_batch") == 0
            }) ?? false
        }()
        if unused { removeFiles(at: path) }
    }

    /// A fresh in-memory database, migrated (tests and one-off runs).
    public static func inMemory() throws -> RiskDatabase {
        let queue = try DatabaseQueue(configuration: configuration())
        let database = RiskDatabase(writer: queue, path: ":memory:")
        try database.migrate()
        return database
    }

    /// A folder given as the database: SQLite's own message was "disk I/O error" or "unable
    /// to open database file" (found by review).
    static func refuseFolder(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, reason: "it is a folder (give the database file, e.g. \(path)/riskbrain.sqlite)")
        }
    }

    func migrate() throws {
        let migrator = Schema.migrator
        do {
            let applied = try writer.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else {
                    // A file with tables but no migration record is not ours.
                    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                    if tables > 0 { throw StoreError.notRiskBrain(path: path) }
                    return []
                }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            let known = Set(Schema.knownMigrations)
            let unknown = applied.filter { !known.contains($0) }.sorted()
            // Another GRDB application's database records migrations too, none of ours
            // (it was called "written by a newer version of riskbrain"; found by review).
            if !applied.isEmpty, !applied.contains(Schema.knownMigrations[0]) { throw StoreError.notRiskBrain(path: path) }
            if !unknown.isEmpty { throw StoreError.newerSchema(unknown: unknown) }
            try migrator.migrate(writer)
        } catch let error as DatabaseError {
            if Self.isBusy(error) { throw StoreError.busy(path: path, waited: busyTimeout) }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// True when `error` is SQLite's `SQLITE_BUSY` or `SQLITE_LOCKED`: another connection
    /// held the lock for longer than the busy timeout.
    public static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// "another process is writing to this database (waited 10 s)", the message of a busy
    /// database (``StoreError/busy(path:waited:)``, and the import's own).
    public static func busyMessage(waited: TimeInterval) -> String {
        let seconds = waited == waited.rounded() ? String(Int(waited)) : String(format: "%.1f", waited)
        return "another process is writing to this database (waited \(seconds) s)"
    }

    /// The schema version: the number of migrations applied.
    public func schemaVersion() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0 }
    }
}

/// Errors of the store, with a message fit for a one-line CLI error.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case newerSchema(unknown: [String])
    case cannotOpen(path: String, reason: String)
    case notRiskBrain(path: String)
    case missing(path: String)
    case empty(path: String)
    /// Another process held the database locked for `waited` seconds (an import running).
    case busy(path: String, waited: TimeInterval)

    public var description: String {
        switch self {
        case .newerSchema(let unknown):
            return "this database was written by a newer version of riskbrain (unknown migrations: \(unknown.joined(separator: ", "))); upgrade riskbrain to open it"
        case .cannotOpen(let path, let reason):
            return "cannot open database \(path): \(reason)"
        case .notRiskBrain(let path):
            return "\(path) is an SQLite database but not a RiskBrain one"
        case .missing(let path):
            return "no database at \(path): run `riskbrain import` first (or pass --db / set RISKBRAIN_DB)"
        case .empty(let path):
            return "\(path) is empty, not a RiskBrain database yet: run `riskbrain import` into it first"
        case .busy(let path, let waited):
            return "\(path): \(RiskDatabase.busyMessage(waited: waited))"
        }
    }
}
