import Foundation
import GRDB
import RiskDomain
import RiskStore

/// Computes the feature catalogue (``Feature``) for every company, or for a subset, in one
/// ordered pass per table with hand-decoded row cursors into per-company arrays.
///
/// The same row handlers serve both modes: a whole-province screening reads each table once;
/// a watch list reads only its companies' rows (`company IN (…)` in chunks). Evidence is
/// kept only for the companies in `evidenceFor`, so a million-company run stays lean.
/// - Complexity: O(rows + text bytes) per table; memory O(companies × features).
public struct FeatureExtractor: Sendable {
    public let model: RiskModel
    public let analyzer: TextAnalyzer
    public let asOf: LocalDate
    private let financialWords: AhoCorasick
    private let financialWordCount: Int
    private let scopeNegationWindow: Int
    private let unreachableWords: AhoCorasick
    private let returnPromiseWords: AhoCorasick
    private let organisationWords: AhoCorasick

    public init(model: RiskModel, analyzer: TextAnalyzer, asOf: LocalDate) {
        self.model = model
        self.analyzer = analyzer
        self.asOf = asOf
        // Financial words and, after them, the negations that cancel them (…不得从事理财…).
        financialWords = AhoCorasick(patterns: model.lexicon("financial_words") + model.lexicon("scope_negations"))
        financialWordCount = model.lexicon("financial_words").count
        scopeNegationWindow = model.textRules.first { $0.lexicon == "financial_words" }?.window ?? 0
        unreachableWords = AhoCorasick(patterns: model.lexicon("unreachable_reasons"))
        returnPromiseWords = AhoCorasick(patterns: model.lexicon("return_promise_words"))
        organisationWords = AhoCorasick(patterns: model.lexicon("organisation_words"))
    }

    /// Cause classes of litigation (from the model's cause lexicons).
    enum CauseClass { case criminalFundraising, privateLending, lending, fraud, other }

