/// The linked-entities diagram of one company: columns by distance, left to right.
///
/// Layout: column d holds the nodes d hops from the centre; each column is ordered by the row
/// of the node it was reached from (then kind, then id), so a node sits near its parent and
/// edges seldom cross. Each node has exactly one incoming edge (its `via`), whose label is
/// written just left of the node, so labels never collide. At most ``maxPerColumn`` nodes per
/// column are drawn (companies with a level first); the rest are one collapsed node. Hubs are
/// drawn as one dashed node, e.g. `某地址 (326 家企业)`. Fill = risk level (grey when unscored),
/// outline and tag = kind. A holding, an office or a branch has a direction, drawn twice: an
/// arrowhead from the holder (officer, head office) to the company, and an arrow in the label
/// (`股东 100% →` when the node on the right is held, `← 股东 80%` when it holds the one on
/// the left); shared contacts have none. The same `股东 100%` beside a parent and beside a
/// subsidiary read either way.
///
/// - Complexity: O(N log N) for N nodes.
enum LinkDiagramChart {
    static let maxPerColumn = 12
    static let maxDistance = 3
    static let nodeWidth = 196.0, nodeHeight = 26.0, columnGap = 92.0, rowHeight = 34.0

    struct Placed {
        var id: String
        var label: String
        var tooltip: String
        var kind: LinkNodeKind
        var level: RiskLevel?
        var column: Int
        var parent: String?
        var edgeLabel: String
        /// The link points from this node to its parent (this node holds it / is its officer).
        var inbound = false
        /// The link has a direction (holding, office, branch), not a shared contact.
        var directed = false
        var hub: Bool
        var collapsed: Bool
        var row = 0
    }

    static func kindColour(_ kind: LinkNodeKind) -> String {
        switch kind {
        case .company: return "#34495e"
        case .person: return "#7a5aa6"
        case .external: return "#2f7f8f"
        case .phone, .email, .address: return "#9a7b4f"
        }
    }

    static func fill(_ level: RiskLevel?) -> String {
        switch level {
        case .high: return "#f6c9c7"
        case .medium: return "#f8dfb5"
        case .low: return "#d3ead9"
        case nil: return "#ffffff"
        }
    }

