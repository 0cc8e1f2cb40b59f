import Foundation
import Synchronization
import RiskDomain
import RiskGraph

/// The ties of the risk network read off the entity graph (`RiskGraph.EntityGraph`, loaded
/// from its snapshot or built once) instead of the store's tables: in-memory arrays, no SQL.
///
/// The tie rules (see ``RiskNetwork/fromGraph(_:companies:model:)``):
/// - a company holding another: `.equity` with the (summed) percentage, former with `until`;
/// - one holder (person, company, outside party) with ≥ 50% of several companies:
///   `.commonController`; other pairs of a holder's companies: `.commonShareholder` with the
///   smaller stake;
/// - actual controllers through holding companies (a holder with more than 50% followed
///   upward: rule 1 of `EntityGraph.actualController`, which `owners` and the report's
///   实际控制人 apply first, so the chains and the named controller agree): `.commonController` between companies
///   under one controller when one of the pair is controlled through a holding company;
/// - the same person as legal representative (`.sharedLegalRep`) or other officer
///   (`.sharedExecutive`) of several companies, former links with their end date;
/// - shared phone, e-mail, normalised address nodes: `.sharedPhone`/`.sharedEmail`/`.sharedAddress`;
/// - branches.
/// A group larger than `maxGroup` (counted over the whole graph, not only the companies
/// indexed) makes no ties; above `hubDegree / 4` its ties are flagged as through a hub.
public struct GraphTies: Sendable {
    let graph: EntityGraph
    let parameters: RiskModel.NetworkParameters
    let legalRepBit: UInt8
    /// The longest chain of holding companies followed up to a controller.
    static let maxDepth = 16

    /// The date control is read at (nil: the graph's current links). Majority holdings and
    /// the controlled groups count a holding that had begun by then and not yet ended: one
    /// bought later controls nothing then, one sold later still did.
    let asOfDay: Int32?

    /// Whether shareholding edge `e` held at the as-of date (or is current, without one).
    @inline(__always)
    func held(_ e: Int) -> Bool {
        guard let day = asOfDay else { return graph.edgeCurrent[e] != 0 }
        let since = graph.edgeSince[e], until = graph.edgeUntil[e]
        return (since == EntityGraph.unknownDay || since <= day) && (until == EntityGraph.unknownDay || until > day)
    }

    /// Each company's majority holder once computed (-2: not yet), see ``majority(_:)``.
    private let majorityCache: MajorityCache

    /// Nothing is computed up front: controllers are found by walking up from a company and
    /// their groups by walking down from the controller, so a watch list touches only its
    /// neighbourhood. Each company's majority holder is remembered once found: the controller
    /// walks ask for it again and again, and a company with thousands of small holders would
    /// otherwise be scanned each time.
    public init(graph: EntityGraph, parameters: RiskModel.NetworkParameters, asOf: LocalDate? = nil) {
        self.graph = graph
        self.parameters = parameters
        asOfDay = asOf.map { Int32($0.dayNumber) }
        legalRepBit = UInt8(1) << UInt8(OfficerRole.allCases.firstIndex(of: .legalRep) ?? 0)
        majorityCache = MajorityCache(count: graph.nodeCount)
    }

    /// The largest holder of more than 50% of company `c` at the as-of date (``held(_:)``; any
    /// kind of node), or -1. Of two holders with the same share (dirty data: a transfer
    /// exported without the seller's `until`) the one ``precedes(_:_:in:)`` puts first, as `owners` names
    /// it: the holder met first in the rows made the answer depend on the files' row order
    /// (found by review). Shares are compared with ``shareTolerance``: a Float sum of merged
    /// rows (10.1 + 39.9) reads 50.0000019.
    /// - Complexity: O(holders of `c`) the first time, O(1) after.
    func majority(_ c: Int32) -> Int32 {
        let known = majorityCache.values.withLock { $0[Int(c)] }
        if known != -2 { return known }
        var best: Float = 0, holder: Int32 = -1
        let shareholding = EdgeKind.shareholding.rawValue
        for p in graph.inRange(c) where graph.inKinds[p] == shareholding && held(Int(graph.inEdge[p])) {
            let share = graph.edgePct[Int(graph.inEdge[p])], source = graph.inSources[p]
            guard share > 50 + Self.shareTolerance else { continue }   // NaN (unknown) never wins
            if holder < 0 || share > best + Self.shareTolerance {
                best = share; holder = source
            } else if abs(share - best) <= Self.shareTolerance, Self.precedes(source, holder, in: graph) {
                holder = source
            }
        }
        majorityCache.values.withLock { $0[Int(c)] = holder }
        return holder
    }

