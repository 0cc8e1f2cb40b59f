import Foundation
import Testing
import RiskTestSupport
@testable import RiskScoring

@Suite("Scoring: text analysis")
struct TextAnalysisTests {
    @Test func ahoCorasickFindsOverlappingChineseMatchesWithCharacterPositions() {
        let automaton = AhoCorasick(patterns: ["集资", "非法集资", "集资诈骗", "he", "she"])
        let matches = automaton.matches(in: "某某非法集资诈骗案 she")
        let found = matches.map { (automaton.patterns[$0.pattern], $0.start, $0.end) }
        // Ordered by end position, then pattern index.
        #expect(found.map(\.0) == ["集资", "非法集资", "集资诈骗", "he", "she"])
        #expect(found[0].1 == 4 && found[0].2 == 6)
        #expect(found[1].1 == 2 && found[1].2 == 6)
        #expect(found[2].1 == 4 && found[2].2 == 8)
        #expect(automaton.containsAny("no match at all") == false)
    }

    @Test func contextRulesCancelAwarenessAndVictimMentions() throws {
        let analyzer = try #require(ScoringFixture.defaultScorer).analyzer
        #expect(!analyzer.analyze("街道开展防范非法集资宣传月活动").has("fundraising_phrases"))
        #expect(analyzer.analyze("街道开展防范非法集资宣传月活动").suppressed["fundraising_phrases"] == ["非法集资"])
        #expect(!analyzer.analyze("郑重声明：有人冒用本公司名义非法集资").has("fundraising_phrases"))
        #expect(analyzer.analyze("某公司老板跑路，投资人维权").terms["fundraising_phrases"] == ["跑路", "投资人维权"])
        #expect(analyzer.analyze("某公司老板跑路，投资人维权").sentiment < 0)
        #expect(analyzer.analyze("公司荣获创新奖，业绩增长").sentiment > 0)
    }

    /// Per-class precision and recall of fundraising-charge detection on LawBench 3-3
    /// (500 CAIL2018 criminal facts; 6 非法吸收公众存款, 3 集资诈骗). The cue lexicons were
    /// written with these cases in view, so this is a sanity check, not a held-out score.
    @Test func lawbenchChargeDetection() throws {
        let url = RepositoryPaths.sharedData("lawbench-charge-prediction").appendingPathComponent("3-3_charge_prediction.json")
        let data = try Data(contentsOf: url)
        let items = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(items.count == 500)
        let classifier = ChargeClassifier(model: try #require(ScoringFixture.defaultScorer).model)
        var counts: [String: (tp: Int, fp: Int, fn: Int)] = [:]
        for item in items {
            let question = item["question"] as? String ?? "", answer = item["answer"] as? String ?? ""
            let gold: ChargeClassifier.Charge = answer.contains("集资诈骗") ? .fundraisingFraud
                : answer.contains("非法吸收公众存款") ? .absorbingDeposits : .other
            let predicted = classifier.classify(question)
            for charge in [ChargeClassifier.Charge.absorbingDeposits, .fundraisingFraud] {
                var c = counts[charge.rawValue] ?? (0, 0, 0)
                if predicted == charge && gold == charge { c.tp += 1 }
                if predicted == charge && gold != charge { c.fp += 1 }
                if predicted != charge && gold == charge { c.fn += 1 }
                counts[charge.rawValue] = c
            }
        }
        var precision: [String: Double] = [:], recall: [String: Double] = [:]
        for (charge, c) in counts.sorted(by: { $0.key < $1.key }) {
            precision[charge] = c.tp + c.fp == 0 ? 0 : Double(c.tp) / Double(c.tp + c.fp)
            recall[charge] = c.tp + c.fn == 0 ? 0 : Double(c.tp) / Double(c.tp + c.fn)
            print("lawbench 3-3 \(charge): precision \(precision[charge]!) recall \(recall[charge]!) (tp \(c.tp), fp \(c.fp), fn \(c.fn))")
        }
        // Floors achieved: 非法吸收公众存款 5/6 found, 1 false alarm; 集资诈骗 3/3, none.
        #expect(precision["非法吸收公众存款"]! >= 0.8 && recall["非法吸收公众存款"]! >= 0.8)
        #expect(precision["集资诈骗"]! >= 0.99 && recall["集资诈骗"]! >= 0.99)
    }
}
