/// The record kinds of the exchange format, one CSV file each.
public enum RecordKind: String, CaseIterable, Sendable, Codable, Comparable {
    case companies, shareholdings, officers, compliance, litigation, news, products, licences, labels

    /// The file name that carries this kind (`companies.csv`, …).
    public var fileName: String { rawValue + ".csv" }

    /// The kind a file name stands for (case-insensitive, `.csv` extension), or nil.
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        guard lower.hasSuffix(".csv") else { return nil }
        self.init(rawValue: String(lower.dropLast(4)))
    }

    /// Import order: companies first so other records can refer to them.
    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The kind's position in ``allCases``, from a switch: an index for per-kind arrays on
    /// hot paths, where a `Set` or `Dictionary` of kinds would hash the raw-value string on
    /// every row (the derived `Hashable` of a `String`-backed enum does).
    public var ordinal: Int {
        switch self {
        case .companies: return 0
        case .shareholdings: return 1
        case .officers: return 2
        case .compliance: return 3
        case .litigation: return 4
        case .news: return 5
        case .products: return 6
        case .licences: return 7
        case .labels: return 8
        }
    }

    /// Chinese name, as in the exchange-format headings.
    public var chineseName: String {
        switch self {
        case .companies: return "企业登记信息"
        case .shareholdings: return "股东及出资"
        case .officers: return "主要人员"
        case .compliance: return "合规记录"
        case .litigation: return "涉诉记录"
        case .news: return "舆情"
        case .products: return "产品经营"
        case .licences: return "金融牌照与备案"
        case .labels: return "已定性结果"
        }
    }
}
