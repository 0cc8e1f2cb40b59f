import RiskDomain

/// Writes a ``ReportDocument`` as GitHub-flavoured Markdown with the same sections as the HTML:
/// tables as GFM tables, charts as text bars, chains as `A —股东 90%→ B`.
///
/// - Complexity: O(size of the output).
struct MarkdownReportWriter {
    let doc: ReportDocument
    private var out = ""

    init(_ doc: ReportDocument) { self.doc = doc }

    static func render(_ doc: ReportDocument) -> String {
        var writer = MarkdownReportWriter(doc)
        writer.out.reserveCapacity(32 * 1024 + doc.companies.count * 8 * 1024)
        writer.write()
        return writer.out
    }

    private mutating func line(_ text: String = "") { out += text; out += "\n" }
    private func md(_ text: String) -> String { ReportText.markdown(text) }
    /// `text` as an inline code span that cannot break out: on one line, `|` escaped (GFM
    /// splits table cells even inside code spans), fenced by one backtick more than its
    /// longest run of backticks. A product name holding a backtick and a line break made a
    /// stray heading and an extra table cell.
    static func code(_ text: String) -> String {
        let flat = text.map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined().replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for character in flat { if character == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
    private func code(_ text: String) -> String { Self.code(text) }

    /// Each reason with its points and indicator, its evidence citations nested under it.
    private mutating func reasonLines(_ reasons: [ReportReason]) {
        for reason in reasons {
            line("- **+\(ReportText.compact(reason.points))** \(md(reason.description))（\(reason.dimension.chinese) · \(code(reason.indicator))）")
            for evidence in reason.evidence {
                var text = "  - [\(evidence.reference.kind.chinese)] " + md(EvidenceFormatter.citation(evidence.citation))
                if let added = EvidenceFormatter.addedText(evidence) { text += " — " + md(added) }
                text += " " + code("\(evidence.reference.kind.rawValue):\(evidence.reference.key)")
                line(text)
            }
        }
    }
    private func bar(_ value: Double, scale: Double = 5) -> String {
        let blocks = max(0, Int((value / scale).rounded()))
        return String(repeating: "█", count: blocks)
    }

    private mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) {
        line("| " + header.joined(separator: " | ") + " |")
        line("|" + header.indices.map { numeric.contains($0) ? " ---: |" : " --- |" }.joined())
        for row in rows { line("| " + row.joined(separator: " | ") + " |") }
        line()
    }

    private mutating func write() {
        // Cover.
        line("# " + md(doc.title))
        line()
        line("非法集资风险监测 · 待查名单核查报告 (Illegal-fundraising risk report)")
        line()
        // The CLI makes the report date the as-of date (reproducible output): printed as a
        // date of its own it was false for a back-dated report (found by review).
        if doc.reportDate != doc.asOf { line("- 报告日期 (report date)：" + doc.reportDate.iso) }
        line("- 评分基准日 (as of)：" + doc.asOf.iso)
        line("- 模型 (model)：" + md("\(doc.model.id) 版本 \(doc.model.version)"))
        line("- 模型 sha256：`\(doc.model.sha256)`")
        line("- 数据指纹 (data fingerprint)：`\(doc.dataFingerprint)`")
        if let list = doc.list {
            line("- 待查名单 (watch list)：" + md("\(list.path)（\(list.rows) 行）"))
            line("- 名单 sha256：`\(list.sha256)`")
        } else {
            line("- 待查名单 (watch list)：无（全量筛查）")
        }
        if let jurisdiction = doc.jurisdiction { line("- 辖区 (jurisdiction)：" + RegionNames.label(jurisdiction)) }
        line()
        writeSummary()
        writeDossiers()
        writeLinked()
        writeAppendix()
    }

    private mutating func writeSummary() {
        line("## 一、总体情况 (summary)")
        line()
        table(RiskLevel.allCases.map(doc.levelName) + ["未评分或重复", "关联预警"],
              [[String(doc.count(of: .high)), String(doc.count(of: .medium)), String(doc.count(of: .low)),
                String(doc.unmatched.count), String(doc.linked.count)]], numeric: [0, 1, 2, 3, 4])
        line("### 总分分布 (score distribution)")
        line()
        let bins = ScoreHistogramChart.bins(doc.companies)
        table(["分数段"] + RiskLevel.allCases.map(doc.levelName) + ["合计", ""], bins.enumerated().map { index, counts in
            let total = counts.values.reduce(0, +)
            return ["\(index * 10)–\(index * 10 + 10)", String(counts[.high] ?? 0), String(counts[.medium] ?? 0),
                    String(counts[.low] ?? 0), String(total), String(repeating: "█", count: total)]
        }, numeric: [1, 2, 3, 4])
        line("### 名单企业风险排名 (ranked list)")
        line()
        var header = ["排名", "企业名称", "统一社会信用代码", "地区", "总分", "等级"]
        header += RiskDimension.allCases.map { $0.shortChinese }
        header += ["主要原因", "处置建议"]
        let rows: [[String]] = doc.rankedCompanies.enumerated().map { index, company in
            var row = [String(index + 1), md(company.name), "`\(company.creditCode)`", RegionNames.label(company.regionCode),
                       ReportText.fixed(company.score), doc.levelName(company.level)]
            row += RiskDimension.allCases.map { ReportText.fixed(company.dimensions[$0]) }
            row += [md(company.topReason?.description ?? "—"), md(company.dispositionWithRule)]
            return row
        }
        table(header, rows, numeric: [0, 4, 6, 7, 8, 9])
        let notes = doc.rankedCompanies.enumerated().compactMap { index, company in
            company.matchNote.map { "- 第 \(index + 1) 名 \(md(company.name))：\(company.matchLabel ?? "按企业名称匹配") (\(md($0)))" }
        }
        // The list's own columns (a referral number) of every ranked row, under the table.
        let extras = doc.rankedCompanies.enumerated().compactMap { index, company -> String? in
            let text = ReportField.listExtras(company.input)
            return text.isEmpty ? nil : "- 第 \(index + 1) 名 \(md(company.name))：名单 \(md(text))"
        }
        if !extras.isEmpty {
            line("名单信息 (the list's columns):")
            line()
            for extra in extras { line(extra) }
            line()
        }
        if !notes.isEmpty {
            for note in notes { line(note) }
            line()
        }
        let others = doc.rankedCompanies.enumerated().filter { !$0.element.hasDossier }
        if !others.isEmpty {
            line("### 未建档企业的评分依据 (basis of the listed companies without a dossier)")
            line()
            line("命中的指标及其证据，以及已核查的记录和不计分的原因。")
            line()
            for (index, company) in others {
                line("#### 第 \(index + 1) 名 \(md(company.name))（\(doc.levelName(company.level))，\(ReportText.fixed(company.score)) 分）")
                line()
                if company.reasons.isEmpty { line("未命中模型指标。") } else { reasonLines(company.rankedReasons) }
                if let checked = company.recordsChecked { line(); line("已核查：" + md(checked)) }
                line()
            }
        }
        line("### 未评分或重复的名单行 (rows not scored (unmatched, ambiguous, not yet established) or scored on another row)")
        line()
        if doc.unmatched.isEmpty {
            line("名单中每一行都唯一匹配到一家企业。")
            line()
        } else {
            table(["名单行", "名单中的名称/代码", "情况", "候选企业"],
                  doc.unmatched.sorted { ($0.row, $0.query) < ($1.row, $1.query) }.map { entry in
                      let extras = ReportField.listExtras(entry.input)
                      // What is wrong with an invalid code (HTML gives both languages).
                      let explained = entry.badCreditCode || (entry.note != nil && !entry.codeNameMismatch && entry.duplicateOf == nil)
                      let situation = explained ? "\(entry.situation.chinese)（\(md(entry.situation.english))）" : entry.situation.chinese
                      return [String(entry.row), md(entry.query + (extras.isEmpty ? "" : "（名单：\(extras)）")), situation,
                       entry.candidates.isEmpty ? "—" : entry.candidates.map { md("\($0.name) \($0.creditCode) \(RegionNames.label($0.regionCode))") }.joined(separator: "；")]
                  }, numeric: [0])
        }
    }

    private mutating func writeDossiers() {
        line("## 二、重点企业档案 (dossiers)")
        line()
        let dossiers = doc.dossierCompanies
        if dossiers.isEmpty { line("名单中没有\(doc.levelName(.high))或\(doc.levelName(.medium))企业。"); line() }
        for company in dossiers { writeDossier(company) }
    }

    private mutating func writeDossier(_ company: ReportCompany) {
        line("### \(md(company.name))（\(doc.levelName(company.level))，\(ReportText.fixed(company.score)) 分）")
        line()
        line("`\(company.creditCode)` · \(RegionNames.label(company.regionCode)) · 处置建议：**\(md(company.disposition))**")
        line()
        line("#### 登记信息 (registry)")
        line()
        if let facts = company.registry {
            var rows: [[String]] = [
                ["登记状态", facts.status?.chinese ?? "—"],
            ] + (facts.formerNames.isEmpty ? [] : [["曾用名", md(facts.formerNames.joined(separator: "；"))]]) + [
                ["成立日期", facts.established?.iso ?? "—"],
                ["注册资本", facts.regCapital.map { ReportText.wan($0) } ?? "—"],
                ["实缴资本", facts.paidCapital.map { ReportText.wan($0) } ?? "—"],
                ["企业类型", md(facts.entType ?? "—")], ["行业", md(facts.industry ?? "—")],
                [facts.legalRepresentativeTitle, md(facts.legalRepresentative ?? "—")],
            ]
            if !facts.formerLegalRepresentatives.isEmpty {
                rows.append(["曾任" + facts.legalRepresentativeTitle, md(facts.formerLegalRepresentatives.map(\.text).joined(separator: "；"))])
            }
            rows += [["住所", md(facts.address ?? "—")], ["联系电话", md(facts.phone ?? "—")], ["经营范围", md(facts.scope ?? "—")],
                     ["金融牌照/备案", facts.licences.isEmpty ? "无" : md(facts.licences.map(\.text).joined(separator: "；"))]]
            if let parent = facts.parentCode { rows.append(["总公司", (facts.parentName.map { md($0) + " " } ?? "") + code(parent)]) }
            table(["项目", "内容"], rows)
        } else {
            line("未载入登记信息。")
            line()
        }
        let input = company.input.filter { !$0.value.isEmpty }
        if !input.isEmpty {
            line("名单信息：" + input.map { md("\($0.name)=\($0.value)") }.joined(separator: "；"))
            line()
        }
        line("#### 分项得分 (dimension scores)")
        line()
        table(["维度", "得分", ""], RiskDimension.allCases.map {
            ["\($0.chinese) (\($0.english))", ReportText.fixed(company.dimensions[$0]), bar(company.dimensions[$0])]
        }, numeric: [1])
        line("#### 风险原因与证据 (reasons and evidence)")
        line()
        if company.reasons.isEmpty { line("没有触发的指标。"); line() }
        reasonLines(company.rankedReasons)
        line()
        line("#### 股权穿透与实际控制人 (equity penetration and actual controller)")
        line()
        if let ownership = company.ownership {
            if let controller = ownership.actualController {
                line("实际控制人：**\(md(controller.name))**（\(md(controller.reason))）")
            } else {
                line("实际控制人：未能认定")
            }
            line()
            func pathText(_ path: [String]) -> String { ownership.pathText(path, companyID: company.creditCode, companyName: company.name) }
            if ownership.owners.isEmpty {
                line(ReportText.noOwners(branch: company.registry?.isBranch ?? false))
                line()
            } else {
                table(["股东", "类型", "直接持股", "穿透持股", "持股路径"], ownership.rankedOwners.map { owner in
                    [md(owner.name) + (owner.id == ownership.actualController?.id ? "（实际控制人）" : ""), owner.kind.chinese,
                     owner.directText, owner.integratedText,
                     md(owner.paths.map(pathText).joined(separator: "；"))]
                }, numeric: [2, 3])
            }
            if !ownership.beneficialOwners.isEmpty {
                line("受益所有人：" + ownership.beneficialOwners.map { md("\($0.name)（\($0.basis)）") }.joined(separator: "；"))
                line()
            }
            for note in ownership.notes { line("注：" + md(note)); line() }
        } else {
            line("未取得股权数据。")
            line()
        }
        line("#### 关联关系 (linked entities)")
        line()
        if let links = company.links, !(links.nodes.isEmpty && links.truncatedHubs.isEmpty) {
            let names = Dictionary(links.nodes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
                .merging([links.center: company.name], uniquingKeysWith: { first, _ in first })
            var rows: [[String]] = links.orderedNodes.map { node in
                var chain = "—"
                if let via = node.via { chain = via.chainText(node: node.name, from: names[via.from] ?? via.from) }
                return [md(node.name), node.kind.chinese, String(node.distance), md(chain), node.level.map(doc.levelName) ?? (node.kind == .company ? "未评分" : ""),
                        node.regionCode.map(RegionNames.label) ?? ""]
            }
            for hub in links.truncatedHubs.sorted(by: { $0.id < $1.id }) {
                rows.append([md(hub.label), hub.kind.chinese, "—", "枢纽节点，已折叠", "", ""])
            }
            table(["关联方", "类型", "距离", "关联链", "等级", "地区"], rows, numeric: [2])
        } else {
            line(company.links == nil ? "未取得关联数据。" : "没有关联方。")
            line()
        }
        line("#### 处置建议 (recommended disposition)")
        line()
        line("建议：**\(md(company.disposition))**")
        if let basis = company.dispositionBasis { line(); line("处置依据：" + md(basis)) }
        let basis = company.rankedReasons.prefix(3).map { "\($0.description)（+\(ReportText.compact($0.points))）" }
        if !basis.isEmpty { line(); line("主要依据：" + md(basis.joined(separator: "；"))) }
        line()
    }

    private mutating func writeLinked() {
        line("## 三、关联预警（顺藤摸瓜） (linked warnings)")
        line()
        if doc.linked.isEmpty { line("没有名单外的关联预警企业。"); line(); return }
        if doc.linked.contains(where: doc.isRemote) { line(md(doc.remoteNote)); line() }
        let names = Dictionary(doc.companies.map { ($0.creditCode, $0.name) }, uniquingKeysWith: { first, _ in first })
        table(["企业名称", "统一社会信用代码", "地区", "异地", "总分", "等级", "来源企业", "关联链", "登记信息", "处置建议"],
              doc.rankedLinked.map { warning in
                  [md(warning.name), "`\(warning.creditCode)`", RegionNames.label(warning.regionCode),
                   doc.isRemote(warning) ? "异地" : "", ReportText.fixed(warning.score),
                   doc.levelName(warning.level) + (warning.highOnItsOwn ? "（自身记录）" : ""),
                   md((names[warning.via] ?? warning.via) + (warning.viaIsSource ? "" : "（名单企业，非风险来源）") + doc.listReference(warning.via)),
                   md(ChainChart.text(warning.chain, start: warning.chainStart(viaName: names[warning.via]))),
                   md(warning.factsLine ?? "—"), md(warning.disposition.isEmpty ? "—" : warning.dispositionWithRule)]
              }, numeric: [4])
        let explained = doc.rankedLinked.filter { !$0.reasons.isEmpty }
        guard !explained.isEmpty else { return }
        line("#### 关联预警企业的风险原因与证据 (reasons and evidence of the linked warnings)")
        line()
        for warning in explained {
            line("##### \(md(warning.name)) \(code(warning.creditCode))")
            line()
            if let dims = warning.dimensions {
                line(md("维度得分：" + ReportText.dimensionsLine(dims)))
                line()
            }
            reasonLines(warning.rankedReasons)
            line()
        }
    }

    private mutating func writeAppendix() {
        let appendix = doc.appendix
        line("## 附录：模型指标与方法 (appendix: model and method)")
        line()
        line(md("\(doc.model.id) 版本 \(doc.model.version)：\(appendix.description)"))
        line()
        line("### 维度权重 (dimension weights)")
        line()
        table(["维度", "权重"], appendix.dimensionWeights.map { ["\($0.dimension.chinese) (\($0.dimension.english))", ReportText.compact($0.weight)] }, numeric: [1])
        line("### 等级与处置 (level bands and dispositions)")
        line()
        table(["等级", "最低分", "处置建议"], appendix.levelBands.map { [md($0.name), ReportText.compact($0.minScore), md($0.disposition)] }, numeric: [1])
        if !appendix.dispositionRules.isEmpty {
            line("### 特定处置 (specific dispositions)")
            line()
            line("公司处于所列等级且下列指标计分时，以此处置取代等级的一般处置（按顺序取第一条）。")
            line()
            table(["指标", "适用等级", "处置建议"], appendix.dispositionRules.map { spec in
                ["\(md(spec.rule.name))（`\(spec.rule.indicator)`）", spec.levels.map(doc.levelName).joined(separator: "、"), md(spec.disposition)]
            })
        }
        line("### 指标 (indicators)")
        line()
        table(["编号", "维度", "说明", "特征", "计分"], appendix.orderedIndicators.map {
            [code($0.id), $0.dimension.chinese, md("\($0.descriptionZh)（\($0.descriptionEn)）"), code($0.feature), md($0.scoring)]
        })
        line("### 方法说明 (method notes)")
        line()
        for (index, note) in appendix.methodNotes.enumerated() { line("\(index + 1). " + md(note)) }
        line()
        line("---")
        line()
        line(md("\(doc.title) · 模型 \(doc.model.id) \(doc.model.version) · 评分基准日 \(doc.asOf.iso) · 数据指纹 \(doc.dataFingerprint)"))
    }
}
