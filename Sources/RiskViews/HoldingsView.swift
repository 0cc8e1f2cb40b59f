import RiskDomain
import RiskGraph

/// Renders `holdings X` results: what a person or company holds, directly and indirectly.
public enum HoldingsView {
    /// Notes on cycles and limits reached.
    public static func notes(_ result: EquityPenetration, graph: EntityGraph, depth: Int) -> [String] {
        var notes: [String] = result.cycleNodes.map { "交叉持股循环经过 \(graph.label($0))：只计简单路径" }
        if result.depthLimited { notes.append("达到 \(depth) 层上限，更下层未计入") }
        if result.stepLimited { notes.append("路径过多，在步数上限处截断") }
        return notes
    }

    /// `{"holder", "holdings", "notes"}`. `former`: with history, the companies held only
    /// through former links (each holding then carries `current`).
    public static func json(_ result: EquityPenetration, minPct: Double, depth: Int, namer: NodeNamer,
                            former: Set<Int32>? = nil) -> JSONValue {
        let holdings = result.entries.filter { $0.upperPct >= minPct - EntityGraph.pctTolerance }
        return .object([
            ("holder", namer.queriedJSON(result.root)),
            ("holdings", .array(holdings.map { share in
                OwnersView.shareJSON(share, namer: namer, current: former.map { !$0.contains(share.node) })
            })),
            ("notes", .array(notes(result, graph: namer.graph, depth: depth).map { .string(namer.text($0)) })),
        ])
    }

    /// The holdings in `format` (the CLI's output).
    /// `former` (with history): the companies held only through former links, marked in
    /// every format (JSON `current`, a CSV column `current`, （历史） in the table).
    /// `fuzzy`: the holder when it was named by a fuzzy match (JSON `matched`).
    public static func render(_ result: EquityPenetration, graph: EntityGraph, minPct: Double, format: RenderFormat, depth: Int,
                              former: Set<Int32>? = nil, fuzzy: Set<Int32> = [], formerName: Set<Int32> = []) -> String {
        let holdings = result.entries.filter { $0.upperPct >= minPct - EntityGraph.pctTolerance }
        let notes = notes(result, graph: graph, depth: depth)
        switch format {
        case .json:
            return json(result, minPct: minPct, depth: depth, namer: NodeNamer(graph: graph, fuzzyMatched: fuzzy, formerNameMatched: formerName), former: former).serialized()
        case .csv:
            // The owners CSV's share columns (found by review: `kind` and `paths` were missing,
            // then `direct` and `unknown_links`, which tell an unknown direct stake from none).
            return CSVText.rows(["id", "name", "kind", "integrated_pct", "upper_pct", "direct_pct", "direct", "unknown_links", "path_count", "paths", "current"],
                                holdings.map { share in
                [graph.key(share.node), graph.name(share.node), graph.kind(share.node).name,
                 pctCSV(share.integratedPct),
                 pctCSV(share.upperPct),
                 share.directPct.map(pctCSV) ?? "", share.isDirect ? "true" : "false", share.hasUnknownLinks ? "true" : "false",
                 String(share.pathCount),
                 OwnersView.pathsCSV(share, graph: graph)]
                    + [former?.contains(share.node) == true ? "false" : "true"]
            })
        case .table:
            var text = "\(graph.label(result.root)) 对外持股: \(holdings.count) 家\n"
            text += TextTable.render(["合计持股", "上限", "直接", "ID", "名称", "路径"], holdings.map { share in
                [EntityGraph.percentText(share.integratedPct), EntityGraph.percentText(share.upperPct),
                 share.directPct.map { EntityGraph.percentText($0) } ?? (share.isDirect ? "未知" : "-"),
                 graph.key(share.node), graph.name(share.node) + (former?.contains(share.node) == true ? "（历史）" : ""),
                 OwnersView.pathsTable(share, graph: graph)]
            })
            for note in notes { text += "\n注: \(note)" }
            return text
        }
    }
}
