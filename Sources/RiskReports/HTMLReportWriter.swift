import RiskDomain

/// Writes a ``ReportDocument`` as one self-contained HTML page (inline CSS and SVG, no script,
/// no external resource), readable on screen and printable on A4.
///
/// Sections carry stable ids (`cover`, `summary`, `dossiers`, `linked`, `appendix`) and each
/// dossier `id="dossier-CODE"` with sub-sections `data-section="registry|dimensions|reasons|ownership|links|disposition"`.
/// Every evidence citation carries `data-ref-kind`, `data-ref-company` and `data-ref-key`.
///
/// - Complexity: O(size of the output); text is appended to one buffer.
struct HTMLReportWriter {
    let doc: ReportDocument
    private var out = ""

    init(_ doc: ReportDocument) { self.doc = doc }

    static func render(_ doc: ReportDocument) -> String {
        var writer = HTMLReportWriter(doc)
        writer.out.reserveCapacity(64 * 1024 + doc.companies.count * 24 * 1024)
        writer.write()
        return writer.out
    }

    // MARK: - Primitives

    private mutating func raw(_ text: String) { out += text }
    private mutating func text(_ value: String) { ReportText.escape(value, into: &out) }
    private mutating func element(_ tag: String, _ value: String, cssClass: String? = nil) {
        out += "<\(tag)"
        if let cssClass { out += " class=\"\(cssClass)\"" }
        out += ">"
        text(value)
        out += "</\(tag)>"
    }
    private mutating func heading(_ tag: String, _ zh: String, _ en: String, id: String? = nil) {
        out += "<\(tag)"
        if let id { out += " id=\"\(id)\"" }
        out += ">"
        text(zh)
        out += " <span class=\"en\" lang=\"en\">("
        text(en)
        out += ")</span></\(tag)>"
    }
    private mutating func badge(_ level: RiskLevel) {
        out += "<span class=\"badge \(level.rawValue)\">"
        text(doc.levelName(level))
        out += "</span>"
    }
    private mutating func fact(_ label: String, _ value: String?, mono: Bool = false) {
        out += "<dt>"
        text(label)
        out += "</dt><dd"
        if mono { out += " class=\"mono\"" }
        out += ">"
        text(value ?? "—")
        out += "</dd>"
    }
    private func dossierAnchor(_ code: String) -> String { "dossier-" + ReportText.anchor(code) }

    // MARK: - Document

    private mutating func write() {
        raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        text(doc.title)
        raw("</title>\n<style>\n")
        raw(ReportStyleSheet.css)
        raw("\n</style>\n</head>\n<body>\n<main>\n")
        writeCover()
        writeContents()
        writeSummary()
        writeDossiers()
        writeLinked()
        writeAppendix()
        raw("<footer>")
        text("\(doc.title) · 模型 \(doc.model.id) \(doc.model.version) · 评分基准日 \(doc.asOf.iso) · 数据指纹 \(doc.dataFingerprint)")
        raw("</footer>\n</main>\n</body>\n</html>\n")
    }

    private mutating func writeCover() {
        raw("<header id=\"cover\" class=\"cover\">\n<div class=\"kicker\">非法集资风险监测 · 待查名单核查报告</div>\n")
        element("h1", doc.title)
        raw("<div class=\"muted\">Illegal-fundraising risk report</div>\n<dl class=\"facts\">")
        // The CLI makes the report date the as-of date (reproducible output): printed as a
        // date of its own it was false for a back-dated report (found by review).
        if doc.reportDate != doc.asOf { fact("报告日期 (report date)", doc.reportDate.iso) }
        fact("评分基准日 (as of)", doc.asOf.iso)
        fact("模型 (model)", "\(doc.model.id) 版本 \(doc.model.version)")
        fact("模型 sha256", doc.model.sha256, mono: true)
        fact("数据指纹 (data fingerprint)", doc.dataFingerprint, mono: true)
        if let list = doc.list {
            fact("待查名单 (watch list)", "\(list.path)（\(list.rows) 行）")
            fact("名单 sha256", list.sha256, mono: true)
        } else {
            fact("待查名单 (watch list)", "无（全量筛查）")
        }
        if let jurisdiction = doc.jurisdiction { fact("辖区 (jurisdiction)", RegionNames.label(jurisdiction)) }
        let counts = RiskLevel.allCases.map { "\(doc.levelName($0)) \(doc.count(of: $0)) 家" }.joined(separator: " · ") + " · 未评分或重复 \(doc.unmatched.count) 条 · 关联预警 \(doc.linked.count) 家"
        fact("结论摘要 (findings)", counts)
        raw("</dl>\n</header>\n")
    }

