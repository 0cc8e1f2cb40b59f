import Foundation
import GRDB
import RiskDomain
import RiskGraph
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

    /// Reads a watch list CSV; it needs a `credit_code` (统一社会信用代码) or `name` (企业名称)
    /// column, each column at most once, and at least one row naming a company.
    public static func read(path: String) throws -> WatchList {
        let list = try WatchList(table: try CSVTable.read(path: path), file: path)
        guard list.namesACompany else { throw CSVTable.ParseError(file: path, line: 1, reason: noCompanyReason) }
        return list
    }

    /// What a list with a header and no row naming a company is refused with (the API answers
    /// such a list 422 "names no company"; the CLI read it as "0 scored", exit 0).
    public static let noCompanyReason = "the watch list names no company (a header and no rows with a credit code or name)"

    /// True when some row gives a credit code or a name.
    public var namesACompany: Bool { entries.contains { $0.creditCode != nil || $0.name != nil } }

    /// The rows of a parsed watch-list table (`file` names it in errors). Credit codes are
    /// trimmed, folded to half width (``CreditCode/halfWidth(_:)``: `９１３３…` typed on a
    /// Chinese keyboard) and upper-cased; names are trimmed.
    /// - Throws: `CSVTable.ParseError` when there is neither a code nor a name column, or a
    ///   column is named twice (an alias counts as its column: `credit_code` and
    ///   `统一社会信用代码` are one column).
    public init(table: CSVTable, file: String) throws {
        let codeNames = ["credit_code", "统一社会信用代码"], nameNames = ["name", "企业名称"]
        try table.checkDistinctColumns(file: file) { cell in
            let lower = cell.lowercased()
            return codeNames.contains(lower) ? "credit_code" : nameNames.contains(lower) ? "name" : lower
        }
        let codeColumn = table.column(codeNames)
        let nameColumn = table.column(nameNames)
        guard codeColumn != nil || nameColumn != nil else {
            throw CSVTable.ParseError(file: file, line: 1, reason: "a watch list needs a credit_code (统一社会信用代码) or name (企业名称) column")
        }
        entries = table.rows.map { row -> Entry in
            func value(_ column: Int?) -> String? {
                guard let column, column < row.fields.count else { return nil }
                let text = row.fields[column].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let input = table.header.enumerated().map { ($1, $0 < row.fields.count ? row.fields[$0] : "") }
            return Entry(line: row.line, creditCode: value(codeColumn).map(Self.normalisedCode), name: value(nameColumn), input: input)
        }
    }

    /// A credit code as written in a list, ready to look up: half width, upper case, trimmed.
    public static func normalisedCode(_ text: String) -> String {
        CreditCode.halfWidth(text).trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// The result of matching rows to companies.
    public struct Matching: Sendable {
        /// Matched rows in list order: the company's position and the row.
        public var matched: [(company: Int, entry: Entry)]
        public var unmatched: [UnmatchedEntry]
    }

    /// Matches rows to companies: a credit code exactly; a name when exactly one company has
    /// it, exactly or else after normalisation (有限责任公司 → 有限公司, widths, brackets,
    /// spaces). Others are reported with candidates (names containing the given name, at
    /// most 5), never guessed.
    public func match(_ db: Database, companies: CompanyIndex) throws -> Matching {
        let resolved = try resolve(db)
        return Matching(matched: resolved.matched.compactMap { match in companies.position(of: match.code).map { ($0, match.entry) } },
                        unmatched: resolved.unmatched)
    }

    /// Rows resolved to credit codes with indexed lookups only (primary key, name index); a
    /// name that matches no company exactly is then compared by its normalised form
    /// (``EntityNameNormaliser/name(_:)``: full/half width, brackets, 有限责任公司 → 有限公司,
    /// spaces), as the graph commands do, in one scan of the names for all such rows; the
    /// `LIKE` candidate search runs only for names that match nothing even so.
    /// - Complexity: O(rows × log N), plus one scan of N names when some name has no exact
    ///   match, plus a scan per name that matches nothing.
    public func resolve(_ db: Database) throws -> (matched: [(code: String, entry: Entry)], unmatched: [UnmatchedEntry]) {
        enum Outcome { case matched(String), unmatched(UnmatchedEntry), pending(String) }
        var outcomes: [Outcome] = []
        for entry in entries {
            if let code = entry.creditCode {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM company WHERE credit_code = ?", arguments: [code]) == true {
                    outcomes.append(.matched(code)); continue
                }
                if (try? CreditCode(validating: code)) == nil, entry.name == nil {
                    outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: code, name: entry.name, reason: "bad_credit_code",
                                                              candidates: [], input: entry.input)))
                    continue
                }
                if entry.name == nil {
                    outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: code, name: nil, reason: "not_found",
                                                              candidates: [], input: entry.input)))
                    continue
                }
            }
            guard let name = entry.name else {
                outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: nil, name: nil, reason: "not_found", candidates: [], input: entry.input)))
                continue
            }
            let exact = try Row.fetchAll(db, sql: "SELECT credit_code, name FROM company WHERE name = ? ORDER BY credit_code", arguments: [name])
                .map { (code: $0[0] as String, name: $0[1] as String) }
            if exact.count == 1 { outcomes.append(.matched(exact[0].code)); continue }
            if exact.isEmpty { outcomes.append(.pending(EntityNameNormaliser.name(name))); continue }
            outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: entry.creditCode, name: name, reason: "ambiguous",
                                                      candidates: exact, input: entry.input)))
        }
        // Companies by normalised name, for the names without an exact match (one scan).
        var normalisedMatches: [String: [(code: String, name: String)]] = [:]
        for case .pending(let key) in outcomes where !key.isEmpty { normalisedMatches[key] = [] }
        if !normalisedMatches.isEmpty {
            let cursor = try Row.fetchCursor(db, sql: "SELECT credit_code, name FROM company ORDER BY credit_code")
            while let row = try cursor.next() {
                let name: String = row[1]
                let key = EntityNameNormaliser.name(name)
                if normalisedMatches[key] != nil { normalisedMatches[key]!.append((row[0], name)) }
            }
        }
        var matched: [(code: String, entry: Entry)] = []
        var unmatched: [UnmatchedEntry] = []
        for (entry, outcome) in zip(entries, outcomes) {
            switch outcome {
            case .matched(let code): matched.append((code, entry))
            case .unmatched(let reject): unmatched.append(reject)
            case .pending(let key):
                let name = entry.name ?? ""
                let same = normalisedMatches[key] ?? []
                if same.count == 1 { matched.append((same[0].code, entry)); continue }
                var candidates = same
                if candidates.isEmpty {
                    let pattern = "%" + name.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                    candidates = try Row.fetchAll(db, sql: """
                        SELECT credit_code, name FROM company WHERE name LIKE ? ORDER BY credit_code LIMIT 5
                        """, arguments: [pattern]).map { (code: $0[0] as String, name: $0[1] as String) }
                }
                unmatched.append(UnmatchedEntry(line: entry.line, creditCode: entry.creditCode, name: name,
                                                reason: same.count > 1 ? "ambiguous" : "not_found",
                                                candidates: Array(candidates.prefix(5)), input: entry.input))
            }
        }
        return (matched, unmatched)
    }
}
