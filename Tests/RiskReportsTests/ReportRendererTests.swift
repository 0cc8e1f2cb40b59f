import Foundation
import Testing
@testable import RiskReports
import RiskDomain

@Suite("ReportRenderer")
struct ReportRendererTests {
    let doc = ReportDocument.demo

    /// The report re-sorted equal scores by credit code, so its ranks were not the scorer's
    /// (which puts more points before the cap first; found by review).
    @Test("equal scores keep the scorer's order in every table")
    func equalScoresKeepTheScorersOrder() {
        var tied = doc
        tied.companies = doc.companies.map { var c = $0; c.score = 90; return c }.reversed()
        #expect(tied.rankedCompanies.map(\.creditCode) == tied.companies.map(\.creditCode))
        #expect(Set(tied.companies.map(\.creditCode)).count > 2)
        tied.linked = doc.linked.map { var w = $0; w.score = 77; return w }.reversed()
        #expect(tied.rankedLinked.map(\.creditCode) == tied.linked.map(\.creditCode))
    }

    /// The caption promised a 三度 column the two-link diagram never draws, and an unlisted
    /// company's level cell was blank where the legend says 未评分 (found by review).
    @Test("the link diagram's caption names the rings drawn, and an unscored company reads 未评分")
    func linkCaptionAndUnscoredLevel() throws {
        let html = ReportRenderer.html(doc), markdown = ReportRenderer.markdown(doc)
        let deepest = doc.companies.compactMap(\.links).map { $0.nodes.map(\.distance).max() ?? 0 }
        #expect(deepest.contains(2) && deepest.contains(3))
        for company in doc.companies where company.level != .low {
            let rings = company.links?.nodes.map(\.distance).max() ?? 0
            guard rings > 0, let dossier = ReportTestSupport.dossier(html, creditCode: company.creditCode) else { continue }
            #expect(dossier.contains("向右依次为" + ["一度", "二度", "三度"].prefix(rings).joined(separator: "、") + "关联方"), "\(company.name)")
            if rings < 3 { #expect(!dossier.contains("三度")) }
        }
        let unscored = doc.companies.compactMap(\.links).flatMap(\.nodes).filter { $0.kind == .company && $0.level == nil }
        #expect(!unscored.isEmpty)
        #expect(html.contains("<td>未评分</td>") && markdown.contains("| 未评分 |"))
    }

    /// A printed report had no page numbers to cite, English glosses were read with a
    /// Chinese voice, and the ranked table's disposition column was four characters wide
    /// (found by review).
    @Test("print has page numbers, English is marked as English, the disposition column has room")
    func printAndLanguage() {
        let html = ReportRenderer.html(doc)
        #expect(html.contains("counter(page)") && html.contains("counter(pages)"))
        #expect(html.contains("<span class=\"en\" lang=\"en\">") && !html.contains("<span class=\"en\">"))
        #expect(html.contains("<td class=\"disposition-cell\">") && html.contains("td.disposition-cell { min-width: 16em; }"))
        // The dimension scores in text beside their chart, and each linked warning a heading.
        let company = doc.companies.first { $0.hasDossier }!
        #expect(html.contains("<figcaption>" + ReportText.dimensionsLine(company.dimensions) + "</figcaption>"))
        #expect(html.components(separatedBy: "<h4 class=\"warning-name\">").count - 1 == doc.linked.count)
    }

    @Test("every section is present for each high and medium company, and only for them")
    func everyDossierSectionPresent() throws {
        let html = ReportRenderer.html(doc)
        for id in ["cover", "contents", "summary", "dossiers", "linked", "appendix"] {
            #expect(html.contains("id=\"\(id)\""), "missing section \(id)")
        }
        let dossierCompanies = doc.companies.filter { $0.level != .low }
        #expect(dossierCompanies.count == 4)
        for company in dossierCompanies {
            let dossier = try #require(ReportTestSupport.dossier(html, creditCode: company.creditCode), "no dossier for \(company.name)")
            for section in ["registry", "dimensions", "reasons", "ownership", "links", "disposition"] {
                #expect(dossier.contains("data-section=\"\(section)\""), "\(company.name) lacks \(section)")
            }
            #expect(dossier.contains(company.disposition))
            #expect(dossier.contains("<svg class=\"chart bars\""))
            #expect(dossier.contains("<svg class=\"chart equity\""))
            #expect(dossier.contains("<svg class=\"chart links\""))
            // Every reason and every evidence item is cited with its reference.
            for reason in company.reasons {
                #expect(dossier.contains("data-indicator=\"\(reason.indicator)\""))
                for evidence in reason.evidence {
                    #expect(dossier.contains("data-ref-kind=\"\(evidence.reference.kind.rawValue)\""))
                    #expect(dossier.contains("data-ref-key=\"\(ReportText.escape(evidence.reference.key))\""))
                }
            }
        }
        for company in doc.companies where company.level == .low {
            #expect(ReportTestSupport.dossier(html, creditCode: company.creditCode) == nil, "\(company.name) is low and has a dossier")
        }
        // Dossiers come high first, then medium, each by score.
        let order = dossierCompanies.sorted { ($0.level.severityRank, -$0.score) < ($1.level.severityRank, -$1.score) }
        let positions = order.compactMap { html.range(of: "id=\"dossier-\($0.creditCode)\"")?.lowerBound }
        #expect(positions.count == 4 && positions == positions.sorted())
    }

    @Test("the cover carries dates, model id, version and sha256, fingerprint and the list with its sha256")
    func coverFacts() {
        let html = ReportRenderer.html(doc)
        guard let cover = html.range(of: "<header id=\"cover\"").map({ String(html[$0.lowerBound...].prefix(4000)) }) else {
            Issue.record("no cover"); return
        }
        for fact in ["2024-07-01", "2024-06-30", "illegal-fundraising", "1.0.0", doc.model.sha256, doc.dataFingerprint,
                     "sample-data/watchlist.csv", doc.list?.sha256 ?? "?", "高危 2 家", "关注 2 家", "正常 6 家"] {
            #expect(cover.contains(fact), "cover lacks \(fact)")
        }
        // A report dated by its as-of date (as `riskbrain report` makes it) prints that date
        // once, as 评分基准日: a 报告日期 was false for a back-dated report (found by review).
        var asOfDated = doc
        asOfDated.reportDate = doc.asOf
        for text in [ReportRenderer.html(asOfDated), ReportRenderer.render(asOfDated, as: .md)] {
            #expect(!text.contains("报告日期") && text.contains("评分基准日 (as of)"))
        }
        #expect(ReportRenderer.render(doc, as: .md).contains("- 报告日期 (report date)：2024-07-01"))
    }

    @Test("the ranked table lists every company by score, with level, dimensions, top reason and disposition")
    func rankedTable() throws {
        let html = ReportRenderer.html(doc)
        let start = try #require(html.range(of: "<table class=\"ranked\">"))
        let end = try #require(html.range(of: "</table>", range: start.upperBound..<html.endIndex))
        let table = String(html[start.lowerBound..<end.upperBound])
        let rows = table.components(separatedBy: "<tr data-credit-code=\"").dropFirst().map { String($0.prefix(18)) }
        #expect(rows == doc.companies.sorted { $0.score > $1.score }.map(\.creditCode))
        #expect(table.contains("<strong>86.5</strong>"))
        #expect(table.contains("涉非法吸收公众存款罪刑事案件"), "top reason of the first company")
        #expect(table.contains("<td class=\"num\">62.5</td>"), "network dimension of the first company")
        // Unmatched and ambiguous names with candidates.
        #expect(html.contains("多个匹配，未予猜测"))
        #expect(html.contains("杭州金鼎建材有限公司"))
        #expect(html.contains("宁波某某理财咨询有限公司"))
    }

    @Test("the same document renders to byte-identical output, whatever the order of its lists")
    func deterministic() {
        var shuffled = doc
        shuffled.companies.reverse()
        shuffled.linked.reverse()
        shuffled.unmatched.reverse()
        for index in shuffled.companies.indices {
            shuffled.companies[index].reasons.reverse()
            shuffled.companies[index].links?.nodes.reverse()
            shuffled.companies[index].ownership?.owners.reverse()
            shuffled.companies[index].ownership?.edges.reverse()
        }
        #expect(ReportRenderer.html(doc) == ReportRenderer.html(doc))
        #expect(ReportRenderer.html(doc) == ReportRenderer.html(shuffled))
        #expect(ReportRenderer.markdown(doc) == ReportRenderer.markdown(shuffled))
        #expect(ReportRenderer.render(doc, as: .json) == ReportRenderer.render(shuffled, as: .json))
    }

    @Test("a list row naming a company founded after the as-of date says so in every format")
    func notEstablishedRows() throws {
        var document = doc
        document.unmatched = [ReportUnmatchedEntry(row: 7, query: "杭州后来商贸有限公司", ambiguous: false,
                                                   candidates: [ReportCandidate(creditCode: "91330106MA2CDE8E6N", name: "杭州后来商贸有限公司", regionCode: "330106")],
                                                   established: LocalDate(iso: "2026-01-06"))]
        #expect(ReportRenderer.html(document).contains("评分基准日尚未成立（2026-01-06 成立），不予评分 (not established by the as-of date (founded 2026-01-06))"))
        #expect(ReportRenderer.render(document, as: .md).contains("评分基准日尚未成立（2026-01-06 成立），不予评分"))
        let json = ReportRenderer.render(document, as: .json)
        #expect(json.contains("\"reason\": \"not_established\"") && json.contains("\"established\": \"2026-01-06\""), "\(json.suffix(2000))")
    }

    @Test("the HTML loads nothing from outside and runs no script")
    func selfContained() {
        for document in [doc, ReportTestSupport.hostileDocument] {
            let html = ReportRenderer.html(document).lowercased()
            #expect(!html.contains("<script"))
            #expect(!html.contains("<link"))
            #expect(!html.contains("@import"))
            #expect(!html.contains("url("))
            #expect(!html.contains("src=\""))
            #expect(!html.contains("@font-face"))
            for attribute in ["href=\"", "xlink:href=\""] {
                for piece in html.components(separatedBy: attribute).dropFirst() {
                    #expect(piece.hasPrefix("#"), "external reference \(attribute)\(piece.prefix(40))")
                }
            }
            #expect(!html.contains("=\"http"))
        }
        let plain = ReportRenderer.html(doc)
        #expect(!plain.contains("http://") && !plain.contains("https://"), "no URL at all, not even an SVG namespace")
    }

    @Test("every text is escaped: hostile names stay text")
    func escaping() {
        let html = ReportRenderer.html(ReportTestSupport.hostileDocument)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &#39;x&#39;"))
        #expect(html.contains("&lt;/svg&gt;&lt;script&gt;bad()&lt;/script&gt;"))
        let markdown = ReportRenderer.markdown(ReportTestSupport.hostileDocument)
        #expect(!markdown.contains("<script"))
        #expect(markdown.contains("\\| 管理有限公司"), "a pipe in a name must not split a table cell")
    }

    @Test("every SVG is well-formed XML", arguments: ["demo", "hostile", "synthetic"])
    func svgWellFormed(_ name: String) throws {
        let document = name == "demo" ? doc : name == "hostile" ? ReportTestSupport.hostileDocument : ReportDocument.synthetic(companies: 6)
        let svgs = ReportTestSupport.svgFragments(ReportRenderer.html(document))
        // Histogram + per dossier (bars, equity, links) + one chain per linked warning.
        let dossiers = document.companies.filter { $0.level != .low }.count
        #expect(svgs.count == 1 + 3 * dossiers + document.linked.count)
        for svg in svgs {
            let error = ReportTestSupport.xmlError(svg)
            #expect(error == nil, "\(error ?? "") in \(svg.prefix(200))")
        }
    }

    @Test("long names are clipped with an ellipsis and keep the full name as a tooltip")
    func clipping() throws {
        let html = ReportRenderer.html(doc)
        let name = "香港鑫盛国际投资有限公司 (Xinsheng International Investment Ltd.)"
        let dossier = try #require(ReportTestSupport.dossier(html, creditCode: doc.companies[0].creditCode))
        #expect(dossier.contains("<title>\(name)</title>"))
        #expect(dossier.contains(">香港鑫盛国际投资有限公…<"))
        #expect(ReportText.clip("杭州鑫盛财富管理有限公司", width: 10) == ("杭州鑫盛…", true))
        #expect(ReportText.clip("ABC", width: 10) == ("ABC", false))
    }

    @Test("numbers print the same everywhere", arguments: [
        (86.45, 1, "86.5"), (0.05, 1, "0.1"), (-1.25, 1, "-1.3"), (3, 1, "3.0"), (0, 2, "0.00"), (-0.04, 1, "0.0"), (1234.5, 0, "1235"),
    ])
    func fixedNumbers(_ value: Double, _ digits: Int, _ expected: String) {
        #expect(ReportText.fixed(value, digits) == expected)
    }

    @Test("compact numbers and percentages")
    func compactNumbers() {
        #expect(ReportText.compact(40.8) == "40.8")
        #expect(ReportText.compact(25) == "25")
        #expect(ReportText.compact(13.75) == "13.75")
        #expect(ReportText.pct(10.2) == "10.2%")
        #expect(ReportText.pct(nil) == "—")
    }

    @Test("the score histogram counts each company once, in its 10-point bin and level")
    func histogram() throws {
        let bins = ScoreHistogramChart.bins(doc.companies)
        #expect(bins.map { $0.values.reduce(0, +) } == [3, 2, 1, 0, 1, 1, 0, 1, 1, 0])
        #expect(bins[8][.high] == 1 && bins[7][.high] == 1 && bins[5][.medium] == 1 && bins[4][.medium] == 1)
        let edge = ReportCompany(creditCode: "X", name: "X", regionCode: "330106", score: 100, level: .high,
                                 dimensions: DimensionScores(illegalFinance: 0, business: 0, compliance: 0, network: 0),
                                 reasons: [], disposition: "")
        #expect(ScoreHistogramChart.bins([edge])[9][.high] == 1)
    }

    @Test("the equity tree puts owners above the company, labels edges and highlights the actual controller")
    func equityTree() throws {
        let company = doc.companies[0]
        let svg = EquityTreeChart.svg(companyID: company.creditCode, companyName: company.name, ownership: try #require(company.ownership))
        #expect(ReportTestSupport.xmlError(svg) == nil)
        for label in [">80%<", ">20%<", ">60%<", ">10%<", "实际控制人", "穿透 68% · 自然人"] {
            #expect(svg.contains(label), "equity tree lacks \(label)")
        }
        #expect(svg.contains("stroke=\"#b8860b\" stroke-width=\"2.5\""), "controller outlined in gold")
        // Layers: 王建国 holds 控股 which holds the company, so he sits two layers above it.
        func y(of name: String) -> Double? {
            guard let range = svg.range(of: "<title>\(name) (") else { return nil }
            let after = svg[range.upperBound...]
            guard let yRange = after.range(of: " y=\""), let close = after[yRange.upperBound...].firstIndex(of: "\"") else { return nil }
            return Double(after[yRange.upperBound..<close])
        }
        let person = try #require(y(of: "王建国")), holding = try #require(y(of: "杭州鑫盛控股有限公司")), target = try #require(y(of: company.name))
        #expect(person < holding && holding < target)
    }

    @Test("the links diagram collapses hubs, colours by level and caps crowded columns")
    func linkDiagram() throws {
        let company = doc.companies[0]
        let links = try #require(company.links)
        let svg = LinkDiagramChart.svg(centerName: company.name, centerLevel: company.level, links: links)
        #expect(svg.contains("文三路 90 号东部软件园 (326 家企业)"))
        #expect(svg.contains("stroke-dasharray"))
        #expect(svg.contains(LinkDiagramChart.fill(.high)))
        #expect(svg.contains(">股东 90% →<"))   // 王建国 holds 上海鑫盛: the direction is in the label
        var crowded = LinkNeighbourhood(center: "C", nodes: [])
        for index in 0..<20 {
            crowded.nodes.append(LinkNode(id: "N\(index < 10 ? "0" : "")\(index)", name: "节点\(index)", kind: .company, distance: 1,
                                          via: LinkVia(from: "C", relation: "股东")))
        }
        let capped = LinkDiagramChart.svg(centerName: "中心", centerLevel: .high, links: crowded)
        #expect(capped.contains("另有 8 个关联方未绘出"))
        #expect(ReportTestSupport.xmlError(capped) == nil)

        // A long relation is clipped before its arrow, which stays; the tooltip has it whole.
        var long = LinkNeighbourhood(center: "C", nodes: [])
        long.nodes.append(LinkNode(id: "P1", name: "张三", kind: .person, distance: 1,
                                   via: LinkVia(from: "C", relation: "法定代表人、执行董事、经理")))
        let clipped = LinkDiagramChart.svg(centerName: "中心", centerLevel: .high, links: long)
        let label = try #require(clipped.range(of: #"<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>"#, options: .regularExpression).map { String(clipped[$0]) })
        #expect(label.contains("…") && (label.contains("→<") || label.contains(">← ")), "\(label)")
        #expect(clipped.contains("<title>法定代表人、执行董事、经理 →</title>") || clipped.contains("<title>← 法定代表人、执行董事、经理</title>"), "\(clipped)")
        #expect(ReportTestSupport.xmlError(clipped) == nil)
    }

    @Test("linked warnings mark other regions as 异地 and write their chains")
    func linkedWarnings() throws {
        let html = ReportRenderer.html(doc)
        let section = try #require(html.range(of: "<section id=\"linked\">").map { String(html[$0.lowerBound...]) })
        let warnings = section.components(separatedBy: "<div class=\"warning\"").dropFirst()
        #expect(warnings.count == 3)
        let remote = warnings.map { $0.contains("badge remote") }
        #expect(remote == [true, true, false], "上海 and 深圳 are outside 杭州 (3301); 杭州拱墅 is not")
        #expect(section.contains("杭州鑫盛财富管理有限公司 ←股东 20%— 王建国 —股东 90%→ 上海鑫盛供应链管理有限公司"))
        #expect(section.contains("杭州鑫盛财富管理有限公司 —电话→ 0571-88886666 ←电话— 深圳前海鑫盛科技有限公司"))
    }

    @Test("the appendix lists every indicator with its weight, bands and dispositions")
    func appendix() {
        let html = ReportRenderer.html(doc)
        for indicator in doc.appendix.indicators {
            #expect(html.contains(">\(indicator.id)<"))
            #expect(html.contains(ReportText.escape(indicator.descriptionEn)))
        }
        for disposition in ["立案调查", "约谈警示", "持续关注"] { #expect(html.contains(disposition)) }
    }

    @Test("print CSS: A4 pages, a page break before each dossier, rows kept whole, a CJK font stack")
    func printStyles() {
        let css = ReportStyleSheet.css
        #expect(css.contains("@page { size: A4;"))
        #expect(css.contains(".dossier { break-before: page; page-break-before: always;"))
        #expect(css.contains("#dossiers { break-before: page;"), "the dossiers heading starts a page with the first dossier")
        #expect(css.contains("break-inside: avoid"))
        #expect(css.contains("@media print"))
        #expect(css.contains("\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\""))
    }

    @Test("Markdown carries the same sections, tables and chains as text")
    func markdown() {
        let markdown = ReportRenderer.markdown(doc)
        for heading in ["# 杭州市非法集资风险排查报告（示例）", "## 一、总体情况", "## 二、重点企业档案", "## 三、关联预警（顺藤摸瓜）", "## 附录：模型指标与方法"] {
            #expect(markdown.contains(heading + " ") || markdown.contains(heading + "\n"), "markdown lacks \(heading)")
        }
        for company in doc.companies where company.level != .low {
            #expect(markdown.contains("### \(company.name)（\(company.level.chinese)，"))
        }
        #expect(markdown.contains("王建国 —股东 80%→ 杭州鑫盛控股有限公司 —股东 60%→ 杭州鑫盛财富管理有限公司"))
        #expect(markdown.contains("| 排名 | 企业名称 |"))
        #expect(markdown.contains("（2024）浙0106刑初318号，杭州市西湖区人民法院，2024-06-18 立案，非法吸收公众存款罪，被告"))
        #expect(markdown.contains("文三路 90 号东部软件园 (326 家企业)"))
        #expect(!markdown.contains("<svg"))
    }

    @Test("JSON carries the same content in the scoring JSON's shape")
    func json() throws {
        let value = ReportRenderer.json(doc)
        let text = value.serialized(pretty: true)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(parsed.keys) == ["report", "model", "as_of", "data_fingerprint", "summary", "results", "unmatched", "linked", "appendix"])
        #expect(value["model"]?["sha256"] == .string(doc.model.sha256))
        #expect(value["summary"]?["counts"]?["high"] == .int(2))
        guard case .array(let results)? = value["results"], case .array(let linked)? = value["linked"] else {
            Issue.record("results or linked not arrays"); return
        }
        #expect(results.count == 10)
        #expect(results.first?["credit_code"] == .string(doc.companies[0].creditCode))
        #expect(results.first?["owners"]?["actual_controller"]?["name"] == .string("王建国"))
        #expect(results.first?["dimensions"]?["network"] == .double(62.5))
        #expect(linked.map { $0["remote"] } == [.bool(true), .bool(true), .bool(false)])
        guard case .array(let reasons)? = results.first?["reasons"], case .array(let evidence)? = reasons.first?["evidence"] else {
            Issue.record("no reasons"); return
        }
        #expect(evidence.first?["citation"]?["case_no"] == .string("（2024）浙0106刑初318号"))
        #expect(evidence.first?["key"] == .string("（2024）浙0106刑初318号"))
    }

    @Test("edge cases render without crashing: no companies, a holding cycle, owners without paths, far nodes")
    func edgeCases() throws {
        var empty = doc
        empty.companies = []
        empty.linked = []
        empty.unmatched = []
        empty.list = nil
        let html = ReportRenderer.html(empty)
        #expect(html.contains("名单中没有高危或关注企业。"))
        #expect(html.contains("无（全量筛查）"))
        for svg in ReportTestSupport.svgFragments(html) { #expect(ReportTestSupport.xmlError(svg) == nil) }
        #expect(ReportRenderer.markdown(empty).contains("名单中没有高危或关注企业。"))

        // A holds B holds A (cross-holding), an owner with no path, a node five hops out.
        let cycle = OwnershipReport(owners: [
            OwnerEntry(id: "B", name: "乙公司", kind: .company, integratedPct: 55, directPct: 50, paths: [["B", "A"], ["B", "A", "B", "A"]]),
            OwnerEntry(id: "X", name: "无路径股东", kind: .person, integratedPct: 5, paths: []),
        ], edges: [OwnershipEdge(holder: "B", company: "A", pct: 50), OwnershipEdge(holder: "A", company: "B", pct: 10)],
           notes: ["交叉持股：迭代后收敛"])
        let tree = EquityTreeChart.svg(companyID: "A", companyName: "甲公司", ownership: cycle)
        #expect(ReportTestSupport.xmlError(tree) == nil)
        #expect(tree.contains("乙公司") && tree.contains("无路径股东"))
        let far = LinkNeighbourhood(center: "A", nodes: [
            LinkNode(id: "F", name: "五度关联", kind: .company, distance: 5, via: LinkVia(from: "E", relation: "股东")),
            LinkNode(id: "O", name: "孤立节点", kind: .email, distance: 1, via: nil),
        ], truncatedHubs: [TruncatedHub(id: "H", name: "某地址", kind: .address, degree: 326, via: LinkVia(from: "missing", relation: "住所"))])
        let links = LinkDiagramChart.svg(centerName: "甲公司", centerLevel: .medium, links: far)
        #expect(ReportTestSupport.xmlError(links) == nil)
        #expect(links.contains("某地址 (326 家企业)"))
        #expect(!links.contains("五度关联"), "nodes beyond three hops are listed in the table, not drawn")
        #expect(ChainChart.text([]) == "")
    }

    @Test("a 40-company document renders every dossier (time reported, not asserted)")
    func fortyDossiers() {
        let document = ReportDocument.synthetic(companies: 40)
        let clock = ContinuousClock()
        var html = ""
        var markdown = ""
        var json = ""
        let htmlTime = clock.measure { html = ReportRenderer.html(document) }
        let markdownTime = clock.measure { markdown = ReportRenderer.markdown(document) }
        let jsonTime = clock.measure { json = ReportRenderer.render(document, as: .json) }
        #expect(json.contains("\"results\""))
        #expect(html.components(separatedBy: "<article class=\"dossier").count - 1 == 40)
        #expect(markdown.components(separatedBy: "#### 处置建议").count - 1 == 40)
        print("rendered 40 dossiers: HTML \(html.utf8.count) bytes in \(htmlTime), Markdown \(markdown.utf8.count) bytes in \(markdownTime), JSON \(json.utf8.count) bytes in \(jsonTime)")
    }

    /// Data in a Markdown code span stays in it: on one line, `|` escaped for table cells,
    /// fenced past its own backticks (a product name broke out as a heading and a cell).
    @Test(arguments: [
        ("product:理财", "`product:理财`"),
        ("product:理财`产品\n# 注入标题 | a | b |", "``product:理财`产品 # 注入标题 \\| a \\| b \\|``"),
        ("`edge``", "``` `edge`` ```"),
    ])
    func codeSpansCannotBreakOut(_ text: String, _ expected: String) {
        #expect(MarkdownReportWriter.code(text) == expected)
    }

    /// A model that names its levels 红色预警 / 黄色预警 / 绿色 had them in `score` but the
    /// report said 高危 / 关注 / 正常 everywhere: badges, counts, tables, charts.
    @Test func theModelsLevelNamesAreUsed() {
        var doc = ReportDocument.demo
        let names: [RiskLevel: String] = [.high: "红色预警", .medium: "黄色预警", .low: "绿色"]
        doc.appendix.levelBands = doc.appendix.levelBands.map {
            LevelBand(level: $0.level, minScore: $0.minScore, disposition: $0.disposition, name: names[$0.level])
        }
        #expect(doc.levelName(.high) == "红色预警")
        let html = ReportRenderer.html(doc), markdown = ReportRenderer.markdown(doc)
        for text in [html, markdown] {
            #expect(text.contains("红色预警") && text.contains("黄色预警") && text.contains("绿色"))
        }
        // The built-in names are left only inside the demo's own reason texts (与高危企业…).
        for leftover in [">高危<", ">关注<", ">正常<", "高危企业</div>", "高危 ", "正常 "] {
            #expect(!html.contains(leftover), "HTML still says \(leftover)")
        }
        for leftover in ["| 高危", "| 关注", "| 正常", "（高危，", "（关注，"] {
            #expect(!markdown.contains(leftover), "Markdown still says \(leftover)")
        }
        #expect(html.contains("<span class=\"badge high\">红色预警</span>"))
        // Without names in the model the built-in ones stay.
        #expect(ReportRenderer.html(ReportDocument.demo).contains("<span class=\"badge high\">高危</span>"))
    }

    /// A bidi override in a registry name reversed the report text after it ("（90分）"
    /// read "（分09）"); a C1 control passed too; a `|` with a combining mark was one
    /// Character and left unescaped, splitting a Markdown table row.
    @Test func namesCannotReorderOrSplitTheReport() {
        let name = "苏州鼎鑫\u{202E}财富\u{2066}管理\u{9B}有限公司（90分）"
        let html = ReportText.escape(name)
        #expect(html == "苏州鼎鑫\u{FFFD}财富\u{FFFD}管理\u{FFFD}有限公司（90分）")
        #expect(ReportText.escape("普通名称 — 有限公司") == "普通名称 — 有限公司")
        #expect(ReportText.markdown("冯|\u{301}丽卫") == "冯\\|\u{301}丽卫")
        #expect(ReportText.markdown("甲\u{202E}乙") == "甲\u{FFFD}乙")
        #expect(ReportText.markdown("一\r\n二\n三") == "一 二 三")
        #expect(ReportText.markdown("a[b]") == "a\\[b\\]")
    }

    /// A linked warning high on its own records (not through its ties) says so in every
    /// format; the others do not.
    @Test func aWarningHighOnItsOwnIsMarked() throws {
        var doc = ReportDocument.demo
        #expect(!doc.linked.isEmpty)
        #expect(!ReportRenderer.html(doc).contains("自身记录") && !ReportRenderer.markdown(doc).contains("自身记录"))
        #expect(!ReportRenderer.render(doc, as: .json).contains("high_on_its_own"))
        doc.linked[0].highOnItsOwn = true
        doc.linked[0].viaIsSource = false
        let code = doc.linked[0].creditCode
        let html = ReportRenderer.html(doc)
        #expect(html.components(separatedBy: "（自身记录即达此等级，经下列关联进入视野）").count == 2)
        // The mark, and 关联名单企业 for 来源企业, sit in that company's own block.
        let block = try #require(html.components(separatedBy: "<div class=\"warning\" data-credit-code=\"").first { $0.hasPrefix(code) })
        #expect(block.contains("自身记录即达此等级") && block.contains("关联名单企业：") && !block.contains("来源企业："))
        let markdown = ReportRenderer.markdown(doc)
        #expect(markdown.components(separatedBy: "（自身记录）").count == 2)
        let row = try #require(markdown.split(separator: "\n").first { $0.contains("`\(code)`") && $0.contains("（自身记录）") })
        #expect(row.contains("（名单企业，非风险来源）"))
        #expect(ReportRenderer.render(doc, as: .json).components(separatedBy: "\"high_on_its_own\": true").count == 2)
        #expect(ReportRenderer.render(doc, as: .json).components(separatedBy: "\"via_is_source\": false").count == 2)
        // Another warning, its listed company its source: 来源企业, no suffix.
        let other = try #require(html.components(separatedBy: "<div class=\"warning\" data-credit-code=\"").first { $0.hasPrefix(doc.linked[1].creditCode) })
        #expect(other.contains("来源企业：") && !other.contains("关联名单企业"))
    }

    /// A linked warning's score carries its reasons with their evidence, in its own block
    /// (HTML), its own subsection (Markdown) and its own object (JSON).
    @Test func aLinkedWarningCitesItsReasons() throws {
        let doc = ReportDocument.demo
        let warning = try #require(doc.linked.first { !$0.reasons.isEmpty })
        let reason = try #require(warning.reasons.first)
        let html = ReportRenderer.html(doc)
        let block = try #require(html.components(separatedBy: "<div class=\"warning\" data-credit-code=\"").first { $0.hasPrefix(warning.creditCode) })
        #expect(block.contains("风险原因与证据") && block.contains(reason.description) && block.contains("data-ref-kind=\"chain\""))
        let markdown = ReportRenderer.markdown(doc)
        let section = try #require(markdown.components(separatedBy: "#### 关联预警企业的风险原因与证据").last)
        #expect(section.contains("##### \(warning.name) `\(warning.creditCode)`") && section.contains(reason.description))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportRenderer.render(doc, as: .json).utf8)) as? [String: Any])
        let linked = try #require(json["linked"] as? [[String: Any]])
        let object = try #require(linked.first { $0["credit_code"] as? String == warning.creditCode })
        let reasons = try #require(object["reasons"] as? [[String: Any]])
        #expect(reasons.first?["description"] as? String == reason.description)
        // A warning without reasons has an empty list, and Markdown no subsection entry for it.
        let bare = try #require(doc.linked.first { $0.reasons.isEmpty })
        #expect(!section.contains("`\(bare.creditCode)`"))
    }

    /// A linked warning's chain starts at the listed company also when the affiliate holds
    /// it (one link, pointing at the listed company), and the high-risk affiliate is drawn in
    /// the high colour whichever end it is on (found by review: the chart coloured by place).
    @Test func aChainStartsAtTheListedCompanyAndColoursFollowTheEntity() {
        let link = ChainLink(from: "AFF", fromName: "上海乙私募基金管理有限公司", relation: "股东", detail: "10%", to: "LST", toName: "杭州甲贸易有限公司")
        #expect(ChainChart.text([link]) == "上海乙私募基金管理有限公司 —股东 10%→ 杭州甲贸易有限公司")
        #expect(ChainChart.text([link], start: "LST") == "杭州甲贸易有限公司 ←股东 10%— 上海乙私募基金管理有限公司")
        let svg = ChainChart.svg([link], start: "LST", levels: ["AFF": .high, "LST": .low])
        #expect(ReportTestSupport.xmlError(svg) == nil)
        func fill(of name: String) -> String? {
            guard let group = svg.components(separatedBy: "<title>").first(where: { $0.hasPrefix(name) }),
                  let range = group.range(of: "fill=\"") else { return nil }
            return String(group[range.upperBound...].prefix(7))
        }
        #expect(fill(of: "上海乙私募基金管理有限公司") == LinkDiagramChart.fill(.high))
        #expect(fill(of: "杭州甲贸易有限公司") == LinkDiagramChart.fill(.low))
        // A start inside the chain (an off-list source holds the listed company, whose
        // controller also controls the warned one) does not make the walk run backwards: it
        // reads from the source through the listed company (found by review).
        let through = [ChainLink(from: "SRC", fromName: "上海丙", relation: "股东", detail: "45%", to: "LST", toName: "杭州甲"),
                       ChainLink(from: "P", fromName: "李某", relation: "实际控制", to: "LST", toName: "杭州甲"),
                       ChainLink(from: "P", fromName: "李某", relation: "实际控制", to: "WRN", toName: "杭州丁")]
        #expect(ChainChart.text(through, start: "LST") == "上海丙 —股东 45%→ 杭州甲 ←实际控制— 李某 —实际控制→ 杭州丁")
        #expect(ChainChart.text(through, start: "SRC") == ChainChart.text(through, start: "LST"))
        // First two links between the same two entities (the holder is also the controller):
        // the walk still reaches the warned company.
        let twice = [ChainLink(from: "SRC", fromName: "上海丙", relation: "股东", detail: "100%", to: "LST", toName: "杭州甲"),
                     ChainLink(from: "SRC", fromName: "上海丙", relation: "实际控制", to: "LST", toName: "杭州甲"),
                     ChainLink(from: "SRC", fromName: "上海丙", relation: "实际控制", to: "WRN", toName: "杭州丁")]
        #expect(ChainChart.text(twice) == "上海丙 —股东 100%→ 杭州甲 ←实际控制— 上海丙 —实际控制→ 杭州丁")
        #expect(ChainChart.text(twice, start: "SRC") == ChainChart.text(twice))
        // Drawn left to right from the listed company: it comes first in the drawing.
        let listedAt = svg.range(of: "<title>杭州甲贸易有限公司")?.lowerBound, affiliateAt = svg.range(of: "<title>上海乙私募基金管理有限公司")?.lowerBound
        #expect(listedAt != nil && affiliateAt != nil && listedAt! < affiliateAt!)
    }
}
