import Foundation
import ArgumentParser
import RiskDomain
import RiskGraph
import RiskViews

/// `riskbrain owners A`: equity penetration (股权穿透), beneficial owners, actual controller.
struct OwnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owners",
        abstract: "Penetrate a company's equity: every upstream owner with its integrated share, the beneficial owners and the actual controller.",
        discussion: """
            Integrated share = the sum over all ownership paths of the product of the \
            percentages along the path (simple paths; cross-holding cycles are cut with a note). \
            Beneficial owners follow the PBoC 2024 受益所有人 rules, whose conditions are \
            alternatives: natural persons with ≥ 25% integrated ownership, and the person with \
            actual control; persons whose unknown stakes could make 25% are listed as possible \
            owners to verify; when there is none of these, the senior managers. The actual \
            controller: the direct majority holder followed up through holding companies; else \
            an owner with more than 50% integrated; else the legal representative who is the \
            largest holder.
            """)

    @Argument(help: "The company: credit code or name.") var company: String
    @Option(name: .customLong("min-pct"), parsing: .unconditional, help: "List owners whose integrated share (or its upper bound) is at least this percentage.")
    var minPct: Double = 0
    @Option(parsing: .unconditional, help: "Ownership levels to penetrate.") var depth = 10
    @Option(name: .customLong("max-paths"), parsing: .unconditional, help: "Contributing paths listed per owner at most.") var maxPaths = 10
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        try validateEntityArgument(company, "<company>")
        if depth < 1 || depth > 20 { throw ValidationError("--depth must be between 1 and 20.") }
        if !(0...100).contains(minPct) { throw ValidationError("--min-pct must be between 0 and 100.") }
        if maxPaths < 0 { throw ValidationError("--max-paths must not be negative.") }
    }

    func run() throws {
        try runReportingErrors {
            let (graph, resolver) = try options.loadGraphAndResolver()
            let resolved = try resolveEntity(company, with: resolver, in: graph, format: options.format, companiesOnly: true)
            let node = resolved.node
            guard graph.kind(node) == .company else { throw RuntimeError("\(graph.label(node)) is \(graph.kind(node).nameWithArticle), not a company: use `riskbrain holdings` for what it holds") }
            let report = graph.ownershipReport(of: node, maxDepth: depth, includeHistory: options.includeHistory,
                                               maxPathsPerEntry: maxPaths, scratch: GraphScratch(for: graph))
            printOut(Self.render(report, graph: graph, minPct: minPct, format: options.format, fuzzy: resolved.fuzzySet, formerName: resolved.formerNameSet))
            if options.format == .csv {
                let notes = OwnersView.csvNotes(report).map { SingleLine.text($0) + "\n" }.joined()
                FileHandle.standardError.write(Data(notes.utf8))
            }
        }
    }

    static func render(_ report: OwnershipReport, graph: EntityGraph, minPct: Double, format: OutputFormat, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        OwnersView.render(report, graph: graph, minPct: minPct, format: format.renderFormat, fuzzy: fuzzy, formerName: formerName)
    }
}
