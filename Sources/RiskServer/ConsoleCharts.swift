import Foundation
import RiskGraph
import RiskScoring
import RiskViews

/// Inline SVG and HTML drawings of the console's company page: dimension bars, the
/// equity tree (owners above the company) and the link diagram (rings by distance).
///
/// RiskReports' own charts are internal to that module, so the console draws these simpler
/// versions with the same colours (high #c0392b, medium #e67e22).
enum ConsoleCharts {
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Four horizontal bars on a 0–100 scale.
    static func dimensionBars(_ dimensions: [Double]) -> String {
        let rowHeight = 28.0, labelWidth = 210.0, barWidth = 300.0
        let height = rowHeight * Double(RiskModel.Dimension.allCases.count) + 8
        var svg = "<svg class=\"chart bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"\(Int(height))\" viewBox=\"0 0 600 \(Int(height))\" role=\"img\" aria-label=\"分项得分 (dimension scores)\">"
        for (row, dimension) in RiskModel.Dimension.allCases.enumerated() {
            let y = 4 + Double(row) * rowHeight
            let value = max(0, min(100, dimension.index < dimensions.count ? dimensions[dimension.index] : 0))
            let colour = value >= 70 ? "#c0392b" : value >= 40 ? "#e67e22" : "#5b84b1"
            svg += "<text x=\"0\" y=\"\(number(y + 17))\" font-size=\"12\">\(HTMLText.escape(dimension.chinese)) (\(dimension.rawValue))</text>"
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 5))\" width=\"\(number(barWidth))\" height=\"16\" fill=\"#eef2f6\" rx=\"2\"/>"
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 5))\" width=\"\(number(barWidth * value / 100))\" height=\"16\" fill=\"\(colour)\" rx=\"2\"/>"
            svg += "<text x=\"\(number(labelWidth + barWidth + 8))\" y=\"\(number(y + 18))\" font-size=\"12\">\(number(value))</text>"
        }
        return svg + "</svg>"
    }

    /// The owners as a nested list from the company up (each path owner → … → company, reversed).
    static func ownersTree(_ report: OwnershipReport, namer: NodeNamer, share: (Int32) -> Double?) -> String {
        final class TreeNode { var children: [Int32: TreeNode] = [:]; var order: [Int32] = [] }
        let root = TreeNode()
        for entry in report.penetration.entries {
            for path in entry.paths {
                var node = root
                for id in path.reversed().dropFirst() {
                    if node.children[id] == nil { node.children[id] = TreeNode(); node.order.append(id) }
                    node = node.children[id]! // inserted just above
                }
            }
        }
        func render(_ node: TreeNode, depth: Int) -> String {
            guard !node.order.isEmpty, depth < 12 else { return "" }
            var html = "<ul>"
            for id in node.order.sorted(by: { (share($0) ?? 0) != (share($1) ?? 0) ? (share($0) ?? 0) > (share($1) ?? 0) : namer.id($0) < namer.id($1) }) {
                let pct = share(id).map { " <span class=\"pct\">合计 \(EntityGraph.percentText($0))</span>" } ?? ""
                html += "<li>\(HTMLText.escape(namer.name(id))) <span class=\"muted\">\(HTMLText.escape(namer.graph.kind(id).name))</span>\(pct)"
                html += render(node.children[id]!, depth: depth + 1) + "</li>" // children exist for every ordered id
            }
            return html + "</ul>"
        }
        let tree = render(root, depth: 0)
        return tree.isEmpty ? "<p class=\"muted\">无股东记录 (no shareholders on record)</p>" : "<div class=\"tree\">\(tree)</div>"
    }

    static func kindColour(_ kind: NodeKind) -> String {
        switch kind {
        case .company: return "#2c6fad"
        case .person: return "#27ae60"
        case .external: return "#8e44ad"
        case .phone, .email, .address: return "#7f8c8d"
        }
    }

    /// The centre in the middle, nodes at distance 1 and 2 on two rings (at most 24 and 36
    /// drawn), edges to the node they were reached from, labelled with the relation.
    static func linkDiagram(_ result: Neighbourhood, namer: NodeNamer) -> String {
        let graph = namer.graph
        let width = 760.0, height = 560.0, cx = width / 2, cy = height / 2
        let nodes = LinksView.sortedNodes(result, graph: graph)
        let ring1 = Array(nodes.filter { $0.distance == 1 }.prefix(24))
        let ring2 = Array(nodes.filter { $0.distance == 2 }.prefix(36))
        var position: [Int32: (Double, Double)] = [result.nodes[0].node: (cx, cy)]
        for (ring, radius) in [(ring1, 150.0), (ring2, 250.0)] {
            for (index, item) in ring.enumerated() {
                let angle = 2 * Double.pi * Double(index) / Double(max(1, ring.count)) - Double.pi / 2
                position[item.node] = (cx + radius * cos(angle), cy + radius * 0.85 * sin(angle))
            }
        }
        var svg = "<svg class=\"chart links\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"关联图 (link diagram)\">"
        for item in ring1 + ring2 {
            guard let from = position[item.from], let to = position[item.node] else { continue }
            let (relation, detail) = graph.relation(item.edge)
            let dash = graph.isCurrent(item.edge) ? "" : " stroke-dasharray=\"4 3\""
            svg += "<line x1=\"\(number(from.0))\" y1=\"\(number(from.1))\" x2=\"\(number(to.0))\" y2=\"\(number(to.1))\" stroke=\"#b0bcc8\"\(dash)/>"
            svg += "<text x=\"\(number((from.0 + to.0) / 2))\" y=\"\(number((from.1 + to.1) / 2))\" font-size=\"9\" fill=\"#667\">\(HTMLText.escape(([relation, detail].filter { !$0.isEmpty }).joined(separator: " ")))</text>"
        }
        for (node, point) in position.sorted(by: { $0.key < $1.key }) {
            let isCentre = node == result.nodes[0].node
            let label = namer.name(node)
            let short = label.count > 12 ? String(label.prefix(11)) + "…" : label
            svg += "<circle cx=\"\(number(point.0))\" cy=\"\(number(point.1))\" r=\"\(isCentre ? 12 : 7)\" fill=\"\(namer.hidden(node) ? "#cccccc" : kindColour(graph.kind(node)))\"/>"
            svg += "<text x=\"\(number(point.0 + 10))\" y=\"\(number(point.1 - 8))\" font-size=\"\(isCentre ? 13 : 10)\">\(HTMLText.escape(short))</text>"
        }
        let hidden = nodes.count - ring1.count - ring2.count
        if hidden > 0 {
            svg += "<text x=\"10\" y=\"\(Int(height) - 10)\" font-size=\"11\" fill=\"#667\">另有 \(hidden) 个节点未画出 (\(hidden) more nodes not drawn)</text>"
        }
        return svg + "</svg>"
    }
}
