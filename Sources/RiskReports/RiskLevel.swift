/// A model's risk band for one company: 高危 (high), 关注 (medium), 正常 (low).
///
/// Raw values are the scoring JSON's `level` strings. Ordered from most to least severe
/// by ``severityRank`` (high first), which is how every report sorts.
public enum RiskLevel: String, CaseIterable, Sendable, Hashable, Codable {
    case high, medium, low

    /// Accepts the English code or the Chinese band name.
    public init?(text: String) {
        switch text.lowercased() {
        case "high", "高危", "高": self = .high
        case "medium", "关注", "中": self = .medium
        case "low", "正常", "低": self = .low
        default: return nil
        }
    }

    /// 高危 / 关注 / 正常.
    public var chinese: String {
        switch self {
        case .high: return "高危"
        case .medium: return "关注"
        case .low: return "正常"
        }
    }

    /// 0 for high, 1 for medium, 2 for low.
    public var severityRank: Int {
        switch self {
        case .high: return 0
        case .medium: return 1
        case .low: return 2
        }
    }

    /// Fill colour used for this level in every chart and badge (print-safe, light enough for text).
    var colour: String {
        switch self {
        case .high: return "#d64541"
        case .medium: return "#e8a33d"
        case .low: return "#4c9a6a"
        }
    }
}
