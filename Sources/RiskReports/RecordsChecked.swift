import GRDB
import RiskDomain
import RiskScoring

/// What the store holds on a listed company the model did not rate 高危 or 关注, and why
/// each kind of record gave no points: the basis an analyst needs to close a referral. A
/// 正常 row read only "—" (a bank selling a wealth product to 28,051 investors, a microcredit
/// lender plaintiff in 30 suits, a venue named in awareness-campaign news about 非法集资),
/// with nothing saying what was checked and why it did not count (found by review).
///
/// Counts are within the model's windows, as the features read them; the reasons given are
/// the model's own rules (its public-offering licences, suits counted against defendants,
/// the text rules of its news analysis), so the line explains the score rather than judging
/// anew.
struct RecordsChecked {
    let model: RiskModel
    let asOf: LocalDate
    let analyzer: TextAnalyzer

    /// One line of Chinese facts, parts joined by `；`; "登记库中无产品、诉讼、合规与舆情记录"
    /// when there is nothing.
    /// `scored`: the indicators that gave the company points (its reasons), so a kind of
    /// record that did score is not said to have counted for nothing.
    func line(_ code: String, db: Database, scored: Set<String> = []) throws -> String {
        let scoredFeatures = Set(model.indicators.filter { scored.contains($0.id) }.map(\.feature.rawValue))
        let litigationScored = scoredFeatures.contains { $0.contains("suit") || $0.contains("case") || $0.contains("plaintiff") }
        let complianceScored = model.indicators.contains { scored.contains($0.id) && $0.dimension == .compliance }
        var parts: [String] = []
        let today = asOf.iso

        // Licences: a public-offering licence makes public sales lawful (the model's rule).
        let licences = try Row.fetchAll(db, sql: "SELECT licence, revoked, granted FROM licence WHERE company = ? ORDER BY licence, granted",
                                        arguments: [code])
        var licenceTexts: [String] = []
        for row in licences {
            let text: String = row[0]
            let revoked: String? = row[1], granted: String? = row[2]
            guard let kind = LicenceKind(text: text) else { continue }
            // A licence granted after the as-of date did not exist then: the scorer ignores it
            // (it read as valid with the public-sales reason; found by review).
            if let granted, granted > today {
                licenceTexts.append("\(kind.chinese)（\(granted) 取得，晚于评分基准日，不计）")
            } else if let revoked, revoked <= today {
                licenceTexts.append("\(kind.chinese)（已于 \(revoked) 注销）")
            } else if model.publicOfferingLicences.contains(kind) {
                licenceTexts.append("\(kind.chinese)（有效，可向公众销售，产品不按私募规则计分）")
            } else {
                licenceTexts.append("\(kind.chinese)（有效）")
            }
        }
        if !licenceTexts.isEmpty { parts.append("金融牌照：" + licenceTexts.joined(separator: "、")) }

        // Products within the product window.
        let productFrom = asOf.adding(days: -model.windows.productDays).iso
        let products = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM product WHERE company = ? AND (start IS NULL OR start <= ?) AND ("end" IS NULL OR "end" >= ?)
            """, arguments: [code, today, productFrom]) ?? 0
        if products > 0 { parts.append("产品 \(products) 个") }

        // Suits within the litigation window, by role: a plaintiff's suits are not counted.
        let litigationFrom = asOf.adding(days: -model.windows.litigationDays).iso
        let roles = try Row.fetchAll(db, sql: """
            SELECT role, count(DISTINCT case_no) FROM litigation WHERE company = ? AND filed <= ? AND filed >= ? GROUP BY role ORDER BY role
            """, arguments: [code, today, litigationFrom])
        var suits: [String] = []
        for row in roles {
            let role: String = row[0], count: Int = row[1]
            switch role {
            case "plaintiff": suits.append("作为原告 \(count) 件（原告之诉不计入被诉风险）")
            case "defendant": suits.append("作为被告 \(count) 件" + (litigationScored ? "" : "（案由与件数未达模型计分档位）"))
            default: suits.append("作为第三人 \(count) 件（不计入）")
            }
        }
        if !suits.isEmpty { parts.append("诉讼（\(Self.window(model.windows.litigationDays))）：" + suits.joined(separator: "，")) }

        // Compliance records within the window.
        let complianceFrom = asOf.adding(days: -model.windows.complianceDays).iso
        let compliance = try Int.fetchOne(db, sql: "SELECT count(*) FROM compliance WHERE company = ? AND date <= ? AND date >= ?",
                                          arguments: [code, today, complianceFrom]) ?? 0
        if compliance > 0 { parts.append("合规记录（\(Self.window(model.windows.complianceDays))）\(compliance) 条" + (complianceScored ? "" : "（种类、事由与件数未达模型计分条件）")) }

        // News within the window: how many mention risk terms only where the model's text
        // rules cancel them (awareness campaigns, denials, victims' reports).
        let newsFrom = asOf.adding(days: -model.windows.newsDays).iso
        let news = try Row.fetchAll(db, sql: "SELECT title, content FROM news WHERE company = ? AND date <= ? AND date >= ? ORDER BY date, id",
                                    arguments: [code, today, newsFrom])
        if !news.isEmpty {
            var cancelled = 0
            for row in news {
                let title: String = row[0]
                let content: String? = row[1]
                let analysis = analyzer.analyze(content.map { title + "\n" + $0 } ?? title)
                let suppressed = !(analysis.suppressed["fundraising_phrases"]?.isEmpty ?? true)
                if suppressed && !analysis.has("fundraising_phrases") { cancelled += 1 }
            }
            parts.append("舆情（\(Self.window(model.windows.newsDays))）\(news.count) 条" + (cancelled > 0 ? "（其中 \(cancelled) 条的涉集资用语出现在防范宣传、辟谣、否认或受害报道等语境中，按模型文本规则不计）" : ""))
        }
        // Records outside the windows exist but are not read by the model: said so, not "none"
        // (a 2015 suit read as 登记库中无…诉讼; found by review).
        let older = try [("诉讼", "件", "SELECT count(DISTINCT case_no) FROM litigation WHERE company = ? AND filed < ?", litigationFrom),
                         ("合规记录", "条", "SELECT count(*) FROM compliance WHERE company = ? AND date < ?", complianceFrom),
                         ("舆情", "条", "SELECT count(*) FROM news WHERE company = ? AND date < ?", newsFrom)].compactMap { name, unit, sql, from -> String? in
            let count = try Int.fetchOne(db, sql: sql, arguments: [code, from]) ?? 0
            return count > 0 ? "\(name) \(count) \(unit)" : nil
        }
        if !older.isEmpty { parts.append("时间窗口之前另有" + older.joined(separator: "、") + "（超出模型时间窗口，不计）") }
        return parts.isEmpty ? "登记库中无金融牌照、产品、诉讼、合规与舆情记录" : parts.joined(separator: "；")
    }

    /// A window of `days` as text: `近 3 年` when whole years, else `近 548 天`.
    static func window(_ days: Int) -> String { days % 365 == 0 ? "近 \(days / 365) 年" : "近 \(days) 天" }
}