    private mutating func writeContents() {
        raw("<nav class=\"toc\" id=\"contents\">")
        heading("h2", "目录", "contents")
        raw("<ol><li><a href=\"#summary\">一、总体情况</a>" + (doc.companies.contains { !$0.hasDossier } ? "<ol><li><a href=\"#basis\">未建档企业的评分依据</a></li></ol>" : "") + "</li><li><a href=\"#dossiers\">二、重点企业档案</a><ol>")
        for company in doc.dossierCompanies {
            raw("<li><a href=\"#\(dossierAnchor(company.creditCode))\">")
            text(company.name)
            raw("</a> ")
            badge(company.level)
            raw("</li>")
        }
        raw("</ol></li><li><a href=\"#linked\">三、关联预警（顺藤摸瓜）</a></li><li><a href=\"#appendix\">附录：模型与方法</a></li></ol></nav>\n")
    }

    // MARK: - Summary

    private mutating func writeSummary() {
        raw("<section id=\"summary\">\n")
        heading("h2", "一、总体情况", "summary")
        raw("<div class=\"cards\">")
        for level in RiskLevel.allCases {
            raw("<div class=\"card \(level.rawValue)\"><div class=\"n\">\(doc.count(of: level))</div>"); text(doc.levelName(level)); raw("企业</div>")
        }
        raw("<div class=\"card other\"><div class=\"n\">\(doc.unmatched.count)</div>未评分或重复的名单行</div>")
        raw("<div class=\"card other\"><div class=\"n\">\(doc.linked.count)</div>关联预警企业</div></div>\n")
        raw("<figure>")
        raw(ScoreHistogramChart.svg(doc.companies, names: doc.levelNames))
        raw("<figcaption>图 1 名单企业总分分布（每 10 分一组，按等级着色）</figcaption></figure>\n")
        heading("h3", "名单企业风险排名", "ranked list")
        raw("<div class=\"scroll\"><table class=\"ranked\"><thead><tr><th class=\"num\">排名</th><th>企业名称 / 统一社会信用代码</th><th>地区</th><th class=\"num\">总分</th><th>等级</th>")
        for dimension in RiskDimension.allCases { raw("<th class=\"num\">"); text(dimension.shortChinese); raw("</th>") }
        raw("<th>主要原因</th><th>处置建议</th></tr></thead>\n<tbody>\n")
        for (index, company) in doc.rankedCompanies.enumerated() {
            raw("<tr data-credit-code=\"")
            text(company.creditCode)
            raw("\"><td class=\"num\">\(index + 1)</td><td>")
            if company.hasDossier {
                raw("<a href=\"#\(dossierAnchor(company.creditCode))\">"); text(company.name); raw("</a>")
            } else {
                text(company.name)
            }
            raw("<br><span class=\"mono muted\">"); text(company.creditCode); raw("</span>")
            if let note = company.matchNote { raw("<br><span class=\"muted\">"); text(company.matchLabel ?? "按企业名称匹配"); raw(" ("); text(note); raw(")</span>") }
            let extras = ReportField.listExtras(company.input)
            if !extras.isEmpty { raw("<br><span class=\"muted\">名单："); text(extras); raw("</span>") }
            raw("</td><td class=\"region\">")
            text(RegionNames.label(company.regionCode))
            raw("</td><td class=\"num\"><strong>\(ReportText.fixed(company.score))</strong></td><td>")
            badge(company.level)
            raw("</td>")
            for dimension in RiskDimension.allCases { raw("<td class=\"num\">\(ReportText.fixed(company.dimensions[dimension]))</td>") }
            raw("<td class=\"reason\">")
            text(company.topReason?.description ?? "—")
            raw("</td><td class=\"disposition-cell\">")
            text(company.dispositionWithRule)
            raw("</td></tr>\n")
        }
        raw("</tbody></table></div>\n")
        writeBasis()
        writeUnmatched()
        raw("</section>\n")
    }

