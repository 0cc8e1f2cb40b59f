import Foundation
import GRDB
import RiskDomain
import RiskStore

/// A regulator's watch list (待查名单): rows naming companies by credit code or name, with
/// any other columns carried through to the output unchanged.
public struct WatchList: Sendable {
    public struct Entry: Sendable {
        public var line: Int
        public var creditCode: String?
        public var name: String?
        /// Every column of the row, in header order.
        public var input: [(String, String)]

        public init(line: Int, creditCode: String?, name: String?, input: [(String, String)]) {
            self.line = line; self.creditCode = creditCode; self.name = name; self.input = input
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Reads a watch list CSV; it needs a `credit_code` (统一社会信用代码) or `name` (企业名称) column.
    public static func read(path: String) throws -> WatchList {
        let table = try CSVTable.read(path: path)
        let codeColumn = table.column(["credit_code", "统一社会信用代码"])
        let nameColumn = table.column(["name", "企业名称"])
        guard codeColumn != nil || nameColumn != nil else {
            throw CSVTable.ParseError(file: path, line: 1, reason: "a watch list needs a credit_code (统一社会信用代码) or name (企业名称) column")
        }
        let entries = table.rows.map { row -> Entry in
            func value(_ column: Int?) -> String? {
                guard let column, column < row.fields.count else { return nil }
                let text = row.fields[column].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let input = table.header.enumerated().map { ($1, $0 < row.fields.count ? row.fields[$0] : "") }
            return Entry(line: row.line, creditCode: value(codeColumn)?.uppercased(), name: value(nameColumn), input: input)
        }
        return WatchList(entries: entries)
    }

    /// The result of matching rows to companies.
    public struct Matching: Sendable {
        public var matched: [(company: Int, input: [(String, String)])]
        public var unmatched: [UnmatchedEntry]
    }

    /// Matches rows to companies: a credit code exactly; a name exactly when exactly one
    /// company has it. Others are reported with candidates (names containing the given
    /// name, at most 5), never guessed.
    public func match(_ db: Database, companies: CompanyIndex) throws -> Matching {
        let resolved = try resolve(db)
        return Matching(matched: resolved.matched.compactMap { entry in companies.position(of: entry.code).map { ($0, entry.input) } },
                        unmatched: resolved.unmatched)
    }

    /// Rows resolved to credit codes with indexed lookups only (primary key, name index); the
    /// `LIKE` candidate search runs only for names that match nothing.
    /// - Complexity: O(rows × log N), plus a scan of names per unmatched name.
    public func resolve(_ db: Database) throws -> (matched: [(code: String, input: [(String, String)])], unmatched: [UnmatchedEntry]) {
        var matched: [(code: String, input: [(String, String)])] = []
        var unmatched: [UnmatchedEntry] = []
        for entry in entries {
            if let code = entry.creditCode {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM company WHERE credit_code = ?", arguments: [code]) == true {
                    matched.append((code, entry.input)); continue
                }
                if (try? CreditCode(validating: code)) == nil, entry.name == nil {
                    unmatched.append(UnmatchedEntry(line: entry.line, creditCode: code, name: entry.name, reason: "bad_credit_code",
                                                    candidates: [], input: entry.input))
                    continue
                }
                if entry.name == nil {
                    unmatched.append(UnmatchedEntry(line: entry.line, creditCode: code, name: nil, reason: "not_found",
                                                    candidates: [], input: entry.input))
                    continue
                }
            }
            guard let name = entry.name else {
                unmatched.append(UnmatchedEntry(line: entry.line, creditCode: nil, name: nil, reason: "not_found", candidates: [], input: entry.input))
                continue
            }
            let exact = try Row.fetchAll(db, sql: "SELECT credit_code, name FROM company WHERE name = ? ORDER BY credit_code", arguments: [name])
                .map { (code: $0[0] as String, name: $0[1] as String) }
            if exact.count == 1 {
                matched.append((exact[0].code, entry.input)); continue
            }
            var candidates = exact
            if candidates.isEmpty {
                let pattern = "%" + name.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                candidates = try Row.fetchAll(db, sql: """
                    SELECT credit_code, name FROM company WHERE name LIKE ? ORDER BY credit_code LIMIT 5
                    """, arguments: [pattern]).map { (code: $0[0] as String, name: $0[1] as String) }
            }
            unmatched.append(UnmatchedEntry(
                line: entry.line, creditCode: entry.creditCode, name: name, reason: exact.count > 1 ? "ambiguous" : "not_found",
                candidates: candidates, input: entry.input))
        }
        return (matched, unmatched)
    }
}
