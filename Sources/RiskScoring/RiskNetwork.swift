import Foundation
import RiskDomain

/// The company-to-company ties that risk propagates over: a CSR adjacency (by company
/// index, as in ``CompanyIndex``) with tie attributes in parallel arrays.
///
/// The ties come from the entity graph (``fromGraph(_:ties:companies:)``, rules in
/// ``GraphTies``); hand-built networks (tests, other sources) fill a ``Builder``.
/// Ties are stored in both directions; `via` names the linking person, holder, phone,
/// e-mail or address, from which chains are written (``chain(from:tie:names:)``).
public struct RiskNetwork: Sendable {
    /// Number of companies (nodes).
    public let nodeCount: Int
    /// `ties(of: i)` are `offsets[i]..<offsets[i+1]`.
    public let offsets: [Int]
    public let other: [Int32]
    public let kind: [TieKind]
    /// Share in percent for equity / common-shareholder ties, else 0.
    public let pct: [Float]
    /// Day number (``LocalDate/dayNumber``) the link ended; `Int32.max` while current.
    public let endDay: [Int32]
    /// For ties through a person or holder (common controller or shareholder, shared legal
    /// representative or executive): the day `node`'s own link to them ended (``nodeEnd``)
    /// and the day the other company's did (``otherEnd``), `Int32.max` while current;
    /// ``endDay`` is the earlier. Other ties: both equal ``endDay``. A chain writes each link
    /// with its own end: a person who left one company and still serves the other is 曾任 at
    /// the first only (found by review: both links read 曾任…（至 the earlier end）).
    public let nodeEnd: [Int32], otherEnd: [Int32]
    /// Day number the link began; `Int32.min` when not known. A tie that began after the
    /// as-of date carries no weight (scoring a past date must not use later links).
    public let startDay: [Int32]
    /// The tie passes through a hub (agent, mass-registration address): discounted.
    public let hub: [Bool]
    /// For equity and branch ties: the node itself is the holder / the head office. For
    /// common-shareholder ties: the holder's stake in the node itself is the smaller one, `pct`
    /// (both directions when the two stakes are equal), so a chain can say whose stake it is.
    public let outward: [Bool]
    /// Index into ``viaNames`` (-1 when none).
    public let via: [Int32]
    public let viaNames: [String]
    /// The company (index) a tie goes through when its holder or controller is one of the
    /// network's companies, else -1: a tie through a company founded after the as-of date
    /// carries nothing then (``NetworkPropagation``).
    public let viaCompany: [Int32]

    /// The ties of node `node`.
    public func ties(of node: Int) -> Range<Int> { offsets[node]..<offsets[node + 1] }

    /// Collects ties, then lays them out as CSR sorted by (node, other, kind, via).
    public struct Builder: Sendable {
        public let nodeCount: Int
        var entries: [(from: Int32, to: Int32, kind: TieKind, pct: Float, end: Int32, hub: Bool, outward: Bool, via: Int32, start: Int32,
                       viaCompany: Int32, fromEnd: Int32, toEnd: Int32)] = []
        var viaIndex: [String: Int32] = [:]
        var viaNames: [String] = []

        public init(nodeCount: Int) { self.nodeCount = nodeCount }

        /// The id of a via name (the linking person, holder, phone, e-mail or address), for
        /// ``add(_:_:kind:pct:until:viaID:hub:)``: look a group's name up once, not per tie.
        public mutating func viaID(_ name: String) -> Int32 {
            if let existing = viaIndex[name] { return existing }
            let id = Int32(viaNames.count)
            viaIndex[name] = id
            viaNames.append(name)
            return id
        }

        /// Per via id named by ``viaID(node:name:key:)``: the graph node (-1 for a via named by
        /// text alone).
        var viaNodes: [Int32] = []
        /// The second and later nodes of a name, by node; and the keys of every node of such a
        /// shared name, by via id. Kept for those only: a key and an index entry per via made
        /// the 1M screening 140 MB larger.
        var splitIndex: [Int32: Int32] = [:]
        var sharedKeys: [Int32: String] = [:]