    static func svg(centerName: String, centerLevel: RiskLevel, links: LinkNeighbourhood, names: [RiskLevel: String] = [:]) -> String {
        var columns: [[Placed]] = Array(repeating: [], count: maxDistance + 1)
        columns[0] = [Placed(id: links.center, label: centerName, tooltip: "\(centerName) (\(links.center))", kind: .company,
                             level: centerLevel, column: 0, parent: nil, edgeLabel: "", hub: false, collapsed: false)]
        var items: [Placed] = []
        let contactIDs = Set(links.nodes.filter { isContact($0.kind) }.map(\.id))
        for node in links.orderedNodes where node.distance >= 1 && node.distance <= maxDistance {
            let label = node.kind == .company ? node.name : "[\(node.kind.chinese)] \(node.name)"
            var tooltip = "\(node.kind.chinese) \(node.name) (\(node.id))"
            if let level = node.level { tooltip += " \(names[level] ?? level.chinese)" }
            if let region = node.regionCode { tooltip += " \(RegionNames.label(region))" }
            var placed = Placed(id: node.id, label: label, tooltip: tooltip, kind: node.kind, level: node.level,
                                column: node.distance, parent: node.via?.from, edgeLabel: node.via?.label ?? "",
                                hub: false, collapsed: false)
            placed.inbound = node.via?.inbound ?? false
            placed.directed = !isContact(node.kind) && !(node.via.map { contactIDs.contains($0.from) } ?? false)
            items.append(placed)
        }
        let distanceOf = Dictionary(links.nodes.map { ($0.id, $0.distance) }, uniquingKeysWith: min)
        for hub in links.truncatedHubs.sorted(by: { $0.id < $1.id }) {
            let parentDistance = hub.via.flatMap { distanceOf[$0.from] } ?? 0
            let column = min(maxDistance, parentDistance + 1)
            var placed = Placed(id: hub.id, label: hub.label, tooltip: "\(hub.kind.chinese) \(hub.label)，枢纽节点已折叠",
                                kind: hub.kind, level: nil, column: column, parent: hub.via?.from ?? links.center,
                                edgeLabel: hub.via?.label ?? "", hub: true, collapsed: false)
            placed.inbound = hub.via?.inbound ?? false
            placed.directed = !isContact(hub.kind)
            items.append(placed)
        }
        var rowOf: [String: Int] = [links.center: 0]
        for column in 1...maxDistance {
            let candidates = items.filter { $0.column == column }
            // Keep scored companies and hubs first when the column is capped.
            let kept = candidates.sorted { priority($0) < priority($1) }
            var shown = Array(kept.prefix(maxPerColumn))
            let hidden = kept.count - shown.count
            shown.sort {
                (rowOf[$0.parent ?? ""] ?? 0, $0.kind.rawValue, $0.id) < (rowOf[$1.parent ?? ""] ?? 0, $1.kind.rawValue, $1.id)
            }
            if hidden > 0 {
                shown.append(Placed(id: "more-\(column)", label: "另有 \(hidden) 个关联方未绘出", tooltip: "另有 \(hidden) 个关联方未绘出，见下表",
                                    kind: .company, level: nil, column: column, parent: nil, edgeLabel: "", hub: false, collapsed: true))
            }
            for index in shown.indices { shown[index].row = index; rowOf[shown[index].id] = index }
            columns[column] = shown
        }
        let usedColumns = (columns.lastIndex { !$0.isEmpty } ?? 0) + 1
        let maxRows = columns.map(\.count).max() ?? 1
        let width = Double(usedColumns) * nodeWidth + Double(usedColumns - 1) * columnGap + 20
        let legendHeight = 26.0
        let height = Double(maxRows) * rowHeight + 16 + legendHeight
        func y(_ column: Int, _ row: Int) -> Double {
            // Centre each column vertically.
            let count = columns[column].count
            let offset = (Double(maxRows) - Double(count)) * rowHeight / 2
            return 8 + offset + Double(row) * rowHeight
        }
        func x(_ column: Int) -> Double { 10 + Double(column) * (nodeWidth + columnGap) }
        var svg = SVGWriter(width: max(width, 420), height: height, label: "关联关系图 (linked entities)", cssClass: "chart links")
        var placedByID: [String: Placed] = [:]
        for column in columns { for node in column { placedByID[node.id] = node } }
        // Edges.
        for column in 1..<columns.count {
            for node in columns[column] {
                guard let parentID = node.parent, let parent = placedByID[parentID] else { continue }
                let x1 = x(parent.column) + nodeWidth, y1 = y(parent.column, parent.row) + nodeHeight / 2
                let x2 = x(node.column), y2 = y(node.column, node.row) + nodeHeight / 2
                svg.curve(x1: x1, y1: y1, x2: x2 - 2, y2: y2, stroke: "#9aa7b4", width: 1.2, dashed: node.hub)
                if node.directed {
                    // Tip at the company held (or served): the node on the right, or its parent on the left.
                    if node.inbound {
                        svg.arrowHead(x: x1 + 1, y: y1, dx: -1, dy: 0, fill: "#5b6b7c")
                    } else {
                        svg.arrowHead(x: x2 - 1, y: y2, dx: 1, dy: 0, fill: "#5b6b7c")
                    }
                }
            }
        }
        // Nodes, then edge labels at each node's left (one incoming edge per node).
        for column in columns {
            for node in column {
                let nx = x(node.column), ny = y(node.column, node.row)
                svg.openGroup(title: node.tooltip)
                let isCenter = node.column == 0
                svg.rect(x: nx, y: ny, width: nodeWidth, height: nodeHeight,
                         fill: node.collapsed || node.hub ? "#f3f5f8" : fill(node.level),
                         stroke: isCenter ? RiskLevel.high.colour : kindColour(node.kind),
                         strokeWidth: isCenter ? 2.5 : 1.2, radius: node.kind == .person ? 13 : 3,
                         dashed: node.hub || node.collapsed)
                svg.text(node.label, x: nx + 8, y: ny + 17, size: 12, weight: isCenter ? "bold" : nil, maxWidth: 29)
                svg.closeGroup()
            }
        }
        for column in columns.dropFirst() {
            for node in column where !node.edgeLabel.isEmpty && node.parent.flatMap({ placedByID[$0] }) != nil {
                let label = edgeLabel(node, width: 15)
                svg.text(label.text, x: x(node.column) - 10, y: y(node.column, node.row) + nodeHeight / 2 - 4, size: 10.5,
                         anchor: "end", fill: "#34495e", halo: true, tooltip: label.clipped ? edgeLabel(node) : nil)
            }
        }
        // Legend.
        var lx = 10.0
        let ly = height - legendHeight + 6
        for (label, fillColour, stroke) in [(names[.high] ?? "高危", fill(.high), "#34495e"), (names[.medium] ?? "关注", fill(.medium), "#34495e"),
                                            (names[.low] ?? "正常", fill(.low), "#34495e"), ("未评分", fill(nil), "#34495e"),
                                            ("自然人", "#ffffff", kindColour(.person)),
                                            ("联系方式/地址", "#ffffff", kindColour(.address))] {
            svg.rect(x: lx, y: ly, width: 14, height: 12, fill: fillColour, stroke: stroke, radius: 2)
            svg.text(label, x: lx + 18, y: ly + 11, size: 11, fill: "#5b6b7c")
            lx += 18 + Double(ReportText.displayWidth(label)) * 6.5 + 14
        }
        return svg.finish()
    }

    static func isContact(_ kind: LinkNodeKind) -> Bool { kind == .phone || kind == .email || kind == .address }

    /// The label beside a node's incoming edge, with the link's direction for a holding, an
    /// office or a branch: `股东 100% →` (the parent on the left holds this node), `← 股东 80%`
    /// (this node holds the parent); a shared contact as is.
    static func edgeLabel(_ node: Placed) -> String {
        guard node.directed else { return node.edgeLabel }
        return node.inbound ? "← " + node.edgeLabel : node.edgeLabel + " →"
    }

    /// ``edgeLabel(_:)`` within `width` display units: the relation is clipped, the arrow
    /// kept (found by review: `法定代表人、…` had lost its `→`, which a printout cannot recover
    /// from the tooltip).
    static func edgeLabel(_ node: Placed, width: Int) -> (text: String, clipped: Bool) {
        guard node.directed else { return ReportText.clip(node.edgeLabel, width: width) }
        let relation = ReportText.clip(node.edgeLabel, width: width - 2)
        return (node.inbound ? "← " + relation.text : relation.text + " →", relation.clipped)
    }

    /// Sort key when a column is capped: hubs, then scored companies by severity, then the rest by id.
    static func priority(_ node: Placed) -> (Int, Int, String) {
        if node.hub { return (0, 0, node.id) }
        if let level = node.level { return (1, level.severityRank, node.id) }
        return (2, 0, node.id)
    }
}
