import RiskDomain
import RiskGraph

/// Renders `links A` results: the neighbourhood of an entity.
public enum LinksView {
    /// The nodes other than the centre, by distance then key.
    public static func sortedNodes(_ result: Neighbourhood, graph: EntityGraph) -> [NeighbourNode] {
        result.nodes.dropFirst().sorted { $0.distance != $1.distance ? $0.distance < $1.distance : graph.key($0.node) < graph.key($1.node) }
    }

    /// The link a node came by. `forward` (as in `chain`) when the edge points from the
    /// node it came from to this one (the centre holds it), else backward (it holds the centre).
    static func via(_ item: NeighbourNode, namer: NodeNamer) -> (relation: String, detail: String, from: String, current: Bool, forward: Bool) {
        let graph = namer.graph
        let (relation, detail) = graph.relation(item.edge)
        return (relation, detail, namer.id(item.from), graph.isCurrent(item.edge), graph.edgeSource(item.edge) == item.from)
    }

    /// The relation cell of the table, an arrow in `chain`'s notation read from the row's
    /// node (名称) to the node it came from (来自): `—股东 90%→` when the row holds it,
    /// `←股东 51%—` when it holds the row.
    static func relationText(_ item: NeighbourNode, graph: EntityGraph, forward: Bool) -> String {
        let (relation, detail) = graph.relation(item.edge)
        let label = [relation, detail].filter { !$0.isEmpty }.joined(separator: " ") + (graph.isCurrent(item.edge) ? "" : "（已退出）")
        return forward ? "←\(label)—" : "—\(label)→"
    }

    /// `{"center", "nodes": [{"id", "name", "kind", "distance", "via"}], "truncated_hubs", "truncated"}`.
    public static func json(_ result: Neighbourhood, namer: NodeNamer) -> JSONValue {
        let graph = namer.graph
        let nodes = sortedNodes(result, graph: graph)
        let hubs = result.truncatedHubs.sorted { graph.key($0.node) < graph.key($1.node) }
        return .object([
            ("center", namer.queriedJSON(result.nodes[0].node)),
            ("nodes", .array(nodes.map { item in
                let v = via(item, namer: namer)
                return namer.object(item.node, [
                    ("id", .string(namer.id(item.node))), ("name", .string(namer.name(item.node))),
                    ("kind", .string(graph.kind(item.node).name)), ("distance", .int(item.distance)),
                    ("via", .object([("relation", .string(v.relation)), ("detail", .string(v.detail)),
                                     ("from", .string(v.from)), ("direction", .string(v.forward ? "forward" : "backward")),
                                     ("current", .bool(v.current))]))])
            })),
            ("truncated_hubs", .array(hubs.map { hub in
                namer.object(hub.node, [("id", .string(namer.id(hub.node))), ("name", .string(namer.name(hub.node))),
                                        ("kind", .string(graph.kind(hub.node).name)), ("degree", .int(hub.degree))])
            })),
            ("truncated", .bool(result.truncated)),
        ])
    }

    /// The neighbourhood in `format` (the CLI's output).
    /// `fuzzy`: the centre when it was named by a fuzzy match (JSON `matched`).
    public static func render(_ result: Neighbourhood, graph: EntityGraph, format: RenderFormat, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        let namer = NodeNamer(graph: graph, fuzzyMatched: fuzzy, formerNameMatched: formerName)
        let centre = result.nodes[0].node
        let nodes = sortedNodes(result, graph: graph)
        let hubs = result.truncatedHubs.sorted { graph.key($0.node) < graph.key($1.node) }
        switch format {
        case .json:
            return json(result, namer: namer).serialized()
        case .csv:
            return CSVText.rows(["id", "name", "kind", "distance", "relation", "detail", "from", "direction", "current"], nodes.map { item in
                let v = via(item, namer: namer)
                return [graph.key(item.node), graph.name(item.node), graph.kind(item.node).name, String(item.distance),
                        v.relation, v.detail, v.from, v.forward ? "forward" : "backward", v.current ? "true" : "false"]
            })
        case .table:
            var text = "\(graph.label(centre)): \(nodes.count) 个关联节点\n"
            text += TextTable.render(["距离", "类型", "ID", "名称", "关系", "来自"], nodes.map { item in
                let v = via(item, namer: namer)
                return [String(item.distance), graph.kind(item.node).name, graph.key(item.node), graph.name(item.node),
                        relationText(item, graph: graph, forward: v.forward), v.from]
            })
            for hub in hubs { text += "\n枢纽未展开: \(graph.label(hub.node)) \(hub.degree) 条关联" }
            if result.truncated { text += "\n已达 --max-nodes 上限，结果截断" }
            return text
        }
    }
}
