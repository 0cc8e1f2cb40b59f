import GRDB
import RiskStore
import RiskDomain

/// The in-memory entity graph: companies, persons, outside holders and shared contact
/// points as dense `Int32` node ids, with compressed-sparse-row (CSR) adjacency in both
/// directions and edge attributes in parallel arrays.
///
/// Built once from the store by ``build(from:options:)`` and immutable afterwards, so it is
/// `Sendable` and can be shared by concurrent readers; per-query scratch memory lives in a
/// ``GraphScratch`` that each thread owns.
///
/// Edge `e` (an `Int32` in `0 ..< edgeCount`) goes from ``edgeSource(_:)`` to
/// ``edgeTarget(_:)``; out-edges of node `v` are `outRange(v)` (edge ids are numbered in
/// out-CSR order), in-edges are listed by `inRange(v)` as positions into ``inEdge``.
/// Several database rows with the same (source, target, kind, current) make one edge:
/// shareholding percentages of current rows (and of former rows with the same dates) are
/// summed, of former rows with other dates the latest stake is kept (successive stakes of
/// one holder, `GraphBuilder.mergedPct`), officer roles are OR-ed into a
/// bit set, `since` is the earliest and `until` the latest.
public struct EntityGraph: Sendable {
    /// The sentinel day number for an unknown date.
    public static let unknownDay: Int32 = .min

    // MARK: nodes
    let keys: ByteStringTable
    let names: NameTable
    /// Node kind raw values (``NodeKind``).
    public let nodeKinds: GraphArray<UInt8>
    /// Region code of company nodes as an integer (e.g. 330106), -1 for other nodes.
    public let regionCodes: GraphArray<Int32>

    // MARK: out CSR (edge ids are positions here)
    /// `outOffsets[v] ..< outOffsets[v + 1]` are the out-edge ids of `v`.
    public let outOffsets: GraphArray<Int32>
    /// Target node of each edge.
    public let edgeTargets: GraphArray<Int32>
    /// Source node of each edge.
    public let edgeSources: GraphArray<Int32>
    /// ``EdgeKind`` raw value of each edge.
    public let edgeKinds: GraphArray<UInt8>
    /// 1 when the edge is current (no `until`), 0 for a former link.
    public let edgeCurrent: GraphArray<UInt8>
    /// Shareholding percentage (0–100 scale, may exceed 100 in dirty data); NaN unknown or not a shareholding.
    public let edgePct: GraphArray<Float>
    /// Officer roles as a bit set over `OfficerRole.allCases` order; 0 for other kinds.
    public let edgeRoles: GraphArray<UInt8>
    /// Start day number (``LocalDate/dayNumber``) or ``unknownDay``.
    public let edgeSince: GraphArray<Int32>
    /// End day number or ``unknownDay`` (current).
    public let edgeUntil: GraphArray<Int32>

    // MARK: in CSR
    /// `inOffsets[v] ..< inOffsets[v + 1]` index ``inEdge``.
    public let inOffsets: GraphArray<Int32>
    /// Edge ids of in-edges, grouped by target.
    public let inEdge: GraphArray<Int32>
    /// Source node of each in-edge, parallel to ``inEdge`` (saves a random access per step).
    public let inSources: GraphArray<Int32>
    /// ``EdgeKind`` raw value of each in-edge, parallel to ``inEdge``.
    public let inKinds: GraphArray<UInt8>
    /// Current flag of each in-edge, parallel to ``inEdge``.
    public let inCurrent: GraphArray<UInt8>
    /// Percentage of each in-edge (``edgePct`` in in-CSR order), parallel to ``inEdge``: equity
    /// penetration walks owners reading only sequential in-arrays.
    public let inPct: GraphArray<Float>

    /// Per company node, the record tables it has rows in (``RecordTables`` raw values),
    /// read by the build: a watch list's scoring skips the index probes of tables a company
    /// has no rows in. Empty for a graph made without it.
    public internal(set) var companyRecords: [UInt8] = []
    /// The last import batch (``ImportState``) of the data the graph was built from, as
    /// ``importState(_:)`` reads it; empty when unknown. The record flags are used only
    /// while the database still shows this state.
    public internal(set) var importState = ""

    /// The last import batch of `db` (``ImportState/current(_:)``): the first read of a
    /// transaction, which fixes its snapshot.
    public static func importState(_ db: Database) throws -> String { try ImportState.current(db) }

