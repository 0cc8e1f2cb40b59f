import RiskDomain

/// One-line Chinese citations of evidence, shared by the HTML and Markdown writers.
enum EvidenceFormatter {
    /// e.g. `（2023）浙0106民初1234号，杭州市西湖区人民法院，2023-05-10 立案，民间借贷纠纷，被告`.
    static func citation(_ citation: EvidenceCitation) -> String {
        var parts: [String] = []
        switch citation {
        case let .litigation(caseNumber, court, filed, cause, role, counterparty, amount):
            // A criminal case has no 标的 and no 对方: the sum is 涉案金额 and the other side,
            // a procuratorate, is the 公诉机关.
            let criminal = isCriminal(caseNumber: caseNumber, cause: cause)
            parts.append(caseNumber)
            if let court { parts.append(court) }
            if let filed { parts.append(filed.iso + " 立案") }
            parts.append(cause)
            if let role { parts.append(role.chinese) }
            if let counterparty {
                parts.append((criminal && counterparty.contains("检察院") ? "公诉机关：" : "对方：") + counterparty)
            }
            if let amount { parts.append((criminal ? "涉案金额 " : "标的 ") + ReportText.wan(amount)) }
        case let .product(name, promisedYield, guaranteed, channel, investors, raised):
            parts.append("产品「\(name)」")
            if let promisedYield { parts.append("预期年化 " + ReportText.pct(promisedYield)) }
            if let guaranteed { parts.append(guaranteed ? "承诺保本保息" : "不保本") }
            if let channel { parts.append("渠道：" + channel.chinese) }
            if let investors { parts.append("投资人 \(investors) 人") }
            if let raised { parts.append("募集 " + ReportText.wan(raised)) }
        case let .news(id, title, source, date):
            parts.append("「\(title)」")
            if let source { parts.append(source) }
            if let date { parts.append(date.iso) }
            parts.append("编号 " + id)
        case let .compliance(kind, date, reason, authority, removed, amount):
            parts.append(kind.chinese)
            parts.append(date.iso)
            if let reason { parts.append("事由：" + reason) }
            if let amount { parts.append((kind == .penalty ? "罚没金额 " : "金额 ") + ReportText.wan(amount)) }
            if let authority { parts.append(authority) }
            if let removed { parts.append("已于 \(removed.iso) 移出") }
        case let .licence(kind, granted, revoked):
            parts.append(kind.chinese)
            if let granted { parts.append(granted.iso + " 取得") }
            parts.append(revoked.map { $0.iso + " 注销" } ?? "有效")
        case let .company(field, value):
            parts.append("\(field)：\(value)")
        case let .chain(links):
            parts.append(ChainChart.text(links))
        }
        return parts.joined(separator: "，")
    }

    /// A criminal case: its number carries 刑 (`（2026）京01刑初1157号`) or its cause is a crime (…罪).
    static func isCriminal(caseNumber: String, cause: String) -> Bool {
        caseNumber.contains("刑") || cause.hasSuffix("罪")
    }

    /// The scorer's own text of an evidence item when it adds to the citation, else nil: a
    /// court case's text restates the cited record's fields, a registry fact or a chain is
    /// its citation already (`登记状态：吊销 — 登记状态：吊销` was printed twice).
    static func addedText(_ evidence: ReportEvidence) -> String? {
        let text = evidence.text
        guard !text.isEmpty else { return nil }
        switch evidence.citation {
        case .litigation, .chain: return nil
        default:
            let cited = citation(evidence.citation)
            return cited.contains(text) ? nil : text
        }
    }
}
