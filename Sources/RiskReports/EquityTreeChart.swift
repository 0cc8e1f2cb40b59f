/// The equity-penetration tree of one company: owners in layers above it, top-down.
///
/// Layout (a simple Sugiyama-style layering): an owner's layer is the longest distance, in
/// holdings, from it down to the company over its paths; an edge that spans several layers gets
/// a narrow virtual slot in each layer it crosses, so it runs between boxes, not through them;
/// layers are placed bottom-up and the slots of each layer ordered by the mean position of what
/// they lead down to (barycentre), so edges rarely cross. At most ``maxPerLayer`` owners per layer are drawn (by integrated share);
/// the rest become one collapsed node. Edges carry the direct percentage; the actual controller
/// is outlined in gold.
///
/// - Complexity: O(P + E + N log N) for P path entries, E edges and N owners.
enum EquityTreeChart {
    static let maxPerLayer = 6
    static let maxLayers = 5
    static let nodeWidth = 156.0, nodeHeight = 40.0, gapX = 18.0, layerHeight = 92.0, virtualWidth = 12.0

    struct Node {
        var id: String
        var name: String
        var subtitle: String
        var layer: Int
        var isCompany: Bool
        var isController: Bool
        var collapsed: Bool
        var x = 0.0
    }

    static func svg(companyID: String, companyName: String, ownership: OwnershipReport) -> String {
        let controllerID = ownership.actualController?.id
        // Layers from the paths.
        var layerOf: [String: Int] = [companyID: 0]
        for owner in ownership.owners {
            for path in owner.paths {
                for (index, id) in path.enumerated() where id != companyID {
                    let layer = path.count - 1 - index
                    if layer > (layerOf[id] ?? 0) { layerOf[id] = layer }
                }
            }
            if layerOf[owner.id] == nil { layerOf[owner.id] = 1 }
        }
        let ownerByID = Dictionary(ownership.owners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Edges: given, or derived from consecutive path entries.
        var edgeSet = Set<OwnershipEdge>()
        if ownership.edges.isEmpty {
            for owner in ownership.owners {
                for path in owner.paths where path.count > 1 {
                    for index in 0..<(path.count - 1) {
                        edgeSet.insert(OwnershipEdge(holder: path[index], company: path[index + 1], pct: nil))
                    }
                }
            }
        } else {
            edgeSet = Set(ownership.edges)
        }
        let edges = edgeSet.sorted()
        // Choose the drawn nodes per layer.
        var byLayer: [Int: [String]] = [:]
        for (id, layer) in layerOf where id != companyID { byLayer[min(layer, maxLayers), default: []].append(id) }
        func share(_ id: String) -> Double { ownerByID[id]?.integratedPct ?? 0 }
        var nodes: [String: Node] = [:]
        nodes[companyID] = Node(id: companyID, name: companyName, subtitle: "被穿透企业", layer: 0, isCompany: true,
                                isController: false, collapsed: false)
        let topLayer = byLayer.keys.max() ?? 0
        var hiddenPerLayer: [Int: (count: Int, share: Double)] = [:]
        for layer in 1...max(1, topLayer) {
            let ids = (byLayer[layer] ?? []).sorted { (share($1), $0) < (share($0), $1) }
            for (rank, id) in ids.enumerated() {
                if rank < maxPerLayer || id == controllerID {
                    let owner = ownerByID[id]
                    let subtitle = owner.map { "穿透 \(ReportText.pct($0.integratedPct)) · \($0.kind.chinese)" } ?? "中间持股主体"
                    nodes[id] = Node(id: id, name: owner?.name ?? id, subtitle: subtitle, layer: layer, isCompany: false,
                                     isController: id == controllerID, collapsed: false)
                } else {
                    hiddenPerLayer[layer, default: (0, 0)].count += 1
                    hiddenPerLayer[layer, default: (0, 0)].share += share(id)
                }
            }
        }
        for (layer, hidden) in hiddenPerLayer {
            let id = "collapsed-\(layer)"
            nodes[id] = Node(id: id, name: "其余 \(hidden.count) 名股东", subtitle: "合计穿透 \(ReportText.pct(hidden.share))",
                             layer: layer, isCompany: false, isController: false, collapsed: true)
        }
        let drawnEdges = edges.filter { nodes[$0.holder] != nil && nodes[$0.company] != nil && $0.holder != $0.company }
        // Long edges (spanning several layers) get a narrow virtual slot in every layer they cross,
        // so they are routed between the boxes instead of through them.
        var downOf: [String: [String]] = [:]
        var virtualLayer: [String: Int] = [:]
        var routes: [(edge: OwnershipEdge, chain: [String])] = []
        for (index, edge) in drawnEdges.enumerated() {
            guard let upper = nodes[edge.holder]?.layer, let lower = nodes[edge.company]?.layer else { continue }
            var chain = [edge.holder]
            if upper - lower > 1 {
                for layer in stride(from: upper - 1, to: lower, by: -1) {
                    let id = "virtual-\(index)-\(layer)"
                    virtualLayer[id] = layer
                    chain.append(id)
                }
            }
            chain.append(edge.company)
            for step in 0..<(chain.count - 1) { downOf[chain[step], default: []].append(chain[step + 1]) }
            routes.append((edge, chain))
        }
        let layerCount = (nodes.values.map(\.layer).max() ?? 0) + 1
        func slotWidth(_ id: String) -> Double { virtualLayer[id] == nil ? nodeWidth : virtualWidth }
        func layerOfSlot(_ id: String) -> Int { virtualLayer[id] ?? nodes[id]?.layer ?? 0 }
        var members = Array(repeating: [String](), count: layerCount)
        for node in nodes.values { members[node.layer].append(node.id) }
        for (id, layer) in virtualLayer { members[layer].append(id) }
        let rowWidths = members.map { ids in ids.reduce(0) { $0 + slotWidth($1) } + Double(max(0, ids.count - 1)) * gapX }
        let width = max(nodeWidth + 40, (rowWidths.max() ?? 0) + 2 * gapX)
        // Order each layer by the barycentre of what its slots lead down to, bottom-up.
        var centre: [String: Double] = [:]
        var rows: [[String]] = []
        for layer in 0..<layerCount {
            func barycentre(_ id: String) -> Double {
                let xs = (downOf[id] ?? []).compactMap { target -> Double? in
                    layerOfSlot(target) < layer ? centre[target] : nil
                }
                return xs.isEmpty ? width / 2 : xs.reduce(0, +) / Double(xs.count)
            }
            let ordered = members[layer].map { ($0, barycentre($0), nodes[$0]?.collapsed ?? false) }
                .sorted { ($0.2 ? 1 : 0, $0.1, -share($0.0), $0.0) < ($1.2 ? 1 : 0, $1.1, -share($1.0), $1.0) }
                .map(\.0)
            var x = (width - rowWidths[layer]) / 2
            for id in ordered {
                nodes[id]?.x = x
                centre[id] = x + slotWidth(id) / 2
                x += slotWidth(id) + gapX
            }
            rows.append(ordered.filter { nodes[$0] != nil })
        }
        let height = Double(layerCount) * layerHeight - (layerHeight - nodeHeight) + 40
        func top(_ layer: Int) -> Double { 20 + Double(layerCount - 1 - layer) * layerHeight }
        var svg = SVGWriter(width: width, height: height, label: "股权穿透图 (equity penetration)", cssClass: "chart equity")
        // Edges first, under the nodes; labels after, above everything.
        var labels: [(String, Double, Double)] = []
        for route in routes {
            guard let holder = nodes[route.edge.holder], let held = nodes[route.edge.company] else { continue }
            var points: [(Double, Double)] = [(holder.x + nodeWidth / 2, top(holder.layer) + nodeHeight)]
            for id in route.chain.dropFirst().dropLast() {
                let x = centre[id] ?? 0, layer = layerOfSlot(id)
                points.append((x, top(layer)))
                points.append((x, top(layer) + nodeHeight))
            }
            points.append((held.x + nodeWidth / 2, top(held.layer)))
            let colour = holder.isController ? "#b8860b" : "#8a99a8"
            let strokeWidth = holder.isController ? 2.0 : 1.2
            for index in 0..<(points.count - 1) {
                let (x1, y1) = points[index], (x2, y2) = points[index + 1]
                if index % 2 == 1 {
                    svg.line(x1: x1, y1: y1, x2: x2, y2: y2, stroke: colour, width: strokeWidth)
                } else {
                    svg.curve(x1: x1, y1: y1, x2: x2, y2: y2, stroke: colour, width: strokeWidth, vertical: true)
                }
            }
            if let last = points.last { svg.arrowHead(x: last.0, y: last.1, dx: 0, dy: 1, fill: colour) }
            if let pct = route.edge.pct, points.count > 1 {
                // Near the holder end, so the labels of several edges into one company do not meet.
                let (x1, y1) = points[0], (x2, y2) = points[1]
                let t = points.count > 2 ? 0.5 : 0.3
                labels.append((ReportText.pct(pct), x1 + (x2 - x1) * t, y1 + (y2 - y1) * t + 4))
            }
        }
        for layer in 0..<layerCount {
            for id in rows[layer] {
                guard let node = nodes[id] else { continue }
                let y = top(layer)
                let fill = node.isCompany ? "#fdecea" : node.collapsed ? "#f3f5f8" : "#ffffff"
                let stroke = node.isController ? "#b8860b" : node.isCompany ? RiskLevel.high.colour : "#8a99a8"
                svg.openGroup(title: "\(node.name) (\(node.id))")
                svg.rect(x: node.x, y: y, width: nodeWidth, height: nodeHeight, fill: fill, stroke: stroke,
                         strokeWidth: node.isController ? 2.5 : 1, radius: 4, dashed: node.collapsed)
                svg.text(node.name, x: node.x + nodeWidth / 2, y: y + 16, size: 12, anchor: "middle",
                         weight: node.isCompany || node.isController ? "bold" : nil, maxWidth: 24)
                svg.text(node.subtitle, x: node.x + nodeWidth / 2, y: y + 32, size: 10.5, anchor: "middle",
                         fill: "#5b6b7c", maxWidth: 26)
                svg.closeGroup()
                if node.isController {
                    svg.rect(x: node.x + nodeWidth / 2 - 32, y: y - 15, width: 64, height: 15, fill: "#b8860b", radius: 3)
                    svg.text("实际控制人", x: node.x + nodeWidth / 2, y: y - 4, size: 10.5, anchor: "middle", fill: "#ffffff")
                }
            }
        }
        for (text, x, y) in labels {
            svg.text(text, x: x, y: y, size: 11, anchor: "middle", weight: "bold", fill: "#34495e", halo: true)
        }
        return svg.finish()
    }
}
