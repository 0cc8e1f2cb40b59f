import RiskDomain
import RiskGraph

/// Renders `owners A` results: equity penetration, beneficial owners, actual controller.
public enum OwnersView {
    /// One upstream owner (or downstream holding) with its integrated share and paths.
    /// `current` (owners only): false for an owner that holds only through former links.
    public static func shareJSON(_ share: EquityShare, namer: NodeNamer, current: Bool? = nil) -> JSONValue {
        namer.object(share.node, [
            ("id", .string(namer.id(share.node))), ("name", .string(namer.name(share.node))),
            ("kind", .string(namer.graph.kind(share.node).name)),
            ("integrated_pct", pctJSON(share.integratedPct)), ("upper_pct", pctJSON(share.upperPct)),
            ("direct_pct", share.directPct.map(pctJSON) ?? .null), ("direct", .bool(share.isDirect)),
            ("unknown_links", .bool(share.hasUnknownLinks)), ("path_count", .int(share.pathCount)),
            ("paths", .array(share.paths.map { .array($0.map { .string(namer.id($0)) }) })),
        ] + (current.map { [("current", JSONValue.bool($0))] } ?? [])
          + (share.formerPaths.isEmpty ? [] : [("former_paths", JSONValue.array(share.formerPaths.map { .array($0.map { .string(namer.id($0)) }) }))]))
    }

    /// An owner's or holding's paths for CSV, `id>id>…` joined by `|`, former ones after
    /// the current ones with `former:` before them.
    public static func pathsCSV(_ share: EquityShare, graph: EntityGraph) -> String {
        (share.paths.map { $0.map { graph.key($0) }.joined(separator: ">") }
            + share.formerPaths.map { "former:" + $0.map { graph.key($0) }.joined(separator: ">") }).joined(separator: "|")
    }

    /// The same paths for a table, by names, former ones marked （历史）.
    public static func pathsTable(_ share: EquityShare, graph: EntityGraph) -> String {
        (share.paths.map { pathText($0, graph: graph) } + share.formerPaths.map { pathText($0, graph: graph) + "（历史）" }).joined(separator: "；")
    }

    /// `A → B → C` by names.
    public static func pathText(_ path: [Int32], graph: EntityGraph) -> String { path.map { graph.name($0) }.joined(separator: " → ") }

    /// The owners whose integrated share (or its upper bound) reaches `minPct`.
    public static func owners(_ report: OwnershipReport, minPct: Double) -> [EquityShare] {
        report.penetration.entries.filter { $0.upperPct >= minPct - EntityGraph.pctTolerance }
    }

    /// `{"company", "owners", "beneficial_owners", "actual_controller", "notes"}`.
    public static func json(_ report: OwnershipReport, minPct: Double, namer: NodeNamer) -> JSONValue {
        let graph = namer.graph
        return .object([
            ("company", .object([("id", .string(namer.id(report.company))), ("name", .string(namer.name(report.company)))]
                                + namer.matched(report.company))),
            ("owners", .array(owners(report, minPct: minPct).map {
                shareJSON($0, namer: namer, current: !report.formerOwners.contains($0.node))
            })),
            ("beneficial_owners", .array(report.beneficialOwners.map { owner in
                namer.object(owner.node, [("id", .string(namer.id(owner.node))), ("name", .string(namer.name(owner.node))),
                                          ("rule", .string(owner.rule)), ("basis", .string(owner.basis))])
            })),
            ("actual_controller", report.actualController.map { finding in
                namer.object(finding.node, [
                    ("id", .string(namer.id(finding.node))), ("name", .string(namer.name(finding.node))),
                    ("kind", .string(graph.kind(finding.node).name)), ("reason", .string(namer.reason(finding))),
                    ("chain", .array(finding.chain.map { .string(namer.id($0)) }))])
            } ?? .null),
            ("notes", .array(report.notes.map { .string(namer.text($0)) })),
        ])
    }

    /// What the CSV has no place for, as `note:` lines for standard error: the notes, and
    /// that no controller or beneficial owner could be found.
    public static func csvNotes(_ report: OwnershipReport) -> [String] {
        var lines = report.notes.map { "note: \($0)" }
        if report.beneficialOwners.isEmpty { lines.append("note: 受益所有人 无法识别") }
        if report.actualController == nil { lines.append("note: 实际控制人 无法确定") }
        return lines
    }

    /// The ownership report in `format` (the CLI's output).
    /// `fuzzy`: the queried company when it was named by a fuzzy match (JSON `matched`).
    public static func render(_ report: OwnershipReport, graph: EntityGraph, minPct: Double, format: RenderFormat,
                              fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        let owners = owners(report, minPct: minPct)
        switch format {
        case .json:
            return json(report, minPct: minPct, namer: NodeNamer(graph: graph, fuzzyMatched: fuzzy, formerNameMatched: formerName)).serialized()
        case .csv:
            // The beneficial owners and the controller are columns of their rows; one under
            // --min-pct gets its row all the same, and one who is no owner at all (a senior
            // manager) a row with empty shares. The notes go to standard error
            // (``csvNotes(_:)``). Found by review: the CSV carried neither, the answer the
            // command exists for.
            let beneficial = Dictionary(report.beneficialOwners.map { ($0.node, $0) }, uniquingKeysWith: { first, _ in first })
            let controller = report.actualController
            func roles(_ node: Int32) -> [String] {
                [beneficial[node]?.rule ?? "", beneficial[node]?.basis ?? "",
                 controller?.node == node ? controller?.reason ?? "" : ""]
            }
            func row(_ share: EquityShare) -> [String] {
                [graph.key(share.node), graph.name(share.node), graph.kind(share.node).name,
                 pctCSV(share.integratedPct), pctCSV(share.upperPct),
                 share.directPct.map(pctCSV) ?? "", share.isDirect ? "true" : "false", share.hasUnknownLinks ? "true" : "false",
                 String(share.pathCount),
                 pathsCSV(share, graph: graph),
                 report.formerOwners.contains(share.node) ? "false" : "true"] + roles(share.node)
            }
            var rows = owners.map(row)
            var extra = report.beneficialOwners.map(\.node)
            if let controller { extra.append(controller.node) }
            var seen = Set(owners.map(\.node))
            for node in extra where seen.insert(node).inserted {
                if let share = report.penetration.entries.first(where: { $0.node == node }) {
                    rows.append(row(share))
                } else {
                    rows.append([graph.key(node), graph.name(node), graph.kind(node).name, "", "", "", "false", "false", "0", "", "true"] + roles(node))
                }
            }
            return CSVText.rows(["id", "name", "kind", "integrated_pct", "upper_pct", "direct_pct", "direct", "unknown_links", "path_count", "paths",
                                 "current", "beneficial_owner", "beneficial_basis", "actual_controller"], rows)
        case .table:
            var text = "\(graph.label(report.company)) 股权穿透: \(owners.count) 个股东\n"
            text += TextTable.render(["合计持股", "上限", "直接", "类型", "ID", "名称", "路径"], owners.map { share in
                [EntityGraph.percentText(share.integratedPct), EntityGraph.percentText(share.upperPct),
                 share.directPct.map { EntityGraph.percentText($0) } ?? (share.isDirect ? "未知" : "-"),
                 graph.kind(share.node).name, graph.key(share.node),
                 graph.name(share.node) + (report.formerOwners.contains(share.node) ? "（历史）" : ""),
                 pathsTable(share, graph: graph)]
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
