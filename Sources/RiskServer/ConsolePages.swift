import Foundation
import RiskDomain
import RiskGraph
import RiskScoring
import RiskViews

/// The web console's server-rendered pages: inline CSS and SVG, no scripts, fonts or other
/// external assets; Chinese labels with English secondary.
enum ConsolePages {
    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#1d2733;background:#f6f8fa}
        header{background:#1f3b57;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
        header a{color:#fff;text-decoration:none}header .who{margin-left:auto;font-size:13px;opacity:.8}
        main{max-width:1100px;margin:0 auto;padding:16px 24px}
        h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
        th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef2f6}
        .muted{color:#6a737d;font-size:12px}.pct{color:#1f3b57;font-size:12px}
        .level{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:bold}
        .high{background:#c0392b}.medium{background:#e67e22}.low{background:#27ae60}
        .score{font-size:40px;font-weight:bold;margin-right:12px}
        form.inline{display:inline}input[type=text],input[type=password]{padding:6px;width:420px}
        button{padding:6px 14px}textarea{width:100%;height:140px}
        .tree ul{list-style:none;padding-left:18px;border-left:1px dashed #b0bcc8}.tree li{margin:3px 0}
        .error{background:#fdecea;border:1px solid #c0392b;padding:10px}
        .outside{color:#999;font-style:italic}
        """

    static func layout(title: String, body: String, who: String? = nil) -> String {
        let user = who.map { "<span class=\"who\">\(HTMLText.escape($0)) · <form class=\"inline\" method=\"post\" action=\"/logout\"><button type=\"submit\">退出 (log out)</button></form></span>" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title)) · RiskBrain 风险大脑</title><style>\(style)</style></head>
            <body><header><a href="/"><strong>RiskBrain 风险大脑</strong></a><a href="/">查询 (search)</a><a href="/watchlist">名单排查 (watch list)</a>\(user)</header>
            <main>\(body)</main></body></html>
            """
    }

    static func levelBadge(_ level: String) -> String {
        let chinese = ["high": "高危", "medium": "关注", "low": "正常"][level] ?? level
        return "<span class=\"level \(HTMLText.escape(level))\">\(chinese) (\(HTMLText.escape(level)))</span>"
    }

    static func errorPage(_ error: APIError) -> String {
        layout(title: "错误 \(error.status.code)", body: "<h1>错误 (error) \(error.status.code)</h1><p class=\"error\">\(HTMLText.escape(error.message))</p><p><a href=\"/\">返回查询 (back to search)</a></p>")
    }

    static func login(error: String?) -> String {
        let message = error.map { "<p class=\"error\">\(HTMLText.escape($0))</p>" } ?? ""
        return layout(title: "登录", body: """
            <h1>登录 (sign in)</h1>\(message)
            <form method="post" action="/login"><p><label>访问令牌 (API token)<br><input type="password" name="token" autocomplete="off"></label></p>
            <p><button type="submit">登录 (sign in)</button></p></form>
            <p class="muted">令牌由管理员用 <code>riskbrain token create</code> 生成 (tokens are created by an administrator).</p>
            """)
    }

    static func search(query: String?, results: [(id: String, name: String, kind: String, region: String?)], truncated: Bool, who: String) -> String {
        var body = """
            <h1>企业查询 (search)</h1>
            <form method="get" action="/"><input type="text" name="q" value="\(HTMLText.escape(query ?? ""))" placeholder="统一社会信用代码、人员编号或名称 (credit code, person id or name)">
            <button type="submit">查询 (search)</button></form>
            """
        if let query {
            body += "<h2>“\(HTMLText.escape(query))” 的结果 (results): \(results.count)</h2>"
            if results.isEmpty {
                body += "<p>没有匹配 (no match).</p>"
            } else {
                body += "<table id=\"results\"><tr><th>名称 (name)</th><th>代码 (id)</th><th>类型 (kind)</th><th>地区 (region)</th></tr>"
                for result in results {
                    let name = result.kind == "company"
                        ? "<a href=\"/companies/\(HTMLText.urlComponent(result.id))\">\(HTMLText.escape(result.name))</a>"
                        : HTMLText.escape(result.name)
                    body += "<tr><td>\(name)</td><td>\(HTMLText.escape(result.id))</td><td>\(HTMLText.escape(result.kind))</td><td>\(HTMLText.escape(result.region ?? ""))</td></tr>"
                }
                body += "</table>"
                if truncated { body += "<p class=\"muted\">结果已截断 (results truncated)</p>" }
            }
        }
        return layout(title: "查询", body: body, who: who)
    }

    static let columnLabels: [String: String] = [
        "credit_code": "统一社会信用代码", "name": "名称", "status": "状态", "established": "成立日期", "reg_capital": "注册资本(万元)",
        "paid_capital": "实缴资本(万元)", "ent_type": "企业类型", "industry": "行业", "region_code": "地区代码", "address": "地址",
        "phone": "电话", "email": "邮箱", "website": "网站", "scope": "经营范围", "parent_code": "总公司",
    ]

    /// A table of a detail section (a JSON array of objects), or nil when empty.
    static func sectionTable(_ rows: [JSONValue]) -> String? {
        guard case .object(let first)? = rows.first else { return nil }
        let columns = first.map(\.0).filter { $0 != "outside" }
        var html = "<table><tr>" + columns.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr>"
        for row in rows {
            guard case .object(let pairs) = row else { continue }
            html += "<tr>" + columns.map { column in
                "<td>\(HTMLText.escape(pairs.first(where: { $0.0 == column }).map { text($0.1) } ?? ""))</td>"
            }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.format(d)
        case .bool(let b): return b ? "是" : "否"
        default: return value.serialized(pretty: false)
        }
    }

    struct CompanyPage {
        var code: String
        var detail: JSONValue
        var scored: ScoredCompany?
        /// Why there is no score, when the list row was not scored (e.g. founded after the as-of date).
        var unscored: UnmatchedEntry? = nil
        /// True when the score could not be computed because an import finished and the
        /// server is loading its data (the API answers 503 then).
        var reloading = false
        var linked: [LinkedWarning]
        var ownersTree: String
        var controller: String?
        var linkDiagram: String
        var linkCount: Int
        /// False for a region-limited token, to which reports are refused (403): no report button.
        var reportsAllowed = true
    }

    /// What a section the graph has not caught up with says (an import finished a moment ago).
    static let reloadingNote = "<p class=\"muted\">数据正在重新载入，请稍后刷新 (the data is being reloaded: retry in a few seconds)</p>"

    /// Said instead of the report button to a region-limited token (reports are refused to it).
    static let noReportNote = "<p class=\"muted\" id=\"no-report\">报告不向限定地区的令牌提供 (reports are not available to region-limited tokens: a report shows linked companies in every region)</p>"

    static func company(_ page: CompanyPage, who: String) -> String {
        guard case .object(let fields) = page.detail, case .object(let company)? = fields.first(where: { $0.0 == "company" })?.1 else {
            return errorPage(APIError.notFound("no company"))
        }
        let name = company.first(where: { $0.0 == "name" }).map { text($0.1) } ?? page.code
        var body = "<h1 id=\"company-name\">\(HTMLText.escape(name))</h1><p class=\"muted\">\(HTMLText.escape(page.code))</p>"
        if let scored = page.scored {
            body += "<h2>风险评分 (risk score)</h2><p><span class=\"score\" id=\"score\">\(JSONValue.format(scored.score))</span>\(levelBadge(scored.level))"
            body += " <span class=\"muted\">处置建议 (disposition): \(HTMLText.escape(scored.disposition))</span></p>"
            // A specific disposition names the indicator that chose it, as the report does.
            if let rule = scored.dispositionRule {
                let reason = scored.reasons.first { $0.indicator == rule }
                body += "<p class=\"muted\" id=\"disposition-basis\">处置依据 (basis): \(HTMLText.escape(reason?.description ?? rule))</p>"
            }
            body += ConsoleCharts.dimensionBars(scored.dimensions)
            body += "<h2>风险理由与证据 (reasons and evidence)</h2>"
            if scored.reasons.isEmpty { body += "<p>无触发指标 (no indicator fired).</p>" }
            body += "<table><tr><th>指标 (indicator)</th><th>维度 (dimension)</th><th>分值 (points)</th><th>说明与证据 (description, evidence)</th></tr>"
            for reason in scored.reasons {
                let evidence = reason.evidence.map { "<li><span class=\"muted\">\(HTMLText.escape($0.kind)) \(HTMLText.escape($0.key))</span> \(HTMLText.escape($0.text))</li>" }.joined()
                body += "<tr><td>\(HTMLText.escape(reason.indicator))</td><td>\(HTMLText.escape(reason.dimension.chinese))</td><td>\(JSONValue.format(reason.points))</td><td>\(HTMLText.escape(reason.description))<ul>\(evidence)</ul></td></tr>"
            }
            body += "</table>"
            if !page.linked.isEmpty {
                body += "<h2>顺藤摸瓜关联预警 (linked warnings)</h2><table><tr><th>企业 (company)</th><th>地区</th><th>评分</th><th>链路 (chain)</th><th>处置建议 (disposition)</th></tr>"
                for warning in page.linked {
                    // High on its own records (its tie brought it into view) or through its ties.
                    let own = warning.highOnItsOwn ? " <span class=\"muted own-records\">（自身记录 on its own records）</span>" : ""
                    body += "<tr><td>\(HTMLText.escape(warning.name))</td><td>\(HTMLText.escape(warning.regionCode))\(warning.otherCity ? " 异地" : "")</td><td>\(JSONValue.format(warning.score))\(own)</td><td>\(HTMLText.escape(RiskScorer.render(warning.chain)))</td><td>\(HTMLText.escape(warning.disposition))</td></tr>"
                }
                body += "</table>"
            }
            // Not offered where it would be refused (found by review: a region-limited token
            // got the button, and 403 for pressing it).
            body += page.reportsAllowed ? """
                <form method="post" action="/watchlist/report"><input type="hidden" name="list" value="credit_code&#10;\(HTMLText.escape(page.code))">
                <p><button type="submit">下载报告 (download report)</button></p></form>
                """ : noReportNote
        } else if page.reloading {
            body += "<h2>风险评分 (risk score)</h2><p id=\"score-reloading\">评分暂不可用：数据正在重新载入（导入刚完成），请稍后刷新"
                + " (the score is not yet available: the data is being reloaded after an import; retry in a few seconds)</p>"
        } else if let established = page.unscored?.established {
            body += "<h2>风险评分 (risk score)</h2><p id=\"not-established\">评分基准日尚未成立（\(established.iso) 成立），不予评分"
                + " (not established by the as-of date, founded \(established.iso): not scored)</p>"
        }
        body += "<h2>登记信息 (registry facts)</h2><table>"
        for (key, value) in company where key != "name" {
            body += "<tr><th>\(HTMLText.escape(columnLabels[key] ?? key)) <span class=\"muted\">\(HTMLText.escape(key))</span></th><td>\(HTMLText.escape(text(value)))</td></tr>"
        }
        body += "</table>"
        body += "<h2>股权穿透 (owners)</h2>"
        if let controller = page.controller { body += "<p>实际控制人 (actual controller): \(HTMLText.escape(controller))</p>" }
        body += page.ownersTree
        body += "<h2>关联图 (links, \(page.linkCount) 个节点)</h2>" + page.linkDiagram
        let sections = [("shareholders", "股东 (shareholders)"), ("officers", "主要人员 (officers)"), ("compliance", "经营异常与处罚 (compliance)"),
                        ("litigation", "涉诉 (litigation)"), ("news", "新闻 (news)"), ("products", "产品 (products)"), ("licences", "金融牌照 (licences)")]
        for (key, title) in sections {
            guard case .array(let rows)? = fields.first(where: { $0.0 == key })?.1, let table = sectionTable(rows) else { continue }
            body += "<h2>\(title)</h2>" + table
        }
        return layout(title: name, body: body, who: who)
    }

    /// The watch-list page; with a report, the ranking and under 未匹配 the unmatched rows
    /// and the `hidden` ones (naming companies outside a region-limited reader's regions),
    /// the latter as `not_found`, as the API lists them, in line order.
    static func watchlist(report: ScoreReport?, hidden: [WatchList.Entry] = [], csv: String?, error: String?, who: String,
                          reportsAllowed: Bool = true) -> String {
        var body = "<h1>名单排查 (watch-list screening)</h1>"
        if let error { body += "<p class=\"error\">\(HTMLText.escape(error))</p>" }
        body += """
            <form method="post" action="/watchlist" enctype="multipart/form-data">
            <p><label>上传名单 CSV (upload a CSV with a credit_code or name column): <input type="file" name="file" accept=".csv,text/csv"></label></p>
            <p><label>或粘贴 (or paste):<br><textarea name="list">\(HTMLText.escape(csv ?? "credit_code,name\n"))</textarea></label></p>
            <p><button type="submit">评分 (score)</button></p></form>
            """
        guard let report else { return layout(title: "名单排查", body: body, who: who) }
        body += "<h2>排名 (ranked): \(report.results.count) 家</h2><table id=\"ranked\"><tr><th>#</th><th>企业 (company)</th><th>评分 (score)</th><th>等级 (level)</th>"
        body += RiskModel.Dimension.allCases.map { "<th>\($0.chinese)</th>" }.joined() + "<th>首要理由 (top reason)</th></tr>"
        for (rank, result) in report.results.enumerated() {
            body += "<tr><td>\(rank + 1)</td><td><a href=\"/companies/\(HTMLText.urlComponent(result.creditCode))\">\(HTMLText.escape(result.name))</a><br><span class=\"muted\">\(HTMLText.escape(result.creditCode))</span></td>"
            body += "<td>\(JSONValue.format(result.score))</td><td>\(levelBadge(result.level))</td>"
            body += result.dimensions.map { "<td>\(JSONValue.format($0))</td>" }.joined()
            body += "<td>\(HTMLText.escape(result.reasons.first?.description ?? ""))</td></tr>"
        }
        body += "</table>"
        let unmatched = (report.unmatched.map { ($0.line, $0.creditCode ?? $0.name ?? "", $0.reason) }
            + hidden.map { ($0.line, $0.creditCode ?? $0.name ?? "", "not_found") }).sorted { $0.0 < $1.0 }
        if !unmatched.isEmpty {
            body += "<h2>未评分或重复 (not scored, or scored on another row)</h2><ul>" + unmatched.map { "<li>第 \($0.0) 行: \(HTMLText.escape($0.1)) — \(HTMLText.escape($0.2))</li>" }.joined() + "</ul>"
        }
        if let csv, reportsAllowed {
            body += """
                <form method="post" action="/watchlist/report"><textarea name="list" hidden>\(HTMLText.escape(csv))</textarea>
                <p><button type="submit">下载报告 HTML (download the report)</button></p></form>
                """
        } else if !reportsAllowed {
            body += noReportNote
        }
        return layout(title: "名单排查", body: body, who: who)
    }
}
