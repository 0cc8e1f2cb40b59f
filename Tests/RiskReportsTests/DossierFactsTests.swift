import Foundation
import Testing
import RiskDomain
@testable import RiskReports

/// What a dossier states about a company's ties and registry, in every format: the
/// direction of each holding, the roles of each office, a branch's head office, licences,
/// former legal representatives (review 11 of the report).
@Suite("Dossier facts")
struct DossierFactsTests {
    let doc = ReportDocument.demo
    typealias D = ReportDocument.Demo

    /// The `<tr>` of the links table of `html` whose first cell is `name`.
    static func linkRow(_ dossier: String, name: String) -> String? {
        guard let table = dossier.range(of: "<table class=\"links\">"),
              let row = dossier.range(of: "<tr><td>\(ReportText.escape(name))</td>", range: table.upperBound..<dossier.endIndex),
              let end = dossier.range(of: "</tr>", range: row.upperBound..<dossier.endIndex) else { return nil }
        return String(dossier[row.lowerBound..<end.upperBound])
    }

    @Test("the HTML links table states who holds whom as the Markdown does: a subsidiary is held, not a shareholder")
    func holdingDirection() throws {
        let html = ReportRenderer.html(doc), md = ReportRenderer.markdown(doc)
        let dossier = try #require(ReportTestSupport.dossier(html, creditCode: D.xinsheng))
        // 鑫盛财富 holds 100% of 鑫盛信息 (reached from the centre, not inbound).
        let subsidiary = try #require(Self.linkRow(dossier, name: "杭州鑫盛信息技术有限公司"))
        #expect(subsidiary.contains("杭州鑫盛财富管理有限公司 —股东 100%→ 杭州鑫盛信息技术有限公司"), "\(subsidiary)")
        // 鑫盛控股 holds 60% of 鑫盛财富 (inbound).
        let parent = try #require(Self.linkRow(dossier, name: "杭州鑫盛控股有限公司"))
        #expect(parent.contains("杭州鑫盛控股有限公司 —股东 60%→ 杭州鑫盛财富管理有限公司"), "\(parent)")
        // 王建国 holds 90% of 上海鑫盛 (two hops, not inbound).
        let shanghai = try #require(Self.linkRow(dossier, name: "上海鑫盛供应链管理有限公司"))
        #expect(shanghai.contains("王建国 —股东 90%→ 上海鑫盛供应链管理有限公司"), "\(shanghai)")
        // The old wording, "X 的股东 N%" (X's shareholder), appears nowhere.
        #expect(!html.contains(" 的股东"))
        #expect(!html.contains(" 的监事"))
        // Every row of every dossier's links table says what the Markdown says.
        for company in doc.dossierCompanies {
            guard let links = company.links else { continue }
            let names = Dictionary(links.nodes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }).merging([links.center: company.name]) { a, _ in a }
            let dossier = try #require(ReportTestSupport.dossier(html, creditCode: company.creditCode))
            for node in links.nodes {
                guard let via = node.via else { continue }
                let chain = via.chainText(node: node.name, from: names[via.from] ?? via.from)
                #expect(Self.linkRow(dossier, name: node.name)?.contains(ReportText.escape(chain)) ?? false, "HTML lacks \(chain)")
                #expect(md.contains(ReportText.markdown(chain)), "Markdown lacks \(chain)")
            }
        }
    }

    @Test("the link diagram draws each holding's and office's direction: arrowheads and arrows in the labels")
    func diagramDirection() throws {
        let html = ReportRenderer.html(doc)
        let dossier = try #require(ReportTestSupport.dossier(html, creditCode: D.xinsheng))
        let svg = try #require(ReportTestSupport.svgFragments(dossier).first { $0.contains("class=\"chart links\"") })
        // The subsidiary is held by the centre on its left; the holding company holds the centre.
        #expect(svg.contains(">股东 100% →</text>"))
        #expect(svg.contains(">← 股东 60%</text>"))
        #expect(svg.contains(">股东 90% →</text>"))   // 王建国 → 上海鑫盛
        #expect(svg.contains(">← 法定代表人</text>"))  // 赵敏 is 上海鑫盛's legal representative
        // A shared phone has no direction.
        #expect(svg.contains(">电话</text>"))
        #expect(!svg.contains("电话 →") && !svg.contains("← 电话"))
        // One arrowhead per directed edge drawn (every node but the phone, 深圳前海 reached by it and the address hub).
        let arrowheads = svg.components(separatedBy: "<polygon").count - 1
        let directed = (doc.companies[0].links?.nodes ?? []).filter { $0.kind != .phone && $0.via?.from != "phone:057188886666" && $0.distance <= 3 }
        #expect(arrowheads == directed.count, "\(arrowheads) arrowheads for \(directed.count) directed links")
        #expect(ReportTestSupport.xmlError(svg) == nil)
    }

    @Test("registry facts list licences and former legal representatives, in HTML, Markdown and JSON")
    func licencesAndFormerRepresentatives() throws {
        let html = ReportRenderer.html(doc), md = ReportRenderer.markdown(doc), json = ReportRenderer.render(doc, as: .json)
        let dossier = try #require(ReportTestSupport.dossier(html, creditCode: D.xinsheng))
        let licence = "私募基金管理人登记，中国证券投资基金业协会，2017-09-01 取得，2022-11-30 注销"
        #expect(dossier.contains("<dt>金融牌照/备案</dt><dd>\(licence)</dd>"))
        #expect(dossier.contains("<dt>曾任法定代表人</dt><dd>李梅（2016-04-08 至 2023-12-20）</dd>"))
        #expect(md.contains("| 金融牌照/备案 | \(licence) |"))
        #expect(md.contains("| 曾任法定代表人 | 李梅（2016-04-08 至 2023-12-20） |"))
        let compact = json.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "")
        #expect(compact.contains("\"licences\": [{\"licence\": \"fund_manager\",\"authority\": \"中国证券投资基金业协会\",\"granted\": \"2017-09-01\",\"revoked\": \"2022-11-30\"}]"), "\(compact)")
        #expect(compact.contains("\"former_legal_reps\": [{\"name\": \"李梅\",\"since\": \"2016-04-08\",\"until\": \"2023-12-20\"}]"))
        // A company with none says so rather than leaving the reader to guess.
        let huijin = try #require(ReportTestSupport.dossier(html, creditCode: D.huijin))
        #expect(huijin.contains("<dt>金融牌照/备案</dt><dd>无</dd>"))
        #expect(!huijin.contains("曾任法定代表人"))
    }

    @Test("a branch's dossier names its 负责人 and its head office by name, and keeps the head office's beneficial owners")
    func branchDossier() throws {
        var doc = self.doc
        let index = try #require(doc.companies.firstIndex { $0.creditCode == D.huijin })
        doc.companies[index].registry?.entType = "有限责任公司分公司(自然人投资或控股)"
        doc.companies[index].registry?.parentCode = D.xinsheng
        doc.companies[index].registry?.parentName = "杭州鑫盛财富管理有限公司"
        doc.companies[index].ownership = OwnershipReport(
            owners: [], edges: [],
            beneficialOwners: [BeneficialOwner(id: "P001", name: "王建国", basis: "合计持股 68%（≥25%）")],
            actualController: ActualController(id: "P001", name: "王建国", reason: "分支机构，总公司杭州鑫盛财富管理有限公司的实际控制人：合计持股 68%，超过50%"),
            notes: ["分支机构（分公司）不具有法人资格，没有自己的股东：受益所有人与实际控制人为总公司杭州鑫盛财富管理有限公司（\(D.xinsheng)）的受益所有人与实际控制人"])
        let html = ReportRenderer.html(doc), md = ReportRenderer.markdown(doc)
        let dossier = try #require(ReportTestSupport.dossier(html, creditCode: D.huijin))
        #expect(dossier.contains("<dt>负责人</dt><dd>孙强</dd>"))
        #expect(!dossier.contains("<dt>法定代表人</dt>"))
        #expect(dossier.contains("<dt>总公司</dt><dd>杭州鑫盛财富管理有限公司（\(D.xinsheng)）</dd>"))
        #expect(dossier.contains("分支机构（分公司）没有自己的股东"))
        #expect(dossier.contains("受益所有人 (beneficial owners)：王建国（合计持股 68%（≥25%））"))
        #expect(dossier.contains("注：分支机构（分公司）不具有法人资格"))
        #expect(md.contains("| 负责人 | 孙强 |"))
        #expect(md.contains("| 总公司 | 杭州鑫盛财富管理有限公司 `\(D.xinsheng)` |"))
        #expect(md.contains("受益所有人：王建国（合计持股 68%（≥25%））"))
        let json = ReportRenderer.render(doc, as: .json).replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "")
        #expect(json.contains("\"parent_name\": \"杭州鑫盛财富管理有限公司\",\"branch\": true"))
    }

    @Test("the report JSON rounds shares as the HTML and Markdown print them")
    func jsonSharesRounded() throws {
        var doc = self.doc
        doc.companies[0].ownership?.owners[0].integratedPct = 0.9 * 0.8 * 100   // 72.00000000000001
        doc.companies[0].ownership?.owners[0].directPct = 100.0 / 3
        doc.companies[0].ownership?.edges[0].pct = 100.0 / 3
        let json = ReportRenderer.render(doc, as: .json)
        #expect(!json.contains("72.00000000000001"))
        #expect(!json.contains("33.333333"))
        #expect(json.contains("\"integrated_pct\": 72,\n"))
        #expect(json.contains("\"direct_pct\": 33.33,\n"))
    }

    @Test("a criminal case cites 涉案金额 and 公诉机关; an evidence line is not printed twice in two notations")
    func evidenceWording() {
        let criminal = EvidenceCitation.litigation(caseNumber: "（2026）京01刑初1157号", court: "北京市第一中级人民法院", filed: LocalDate(iso: "2026-06-25"),
                                                   cause: "非法吸收公众存款罪", role: .defendant, counterparty: "北京市人民检察院", amount: 47039)
        #expect(EvidenceFormatter.citation(criminal)
                == "（2026）京01刑初1157号，北京市第一中级人民法院，2026-06-25 立案，非法吸收公众存款罪，被告，公诉机关：北京市人民检察院，涉案金额 47039 万元")
        let civil = EvidenceCitation.litigation(caseNumber: "（2025）鄂0106民初1022号", court: "武汉市武昌区人民法院", filed: LocalDate(iso: "2025-12-10"),
                                                cause: "民间借贷纠纷", role: .defendant, counterparty: "朱雪秀", amount: 56)
        #expect(EvidenceFormatter.citation(civil).hasSuffix("对方：朱雪秀，标的 56 万元"))
        // The scorer's text of a case restates the citation: left out.
        let company = "91110108KBD875F4J6"
        let caseEvidence = ReportEvidence(reference: EvidenceReference(kind: .litigation, company: company, key: "（2026）京01刑初1157号"),
                                          text: "非法吸收公众存款罪，被告，立案 2026-06-25，对方 北京市人民检察院", citation: criminal)
        #expect(EvidenceFormatter.addedText(caseEvidence) == nil)
        let status = ReportEvidence(reference: EvidenceReference(kind: .company, company: company, key: company),
                                    text: "登记状态：吊销", citation: .company(field: "企业登记信息", value: "登记状态：吊销"))
        #expect(EvidenceFormatter.addedText(status) == nil)
        // A product's text that says more (停售) is kept.
        let product = ReportEvidence(reference: EvidenceReference(kind: .product, company: company, key: "鼎鑫年年丰"),
                                     text: "年化 16%，保本保息，电话营销，632 名投资人，已于 2025-11-07 停售",
                                     citation: .product(name: "鼎鑫年年丰", promisedYield: 16, guaranteed: true, channel: nil, investors: 632, raised: 9480))
        #expect(EvidenceFormatter.addedText(product) != nil)
        var doc = self.doc
        doc.companies[0].reasons[0].evidence = [caseEvidence, status]
        let html = ReportRenderer.html(doc), md = ReportRenderer.markdown(doc)
        #expect(!html.contains("— 登记状态：吊销") && !md.contains("— 登记状态：吊销"))
        #expect(!html.contains("立案 2026-06-25，对方") && !md.contains("立案 2026-06-25，对方"))
        #expect(html.contains("公诉机关：北京市人民检察院，涉案金额 47039 万元"))
    }
}
