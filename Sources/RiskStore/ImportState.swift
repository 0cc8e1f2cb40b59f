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
    ///
    /// A batch whose files imported and updated nothing (the same files again: every row
    /// unchanged, duplicate or rejected) changed no record and is passed over, so re-running
    /// `score --data` or `report --data` on unchanged data keeps the graph snapshot and the
    /// cached fingerprint (at a million companies a rebuild and a rehash cost about 45 s; the
    /// README promised such a run "changes nothing"). A batch with no file rows (made by hand
    /// or by tests) counts as a change.
    /// - Complexity: from the newest batch back to the first that changed something; each
    ///   step reads that batch's few `import_file` rows.
    public static func current(_ db: Database) throws -> String {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, finished_at, nonce FROM import_batch b
            WHERE NOT EXISTS (SELECT 1 FROM import_file f WHERE f.batch_id = b.id)
               OR EXISTS (SELECT 1 FROM import_file f WHERE f.batch_id = b.id AND (f.imported > 0 OR f.updated > 0))
            ORDER BY id DESC LIMIT 1
            """) else {
            return "none"
        }
        return "\(row[0] as Int64) \((row[1] as String?) ?? "-") \((row[2] as String?) ?? "-")"
    }
}
