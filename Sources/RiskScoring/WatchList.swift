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
        /// Set by ``WatchList/resolve(_:)`` on a row matched by its name although it gives a
        /// credit code that is invalid or not in the registry (`matched by name; the credit
        /// code … is invalid: …`): every output shows it, nothing is matched silently.
        public var matchNote: String? = nil

        public init(line: Int, creditCode: String?, name: String?, input: [(String, String)]) {
            self.line = line; self.creditCode = creditCode; self.name = name; self.input = input
        }
    }

    /// The Chinese label a report prints before a ``Entry/matchNote``: how the row was
    /// matched, in the reader's language (found by review: every note was labelled
    /// 按企业名称匹配, also those of rows matched by their credit code).
    public static func chineseLabel(forMatchNote note: String) -> String {
        if note.hasPrefix("matched by credit code") {
            if note.contains("is a former name") { return "按统一社会信用代码匹配，名单名称为曾用名" }
            if note.contains("in another spelling") { return "按统一社会信用代码匹配，名单名称与登记名称写法不同" }
            return "按统一社会信用代码匹配，名单名称与登记名称不符"
        }
        if note.hasPrefix("matched by name in another spelling") {
            return note.contains("the credit code") ? "按企业名称（写法不同）匹配，名单信用代码无效或不在登记库中" : "按企业名称匹配，名单名称与登记名称写法不同"
        }
        if note.hasPrefix("matched by former name") {
            return note.contains("the credit code") ? "按曾用名匹配，名单信用代码无效或不在登记库中" : "按曾用名匹配"
        }
        return "按企业名称匹配，名单信用代码无效或不在登记库中"
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
            var code = value(codeColumn).map(Self.normalisedCode), name = value(nameColumn)
            // A valid credit code typed into the name column (and no code beside it) is the
            // code: no company is named 91330102…, and the row matched nothing (found by review).
            if code == nil, let text = name, case let compact = Self.normalisedCode(text), compact.count == 18,
               (try? CreditCode(validating: compact)) != nil {
                code = compact; name = nil
            }
            return Entry(line: row.line, creditCode: code, name: name, input: input)
        }
    }

    /// A credit code as written in a list, ready to look up: half width, upper case, without
    /// the spaces and hyphens a code is often written with (`9133 0102 …`, `…-5N`; a credit
    /// code has neither, found by review).
    public static func normalisedCode(_ text: String) -> String {
        String(CreditCode.halfWidth(text).unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "-" && $0 != "\u{2010}" && $0 != "\u{2011}" }
            .map(Character.init)).uppercased()
    }

    /// The result of matching rows to companies.
    public struct Matching: Sendable {
        /// Matched rows in list order: the company's position and the row.
        public var matched: [(company: Int, entry: Entry)]
        public var unmatched: [UnmatchedEntry]
    }

    /// Matches rows to companies (see ``resolve(_:visible:)``).
    public func match(_ db: Database, companies: CompanyIndex, visible: ((String?) -> Bool)? = nil) throws -> Matching {
        let resolved = try resolve(db, visible: visible)
        return Matching(matched: resolved.matched.compactMap { match in companies.position(of: match.code).map { ($0, match.entry) } },
                        unmatched: resolved.unmatched)
    }

    /// The longest `LIKE` pattern SQLite takes (`SQLITE_MAX_LIKE_PATTERN_LENGTH`, bytes): a
    /// longer name (a stray quote swallowing many rows) failed the whole list with "LIKE or
    /// GLOB pattern too complex". No company name is near it: such a row gets no candidates.
    static let likePatternLimit = 50_000

    /// Rows resolved to credit codes with indexed lookups only (primary key, name index).
    ///
    /// - A credit code in the registry matches when the row gives no name or a name that is
    ///   the registry's under normalisation (``RiskGraph/EntityNameNormaliser/name(_:)``). A
    ///   row whose name is another company's (a code copied from the wrong row) is unmatched,
    ///   `code_name_mismatch`, with the code's company and the name's as candidates: scoring
    ///   it as the code's company could clear the company the regulator referred. A name no
    ///   company has (a former name, a typo) matches by the code, with a ``Entry/matchNote``.
    /// - A code that is invalid (`bad_credit_code`) or not in the registry (`not_found`) is
    ///   unmatched when the row has no name; with a name the row is matched by the name and
    ///   ``Entry/matchNote`` says so.
    /// - A name matches when exactly one company has it, exactly or else in its normalised
    ///   form (full/half width, brackets, 有限责任公司 → 有限公司, spaces), as the graph
    ///   commands do, in one scan of the names for all such rows; the `LIKE` candidate search
    ///   (at most 5) runs only for names that match nothing even so. Never guessed.
    /// - Former names (曾用名, `company_former_name`): a name no company has now matches the
    ///   one company that had it (several: `ambiguous`); a name one company has now and another
    ///   had is `ambiguous`; beside a code, another company's former name is
    ///   `code_name_mismatch` and the code's own is matched with a note.
    /// - `visible` (a region-limited reader: true for the region codes it may see) keeps the
    ///   companies outside those regions out of every match *by name*: a name one visible and
    ///   one hidden company have matches the visible one, a hidden company's name or former
    ///   name alone matches nothing, and neither is a candidate, so the answer does not tell
    ///   that an outside company has the name (found by review: the row stayed `ambiguous`).
    ///   Beside a visible company's code such a name is still `code_name_mismatch` (not
    ///   scored), naming only the code's company. A row's credit code is looked up as given;
    ///   the caller hides rows whose code is an outside company's.
    /// - Complexity: O(rows × log N), plus one scan of N names when some name has no exact
    ///   match (or a code's name differs), plus a scan per name that matches nothing.
    public func resolve(_ db: Database, visible: ((String?) -> Bool)? = nil) throws -> (matched: [(code: String, entry: Entry)], unmatched: [UnmatchedEntry]) {
        let shown = { (region: String?) in visible?(region) ?? true }
        enum Outcome {
            case matched(String), unmatched(UnmatchedEntry), pending(String)
            /// Exactly one company has the row's name now (code, normalised key): matched unless
            /// another company had the name before a rename.
            case matchedByName(code: String, key: String)
            /// The code's company (code, registry name) disagrees with the row's name (normalised key).
            case mismatch(code: String, registryName: String, key: String)
        }
        var outcomes: [Outcome] = []
        var entries = entries
        /// What is wrong with a row's code when its name is tried instead.
        var codeProblems = [String?](repeating: nil, count: entries.count)
        for index in entries.indices {
            let entry = entries[index]
            if let code = entry.creditCode {
                if let registryName = try String.fetchOne(db, sql: "SELECT name FROM company WHERE credit_code = ?", arguments: [code]) {
                    guard let name = entry.name, name != registryName else { outcomes.append(.matched(code)); continue }
                    if EntityNameNormaliser.name(name) != EntityNameNormaliser.name(registryName) {
                        outcomes.append(.mismatch(code: code, registryName: registryName, key: EntityNameNormaliser.name(name)))
                        continue
                    }
                    // The names differ only in spelling (width, brackets, spaces, 有限责任公司).
                    // Another company registered under the row's exact name makes it a
                    // mismatch all the same: the code may be copied from the wrong row (found
                    // by review: it was scored silently as the code's company).
                    let bearers = try Row.fetchAll(db, sql: "SELECT credit_code, name, region_code FROM company WHERE name = ? AND credit_code <> ? ORDER BY credit_code",
                                                   arguments: [name, code])
                    if !bearers.isEmpty {
                        let named = bearers.filter { shown($0[2]) }.map { (code: $0[0] as String, name: $0[1] as String) }
                        outcomes.append(.unmatched(UnmatchedEntry(
                            line: entry.line, creditCode: code, name: name, reason: "code_name_mismatch",
                            candidates: Array(([(code: code, name: registryName)] + named).prefix(5)), input: entry.input,
                            note: "the credit code \(code) is \(registryName) in the registry, not \(name) as the row names it"
                                + (named.isEmpty ? ", a name another company is registered under" : ", the registered name of " + named.map { "\($0.code)" }.joined(separator: ", "))
                                + "; not scored")))
                        continue
                    }
                    entries[index].matchNote = "matched by credit code; the row's name \(name) is the registry's \(registryName) in another spelling"
                    outcomes.append(.matched(code))
                    continue
                }
                var invalid: CreditCodeError? = nil
                do { _ = try CreditCode(validating: code) } catch { invalid = error }
                guard entry.name != nil else {
                    // What is wrong with the code is said (found by review: a bare
                    // `bad_credit_code`, read as 未找到 in the report).
                    outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: code, name: nil,
                                                              reason: invalid == nil ? "not_found" : "bad_credit_code",
                                                              candidates: [], input: entry.input,
                                                              note: invalid.map { "the credit code \(code) is invalid: \($0)" })))
                    continue
                }
                let problem = invalid.map { "the credit code \(code) is invalid: \($0)" } ?? "the credit code \(code) is unknown (not in the registry)"
                codeProblems[index] = problem
                entries[index].matchNote = "matched by name; " + problem
            }
            guard let name = entry.name else {
                outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: nil, name: nil, reason: "not_found", candidates: [], input: entry.input)))
                continue
            }
            let exact = try Row.fetchAll(db, sql: "SELECT credit_code, name, region_code FROM company WHERE name = ? ORDER BY credit_code", arguments: [name])
                .filter { shown($0[2]) }.map { (code: $0[0] as String, name: $0[1] as String) }
            if exact.count == 1 { outcomes.append(.matchedByName(code: exact[0].code, key: EntityNameNormaliser.name(name))); continue }
            if exact.isEmpty { outcomes.append(.pending(EntityNameNormaliser.name(name))); continue }
            outcomes.append(.unmatched(UnmatchedEntry(line: entry.line, creditCode: entry.creditCode, name: name, reason: "ambiguous",
                                                      candidates: exact, input: entry.input, note: codeProblems[index])))
        }
        // Companies by normalised name, for the names without an exact match and the names
        // that disagree with their code (one scan).
        var normalisedMatches: [String: [(code: String, name: String)]] = [:]
        // Per key, the companies `visible` hides that bear the name now or bore it: no match
        // and no candidate, but a row whose code names a visible company and whose name is a
        // hidden one's is still not scored (found by review: it was scored 0 正常 as the
        // code's company, the case `code_name_mismatch` exists for). That some company has
        // the name is all the reader learns; which one, and where, it is not told.
        var hiddenBearers: [String: Int] = [:]
        for outcome in outcomes {
            switch outcome {
            case .pending(let key) where !key.isEmpty, .mismatch(_, _, let key) where !key.isEmpty: normalisedMatches[key] = []
            default: break
            }
        }
        if !normalisedMatches.isEmpty {
            let cursor = try Row.fetchCursor(db, sql: "SELECT credit_code, name, region_code FROM company ORDER BY credit_code")
            while let row = try cursor.next() {
                let name: String = row[1]
                let key = EntityNameNormaliser.name(name)
                guard normalisedMatches[key] != nil else { continue }
                if shown(row[2]) { normalisedMatches[key]!.append((row[0], name)) } else { hiddenBearers[key, default: 0] += 1 }
            }
        }
        // Former names (曾用名, kept when a later import renamed a company), by normalised name:
        // for the same keys, from a table that holds only the renamed companies.
        var formerMatches: [String: [(code: String, name: String, former: String)]] = [:]
        var formerKeys = Set(normalisedMatches.keys)
        for case .matchedByName(_, let key) in outcomes { formerKeys.insert(key) }
        if !formerKeys.isEmpty {
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT f.credit_code, c.name, f.name, c.region_code FROM company_former_name f JOIN company c ON c.credit_code = f.credit_code
                ORDER BY f.credit_code, f.name
                """)
            while let row = try cursor.next() {
                let former: String = row[2]
                let key = EntityNameNormaliser.name(former)
                guard formerKeys.contains(key) else { continue }
                if shown(row[3]) { formerMatches[key, default: []].append((row[0], row[1], former)) } else { hiddenBearers[key, default: 0] += 1 }
            }
        }
        /// `A (now B)` for companies that had the name before a rename, one per company.
        func formerlyNamed(_ list: [(code: String, name: String, former: String)]) -> [(code: String, name: String)] {
            var seen = Set<String>()
            return list.filter { seen.insert($0.code).inserted }.map { (code: $0.code, name: $0.name) }
        }
        func describe(_ companies: [(code: String, name: String)]) -> String {
            companies.map { "\($0.code) (now \($0.name))" }.joined(separator: ", ")
        }
        var matched: [(code: String, entry: Entry)] = []
        var unmatched: [UnmatchedEntry] = []
        for (index, (entry, outcome)) in zip(entries, outcomes).enumerated() {
            switch outcome {
            case .matched(let code): matched.append((code, entry))
            case .matchedByName(let code, let key):
                // The name is one company's now and was another's before a rename (a swap, a
                // reused name): which one the referral means needs a person (found by review).
                let formerly = formerlyNamed((formerMatches[key] ?? []).filter { $0.code != code })
                if formerly.isEmpty { matched.append((code, entry)); continue }
                let current = try String.fetchOne(db, sql: "SELECT name FROM company WHERE credit_code = ?", arguments: [code]) ?? ""
                unmatched.append(UnmatchedEntry(
                    line: entry.line, creditCode: entry.creditCode, name: entry.name, reason: "ambiguous",
                    candidates: Array(([(code: code, name: current)] + formerly).prefix(5)), input: entry.input,
                    note: "the name is \(code)'s now and a former name (曾用名) of \(describe(formerly))"
                        + (codeProblems[index].map { "; " + $0 } ?? "")))
            case .unmatched(let reject): unmatched.append(reject)
            case .mismatch(let code, let registryName, let key):
                let named = (normalisedMatches[key] ?? []).filter { $0.code != code }
                let formerOthers = formerlyNamed((formerMatches[key] ?? []).filter { $0.code != code })
                if let former = (formerMatches[key] ?? []).first(where: { $0.code == code }) {
                    // The row names the company as it was called before a rename: the code and
                    // the name agree, only in time. Scored by the code; who bears or bore the
                    // name besides is said.
                    var noted = entry
                    noted.matchNote = "matched by credit code; the row's name \(entry.name ?? "") is a former name (曾用名 \(former.former)) of \(registryName)"
                        + (named.isEmpty ? "" : "; the name is registered now to " + named.map { "\($0.code) \($0.name)" }.joined(separator: ", "))
                        + (formerOthers.isEmpty ? "" : "; it was also a former name of " + describe(formerOthers))
                    matched.append((code, noted))
                    continue
                }
                // Another company's former name counts as another company's name: the code
                // may be copied from the wrong row (found by review: it was scored 0 正常 as
                // the code's company while the renamed 90-point company was not scored).
                if named.isEmpty, !formerOthers.isEmpty {
                    unmatched.append(UnmatchedEntry(
                        line: entry.line, creditCode: code, name: entry.name, reason: "code_name_mismatch",
                        candidates: Array(([(code: code, name: registryName)] + formerOthers).prefix(5)), input: entry.input,
                        note: "the credit code \(code) is \(registryName) in the registry, not \(entry.name ?? "") as the row names it, "
                            + "which is a former name (曾用名) of \(describe(formerOthers)); not scored"))
                    continue
                }
                // A name no other company has: the company's former name, or a typo. The code
                // is the identifier: scored, and said (a renamed company was refused; found by
                // review of this stop's diff).
                guard !named.isEmpty || hiddenBearers[key] != nil else {
                    var noted = entry
                    noted.matchNote = "matched by credit code; the row's name \(entry.name ?? "") is not the registry's \(registryName) (a former name?)"
                    matched.append((code, noted))
                    continue
                }
                unmatched.append(UnmatchedEntry(
                    line: entry.line, creditCode: code, name: entry.name, reason: "code_name_mismatch",
                    candidates: Array(([(code: code, name: registryName)] + named).prefix(5)), input: entry.input,
                    note: "the credit code \(code) is \(registryName) in the registry, not \(entry.name ?? "") as the row names it; not scored"))
            case .pending(let key):
                let name = entry.name ?? ""
                let same = normalisedMatches[key] ?? []
                if same.count == 1 {
                    let formerly = formerlyNamed((formerMatches[key] ?? []).filter { $0.code != same[0].code })
                    if formerly.isEmpty {
                        // Found only in another spelling: said, as other matches that are not
                        // exact are (found by review: it was silent).
                        var noted = entry
                        noted.matchNote = "matched by name in another spelling: registered as \(same[0].name)"
                            + (codeProblems[index].map { "; " + $0 } ?? "")
                        matched.append((same[0].code, noted))
                        continue
                    }
                    unmatched.append(UnmatchedEntry(
                        line: entry.line, creditCode: entry.creditCode, name: name, reason: "ambiguous",
                        candidates: Array(([same[0]] + formerly).prefix(5)), input: entry.input,
                        note: "the name is \(same[0].code)'s now and a former name (曾用名) of \(describe(formerly))"
                            + (codeProblems[index].map { "; " + $0 } ?? "")))
                    continue
                }
                // No company has the name now: one that had it before a rename (曾用名).
                let formerly = same.isEmpty ? (formerMatches[key] ?? []) : []
                let formerCodes = Set(formerly.map(\.code))  // (no company has the name now)
                if formerCodes.count == 1, let former = formerly.first {
                    var noted = entry
                    let codeProblem = codeProblems[index].map { "; " + $0 } ?? ""
                    noted.matchNote = "matched by former name (曾用名 \(former.former)); registered now as \(former.name)" + codeProblem
                    matched.append((former.code, noted))
                    continue
                }
                var candidates = same
                if formerCodes.count > 1 {
                    unmatched.append(UnmatchedEntry(line: entry.line, creditCode: entry.creditCode, name: name, reason: "ambiguous",
                                                    candidates: Array(formerlyNamed(formerly).prefix(5)), input: entry.input,
                                                    note: "several companies had this name before a rename (曾用名)" + (codeProblems[index].map { "; " + $0 } ?? "")))
                    continue
                }
                // Candidates: the companies whose names contain the row's name, or, failing
                // that, its words before the legal form (某某股份有限公司 → the 某某有限公司; a
                // 有限公司 typed as 有限公同), at least four characters of them.
                var stem = name
                for form in ["股份有限公司", "有限责任公司", "有限公司", "公司"] where stem.hasSuffix(form) {
                    stem = String(stem.dropLast(form.count)); break
                }
                if stem == name, name.count > 4 { stem = String(name.dropLast(2)) }
                for text in stem.count >= 4 && stem != name ? [name, stem] : [name] where candidates.isEmpty {
                    let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                    if pattern.utf8.count <= Self.likePatternLimit {
                        // With `visible`, the first five visible ones (a cursor, stopped there).
                        let cursor = try Row.fetchCursor(db, sql: """
                            SELECT credit_code, name, region_code FROM company WHERE name LIKE ? ORDER BY credit_code
                            """, arguments: [pattern])
                        while candidates.count < 5, let row = try cursor.next() {
                            if shown(row[2]) { candidates.append((code: row[0] as String, name: row[1] as String)) }
                        }
                    }
                }
                unmatched.append(UnmatchedEntry(line: entry.line, creditCode: entry.creditCode, name: name,
                                                reason: same.count > 1 ? "ambiguous" : "not_found",
                                                candidates: Array(candidates.prefix(5)), input: entry.input, note: codeProblems[index]))
            }
        }
        return (matched, unmatched)
    }
}
