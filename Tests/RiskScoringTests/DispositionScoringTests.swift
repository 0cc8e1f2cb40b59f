import Foundation
import Testing
import RiskDomain
@testable import RiskScoring

/// The model's specific dispositions in a scored list: listed companies, linked warnings and
/// every output (found by review: linked warnings kept their level's text, the CSV had no
/// rule, a third party in a criminal case was "in the criminal courts").
@Suite("Scoring: specific dispositions in a list")
struct DispositionScoringTests {
    @Test func listedAndLinkedCompaniesGetTheRuleOfTheirOwnReasons() throws {
        let f = try ScoringFixture()
        let defendant = try f.company(ScoringFixture.code(1), "杭州甲投资管理有限公司")
        let held = try f.company(ScoringFixture.code(2), "杭州乙私募基金管理有限公司")
        let thirdParty = try f.company(ScoringFixture.code(3), "杭州丙银行有限公司")
        let both = try f.company(ScoringFixture.code(4), "杭州丁财富管理有限公司")
        try f.litigation("（2024）浙0106刑初1号", defendant, role: "defendant", cause: "非法吸收公众存款罪", caseType: "criminal")
        try f.litigation("（2024）浙0106刑初2号", thirdParty, role: "third_party", cause: "非法吸收公众存款罪", caseType: "criminal")
        try f.litigation("（2024）浙0106刑初3号", both, role: "defendant", cause: "集资诈骗罪", caseType: "criminal")
        // 乙 (held 100 % by 甲, off the list) and 丁 sell after their registration was revoked.
        try f.holding(held, holder: defendant, name: "杭州甲投资管理有限公司", type: "company", pct: 100)
        // 乙's own score stays under high (a fund with no promised yield), so it is high only
        // through 甲 and is a linked warning.
        for company in [held, both] { try f.licence(company, "fund_manager", granted: "2018-01-01", revoked: "2024-03-01") }
        try f.product(held, "稳盈私募基金一号", start: "2024-01-01")
        try f.product(both, "稳盈一号", yield: 10, guaranteed: true, start: "2024-01-01")

        let report = try f.score([defendant, thirdParty, both])
        let model = try ScoringFixture.model()
        let high = model.band(for: 90).disposition, low = model.band(for: 0).disposition
        let revoked = try #require(model.dispositionRules.first { $0.indicator == "revoked_licence_still_selling" }).disposition
        let criminal = try #require(model.dispositionRules.first { $0.indicator == "criminal_fundraising_case" }).disposition
        #expect(Set([high, low, revoked, criminal]).count == 4)

        let a = try #require(report.results.first { $0.creditCode == defendant })
        #expect(a.level == "high" && a.disposition == criminal && a.dispositionRule == "criminal_fundraising_case")
        // A third party is not the accused: no criminal-case points, no rule.
        let c = try #require(report.results.first { $0.creditCode == thirdParty })
        #expect(try f.feature(.criminalFundraisingCases, thirdParty) == 0)
        #expect(c.level == "low" && c.disposition == low && c.dispositionRule == nil)
        // Selling now after the revocation: the order to stop comes first, criminal case or not.
        let d = try #require(report.results.first { $0.creditCode == both })
        #expect(d.disposition == revoked && d.dispositionRule == "revoked_licence_still_selling")
        // Its reason cites the licence and the product still on sale, which the order is about
        // (it cited the licence alone; found by review).
        let stillSelling = try #require(d.reasons.first { $0.indicator == "revoked_licence_still_selling" })
        #expect(stillSelling.evidence.map(\.kind) == ["licence", "product"], "\(stillSelling.evidence)")
        #expect(stillSelling.evidence.last?.key == "稳盈一号")
        // The linked warning gets the disposition of its own reasons, not its level's.
        let warning = try #require(report.linked.first { $0.creditCode == held })
        #expect(warning.level == "high")
        #expect(warning.disposition == revoked && warning.dispositionRule == "revoked_licence_still_selling")

        // Every output carries the rule.
        let json = report.json().serialized()
        #expect(json.components(separatedBy: "\"disposition_rule\": \"revoked_licence_still_selling\"").count - 1 == 2)
        #expect(json.contains("\"disposition_rule\": \"criminal_fundraising_case\""))
        let csv = report.csv().split(separator: "\n").map(String.init)
        #expect(csv[0].contains(",disposition,disposition_rule,reasons,"))
        let linkedRow = try #require(csv.first { $0.contains(held) && $0.contains(",linked,") })
        #expect(linkedRow.contains(revoked + ",revoked_licence_still_selling,"))
        let rowA = try #require(csv.first { $0.contains(defendant) && $0.contains(",scored,") })
        #expect(rowA.contains(criminal + ",criminal_fundraising_case,"))
    }

    /// An affiliate off the list that is high on its own records was missing from the linked
    /// warnings (propagation gives a source no value), while weaker ones, high only through
    /// their ties, were listed (found by review). It is a linked warning now, marked as such,
    /// with the tie from the list that brings it into view and its own disposition.
    @Test func anAffiliateHighOnItsOwnIsALinkedWarning() throws {
        let f = try ScoringFixture()
        let listed = try f.company(ScoringFixture.code(1), "杭州甲贸易有限公司")
        let affiliate = try f.company(ScoringFixture.code(2, region: "310115"), "上海乙私募基金管理有限公司")
        let far = try f.company(ScoringFixture.code(3), "杭州丙私募基金管理有限公司")
        try f.holding(affiliate, holder: listed, name: "杭州甲贸易有限公司", type: "company", pct: 60)
        // Both sell a guaranteed 12 % fund after their registration was revoked; 丙 has no tie.
        for company in [affiliate, far] {
            try f.licence(company, "fund_manager", granted: "2018-01-01", revoked: "2024-03-01")
            try f.product(company, "稳盈一号", yield: 12, guaranteed: true, channel: "offline_seminar", investors: 350, start: "2024-01-01")
        }
        let report = try f.score([listed])
        #expect(report.results.map(\.creditCode) == [listed])   // (high itself now, through its subsidiary)
        #expect(report.linked.map(\.creditCode) == [affiliate])
        let warning = try #require(report.linked.first)
        #expect(warning.highOnItsOwn && warning.level == "high" && warning.score >= 70)
        #expect(warning.via == listed && warning.otherCity)
        #expect(RiskScorer.render(warning.chain).contains("杭州甲贸易有限公司") && RiskScorer.render(warning.chain).contains("上海乙私募基金管理有限公司"))
        #expect(warning.path == [affiliate, listed])
        #expect(warning.dispositionRule == "revoked_licence_still_selling")
        #expect(report.json().serialized().contains("\"high_on_its_own\": true"))
        #expect(report.table(model: try ScoringFixture.model()).contains("(on its own records)"))
    }
}