    /// Of two holders with the same share, the one `owners` takes: a person or outside party
    /// before a company (its controller rule looks at them first), then the smaller key.
    static func precedes(_ a: Int32, _ b: Int32, in graph: EntityGraph) -> Bool {
        let aCompany = graph.nodeKinds[Int(a)] == NodeKind.company.rawValue, bCompany = graph.nodeKinds[Int(b)] == NodeKind.company.rawValue
        if aCompany != bCompany { return bCompany }
        return graph.key(a) < graph.key(b)
    }

    /// Percentage points within which two shares are taken as equal: the graph stores shares
    /// as `Float`, so 10.1 + 39.9 merged is 50.0000019, not more than 50
    /// (``EntityGraph/pctTolerance``, the graph queries' own).
    static let shareTolerance = Float(EntityGraph.pctTolerance)

    /// The majority holder of `c` when it is a company, else -1.
    private func up(_ c: Int32) -> Int32 {
        let m = majority(c)
        return m >= 0 && graph.nodeKinds[Int(m)] == NodeKind.company.rawValue ? m : -1
    }

    /// The actual controller of company `c` (the `EntityGraph.actualController` rule): its
    /// majority holders followed up through holding companies to a person or outside party
    /// above the top company, or the top company itself when nobody holds more than 50% of it;
    /// `indirect` when the way passes through a holding company (a top company's direct
    /// holdings are tied to it by equity instead). Nil without a majority holder, in a
    /// cross-holding cycle, or above ``maxDepth`` steps.
    func controller(of c: Int32) -> (key: Int32, indirect: Bool)? {
        let first = majority(c)
        guard first >= 0 else { return nil }
        if graph.nodeKinds[Int(first)] != NodeKind.company.rawValue { return (first, false) }
        var current = first, steps = 1
        while true {
            let next = majority(current)
            if next < 0 { return (current, steps > 1) }                                        // the top company
            if graph.nodeKinds[Int(next)] != NodeKind.company.rawValue { return (next, true) } // a person above
            guard next != c, steps <= Self.maxDepth else { return nil }                        // a cycle or too deep
            current = next; steps += 1
        }
    }

