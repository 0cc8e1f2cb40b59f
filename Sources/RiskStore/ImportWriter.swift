import Foundation
import GRDB
import RiskDomain

/// The store's write API for one import: every call runs inside the import's single
/// transaction (see ``RiskDatabase/importTransaction(startedAt:strict:_:)``).
///
/// Statements are prepared once per record kind and reused for every row; rows are
/// bound from ``StoredValue`` arrays (no Codable, no per-row SQL text). Not thread-safe:
/// it lives only inside the transaction's closure.
public final class ImportWriter {
    /// What writing one record did.
    public enum Outcome: Sendable, Equatable { case inserted, updated, unchanged }

    let db: Database
    /// The `import_batch` row of this import.
    public let batchID: Int64
    private var plainInserts: [RecordKind: Statement] = [:]
    private var conflictInserts: [RecordKind: Statement] = [:]
    private var updates: [RecordKind: Statement] = [:]
    private var personInsert: Statement?
    private var aliasInsert: Statement?
    private var arguments: [DatabaseValue] = []

    init(db: Database, startedAt: String, strict: Bool) throws {
        self.db = db
        try db.execute(sql: "INSERT INTO import_batch (started_at, strict) VALUES (?, ?)", arguments: [startedAt, strict])
        batchID = db.lastInsertedRowID
    }

    /// True when the table of `kind` holds no row (the import may then insert without
    /// looking for existing records).
    public func isEmpty(_ kind: RecordKind) throws -> Bool {
        let table = RecordTable.table(for: kind).name
        return try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM \(table))") ?? true
    }

    /// Calls `body` with every stored company credit code (streamed with a cursor).
    public func forEachCompanyCode(_ body: (String) throws -> Void) throws {
        let cursor = try String.fetchCursor(db, sql: "SELECT credit_code FROM company")
        while let code = try cursor.next() { try body(code) }
    }

    private func bind(_ values: [StoredValue], file: String, line: Int) {
        arguments.removeAll(keepingCapacity: true)
        for value in values { arguments.append(value.databaseValue) }
        arguments.append(batchID.databaseValue)
        arguments.append(file.databaseValue)
        arguments.append(line.databaseValue)
    }

    /// Inserts a new record; a key conflict is an error. For tables known to hold no
    /// record with this key (the first import of a kind).
    /// - Parameter values: the ``RecordTable/columns`` of `kind`, in order.
    public func insert(_ kind: RecordKind, _ values: [StoredValue], file: String, line: Int) throws {
        let statement: Statement
        if let cached = plainInserts[kind] { statement = cached } else {
            statement = try db.makeStatement(sql: RecordTable.table(for: kind).insertSQL(ignoringConflicts: false))
            plainInserts[kind] = statement
        }
        bind(values, file: file, line: line)
        try statement.execute(arguments: StatementArguments(arguments))
    }

    /// Writes a record that may already exist under its natural key: updates it when a
    /// field differs (setting its provenance), inserts it when new, else leaves it
    /// (and its provenance) as it was.
    public func upsert(_ kind: RecordKind, _ values: [StoredValue], file: String, line: Int) throws -> Outcome {
        let table = RecordTable.table(for: kind)
        let update: Statement
        if let cached = updates[kind] { update = cached } else {
            update = try db.makeStatement(sql: table.updateSQL())
            updates[kind] = update
        }
        bind(values, file: file, line: line)
        let arguments = StatementArguments(self.arguments)
        try update.execute(arguments: arguments)
        if db.changesCount > 0 { return .updated }
        let insert: Statement
        if let cached = conflictInserts[kind] { insert = cached } else {
            insert = try db.makeStatement(sql: table.insertSQL(ignoringConflicts: true))
            conflictInserts[kind] = insert
        }
        try insert.execute(arguments: arguments)
        return db.changesCount > 0 ? .inserted : .unchanged
    }

    /// Records a person seen as a shareholder or officer: creates the `person` row when
    /// new; a different spelling of a known person's name goes to `person_alias`.
    public func notePerson(id: String, name: String, file: String, line: Int) throws {
        let insert: Statement
        if let cached = personInsert { insert = cached } else {
            insert = try db.makeStatement(sql: """
                INSERT INTO person (person_id, name, batch_id, src_file, src_line) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
            personInsert = insert
        }
        try insert.execute(arguments: [id, name, batchID, file, line])
        if db.changesCount > 0 { return }
        let alias: Statement
        if let cached = aliasInsert { alias = cached } else {
            alias = try db.makeStatement(sql: """
                INSERT INTO person_alias (person_id, name)
                SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM person WHERE person_id = ?1 AND name = ?2)
                ON CONFLICT DO NOTHING
                """)
            aliasInsert = alias
        }
        try alias.execute(arguments: [id, name])
    }

    /// Records one imported file and its counts in `import_file`.
    public func recordFile(path: String, kind: RecordKind, sha256: String, bytes: Int, encoding: String, rowsRead: Int,
                           imported: Int, updated: Int, unchanged: Int, duplicates: Int, rejected: Int) throws {
        try db.execute(sql: """
            INSERT INTO import_file (batch_id, path, kind, sha256, bytes, encoding, rows_read, imported, updated,
                                     unchanged, duplicates, rejected)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [batchID, path, kind.rawValue, sha256, bytes, encoding, rowsRead, imported, updated,
                             unchanged, duplicates, rejected])
    }

    /// Sets the batch's finish time (the last write of an import).
    public func finish(at finishedAt: String) throws {
        try db.execute(sql: "UPDATE import_batch SET finished_at = ? WHERE id = ?", arguments: [finishedAt, batchID])
    }
}

extension RiskDatabase {
    /// Runs one import in one transaction: `body` writes through an ``ImportWriter``;
    /// a thrown error rolls everything back, so a failed or killed import leaves the
    /// database as it was.
    public func importTransaction<T>(startedAt: String, strict: Bool, _ body: (ImportWriter) throws -> T) throws -> T {
        try writer.write { db in
            // A larger page cache for the bulk inserts into indexed tables (restored after).
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            return try body(ImportWriter(db: db, startedAt: startedAt, strict: strict))
        }
    }
}
