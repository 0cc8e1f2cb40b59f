import GRDB

/// The CHECK and NOT NULL constraints of one table as a single query for rows that
/// violate any of them (the import's end-of-load verification, see
/// ``ImportWriter/verifyConstraints()``).
///
/// The CHECK expressions are read from the table's `CREATE TABLE` text in
/// `sqlite_master`, the NOT NULL columns from `PRAGMA table_info`: nothing is restated
/// here, so a constraint added by a later migration is verified too. A CHECK fails, as in
/// SQLite, only when its expression is false (NULL passes).
struct ConstraintCheck {
    let table: String
    /// `(description, condition)`: the condition is true for a row violating the constraint.
    let conditions: [(String, String)]
    /// `SELECT` of the first violating row's constraint flags.
    let sql: String

    /// Nil when the table has no CHECK or NOT NULL constraint (or does not exist).
    init?(_ db: Database, table: String) throws {
        guard let createSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                                  arguments: [table]) else { return nil }
        var conditions: [(String, String)] = Self.checkExpressions(in: createSQL).map { ("CHECK (\($0))", "NOT (\($0))") }
        for column in try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")") where (column["notnull"] as Int? ?? 0) == 1 {
            let name: String = column["name"]
            conditions.append(("NOT NULL \(name)", "\"\(name)\" IS NULL"))
        }
        if conditions.isEmpty { return nil }
        self.table = table
        self.conditions = conditions
        let flags = conditions.map { "ifnull(\($0.1), 0)" }.joined(separator: ", ")
        sql = "SELECT \(flags) FROM \"\(table)\" WHERE \(conditions.map { "(\($0.1))" }.joined(separator: " OR ")) LIMIT 1"
    }

    /// The description of the first constraint the first violating row breaks, or nil.
    func firstViolation(_ db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: sql) else { return nil }
        for (index, condition) in conditions.enumerated() where (row[index] as Int? ?? 0) != 0 {
            return condition.0
        }
        return conditions.first?.0
    }

    /// The expressions of every `CHECK (…)` in `sql` (a `CREATE TABLE` statement), in
    /// order. Parentheses are balanced; string literals and quoted identifiers are skipped.
    /// - Complexity: O(n) in the length of `sql`.
    static func checkExpressions(in sql: String) -> [String] {
        let bytes = Array(sql.utf8)
        var expressions: [String] = []
        var index = 0
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
        /// Skips a quoted literal or identifier starting at `index`; returns the index after it.
        func skipQuoted(_ start: Int) -> Int {
            let quote = bytes[start]
            var position = start + 1
            while position < bytes.count {
                if bytes[position] == quote {
                    if position + 1 < bytes.count, bytes[position + 1] == quote { position += 2; continue }
                    return position + 1
                }
                position += 1
            }
            return position
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x27 || byte == 0x22 || byte == 0x60 { index = skipQuoted(index); continue }
            let isCheck = index + 5 <= bytes.count
                && String(decoding: bytes[index..<index + 5], as: UTF8.self).uppercased() == "CHECK"
                && (index == 0 || !isWordByte(bytes[index - 1]))
                && (index + 5 == bytes.count || !isWordByte(bytes[index + 5]))
            guard isCheck else { index += 1; continue }
            var position = index + 5
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x09 || bytes[position] == 0x0D {
                position += 1
            }
            guard position < bytes.count, bytes[position] == 0x28 else { index = position; continue }
            let start = position + 1
            var depth = 1
            position = start
            while position < bytes.count, depth > 0 {
                switch bytes[position] {
                case 0x27, 0x22, 0x60: position = skipQuoted(position); continue
                case 0x28: depth += 1
                case 0x29: depth -= 1
                default: break
                }
                position += 1
            }
            if depth == 0 { expressions.append(String(decoding: bytes[start..<position - 1], as: UTF8.self)) }
            index = position
        }
        return expressions
    }
}
