import ArgumentParser
import RiskDomain
import RiskGraph

/// `riskbrain owners A`: equity penetration (股权穿透), beneficial owners, actual controller.
struct OwnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owners",
        abstract: "Penetrate a company's equity: every upstream owner with its integrated share, the beneficial owners and the actual controller.",
        discussion: """
            Integrated share = the sum over all ownership paths of the product of the
            percentages along the path (simple paths; cross-holding cycles are cut with a note).
            Beneficial owners follow the PBoC 2024 受益所有人 rules: natural persons with ≥ 25%
            integrated ownership; else those with actual control; else the senior managers.
            """)

    @Argument(help: "The company: credit code or name.") var company: String
    @Option(name: .customLong("min-pct"), help: "List owners whose integrated share (or its upper bound) is at least this percentage.")
    var minPct: Double = 0
    @Option(help: "Ownership levels to penetrate.") var depth = 10
    @Option(name: .customLong("max-paths"), help: "Contributing paths listed per owner at most.") var maxPaths = 10
    @OptionGroup var options: GraphQueryOptions

    func validate() throws {
        if depth < 1 || depth > 20 { throw ValidationError("--depth must be between 1 and 20.") }
        if !(0...100).contains(minPct) { throw ValidationError("--min-pct must be between 0 and 100.") }
        if maxPaths < 0 { throw ValidationError("--max-paths must not be negative.") }
    }

    func run() throws {
        try runReportingErrors {
            let graph = try options.loadGraph()
            let node = try resolveEntity(company, in: graph)
            guard graph.kind(node) == .company else { throw RuntimeError("\(graph.label(node)) is a \(graph.kind(node).name), not a company: use `riskbrain holdings` for what it holds") }
            let report = graph.ownershipReport(of: node, maxDepth: depth, includeHistory: options.includeHistory,
                                               maxPathsPerEntry: maxPaths, scratch: GraphScratch(for: graph))
            printOut(Self.render(report, graph: graph, minPct: minPct, format: options.format))
        }
    }

    static func shareJSON(_ share: EquityShare, graph: EntityGraph) -> JSONValue {
        .object([
            ("id", .string(graph.key(share.node))), ("name", .string(graph.name(share.node))),
            ("kind", .string(graph.kind(share.node).name)),
            ("integrated_pct", pctJSON(share.integratedPct)), ("upper_pct", pctJSON(share.upperPct)),
            ("direct_pct", share.directPct.map(pctJSON) ?? .null), ("direct", .bool(share.isDirect)),
            ("unknown_links", .bool(share.hasUnknownLinks)), ("path_count", .int(share.pathCount)),
            ("paths", .array(share.paths.map { .array($0.map { .string(graph.key($0)) }) })),
        ])
    }

    static func pathText(_ path: [Int32], graph: EntityGraph) -> String { path.map { graph.name($0) }.joined(separator: " → ") }

    static func render(_ report: OwnershipReport, graph: EntityGraph, minPct: Double, format: OutputFormat) -> String {
        let owners = report.penetration.entries.filter { $0.upperPct >= minPct - 1e-9 }
        switch format {
        case .json:
            return JSONValue.object([
                ("company", .object([("id", .string(graph.key(report.company))), ("name", .string(graph.name(report.company)))])),
                ("owners", .array(owners.map { shareJSON($0, graph: graph) })),
                ("beneficial_owners", .array(report.beneficialOwners.map { owner in
                    .object([("id", .string(graph.key(owner.node))), ("name", .string(graph.name(owner.node))),
                             ("rule", .string(owner.rule)), ("basis", .string(owner.basis))])
                })),
                ("actual_controller", report.actualController.map { finding in
                    .object([("id", .string(graph.key(finding.node))), ("name", .string(graph.name(finding.node))),
                             ("kind", .string(graph.kind(finding.node).name)), ("reason", .string(finding.reason)),
                             ("chain", .array(finding.chain.map { .string(graph.key($0)) }))])
                } ?? .null),
                ("notes", .array(report.notes.map { .string($0) })),
            ]).serialized()
        case .csv:
            return CSVText.rows(["id", "name", "kind", "integrated_pct", "upper_pct", "direct_pct", "path_count", "paths"], owners.map { share in
                [graph.key(share.node), graph.name(share.node), graph.kind(share.node).name,
                 JSONValue.format((share.integratedPct * 1_000_000).rounded() / 1_000_000),
                 JSONValue.format((share.upperPct * 1_000_000).rounded() / 1_000_000),
                 share.directPct.map { JSONValue.format($0) } ?? "", String(share.pathCount),
                 share.paths.map { $0.map { graph.key($0) }.joined(separator: ">") }.joined(separator: "|")]
            })
        case .table:
            var text = "\(graph.label(report.company)) 股权穿透: \(owners.count) 个股东\n"
            text += TextTable.render(["合计持股", "上限", "直接", "类型", "ID", "名称", "路径"], owners.map { share in
                [EntityGraph.percentText(share.integratedPct), EntityGraph.percentText(share.upperPct),
                 share.directPct.map { EntityGraph.percentText($0) } ?? (share.isDirect ? "未知" : "-"),
                 graph.kind(share.node).name, graph.key(share.node), graph.name(share.node),
                 share.paths.map { pathText($0, graph: graph) }.joined(separator: "；")]
            })
            text += "\n\n受益所有人:"
            if report.beneficialOwners.isEmpty { text += " 无法识别" }
            for owner in report.beneficialOwners { text += "\n  \(graph.label(owner.node))  \(owner.basis)" }
            text += "\n实际控制人: " + (report.actualController.map { "\(graph.label($0.node))  \($0.reason)" } ?? "无法确定")
            for note in report.notes { text += "\n注: \(note)" }
            return text
        }
    }
}
