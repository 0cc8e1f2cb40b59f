import GRDB

/// What identifies the data of a database: its last import batch. Every change to the
/// records is an import, one transaction that adds an `import_batch` row, so two reads
/// that see the same state see the same records; the graph snapshot, the data-fingerprint
/// cache and the server's serving snapshot are all keyed by it.
public enum ImportState {
    /// `id finished_at nonce` of the last import batch, or `none` before any import. The
    /// nonce (schema v6) is drawn at random by each import, so a batch of another database
    /// with the same id that finished in the same second is still another state (a graph
    /// snapshot left beside a database that was then replaced is not trusted for it).
    /// - Complexity: one lookup by the batch table's primary key.
    public static func current(_ db: Database) throws -> String {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, finished_at, nonce FROM import_batch ORDER BY id DESC LIMIT 1") else {
            return "none"
        }
        return "\(row[0] as Int64) \((row[1] as String?) ?? "-") \((row[2] as String?) ?? "-")"
    }
}
