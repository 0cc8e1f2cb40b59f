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
    /// 0. a branch (分公司) has no owners of its own: its head office's controller;
    /// 1. a holder with more than 50% of the votes, i.e. directly: a person or outside
    ///    holder is the controller; a holding company leads to its own controller
    ///    (recursively; the holding company itself when its own control cannot be
    ///    determined). Votes before economic interest: 经济人 with 49% directly and a 10%
    ///    minority in the 51% holder has 54.1% integrated but controls nothing, while the
    ///    90% owner of that holder controls it (found by review: `owners` named 经济人 while
    ///    the risk network, which follows direct majorities, named the other; one dossier
    ///    printed both);
    /// 2. else a person or outside holder with more than 50% integrated ownership (a 30%
    ///    stake plus 25% through a wholly owned company);
    /// 3. else the controller of a holding company with more than 50% integrated, as in 1;
    /// 4. else a legal representative / executive director / chairman who is also the
    ///    largest holder (integrated; the companies they majority-own are no rivals, and a
    ///    holder of unknown share that could hold more is one).
    /// Returns nil when none applies, and when control runs round a closed cross-holding
    /// ring with no outside majority holder (``controlIsCircular(of:includeHistory:scratch:)``): no ring
    /// member is named controller of a company it controls itself.
    /// Percentages are compared with ``pctTolerance``.
    public func actualController(of company: Int32, includeHistory: Bool = false, scratch: GraphScratch) -> ControllerFinding? {
        if case .found(let finding) = controlSearch(of: company, includeHistory: includeHistory, scratch: scratch) { return finding }
        return nil
    }

    /// True when `company`'s majority holders lead, holder by holder, back to `company`
    /// itself (a closed cross-holding ring such as 甲 → 乙 → 丙 → 甲, 80% each) and no one
    /// outside the ring holds a majority: the controller cannot be determined.
    public func controlIsCircular(of company: Int32, includeHistory: Bool = false, scratch: GraphScratch) -> Bool {
        if case .circular = controlSearch(of: company, includeHistory: includeHistory, scratch: scratch) { return true }
        return false
    }

    /// What the controller search found for one company.
    enum ControlSearch {
        case found(ControllerFinding)
        case undetermined
        /// The majority holders lead back onto the search: the companies on the search
        /// (below this one) the ring came back to.
        case circular(Set<Int32>)
    }

    func controlSearch(of company: Int32, includeHistory: Bool, scratch: GraphScratch) -> ControlSearch {
        var onSearch: [Int32] = []
        if let head = headOffice(of: company) {
            return branchControl(company, head: head, search: control(of: head, includeHistory: includeHistory, onSearch: &onSearch, scratch: scratch))
        }
        return control(of: company, includeHistory: includeHistory, onSearch: &onSearch, scratch: scratch)
    }

    /// The head office of a branch (the parent of its current 分支机构 link, followed up
    /// to a company that is no branch), nil for a company that is none. A parent loop in
    /// dirty data ends at the last company before the loop.
    public func headOffice(of company: Int32) -> Int32? {
        var seen: Set<Int32> = [company], head: Int32? = nil, node = company
        while let parent = inRange(node).lazy.map({ self.inEdge[$0] })
                .first(where: { self.edgeKind($0) == .branch && self.isCurrent($0) }).map({ self.edgeSource($0) }),
              seen.insert(parent).inserted {
            head = parent
            node = parent
        }
        return head
    }

    private func branchControl(_ branch: Int32, head: Int32, search: ControlSearch) -> ControlSearch {
        guard case .found(let above) = search else { return search }
        return .found(ControllerFinding(node: above.node, reason: "分支机构，总公司\(name(head))的实际控制人：\(above.reason)",
                                        chain: above.chain + [branch]))
    }

    /// Rules 1–3 for `company`, `onSearch` the companies whose search is under way (below it).
    /// - Complexity: one equity penetration per company on the search (majority holders only).
    func control(of company: Int32, includeHistory: Bool, onSearch: inout [Int32], scratch: GraphScratch) -> ControlSearch {
        onSearch.append(company)
        defer { onSearch.removeLast() }
        let owners = equityPenetration(of: company, includeHistory: includeHistory, maxPathsPerEntry: 1, scratch: scratch).entries
        // Rule 1: the direct majority holder (the largest of two in dirty data; a person or
        // outside holder before a company, then the smaller key, as the risk network takes it).
        let tolerance = Self.pctTolerance
        let byVotes = owners.filter { ($0.directPct ?? 0) > 50 + tolerance }.min { a, b in
            let da = a.directPct ?? 0, db = b.directPct ?? 0
            if abs(da - db) > tolerance { return da > db }
            let aCompany = kind(a.node) == .company, bCompany = kind(b.node) == .company
            if aCompany != bCompany { return bCompany }
            return key(a.node) < key(b.node)
        }
        let majority = byVotes.map { [$0] } ?? owners.filter { $0.integratedPct > 50 + tolerance }
        /// `合计持股 X%`, or `直接持股 D%（合计持股 X%）` when a direct majority is not the whole share.
        func share(_ entry: EquityShare) -> String {
            guard byVotes != nil, let direct = entry.directPct, abs(direct - entry.integratedPct) > tolerance else {
                return "合计持股 \(Self.percentText(entry.integratedPct))"
            }
            return "直接持股 \(Self.percentText(direct))（合计持股 \(Self.percentText(entry.integratedPct))）"
        }
        /// The person or outside holder with more than 50% integrated, and the finding that
        /// names them for it (rule 2; the shorter reason when the votes lead to them too).
        let integratedTop = owners.first { kind($0.node) != .company && $0.integratedPct > 50 + tolerance }
        func byShare(_ top: EquityShare) -> ControlSearch {
            .found(ControllerFinding(node: top.node, reason: "合计持股 \(Self.percentText(top.integratedPct))，超过50%",
                                     chain: top.paths.first ?? [top.node, company]))
        }
        if let top = majority.first(where: { kind($0.node) != .company }) { return byShare(top) }
        // A majority holder whose search comes back to this company is part of a closed
        // ring with it: it controls this company and this company controls it, so neither
        // is the other's controller (甲, 乙, 丙 each named the next one's controller).
        var ringBack: Set<Int32> = []
        for holder in majority where kind(holder.node) == .company {
            if onSearch.contains(holder.node) { ringBack.insert(holder.node); continue }
            let path = holder.paths.first ?? [holder.node, company]
            switch control(of: holder.node, includeHistory: includeHistory, onSearch: &onSearch, scratch: scratch) {
            case .found(let above):
                if let integratedTop, integratedTop.node == above.node { return byShare(integratedTop) }
                return .found(ControllerFinding(
                    node: above.node,
                    reason: "控制控股股东\(name(holder.node))（\(share(holder))），在该股东中：\(above.reason)",
                    chain: above.chain + Array(path.dropFirst())))
            case .circular(let back) where !back.isDisjoint(with: onSearch):
                // The ring came back to this company or one below it on the search: this
                // company is on the ring (a 60% ring's indirect shares fall under 50%, so the
                // search meets the ring below, not at this company; found by review).
                ringBack.formUnion(back)
            case .circular:
                return .found(ControllerFinding(
                    node: holder.node,
                    reason: "控股股东，\(share(holder))（其自身处于闭合交叉持股环中，无外部控股股东）",
                    chain: path))
            case .undetermined:
                return .found(ControllerFinding(
                    node: holder.node,
                    reason: "控股股东，\(share(holder))（其自身实际控制人无法确定）",
                    chain: path))
            }
        }
        // Every majority holder leads back onto the search.
        if !majority.isEmpty { ringBack.remove(company); return .circular(ringBack) }
        if let finding = legalRepresentativeControl(of: company, owners: owners, includeHistory: includeHistory, scratch: scratch) {
            return .found(finding)
        }
        return .undetermined
    }

    /// Rule 3: a legal representative, executive director or chairman of `company` who is a
    /// person and its largest holder by integrated share. A company the person holds more
    /// than 50% of is their own vehicle, not a rival: 法人 with 40% through 法代控股, wholly
    /// his, holds as much as 法代控股 itself and is still the largest holder.
    func legalRepresentativeControl(of company: Int32, owners: [EquityShare], includeHistory: Bool,
                                    scratch: GraphScratch) -> ControllerFinding? {
        for rep in officers(of: company, roleMask: Self.legalRepRoles, includeHistory: includeHistory) where kind(rep.node) == .person {
            guard let share = owners.first(where: { $0.node == rep.node }), share.integratedPct > Self.pctTolerance else { continue }
            // A holder whose share is unknown but could be as large is a rival too: 1% and a
            // holder of unknown share is no "largest holder" (found by review: a 1% legal
            // representative was named controller).
            let rivals = owners.filter { $0.node != rep.node && max($0.integratedPct, $0.upperPct) > share.integratedPct - Self.pctTolerance }
            guard rivals.allSatisfy({ kind($0.node) == .company && holdsMajority(rep.node, of: $0.node, includeHistory: includeHistory, scratch: scratch) })
            else { continue }
            let role = roles(rep.edge).first.map(\.chinese) ?? "法定代表人"
            return ControllerFinding(node: rep.node, reason: "\(role)兼第一大股东（合计持股 \(Self.percentText(share.integratedPct))）",
                                     chain: [rep.node, company])
        }
        return nil
    }

    /// True when `holder` holds more than 50% (integrated) of `company`.
    func holdsMajority(_ holder: Int32, of company: Int32, includeHistory: Bool, scratch: GraphScratch) -> Bool {
        equityPenetration(of: company, includeHistory: includeHistory, maxPathsPerEntry: 0, scratch: scratch).entries
            .contains { $0.node == holder && $0.integratedPct > 50 + Self.pctTolerance }
    }

    /// `owners`: equity penetration upstream of `company`, its beneficial owners under the
    /// PBoC 2024 受益所有人 rules (natural persons with ≥ 25% integrated ownership, and the
    /// person with actual control; when there is none of either, the senior managers) and
    /// its actual controller. `maxDepth` limits the listing only: the beneficial owners are
    /// classified on at least ``classificationDepth`` levels, as the controller is found.
    /// A branch (分公司) has no owners of its own: its beneficial owners and controller are
    /// its head office's, with a note.
    public func ownershipReport(of company: Int32, maxDepth: Int = 10, includeHistory: Bool = false,
                                maxPathsPerEntry: Int = 10, scratch: GraphScratch) -> OwnershipReport {
        var penetration = equityPenetration(of: company, maxDepth: maxDepth, includeHistory: includeHistory,
                                            maxPathsPerEntry: maxPathsPerEntry, scratch: scratch)
        // Beneficial owners and the controller are who owns and controls *now*: with history
        // the former holders are listed, marked, but never chosen (a 90% holder who left in
        // 2020 was named controller beside the current 55% one).
        let current = includeHistory
            ? equityPenetration(of: company, maxDepth: maxDepth, includeHistory: false, maxPathsPerEntry: maxPathsPerEntry, scratch: scratch)
            : penetration
        if includeHistory { penetration = penetration.withCurrentShares(from: current) }
        // With `--depth 2` a 100% owner three levels up was dropped from the ≥ 25% owners and
        // came back as `control` (the controller search always goes 10 levels deep).
        let classificationDepth = max(maxDepth, Self.classificationDepth)
        let classified = classificationDepth == maxDepth ? current
            : equityPenetration(of: company, maxDepth: classificationDepth, maxPathsPerEntry: 0, scratch: scratch)
        let search = controlSearch(of: company, includeHistory: false, scratch: scratch)
        var controller: ControllerFinding? = nil
        if case .found(let finding) = search { controller = finding }
        let head = headOffice(of: company)
        let beneficial = head.map { head in
            beneficialOwners(of: head, owners: equityPenetration(of: head, maxDepth: classificationDepth, maxPathsPerEntry: 0, scratch: scratch),
                             controller: controller)
        } ?? beneficialOwners(of: company, owners: classified, controller: controller)
        var notes: [String] = []
        if let head {
            notes.append("分支机构（分公司）不具有法人资格，没有自己的股东：受益所有人与实际控制人为总公司\(name(head))（\(key(head))）的受益所有人与实际控制人")
        }
        if case .circular = search {
            notes.append("控制关系循环：控股股东经闭合交叉持股环回到本公司，环外无控股股东，实际控制人无法确定")
        }
        notes += penetrationNotes(penetration, maxDepth: maxDepth)
        // Dirty registry data can list holders whose stakes sum to more than 100% (the
        // exchange format allows it); the shares are computed as registered, not cut, so
        // say so rather than print 160% unexplained.
        // (Current stakes only: a former holder's stake beside its successor's is not dirt.)
        let directTotal = current.entries.compactMap(\.directPct).reduce(0, +)
        let over = 100 + Self.pctTolerance
        if directTotal > over || classified.entries.contains(where: { $0.integratedPct > over }) {
            let overDirect = directTotal > over ? "直接股东登记持股合计 \(Self.percentText(directTotal))，" : ""
            notes.append("\(overDirect)登记持股比例合计超过100%：登记数据可能重复或有误，合计持股按登记比例计算，未作截断，请核实")
        }
        if let own = selfHoldings[company] { notes.append("公司持有自身股份 \(Self.percentText(own))（自持股），不作为股东计入") }
        let currentNodes = Set(current.entries.map(\.node))
        let former = Set(penetration.entries.map(\.node).filter { !currentNodes.contains($0) })
        if includeHistory { notes.append("含历史股东：受益所有人与实际控制人按现时股权与任职认定，历史股东仅列示（current=false）；现仍持股者的持股比例按现时股权计算，其历史持股路径另列并标注（历史）") }
        return OwnershipReport(company: company, penetration: penetration, beneficialOwners: beneficial,
                               actualController: controller, notes: notes, formerOwners: former)
    }

    /// The levels the beneficial owners are classified on at least (those of the controller search).
    public static let classificationDepth = 10

    /// The beneficial owners of `company` given its current `owners` and `controller`.
    func beneficialOwners(of company: Int32, owners: EquityPenetration, controller: ControllerFinding?) -> [BeneficialOwner] {
        var beneficial: [BeneficialOwner] = owners.entries
            .filter { kind($0.node) == .person && $0.integratedPct >= 25 - Self.pctTolerance }
            .map { BeneficialOwner(node: $0.node, rule: "ownership", basis: "合计持股 \(Self.percentText($0.integratedPct))（≥25%）") }
        // Art. 6 of the 2024 办法 lists its conditions as alternatives (符合下列条件之一): a
        // person who controls the company without 25% (第三项 虽未满足第一项标准，但…实际控制)
        // is a beneficial owner beside the ≥ 25% holders, not only when there are none.
        if let controller, kind(controller.node) == .person, !beneficial.contains(where: { $0.node == controller.node }) {
            beneficial.append(BeneficialOwner(node: controller.node, rule: "control", basis: "实际控制：\(controller.reason)"))
        }
        // A person whose known share is under 25% but whose unknown stakes could make it 25%
        // or more (a sole holder registered without a percentage) may be one: listed as
        // `possible_ownership`, to be verified, and the senior managers are not put in their
        // place (found by review: the legal representative was named, without a word, beside
        // a sole shareholder of unknown share).
        let known = Set(beneficial.map(\.node))
        for entry in owners.entries where kind(entry.node) == .person && entry.hasUnknownLinks && !known.contains(entry.node)
            && entry.upperPct >= 25 - Self.pctTolerance {
            beneficial.append(BeneficialOwner(
                node: entry.node, rule: "possible_ownership",
                basis: "持股比例部分未知（已知 \(Self.percentText(entry.integratedPct))，上限 \(Self.percentText(min(entry.upperPct, 100)))），可能≥25%，请核实"))
        }
        // Art. 6's fallback: when no person qualifies, 负责日常经营管理的人员 (those who run the
        // company day to day), not 高级管理人员, a Company Law term that a legal representative
        // need not meet (found by review: the basis called the legal representative so).
        if beneficial.isEmpty {
            beneficial = officers(of: company, roleMask: Self.managementRoles, includeHistory: false)
                .filter { kind($0.node) == .person }
                .map { BeneficialOwner(node: $0.node, rule: "senior_manager", basis: "负责日常经营管理的人员（\(roles($0.edge).map(\.chinese).joined(separator: "、"))）") }
        }
        return beneficial
    }

    /// Notes on the cycles, limits and unknown links of the listed penetration.
    func penetrationNotes(_ penetration: EquityPenetration, maxDepth: Int) -> [String] {
        var notes: [String] = []
        for node in penetration.cycleNodes {
            notes.append("交叉持股循环经过 \(name(node))（\(key(node))）：只计简单路径，循环部分截断")
        }
        if penetration.depthLimited { notes.append("穿透深度达到上限 \(maxDepth) 层，更上层股东未计入") }
        if penetration.stepLimited { notes.append("路径过多，穿透在步数上限处截断") }
        let unknown = penetration.entries.filter(\.hasUnknownLinks).count
        if unknown > 0 { notes.append("\(unknown) 个股东的部分路径持股比例未知：合计持股只计已知比例，上限按其余股东已登记持股之外的全部估计") }
        return notes
    }
}
