import RiskDomain

/// The table behind one record kind, as the import writes it.
///
/// `columns` are the record's columns in exchange-format order (the table's names),
/// followed by `occurrence` where the table has one; the natural key is `keyColumns`
/// (those in `nullableKeyColumns` compare through `ifnull(column, '')`, as in the
/// unique indexes of ``Schema``). Provenance (`batch_id`, `src_file`, `src_line`) is
/// added by ``ImportWriter``.
public struct RecordTable: Sendable {
    public let kind: RecordKind
    public let name: String
    public let columns: [String]
    public let keyColumns: [String]
    public let nullableKeyColumns: Set<String>
    public var hasOccurrence: Bool { columns.last == "occurrence" }

    /// The table for `kind`.
    public static func table(for kind: RecordKind) -> RecordTable {
        switch kind {
        case .companies:
            return RecordTable(kind: kind, name: "company", columns: [
                "credit_code", "name", "status", "established", "reg_capital", "paid_capital", "ent_type", "industry",
                "region_code", "address", "phone", "email", "website", "scope", "parent_code",
            ], keyColumns: ["credit_code"], nullableKeyColumns: [])
        case .shareholdings:
            return RecordTable(kind: kind, name: "shareholding", columns: [
                "company", "holder_id", "holder_name", "holder_type", "pct", "subscribed", "paid", "since", "until", "occurrence",
            ], keyColumns: ["company", "holder_id", "since", "occurrence"], nullableKeyColumns: ["since"])
        case .officers:
            return RecordTable(kind: kind, name: "officer", columns: [
                "company", "person_id", "person_name", "role", "since", "until", "occurrence",
            ], keyColumns: ["company", "person_id", "role", "since", "occurrence"], nullableKeyColumns: ["since"])
        case .compliance:
            return RecordTable(kind: kind, name: "compliance", columns: [
                "company", "kind", "date", "authority", "reason", "amount", "removed", "occurrence",
            ], keyColumns: ["company", "kind", "date", "reason", "occurrence"], nullableKeyColumns: ["reason"])
        case .litigation:
            return RecordTable(kind: kind, name: "litigation", columns: [
                "case_no", "company", "role", "cause", "case_type", "court", "filed", "amount", "counterparty", "outcome", "occurrence",
            ], keyColumns: ["case_no", "company", "role", "counterparty", "occurrence"], nullableKeyColumns: ["counterparty"])
        case .news:
            return RecordTable(kind: kind, name: "news", columns: [
                "id", "company", "date", "source", "title", "content", "url", "sentiment",
            ], keyColumns: ["id"], nullableKeyColumns: [])
        case .products:
            return RecordTable(kind: kind, name: "product", columns: [
                "company", "product", "promised_yield", "guaranteed", "term_months", "min_investment", "channel", "investors",
                "raised", "start", "end", "occurrence",
            ], keyColumns: ["company", "product", "occurrence"], nullableKeyColumns: [])
        case .licences:
            return RecordTable(kind: kind, name: "licence", columns: [
                "company", "licence", "authority", "granted", "revoked", "occurrence",
            ], keyColumns: ["company", "licence", "granted", "occurrence"], nullableKeyColumns: ["granted"])
        case .labels:
            return RecordTable(kind: kind, name: "label", columns: [
                "company", "label", "date", "source", "occurrence",
            ], keyColumns: ["company", "occurrence"], nullableKeyColumns: [])
        }
    }

    /// Positions of the key columns in `columns`.
    public var keyIndexes: [Int] { keyColumns.map { key in columns.firstIndex(of: key)! } }

    static func quoted(_ column: String) -> String { "\"\(column)\"" }

    /// `INSERT INTO t (columns…, provenance) VALUES (?, …)`, optionally ignoring key conflicts.
    func insertSQL(ignoringConflicts: Bool) -> String {
        let all = columns + ["batch_id", "src_file", "src_line"]
        let names = all.map(Self.quoted).joined(separator: ", ")
        let marks = Array(repeating: "?", count: all.count).joined(separator: ", ")
        return "INSERT INTO \(name) (\(names)) VALUES (\(marks))" + (ignoringConflicts ? " ON CONFLICT DO NOTHING" : "")
    }

    /// The column whose value closes a record (`until`, `removed`, `revoked`, `end`): a
    /// record with it NULL is current. Nil for kinds without one.
    public var endColumn: String? {
        switch kind {
        case .shareholdings, .officers: return "until"
        case .compliance: return "removed"
        case .licences: return "revoked"
        case .products: return "end"
        case .companies, .litigation, .news, .labels: return nil
        }
    }

