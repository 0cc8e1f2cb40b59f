import Foundation
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
///   upward, as `EntityGraph.actualController` does): `.commonController` between companies
///   under one controller when one of the pair is controlled through a holding company;
/// - the same person as legal representative (`.sharedLegalRep`) or other officer
///   (`.sharedExecutive`) of several companies, former links with their end date;
/// - shared phone, e-mail, normalised address nodes: `.sharedPhone`/`.sharedEmail`/`.sharedAddress`;
/// - branches.
/// A group larger than `maxGroup` (counted over the whole graph, not only the companies
/// indexed) makes no ties; above `hubDegree / 4` its ties are flagged as through a hub.
public struct GraphTies {
    let graph: EntityGraph
    let parameters: RiskModel.NetworkParameters
    let legalRepBit: UInt8
    /// Per graph node: the company that holds more than 50% of it (current links), or -1.
    let majorityCompany: [Int32]
    /// Per graph node: the controller key (a node id) of the company, or -1: see ``controllerOf``.
    let controller: [Int32]
    /// Per graph node: whether the company is controlled through a holding company.
    let indirect: [Bool]
    /// Companies per controller key, for the groups that make ties (size 2 … maxGroup with an indirect member).
    let controlled: [Int32: [Int32]]

    /// Walks every company's majority holders once.
    /// - Complexity: O(E + N × depth) over the graph's shareholding edges.
    public init(graph: EntityGraph, parameters: RiskModel.NetworkParameters) {
        self.graph = graph
        self.parameters = parameters
        legalRepBit = UInt8(1) << UInt8(OfficerRole.allCases.firstIndex(of: .legalRep) ?? 0)
        let n = graph.nodeCount
        // The largest current holder above 50% of each company (a company, or another node).
        // Raw arrays: this pass touches every shareholding edge of the province.
        var majority = [Int32](repeating: -1, count: n)
        let company = NodeKind.company.rawValue, shareholding = EdgeKind.shareholding.rawValue
        let kinds = graph.nodeKinds, inOffsets = graph.inOffsets, inKinds = graph.inKinds, inCurrent = graph.inCurrent
        let inEdge = graph.inEdge, inSources = graph.inSources, edgePct = graph.edgePct
        for c in 0..<n where kinds[c] == company {
            var best: Float = 50
            for p in Int(inOffsets[c])..<Int(inOffsets[c + 1]) where inKinds[p] == shareholding && inCurrent[p] != 0 {
                let share = edgePct[Int(inEdge[p])]
                if share > best { best = share; majority[c] = inSources[p] }   // NaN (unknown) never wins
            }
        }
        var up = [Int32](repeating: -1, count: n)
        for c in 0..<n where majority[c] >= 0 && kinds[Int(majority[c])] == company { up[c] = majority[c] }
        majorityCompany = up
        // Follow majority holding companies upward to the controller: a person or outside
        // party above the top company, or the top company itself when nobody holds > 50% of it.
        var controller = [Int32](repeating: -1, count: n)
        var indirect = [Bool](repeating: false, count: n)
        for c in 0..<n where majority[c] >= 0 {
            var current = c, steps = 0
            while up[current] >= 0, steps <= 16, up[current] != Int32(c) { current = Int(up[current]); steps += 1 }
            if up[current] >= 0 { continue }  // a cross-holding cycle: no single controller
            if majority[current] >= 0 {
                controller[c] = majority[current]          // a person or outside party above
                indirect[c] = steps > 0                    // through at least one holding company
            } else {
                controller[c] = Int32(current)             // the top company (tied by equity to
                indirect[c] = steps > 1                    // the companies it holds directly)
            }
        }
        // Groups by controller: (controller, company) pairs sorted, then read run by run.
        var pairs: [UInt64] = []
        for c in 0..<n where controller[c] >= 0 { pairs.append(UInt64(UInt32(controller[c])) << 32 | UInt64(UInt32(c))) }
        pairs.sort()
        var kept: [Int32: [Int32]] = [:]
        var start = 0
        while start < pairs.count {
            let key = pairs[start] >> 32
            var end = start + 1
            while end < pairs.count, pairs[end] >> 32 == key { end += 1 }
            if end - start > 1, end - start <= parameters.maxGroup {
                let members = pairs[start..<end].map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
                if members.contains(where: { indirect[Int($0)] }) { kept[Int32(truncatingIfNeeded: key)] = members }
            }
            start = end
        }
        self.controller = controller
        self.indirect = indirect
        self.controlled = kept
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
        if controller[Int(c)] >= 0, let members = controlled[controller[Int(c)]] { out.append(contentsOf: members) }
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
        kind == .shareholding ? (graph.pct(Int32(e)) ?? 0) >= 50 : graph.edgeRoles[e] & legalRepBit != 0
    }
}

