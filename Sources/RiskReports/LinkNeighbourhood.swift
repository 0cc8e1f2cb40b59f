/// The linked entities around a company, as the graph's `links` query returns them.
public struct LinkNeighbourhood: Sendable, Hashable {
    /// Id of the company at the centre.
    public var center: String
    public var nodes: [LinkNode]
    /// Hub nodes met but not expanded (a mass-registration address, an agent on hundreds of boards).
    public var truncatedHubs: [TruncatedHub]

    public init(center: String, nodes: [LinkNode], truncatedHubs: [TruncatedHub] = []) {
        self.center = center; self.nodes = nodes; self.truncatedHubs = truncatedHubs
    }

    /// Nodes by distance, then id.
    public var orderedNodes: [LinkNode] {
        nodes.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
    }
}

/// The kind of a node of the link graph.
public enum LinkNodeKind: String, CaseIterable, Sendable, Hashable, Codable {
    case company, person, external, phone, email, address

    /// 企业 / 自然人 / 登记外主体 / 电话 / 邮箱 / 地址.
    public var chinese: String {
        switch self {
        case .company: return "企业"
        case .person: return "自然人"
        case .external: return "登记外主体"
        case .phone: return "电话"
        case .email: return "邮箱"
        case .address: return "地址"
        }
    }
}

/// One entity in a company's neighbourhood.
public struct LinkNode: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: LinkNodeKind
    /// Hops from the centre (1 = direct link).
    public var distance: Int
    /// The link it was reached by.
    public var via: LinkVia?
    /// The model's level when the node is a scored company.
    public var level: RiskLevel?
    /// Region code when the node is a company.
    public var regionCode: String?

    public init(id: String, name: String, kind: LinkNodeKind, distance: Int, via: LinkVia?, level: RiskLevel? = nil,
                regionCode: String? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.distance = distance; self.via = via
        self.level = level; self.regionCode = regionCode
    }
}

/// The link a node was reached by: from which node, by what relation.
public struct LinkVia: Sendable, Hashable {
    /// Id of the node one hop nearer the centre.
    public var from: String
    /// 股东, 法定代表人, 同一电话, …
    public var relation: String
    /// "90%", or empty.
    public var detail: String
    /// True when the link points from this node to `from` (e.g. this node holds `from`).
    public var inbound: Bool

    public init(from: String, relation: String, detail: String = "", inbound: Bool = false) {
        self.from = from; self.relation = relation; self.detail = detail; self.inbound = inbound
    }

    /// `股东 90%`, or the relation alone.
    public var label: String { detail.isEmpty ? relation : relation + " " + detail }

    /// The link written in its stored direction, as the Markdown and HTML tables print it:
    /// `杭州鑫盛控股有限公司 —股东 60%→ 杭州鑫盛财富管理有限公司` for a holder reached from the
    /// company it holds (inbound), `王建国 —股东 90%→ 上海鑫盛供应链管理有限公司` for a company
    /// reached from its holder. (The HTML once wrote the second as `王建国 的股东 90%`, "王建国's
    /// shareholder": a subsidiary shown as its parent's owner.)
    public func chainText(node: String, from fromName: String) -> String {
        inbound ? "\(node) —\(label)→ \(fromName)" : "\(fromName) —\(label)→ \(node)"
    }
}

/// A hub reached but not expanded, drawn as one collapsed node.
public struct TruncatedHub: Sendable, Hashable {
    public var id: String
    /// e.g. 杭州市西湖区某路1号
    public var name: String
    public var kind: LinkNodeKind
    /// How many companies the hub joins.
    public var degree: Int
    /// The node it hangs off.
    public var via: LinkVia?

    public init(id: String, name: String, kind: LinkNodeKind, degree: Int, via: LinkVia?) {
        self.id = id; self.name = name; self.kind = kind; self.degree = degree; self.via = via
    }

    /// The collapsed node's label, e.g. `某地址 (326 家企业)`.
    public var label: String { "\(name) (\(degree) 家企业)" }
}