        /// The id of graph node `node` as a via (the linking person, holder or company), named
        /// `name`. Two nodes of one name get two ids, and ``build()`` writes both with their
        /// keys (`key(node)`), `张三（P1）` and `张三（P2）`: one name for two persons read as
        /// one person linking the companies (found by review).
        public mutating func viaID(node: Int32, name: String, key: (Int32) -> String) -> Int32 {
            if let first = viaIndex[name] {
                let firstNode = Int(first) < viaNodes.count ? viaNodes[Int(first)] : -1
                if firstNode == node { return first }
                if let split = splitIndex[node] { return split }
                if firstNode >= 0, sharedKeys[first] == nil { sharedKeys[first] = key(firstNode) }
                let id = Int32(viaNames.count)
                viaNames.append(name)
                padNodes(to: Int(id))
                viaNodes.append(node)
                splitIndex[node] = id
                sharedKeys[id] = key(node)
                return id
            }
            let id = Int32(viaNames.count)
            viaIndex[name] = id
            viaNames.append(name)
            padNodes(to: Int(id))
            viaNodes.append(node)
            return id
        }

        /// ``viaNodes`` filled with -1 up to `count` (vias named by text have no node).
        private mutating func padNodes(to count: Int) {
            while viaNodes.count < count { viaNodes.append(-1) }
        }

        /// A via id whose name is given later (``nameVia(_:_:)``), before ``build()``.
        public mutating func unnamedVia() -> Int32 {
            viaNames.append("")
            return Int32(viaNames.count - 1)
        }

        /// Names a via id from ``unnamedVia()``.
        public mutating func nameVia(_ id: Int32, _ name: String) { viaNames[Int(id)] = name }

        /// Adds a tie between `a` and `b` in both directions. For `.equity` and `.branch`,
        /// `a` is the holder / head office. `until` set makes it a former link.
        public mutating func add(_ a: Int, _ b: Int, kind: TieKind, pct: Double = 0, until: LocalDate? = nil,
                                 via: String? = nil, hub: Bool = false, since: LocalDate? = nil) {
            add(a, b, kind: kind, pct: pct, untilDay: until.map { Int32($0.dayNumber) }, viaID: via.map { viaID($0) } ?? -1, hub: hub,
                sinceDay: since.map { Int32($0.dayNumber) })
        }

        /// ``add(_:_:kind:pct:until:via:hub:)`` with a via id from ``viaID(_:)`` (-1 for none)
        /// and the end as a day number.
        /// `outwardBoth` marks the reverse direction outward too (a common shareholder's equal
        /// stakes in `a` and `b`). `sideEnds`: for a tie through a person or holder, when `a`'s
        /// and `b`'s own links to them ended (nil: current); `untilDay` is then the earlier.
        public mutating func add(_ a: Int, _ b: Int, kind: TieKind, pct: Double = 0, untilDay: Int32?, viaID: Int32, hub: Bool = false,
                                 sinceDay: Int32? = nil, viaCompany: Int32 = -1, outwardBoth: Bool = false,
                                 sideEnds: (Int32?, Int32?)? = nil) {
            guard a != b, a >= 0, b >= 0, a < nodeCount, b < nodeCount else { return }
            let end = untilDay ?? Int32.max, start = sinceDay ?? Int32.min
            let aEnd = sideEnds.map { $0.0 ?? Int32.max } ?? end, bEnd = sideEnds.map { $0.1 ?? Int32.max } ?? end
            entries.append((Int32(a), Int32(b), kind, Float(pct), end, hub, true, viaID, start, viaCompany, aEnd, bEnd))
            entries.append((Int32(b), Int32(a), kind, Float(pct), end, hub, outwardBoth, viaID, start, viaCompany, bEnd, aEnd))
        }

