import RiskDomain

/// An expert risk model: indicators over features, dimension combination, level bands,
/// lexicons and network weights. Loaded from YAML by ``ModelLoader``; immutable and `Sendable`.
public struct RiskModel: Sendable {
    /// The four risk dimensions.
    public enum Dimension: String, CaseIterable, Sendable {
        case illegalFinance = "illegal_finance", business, compliance, network

        public var chinese: String {
            switch self {
            case .illegalFinance: return "非法金融风险"
            case .business: return "业务风险"
            case .compliance: return "合规风险"
            case .network: return "关联风险"
            }
        }
    }

    /// How an indicator turns a feature value into points.
    public enum Scoring: Sendable, Equatable {
        /// `points` when the value is at least `min`.
        case threshold(min: Double, points: Double)
        /// The points of the highest step whose `at` the value reaches (steps sorted by `at`).
        case steps([(at: Double, points: Double)])
        /// Piecewise-linear through the points (sorted by x), flat outside them.
        case curve([(x: Double, y: Double)])

        public static func == (lhs: Scoring, rhs: Scoring) -> Bool {
            switch (lhs, rhs) {
            case let (.threshold(a, b), .threshold(c, d)): return a == c && b == d
            case let (.steps(a), .steps(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.at == $1.at && $0.points == $1.points }
            case let (.curve(a), .curve(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.x == $1.x && $0.y == $1.y }
            default: return false
            }
        }

        /// The most points any value can give (a rule keyed on an indicator whose most is 0
        /// could never apply).
        public var maxPoints: Double {
            switch self {
            case let .threshold(_, points): return points
            case let .steps(steps): return steps.map(\.points).max() ?? 0
            case let .curve(points): return points.map(\.y).max() ?? 0
            }
        }

        /// The points for `value` (0 when the value reaches no threshold), rounded to one
        /// decimal as reasons show them: a dimension is the sum of the points shown, so a
        /// reader adding +40.3, +30.3 and +20.3 gets the 90.9 shown (found by review: with two
        /// fractional points in one dimension the unrounded sum gave 90.8).
        public func points(for value: Double) -> Double {
            RiskModel.round1(unroundedPoints(for: value))
        }

        func unroundedPoints(for value: Double) -> Double {
            switch self {
            case let .threshold(min, points):
                return value >= min ? points : 0
            case let .steps(steps):
                var result = 0.0
                for step in steps where value >= step.at { result = step.points }
                return result
            case let .curve(points):
                guard let first = points.first, let last = points.last else { return 0 }
                if value <= first.x { return first.y }
                if value >= last.x { return last.y }
                for (a, b) in zip(points, points.dropFirst()) where value <= b.x {
                    if b.x == a.x { return b.y }
                    return a.y + (b.y - a.y) * (value - a.x) / (b.x - a.x)
                }
                return last.y
            }
        }
    }

    /// One indicator: a named reading of one feature that gives points in one dimension.
    public struct Indicator: Sendable {
        public var id: String
        public var dimension: Dimension
        public var chinese: String
        public var english: String
        public var feature: Feature
        public var scoring: Scoring
    }

    /// A level band: scores at or above `min` (and below the next band) get this level.
    public struct Band: Sendable {
        public var level: String
        public var chinese: String
        public var min: Double
        public var disposition: String
    }

    /// Feature windows, in days before the as-of date.
    public struct Windows: Sendable {
        public var litigationDays: Int
        public var complianceDays: Int
        public var newsDays: Int
        public var changeDays: Int
        /// How long after its end a product still counts (optional in the file).
        public var productDays: Int = Self.defaultProductDays
        /// `product_days` when the file does not give it: three years, as litigation.
        public static let defaultProductDays = 1095
    }

    /// A context rule: a match of `lexicon` is cancelled when a term of one of the
    /// `suppressedBy` lexicons lies within `window` characters before or after it.
    public struct TextRule: Sendable {
        public var lexicon: String
        public var suppressedBy: [String]
        public var window: Int
    }

    /// Link weights and limits for network propagation.
    public struct NetworkParameters: Sendable {
        /// Weight per tie kind (see ``TieKind``), 0–1.
        public var weights: [TieKind: Double]
        /// Equity ties reach their full weight at this percentage (weight × min(1, pct / full)).
        public var equityFullPct: Double
        /// Only companies whose own score reaches this propagate.
        public var sourceMinScore: Double
        public var maxHops: Int
        /// Multiplier per hop after the first.
        public var decayPerHop: Double
        /// A company with more ties than this receives but does not relay (hub cap).
        public var hubDegree: Int
        /// Shared phone / e-mail / address / person groups larger than this are hubs (mass
        /// registration addresses, agents) and make no ties at all.
        public var maxGroup: Int
        /// Weight multiplier for a tie flagged as passing through a hub.
        public var hubDiscount: Double
        /// A former link's weight halves every this many years after it ended.
        public var formerHalfLifeYears: Double
    }

    public var id: String
    public var version: String
    public var description: String
    /// The sha256 of the model file's bytes and of the word files it reads (their paths and
    /// bytes; see the README's model section for the exact construction).
    public var sha256: String
    /// Market benchmark for promised yields, % per year (the one-year loan prime rate).
    public var benchmarkYield: Double
    public var youngCompanyYears: Double
    public var hollowCapitalMin: Double
    public var negativeSentiment: Double
    public var windows: Windows
    public var indicators: [Indicator]
    public var lexicons: [String: [String]]
    public var textRules: [TextRule]
    /// Extra sentiment word lists (one word a line) loaded from files named in the model.
    public var sentimentNegative: [String]
    public var sentimentPositive: [String]
    public var network: NetworkParameters
    /// Weight of each dimension in the combined score.
    public var combineWeights: [Dimension: Double]
    /// The combined score is at least this × the highest of the ``maxFactorDimensions`` scores.
    public var maxFactor: Double
    /// The dimensions conclusive on their own (`combine.max_factor_dimensions`; all four when
    /// the model does not name them): a criminal fundraising case makes a company high, a
    /// revoked and unreachable shell with no financial activity does not.
    public var maxFactorDimensions: [Dimension] = Dimension.allCases
    /// Bands sorted by `min`, highest first.
    public var bands: [Band]
    /// Licences that allow selling to the public (`public_offering_licences`; none when the
    /// model does not name them): a company holding one valid is not held to the private
    /// placement's 200-investor limit nor to "promoted to the public" (a bank's public wealth
    /// product is lawful). A private fund manager's licence is not one: it is no whitewash.
    public var publicOfferingLicences: Set<LicenceKind> = []

    /// A disposition more specific than its level's (`dispositions` in the model file): it
    /// replaces the level's disposition for a company at one of `levels` when `indicator`
    /// gave it points. A company whose fundraising case is already in the criminal courts is
    /// not to be "移送公安机关" again; the bureau's task is then to support the case and trace
    /// the affiliates. The first rule that fits wins (file order).
    public struct DispositionRule: Sendable, Equatable {
        public var indicator: String
        /// Level names (`high`, `medium`, `low`) the rule applies at.
        public var levels: [String]
        public var disposition: String
    }

    /// The model's specific dispositions, in file order (none when the file gives none).
    public var dispositionRules: [DispositionRule] = []

    /// The disposition of a company scored `score` whose reasons are `reasons`: the first
    /// ``DispositionRule`` whose level fits and whose indicator gave points, else the band's.
    /// - Returns: the text and the rule's indicator id (nil for the band's own disposition).
    public func disposition(score: Double, reasons: [ScoreReason]) -> (text: String, rule: String?) {
        let band = band(for: score)
        for rule in dispositionRules where rule.levels.contains(band.level) {
            if reasons.contains(where: { $0.indicator == rule.indicator && $0.points > 0 }) {
                return (rule.disposition, rule.indicator)
            }
        }
        return (band.disposition, nil)
    }

    /// Lexicon names every model must define (the feature computations read them).
    public static let requiredLexicons = [
        "financial_words", "unreachable_reasons", "return_promise_words", "criminal_fundraising_causes",
        "private_lending_causes", "lending_causes", "fraud_causes", "fundraising_phrases",
        "organisation_words", "negative_words", "positive_words",
        // Read by name for the business-scope disclaimers (…不得从事…理财): without it a
        // scope's disclaimer counted as financial business.
        "scope_negations",
    ]

    /// Lexicons read by name: the required ones and the charge classifier's cues (optional).
    /// `financial_product_words` (optional): a product whose name holds one is a financial
    /// product even with no yield, investors or minimum investment recorded.
    /// `acquittal_outcomes` (optional): a criminal case whose outcome holds one (无罪, 撤回起诉)
    /// is not counted against the company.
    public static let namedLexicons = requiredLexicons + ["charge_strong_cues", "charge_weak_cues", "charge_fraud_cues", "financial_product_words",
                                                          "acquittal_outcomes"]

    /// The lexicons a text rule may apply to: in news the analyser applies every rule, and
    /// only these lexicons' matches count (fundraising phrases, sentiment words); names and
    /// scopes apply the `financial_words` rule (its window, with `scope_negations`).
    public static let ruleLexicons = ["fundraising_phrases", "negative_words", "positive_words", "financial_words"]

    /// The terms of lexicon `name` (empty when absent).
    public func lexicon(_ name: String) -> [String] { lexicons[name] ?? [] }

    /// Combines dimension scores into one 0–100 score, rounded to one decimal.
    /// - Complexity: O(1).
    public func combine(_ dimensions: [Double]) -> Double {
        combine(dimensions, weights: combineWeightList)
    }

    /// The combine weights in dimension order (``Dimension/index``), for ``combine(_:weights:)``.
    public var combineWeightList: [Double] { Dimension.allCases.map { combineWeights[$0] ?? 0 } }

    /// Per dimension (``Dimension/index`` order): 1 when it is one of ``maxFactorDimensions``.
    public var maxFactorMask: [Double] { Dimension.allCases.map { maxFactorDimensions.contains($0) ? 1 : 0 } }

    /// ``combine(_:)`` with the weights and the max-factor mask looked up once
    /// (``combineWeightList``, ``maxFactorMask``): the scoring combines a million companies'
    /// dimensions.
    ///
    /// Each dimension is rounded to one decimal first, as it is shown: the score is then
    /// what a reader computes from the shown dimensions (a shown 40.4 × 0.9 gave 36.3, from
    /// an unrounded 40.35, where the reader expects 36.4).
    public func combine(_ dimensions: [Double], weights: [Double], mask: [Double]? = nil) -> Double {
        let mask = mask ?? maxFactorMask
        var weighted = 0.0, highest = 0.0
        for d in 0..<weights.count {
            let value = Self.round1(dimensions[d])
            weighted += weights[d] * value
            highest = Swift.max(highest, mask[d] * value)
        }
        return Self.round1(Swift.min(100, Swift.max(weighted, maxFactor * highest)))
    }

    /// How much a point of each dimension weighs in the score ``combine(_:weights:mask:)``
    /// gives `dimensions` (``Dimension/index`` order): the combine weights when the weighted
    /// sum sets the score; when the max factor sets it (a conclusive dimension, e.g. 0.9 ×
    /// illegal finance 100 = 90), the max factor for the dimension(s) that set it and 0 for
    /// the others, whose points do not move the score.
    public func scoreWeights(_ dimensions: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: dimensions.count)
        scoreWeights(dimensions, weights: combineWeightList, mask: maxFactorMask, into: &result)
        return result
    }