    /// Every listed company without a dossier: its reasons with their evidence (a weak tie's
    /// chain) and what was checked, so a 正常 referral can be closed on the report.
    private mutating func writeBasis() {
        let others = doc.rankedCompanies.enumerated().filter { !$0.element.hasDossier }
        guard !others.isEmpty else { return }
        heading("h3", "未建档企业的评分依据", "basis of the listed companies without a dossier", id: "basis")
        raw("<p class=\"muted\">命中的指标及其证据，以及已核查的记录和不计分的原因。</p>\n")
        for (index, company) in others {
            raw("<div class=\"basis\" data-credit-code=\"")
            text(company.creditCode)
            raw("\"><h4>")
            text("第 \(index + 1) 名 \(company.name)")
            raw(" <span class=\"muted\">")
            text("（\(doc.levelName(company.level))，\(ReportText.fixed(company.score)) 分）")
            raw("</span></h4>\n")
            if company.reasons.isEmpty { raw("<p>未命中模型指标。</p>\n") } else { writeReasons(company.rankedReasons) }
            if let checked = company.recordsChecked { raw("<p class=\"muted\">已核查："); text(checked); raw("</p>\n") }
            raw("</div>\n")
        }
    }

    private mutating func writeUnmatched() {
        heading("h3", "未评分或重复的名单行", "rows not scored (unmatched, ambiguous, not yet established) or scored on another row")
        guard !doc.unmatched.isEmpty else {
            raw("<p class=\"muted\">名单中每一行都唯一匹配到一家企业。</p>\n")
            return
        }
        raw("<table class=\"unmatched\"><thead><tr><th class=\"num\">名单行</th><th>名单中的名称/代码</th><th>情况</th><th>候选企业</th></tr></thead><tbody>\n")
        for entry in doc.unmatched.sorted(by: { ($0.row, $0.query) < ($1.row, $1.query) }) {
            raw("<tr><td class=\"num\">\(entry.row)</td><td>")
            text(entry.query)
            let extras = ReportField.listExtras(entry.input)
            if !extras.isEmpty { raw("<br><span class=\"muted\">名单："); text(extras); raw("</span>") }
            raw("</td><td>")
            text("\(entry.situation.chinese) (\(entry.situation.english))")
            raw("</td><td>")
            if entry.candidates.isEmpty {
                raw("—")
            } else {
                raw("<ul>")
                for candidate in entry.candidates {
                    raw("<li>"); text(candidate.name); raw(" <span class=\"mono muted\">"); text(candidate.creditCode)
                    raw("</span> "); text(RegionNames.label(candidate.regionCode)); raw("</li>")
                }
                raw("</ul>")
            }
            raw("</td></tr>\n")
        }
        raw("</tbody></table>\n")
    }

    // MARK: - Dossiers

    private mutating func writeDossiers() {
        raw("<section id=\"dossiers\">\n")
        heading("h2", "二、重点企业档案", "dossiers of high and medium companies")
        let dossiers = doc.dossierCompanies
        if dossiers.isEmpty { raw("<p class=\"muted\">"); text("名单中没有\(doc.levelName(.high))或\(doc.levelName(.medium))企业。"); raw("</p>\n") }
        for company in dossiers { writeDossier(company) }
        raw("</section>\n")
    }

