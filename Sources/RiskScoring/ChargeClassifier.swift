/// Detects fundraising charges in the facts of a criminal case (起诉书, judgment text):
/// 非法吸收公众存款 (absorbing public deposits), 集资诈骗 (fundraising fraud) or neither.
///
/// Distinct cue terms from the model's lexicons are counted: `charge_strong_cues` (吸收公众存款,
/// 不特定, 社会公众…) weigh 2, `charge_weak_cues` (月息, 返利, 推介会…) 1; a text reaching
/// ``fundraisingThreshold`` is a fundraising case, and a fraud case (集资诈骗) when it also
/// holds ``fraudThreshold`` distinct `charge_fraud_cues` (虚构, 非法占有, 挥霍…).
/// - Complexity: O(|text|) with one Aho-Corasick automaton.
public struct ChargeClassifier: Sendable {
    public enum Charge: String, Sendable, CaseIterable { case absorbingDeposits = "非法吸收公众存款", fundraisingFraud = "集资诈骗", other }

    public static let fundraisingThreshold = 4
    public static let fraudThreshold = 2

    private let automaton: AhoCorasick
    private let strongCount: Int
    private let weakCount: Int

    public init(model: RiskModel) {
        let strong = model.lexicon("charge_strong_cues"), weak = model.lexicon("charge_weak_cues")
        automaton = AhoCorasick(patterns: strong + weak + model.lexicon("charge_fraud_cues"))
        strongCount = strong.count
        weakCount = weak.count
    }

    public func classify(_ facts: String) -> Charge {
        let found = Set(automaton.matches(in: facts).map(\.pattern))
        var score = 0, fraud = 0
        for pattern in found {
            if pattern < strongCount { score += 2 } else if pattern < strongCount + weakCount { score += 1 } else { fraud += 1 }
        }
        guard score >= Self.fundraisingThreshold else { return .other }
        return fraud >= Self.fraudThreshold ? .fundraisingFraud : .absorbingDeposits
    }
}