    /// The position of ``endColumn`` in ``columns``.
    public var endIndex: Int? { endColumn.flatMap { columns.firstIndex(of: $0) } }

    /// How many columns ``keyGroupSQL(keeping:)`` compares: its likeness equals this when the
    /// record equals the row.
    func comparedColumnCount(keeping kept: Set<String>) -> Int { keyConditions(occurrence: false, kept: kept).others.count }

    /// The key columns (all but `occurrence` when `occurrence` is false) equal to their
    /// numbered parameters, as the unique index compares them; and the other columns, each
    /// with its parameter (``updateSQL(keeping:)``, ``keyGroupSQL(keeping:)``), but for those
    /// in `kept` (columns the file does not have: their stored values stay; a kept key column
    /// is no condition at all).
    private func keyConditions(occurrence: Bool, kept: Set<String>) -> (key: [String], others: [(column: String, parameter: String)]) {
        var key: [String] = [], others: [(String, String)] = []
        for (offset, column) in columns.enumerated() where occurrence || column != "occurrence" {
            let parameter = "?\(offset + 1)"
            // A key column the file lacks matches any stored value (a file without `since`
            // doubled every holder whose stake had one; found by review).
            if keyColumns.contains(column), kept.contains(column) { continue }
            if keyColumns.contains(column) {
                key.append(nullableKeyColumns.contains(column)
                           ? "ifnull(\(Self.quoted(column)), '') = ifnull(\(parameter), '')"
                           : "\(Self.quoted(column)) = \(parameter)")
            } else if !kept.contains(column) {
                others.append((Self.quoted(column), parameter))
            }
        }
        return (key, others)
    }

    /// `UPDATE t SET non-key = ?i, provenance WHERE key matches AND some non-key differs`,
    /// with numbered parameters: ?1…?n the columns, then batch, file, line. Columns in `kept`
    /// are neither set nor compared.
    func updateSQL(keeping kept: Set<String> = []) -> String {
        let count = columns.count
        let (wheres, others) = keyConditions(occurrence: true, kept: kept)
        let sets = others.map { "\($0.column) = \($0.parameter)" }
            + ["batch_id = ?\(count + 1)", "src_file = ?\(count + 2)", "src_line = ?\(count + 3)"]
        let differs = others.isEmpty ? "0" : others.map { "\($0.column) IS NOT \($0.parameter)" }.joined(separator: " OR ")
        return "UPDATE \(name) SET \(sets.joined(separator: ", ")) WHERE \(wheres.joined(separator: " AND ")) AND (\(differs))"
    }

    /// For a table with `occurrence`: the stored rows that share a record's key but for its
    /// occurrence (the unique index's prefix). Per row: 0 `rowid`, 1 `occurrence`,
    /// 2 `batch_id`, 3 how many of its other columns equal the record's (all of them,
    /// ``comparedColumnCount(keeping:)``, when it equals the record), 4 1 when it is current
    /// (``endColumn`` NULL; 1 for kinds without one), 5 1 when it came from another file than
    /// the record's. Columns in `kept` are not compared. Numbered parameters as ``updateSQL(keeping:)`` (the occurrence ?n is
    /// unused; batch and line are referenced so that binding them is in range).
    func keyGroupSQL(keeping kept: Set<String> = []) -> String {
        let count = columns.count
        let (wheres, others) = keyConditions(occurrence: false, kept: kept)
        let similarity = others.isEmpty ? "0" : others.map { "(\($0.column) IS \($0.parameter))" }.joined(separator: " + ")
        let current = endColumn.map { "(\(Self.quoted($0)) IS NULL)" } ?? "1"
        let provenance = [1, 3].map { "?\(count + $0) IS NOT NULL" }.joined(separator: " AND ")
        return "SELECT rowid, occurrence, batch_id, \(similarity), \(current), (src_file IS NOT ?\(count + 2)) FROM \(name) "
            + "WHERE \(wheres.joined(separator: " AND ")) AND \(provenance)"
    }

    /// `UPDATE t SET non-key columns = ?i, provenance WHERE rowid = ?(n+4)` (keys and the
    /// occurrence stay as stored; so do the columns in `kept`).
    func updateByRowIDSQL(keeping kept: Set<String> = []) -> String {
        let count = columns.count
        var sets: [String] = []
        for (offset, column) in columns.enumerated() where !keyColumns.contains(column) && !kept.contains(column) {
            sets.append("\(Self.quoted(column)) = ?\(offset + 1)")
        }
        sets += ["batch_id = ?\(count + 1)", "src_file = ?\(count + 2)", "src_line = ?\(count + 3)"]
        return "UPDATE \(name) SET \(sets.joined(separator: ", ")) WHERE rowid = ?\(count + 4)"
    }
}
