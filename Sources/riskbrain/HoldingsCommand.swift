import ArgumentParser
import RiskDomain
import RiskGraph

/// `riskbrain holdings X`: what a person or company holds, directly and indirectly.
struct HoldingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdings",
        abstract: "List what a person or company holds directly and indirectly, with integrated shares.")

    @Argument(help: "The holder: person id, credit code, holder id or name.") var holder: String
    @Option(name: .customLong("min-pct"), help: "List holdings whose integrated share (or its upper bound) is at least this percentage.")
    var minPct: Double = 0
    @Option(help: "Ownership levels to follow downwards.") var depth = 10
    @Option(name: .customLong("max-paths"), help: "Paths listed per holding at most.") var maxPaths = 10
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        if depth < 1 || depth > 20 { throw ValidationError("--depth must be between 1 and 20.") }
        if !(0...100).contains(minPct) { throw ValidationError("--min-pct must be between 0 and 100.") }
        if maxPaths < 0 { throw ValidationError("--max-paths must not be negative.") }
    }

    func run() throws {
        try runReportingErrors {
            let graph = try options.loadGraph()
            let node = try resolveEntity(holder, in: graph)
            let result = graph.equityPenetration(of: node, direction: .downstream, maxDepth: depth,
                                                 includeHistory: options.includeHistory, maxPathsPerEntry: maxPaths,
                                                 scratch: GraphScratch(for: graph))
            printOut(Self.render(result, graph: graph, minPct: minPct, format: options.format, depth: depth))
        }
    }

    static func render(_ result: EquityPenetration, graph: EntityGraph, minPct: Double, format: OutputFormat, depth: Int) -> String {
        let holdings = result.entries.filter { $0.upperPct >= minPct - 1e-9 }
        var notes: [String] = result.cycleNodes.map { "交叉持股循环经过 \(graph.label($0))：只计简单路径" }
        if result.depthLimited { notes.append("达到 \(depth) 层上限，更下层未计入") }
        if result.stepLimited { notes.append("路径过多，在步数上限处截断") }
        switch format {
        case .json:
            return JSONValue.object([
                ("holder", graph.nodeJSON(result.root)),
                ("holdings", .array(holdings.map { OwnersCommand.shareJSON($0, graph: graph) })),
                ("notes", .array(notes.map { .string($0) })),
            ]).serialized()
        case .csv:
            return CSVText.rows(["id", "name", "integrated_pct", "upper_pct", "direct_pct", "path_count"], holdings.map { share in
                [graph.key(share.node), graph.name(share.node),
                 JSONValue.format((share.integratedPct * 1_000_000).rounded() / 1_000_000),
                 JSONValue.format((share.upperPct * 1_000_000).rounded() / 1_000_000),
                 share.directPct.map { JSONValue.format($0) } ?? "", String(share.pathCount)]
            })
        case .table:
            var text = "\(graph.label(result.root)) 对外持股: \(holdings.count) 家\n"
            text += TextTable.render(["合计持股", "上限", "直接", "ID", "名称", "路径"], holdings.map { share in
                [EntityGraph.percentText(share.integratedPct), EntityGraph.percentText(share.upperPct),
                 share.directPct.map { EntityGraph.percentText($0) } ?? (share.isDirect ? "未知" : "-"),
                 graph.key(share.node), graph.name(share.node),
                 share.paths.map { OwnersCommand.pathText($0, graph: graph) }.joined(separator: "；")]
            })
            for note in notes { text += "\n注: \(note)" }
            return text
        }
    }
}
