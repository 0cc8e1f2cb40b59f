import GRDB

/// Stored `score --all` runs (province-wide screenings) and their per-company results, so
/// that runs can be listed and compared. Written in one transaction with a prepared statement.
public struct ScoreRunStore: Sendable {
    public let database: RiskDatabase

    public init(database: RiskDatabase) { self.database = database }

    /// A run's header.
    public struct Run: Sendable, Equatable {
        public var id: Int64
        public var createdAt: String
        public var modelID: String
        public var modelVersion: String
        public var modelSHA256: String
        public var asOf: String
        public var dataFingerprint: String
        public var companies: Int
        public var high: Int
        public var medium: Int
        public var low: Int
    }

    /// One company's stored result; dimensions in the order illegal_finance, business, compliance, network.
    public struct Result: Sendable, Equatable {
        public var creditCode: String
        public var score: Double
        public var level: String
        public var dimensions: [Double]
        public var topReason: String
    }

    /// A company whose level differs between two runs.
    public struct Change: Sendable, Equatable {
        public var creditCode: String
        public var before: (score: Double, level: String)?
        public var after: (score: Double, level: String)?

        public static func == (lhs: Change, rhs: Change) -> Bool {
            lhs.creditCode == rhs.creditCode && lhs.before?.score == rhs.before?.score && lhs.before?.level == rhs.before?.level
                && lhs.after?.score == rhs.after?.score && lhs.after?.level == rhs.after?.level
        }
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE score_run (
                id INTEGER PRIMARY KEY,
                created_at TEXT NOT NULL,
                model_id TEXT NOT NULL,
                model_version TEXT NOT NULL,
                model_sha256 TEXT NOT NULL CHECK (length(model_sha256) = 64),
                as_of TEXT NOT NULL CHECK (length(as_of) = 10),
                data_fingerprint TEXT NOT NULL CHECK (length(data_fingerprint) = 64),
                companies INTEGER NOT NULL CHECK (companies >= 0),
                high INTEGER NOT NULL CHECK (high >= 0),
                medium INTEGER NOT NULL CHECK (medium >= 0),
                low INTEGER NOT NULL CHECK (low >= 0)
            );
            CREATE TABLE score_result (
                run_id INTEGER NOT NULL REFERENCES score_run(id) ON DELETE CASCADE,
                credit_code TEXT NOT NULL,
                score REAL NOT NULL CHECK (score >= 0 AND score <= 100),
                level TEXT NOT NULL CHECK (level IN ('high','medium','low')),
                illegal_finance REAL NOT NULL,
                business REAL NOT NULL,
                compliance REAL NOT NULL,
                network REAL NOT NULL,
                top_reason TEXT NOT NULL,
                PRIMARY KEY (run_id, credit_code)
            ) WITHOUT ROWID;
            """)
    }

    /// Stores a run and its results; returns the run id. `createdAt` is given by the caller.
    /// Results with score 0 are stored too (a run covers every company).
    public func save(createdAt: String, modelID: String, modelVersion: String, modelSHA256: String, asOf: String,
                     dataFingerprint: String, codes: [String], scores: [Double], levels: [String],
                     dimensions: [[Double]], topReasons: [String]) throws -> Int64 {
        try database.writer.write { db in
            let count = { (level: String) in levels.lazy.filter { $0 == level }.count }
            try db.execute(sql: """
                INSERT INTO score_run (created_at, model_id, model_version, model_sha256, as_of, data_fingerprint, companies, high, medium, low)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [createdAt, modelID, modelVersion, modelSHA256, asOf, dataFingerprint, codes.count,
                                 count("high"), count("medium"), count("low")])
            let runID = db.lastInsertedRowID
            let statement = try db.makeStatement(sql: """
                INSERT INTO score_result (run_id, credit_code, score, level, illegal_finance, business, compliance, network, top_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for i in codes.indices {
                try statement.execute(arguments: [runID, codes[i], scores[i], levels[i], dimensions[0][i], dimensions[1][i],
                                                  dimensions[2][i], dimensions[3][i], topReasons[i]])
            }
            return runID
        }
    }

    /// Every stored run, oldest first.
    public func runs() throws -> [Run] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, created_at, model_id, model_version, model_sha256, as_of, data_fingerprint, companies, high, medium, low
                FROM score_run ORDER BY id
                """).map { row in
                Run(id: row[0], createdAt: row[1], modelID: row[2], modelVersion: row[3], modelSHA256: row[4], asOf: row[5],
                    dataFingerprint: row[6], companies: row[7], high: row[8], medium: row[9], low: row[10])
            }
        }
    }

    /// The results of run `id`, ranked by score (highest first), then credit code.
    public func results(run id: Int64, limit: Int = Int.max) throws -> [Result] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT credit_code, score, level, illegal_finance, business, compliance, network, top_reason
                FROM score_result WHERE run_id = ? ORDER BY score DESC, credit_code LIMIT ?
                """, arguments: [id, min(limit, Int(Int32.max))]).map { row in
                Result(creditCode: row[0], score: row[1], level: row[2], dimensions: [row[3], row[4], row[5], row[6]], topReason: row[7])
            }
        }
    }

    /// Companies whose level differs between runs `a` and `b` (or that are in one only), by credit code.
    public func compare(_ a: Int64, _ b: Int64) throws -> [Change] {
        try database.writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT x.credit_code, x.score, x.level, y.score, y.level FROM score_result x
                LEFT JOIN score_result y ON y.run_id = ? AND y.credit_code = x.credit_code
                WHERE x.run_id = ? AND (y.level IS NULL OR y.level <> x.level)
                UNION ALL
                SELECT y.credit_code, NULL, NULL, y.score, y.level FROM score_result y
                WHERE y.run_id = ? AND NOT EXISTS (SELECT 1 FROM score_result x WHERE x.run_id = ? AND x.credit_code = y.credit_code)
                ORDER BY 1
                """, arguments: [b, a, b, a])
            return rows.map { row in
                let beforeLevel: String? = row[2], afterLevel: String? = row[4]
                return Change(creditCode: row[0],
                              before: beforeLevel.map { (row[1], $0) },
                              after: afterLevel.map { (row[3], $0) })
            }
        }
    }
}