    private mutating func writeDossier(_ company: ReportCompany) {
        raw("<article class=\"dossier \(company.level.rawValue)\" id=\"\(dossierAnchor(company.creditCode))\" data-credit-code=\"")
        text(company.creditCode)
        raw("\" data-level=\"\(company.level.rawValue)\">\n<div class=\"dossier-head\"><div>")
        element("h3", company.name)
        raw("<div><span class=\"mono\">"); text(company.creditCode); raw("</span> · ")
        text(RegionNames.label(company.regionCode))
        raw(" · "); badge(company.level)
        raw("</div></div><div class=\"score\">\(ReportText.fixed(company.score))<small>总分 / 100</small></div></div>\n")

        // Registry.
        raw("<section data-section=\"registry\">")
        heading("h4", "登记信息", "registry")
        if let facts = company.registry {
            raw("<dl class=\"facts\">")
            fact("登记状态", facts.status?.chinese)
            if !facts.formerNames.isEmpty { fact("曾用名", facts.formerNames.joined(separator: "；")) }
            fact("成立日期", facts.established?.iso)
            fact("注册资本", facts.regCapital.map { ReportText.wan($0) })
            fact("实缴资本", facts.paidCapital.map { ReportText.wan($0) })
            fact("企业类型", facts.entType)
            fact("行业", facts.industry)
            fact(facts.legalRepresentativeTitle, facts.legalRepresentative)
            if !facts.formerLegalRepresentatives.isEmpty {
                fact("曾任" + facts.legalRepresentativeTitle, facts.formerLegalRepresentatives.map(\.text).joined(separator: "；"))
            }
            fact("住所", facts.address)
            fact("联系电话", facts.phone)
            fact("经营范围", facts.scope)
            fact("金融牌照/备案", facts.licences.isEmpty ? "无" : facts.licences.map(\.text).joined(separator: "；"))
            if let parent = facts.parentCode { fact("总公司", facts.parentName.map { "\($0)（\(parent)）" } ?? parent) }
            raw("</dl>")
        } else {
            raw("<p class=\"muted\">未载入登记信息。</p>")
        }
        let input = company.input.filter { !$0.value.isEmpty }
        if !input.isEmpty {
            raw("<p class=\"muted\">名单信息：")
            for (index, field) in input.enumerated() {
                if index > 0 { raw("；") }
                text(field.name); raw("="); text(field.value)
            }
            raw("</p>")
        }
        raw("</section>\n")

        // Dimensions.
        raw("<section data-section=\"dimensions\">")
        heading("h4", "分项得分", "dimension scores")
        raw("<figure>")
        raw(DimensionBarsChart.svg(company.dimensions, weights: doc.appendix.dimensionWeights))
        // The values in text too: a chart with role="img" is one picture to a screen reader,
        // and its numbers were nowhere else (found by review).
        raw("<figcaption>"); text(ReportText.dimensionsLine(company.dimensions)); raw("</figcaption>")
        raw("</figure></section>\n")

        // Reasons with evidence.
        raw("<section data-section=\"reasons\">")
        heading("h4", "风险原因与证据", "reasons and evidence")
        if company.reasons.isEmpty { raw("<p class=\"muted\">没有触发的指标。</p>") }
        writeReasons(company.rankedReasons)
        raw("</section>\n")

        // Ownership.
        raw("<section data-section=\"ownership\">")
        heading("h4", "股权穿透与实际控制人", "equity penetration and actual controller")
        if let ownership = company.ownership {
            writeOwnership(ownership, company: company)
        } else {
            raw("<p class=\"muted\">未取得股权数据。</p>")
        }
        raw("</section>\n")

        // Links.
        raw("<section data-section=\"links\">")
        heading("h4", "关联关系图", "linked entities")
        if let links = company.links {
            writeLinks(links, company: company)
        } else {
            raw("<p class=\"muted\">未取得关联数据。</p>")
        }
        raw("</section>\n")

        // Disposition.
        raw("<section data-section=\"disposition\">")
        heading("h4", "处置建议", "recommended disposition")
        raw("<div class=\"disposition\">建议：<strong>")
        text(company.disposition)
        raw("</strong>")
        if let basis = company.dispositionBasis {
            raw("<div class=\"muted\">处置依据：")
            text(basis)
            raw("</div>")
        }
        let basis = company.rankedReasons.prefix(3).map { "\($0.description)（+\(ReportText.compact($0.points))）" }
        if !basis.isEmpty {
            raw("<div class=\"muted\">主要依据：")
            text(basis.joined(separator: "；"))
            raw("</div>")
        }
        raw("</div></section>\n</article>\n")
    }