extension RiskNetwork {
    /// The network over `companies` (all of the graph's companies, or a list's neighbourhood)
    /// with the ties of ``GraphTies``. Companies of the graph outside `companies` count for
    /// group sizes and hub flags but make no ties.
    /// - Complexity: O(edges of the group nodes touching `companies`) plus O(T log d) to lay
    ///   out T ties (a bucket per company, sorted within).
    public static func fromGraph(_ graph: EntityGraph, ties: GraphTies, companies: CompanyIndex) -> RiskNetwork {
        let parameters = ties.parameters
        let hubGroup = max(2, parameters.hubDegree / 4)
        // Graph node → position in `companies` (-1 outside).
        var position = [Int32](repeating: -1, count: graph.nodeCount)
        for (index, code) in companies.codes.enumerated() {
            if let node = graph.node(forKey: code) { position[Int(node)] = Int32(index) }
        }
        var builder = Builder(nodeCount: companies.count)
        func day(_ edge: Int) -> Int32? {
            let until = graph.edgeUntil[edge]
            return until == EntityGraph.unknownDay ? nil : until
        }
        typealias Member = (company: Int32, until: Int32?, pct: Double)
        func addGroup(_ members: [Member], size: Int, kind: TieKind, via: Int32, viaName: String? = nil,
                      skip: (Int, Int) -> Bool = { _, _ in false }) {
            guard members.count > 1, size <= parameters.maxGroup else { return }
            let hub = size > hubGroup
            let id = builder.viaID(viaName ?? graph.name(via))
            for i in 0..<members.count {
                for j in (i + 1)..<members.count where members[i].company != members[j].company && !skip(i, j) {
                    // A tie is former when either side has ended; it ends at the earlier end.
                    let a = members[i].until, b = members[j].until
                    let end: Int32? = a.map { x in b.map { min(x, $0) } ?? x } ?? b
                    builder.add(Int(members[i].company), Int(members[j].company), kind: kind, pct: min(members[i].pct, members[j].pct),
                                untilDay: end, viaID: id, hub: hub)
                }
            }
        }

        // The group nodes to visit: every node, or those touching the indexed companies.
        var visit: [Int32]
        if !companies.isPartial {
            visit = Array(0..<Int32(graph.nodeCount))
        } else {
            var seen = Set<Int32>()
            for (node, at) in position.enumerated() where at >= 0 {
                let c = Int32(node)
                seen.insert(c)
                for p in graph.inRange(c) { seen.insert(graph.inSources[p]) }
                for e in graph.outRange(c) where graph.edgeKinds[e] != EdgeKind.shareholding.rawValue && graph.edgeKinds[e] != EdgeKind.branch.rawValue {
                    seen.insert(graph.edgeTargets[e])
                }
            }
            visit = seen.sorted()
        }

        for g in visit {
            let kind = graph.kind(g)
            switch kind {
            case .phone, .email, .address:
                let range = graph.inRange(g)
                let members = range.compactMap { p -> Member? in
                    let at = position[Int(graph.inSources[p])]
                    return at >= 0 ? (at, nil, 0) : nil
                }.sorted { $0.company < $1.company }
                let tie: TieKind = kind == .phone ? .sharedPhone : (kind == .email ? .sharedEmail : .sharedAddress)
                // The graph keys e-mails and addresses in normalised form (lower case, no
                // spaces); chains show the address as the first company registered it.
                let registered = members.first.flatMap { member -> String? in
                    let c = Int(member.company)
                    return (kind == .email ? companies.email[c] : (kind == .address ? companies.address[c] : nil))?
                        .trimmingCharacters(in: .whitespaces)
                }
                addGroup(members, size: range.count, kind: tie, via: g, viaName: registered)
            case .company, .person, .external:
                var holdings: [Member] = [], holdingCount = 0
                var reps: [Member] = [], others: [Member] = [], officeCount = 0
                var repCompanies = Set<Int32>()
                for e in graph.outRange(g) {
                    let target = graph.edgeTargets[e]
                    let at = position[Int(target)]
                    switch graph.edgeKinds[e] {
                    case EdgeKind.shareholding.rawValue:
                        holdingCount += 1
                        guard at >= 0 else { continue }
                        let pct = graph.pct(Int32(e)) ?? 0
                        holdings.append((at, day(e), pct))
                        if kind == .company, position[Int(g)] >= 0 {
                            builder.add(Int(position[Int(g)]), Int(at), kind: .equity, pct: pct, untilDay: day(e), viaID: -1)
                        }
                    case EdgeKind.officer.rawValue:
                        officeCount += 1
                        guard at >= 0 else { continue }
                        if graph.edgeRoles[e] & ties.legalRepBit != 0 {
                            reps.append((at, day(e), 0)); repCompanies.insert(at)
                        } else {
                            others.append((at, day(e), 0))
                        }
                    case EdgeKind.branch.rawValue:
                        if at >= 0, position[Int(g)] >= 0 { builder.add(Int(position[Int(g)]), Int(at), kind: .branch) }
                    default:
                        continue
                    }
                }
                if holdingCount > 1 {
                    let controlled = holdings.filter { $0.pct >= 50 }
                    let minority = holdings.filter { $0.pct < 50 }
                    var controlledSize = 0
                    for e in graph.outRange(g) where graph.edgeKinds[e] == EdgeKind.shareholding.rawValue && (graph.pct(Int32(e)) ?? 0) >= 50 {
                        controlledSize += 1
                    }
                    addGroup(controlled, size: controlledSize, kind: .commonController, via: g)
                    addGroup(controlled + minority, size: holdingCount, kind: .commonShareholder, via: g) { i, j in
                        i < controlled.count && j < controlled.count
                    }
                }
                if officeCount > 1 {
                    var repSize = 0
                    for e in graph.outRange(g) where graph.edgeKinds[e] == EdgeKind.officer.rawValue && graph.edgeRoles[e] & ties.legalRepBit != 0 {
                        repSize += 1
                    }
                    addGroup(reps, size: repSize, kind: .sharedLegalRep, via: g)
                    let otherOffices = others.filter { !repCompanies.contains($0.company) }
                    if !otherOffices.isEmpty {
                        addGroup(otherOffices + reps, size: officeCount, kind: .sharedExecutive, via: g) { i, j in
                            i >= otherOffices.count && j >= otherOffices.count
                        }
                    }
                }
            }
        }

        // Common actual controllers through holding companies.
        for key in ties.controlled.keys.sorted() {
            guard let members = ties.controlled[key] else { continue }
            let inside = members.filter { position[Int($0)] >= 0 }
            guard inside.count > 1 else { continue }
            let hub = members.count > hubGroup
            let id = builder.viaID(graph.name(key))
            for i in 0..<inside.count {
                for j in (i + 1)..<inside.count where ties.indirect[Int(inside[i])] || ties.indirect[Int(inside[j])] {
                    builder.add(Int(position[Int(inside[i])]), Int(position[Int(inside[j])]), kind: .commonController,
                                untilDay: nil, viaID: id, hub: hub)
                }
            }
        }
        return builder.build()
    }

    /// The companies (credit codes) within `hops` ties of `start` on the graph.
    /// - Complexity: O(edges of the groups met), no SQL.
    public static func neighbourhood(_ graph: EntityGraph, ties: GraphTies, of start: [String], hops: Int) -> Set<String> {
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
        return Set(seen.map { graph.key($0) })
    }
}
