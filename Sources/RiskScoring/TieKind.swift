/// The kind of a tie between two companies in the ``RiskNetwork``.
public enum TieKind: String, CaseIterable, Sendable {
    /// Same actual controller (实际控制人): strongest.
    case commonController = "common_controller"
    /// One company holds the other (directly or integrated through a chain), with a percentage.
    case equity
    /// The same holder (person or company) holds both; `pct` is the smaller stake.
    case commonShareholder = "common_shareholder"
    /// The same person is legal representative of both.
    case sharedLegalRep = "shared_legal_rep"
    /// The same person is an officer (director, supervisor, manager…) of both.
    case sharedExecutive = "shared_executive"
    case sharedPhone = "shared_phone"
    case sharedEmail = "shared_email"
    case sharedAddress = "shared_address"
    /// One company is a branch (分公司) of the other.
    case branch

    public var chinese: String {
        switch self {
        case .commonController: return "同一实际控制人"
        case .equity: return "股权"
        case .commonShareholder: return "共同股东"
        case .sharedLegalRep: return "同一法定代表人"
        case .sharedExecutive: return "共同高管"
        case .sharedPhone: return "同一电话"
        case .sharedEmail: return "同一邮箱"
        case .sharedAddress: return "同一地址"
        case .branch: return "分支机构"
        }
    }

    /// Position in ``allCases`` (sort key of the CSR layout).
    var order: Int {
        switch self {
        case .commonController: return 0
        case .equity: return 1
        case .commonShareholder: return 2
        case .sharedLegalRep: return 3
        case .sharedExecutive: return 4
        case .sharedPhone: return 5
        case .sharedEmail: return 6
        case .sharedAddress: return 7
        case .branch: return 8
        }
    }

    /// Whether the weight scales with `pct`.
    var scalesWithShare: Bool { self == .equity || self == .commonShareholder }
}
