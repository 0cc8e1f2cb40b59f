/// What a node of the ``EntityGraph`` stands for.
public enum NodeKind: UInt8, Sendable, CaseIterable {
    /// A company of the registry (a valid credit code in `company`).
    case company = 0
    /// A natural person (a `person_id`).
    case person = 1
    /// A holder outside the registry (a Hong Kong parent, a fund without a code).
    case external = 2
    /// A telephone number shared by at least two companies.
    case phone = 3
    /// An e-mail address shared by at least two companies.
    case email = 4
    /// A normalised registered address shared by at least two companies.
    case address = 5

    /// The JSON / CSV name.
    public var name: String {
        switch self {
        case .company: return "company"
        case .person: return "person"
        case .external: return "external"
        case .phone: return "phone"
        case .email: return "email"
        case .address: return "address"
        }
    }

    /// The name with its indefinite article, for messages (`a person`, `an external`, `an
    /// email`): "is a external, not a company" was found by review.
    public var nameWithArticle: String {
        switch self {
        case .external, .email, .address: return "an \(name)"
        case .company, .person, .phone: return "a \(name)"
        }
    }

    /// True for the shared-attribute nodes (phone, e-mail, address).
    public var isAttribute: Bool { rawValue >= NodeKind.phone.rawValue }
}

/// The kind of an edge of the ``EntityGraph``; edges point as written below.
public enum EdgeKind: UInt8, Sendable, CaseIterable {
    /// holder → company, with a percentage.
    case shareholding = 0
    /// person → company, with a role set.
    case officer = 1
    /// parent company → branch (分支机构).
    case branch = 2
    /// company → shared phone node.
    case phone = 3
    /// company → shared e-mail node.
    case email = 4
    /// company → shared address node.
    case address = 5

    /// The name used by `--kinds` and in JSON.
    public var name: String {
        switch self {
        case .shareholding: return "shareholding"
        case .officer: return "officer"
        case .branch: return "branch"
        case .phone: return "phone"
        case .email: return "email"
        case .address: return "address"
        }
    }

    /// Parses a `--kinds` element (English name or Chinese label).
    public init?(name: String) {
        switch name.lowercased() {
        case "shareholding", "股东", "持股": self = .shareholding
        case "officer", "任职", "高管": self = .officer
        case "branch", "分支机构": self = .branch
        case "phone", "同电话", "电话": self = .phone
        case "email", "同邮箱", "邮箱": self = .email
        case "address", "同地址", "地址": self = .address
        default: return nil
        }
    }

    /// The Chinese relation label (股东, 任职, 分支机构, 同电话, 同邮箱, 同地址).
    public var label: String {
        switch self {
        case .shareholding: return "股东"
        case .officer: return "任职"
        case .branch: return "分支机构"
        case .phone: return "同电话"
        case .email: return "同邮箱"
        case .address: return "同地址"
        }
    }

    /// This kind's bit in an ``EdgeFilter`` mask.
    public var bit: UInt8 { 1 << rawValue }
}

/// Which edges a query may walk: a set of kinds, and whether former links count.
public struct EdgeFilter: Sendable, Equatable {
    /// Bit `k` set = edges of ``EdgeKind`` raw value `k` are walked.
    public var kindMask: UInt8
    /// When false (the default, `--current-only`), edges with an `until` date are skipped.
    public var includeHistory: Bool

    public init(kinds: [EdgeKind] = EdgeKind.allCases, includeHistory: Bool = false) {
        kindMask = kinds.reduce(0) { $0 | $1.bit }
        self.includeHistory = includeHistory
    }

    /// Every kind, current links only.
    public static let current = EdgeFilter()
    /// The benchmark's view U: current shareholding, officer and phone edges.
    public static let benchmarkView = EdgeFilter(kinds: [.shareholding, .officer, .phone])
    /// Current shareholdings only (equity penetration).
    public static let equity = EdgeFilter(kinds: [.shareholding])

    /// True when an edge of raw kind `kind` with `current` status passes.
    @inline(__always)
    public func admits(kind: UInt8, current: Bool) -> Bool {
        (kindMask & (1 << kind)) != 0 && (current || includeHistory)
    }
}