    /// The companies under controller `key` with their `indirect` flags, when they are 2 …
    /// `maxGroup` and one of them is controlled through a holding company; else nil.
    /// - Complexity: O(edges of the controlled companies), stopping past `maxGroup`.
    func controlledGroup(_ key: Int32) -> [(company: Int32, indirect: Bool)]? {
        let shareholding = EdgeKind.shareholding.rawValue, company = NodeKind.company.rawValue
        /// Whether `t`, held by `u`, is a company `u` controls.
        func controls(_ u: Int32, _ t: Int32) -> Bool {
            t != key && graph.nodeKinds[Int(t)] == company && majority(t) == u
        }
        // Most controllers hold companies that control nothing themselves: no group with an
        // indirect member. Found without allocating (a province-wide run asks for every controller).
        var hasIndirect = false
        search: for e in graph.outRange(key) where graph.edgeKinds[e] == shareholding && held(e) {
            let t = graph.edgeTargets[e]
            guard controls(key, t) else { continue }
            for f in graph.outRange(t) where graph.edgeKinds[f] == shareholding && held(f) {
                if controls(t, graph.edgeTargets[f]) { hasIndirect = true; break search }
            }
        }
        guard hasIndirect else { return nil }
        // Every company has one majority holder, so walking down by `majority(t) == u` reaches
        // each company once; only `key` itself can be met again (a cross-holding cycle through
        // it), which `controls` excludes. No visited set needed.
        var members: [(company: Int32, indirect: Bool)] = []
        var frontier: [Int32] = [key], next: [Int32] = []
        var depth = 0
        while !frontier.isEmpty, depth <= Self.maxDepth {
            next.removeAll(keepingCapacity: true)
            for u in frontier {
                for e in graph.outRange(u) where graph.edgeKinds[e] == shareholding && held(e) {
                    let t = graph.edgeTargets[e]
                    guard controls(u, t) else { continue }
                    // The first level is held directly (by the person, or by the top company:
                    // tied by equity); below it the control passes through a holding company.
                    members.append((t, depth >= 1))
                    if members.count > parameters.maxGroup { return nil }
                    next.append(t)
                }
            }
            swap(&frontier, &next)
            depth += 1
        }
        guard members.count > 1, members.contains(where: { $0.indirect }) else { return nil }
        return members.sorted { $0.company < $1.company }
    }

    /// The companies tied to company `c` (graph node ids), an over-approximation of its ties in
    /// ``RiskNetwork/fromGraph(_:companies:model:)`` used to find a list's neighbourhood.
    /// - Complexity: O(edges of `c`'s holders, officers and contact nodes).
    func neighbours(of c: Int32, into out: inout [Int32]) {
        let maxGroup = parameters.maxGroup
        // Holders of c: a company holder is tied by equity; every holder's group.
        for p in graph.inRange(c) {
            let kind = graph.inKinds[p], source = graph.inSources[p]
            if kind == EdgeKind.shareholding.rawValue {
                if graph.kind(source) == .company { out.append(source) }
                group(source, kind: .shareholding, into: &out)
            } else if kind == EdgeKind.officer.rawValue {
                group(source, kind: .officer, into: &out)
            } else if kind == EdgeKind.branch.rawValue {
                out.append(source)
            }
        }
        // c as holder, head office, and its shared contact nodes.
        for e in graph.outRange(c) {
            let kind = graph.edgeKinds[e], target = graph.edgeTargets[e]
            if kind == EdgeKind.shareholding.rawValue || kind == EdgeKind.branch.rawValue {
                out.append(target)
            } else {
                let members = graph.inRange(target)
                guard members.count <= maxGroup else { continue }
                for q in members { out.append(graph.inSources[q]) }
            }
        }
        if let key = controller(of: c)?.key, let members = controlledGroup(key) { out.append(contentsOf: members.map(\.company)) }
    }

    /// The members of `node`'s group of `kind` that can be tied: all when at most `maxGroup`,
    /// else the controlled (≥ 50%) or legal-rep subset when that alone is small enough.
    private func group(_ node: Int32, kind: EdgeKind, into out: inout [Int32]) {
        var count = 0, special = 0
        for e in graph.outRange(node) where graph.edgeKinds[e] == kind.rawValue {
            count += 1
            if isSpecial(e, kind: kind) { special += 1 }
        }
        guard count <= parameters.maxGroup || special <= parameters.maxGroup else { return }
        let all = count <= parameters.maxGroup
        for e in graph.outRange(node) where graph.edgeKinds[e] == kind.rawValue && (all || isSpecial(e, kind: kind)) {
            out.append(graph.edgeTargets[e])
        }
    }

    private func isSpecial(_ e: Int, kind: EdgeKind) -> Bool {
        kind == .shareholding ? (graph.pct(Int32(e)) ?? 0) >= 50 - EntityGraph.pctTolerance : graph.edgeRoles[e] & legalRepBit != 0
    }
}

