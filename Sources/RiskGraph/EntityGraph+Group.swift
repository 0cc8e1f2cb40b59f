/// A member of a company group and the link that brought it in.
public struct GroupMember: Sendable, Equatable {
    /// The company.
    public var node: Int32
    /// How it joined, e.g. `查询对象`, `同一实际控制人`, `共同高管`, `同电话`.
    public var relation: String
    /// The member (or controller) it is tied to, -1 for the queried company.
    public var from: Int32
    /// The person or contact node the tie goes through, -1 when direct.
    public var through: Int32
    /// False when the tie goes through a former link (with history: an officer who left).
    public var current: Bool

    public init(node: Int32, relation: String, from: Int32, through: Int32, current: Bool = true) {
        self.node = node; self.relation = relation; self.from = from; self.through = through; self.current = current
    }
}

/// A company group (系族).
public struct CompanyGroup: Sendable, Equatable {
    /// The common actual controller, nil when none could be determined.
    public var controller: ControllerFinding?
    /// The queried company first, then companies under the same controller, then those tied
    /// to them by shared officers or contact points (each group in key order).
    public var members: [GroupMember]
    /// Region codes spanned with their member counts, by code.
    public var regions: [(code: String, count: Int)]
    /// True when `maxMembers` stopped the collection.
    public var truncated: Bool

    public static func == (lhs: CompanyGroup, rhs: CompanyGroup) -> Bool {
        lhs.controller == rhs.controller && lhs.members == rhs.members && lhs.truncated == rhs.truncated
            && lhs.regions.map(\.code) == rhs.regions.map(\.code) && lhs.regions.map(\.count) == rhs.regions.map(\.count)
    }
}

extension EntityGraph {
    /// The group (系族) of `company`: the companies with the same actual controller (found
    /// among what the controller holds or manages, each confirmed by
    /// ``actualController(of:includeHistory:scratch:)``), the branches (分支机构) and head
    /// offices of those, then the companies tied to all of them by a shared officer or a
    /// shared phone, e-mail or address (one step; hubs are not followed; a tie through a
    /// former link, with history, is marked not current). A branch's controller is its
    /// head office's, so its group is its head office's.
    /// - Complexity: O(candidates × cost of one controller search) + O(ties).
    public func group(of company: Int32, includeHistory: Bool = false, maxMembers: Int = 1000,
                      scratch: GraphScratch) -> CompanyGroup {
        // The controller is who controls now, as in `owners`: history only widens the listing
        // (a former 90% holder was chosen as the group's controller).
        let controller = actualController(of: company, includeHistory: false, scratch: scratch)
        var members: [GroupMember] = [GroupMember(node: company, relation: "查询对象", from: -1, through: -1)]
        var inGroup: Set<Int32> = [company]
        var truncated = false
        // A company nobody controls that controls others heads their group: asked for, it
        // lists them as its subsidiaries' groups list it (found by review: 1 member).
        if controller == nil, kind(company) == .company, headOffice(of: company) == nil {
            let held = equityPenetration(of: company, direction: .downstream, maxPathsPerEntry: 0, scratch: scratch)
            var core: [GroupMember] = []
            for entry in held.entries.sorted(by: { key($0.node) < key($1.node) })
            where kind(entry.node) == .company && !inGroup.contains(entry.node) {   // also through a chain (60% of 60%)
                if inGroup.count >= maxMembers { truncated = true; break }
                if actualController(of: entry.node, includeHistory: false, scratch: scratch)?.node == company {
                    inGroup.insert(entry.node)
                    core.append(GroupMember(node: entry.node, relation: "受查询对象控制", from: company, through: -1))
                }
            }
            members += core
        }
        if let controller {
            var candidates: Set<Int32> = []
            if kind(controller.node) == .company { candidates.insert(controller.node) }
            let held = equityPenetration(of: controller.node, direction: .downstream, includeHistory: includeHistory,
                                         maxPathsPerEntry: 0, scratch: scratch)
            for entry in held.entries where kind(entry.node) == .company { candidates.insert(entry.node) }
            let officerFilter = EdgeFilter(kinds: [.officer], includeHistory: includeHistory)
            for e in outRange(controller.node) where officerFilter.admits(kind: edgeKinds[e], current: edgeCurrent[e] != 0) {
                candidates.insert(edgeTargets[e])
            }
            var core: [GroupMember] = []
            for candidate in candidates.sorted(by: { key($0) < key($1) }) where !inGroup.contains(candidate) {
                if inGroup.count >= maxMembers { truncated = true; break }
                if candidate == controller.node {
                    // The controlling company itself is the group's head, not a company
                    // "under the same controller" by way of itself (found by review).
                    inGroup.insert(candidate)
                    core.append(GroupMember(node: candidate, relation: "实际控制人本身", from: -1, through: -1))
                } else if actualController(of: candidate, includeHistory: false, scratch: scratch)?.node == controller.node {
                    inGroup.insert(candidate)
                    core.append(GroupMember(node: candidate, relation: "同一实际控制人", from: controller.node, through: -1))
                }
            }
            members += core
        }
        truncated = addBranches(to: &members, inGroup: &inGroup, includeHistory: includeHistory, maxMembers: maxMembers) || truncated
        let tied = ties(of: members, inGroup: &inGroup, includeHistory: includeHistory, maxMembers: maxMembers, truncated: &truncated)
        members += tied
        var regionCounts: [String: Int] = [:]
        for member in members { if let code = regionCode(member.node) { regionCounts[code, default: 0] += 1 } }
        return CompanyGroup(controller: controller, members: members,
                            regions: regionCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, truncated: truncated)
    }

