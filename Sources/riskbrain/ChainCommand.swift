import ArgumentParser
import RiskDomain
import RiskGraph

/// `riskbrain chain A B`: the shortest chains of links between two entities.
struct ChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Find the shortest chains of links between two entities, then the next shortest.",
        discussion: """
            A and B are credit codes, person ids or names. Chains are written as named links:
            杭州某某控股有限公司 —股东 90%→ 杭州某某网络科技有限公司 ←法定代表人— 张三
            """)

    @Argument(help: "The first entity: credit code, person id or name.") var from: String
    @Argument(help: "The second entity: credit code, person id or name.") var to: String
    @Option(name: .customLong("max-hops"), help: "Longest chain considered, in links.") var maxHops = 6
    @Option(help: "Link kinds to follow, comma separated: shareholding,officer,branch,phone,email,address (default all).")
    var kinds: String?
    @Option(help: "Chains to list at most (shortest first).") var limit = 5
    @Flag(name: .customLong("through-hubs"), help: "Also pass through hubs (mass-registration addresses, agents on many boards).")
    var throughHubs = false
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        if maxHops < 1 || maxHops > 12 { throw ValidationError("--max-hops must be between 1 and 12.") }
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
        _ = try parseEdgeKinds(kinds)
    }

    func run() throws {
        try runReportingErrors {
            let graph = try options.loadGraph()
            let resolver = EntityResolver(graph: graph)
            let a = try resolveEntity(from, with: resolver, in: graph), b = try resolveEntity(to, with: resolver, in: graph)
            let filter = EdgeFilter(kinds: try parseEdgeKinds(kinds), includeHistory: options.includeHistory)
            let chains = graph.shortestChains(from: a, to: b, maxHops: maxHops, filter: filter, limit: limit,
                                              throughHubs: throughHubs, scratch: GraphScratch(for: graph))
            printOut(Self.render(chains, from: a, to: b, graph: graph, format: options.format, maxHops: maxHops))
        }
    }

    static func linkJSON(_ link: ChainLink, graph: EntityGraph) -> JSONValue {
        let (relation, detail) = graph.relation(link.edge)
        return .object([
            ("from", .string(graph.key(link.from))), ("from_name", .string(graph.name(link.from))),
            ("relation", .string(relation)), ("detail", .string(detail)),
            ("to", .string(graph.key(link.to))), ("to_name", .string(graph.name(link.to))),
            ("direction", .string(link.forward ? "forward" : "backward")),
            ("current", .bool(graph.isCurrent(link.edge))),
        ])
    }

    /// `A —股东 90%→ B ←法定代表人— C`.
    static func text(_ chain: Chain, graph: EntityGraph) -> String {
        guard let first = chain.links.first else { return "" }
        var out = graph.name(first.from)
        for link in chain.links {
            let label = graph.arrowLabel(link.edge) + (graph.isCurrent(link.edge) ? "" : "（已退出）")
            out += link.forward ? " —\(label)→ " : " ←\(label)— "
            out += graph.name(link.to)
        }
        return out
    }

    static func render(_ chains: [Chain], from a: Int32, to b: Int32, graph: EntityGraph, format: OutputFormat, maxHops: Int) -> String {
        switch format {
        case .json:
            return JSONValue.object([
                ("from", graph.nodeJSON(a)), ("to", graph.nodeJSON(b)),
                ("chains", .array(chains.map { chain in
                    .object([("hops", .int(chain.hops)), ("text", .string(text(chain, graph: graph))),
                             ("links", .array(chain.links.map { linkJSON($0, graph: graph) }))])
                })),
            ]).serialized()
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
            if chains.isEmpty { return "no chain of at most \(maxHops) links between \(graph.label(a)) and \(graph.label(b))" }
            var lines: [String] = []
            for (index, chain) in chains.enumerated() {
                lines.append("\(index + 1). [\(chain.hops) 跳] \(text(chain, graph: graph))")
            }
            return lines.joined(separator: "\n")
        }
    }
}
