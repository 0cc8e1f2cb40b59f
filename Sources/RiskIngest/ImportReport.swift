import RiskDomain

/// A rejected row: where, which cell, its text and why.
public struct ImportReject: Sendable, Equatable {
    /// The file as given (path).
    public var file: String
    /// The physical line where the record starts (the header is line 1).
    public var line: Int
    /// The 1-based column (cell position in the row).
    public var column: Int
    /// The canonical column name (e.g. `pct`).
    public var field: String
    /// The offending cell's text, trimmed (empty for a missing value).
    public var text: String
    public var reason: String

    public init(file: String, line: Int, column: Int, field: String, text: String, reason: String) {
        self.file = file; self.line = line; self.column = column; self.field = field; self.text = text; self.reason = reason
    }

    /// `file:line:column`.
    public var location: String { "\(file):\(line):\(column)" }
    /// The text in quotes on one line (a line break in the cell shown as `␊`), or `(empty)`:
    /// a CR-LF cell no longer splits the message printed for it.
    public var quotedText: String { text.isEmpty ? "(empty)" : "\"\(SingleLine.text(text))\"" }
}

/// What one file of an import did.
public struct ImportFileSummary: Sendable, Equatable {
    public var path: String
    public var kind: RecordKind
    public var encoding: DetectedEncoding
    public var sha256: String
    public var bytes: Int
    /// Data rows read (blank lines excluded).
    public var read = 0
    /// New records written.
    public var imported = 0
    /// Existing records whose fields changed.
    public var updated = 0
    /// Existing records found identical.
    public var unchanged = 0
    /// Rows identical to an earlier row of the same file.
    public var duplicates = 0
    public var rejected = 0
    /// Rows with more cells than the header (extra cells ignored).
    public var longRows = 0
    /// Header columns that are not part of the format (ignored).
    public var unknownColumns: [String] = []
}

/// The outcome of ``Importer/run(paths:)``.
public struct ImportReport: Sendable, Equatable {
    /// The `import_batch` row of this import.
    public var batchID: Int64
    /// One entry per imported file, in import order.
    public var files: [ImportFileSummary]
    /// Warnings (skipped files, unknown columns, long rows), in order.
    public var warnings: [String]
    /// The first ``maximumKeptRejects`` rejects (all of them are in the rejects CSV).
    public var rejects: [ImportReject]
    /// The number of rejected rows in all files.
    public var rejectedTotal: Int
    /// The rejects CSV written beside the database, when there were rejects.
    public var rejectsPath: String?

    /// How many rejects the report keeps in memory.
    public static let maximumKeptRejects = 1000
}
