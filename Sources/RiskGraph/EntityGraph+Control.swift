import RiskDomain

/// The actual controller (实际控制人) of a company and why it was chosen.
public struct ControllerFinding: Sendable, Equatable {
    /// The controlling node (a person, an outside holder, or a company whose own control is unknown).
    public var node: Int32
    /// Why, in Chinese, e.g. `合计持股 60%，超过50%`.
    public var reason: String
    /// The control chain from the controller down to the company (controller first).
    public var chain: [Int32]
}

/// A beneficial owner (受益所有人) under the PBoC 2024 rules.
public struct BeneficialOwner: Sendable, Equatable {
    /// The natural person.
    public var node: Int32
    /// Which rule made them one: `ownership`, `control` or `senior_manager`.
    public var rule: String
    /// The basis in words, e.g. `合计持股 30%（≥25%）`.
    public var basis: String
}

/// Everything `owners` reports about one company.
public struct OwnershipReport: Sendable, Equatable {
    /// The company.
    public var company: Int32
    /// Every upstream owner with integrated shares and paths.
    public var penetration: EquityPenetration
    /// The beneficial owners.
    public var beneficialOwners: [BeneficialOwner]
    /// The actual controller, nil when none can be determined.
    public var actualController: ControllerFinding?
    /// Notes on cycles, depth limits, unknown links and self-holdings.
    public var notes: [String]
    /// With history: the owners that hold only through former links (none without history).
    public var formerOwners: Set<Int32> = []
}

extension EntityGraph {
    static let managementRoles: UInt8 = {
        var bits: UInt8 = 0
        for (index, role) in OfficerRole.allCases.enumerated()
        where [.legalRep, .chairman, .executiveDirector, .manager].contains(role) { bits |= 1 << UInt8(index) }
        return bits
    }()
    static let legalRepRoles: UInt8 = {
        var bits: UInt8 = 0
        for (index, role) in OfficerRole.allCases.enumerated()
        where [.legalRep, .executiveDirector, .chairman].contains(role) { bits |= 1 << UInt8(index) }
        return bits
    }()

    /// The officers of `company` whose role set meets `roleMask`, as (person, edge), in key order.
    public func officers(of company: Int32, roleMask: UInt8 = 0xFF, includeHistory: Bool = false) -> [(node: Int32, edge: Int32)] {
        let filter = EdgeFilter(kinds: [.officer], includeHistory: includeHistory)
        var list: [(Int32, Int32)] = []
        for p in inRange(company) {
            let e = Int(inEdge[p])
            if filter.admits(kind: edgeKinds[e], current: edgeCurrent[e] != 0), edgeRoles[e] & roleMask != 0 {
                list.append((edgeSources[e], Int32(e)))
            }
        }
        return list.sorted { key($0.0) < key($1.0) }
    }

    /// The actual controller of `company`:
    /// 1. a person or outside holder with more than 50% integrated ownership;
    /// 2. else the controller of a holding company with more than 50% (recursively; the
    ///    holding company itself when its own control cannot be determined);
    /// 3. else a legal representative / executive director / chairman who is also the
    ///    largest holder (integrated).
    /// Returns nil when none applies. Cycles are cut by a visited set. Percentages are
    /// compared with ``pctTolerance``.
    public func actualController(of company: Int32, includeHistory: Bool = false, scratch: GraphScratch) -> ControllerFinding? {
        var visited: Set<Int32> = []
        return controller(of: company, includeHistory: includeHistory, visited: &visited, scratch: scratch)
    }

    func controller(of company: Int32, includeHistory: Bool, visited: inout Set<Int32>, scratch: GraphScratch) -> ControllerFinding? {
        guard visited.insert(company).inserted else { return nil }
        let owners = equityPenetration(of: company, includeHistory: includeHistory, maxPathsPerEntry: 1, scratch: scratch).entries
        let majority = owners.filter { $0.integratedPct > 50 + Self.pctTolerance }
        if let top = majority.first(where: { kind($0.node) != .company }) {
            let path = top.paths.first ?? [top.node, company]
            return ControllerFinding(node: top.node, reason: "合计持股 \(Self.percentText(top.integratedPct))，超过50%", chain: path)
        }
        // A holder already on the search (a cross-holding cycle) is skipped: its answer would
        // come back as the company's own controller (公司1 controlled by 公司1).
        for holder in majority where kind(holder.node) == .company && !visited.contains(holder.node) {
            if let above = controller(of: holder.node, includeHistory: includeHistory, visited: &visited, scratch: scratch),
               above.node != company {
                return ControllerFinding(
                    node: above.node,
                    reason: "控制控股股东\(name(holder.node))（合计持股 \(Self.percentText(holder.integratedPct))），在该股东中：\(above.reason)",
                    chain: above.chain + Array((holder.paths.first ?? [holder.node, company]).dropFirst()))
            }
            return ControllerFinding(node: holder.node,
                                     reason: "控股股东，合计持股 \(Self.percentText(holder.integratedPct))（其自身实际控制人无法确定）",
                                     chain: holder.paths.first ?? [holder.node, company])
        }
        if let largest = owners.first, largest.integratedPct > Self.pctTolerance, kind(largest.node) == .person,
           owners.dropFirst().first.map({ $0.integratedPct < largest.integratedPct - Self.pctTolerance }) ?? true {
            let reps = officers(of: company, roleMask: Self.legalRepRoles, includeHistory: includeHistory)
            if let rep = reps.first(where: { $0.node == largest.node }) {
                let role = roles(rep.edge).first.map(\.chinese) ?? "法定代表人"
                return ControllerFinding(node: largest.node,
                                         reason: "\(role)兼第一大股东（合计持股 \(Self.percentText(largest.integratedPct))）",
                                         chain: [largest.node, company])
            }
        }
        return nil
    }