        /// The network: ties bucketed by node (a counting sort), each node's ties sorted by
        /// (other, kind, via name, end), so the layout does not depend on the order ties were added.
        /// - Complexity: O(T + Σ d log d) for T ties and node degrees d.
        public func build() -> RiskNetwork {
            var offsets = [Int](repeating: 0, count: nodeCount + 1)
            for entry in entries { offsets[Int(entry.from) + 1] += 1 }
            for i in 0..<nodeCount { offsets[i + 1] += offsets[i] }
            var order = [Int32](repeating: 0, count: entries.count)
            var cursor = offsets
            for (index, entry) in entries.enumerated() {
                order[cursor[Int(entry.from)]] = Int32(index)
                cursor[Int(entry.from)] += 1
            }
            cursor = []
            // Node vias that share a name are written with their keys.
            var viaNames = self.viaNames
            for (id, key) in sharedKeys { viaNames[Int(id)] += "（\(key)）" }
            let entries = self.entries
            for node in 0..<nodeCount where offsets[node + 1] - offsets[node] > 1 {
                order[offsets[node]..<offsets[node + 1]].sort { x, y in
                    let l = entries[Int(x)], r = entries[Int(y)]
                    if l.to != r.to { return l.to < r.to }
                    if l.kind != r.kind { return l.kind.order < r.kind.order }
                    if l.via != r.via {
                        if l.via < 0 || r.via < 0 { return l.via < 0 }
                        // Two groups may carry one name (named later): then order as one.
                        let a = viaNames[Int(l.via)], b = viaNames[Int(r.via)]
                        if a != b { return a < b }
                    }
                    if l.end != r.end { return l.end < r.end }
                    if l.start != r.start { return l.start < r.start }
                    return x < y
                }
            }
            return RiskNetwork(nodeCount: nodeCount, offsets: offsets, other: order.map { entries[Int($0)].to },
                               kind: order.map { entries[Int($0)].kind }, pct: order.map { entries[Int($0)].pct },
                               endDay: order.map { entries[Int($0)].end }, nodeEnd: order.map { entries[Int($0)].fromEnd },
                               otherEnd: order.map { entries[Int($0)].toEnd }, startDay: order.map { entries[Int($0)].start },
                               hub: order.map { entries[Int($0)].hub },
                               outward: order.map { entries[Int($0)].outward }, via: order.map { entries[Int($0)].via },
                               viaNames: viaNames, viaCompany: order.map { entries[Int($0)].viaCompany })
        }
    }

    /// The weight of tie `t` as of `asOfDay`: 0 before the tie began; the kind's weight, scaled
    /// by share for equity, a link that had ended by then starting at half weight and halving
    /// every `formerHalfLifeYears` after it ended, discounted through hubs.
    /// - Complexity: O(1).
    public func weight(_ t: Int, parameters: RiskModel.NetworkParameters, asOfDay: Int) -> Double {
        // Not yet begun at the as-of date: no tie then.
        if startDay[t] != Int32.min, Int(startDay[t]) > asOfDay { return 0 }
        var w = parameters.weights[kind[t]] ?? 0
        if kind[t].scalesWithShare {
            w *= min(1, Double(pct[t]) / max(parameters.equityFullPct, 0.0001))
        }
        // Former only once it has ended by the as-of date (a link that ended later was current then).
        if endDay[t] != Int32.max, Int(endDay[t]) <= asOfDay {
            let years = Double(asOfDay - Int(endDay[t])) / 365.25
            w *= 0.5 * pow(0.5, years / max(parameters.formerHalfLifeYears, 0.0001))
        }
        if hub[t] { w *= parameters.hubDiscount }
        return w
    }

