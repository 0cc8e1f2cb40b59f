/// Equity penetration (股权穿透) of one company, as the graph's `owners` query returns it.
///
/// ``edges`` are the direct shareholdings among the entities on the paths, used to label
/// the tree's edges with their percentages; when empty, the tree is drawn from ``OwnerEntry/paths``
/// without labels.
public struct OwnershipReport: Sendable, Hashable {
    public var owners: [OwnerEntry]
    public var edges: [OwnershipEdge]
    public var beneficialOwners: [BeneficialOwner]
    public var actualController: ActualController?
    /// Notes from the query (a cycle cut, an unknown remainder).
    public var notes: [String]

    public init(owners: [OwnerEntry], edges: [OwnershipEdge] = [], beneficialOwners: [BeneficialOwner] = [],
                actualController: ActualController? = nil, notes: [String] = []) {
        self.owners = owners; self.edges = edges; self.beneficialOwners = beneficialOwners
        self.actualController = actualController; self.notes = notes
    }

    /// Owners by integrated share descending, then id.
    public var rankedOwners: [OwnerEntry] {
        owners.sorted { ($1.integratedPct, $0.id) < ($0.integratedPct, $1.id) }
    }

    /// The path `[holder, …, company]` as text with each link's direct share, `张红 —股东 90%→
    /// 北京聚财控股 —股东 100%→ …`, names from the owners and `companyName` for `companyID`.
    /// One rendering for HTML and Markdown (the HTML showed the names only; found by review).
    public func pathText(_ path: [String], companyID: String, companyName: String) -> String {
        guard let first = path.first else { return "" }
        var names = Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        names[companyID] = names[companyID] ?? companyName
        let pctOf = Dictionary(edges.map { ("\($0.holder)\u{1F}\($0.company)", $0.pct) }, uniquingKeysWith: { first, _ in first })
        var text = names[first] ?? first
        for index in 1..<max(1, path.count) {
            let pct = pctOf["\(path[index - 1])\u{1F}\(path[index])"] ?? nil
            text += " —股东" + (pct.map { " " + ReportText.pct($0) } ?? "") + "→ " + (names[path[index]] ?? path[index])
        }
        return text
    }
}

/// The kind of an owner node.
public enum OwnerKind: String, CaseIterable, Sendable, Hashable, Codable {
    case person, company, external

    /// 自然人 / 企业 / 境外或登记外主体.
    public var chinese: String {
        switch self {
        case .person: return "自然人"
        case .company: return "企业"
        case .external: return "登记外主体"
        }
    }
}

/// One upstream owner with its integrated (穿透) share.
public struct OwnerEntry: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: OwnerKind
    /// Sum over all paths of the product of the percentages along the path, 0–100.
    public var integratedPct: Double
    /// Direct holding in the company, 0–100, nil when it holds only indirectly.
    public var directPct: Double?
    /// Ownership paths, each from this owner down to the company (owner first, company last).
    public var paths: [[String]]
    /// What the share could be at most when some link's percentage is unknown (read as
    /// 100%); nil when every link is known.
    public var upperPct: Double? = nil
    /// True when the owner holds the company directly with an unknown percentage.
    public var directUnknown = false

    /// 直接持股 as the report prints it: the percentage, 未知, or — for no direct link.
    public var directText: String { directPct != nil || !directUnknown ? ReportText.pct(directPct) : "未知" }
    /// 穿透持股 as the report prints it, with its upper bound when some link is unknown: an
    /// unknown stake read "0%" (found by review).
    public var integratedText: String {
        ReportText.pct(integratedPct) + (upperPct.map { "（上限 \(ReportText.pct($0))）" } ?? "")
    }

    public init(id: String, name: String, kind: OwnerKind, integratedPct: Double, directPct: Double? = nil,
                paths: [[String]]) {
        self.id = id; self.name = name; self.kind = kind; self.integratedPct = integratedPct
        self.directPct = directPct; self.paths = paths
    }
}

/// A direct shareholding among the entities of an ownership tree.
public struct OwnershipEdge: Sendable, Hashable, Comparable {
    public var holder: String
    public var company: String
    public var pct: Double?

    public init(holder: String, company: String, pct: Double?) {
        self.holder = holder; self.company = company; self.pct = pct
    }

    public static func < (lhs: OwnershipEdge, rhs: OwnershipEdge) -> Bool {
        (lhs.holder, lhs.company) < (rhs.holder, rhs.company)
    }
}

/// A beneficial owner (受益所有人) with the rule that made it one.
public struct BeneficialOwner: Sendable, Hashable {
    public var id: String
    public var name: String
    public var basis: String
    public init(id: String, name: String, basis: String) { self.id = id; self.name = name; self.basis = basis }
}

/// The actual controller (实际控制人) with the reason it was chosen.
public struct ActualController: Sendable, Hashable {
    public var id: String
    public var name: String
    public var reason: String
    public init(id: String, name: String, reason: String) { self.id = id; self.name = name; self.reason = reason }
}
