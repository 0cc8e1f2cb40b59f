import RiskDomain
import RiskGraph

/// Renders `chain A B` results: the shortest chains of links between two entities.
public enum ChainView {
    /// One link as JSON: both ends, the relation, its direction and whether it is current.
    public static func linkJSON(_ link: ChainLink, namer: NodeNamer) -> JSONValue {
        let graph = namer.graph
        let (relation, detail) = graph.relation(link.edge)
        var fields: [(String, JSONValue)] = [
            ("from", .string(namer.id(link.from))), ("from_name", .string(namer.name(link.from))),
            ("relation", .string(relation)), ("detail", .string(detail)),
            ("to", .string(namer.id(link.to))), ("to_name", .string(namer.name(link.to))),
            ("direction", .string(link.forward ? "forward" : "backward")),
            ("current", .bool(graph.isCurrent(link.edge))),
        ]
        if namer.hidden(link.from) { fields.append(("from_outside", .bool(true))) }
        if namer.hidden(link.to) { fields.append(("to_outside", .bool(true))) }
        return .object(fields)
    }

    /// `A —股东 90%→ B ←法定代表人— C`.
    public static func text(_ chain: Chain, namer: NodeNamer) -> String {
        guard let first = chain.links.first else { return "" }
        let graph = namer.graph
        var out = namer.name(first.from)
        for link in chain.links {
            let label = graph.arrowLabel(link.edge) + (graph.isCurrent(link.edge) ? "" : "（已退出）")
            out += link.forward ? " —\(label)→ " : " ←\(label)— "
            out += namer.name(link.to)
        }
        return out
    }

    /// `{"from", "to", "chains": [{"hops", "text", "links"}]}`.
    public static func json(_ chains: [Chain], from a: Int32, to b: Int32, namer: NodeNamer) -> JSONValue {
        .object([
            ("from", namer.queriedJSON(a)), ("to", namer.queriedJSON(b)),
            ("chains", .array(chains.map { chain in
                .object([("hops", .int(chain.hops)), ("text", .string(text(chain, namer: namer))),
                         ("links", .array(chain.links.map { linkJSON($0, namer: namer) }))])
            })),
        ])
    }

    /// The chains in `format` (the CLI's output). `hubsSkipped`: no chain was found but one
    /// through a hub exists (the table says so and suggests `--through-hubs`); `fuzzy`: the
    /// ends named by a fuzzy match (JSON `matched`).
    public static func render(_ chains: [Chain], from a: Int32, to b: Int32, graph: EntityGraph, format: RenderFormat, maxHops: Int,
                              hubsSkipped: Bool = false, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        let namer = NodeNamer(graph: graph, fuzzyMatched: fuzzy, formerNameMatched: formerName)
        switch format {
        case .json:
            return json(chains, from: a, to: b, namer: namer).serialized()
        case .csv:
            var rows: [[String]] = []
            for (index, chain) in chains.enumerated() {
                for (step, link) in chain.links.enumerated() {
                    let (relation, detail) = graph.relation(link.edge)
                    rows.append([String(index + 1), String(chain.hops), String(step + 1), graph.key(link.from), graph.name(link.from),
                                 relation, detail, link.forward ? "forward" : "backward", graph.key(link.to), graph.name(link.to),
                                 graph.isCurrent(link.edge) ? "true" : "false"])
                }
            }
            return CSVText.rows(["chain", "hops", "step", "from", "from_name", "relation", "detail", "direction", "to", "to_name", "current"], rows)
        case .table:
            if chains.isEmpty {
                let none = "no chain of at most \(maxHops) links between \(graph.label(a)) and \(graph.label(b))"
                return hubsSkipped ? none + " that avoids hubs: chains through hubs were skipped (use --through-hubs to list them)" : none
            }
            var lines: [String] = []
            for (index, chain) in chains.enumerated() {
                lines.append("\(index + 1). [\(chain.hops) 跳] \(TextTable.singleLine(text(chain, namer: namer)))")
            }
            return lines.joined(separator: "\n")
        }
    }
}