    /// Appends the branches (分支机构) of every member and the head office (总公司) of every
    /// member that is a branch, and theirs in turn: a branch has no legal personality and
    /// belongs to its head office's group. Returns true when `maxMembers` stopped it.
    func addBranches(to members: inout [GroupMember], inGroup: inout Set<Int32>, includeHistory: Bool, maxMembers: Int) -> Bool {
        let filter = EdgeFilter(kinds: [.branch], includeHistory: includeHistory)
        var index = 0
        while index < members.count {
            let member = members[index].node
            index += 1
            var found: [GroupMember] = []
            forEachNeighbour(of: member, filter: filter) { other, edge, outgoing in
                guard kind(other) == .company, !inGroup.contains(other) else { return }
                found.append(GroupMember(node: other, relation: outgoing ? "分支机构" : "总公司", from: member, through: -1,
                                         current: isCurrent(edge)))
            }
            for branch in found.sorted(by: { key($0.node) < key($1.node) }) where !inGroup.contains(branch.node) {
                if inGroup.count >= maxMembers { return true }
                inGroup.insert(branch.node)
                members.append(branch)
            }
        }
        return false
    }

    /// One step of ties from every member: companies sharing an officer, phone, e-mail or
    /// address with one, in key order. A company tied both through a current and a former
    /// link (with history) is marked by the current one.
    func ties(of members: [GroupMember], inGroup: inout Set<Int32>, includeHistory: Bool, maxMembers: Int,
              truncated: inout Bool) -> [GroupMember] {
        let tieFilter = EdgeFilter(kinds: [.officer, .phone, .email, .address], includeHistory: includeHistory)
        var ties: [GroupMember] = []
        var tieIndex: [Int32: Int] = [:]
        for member in members {
            forEachNeighbour(of: member.node, filter: tieFilter) { via, first, _ in
                if isHub(via, filter: tieFilter) || kind(via) == .company { return }
                let relation: String
                switch kind(via) {
                case .person: relation = "共同高管"
                case .phone: relation = "同电话"
                case .email: relation = "同邮箱"
                case .address: relation = "同地址"
                default: return
                }
                forEachNeighbour(of: via, filter: tieFilter) { other, second, _ in
                    guard kind(other) == .company else { return }
                    let tie = GroupMember(node: other, relation: relation, from: member.node, through: via,
                                          current: isCurrent(first) && isCurrent(second))
                    if let at = tieIndex[other] {
                        if tie.current && !ties[at].current { ties[at] = tie }
                        return
                    }
                    guard !inGroup.contains(other) else { return }
                    if inGroup.count >= maxMembers { truncated = true; return }
                    inGroup.insert(other)
                    tieIndex[other] = ties.count
                    ties.append(tie)
                }
            }
        }
        return ties.sorted { key($0.node) < key($1.node) }
    }
}
