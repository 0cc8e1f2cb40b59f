import ArgumentParser
import RiskDomain
import RiskGraph

/// `riskbrain links A`: the neighbourhood of an entity.
struct LinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "List an entity's neighbourhood: every node within N links, with its distance and the link it came by.",
        discussion: "Hubs (a mass-registration address, an agent on many boards) are listed but not expanded.")

    @Argument(help: "The entity: credit code, person id or name.") var entity: String
    @Option(help: "Links to follow from the entity.") var hops = 2
    @Option(help: "Link kinds to follow, comma separated: shareholding,officer,branch,phone,email,address (default all).")
    var kinds: String?
    @Option(name: .customLong("max-nodes"), help: "Stop after this many nodes.") var maxNodes = 500
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        if hops < 1 || hops > 10 { throw ValidationError("--hops must be between 1 and 10.") }
        if maxNodes < 1 { throw ValidationError("--max-nodes must be at least 1.") }
        _ = try parseEdgeKinds(kinds)
    }

    func run() throws {
        try runReportingErrors {
            let graph = try options.loadGraph()
            let centre = try resolveEntity(entity, in: graph)
            let filter = EdgeFilter(kinds: try parseEdgeKinds(kinds), includeHistory: options.includeHistory)
            let result = graph.neighbourhood(of: centre, hops: hops, filter: filter, maxNodes: maxNodes, scratch: GraphScratch(for: graph))
            printOut(Self.render(result, graph: graph, format: options.format))
        }
    }

    /// The nodes other than the centre, by distance then key.
    static func sortedNodes(_ result: Neighbourhood, graph: EntityGraph) -> [NeighbourNode] {
        result.nodes.dropFirst().sorted { $0.distance != $1.distance ? $0.distance < $1.distance : graph.key($0.node) < graph.key($1.node) }
    }

    static func via(_ item: NeighbourNode, graph: EntityGraph) -> (relation: String, detail: String, from: String, current: Bool) {
        let (relation, detail) = graph.relation(item.edge)
        return (relation, detail, graph.key(item.from), graph.isCurrent(item.edge))
    }

    static func render(_ result: Neighbourhood, graph: EntityGraph, format: OutputFormat) -> String {
        let centre = result.nodes[0].node
        let nodes = sortedNodes(result, graph: graph)
        let hubs = result.truncatedHubs.sorted { graph.key($0.node) < graph.key($1.node) }
        switch format {
        case .json:
            return JSONValue.object([
                ("center", graph.nodeJSON(centre)),
                ("nodes", .array(nodes.map { item in
                    let v = via(item, graph: graph)
                    return .object([("id", .string(graph.key(item.node))), ("name", .string(graph.name(item.node))),
                                    ("kind", .string(graph.kind(item.node).name)), ("distance", .int(item.distance)),
                                    ("via", .object([("relation", .string(v.relation)), ("detail", .string(v.detail)),
                                                     ("from", .string(v.from)), ("current", .bool(v.current))]))])
                })),
                ("truncated_hubs", .array(hubs.map { hub in
                    .object([("id", .string(graph.key(hub.node))), ("name", .string(graph.name(hub.node))),
                             ("kind", .string(graph.kind(hub.node).name)), ("degree", .int(hub.degree))])
                })),
                ("truncated", .bool(result.truncated)),
            ]).serialized()
        case .csv:
            return CSVText.rows(["id", "name", "kind", "distance", "relation", "detail", "from", "current"], nodes.map { item in
                let v = via(item, graph: graph)
                return [graph.key(item.node), graph.name(item.node), graph.kind(item.node).name, String(item.distance),
                        v.relation, v.detail, v.from, v.current ? "true" : "false"]
            })
        case .table:
            var text = "\(graph.label(centre)): \(nodes.count) 个关联节点\n"
            text += TextTable.render(["距离", "类型", "ID", "名称", "关系", "来自"], nodes.map { item in
                let v = via(item, graph: graph)
                return [String(item.distance), graph.kind(item.node).name, graph.key(item.node), graph.name(item.node),
                        ([v.relation, v.detail].filter { !$0.isEmpty }.joined(separator: " ")) + (v.current ? "" : "（已退出）"), v.from]
            })
            for hub in hubs { text += "\n枢纽未展开: \(graph.label(hub.node)) \(hub.degree) 条关联" }
            if result.truncated { text += "\n已达 --max-nodes 上限，结果截断" }
            return text
        }
    }
}