    /// Each reason with its points, indicator and evidence citations.
    private mutating func writeReasons(_ reasons: [ReportReason]) {
        for reason in reasons {
            raw("<div class=\"reason\" data-indicator=\"")
            text(reason.indicator)
            raw("\"><span class=\"pts\">+\(ReportText.compact(reason.points))</span>")
            text(reason.description)
            raw(" <span class=\"muted\">（")
            text("\(reason.dimension.chinese) · \(reason.indicator)")
            raw("）</span>")
            if !reason.evidence.isEmpty {
                raw("<ul class=\"evidence\">")
                for evidence in reason.evidence { writeEvidence(evidence) }
                raw("</ul>")
            }
            raw("</div>\n")
        }
    }

    private mutating func writeEvidence(_ evidence: ReportEvidence) {
        let ref = evidence.reference
        raw("<li data-ref-kind=\"\(ref.kind.rawValue)\" data-ref-company=\"")
        text(ref.company)
        raw("\" data-ref-key=\"")
        text(ref.key)
        raw("\"><span class=\"kind\">\(ref.kind.chinese)</span><cite>")
        text(EvidenceFormatter.citation(evidence.citation))
        raw("</cite>")
        if let added = EvidenceFormatter.addedText(evidence) {
            raw(" <span class=\"muted\">— ")
            text(added)
            raw("</span>")
        }
        raw("</li>")
    }

    private mutating func writeOwnership(_ ownership: OwnershipReport, company: ReportCompany) {
        if let controller = ownership.actualController {
            raw("<p>实际控制人 (actual controller)：<strong>")
            text(controller.name)
            raw("</strong> <span class=\"muted\">")
            text(controller.reason)
            raw("</span></p>")
        } else {
            raw("<p>实际控制人：<span class=\"muted\">未能认定</span></p>")
        }
        // A branch has no owners: its beneficial owners and the note naming its head office
        // are still printed (they were cut off here with the owner table).
        if ownership.owners.isEmpty {
            raw("<p class=\"muted\">")
            text(ReportText.noOwners(branch: company.registry?.isBranch ?? false))
            raw("</p>")
        } else {
            writeOwnerTable(ownership, company: company)
        }
        if !ownership.beneficialOwners.isEmpty {
            raw("<p>受益所有人 (beneficial owners)：")
            for (index, owner) in ownership.beneficialOwners.enumerated() {
                if index > 0 { raw("；") }
                text("\(owner.name)（\(owner.basis)）")
            }
            raw("</p>")
        }
        for note in ownership.notes { raw("<p class=\"muted\">注："); text(note); raw("</p>") }
    }

    private mutating func writeOwnerTable(_ ownership: OwnershipReport, company: ReportCompany) {
        raw("<figure class=\"scroll\">")
        raw(EquityTreeChart.svg(companyID: company.creditCode, companyName: company.name, ownership: ownership))
        raw("<figcaption>股权结构自上而下：股东在上，被穿透企业在下；边上为直接持股比例，框内为穿透（综合）持股比例。</figcaption></figure>")
        raw("<table class=\"owners\"><thead><tr><th>股东</th><th>类型</th><th class=\"num\">直接持股</th><th class=\"num\">穿透持股</th><th>持股路径</th></tr></thead><tbody>")
        for owner in ownership.rankedOwners {
            raw("<tr><td>"); text(owner.name)
            if owner.id == ownership.actualController?.id { raw(" <span class=\"badge medium\">实际控制人</span>") }
            raw("</td><td>"); text(owner.kind.chinese)
            raw("</td><td class=\"num\">"); text(owner.directText); raw("</td><td class=\"num\">"); text(owner.integratedText); raw("</td><td>")
            text(owner.paths.map { ownership.pathText($0, companyID: company.creditCode, companyName: company.name) }.joined(separator: "；"))
            raw("</td></tr>")
        }
        raw("</tbody></table>")
    }

