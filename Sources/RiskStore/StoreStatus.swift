import GRDB
import RiskDomain

/// What `riskbrain status` reports: schema version, counts per record kind, import batches.
public struct StoreStatus: Sendable, Equatable {
    public struct ImportFile: Sendable, Equatable {
        public var path: String, kind: String, sha256: String, bytes: Int, encoding: String
        public var rowsRead: Int, imported: Int, updated: Int, unchanged: Int, duplicates: Int, rejected: Int
    }
    public struct ImportBatch: Sendable, Equatable {
        public var id: Int64
        public var startedAt: String
        public var finishedAt: String?
        public var files: [ImportFile]
    }

    public var schemaVersion: Int
    /// Keyed by the JSON names: companies, persons, shareholdings, officers, compliance,
    /// litigation, news, products, licences, labels.
    public var counts: [(String, Int)]
    /// What the records keep of the past, keyed by the JSON names: former_names (曾用名),
    /// former_shareholdings (历史股东, `until` set) and former_officers (离任, `until` set).
    public var history: [(String, Int)] = []
    public var imports: [ImportBatch]

    public static func == (lhs: StoreStatus, rhs: StoreStatus) -> Bool {
        lhs.schemaVersion == rhs.schemaVersion && lhs.imports == rhs.imports
            && lhs.counts.map(\.0) == rhs.counts.map(\.0) && lhs.counts.map(\.1) == rhs.counts.map(\.1)
            && lhs.history.map(\.0) == rhs.history.map(\.0) && lhs.history.map(\.1) == rhs.history.map(\.1)
    }

    /// The table behind each reported count, in report order.
    public static let countTables: [(String, String)] = [
        ("companies", "company"), ("persons", "person"), ("shareholdings", "shareholding"),
        ("officers", "officer"), ("compliance", "compliance"), ("litigation", "litigation"),
        ("news", "news"), ("products", "product"), ("licences", "licence"), ("labels", "label"),
    ]

    /// The query behind each history count, in report order.
    public static let historyQueries: [(String, String)] = [
        ("former_names", "SELECT count(*) FROM company_former_name"),
        ("former_shareholdings", "SELECT count(*) FROM shareholding WHERE until IS NOT NULL"),
        ("former_officers", "SELECT count(*) FROM officer WHERE until IS NOT NULL"),
    ]
}

extension RiskDatabase {
    /// Reads the current status.
    public func status() throws -> StoreStatus {
        try writer.read { db in
            var counts: [(String, Int)] = []
            for (name, table) in StoreStatus.countTables {
                counts.append((name, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0))
            }
            var batches: [StoreStatus.ImportBatch] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, started_at, finished_at FROM import_batch ORDER BY id") {
                let id: Int64 = row["id"]
                let files = try Row.fetchAll(db, sql: """
                    SELECT path, kind, sha256, bytes, encoding, rows_read, imported, updated, unchanged, duplicates, rejected
                    FROM import_file WHERE batch_id = ? ORDER BY id
                    """, arguments: [id]).map { file in
                    StoreStatus.ImportFile(path: file["path"], kind: file["kind"], sha256: file["sha256"], bytes: file["bytes"],
                                           encoding: file["encoding"], rowsRead: file["rows_read"], imported: file["imported"],
                                           updated: file["updated"], unchanged: file["unchanged"],
                                           duplicates: file["duplicates"], rejected: file["rejected"])
                }
                batches.append(.init(id: id, startedAt: row["started_at"], finishedAt: row["finished_at"], files: files))
            }
            let version = try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0
            var status = StoreStatus(schemaVersion: version, counts: counts, imports: batches)
            status.history = try StoreStatus.historyQueries.map { ($0.0, try Int.fetchOne(db, sql: $0.1) ?? 0) }
            return status
        }
    }
}
