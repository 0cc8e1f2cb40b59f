/// The model as applied: indicators, weights, bands, dispositions and method notes.
public struct ReportModelAppendix: Sendable, Hashable {
    public var description: String
    public var indicators: [IndicatorSpec]
    /// Weight of each dimension in the total score, in model order.
    public var dimensionWeights: [DimensionWeight]
    /// Level bands, in model order.
    public var levelBands: [LevelBand]
    /// Method notes, one paragraph each.
    public var methodNotes: [String]
    /// The model's specific dispositions, first match first (none for most models).
    public var dispositionRules: [DispositionRuleSpec] = []

    public init(description: String, indicators: [IndicatorSpec], dimensionWeights: [DimensionWeight],
                levelBands: [LevelBand], methodNotes: [String], dispositionRules: [DispositionRuleSpec] = []) {
        self.description = description; self.indicators = indicators; self.dimensionWeights = dimensionWeights
        self.levelBands = levelBands; self.methodNotes = methodNotes; self.dispositionRules = dispositionRules
    }

    /// Indicators by dimension (model order), then id.
    public var orderedIndicators: [IndicatorSpec] {
        let order = Dictionary(uniqueKeysWithValues: RiskDimension.allCases.enumerated().map { ($1, $0) })
        return indicators.sorted { (order[$0.dimension] ?? 0, $0.id) < (order[$1.dimension] ?? 0, $1.id) }
    }
}

/// One indicator of the model.
public struct IndicatorSpec: Sendable, Hashable {
    public var id: String
    public var dimension: RiskDimension
    public var descriptionZh: String
    public var descriptionEn: String
    /// The feature it reads, e.g. `max_promised_yield`.
    public var feature: String
    /// Thresholds and points or the curve, as text, e.g. `≥ 10% → 20; ≥ 6% → 10`.
    public var scoring: String

    public init(id: String, dimension: RiskDimension, descriptionZh: String, descriptionEn: String, feature: String,
                scoring: String) {
        self.id = id; self.dimension = dimension; self.descriptionZh = descriptionZh
        self.descriptionEn = descriptionEn; self.feature = feature; self.scoring = scoring
    }
}

/// The weight of one dimension in the combined score.
public struct DimensionWeight: Sendable, Hashable {
    public var dimension: RiskDimension
    public var weight: Double
    public init(dimension: RiskDimension, weight: Double) { self.dimension = dimension; self.weight = weight }
}

/// A level band: scores at or above `minScore` (and below the next band) get `level`.
public struct LevelBand: Sendable, Hashable {
    public var level: RiskLevel
    public var minScore: Double
    /// The recommended disposition for the band, e.g. 立案调查.
    public var disposition: String
    /// The band's name in the model (`levels[].chinese`, e.g. 红色预警); the built-in
    /// 高危 / 关注 / 正常 when the model gives none.
    public var name: String
    public init(level: RiskLevel, minScore: Double, disposition: String, name: String? = nil) {
        self.level = level; self.minScore = minScore; self.disposition = disposition
        self.name = name.flatMap { $0.isEmpty ? nil : $0 } ?? level.chinese
    }
}

/// The indicator that chose a company's specific disposition: its id and its name.
public struct DispositionRuleRef: Sendable, Hashable {
    public var indicator: String
    /// The indicator's Chinese description, e.g. 涉非法集资刑事案件.
    public var name: String
    public init(indicator: String, name: String) { self.indicator = indicator; self.name = name }

    /// `disposition` as the tables give it: with `（依据：…）` when `rule` chose it.
    static func withRule(_ disposition: String, _ rule: DispositionRuleRef?) -> String {
        rule.map { "\(disposition)（依据：\($0.name)）" } ?? disposition
    }
}

/// A disposition more specific than its level's: for a company at one of `levels` whose
/// `indicator` gave points (the model's `dispositions`).
public struct DispositionRuleSpec: Sendable, Hashable {
    public var rule: DispositionRuleRef
    public var levels: [RiskLevel]
    public var disposition: String
    public init(rule: DispositionRuleRef, levels: [RiskLevel], disposition: String) {
        self.rule = rule; self.levels = levels; self.disposition = disposition
    }
}

extension ReportCompany {
    /// 处置依据 of a specific disposition: the indicator's name and the records of its reason
    /// (case numbers, product names), e.g. `涉非法吸收公众存款或集资诈骗刑事案件，见（2023）浙0106刑初123号`;
    /// nil for a level's own disposition.
    public var dispositionBasis: String? {
        guard let rule = dispositionRule else { return nil }
        // A case by its number; another record by its sentence (a licence's key is its kind and
        // grant date, which says nothing of the revocation; found by review). Each once.
        var seen = Set<String>()
        let records = (reasons.first { $0.indicator == rule.indicator }?.evidence ?? []).map { evidence in
            evidence.reference.kind == .litigation || evidence.text.isEmpty ? evidence.reference.key : evidence.text
        }.filter { !$0.isEmpty && seen.insert($0).inserted }
        return records.isEmpty ? rule.name : "\(rule.name)，见\(records.joined(separator: "、"))"
    }

    /// The disposition as the summary table gives it: with `（依据：…）` when it is specific.
    public var dispositionWithRule: String { DispositionRuleRef.withRule(disposition, dispositionRule) }
}

extension ReportLinkedWarning {
    /// The disposition with `（依据：…）` when it is the model's specific one.
    public var dispositionWithRule: String { DispositionRuleRef.withRule(disposition, dispositionRule) }
}
