/// One of the four score dimensions of the expert model.
///
/// Raw values are the keys of the scoring JSON's `dimensions` object.
public enum RiskDimension: String, CaseIterable, Sendable, Hashable, Codable {
    case illegalFinance = "illegal_finance", business, compliance, network

    /// 非法金融风险 / 业务风险 / 合规风险 / 关联风险.
    public var chinese: String {
        switch self {
        case .illegalFinance: return "非法金融风险"
        case .business: return "业务风险"
        case .compliance: return "合规风险"
        case .network: return "关联风险"
        }
    }

    /// The name without 风险, for table headers: 非法金融 / 业务 / 合规 / 关联.
    public var shortChinese: String { String(chinese.dropLast(2)) }

    /// Short English name, shown in parentheses.
    public var english: String {
        switch self {
        case .illegalFinance: return "illegal finance"
        case .business: return "business"
        case .compliance: return "compliance"
        case .network: return "network"
        }
    }
}

/// The four dimension scores of one company, each 0–100.
public struct DimensionScores: Sendable, Hashable {
    public var illegalFinance: Double
    public var business: Double
    public var compliance: Double
    public var network: Double

    public init(illegalFinance: Double, business: Double, compliance: Double, network: Double) {
        self.illegalFinance = illegalFinance; self.business = business
        self.compliance = compliance; self.network = network
    }

    /// The score of `dimension`.
    public subscript(dimension: RiskDimension) -> Double {
        switch dimension {
        case .illegalFinance: return illegalFinance
        case .business: return business
        case .compliance: return compliance
        case .network: return network
        }
    }
}