/// The memo of ``GraphTies/majority(_:)`` (shared by copies of one `GraphTies`, safe across threads).
final class MajorityCache: Sendable {
    let values: Mutex<[Int32]>
    init(count: Int) { values = Mutex([Int32](repeating: -2, count: count)) }
}

extension RiskNetwork {
    /// The network over `companies` (all of the graph's companies, or a list's neighbourhood)
    /// with the ties of ``GraphTies``. Companies of the graph outside `companies` count for
    /// group sizes and hub flags but make no ties.
    /// - Complexity: O(edges of the group nodes touching `companies`) plus O(T log d) to lay
    ///   out T ties (a bucket per company, sorted within).
    public static func fromGraph(_ graph: EntityGraph, ties: GraphTies, companies: CompanyIndex) -> RiskNetwork {
        let nodes = companies.codes.map { graph.node(forKey: $0) ?? -1 }
        return collectTies(graph, ties: ties, nodes: nodes, partial: companies.isPartial).build(companies: companies)
    }

    /// The ties of ``fromGraph(_:ties:companies:)`` before the shared e-mail and address
    /// groups are named: graph work only, so it can run while the companies' rows are read.
    public struct PendingNetwork: Sendable {
        var builder: Builder
        /// Via ids of e-mail and address groups, their node and their first member's position.
        var contacts: [(id: Int32, node: Int32, email: Bool, first: Int32)]
        let graph: EntityGraph

        /// Names the contact groups as their first company registered them and lays out the network.
        public func build(companies: CompanyIndex) -> RiskNetwork {
            var builder = self.builder
            for contact in contacts {
                let first = Int(contact.first)
                let registered = (contact.email ? companies.email[first] : companies.address[first])?.trimmingCharacters(in: .whitespaces)
                builder.nameVia(contact.id, registered ?? graph.name(contact.node))
            }
            return builder.build()
        }
    }

