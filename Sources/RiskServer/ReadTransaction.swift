import GRDB
import RiskStore

/// One read transaction on a reader connection of the pool, for the per-request reads of
/// the server (company detail).
///
/// What `DatabaseWriter.read` does, minus its cost per call: GRDB's `read` compiles its
/// `BEGIN DEFERRED TRANSACTION` and `COMMIT` on every call (and the synchronous `read` also
/// toggles `PRAGMA query_only` and a savepoint). Here both statements are prepared once per
/// connection (`cachedStatement`). Reader connections of a `DatabasePool` are opened
/// read-only, so `body` still cannot write.
enum ReadTransaction {
    /// `body` in one deferred transaction (one consistent view of the database), on a pool
    /// reader, awaited without blocking the caller's thread.
    static func run<T: Sendable>(_ database: RiskDatabase, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.writer.unsafeRead { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            do {
                let value = try body(db)
                try db.cachedStatement(sql: "COMMIT").execute()
                return value
            } catch {
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                throw error
            }
        }
    }
}
