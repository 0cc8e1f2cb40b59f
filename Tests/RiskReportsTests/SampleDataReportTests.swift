import Foundation
import Testing
import RiskDomain
import RiskIngest
import RiskScoring
import RiskStore
import RiskTestSupport
@testable import RiskReports

/// The report assembled from the repository's sample-data, in process.
@Suite("Sample-data report")
struct SampleDataReportTests {
    static let asOf = LocalDate(iso: "2026-06-30")!

    /// Imports sample-data into a fresh database and assembles the watch-list report (or a
    /// list of the `codes` given) as of `date`.
    static func assemble(asOf date: LocalDate = asOf, codes: [String]? = nil) throws -> (ReportDocument, TestDatabase) {
        let store = try TestDatabase()
        let root = RepositoryPaths.packageRoot
        _ = try Importer(database: store.database, now: { Date(timeIntervalSince1970: 0) })
            .run(paths: [root.appendingPathComponent("sample-data").path])
        let model = try ModelLoader.load(path: root.appendingPathComponent("models/illegal-fundraising.yaml").path)
        let listPath = root.appendingPathComponent("sample-data/watchlist.csv").path
        var list = try WatchList.read(path: listPath)
        if let codes {
            list = WatchList(entries: codes.enumerated().map { WatchList.Entry(line: $0.offset + 2, creditCode: $0.element, name: nil, input: [("credit_code", $0.element)]) })
        }
        let listFile = ReportListFile(path: "sample-data/watchlist.csv", sha256: try Digest.sha256(fileAt: listPath), rows: list.entries.count)
        let output = try ReportAssembler(model: model, asOf: date, reportDate: date)
            .assemble(database: store.database, list: list, listFile: listFile)
        return (output.document, store)
    }

    static let fundManager = "91420106JHXR9N1H8T", wealth = "91320505U8JE34372B", wuhanBranch = "91420106FDFKHHBGXW"

