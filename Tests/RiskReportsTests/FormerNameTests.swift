import Foundation
import GRDB
import Testing
import RiskDomain
import RiskIngest
import RiskScoring
import RiskStore
import RiskTestSupport
@testable import RiskReports

/// 曾用名: a later export that renames a company keeps the old name (schema v8's trigger), and
/// watch-list rows, the data fingerprint and the report's registry facts use it. Before, the
/// import overwrote the name: a referral naming the company investors knew found nothing.
@Suite("Former company names (曾用名)")
struct FormerNameTests {
    static func code(_ n: Int) -> String { TestCreditCode.make(n) }

    /// Writes `companies.csv` with `rows` (code number, name) into a new folder and imports it.
    static func importCompanies(_ rows: [(Int, String)], into store: TestDatabase, batch: Int) throws -> ImportReport {
        let folder = store.directory.url.appendingPathComponent("export-\(batch)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = "credit_code,name,status\n" + rows.map { "\(code($0.0)),\($0.1),active\n" }.joined()
        try text.write(to: folder.appendingPathComponent("companies.csv"), atomically: true, encoding: .utf8)
        return try Importer(database: store.database, now: { Date(timeIntervalSince1970: 0) }).run(paths: [folder.path])
    }

    static func formerNames(_ store: TestDatabase) throws -> [String] {
        try store.database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT credit_code, name, replaced_by_batch, batch_id, src_line, src_file FROM company_former_name ORDER BY credit_code, name
                """).map { row in
                let file: String = row[5]
                return "\(row[0] as String) \(row[1] as String) replaced:\(row[2] as Int) from:\(row[3] as Int):\((file as NSString).lastPathComponent):\(row[4] as Int)"
            }
        }
    }

    @Test func aRenameKeepsTheOldNameOnceAndOnlyOnARename() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        _ = try Self.importCompanies([(1, "杭州旧名投资管理有限公司"), (2, "杭州乙有限公司")], into: store, batch: 1)
        #expect(try Self.formerNames(store).isEmpty)   // the initial load writes none
        let renamed = try Self.importCompanies([(2, "杭州乙有限公司"), (1, "杭州新名科技有限公司")], into: store, batch: 2)
        #expect(renamed.files.map(\.updated) == [1])
        let kept = ["\(Self.code(1)) 杭州旧名投资管理有限公司 replaced:2 from:1:companies.csv:2"]
        #expect(try Self.formerNames(store) == kept)
        // The same export again changes nothing; the current name stays the new one.
        _ = try Self.importCompanies([(2, "杭州乙有限公司"), (1, "杭州新名科技有限公司")], into: store, batch: 3)
        #expect(try Self.formerNames(store) == kept)
        let name = try store.database.writer.read { db in try String.fetchOne(db, sql: "SELECT name FROM company WHERE credit_code = ?", arguments: [Self.code(1)]) }
        #expect(name == "杭州新名科技有限公司")
        // Renamed back: the name it has again is no former name; the one it leaves is.
        _ = try Self.importCompanies([(1, "杭州旧名投资管理有限公司")], into: store, batch: 4)
        #expect(try Self.formerNames(store) == ["\(Self.code(1)) 杭州新名科技有限公司 replaced:4 from:2:companies.csv:3"])
    }

    @Test func watchListRowsFindACompanyByItsFormerName() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        _ = try Self.importCompanies([(1, "杭州旧名投资管理有限公司"), (2, "杭州同名理财有限公司"), (3, "杭州同名理财有限责任公司"),
                                      (4, "杭州曾用名咨询有限公司")], into: store, batch: 1)
        // 1 renamed; 2 and 3 both had 同名理财 (normalised the same) and were renamed; 5 now bears 4's old name.
        _ = try Self.importCompanies([(1, "杭州新名科技有限公司"), (2, "杭州二号有限公司"), (3, "杭州三号有限公司"),
                                      (4, "杭州四号有限公司"), (5, "杭州曾用名咨询有限公司")], into: store, batch: 2)
        let rows: [(String?, String)] = [
            (nil, "杭州旧名投资管理有限责任公司"),            // former name, normalised: matched, said
            (Self.code(1), "杭州旧名投资管理有限公司"),        // code with its former name: matched by code, said
            (nil, "杭州同名理财有限公司"),                    // two companies' former name: ambiguous
            (nil, "杭州曾用名咨询有限公司"),                  // 5's name now, 4's before: ambiguous
            (nil, "杭州从未有过有限公司"),
            (Self.code(2), "杭州旧名投资管理有限公司"),        // another company's former name beside a code: mismatch
            (Self.code(4), "杭州曾用名咨询有限公司"),          // the code's own former name, 5's now: matched by code, said
        ]
        let list = WatchList(entries: rows.enumerated().map { index, row in
            WatchList.Entry(line: index + 2, creditCode: row.0, name: row.1, input: [("name", row.1)])
        })
        let (matched, unmatched) = try store.database.writer.read { db in try list.resolve(db) }
        #expect(matched.map(\.code) == [Self.code(1), Self.code(1), Self.code(4)])
        #expect(matched[0].entry.matchNote == "matched by former name (曾用名 杭州旧名投资管理有限公司); registered now as 杭州新名科技有限公司")
        #expect(matched[1].entry.matchNote == "matched by credit code; the row's name 杭州旧名投资管理有限公司 is a former name (曾用名 杭州旧名投资管理有限公司) of 杭州新名科技有限公司")
        #expect(matched[2].entry.matchNote == "matched by credit code; the row's name 杭州曾用名咨询有限公司 is a former name (曾用名 杭州曾用名咨询有限公司) of 杭州四号有限公司; the name is registered now to \(Self.code(5)) 杭州曾用名咨询有限公司")
        // The report's Chinese label says how each was matched (all three were 按企业名称匹配).
        #expect(matched.map { WatchList.chineseLabel(forMatchNote: $0.entry.matchNote ?? "") }
                == ["按曾用名匹配", "按统一社会信用代码匹配，名单名称为曾用名", "按统一社会信用代码匹配，名单名称为曾用名"])
        #expect(unmatched.map(\.line) == [4, 5, 6, 7])
        #expect(unmatched.map(\.reason) == ["ambiguous", "ambiguous", "not_found", "code_name_mismatch"])
        #expect(unmatched[0].candidates.map(\.code) == [Self.code(2), Self.code(3)])
        #expect(unmatched[0].candidates.map(\.name) == ["杭州二号有限公司", "杭州三号有限公司"])
        #expect(unmatched[0].note == "several companies had this name before a rename (曾用名)")
        #expect(unmatched[1].candidates.map(\.code) == [Self.code(5), Self.code(4)])
        #expect(unmatched[1].note == "the name is \(Self.code(5))'s now and a former name (曾用名) of \(Self.code(4)) (now 杭州四号有限公司)")
        #expect(unmatched[3].candidates.map(\.code) == [Self.code(2), Self.code(1)])
        #expect(unmatched[3].note == "the credit code \(Self.code(2)) is 杭州二号有限公司 in the registry, not 杭州旧名投资管理有限公司 as the row names it, which is a former name (曾用名) of \(Self.code(1)) (now 杭州新名科技有限公司); not scored")
    }

    @Test func formerNamesAreInTheFingerprintAndTheRegistryFacts() throws {
        let renamed = try TestDatabase(), direct = try TestDatabase()
        defer { renamed.remove(); direct.remove() }
        _ = try Self.importCompanies([(1, "杭州旧名投资管理有限公司")], into: renamed, batch: 1)
        _ = try Self.importCompanies([(1, "杭州新名科技有限公司")], into: renamed, batch: 2)
        _ = try Self.importCompanies([(1, "杭州新名科技有限公司")], into: direct, batch: 1)
        let fingerprints = try [renamed, direct].map { store in try store.database.writer.read { db in try DataFingerprint.compute(db) } }
        // The same current records; the renamed one matches a row the other cannot.
        #expect(fingerprints[0] != fingerprints[1])

        let model = try ModelLoader.load(path: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path)
        let assembler = ReportAssembler(model: model, asOf: LocalDate(iso: "2026-06-30")!, reportDate: LocalDate(iso: "2026-06-30")!)
        let facts = try renamed.database.writer.read { db in try assembler.registry(Self.code(1), db: db) }
        #expect(facts?.formerNames == ["杭州旧名投资管理有限公司"])
        let plain = try direct.database.writer.read { db in try assembler.registry(Self.code(1), db: db) }
        #expect(plain?.formerNames == [])

        // Every format shows them, after the status; a company without any shows no line.
        var doc = ReportDocument.demo
        let index = try #require(doc.companies.firstIndex { $0.registry != nil })
        #expect(!ReportRenderer.html(doc).contains("曾用名") && !ReportRenderer.markdown(doc).contains("曾用名"))
        doc.companies[index].registry?.formerNames = ["杭州旧名投资管理有限公司", "杭州更早名称有限公司"]
        #expect(ReportRenderer.html(doc).contains("<dt>曾用名</dt><dd>杭州旧名投资管理有限公司；杭州更早名称有限公司</dd>"))
        #expect(ReportRenderer.markdown(doc).contains("| 曾用名 | 杭州旧名投资管理有限公司；杭州更早名称有限公司 |"))
        #expect(ReportRenderer.render(doc, as: .json).contains("\"former_names\": ["))
    }

    /// The 处置依据 cites a case by its number and another record by its sentence (a licence's
    /// key is its kind and grant date), each once.
    @Test func theDispositionBasisCitesEachRecordOnce() {
        func evidence(_ kind: EvidenceKind, _ key: String, _ text: String) -> ReportEvidence {
            ReportEvidence(reference: EvidenceReference(kind: kind, company: Self.code(1), key: key), text: text,
                           citation: .company(field: "", value: ""))
        }
        var company = ReportCompany(creditCode: Self.code(1), name: "甲", regionCode: "330106", score: 90, level: .high,
                                    dimensions: DimensionScores(illegalFinance: 90, business: 0, compliance: 0, network: 0), reasons: [
            ReportReason(indicator: "criminal_fundraising_case", dimension: .illegalFinance, points: 90, description: "刑事案件",
                         evidence: [evidence(.litigation, "（2024）浙01刑初1号", "非法吸收公众存款罪，被告"),
                                    evidence(.litigation, "（2024）浙01刑初1号", "集资诈骗罪，被告")]),
            ReportReason(indicator: "revoked_licence_still_selling", dimension: .illegalFinance, points: 20, description: "注销后仍在销售",
                         evidence: [evidence(.licence, "fund_manager 2018-01-01", "私募基金管理人登记 已于 2024-03-01 注销")]),
        ], disposition: "…")
        #expect(company.dispositionBasis == nil)
        company.dispositionRule = DispositionRuleRef(indicator: "criminal_fundraising_case", name: "涉非法集资刑事案件")
        #expect(company.dispositionBasis == "涉非法集资刑事案件，见（2024）浙01刑初1号")
        #expect(company.dispositionWithRule == "…（依据：涉非法集资刑事案件）")
        company.dispositionRule = DispositionRuleRef(indicator: "revoked_licence_still_selling", name: "金融牌照已注销仍在销售产品")
        #expect(company.dispositionBasis == "金融牌照已注销仍在销售产品，见私募基金管理人登记 已于 2024-03-01 注销")
    }
}

/// Found by review (rv16-names D6): a list row with only an invalid credit code read 未找到 in
/// the report and `not_found` in its JSON, with no word on what is wrong with the code.
@Suite struct BadCreditCodeRowTests {
    @Test func anInvalidCodeIsSaidToBeInvalid() throws {
        let database = try TestDatabase(); defer { database.remove() }
        let bad = "91330102000000015X"
        let list = WatchList(entries: [WatchList.Entry(line: 2, creditCode: WatchList.normalisedCode(" 9133 0102-0000 0001 5x "), name: nil, input: [])])
        #expect(list.entries[0].creditCode == bad)
        let (_, unmatched) = try database.database.writer.read { db in try list.resolve(db) }
        let entry = try #require(unmatched.first)
        #expect(entry.reason == "bad_credit_code")
        #expect(entry.note == "the credit code \(bad) is invalid: wrong check character (expected N)")
        let model = try ModelLoader.load(path: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path)
        let assembler = ReportAssembler(model: model, asOf: LocalDate(iso: "2026-06-30")!, reportDate: LocalDate(iso: "2026-06-30")!)
        let row = try database.database.writer.read { db in try assembler.unmatched(entry, db: db) }
        // The detail in Chinese too (it was only in the English note; found by review).
        #expect(row.situation.chinese == "统一社会信用代码无效：校验位错误（应为 N），未予匹配")
        #expect(row.situation.english == "the credit code \(bad) is invalid: wrong check character (expected N)")
        #expect(ReportJSONEncoder.unmatched(row).serialized().contains(#""reason": "bad_credit_code""#))
    }

    /// Found by review (rv16-names D5): the list's own columns (the bureau's referral number)
    /// were in the report only for companies with a dossier; every ranked and unscored row now
    /// shows them, the code and the name columns left out (they are shown already).
    @Test func theListsOwnColumnsAreShownForEveryRow() throws {
        let fields = [ReportField("referral_no", "浙金监转〔2026〕017号"), ReportField("统一社会信用代码", "913101153KYHWB4A4D"),
                      ReportField("Name ", "某公司"), ReportField("note", ""), ReportField("承办人", "王")]
        #expect(ReportField.listExtras(fields) == "referral_no=浙金监转〔2026〕017号；承办人=王")
        var entry = ReportUnmatchedEntry(row: 3, query: "某公司", ambiguous: false)
        entry.input = fields
        #expect(ReportJSONEncoder.unmatched(entry).serialized().contains(#""referral_no": "浙金监转〔2026〕017号""#))
    }
}
