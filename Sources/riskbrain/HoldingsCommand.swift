import ArgumentParser
import RiskDomain
import RiskGraph
import RiskViews

/// `riskbrain holdings X`: what a person or company holds, directly and indirectly.
struct HoldingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdings",
        abstract: "List what a person or company holds directly and indirectly, with integrated shares.")

    @Argument(help: "The holder: person id, credit code, holder id or name.") var holder: String
    @Option(name: .customLong("min-pct"), parsing: .unconditional, help: "List holdings whose integrated share (or its upper bound) is at least this percentage.")
    var minPct: Double = 0
    @Option(parsing: .unconditional, help: "Ownership levels to follow downwards.") var depth = 10
    @Option(name: .customLong("max-paths"), parsing: .unconditional, help: "Paths listed per holding at most.") var maxPaths = 10
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        try validateEntityArgument(holder, "<holder>")
        if depth < 1 || depth > 20 { throw ValidationError("--depth must be between 1 and 20.") }
        if !(0...100).contains(minPct) { throw ValidationError("--min-pct must be between 0 and 100.") }
        if maxPaths < 0 { throw ValidationError("--max-paths must not be negative.") }
    }

    func run() throws {
        try runReportingErrors {
            let (graph, resolver) = try options.loadGraphAndResolver()
            let resolved = try resolveEntity(holder, with: resolver, in: graph, format: options.format)
            let node = resolved.node
            var result = graph.equityPenetration(of: node, direction: .downstream, maxDepth: depth,
                                                 includeHistory: options.includeHistory, maxPathsPerEntry: maxPaths,
                                                 scratch: GraphScratch(for: graph))
            // With history: the holdings reached only through former links, to mark them.
            var former: Set<Int32>? = nil
            if options.includeHistory {
                let current = graph.equityPenetration(of: node, direction: .downstream, maxDepth: depth, includeHistory: false,
                                                      maxPathsPerEntry: maxPaths, scratch: GraphScratch(for: graph))
                let held = Set(current.entries.map(\.node))
                former = Set(result.entries.map(\.node).filter { !held.contains($0) })
                result = result.withCurrentShares(from: current)
            }
            printOut(Self.render(result, graph: graph, minPct: minPct, format: options.format, depth: depth, former: former,
                                 fuzzy: resolved.fuzzySet, formerName: resolved.formerNameSet))
        }
    }

    static func render(_ result: EquityPenetration, graph: EntityGraph, minPct: Double, format: OutputFormat, depth: Int,
                       former: Set<Int32>? = nil, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        HoldingsView.render(result, graph: graph, minPct: minPct, format: format.renderFormat, depth: depth, former: former, fuzzy: fuzzy, formerName: formerName)
    }
}