    @Test("dossiers of the sample rings: officer roles, the branch's 负责人 and head office, licences, the method notes")
    func sampleDossierFacts() throws {
        let (doc, store) = try Self.assemble()
        defer { store.remove() }
        let companies = Dictionary(doc.companies.map { ($0.creditCode, $0) }, uniquingKeysWith: { a, _ in a })
        // M1: an office reads as its roles, as `riskbrain chain` writes them, never a bare 任职.
        let wealth = try #require(companies[Self.wealth])
        let nodes = wealth.links?.nodes ?? []
        #expect(!nodes.contains { $0.via?.relation == "任职" }, "a bare 任职 in \(nodes.compactMap(\.via?.relation))")
        #expect(nodes.first { $0.name == "王凤怡" }?.via?.relation == "财务负责人")
        let tongfang = try #require(nodes.first { $0.name == "武汉同方工商贸有限公司" })
        #expect(tongfang.via?.relation.contains("法定代表人") ?? false, "\(String(describing: tongfang.via))")
        #expect(tongfang.via?.inbound == false)
        let md = ReportRenderer.markdown(doc), html = ReportRenderer.html(doc)
        #expect(md.contains("王凤怡 —财务负责人→ 苏州鼎鑫财富管理有限公司"))
        #expect(!md.contains("—任职→") && !html.contains("—任职→"))
        // H1 on real data: 北京聚财控股 holds 100% of 上海亚睿祥, not the reverse.
        #expect(html.contains("北京聚财控股集团有限公司 —股东 100%→ 上海亚睿祥实业有限公司"))
        #expect(!html.contains("北京聚财控股集团有限公司 的股东"))
        // M2: the branch's registry person is its 负责人; the head office is named; the
        // owners are the head office's, and its manager is not a beneficial owner.
        let branch = try #require(companies[Self.wuhanBranch])
        #expect(branch.registry?.isBranch == true)
        #expect(branch.registry?.parentName == "苏州鼎鑫财富管理有限公司")
        let branchDossier = try #require(ReportTestSupport.dossier(html, creditCode: Self.wuhanBranch))
        #expect(branchDossier.contains("<dt>负责人</dt><dd>张浩东</dd>"))
        #expect(branch.links?.nodes.first { $0.name == "张浩东" }?.via?.relation == "负责人")
        #expect(branchDossier.contains("<dt>总公司</dt><dd>苏州鼎鑫财富管理有限公司（91320505U8JE34372B）</dd>"))
        #expect(branch.ownership?.actualController?.name == "冯丽卫")
        #expect(branch.ownership?.beneficialOwners.map(\.name) == ["冯丽卫"])
        #expect(branchDossier.contains("受益所有人 (beneficial owners)：冯丽卫"))
        #expect(branchDossier.contains("注：分支机构（分公司）不具有法人资格"))
        // M8: the fund manager's valid licence, whether or not it scored.
        let fund = try #require(companies[Self.fundManager])
        #expect(fund.registry?.licences == [RegistryLicence(kind: .fundManager, authority: "中国证券投资基金业协会",
                                                           granted: LocalDate(iso: "2022-11-03"), revoked: nil)])
        let fundDossier = try #require(ReportTestSupport.dossier(html, creditCode: Self.fundManager))
        #expect(fundDossier.contains("<dt>金融牌照/备案</dt><dd>私募基金管理人登记，中国证券投资基金业协会，2022-11-03 取得，有效</dd>"))
        // The controller replaced as legal representative before the collapse is named.
        #expect(wealth.registry?.legalRepresentative == "张浩东")
        #expect(wealth.registry?.formerLegalRepresentatives.map(\.text) == ["冯丽卫（2019-10-05 至 2025-07-27）"])
        // L2: the method notes state the thresholds the model and graph use, and every window.
        let notes = doc.appendix.methodNotes.joined(separator: "\n")
        for fact in ["超过 40 家企业的企业只接收、不再传导", "超过 20 家企业时不形成关联", "超过 10 家时其关联按枢纽折减（× 0.3）",
                     "关联超过 100 条的非企业节点", "理财产品（在售及停售后）1095 天", "登记变更 365 天"] {
            #expect(notes.contains(fact), "method notes lack \(fact)")
        }
        #expect(!notes.contains("关联超过 40 家企业的枢纽节点折叠显示"))
    }

    /// A linked warning named only its code and region: a bureau referring 武汉同方工商贸 to
    /// the Wuhan regulator had to look up where it is and who runs it (found by review). It
    /// now carries its registry facts and the disposition of its level, in every format.
    @Test("linked warnings carry their registry facts and disposition")
    func linkedWarningsCarryFactsAndDisposition() throws {
        let (doc, store) = try Self.assemble()
        defer { store.remove() }
        let tongfang = try #require(doc.linked.first { $0.creditCode == "914201063JCR0YKTRH" })
        #expect(tongfang.registry?.legalRepresentative == "王凤怡")
        #expect(tongfang.registry?.address?.hasPrefix("湖北省武汉市") == true)
        #expect(tongfang.disposition == "立即核查：提请地方金融管理部门现场检查，涉嫌犯罪的移送公安机关")
        let facts = try #require(tongfang.factsLine)
        #expect(facts.hasPrefix("登记状态：存续；法定代表人：王凤怡；地址：湖北省武汉市"))
        #expect(ReportRenderer.markdown(doc).contains(facts) && ReportRenderer.html(doc).contains(facts))
        #expect(ReportRenderer.render(doc, as: .json).contains("\"legal_rep\": \"王凤怡\""))
        // Its dimensions, from which its score is combined (found by review: the report had none).
        let dims = try #require(tongfang.dimensions)
        #expect(dims.network > 0 && dims.network <= 100)
        #expect(abs(tongfang.score - RiskModel.round1(0.9 * dims.network)) < 0.05 || tongfang.score >= RiskModel.round1(0.9 * dims.network))
        let line = "维度得分：非法金融 \(ReportText.fixed(dims.illegalFinance)) · 业务 \(ReportText.fixed(dims.business)) · 合规 \(ReportText.fixed(dims.compliance)) · 关联 \(ReportText.fixed(dims.network))"
        #expect(ReportRenderer.html(doc).contains(line) && ReportRenderer.markdown(doc).contains(line), "\(line)")
        let json = ReportRenderer.render(doc, as: .json)
        #expect(json.contains("\"dimensions\": {\n        \"illegal_finance\": \(JSONValue.format(dims.illegalFinance))"), "\(json.prefix(200))")
        // The appendix states the numbers the features read: the yield benchmark, the tie weights.
        #expect(doc.appendix.methodNotes.contains { $0.hasPrefix("参数：承诺收益以年化 3.1% 为市场基准") && $0.contains("同一实际控制人 0.95") })
    }

    /// A company already in a criminal fundraising case was told "涉嫌犯罪的移送公安机关",
    /// which has happened. Model 1.4.0's specific disposition replaces it, and every format
    /// names the indicator that chose it; the appendix lists the rules.
    @Test("a company in a criminal case gets the model's specific disposition, with its basis")
    func criminalCaseDisposition() throws {
        let (doc, store) = try Self.assemble()
        defer { store.remove() }
        let criminal = doc.companies.filter { $0.reasons.contains { $0.indicator == "criminal_fundraising_case" } }
        #expect(!criminal.isEmpty)
        for company in criminal {
            #expect(company.dispositionRule == DispositionRuleRef(indicator: "criminal_fundraising_case", name: "涉非法吸收公众存款或集资诈骗刑事案件"))
            #expect(company.disposition.hasPrefix("已涉非法集资刑事案件"))
        }
        let others = doc.companies.filter { $0.level == .high && $0.dispositionRule == nil }
        #expect(!others.isEmpty && others.allSatisfy { $0.disposition.hasPrefix("立即核查") })
        #expect(doc.appendix.dispositionRules.map(\.rule.indicator) == ["revoked_licence_still_selling", "criminal_fundraising_case"])
        #expect(doc.appendix.dispositionRules.map(\.levels) == [[.high, .medium], [.high]])

        let basis = "处置依据：涉非法吸收公众存款或集资诈骗刑事案件"
        let html = ReportRenderer.html(doc), markdown = ReportRenderer.markdown(doc), json = ReportRenderer.render(doc, as: .json)
        #expect(html.components(separatedBy: basis).count - 1 == criminal.count)
        #expect(markdown.components(separatedBy: basis).count - 1 == criminal.count)
        #expect(html.contains("特定处置") && markdown.contains("### 特定处置 (specific dispositions)"))
        #expect(json.components(separatedBy: "\"disposition_rule\": \"criminal_fundraising_case\"").count - 1 == criminal.count)
        #expect(json.contains("\"disposition_rules\""))
    }

    @Test("with a past as-of date the registry names the legal representative in office then")
    func pastAsOfRegistry() throws {
        // 冯丽卫 was 苏州鼎鑫财富's legal representative from 2019-10-05 to 2025-07-27; 张浩东 since.
        let (doc, store) = try Self.assemble(asOf: LocalDate(iso: "2025-06-30")!, codes: [Self.wealth])
        defer { store.remove() }
        let wealth = try #require(doc.companies.first { $0.creditCode == Self.wealth })
        #expect(wealth.hasDossier)
        #expect(wealth.registry?.legalRepresentative == "冯丽卫")
        #expect(wealth.registry?.formerLegalRepresentatives.isEmpty == true)
        // On the day itself the successor is in office.
        let (later, laterStore) = try Self.assemble(asOf: LocalDate(iso: "2025-07-27")!, codes: [Self.wealth])
        defer { laterStore.remove() }
        #expect(later.companies.first?.registry?.legalRepresentative == "张浩东")
    }

    @Test("every evidence reference of the sample-data report resolves to a stored record")
    func sampleEvidenceResolves() throws {
        let (doc, store) = try Self.assemble()
        defer { store.remove() }
        var checked = 0
        var kinds = Set<EvidenceKind>()
        try store.database.writer.read { db in
            for company in doc.companies {
                for reason in company.reasons {
                    for evidence in reason.evidence {
                        #expect(evidence.reference.company == company.creditCode)
                        let found = try EvidenceLookup.resolves(evidence.reference, citation: evidence.citation, in: db)
                        #expect(found, "unresolved \(evidence.reference.kind.rawValue) \(evidence.reference.key) of \(company.name)")
                        if case .company(let field, _) = evidence.citation { #expect(field != "未找到记录") }
                        kinds.insert(evidence.reference.kind)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked >= 30)
        // The sample ring companies are cited by court case, product, news and registry.
        #expect(kinds.isSuperset(of: [.litigation, .product, .news, .company]))
    }

    @Test("dossier companies carry registry, ownership and links; citations carry the stored fields")
    func dossiersAreFilled() throws {
        let (doc, store) = try Self.assemble()
        defer { store.remove() }
        #expect(doc.count(of: .high) == 8)
        #expect(doc.companies.count == 40)
        #expect(doc.list?.rows == 40)
        for company in doc.dossierCompanies {
            #expect(company.registry?.established != nil, "\(company.name) has no registry facts")
            #expect(company.ownership != nil && company.links != nil)
            #expect(!(company.links?.nodes.isEmpty ?? true), "\(company.name) has no neighbours")
        }
        let citations = doc.companies.flatMap(\.reasons).flatMap(\.evidence).map(\.citation)
        #expect(citations.contains { if case .litigation(_, let court?, _?, let cause, _?, _, _) = $0 { return !court.isEmpty && !cause.isEmpty } else { return false } })
        #expect(citations.contains { if case .product(_, _?, _?, _?, _?, _) = $0 { return true } else { return false } })
        #expect(citations.contains { if case .news(_, let title, _?, _?) = $0 { return !title.isEmpty } else { return false } })
        #expect(doc.appendix.indicators.count > 10)
        #expect(!doc.linked.isEmpty && doc.linked.allSatisfy { !$0.chain.isEmpty })
    }

    /// A 正常 row read only "—": nothing said what was checked or why it did not count (a
    /// bank's public product, a lender's suits as plaintiff, awareness-campaign news; found by
    /// review). Every listed company without a dossier says it, with its reasons' evidence.
    @Test("the companies without a dossier say what was checked and why it did not count")
    func basisOfTheOthers() throws {
        let bank = "BANK", lender = "LENDER", venue = "VENUE", old = "OLD"
        let codes = try Self.sampleCodes(named: ["上海银泰农村商业银行股份有限公司": bank, "宁波海曙金诚小额贷款股份有限公司": lender, "杭州富邦文化传媒有限公司": venue,
                                                 "温州美美禾食品有限公司": old])
        let (doc, store) = try Self.assemble(codes: Array(codes.values))
        defer { store.remove() }
        func checked(_ key: String) -> String { doc.companies.first { $0.creditCode == codes[key] }?.recordsChecked ?? "" }
        #expect(checked(bank).contains("银行（有效，可向公众销售，产品不按私募规则计分）"), "\(checked(bank))")
        #expect(checked(lender).contains("作为原告 30 件（原告之诉不计入被诉风险）"), "\(checked(lender))")
        #expect(checked(venue).contains("舆情（近 1 年）2 条（其中 2 条的涉集资用语出现在防范宣传"), "\(checked(venue))")
        // Records before the windows are said to exist, not "none" (found by review).
        #expect(checked(old) == "时间窗口之前另有诉讼 1 件、合规记录 1 条（超出模型时间窗口，不计）", "\(checked(old))")
        #expect(doc.companies.allSatisfy { ($0.recordsChecked != nil) == !$0.hasDossier })
        let markdown = ReportRenderer.markdown(doc), html = ReportRenderer.html(doc)
        #expect(markdown.contains("### 未建档企业的评分依据") && html.contains("id=\"basis\""))
        #expect(ReportJSONEncoder.company(try #require(doc.companies.first { $0.creditCode == codes[bank] }))["records_checked"] != nil)
    }

    /// A licence granted after the as-of date read as valid, with the public-sales reason the
    /// scorer did not apply (found by review).
    @Test("a licence granted after the as-of date is said not to count")
    func laterLicence() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        let folder = try TemporaryDirectory(prefix: "riskbrain-checked")
        defer { folder.remove() }
        let code = "91330110J71FUMN496"
        try folder.write("data/companies.csv", "credit_code,name\n\(code),杭州未来银行股份有限公司\n")
        try folder.write("data/licences.csv", "company,licence,granted,revoked\n\(code),bank,2027-01-01,\n")
        _ = try Importer(database: store.database).run(paths: [folder.url.appendingPathComponent("data").path])
        let model = try ModelLoader.load(path: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path)
        let checked = RecordsChecked(model: model, asOf: Self.asOf, analyzer: RiskScorer(model: model, asOf: Self.asOf).analyzer)
        #expect(try store.database.writer.read { try checked.line(code, db: $0) } == "金融牌照：银行（2027-01-01 取得，晚于评分基准日，不计）")
        #expect(RecordsChecked.window(1095) == "近 3 年" && RecordsChecked.window(548) == "近 548 天")
    }

    /// Credit codes of sample-data companies by name, keyed as `names` says.
    static func sampleCodes(named names: [String: String]) throws -> [String: String] {
        let text = try String(contentsOf: RepositoryPaths.packageRoot.appendingPathComponent("sample-data/companies.csv"), encoding: .utf8)
        var codes: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields.count > 1, let key = names[fields[1]] { codes[key] = fields[0] }
        }
        #expect(codes.count == names.count)
        return codes
    }

    @Test("the scoring evidence keys map onto the report's evidence kinds")
    func scoringKinds() {
        #expect(EvidenceLookup.kind(ofScoring: "case") == .litigation)
        for kind in ["product", "news", "compliance", "licence", "company", "chain"] {
            #expect(EvidenceLookup.kind(ofScoring: kind)?.rawValue == kind)
        }
        let links = ReportAssembler.chainLinks(fromText: "甲公司 —持股 90%→ 乙公司；张三 —任法定代表人→ 乙公司")
        #expect(links.map(\.from) == ["甲公司", "张三"])
        #expect(links.map(\.relation) == ["持股 90%", "任法定代表人"])
        #expect(links.map(\.to) == ["乙公司", "乙公司"])
        #expect(links.map(\.current) == [true, true])
        // A link that had ended by the as-of date is no current link in the report's JSON (it
        // said `current: true`; found by review), and its label does not say so twice.
        let former = ReportAssembler.chainLinks(fromText: "王某 —曾任董监高（至2020-08-25）→ 甲公司；王某 —任董监高→ 乙公司")
        #expect(former.map(\.current) == [false, true])
        #expect(former.map(\.label) == ["曾任董监高（至2020-08-25）", "任董监高"])
        #expect(ReportAssembler.chainLinks([RiskScoring.ChainLink(from: "甲", relation: "曾持股 60%（至2021-01-01）", to: "乙")]).map(\.current) == [false])
    }
}