    /// `owners`: equity penetration upstream of `company`, its beneficial owners under the
    /// PBoC 2024 受益所有人 rules (natural persons with ≥ 25% integrated ownership, and the
    /// person with actual control; when there is none of either, the senior managers) and
    /// its actual controller.
    public func ownershipReport(of company: Int32, maxDepth: Int = 10, includeHistory: Bool = false,
                                maxPathsPerEntry: Int = 10, scratch: GraphScratch) -> OwnershipReport {
        let penetration = equityPenetration(of: company, maxDepth: maxDepth, includeHistory: includeHistory,
                                            maxPathsPerEntry: maxPathsPerEntry, scratch: scratch)
        // Beneficial owners and the controller are who owns and controls *now*: with history
        // the former holders are listed, marked, but never chosen (a 90% holder who left in
        // 2020 was named controller beside the current 55% one).
        let current = includeHistory
            ? equityPenetration(of: company, maxDepth: maxDepth, includeHistory: false, maxPathsPerEntry: maxPathsPerEntry, scratch: scratch)
            : penetration
        let controller = actualController(of: company, includeHistory: false, scratch: scratch)
        var beneficial: [BeneficialOwner] = current.entries
            .filter { kind($0.node) == .person && $0.integratedPct >= 25 - Self.pctTolerance }
            .map { BeneficialOwner(node: $0.node, rule: "ownership", basis: "合计持股 \(Self.percentText($0.integratedPct))（≥25%）") }
        // Art. 6 of the 2024 办法 lists its conditions as alternatives (符合下列条件之一): a
        // person who controls the company without 25% (第三项 虽未满足第一项标准，但…实际控制)
        // is a beneficial owner beside the ≥ 25% holders, not only when there are none.
        if let controller, kind(controller.node) == .person, !beneficial.contains(where: { $0.node == controller.node }) {
            beneficial.append(BeneficialOwner(node: controller.node, rule: "control", basis: "实际控制：\(controller.reason)"))
        }
        if beneficial.isEmpty {
            beneficial = officers(of: company, roleMask: Self.managementRoles, includeHistory: false)
                .filter { kind($0.node) == .person }
                .map { BeneficialOwner(node: $0.node, rule: "senior_manager", basis: "高级管理人员（\(roles($0.edge).map(\.chinese).joined(separator: "、"))）") }
        }
        var notes: [String] = []
        for node in penetration.cycleNodes {
            notes.append("交叉持股循环经过 \(name(node))（\(key(node))）：只计简单路径，循环部分截断")
        }
        if penetration.depthLimited { notes.append("穿透深度达到上限 \(maxDepth) 层，更上层股东未计入") }
        if penetration.stepLimited { notes.append("路径过多，穿透在步数上限处截断") }
        let unknown = penetration.entries.filter(\.hasUnknownLinks).count
        if unknown > 0 { notes.append("\(unknown) 个股东的部分路径持股比例未知：integrated_pct 只计已知比例，upper_pct 按100%估计上限") }
        // Dirty registry data can list holders whose stakes sum to more than 100% (the
        // exchange format allows it); the shares are computed as registered, not cut, so
        // say so rather than print 160% unexplained.
        // (Current stakes only: a former holder's stake beside its successor's is not dirt.)
        let directTotal = current.entries.compactMap(\.directPct).reduce(0, +)
        let over = 100 + Self.pctTolerance
        if directTotal > over || current.entries.contains(where: { $0.integratedPct > over }) {
            let overDirect = directTotal > over ? "直接股东登记持股合计 \(Self.percentText(directTotal))，" : ""
            notes.append("\(overDirect)登记持股比例合计超过100%：登记数据可能重复或有误，合计持股按登记比例计算，未作截断，请核实")
        }
        if let own = selfHoldings[company] { notes.append("公司持有自身股份 \(Self.percentText(own))（自持股），不作为股东计入") }
        let currentNodes = Set(current.entries.map(\.node))
        let former = Set(penetration.entries.map(\.node).filter { !currentNodes.contains($0) })
        if includeHistory { notes.append("含历史股东：受益所有人与实际控制人按现时股权与任职认定，历史股东仅列示（current=false）") }
        return OwnershipReport(company: company, penetration: penetration, beneficialOwners: beneficial,
                               actualController: controller, notes: notes, formerOwners: former)
    }
}