    /// Computes features for `subset` (all companies when nil), with evidence for `evidenceFor`.
    public func extract(_ db: Database, companies: CompanyIndex, subset: Set<Int>? = nil,
                        evidenceFor: Set<Int> = []) throws -> FeatureTable {
        let n = companies.count
        // A subset covering a large part of the store is read by full scans (cheaper than
        // thousands of `IN (…)` chunks); the values are the same.
        // A partial company index (a watch list's neighbourhood) is always read by company.
        let subset: Set<Int>? = companies.isPartial ? (subset ?? Set(0..<n)) : subset.flatMap { $0.count * 4 > n ? nil : $0 }
        var table = FeatureTable(companyCount: n)
        let today = asOf.dayNumber
        let asOfText = asOf.iso
        let collect = { (company: Int) in evidenceFor.contains(company) }

        // Rows of `sql` (which must select `company` first) for the subset, or all. No feature
        // depends on the order of the rows (counts, maxima, sets; evidence is sorted when
        // read), so a subset is read in company order and the whole table in stored order.
        func forEachRow(_ sql: String, _ body: (Int, Row) throws -> Void) throws {
            if let subset {
                let codes = subset.sorted().map { companies.codes[$0] }
                var start = 0
                while start < codes.count {
                    let chunk = Array(codes[start..<min(start + 500, codes.count)])
                    start += 500
                    let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let rows = try Row.fetchCursor(db, sql: sql.replacingOccurrences(of: "/*WHERE*/", with: "WHERE company IN (\(placeholders))"),
                                                   arguments: StatementArguments(chunk))
                    while let row = try rows.next() {
                        if let position = companies.position(of: row[0]) { try body(position, row) }
                    }
                }
            } else {
                // The whole table in its stored order: a sequential scan, several times faster
                // than walking the company index with a row lookup each (rows of one company
                // usually sit together, so the position cache below still mostly hits).
                let rows = try Row.fetchCursor(db, sql: sql.replacingOccurrences(of: "/*WHERE*/ ORDER BY company", with: "")
                                                   .replacingOccurrences(of: "/*WHERE*/", with: ""))
                var lastCode = ""
                var lastPosition: Int? = nil
                while let row = try rows.next() {
                    let code: String = row[0]
                    if code != lastCode { lastCode = code; lastPosition = companies.position(of: code) }
                    if let position = lastPosition { try body(position, row) }
                }
            }
        }

        // Licences: valid (granted by as-of, not revoked by as-of) and revoked.
        var validLicence = [Bool](repeating: false, count: n)
        var lendingLicence = [Bool](repeating: false, count: n)
        var licenceEvidence: [Int: [Evidence]] = [:]
        try forEachRow("SELECT company, licence, granted, revoked FROM licence /*WHERE*/ ORDER BY company") { c, row in
            let kind: String = row[1]
            let granted: String? = row[2], revoked: String? = row[3]
            if let granted, granted > asOfText { return }
            let key = "\(kind) \(granted ?? "")".trimmingCharacters(in: .whitespaces)
            if let revoked, revoked <= asOfText {
                table[.revokedLicence, c] = 1
                if collect(c) {
                    let evidence = Evidence(kind: "licence", key: key, text: "\(LicenceKind(rawValue: kind)?.chinese ?? kind) 已于 \(revoked) 注销")
                    table.note(c, .revokedLicence, evidence)
                    licenceEvidence[c, default: []].append(evidence)
                }
            } else {
                validLicence[c] = true
                if LicenceKind(rawValue: kind)?.allowsLending ?? false { lendingLicence[c] = true }
            }
        }

        // Companies: financial words, capital, age, status.
        let youngDays = Int(model.youngCompanyYears * 365.25)
        var financialName = [Bool](repeating: false, count: n)
        func visitCompany(_ c: Int) {
            let name = companies.names[c]
            let scope = companies.scope[c] ?? ""
            let words = financialMentions(name) + financialMentions(scope)
            let financial = !words.isEmpty
            financialName[c] = financial
            if financial && !validLicence[c] {
                table[.financialNameUnlicensed, c] = 1
                if collect(c) {
                    table.note(c, .financialNameUnlicensed, Evidence(kind: "company", key: companies.codes[c],
                        text: "名称或经营范围含金融字样（\(Array(Set(words)).sorted().joined(separator: "、"))），无有效金融牌照"))
                }
            }
            if companies.status[c] == "revoked" {
                table[.revokedStatus, c] = 1
                if collect(c) { table.note(c, .revokedStatus, Evidence(kind: "company", key: companies.codes[c], text: "登记状态：吊销")) }
            }
            if let established = companies.establishedDay[c], today - Int(established) < youngDays, financial,
               let reg = companies.regCapital[c], reg >= model.hollowCapitalMin, companies.paidCapital[c] == 0 {
                table[.hollowFinancialCapital, c] = 1
                if collect(c) {
                    table.note(c, .hollowFinancialCapital, Evidence(kind: "company", key: companies.codes[c],
                        text: "成立于 \(LocalDate(dayNumber: Int(established)).iso)，注册资本 \(JSONNumber.text(reg)) 万元，实缴 0"))
                }
            }
        }
        if let subset { for c in subset.sorted() { visitCompany(c) } } else { for c in 0..<n { visitCompany(c) } }

        // Products on sale by the as-of date.
        var productCount = [Int32](repeating: 0, count: n)
        try forEachRow("""
            SELECT company, product, promised_yield, guaranteed, channel, investors, start, "end" FROM product /*WHERE*/ ORDER BY company
            """) { c, row in
            let start: String? = row[6]
            if let start, start > asOfText { return }
            let name: String = row[1]
            let yield: Double? = row[2]
            let guaranteed: Int? = row[3]
            let channel: String? = row[4]
            let investors: Int? = row[5]
            productCount[c] += 1
            // Evidence text only for the companies that keep evidence (a province has millions of rows).
            func evidence() -> Evidence {
                var parts: [String] = []
                if let yield { parts.append("年化 \(JSONNumber.text(yield))%") }
                if guaranteed == 1 { parts.append("保本保息") }
                if let channel { parts.append(SalesChannel(rawValue: channel)?.chinese ?? channel) }
                if let investors { parts.append("\(investors) 名投资人") }
                return Evidence(kind: "product", key: name, text: parts.joined(separator: "，"))
            }
            if let yield, yield - model.benchmarkYield > table[.yieldExcess, c] {
                table[.yieldExcess, c] = yield - model.benchmarkYield
            }
            if let yield, yield > model.benchmarkYield, collect(c) { table.note(c, .yieldExcess, evidence()) }
            if guaranteed == 1 {
                table[.guaranteedProducts, c] += 1
                if collect(c) { table.note(c, .guaranteedProducts, evidence()) }
            }
            if let channel, let kind = SalesChannel(rawValue: channel), kind.isPublic {
                table[.publicChannelProducts, c] += 1
                if collect(c) { table.note(c, .publicChannelProducts, evidence()) }
            }
            if let investors, Double(investors) > table[.maxInvestors, c] {
                table[.maxInvestors, c] = Double(investors)
            }
            if let investors, investors > 200, collect(c) { table.note(c, .maxInvestors, evidence()) }
            if collect(c) {
                table.note(c, .unlicensedFinancialProducts, evidence())
                table.note(c, .youngCompanyWithProducts, evidence())
            }
        }
        for c in 0..<n where productCount[c] > 0 {
            if !validLicence[c] {
                table[.unlicensedFinancialProducts, c] = Double(productCount[c])
                if table[.revokedLicence, c] > 0 {
                    table[.revokedLicenceStillSelling, c] = 1
                    for item in licenceEvidence[c] ?? [] { table.note(c, .revokedLicenceStillSelling, item) }
                }
            }
            if let established = companies.establishedDay[c], today - Int(established) < youngDays,
               table[.publicChannelProducts, c] > 0 {
                table[.youngCompanyWithProducts, c] = 1
            }
        }

        // Litigation.
        let litigationFrom = asOf.adding(days: -model.windows.litigationDays).iso
        var causeCache: [String: CauseClass] = [:]
        var individualPlaintiffs: [Int: Set<String>] = [:]
        try forEachRow("""
            SELECT company, case_no, role, cause, filed, counterparty, amount FROM litigation /*WHERE*/ ORDER BY company
            """) { c, row in
            let filed: String = row[4]
            guard filed <= asOfText else { return }
            let role: String = row[2]
            let cause: String = row[3]
            let caseNo: String = row[1]
            let counterparty: String? = row[5]
            let causeClass = causeCache[cause] ?? classify(cause: cause)
            causeCache[cause] = causeClass
            let inWindow = filed >= litigationFrom
            func evidence() -> Evidence {
                Evidence(kind: "case", key: caseNo,
                         text: "\(cause)，\(LitigationRole(rawValue: role)?.chinese ?? role)，立案 \(filed)\(counterparty.map { "，对方 \($0)" } ?? "")")
            }
            switch causeClass {
            case .criminalFundraising:
                if role != "plaintiff" {
                    table[.criminalFundraisingCases, c] += 1
                    if collect(c) { table.note(c, .criminalFundraisingCases, evidence()) }
                }
            case .privateLending, .lending:
                guard role == "defendant", inWindow else { return }
                table[.lendingSuitsAsDefendant, c] += 1
                if collect(c) { table.note(c, .lendingSuitsAsDefendant, evidence()) }
                // A licensed lender being sued is ordinary business too; individual lenders
                // suing an unlicensed company in 民间借贷 are the fundraising signal.
                if causeClass == .privateLending, !lendingLicence[c], let counterparty,
                   !counterparty.isEmpty, !organisationWords.containsAny(counterparty) {
                    individualPlaintiffs[c, default: []].insert(counterparty)
                    if collect(c) { table.note(c, .privateLendingIndividualPlaintiffs, evidence()) }
                }
            case .fraud:
                if role == "defendant" {
                    table[.fraudCasesAsDefendant, c] += 1
                    if collect(c) { table.note(c, .fraudCasesAsDefendant, evidence()) }
                }
            case .other:
                guard role == "defendant", inWindow else { return }
                table[.commercialSuitsAsDefendant, c] += 1
                if collect(c) { table.note(c, .commercialSuitsAsDefendant, evidence()) }
            }
        }
        for (c, people) in individualPlaintiffs { table[.privateLendingIndividualPlaintiffs, c] = Double(people.count) }

        // Compliance.
        let complianceFrom = asOf.adding(days: -model.windows.complianceDays).iso
        let changeFrom = asOf.adding(days: -model.windows.changeDays).iso
        try forEachRow("""
            SELECT company, kind, date, reason, removed, amount FROM compliance /*WHERE*/ ORDER BY company
            """) { c, row in
            let kind: String = row[1]
            let date: String = row[2]
            guard date <= asOfText else { return }
            let reason: String? = row[3]
            let removed: String? = row[4]
            let current = removed.map { $0 > asOfText } ?? true
            func evidence() -> Evidence {
                Evidence(kind: "compliance", key: "\(kind) \(date)",
                         text: "\(ComplianceKind(rawValue: kind)?.chinese ?? kind)\(reason.map { "：\($0)" } ?? "")\(removed.map { "（\($0) 移出）" } ?? "")")
            }
            switch kind {
            case "abnormal_operation":
                guard current else { return }
                let feature: Feature = reason.map { unreachableWords.containsAny($0) } ?? false ? .abnormalUnreachable : .abnormalOther
                table[feature, c] = 1
                if collect(c) { table.note(c, feature, evidence()) }
            case "serious_violation":
                guard current else { return }
                table[.seriousViolation, c] = 1
                if collect(c) { table.note(c, .seriousViolation, evidence()) }
            case "penalty":
                guard date >= complianceFrom else { return }
                table[.penalties, c] += 1
                if collect(c) { table.note(c, .penalties, evidence()) }
                if let reason, returnPromiseWords.containsAny(reason) {
                    table[.returnPromisingPenalty, c] = 1
                    if collect(c) { table.note(c, .returnPromisingPenalty, evidence()) }
                }
            case "tax_arrears":
                guard date >= complianceFrom else { return }
                table[.taxArrears, c] += 1
                if collect(c) { table.note(c, .taxArrears, evidence()) }
            case "change":
                guard date >= changeFrom else { return }
                table[.changeChurn, c] += 1
                if collect(c) { table.note(c, .changeChurn, evidence()) }
            default:
                return
            }
        }

        // News.
        let newsFrom = asOf.adding(days: -model.windows.newsDays).iso
        try forEachRow("""
            SELECT company, id, date, title, content, sentiment FROM news /*WHERE*/ ORDER BY company
            """) { c, row in
            let date: String = row[2]
            guard date <= asOfText, date >= newsFrom else { return }
            let id: String = row[1]
            let title: String = row[3]
            let content: String? = row[4]
            let given: Double? = row[5]
            let analysis = analyzer.analyze(content.map { title + "\n" + $0 } ?? title)
            let sentiment = given ?? analysis.sentiment
            if analysis.has("fundraising_phrases") {
                table[.fundraisingNews, c] += 1
                if collect(c) {
                    table.note(c, .fundraisingNews, Evidence(kind: "news", key: id,
                        text: "\(date) \(title)（\((analysis.terms["fundraising_phrases"] ?? []).joined(separator: "、"))）"))
                }
            }
            if sentiment <= model.negativeSentiment {
                table[.negativeNews, c] += 1
                if collect(c) {
                    table.note(c, .negativeNews, Evidence(kind: "news", key: id, text: "\(date) \(title)（情感 \(JSONNumber.text((sentiment * 100).rounded() / 100))）"))
                }
            }
        }
        return table
    }

    func classify(cause: String) -> CauseClass {
        func has(_ lexicon: String) -> Bool { model.lexicon(lexicon).contains { cause.contains($0) } }
        if has("criminal_fundraising_causes") { return .criminalFundraising }
        if has("private_lending_causes") { return .privateLending }
        if has("lending_causes") { return .lending }
        if has("fraud_causes") { return .fraud }
        return .other
    }

    /// Financial words in `text` not cancelled by a negation within the rule's window.
    /// - Complexity: O(|text| + matches²); names and scopes are short.
    func financialMentions(_ text: String) -> [String] {
        guard !text.isEmpty, financialWords.containsAny(text) else { return [] }
        let matches = financialWords.matches(in: text)
        let negations = matches.filter { $0.pattern >= financialWordCount }
        return matches.filter { match in
            match.pattern < financialWordCount && !negations.contains { negation in
                negation.end > match.start - scopeNegationWindow && negation.start < match.end + scopeNegationWindow
            }
        }.map { financialWords.patterns[$0.pattern] }
    }
}

/// Numbers as text for evidence and tables: integers without a fraction.
enum JSONNumber {
    static func text(_ value: Double) -> String { JSONValue.format(value) }
}
