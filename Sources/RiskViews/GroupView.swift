import RiskDomain
import RiskGraph

/// Renders `group A` results: the company group (系族).
public enum GroupView {
    /// How a member joined the group, or null for the company itself; `current` is false
    /// for a tie through a former link (with history).
    public static func via(_ member: GroupMember, namer: NodeNamer) -> JSONValue {
        guard member.from >= 0 || member.relation != "查询对象" else { return .null }
        return .object([("relation", .string(member.relation)), ("from", member.from >= 0 ? .string(namer.id(member.from)) : .null),
                        ("through", member.through >= 0 ? .string(namer.id(member.through)) : .null),
                        ("through_name", member.through >= 0 ? .string(namer.name(member.through)) : .null),
                        ("current", .bool(member.current))])
    }

    /// The relation as the table shows it: （历史） after a tie through a former link.
    static func relationText(_ member: GroupMember) -> String { member.relation + (member.current ? "" : "（历史）") }

    /// `{"controller", "size", "members", "regions", "truncated"}`. With a mask, hidden members
    /// keep their place as placeholders and the regions outside are summed into one entry
    /// whose code is the placeholder.
    public static func json(_ group: CompanyGroup, namer: NodeNamer) -> JSONValue {
        let graph = namer.graph
        var regions: [JSONValue] = []
        var outside = 0
        for region in group.regions {
            if let mask = namer.mask, !mask.allows(regionCode: region.code) { outside += region.count; continue }
            regions.append(.object([("code", .string(region.code)), ("count", .int(region.count))]))
        }
        if outside > 0 { regions.append(.object([("code", .string(NodeMask.placeholder)), ("count", .int(outside))])) }
        return .object([
            ("controller", group.controller.map { finding in
                namer.object(finding.node, [("id", .string(namer.id(finding.node))), ("name", .string(namer.name(finding.node))),
                                            ("kind", .string(graph.kind(finding.node).name)), ("reason", .string(namer.reason(finding)))])
            } ?? .null),
            ("size", .int(group.members.count)),
            ("members", .array(group.members.map { member in
                namer.object(member.node, [
                    ("id", .string(namer.id(member.node))), ("name", .string(namer.name(member.node))),
                    ("region_code", namer.hidden(member.node) ? .null : .optional(graph.regionCode(member.node))),
                    ("via", via(member, namer: namer))] + (member.from < 0 ? namer.matched(member.node) : []))
            })),
            ("regions", .array(regions)),
            ("truncated", .bool(group.truncated)),
        ])
    }

    /// The group in `format` (the CLI's output).
    /// `fuzzy`: the queried company when it was named by a fuzzy match (JSON `matched`).
    public static func render(_ group: CompanyGroup, graph: EntityGraph, format: RenderFormat, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        switch format {
        case .json:
            return json(group, namer: NodeNamer(graph: graph, fuzzyMatched: fuzzy, formerNameMatched: formerName)).serialized()
        case .csv:
            return CSVText.rows(["id", "name", "region_code", "relation", "from", "through", "current"], group.members.map { member in
                [graph.key(member.node), graph.name(member.node), graph.regionCode(member.node) ?? "", member.relation,
                 member.from >= 0 ? graph.key(member.from) : "", member.through >= 0 ? graph.key(member.through) : "",
                 member.current ? "true" : "false"]
            })
        case .table:
            var text = "实际控制人: " + (group.controller.map { "\(graph.label($0.node))  \($0.reason)" } ?? "无法确定") + "\n"
            text += "系族成员: \(group.members.count) 家，地区: " + group.regions.map { "\($0.code)×\($0.count)" }.joined(separator: " ") + "\n"
            text += TextTable.render(["ID", "名称", "地区", "关联", "经由"], group.members.map { member in
                [graph.key(member.node), graph.name(member.node), graph.regionCode(member.node) ?? "", relationText(member),
                 member.from < 0 ? "" : (member.through >= 0 ? "\(graph.name(member.through)) ← \(graph.name(member.from))" : graph.name(member.from))]
            })
            if group.truncated { text += "\n已达 --max-members 上限，结果截断" }
            return text
        }
    }
}