    /// The ties among the companies `nodes` (graph nodes in company-index order, -1 for a
    /// company missing from the graph); `partial` when they are not all of the graph's companies.
    public static func collectTies(_ graph: EntityGraph, ties: GraphTies, nodes: [Int32], partial: Bool) -> PendingNetwork {
        let parameters = ties.parameters
        let hubGroup = max(2, parameters.hubDegree / 4)
        // Graph node → position in `companies` (-1 outside).
        var position = [Int32](repeating: -1, count: graph.nodeCount)
        var indexed: [Int32] = []   // the graph nodes of `companies`, in index order
        indexed.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() where node >= 0 {
            position[Int(node)] = Int32(index); indexed.append(node)
        }
        var builder = Builder(nodeCount: nodes.count)
        var contacts: [(id: Int32, node: Int32, email: Bool, first: Int32)] = []
        func day(_ edge: Int) -> Int32? {
            let until = graph.edgeUntil[edge]
            return until == EntityGraph.unknownDay ? nil : until
        }
        func start(_ edge: Int) -> Int32? {
            let since = graph.edgeSince[edge]
            return since == EntityGraph.unknownDay ? nil : since
        }
        typealias Member = (company: Int32, until: Int32?, pct: Double, since: Int32?)
        func addGroup(_ members: [Member], size: Int, kind: TieKind, via: Int32, viaID: Int32? = nil,
                      skip: (Int, Int) -> Bool = { _, _ in false }) {
            guard members.count > 1, size <= parameters.maxGroup else { return }
            let hub = size > hubGroup
            let id = viaID ?? builder.viaID(node: via, name: graph.name(via), key: { graph.key($0) })
            let through = graph.kind(via) == .company ? position[Int(via)] : -1
            for i in 0..<members.count {
                for j in (i + 1)..<members.count where members[i].company != members[j].company && !skip(i, j) {
                    // A tie is former when either side has ended; it ends at the earlier end.
                    let a = members[i].until, b = members[j].until
                    let end: Int32? = a.map { x in b.map { min(x, $0) } ?? x } ?? b
                    // It begins when both sides are there: at the later start (unknown if either is).
                    let start: Int32? = members[i].since.flatMap { x in members[j].since.map { max(x, $0) } }
                    // The side with the smaller stake goes first: `outward` then marks it, so a
                    // common shareholder's chain shows that share (`曹俊俊 —持股 5%→ …`).
                    let (x, y) = kind == .commonShareholder && members[j].pct < members[i].pct ? (j, i) : (i, j)
                    builder.add(Int(members[x].company), Int(members[y].company), kind: kind, pct: min(members[i].pct, members[j].pct),
                                untilDay: end, viaID: id, hub: hub, sinceDay: start, viaCompany: through,
                                outwardBoth: kind == .commonShareholder && members[i].pct == members[j].pct,
                                sideEnds: (members[x].until, members[y].until))
                }
            }
        }

        // The group nodes to visit: every node, or those touching the indexed companies.
        var visit: [Int32]
        if !partial {
            visit = Array(0..<Int32(graph.nodeCount))
        } else {
            var seen = Set<Int32>()
            for c in indexed {
                seen.insert(c)
                for p in graph.inRange(c) { seen.insert(graph.inSources[p]) }
                for e in graph.outRange(c) where graph.edgeKinds[e] != EdgeKind.shareholding.rawValue && graph.edgeKinds[e] != EdgeKind.branch.rawValue {
                    seen.insert(graph.edgeTargets[e])
                }
            }
            visit = seen.sorted()
        }

        // Buffers reused for every group node (a neighbourhood visits ~10⁵ nodes, a province 2·10⁶).
        var members: [Member] = []
        var holdings: [Member] = [], controlled: [Member] = [], reps: [Member] = [], others: [Member] = []
        var repStamp = [Int32](repeating: -1, count: nodes.count)   // == g: a legal rep of g's
        for g in visit {
            let kind = graph.kind(g)
            switch kind {
            case .phone, .email, .address:
                let range = graph.inRange(g)
                guard range.count > 1, range.count <= parameters.maxGroup else { continue }
                members.removeAll(keepingCapacity: true)
                for p in range {
                    let at = position[Int(graph.inSources[p])]
                    if at >= 0 { members.append((at, nil, 0, nil)) }
                }
                guard members.count > 1 else { continue }
                members.sort { $0.company < $1.company }
                let tie: TieKind = kind == .phone ? .sharedPhone : (kind == .email ? .sharedEmail : .sharedAddress)
                // The graph keys e-mails and addresses in normalised form (lower case, no
                // spaces); chains show the address as the first company registered it, named
                // in `PendingNetwork.build` once the companies' rows are read.
                if kind == .phone {
                    addGroup(members, size: range.count, kind: tie, via: g)
                } else {
                    let id = builder.unnamedVia()
                    contacts.append((id, g, kind == .email, members[0].company))
                    addGroup(members, size: range.count, kind: tie, via: g, viaID: id)
                }
            case .company, .person, .external:
                var holdingCount = 0, controlledSize = 0, officeCount = 0, repSize = 0
                holdings.removeAll(keepingCapacity: true); controlled.removeAll(keepingCapacity: true)
                reps.removeAll(keepingCapacity: true); others.removeAll(keepingCapacity: true)
                let from = position[Int(g)]
                for e in graph.outRange(g) {
                    let target = graph.edgeTargets[e]
                    let at = position[Int(target)]
                    switch graph.edgeKinds[e] {
                    case EdgeKind.shareholding.rawValue:
                        holdingCount += 1
                        let pct = graph.pct(Int32(e)) ?? 0
                        let controls = pct >= 50 - EntityGraph.pctTolerance
                        if controls { controlledSize += 1 }
                        guard at >= 0 else { continue }
                        if controls { controlled.append((at, day(e), pct, start(e))) } else { holdings.append((at, day(e), pct, start(e))) }
                        if kind == .company, from >= 0 {
                            builder.add(Int(from), Int(at), kind: .equity, pct: pct, untilDay: day(e), viaID: -1, sinceDay: start(e))
                        }
                    case EdgeKind.officer.rawValue:
                        officeCount += 1
                        let isRep = graph.edgeRoles[e] & ties.legalRepBit != 0
                        if isRep { repSize += 1 }
                        guard at >= 0 else { continue }
                        if isRep {
                            reps.append((at, day(e), 0, start(e))); repStamp[Int(at)] = g
                        } else {
                            others.append((at, day(e), 0, start(e)))
                        }
                    case EdgeKind.branch.rawValue:
                        if at >= 0, from >= 0 { builder.add(Int(from), Int(at), kind: .branch) }
                    default:
                        continue
                    }
                }
                if holdingCount > 1 {
                    addGroup(controlled, size: controlledSize, kind: .commonController, via: g)
                    let controlledCount = controlled.count
                    controlled.append(contentsOf: holdings)   // controlled first, then the minority stakes
                    addGroup(controlled, size: holdingCount, kind: .commonShareholder, via: g) { i, j in
                        i < controlledCount && j < controlledCount
                    }
                }
                if officeCount > 1 {
                    addGroup(reps, size: repSize, kind: .sharedLegalRep, via: g)
                    others.removeAll { repStamp[Int($0.company)] == g }
                    if !others.isEmpty {
                        let otherCount = others.count
                        others.append(contentsOf: reps)
                        addGroup(others, size: officeCount, kind: .sharedExecutive, via: g) { i, j in
                            i >= otherCount && j >= otherCount
                        }
                    }
                }
            }
        }

        // Common actual controllers through holding companies.
        var keys = Set<Int32>()
        for node in indexed {
            if let key = ties.controller(of: node)?.key { keys.insert(key) }
        }
        for key in keys.sorted() {
            guard let members = ties.controlledGroup(key) else { continue }
            let inside = members.filter { position[Int($0.company)] >= 0 }
            guard inside.count > 1 else { continue }
            let hub = members.count > hubGroup
            let id = builder.viaID(node: key, name: graph.name(key), key: { graph.key($0) })
            for i in 0..<inside.count {
                for j in (i + 1)..<inside.count where inside[i].indirect || inside[j].indirect {
                    builder.add(Int(position[Int(inside[i].company)]), Int(position[Int(inside[j].company)]), kind: .commonController,
                                untilDay: nil, viaID: id, hub: hub, viaCompany: position[Int(key)])
                }
            }
        }
        return PendingNetwork(builder: builder, contacts: contacts, graph: graph)
    }