    /// ``scoreWeights(_:)`` into `result`, with the weights and mask looked up once (a
    /// screening asks it for a million companies).
    func scoreWeights(_ dimensions: [Double], weights: [Double], mask: [Double], into result: inout [Double]) {
        var weighted = 0.0, highest = 0.0
        for d in 0..<weights.count {
            let value = Self.round1(dimensions[d])
            weighted += weights[d] * value
            highest = Swift.max(highest, mask[d] * value)
        }
        let maxFactorSets = maxFactor * highest > weighted
        for d in 0..<weights.count {
            result[d] = !maxFactorSets ? weights[d] : (mask[d] == 1 && Self.round1(dimensions[d]) == highest ? maxFactor : 0)
        }
    }

    /// Reasons in the order a reader should meet them: by what they add to the score (points
    /// × ``scoreWeights(_:)`` of their dimension), then by points, then by indicator id. A
    /// compliance listing worth 30 points no longer heads a company whose 90 is 0.9 × its
    /// illegal-finance 100 (found by review: it was the report's 主要原因, ranked by points
    /// and then alphabetically).
    public func ranked(_ reasons: [ScoreReason], dimensions: [Double]) -> [ScoreReason] {
        let weights = scoreWeights(dimensions)
        return reasons.map { (reason: $0, key: (adds: $0.points * weights[$0.dimension.index], points: $0.points, indicator: $0.indicator)) }
            .sorted { Self.ranksBefore($0.key, $1.key) }
            .map(\.reason)
    }

    /// The order of ``ranked(_:dimensions:)``: what a reason adds to the score, then its
    /// points, then its indicator id (one rule for the reasons and a screening's top reason).
    static func ranksBefore(_ a: (adds: Double, points: Double, indicator: String), _ b: (adds: Double, points: Double, indicator: String)) -> Bool {
        if a.adds != b.adds { return a.adds > b.adds }
        if a.points != b.points { return a.points > b.points }
        return a.indicator < b.indicator
    }

    /// The band of `score`.
    public func band(for score: Double) -> Band {
        bands.first { score >= $0.min } ?? bands[bands.count - 1]
    }

    /// Rounds to one decimal (scores and points are shown that way).
    public static func round1(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

extension RiskModel.Dimension {
    /// Position in ``allCases`` (dimension arrays are indexed by it).
    public var index: Int {
        switch self {
        case .illegalFinance: return 0
        case .business: return 1
        case .compliance: return 2
        case .network: return 3
        }
    }
}