    private mutating func writeLinks(_ links: LinkNeighbourhood, company: ReportCompany) {
        guard !links.nodes.isEmpty || !links.truncatedHubs.isEmpty else {
            raw("<p class=\"muted\">没有关联方。</p>")
            return
        }
        raw("<figure class=\"scroll\">")
        raw(LinkDiagramChart.svg(centerName: company.name, centerLevel: company.level, links: links, names: doc.levelNames))
        let rings = ["一度", "二度", "三度", "四度", "五度", "六度"].prefix(max(1, links.nodes.map(\.distance).max() ?? 1)).joined(separator: "、")
        // The caption named a 三度 column the two-link diagram never draws (found by review).
        raw("<figcaption>按距离分列：左为本企业，向右依次为\(rings)关联方；填色为风险等级，边框为主体类型；箭头由股东指向被持股企业、由任职人指向任职企业、由总公司指向分公司（标注中的 → / ← 同此方向）；虚线框为已折叠的枢纽节点。</figcaption></figure>")
        let names = Dictionary(links.nodes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            .merging([links.center: company.name], uniquingKeysWith: { first, _ in first })
        raw("<table class=\"links\"><thead><tr><th>关联方</th><th>类型</th><th class=\"num\">距离</th><th>关联链</th><th>等级</th><th>地区</th></tr></thead><tbody>")
        for node in links.orderedNodes {
            raw("<tr><td>"); text(node.name); raw("</td><td>"); text(node.kind.chinese)
            raw("</td><td class=\"num\">\(node.distance)</td><td>")
            if let via = node.via {
                text(via.chainText(node: node.name, from: names[via.from] ?? via.from))
            }
            raw("</td><td>")
            // An unlisted company was blank here and 未评分 in the diagram's legend (found by review).
            if let level = node.level { badge(level) } else if node.kind == .company { text("未评分") }
            raw("</td><td>")
            if let region = node.regionCode { text(RegionNames.label(region)) }
            raw("</td></tr>")
        }
        for hub in links.truncatedHubs.sorted(by: { $0.id < $1.id }) {
            raw("<tr><td>"); text(hub.label); raw("</td><td>"); text(hub.kind.chinese)
            raw("</td><td class=\"num\">—</td><td>枢纽节点，已折叠（不计入关联风险）</td><td></td><td></td></tr>")
        }
        raw("</tbody></table>")
    }

    // MARK: - Linked warnings

    private mutating func writeLinked() {
        raw("<section id=\"linked\">\n")
        heading("h2", "三、关联预警（顺藤摸瓜）", "linked warnings")
        // Every scored company's level by credit code and by name (an assembled report's chains
        // identify entities by name, ``ReportAssembler``), to colour a chain's nodes by who they are.
        let scored = doc.companies.map { ($0.creditCode, $0.name, $0.level) } + doc.linked.map { ($0.creditCode, $0.name, $0.level) }
        let levels = Dictionary(scored.flatMap { [($0.0, $0.2), ($0.1, $0.2)] }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(doc.companies.map { ($0.creditCode, $0.name) }, uniquingKeysWith: { first, _ in first })
        if doc.linked.isEmpty { raw("<p class=\"muted\">没有名单外的关联预警企业。</p>\n") }
        if doc.linked.contains(where: doc.isRemote) { raw("<p class=\"muted\">"); text(doc.remoteNote); raw("</p>\n") }
        for warning in doc.rankedLinked {
            raw("<div class=\"warning\" data-credit-code=\"")
            text(warning.creditCode)
            // A heading, so a screen reader's heading list reaches each warning (found by review).
            raw("\"><div><h4 class=\"warning-name\">")
            text(warning.name)
            raw("</h4> <span class=\"mono muted\">")
            text(warning.creditCode)
            raw("</span> · ")
            text(RegionNames.label(warning.regionCode))
            if doc.isRemote(warning) { raw(" <span class=\"badge remote\">异地</span>") }
            raw(" · 总分 <strong>\(ReportText.fixed(warning.score))</strong> ")
            badge(warning.level)
            if warning.highOnItsOwn { raw(" <span class=\"muted\">（自身记录即达此等级，经下列关联进入视野）</span>") }
            // The listed company is called the source only when it is the source its reason
            // names; else (a company high on its own records, a worse source off the list) it
            // is where the tie to the list starts.
            raw(warning.viaIsSource ? "</div><div class=\"muted\">来源企业：" : "</div><div class=\"muted\">关联名单企业：")
            text((names[warning.via] ?? warning.via) + doc.listReference(warning.via))
            if let facts = warning.factsLine { raw("</div><div>"); text(facts) }
            if !warning.disposition.isEmpty { raw("</div><div>处置建议："); text(warning.dispositionWithRule) }
            raw("</div><figure class=\"scroll\">")
            let start = warning.chainStart(viaName: names[warning.via])
            raw(ChainChart.svg(warning.chain, start: start, levels: levels))
            raw("</figure><div class=\"chain-text\">")
            text(ChainChart.text(warning.chain, start: start))
            raw("</div>")
            if let dims = warning.dimensions {
                raw("<div class=\"muted\" data-section=\"dimensions\">")
                text("维度得分：" + ReportText.dimensionsLine(dims))
                raw("</div>")
            }
            if !warning.reasons.isEmpty {
                raw("<section data-section=\"reasons\"><div class=\"muted\">风险原因与证据：</div>")
                writeReasons(warning.rankedReasons)
                raw("</section>")
            }
            raw("</div>\n")
        }
        raw("</section>\n")
    }

    // MARK: - Appendix

    private mutating func writeAppendix() {
        let appendix = doc.appendix
        raw("<section id=\"appendix\">\n")
        heading("h2", "附录：模型指标与方法", "appendix: model and method")
        raw("<p>")
        text("\(doc.model.id) 版本 \(doc.model.version)：\(appendix.description)")
        raw("</p>")
        heading("h4", "维度权重", "dimension weights")
        raw("<table><thead><tr><th>维度</th><th class=\"num\">权重</th></tr></thead><tbody>")
        for weight in appendix.dimensionWeights {
            raw("<tr><td>"); text("\(weight.dimension.chinese) (\(weight.dimension.english))")
            raw("</td><td class=\"num\">\(ReportText.compact(weight.weight))</td></tr>")
        }
        raw("</tbody></table>")
        heading("h4", "等级与处置", "level bands and dispositions")
        raw("<table><thead><tr><th>等级</th><th class=\"num\">最低分</th><th>处置建议</th></tr></thead><tbody>")
        for band in appendix.levelBands {
            raw("<tr><td>"); badge(band.level); raw("</td><td class=\"num\">\(ReportText.compact(band.minScore))</td><td>")
            text(band.disposition); raw("</td></tr>")
        }
        raw("</tbody></table>")
        if !appendix.dispositionRules.isEmpty {
            heading("h4", "特定处置", "specific dispositions")
            raw("<p class=\"muted\">公司处于所列等级且下列指标计分时，以此处置取代等级的一般处置（按顺序取第一条）。</p>")
            raw("<table><thead><tr><th>指标</th><th>适用等级</th><th>处置建议</th></tr></thead><tbody>")
            for spec in appendix.dispositionRules {
                raw("<tr><td>"); text(spec.rule.name); raw("<br><span class=\"mono\">"); text(spec.rule.indicator)
                raw("</span></td><td>")
                for (i, level) in spec.levels.enumerated() { if i > 0 { raw(" ") }; badge(level) }
                raw("</td><td>"); text(spec.disposition); raw("</td></tr>")
            }
            raw("</tbody></table>")
        }
        heading("h4", "指标", "indicators")
        raw("<table class=\"indicators\"><thead><tr><th>编号</th><th>维度</th><th>说明</th><th>特征</th><th>计分</th></tr></thead><tbody>")
        for indicator in appendix.orderedIndicators {
            raw("<tr><td class=\"mono\">"); text(indicator.id)
            raw("</td><td>"); text(indicator.dimension.chinese)
            raw("</td><td>"); text(indicator.descriptionZh)
            raw("<br><span class=\"en\" lang=\"en\">"); text(indicator.descriptionEn)
            raw("</span></td><td class=\"mono\">"); text(indicator.feature)
            raw("</td><td>"); text(indicator.scoring)
            raw("</td></tr>")
        }
        raw("</tbody></table>")
        heading("h4", "方法说明", "method notes")
        raw("<ol>")
        for note in appendix.methodNotes { raw("<li>"); text(note); raw("</li>") }
        raw("</ol>\n</section>\n")
    }
}