    /// The companies within `hops` ties of `start` on the graph, as graph nodes in ascending
    /// credit-code order.
    /// - Complexity: O(edges of the groups met), no SQL.
    public static func neighbourhoodNodes(_ graph: EntityGraph, ties: GraphTies, of start: [String], hops: Int) -> [Int32] {
        var seen = Set<Int32>()
        var frontier: [Int32] = start.compactMap { graph.node(forKey: $0) }.filter { seen.insert($0).inserted }
        var next: [Int32] = []
        var found: [Int32] = []
        for _ in 0..<hops where !frontier.isEmpty {
            next.removeAll(keepingCapacity: true)
            for c in frontier {
                found.removeAll(keepingCapacity: true)
                ties.neighbours(of: c, into: &found)
                for v in found where seen.insert(v).inserted { next.append(v) }
            }
            swap(&frontier, &next)
        }
        // The graph numbers companies in credit-code order (it reads `company` by its
        // primary key), so sorting node ids sorts codes without comparing strings; they are
        // sorted by code only if that ever stops holding.
        var nodes = seen.sorted()
        if zip(nodes, nodes.dropFirst()).contains(where: { graph.key($0) >= graph.key($1) }) {
            nodes.sort { graph.key($0) < graph.key($1) }
        }
        return nodes
    }
}