    /// The record tables company `node` has rows in (empty for other nodes, or when the
    /// graph was made without record flags: check ``hasRecordFlags``).
    public func recordTables(of node: Int32) -> RecordTables {
        Int(node) < companyRecords.count ? RecordTables(rawValue: companyRecords[Int(node)]) : []
    }

    /// True when the build read which record tables each company has rows in.
    public var hasRecordFlags: Bool { !companyRecords.isEmpty || nodeKinds.isEmpty }

    /// A node whose degree (all edges, both directions) exceeds this is a hub.
    public let hubThreshold: Int
    /// What the build saw and skipped (self-holdings, dangling rows).
    public let buildStats: GraphBuildStats
    /// Companies that hold their own shares (current rows): company node → summed pct.
    /// Kept out of the edges (a self-loop is not a link) and reported by `owners`.
    public let selfHoldings: [Int32: Double]

    init(keys: ByteStringTable, names: NameTable, nodeKinds: GraphArray<UInt8>, regionCodes: GraphArray<Int32>,
         outOffsets: GraphArray<Int32>, edgeTargets: GraphArray<Int32>, edgeSources: GraphArray<Int32>, edgeKinds: GraphArray<UInt8>, edgeCurrent: GraphArray<UInt8>,
         edgePct: GraphArray<Float>, edgeRoles: GraphArray<UInt8>, edgeSince: GraphArray<Int32>, edgeUntil: GraphArray<Int32>,
         inOffsets: GraphArray<Int32>, inEdge: GraphArray<Int32>, inSources: GraphArray<Int32>, inKinds: GraphArray<UInt8>, inCurrent: GraphArray<UInt8>, inPct: GraphArray<Float>, hubThreshold: Int, buildStats: GraphBuildStats,
         selfHoldings: [Int32: Double]) {
        self.keys = keys; self.names = names; self.nodeKinds = nodeKinds; self.regionCodes = regionCodes
        self.outOffsets = outOffsets; self.edgeTargets = edgeTargets; self.edgeSources = edgeSources
        self.edgeKinds = edgeKinds; self.edgeCurrent = edgeCurrent; self.edgePct = edgePct; self.edgeRoles = edgeRoles
        self.edgeSince = edgeSince; self.edgeUntil = edgeUntil; self.inOffsets = inOffsets; self.inEdge = inEdge
        self.inSources = inSources; self.inKinds = inKinds; self.inCurrent = inCurrent; self.inPct = inPct
        self.hubThreshold = hubThreshold; self.buildStats = buildStats
        self.selfHoldings = selfHoldings
    }

