import ArgumentParser
import RiskDomain
import RiskGraph

/// `riskbrain group A`: the company group (系族).
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Show a company's group (系族): companies under the same actual controller and those tied to them by shared officers or contact points.")

    @Argument(help: "The company: credit code or name.") var company: String
    @Option(name: .customLong("max-members"), help: "Stop after this many members.") var maxMembers = 1000
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        if maxMembers < 1 { throw ValidationError("--max-members must be at least 1.") }
    }

    func run() throws {
        try runReportingErrors {
            let graph = try options.loadGraph()
            let node = try resolveEntity(company, in: graph)
            guard graph.kind(node) == .company else { throw RuntimeError("\(graph.label(node)) is a \(graph.kind(node).name), not a company") }
            let group = graph.group(of: node, includeHistory: options.includeHistory, maxMembers: maxMembers, scratch: GraphScratch(for: graph))
            printOut(Self.render(group, graph: graph, format: options.format))
        }
    }

    static func via(_ member: GroupMember, graph: EntityGraph) -> JSONValue {
        guard member.from >= 0 else { return .null }
        return .object([("relation", .string(member.relation)), ("from", .string(graph.key(member.from))),
                        ("through", member.through >= 0 ? .string(graph.key(member.through)) : .null),
                        ("through_name", member.through >= 0 ? .string(graph.name(member.through)) : .null)])
    }

    static func render(_ group: CompanyGroup, graph: EntityGraph, format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object([
                ("controller", group.controller.map { finding in
                    .object([("id", .string(graph.key(finding.node))), ("name", .string(graph.name(finding.node))),
                             ("kind", .string(graph.kind(finding.node).name)), ("reason", .string(finding.reason))])
                } ?? .null),
                ("size", .int(group.members.count)),
                ("members", .array(group.members.map { member in
                    .object([("id", .string(graph.key(member.node))), ("name", .string(graph.name(member.node))),
                             ("region_code", .optional(graph.regionCode(member.node))), ("via", via(member, graph: graph))])
                })),
                ("regions", .array(group.regions.map { .object([("code", .string($0.code)), ("count", .int($0.count))]) })),
                ("truncated", .bool(group.truncated)),
            ]).serialized()
        case .csv:
            return CSVText.rows(["id", "name", "region_code", "relation", "from", "through"], group.members.map { member in
                [graph.key(member.node), graph.name(member.node), graph.regionCode(member.node) ?? "", member.relation,
                 member.from >= 0 ? graph.key(member.from) : "", member.through >= 0 ? graph.key(member.through) : ""]
            })
        case .table:
            var text = "实际控制人: " + (group.controller.map { "\(graph.label($0.node))  \($0.reason)" } ?? "无法确定") + "\n"
            text += "系族成员: \(group.members.count) 家，地区: " + group.regions.map { "\($0.code)×\($0.count)" }.joined(separator: " ") + "\n"
            text += TextTable.render(["ID", "名称", "地区", "关联", "经由"], group.members.map { member in
                [graph.key(member.node), graph.name(member.node), graph.regionCode(member.node) ?? "", member.relation,
                 member.from < 0 ? "" : (member.through >= 0 ? "\(graph.name(member.through)) ← \(graph.name(member.from))" : graph.name(member.from))]
            })
            if group.truncated { text += "\n已达 --max-members 上限，结果截断" }
            return text
        }
    }
}