    /// The named links of tie `t` read from `node` to `other[t]`, as they were at `asOfDay`
    /// (a link that ended after it was current then: no 曾 and no end date; nil: as stored).
    public func chain(from node: Int, tie t: Int, names: (Int) -> String, asOfDay: Int? = nil) -> [ChainLink] {
        let a = names(node), b = names(Int(other[t]))
        let v = via[t] >= 0 ? viaNames[Int(via[t])] : "?"
        // How a link that ended on `day` reads at the as-of date (曾 and its end, or nothing).
        func ending(_ day: Int32) -> (former: String, until: String) {
            let ended = day != Int32.max && asOfDay.map { Int(day) <= $0 } ?? (day != Int32.max)
            return ended ? ("曾", "（至\(LocalDate(dayNumber: Int(day)).iso)）") : ("", "")
        }
        let (former, until) = ending(endDay[t])
        // Through a person or holder: each company's link with its own end.
        let (formerA, untilA) = ending(nodeEnd[t]), (formerB, untilB) = ending(otherEnd[t])
        let share = pct[t] > 0 ? " \(formatPct(pct[t]))%" : ""
        switch kind[t] {
        case .commonController:
            // A tie of one holder's majority stakes (its smaller stake in `pct`) states what
            // the register shows, 控股: a holding company's own controller may be someone
            // else (the 实际控制人 the owners report names). 实际控制 is for the ties the
            // controller walk through holding companies made (no share).
            let relation = pct[t] > 0 ? "控股" : "实际控制"
            return [ChainLink(from: v, relation: "\(formerA)\(relation)\(untilA)", to: a), ChainLink(from: v, relation: "\(formerB)\(relation)\(untilB)", to: b)]
        case .equity:
            return outward[t] ? [ChainLink(from: a, relation: "\(former)持股\(share)\(until)", to: b)]
                              : [ChainLink(from: b, relation: "\(former)持股\(share)\(until)", to: a)]
        case .commonShareholder:
            // The tie's share is the holder's smaller stake (the weight scales with it: a 5%
            // minority stake is why such a tie is weak), written on the link of the company it
            // is held in; the larger stake is not kept in the network.
            let otherSmaller = reverse(of: t, from: node).map { outward[$0] } ?? !outward[t]
            return [ChainLink(from: v, relation: "\(formerA)持股\(outward[t] ? share : "")\(untilA)", to: a),
                    ChainLink(from: v, relation: "\(formerB)持股\(otherSmaller ? share : "")\(untilB)", to: b)]
        case .sharedLegalRep:
            return [ChainLink(from: v, relation: "\(formerA)任法定代表人\(untilA)", to: a), ChainLink(from: v, relation: "\(formerB)任法定代表人\(untilB)", to: b)]
        case .sharedExecutive:
            return [ChainLink(from: v, relation: "\(formerA)任董监高\(untilA)", to: a), ChainLink(from: v, relation: "\(formerB)任董监高\(untilB)", to: b)]
        case .sharedPhone:
            return [ChainLink(from: a, relation: "登记电话", to: v), ChainLink(from: b, relation: "登记电话", to: v)]
        case .sharedEmail:
            return [ChainLink(from: a, relation: "登记邮箱", to: v), ChainLink(from: b, relation: "登记邮箱", to: v)]
        case .sharedAddress:
            return [ChainLink(from: a, relation: "登记住所", to: v), ChainLink(from: b, relation: "登记住所", to: v)]
        case .branch:
            return outward[t] ? [ChainLink(from: a, relation: "设立分支机构", to: b)] : [ChainLink(from: b, relation: "设立分支机构", to: a)]
        }
    }

    /// The same tie stored from `other[t]` back to `node`. O(degree of `other[t]`).
    func reverse(of t: Int, from node: Int) -> Int? {
        ties(of: Int(other[t])).first { r in
            Int(other[r]) == node && kind[r] == kind[t] && via[r] == via[t] && endDay[r] == endDay[t] && startDay[r] == startDay[t]
        }
    }

    private func formatPct(_ value: Float) -> String {
        let rounded = (Double(value) * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// One named link of a chain: `from` —relation→ `to`.
public struct ChainLink: Sendable, Hashable {
    public var from: String
    public var relation: String
    public var to: String
    public init(from: String, relation: String, to: String) { self.from = from; self.relation = relation; self.to = to }
}