    /// A 64-bit fingerprint (FNV-1a) of everything the graph holds, independent of how its
    /// key table is laid out (each array as its 64-bit count and bytes, as ``GraphSnapshot``
    /// writes them): node keys, names, kinds and regions in id order, every edge
    /// and in-CSR array, the build statistics and the self-holdings. Two builds with the
    /// same digest made the same graph (ids, edges and order).
    /// - Complexity: O(size of the graph).
    public func contentDigest() -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ bytes: UnsafeRawBufferPointer) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        func add<T>(_ values: [T]) {
            withUnsafeBytes(of: UInt64(values.count)) { add($0) }
            values.withUnsafeBytes { add($0) }
        }
        func add<T>(_ values: GraphArray<T>) {
            withUnsafeBytes(of: UInt64(values.count)) { add($0) }
            values.withUnsafeBytes { add($0) }
        }
        let keyParts = keys.parts()
        withUnsafeBytes(of: UInt64(keyParts.arena.count)) { add($0) }
        add(UnsafeRawBufferPointer(keyParts.arena)); add(keyParts.offsets)
        add(names.arena); add(names.offsets); add(nodeKinds); add(regionCodes)
        add(outOffsets); add(edgeTargets); add(edgeSources); add(edgeKinds); add(edgeCurrent); add(edgePct)
        add(edgeRoles); add(edgeSince); add(edgeUntil); add(inOffsets); add(inEdge); add(inSources); add(inKinds); add(inCurrent); add(inPct)
        add(companyRecords)
        add([buildStats.shareholdingRows, buildStats.officerRows, buildStats.selfHoldings, buildStats.danglingRows, buildStats.unknownParents])
        let holdings = selfHoldings.sorted { $0.key < $1.key }
        add(holdings.map(\.key)); add(holdings.map(\.value))
        return h
    }

    /// Number of nodes.
    public var nodeCount: Int { nodeKinds.count }
    /// Number of edges (after merging duplicate rows).
    public var edgeCount: Int { edgeTargets.count }

    /// The node with string key `key` (credit code, person id, holder id, `tel:…`, `mail:…`, `addr:…`).
    public func node(forKey key: String) -> Int32? { keys.find(key) }
    /// The string key of `node`.
    public func key(_ node: Int32) -> String { keys.string(node) }
    /// The display name of `node` (registered name, person name, or the contact value).
    public func name(_ node: Int32) -> String { names.string(Int(node)) }
    /// What `node` stands for.
    public func kind(_ node: Int32) -> NodeKind { NodeKind(rawValue: nodeKinds[Int(node)]) ?? .external }
    /// The 6-digit region code of a company node, nil for other nodes.
    public func regionCode(_ node: Int32) -> String? {
        let code = regionCodes[Int(node)]
        guard code >= 0 else { return nil }
        let text = String(code)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// Out-edge ids of `node`.
    @inline(__always) public func outRange(_ node: Int32) -> Range<Int> {
        Int(outOffsets[Int(node)]) ..< Int(outOffsets[Int(node) + 1])
    }
    /// Positions in ``inEdge`` of the in-edges of `node`.
    @inline(__always) public func inRange(_ node: Int32) -> Range<Int> {
        Int(inOffsets[Int(node)]) ..< Int(inOffsets[Int(node) + 1])
    }
    /// Source of edge `edge`.
    @inline(__always) public func edgeSource(_ edge: Int32) -> Int32 { edgeSources[Int(edge)] }
    /// Target of edge `edge`.
    @inline(__always) public func edgeTarget(_ edge: Int32) -> Int32 { edgeTargets[Int(edge)] }
    /// Kind of edge `edge`.
    public func edgeKind(_ edge: Int32) -> EdgeKind { EdgeKind(rawValue: edgeKinds[Int(edge)]) ?? .shareholding }
    /// True when edge `edge` is a current link (no `until` date).
    @inline(__always) public func isCurrent(_ edge: Int32) -> Bool { edgeCurrent[Int(edge)] != 0 }
    /// The shareholding percentage of `edge` (0–100), nil when unknown.
    public func pct(_ edge: Int32) -> Double? {
        let value = edgePct[Int(edge)]
        return value.isNaN ? nil : Double(value)
    }
    /// The officer roles of `edge`, in `OfficerRole.allCases` order.
    public func roles(_ edge: Int32) -> [OfficerRole] {
        let bits = edgeRoles[Int(edge)]
        return OfficerRole.allCases.enumerated().compactMap { bits & (1 << UInt8($0.offset)) != 0 ? $0.element : nil }
    }
    /// Start date of `edge`, nil when unknown.
    public func since(_ edge: Int32) -> LocalDate? {
        let day = edgeSince[Int(edge)]
        return day == Self.unknownDay ? nil : LocalDate(dayNumber: Int(day))
    }
    /// End date of `edge`, nil for a current link.
    public func until(_ edge: Int32) -> LocalDate? {
        let day = edgeUntil[Int(edge)]
        return day == Self.unknownDay ? nil : LocalDate(dayNumber: Int(day))
    }

    /// All edges of `node`, both directions.
    public func degree(_ node: Int32) -> Int { outRange(node).count + inRange(node).count }
    /// True when `node` joins so many others (degree > ``hubThreshold``) that queries
    /// summarise it instead of expanding it: a mass-registration address, an agent on
    /// hundreds of boards. Attribute nodes and persons only; a company is never capped.
    public func isHub(_ node: Int32) -> Bool {
        kind(node) != .company && degree(node) > hubThreshold
    }

    /// ``isHub(_:)`` over the edges `filter` admits: a person with many *former* offices is
    /// no hub in the current view, nor an address through kinds a query does not follow.
    /// O(1) for a node of small total degree (almost every node); else counts admitted
    /// edges until one more than the threshold.
    public func isHub(_ node: Int32, filter: EdgeFilter) -> Bool {
        guard isHub(node) else { return false }
        return admittedDegree(node, filter: filter, limit: hubThreshold + 1) > hubThreshold
    }

    /// The edges of `node` that `filter` admits, counted up to `limit` (all by default).
    public func admittedDegree(_ node: Int32, filter: EdgeFilter, limit: Int = .max) -> Int {
        var count = 0
        for e in outRange(node) where filter.admits(kind: edgeKinds[e], current: edgeCurrent[e] != 0) {
            count += 1
            if count >= limit { return count }
        }
        for p in inRange(node) where filter.admits(kind: inKinds[p], current: inCurrent[p] != 0) {
            count += 1
            if count >= limit { return count }
        }
        return count
    }

    /// Calls `body(neighbour, edge, forward)` for every edge of `node` that `filter` admits,
    /// out-edges first (`forward` = the edge leaves `node`). O(degree).
    @inline(__always)
    public func forEachNeighbour(of node: Int32, filter: EdgeFilter, _ body: (Int32, Int32, Bool) -> Void) {
        for e in outRange(node) where filter.admits(kind: edgeKinds[e], current: edgeCurrent[e] != 0) {
            body(edgeTargets[e], Int32(e), true)
        }
        for p in inRange(node) where filter.admits(kind: inKinds[p], current: inCurrent[p] != 0) {
            body(inSources[p], inEdge[p], false)
        }
    }

    /// The relation label of `edge` and its detail (`股东`/`90%`, `任职`/`法定代表人`, `同电话`/number).
    public func relation(_ edge: Int32) -> (relation: String, detail: String) {
        let kind = edgeKind(edge)
        switch kind {
        case .shareholding:
            return (kind.label, pct(edge).map { Self.percentText($0) } ?? "")
        case .officer:
            return (kind.label, roles(edge).map(\.chinese).joined(separator: "、"))
        case .branch:
            return (kind.label, "")
        case .phone, .email, .address:
            return (kind.label, name(edgeTarget(edge)))
        }
    }

    /// The short label written on an arrow: `股东 90%`, `法定代表人`, `同电话`.
    public func arrowLabel(_ edge: Int32) -> String {
        let (relation, detail) = self.relation(edge)
        switch edgeKind(edge) {
        case .shareholding: return detail.isEmpty ? relation : "\(relation) \(detail)"
        case .officer: return detail.isEmpty ? relation : detail
        default: return relation
        }
    }

    /// The tolerance, in percentage points, of every threshold comparison on percentages
    /// (a majority is more than 50 + this, a beneficial owner has at least 25 − this, stakes
    /// exceed 100% above 100 + this).
    ///
    /// Percentages are stored as `Float` (``edgePct``: about 7 significant digits, half the
    /// memory and snapshot of `Double`), so sums carry representation error: 10.1 + 39.9 is
    /// 50.0000019, 5.1 + 19.9 is 24.9999995, 65.3 + 34.7 is 100.0000038. A strict `> 50`
    /// named a 50% holder actual controller. 1e-5 points is a few times the error of such
    /// sums and a tenth of the smallest step a registry with four decimals records: a
    /// registered 24.9999% is no beneficial owner and 50.0001% is a majority (found by
    /// review: with 1e-4, the outputs' own precision, 24.9999% printed as "（≥25%）").
    public static let pctTolerance = 1e-5

    /// `value` rounded to 4 decimals (a registry's finest precision): what outputs show,
    /// so a `Float` 39.9 prints as 39.9, not 39.900002 or 39.899999618530273.
    public static func roundedPct(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// `90%`, `76.5%`, `33.33%` (at most 4 decimals, no trailing zeros).
    public static func percentText(_ value: Double) -> String {
        JSONValue.format(roundedPct(value)) + "%"
    }
}

/// What the graph build read and what it left out.
public struct GraphBuildStats: Sendable, Equatable {
    /// Shareholding rows read.
    public var shareholdingRows = 0
    /// Officer rows read.
    public var officerRows = 0
    /// Rows whose holder is the company itself (kept out of the graph).
    public var selfHoldings = 0
    /// Rows naming a company that is not in the `company` table.
    public var danglingRows = 0
    /// Branch rows whose parent is not a company of the registry.
    public var unknownParents = 0
    public init() {}
}

/// The record tables a company can have rows in besides its registry row, as flags
/// (``EntityGraph/companyRecords``).
public struct RecordTables: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let litigation = RecordTables(rawValue: 1)
    public static let compliance = RecordTables(rawValue: 2)
    public static let news = RecordTables(rawValue: 4)
    public static let product = RecordTables(rawValue: 8)
    public static let licence = RecordTables(rawValue: 16)
    /// Each table by its SQL name.
    public static let tables: [(name: String, flag: RecordTables)] = [
        ("litigation", .litigation), ("compliance", .compliance), ("news", .news), ("product", .product), ("licence", .licence),
    ]
    /// The flag of the table named `name`, nil for another table.
    public static func flag(ofTable name: String) -> RecordTables? { tables.first { $0.name == name }?.flag }
}
