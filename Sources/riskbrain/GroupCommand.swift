import Foundation
import ArgumentParser
import RiskDomain
import RiskGraph
import RiskViews

/// `riskbrain group A`: the company group (系族).
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Show a company's group (系族): companies under the same actual controller and those tied to them by shared officers or contact points.")

    @Argument(help: "The company: credit code or name.") var company: String
    @Option(name: .customLong("max-members"), parsing: .unconditional, help: "Stop after this many members.") var maxMembers = 1000
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        try validateEntityArgument(company, "<company>")
        if maxMembers < 1 { throw ValidationError("--max-members must be at least 1.") }
    }

    func run() throws {
        try runReportingErrors {
            let (graph, resolver) = try options.loadGraphAndResolver()
            let resolved = try resolveEntity(company, with: resolver, in: graph, format: options.format, companiesOnly: true)
            let node = resolved.node
            guard graph.kind(node) == .company else { throw RuntimeError("\(graph.label(node)) is \(graph.kind(node).nameWithArticle), not a company") }
            let group = graph.group(of: node, includeHistory: options.includeHistory, maxMembers: maxMembers, scratch: GraphScratch(for: graph))
            printOut(Self.render(group, graph: graph, format: options.format, fuzzy: resolved.fuzzySet, formerName: resolved.formerNameSet))
            // CSV has no place for the cut (the table and JSON say it; found by review).
            if options.format == .csv, group.truncated {
                FileHandle.standardError.write(Data("warning: the group was cut at --max-members \(maxMembers)\n".utf8))
            }
        }
    }

    static func render(_ group: CompanyGroup, graph: EntityGraph, format: OutputFormat, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        GroupView.render(group, graph: graph, format: format.renderFormat, fuzzy: fuzzy, formerName: formerName)
    }
}
