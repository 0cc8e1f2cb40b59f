/// One chain of named links drawn left to right, for a linked warning (顺藤摸瓜).
///
/// Consecutive links share an endpoint; a link whose `from` is the right-hand node is drawn
/// with its arrow pointing left, so the drawing reads like the text `A —股东 90%→ B ←法定代表人— C`.
enum ChainChart {
    static let nodeWidth = 176.0, nodeHeight = 34.0, gap = 96.0

    /// The entities in chain order, with each link and whether it points forward.
    ///
    /// A chain is a walk: each link touches the entity the previous one reached. It starts at
    /// `start` (a linked warning's chain: the company its path begins at) when a walk from there
    /// reaches every link, else at whichever end of the first link does: the end the second
    /// link does not share first, then the other. So a chain whose first two links join the same
    /// two entities (a holder that is also the controller), or a start that sits inside the
    /// chain, cannot make the walk run backwards and drop the warned company (found by review).
    static func walk(_ chain: [ChainLink], start: String? = nil) -> (ids: [(String, String)], forward: [Bool]) {
        guard let first = chain.first else { return ([], []) }
        let from = (first.from, first.fromName), to = (first.to, first.toName)
        var candidates: [(String, String)] = []
        if let start, start == from.0 || start == to.0 { candidates.append(start == from.0 ? from : to) }
        if chain.count > 1, first.from == chain[1].from || first.from == chain[1].to {
            candidates += [to, from]
        } else {
            candidates += [from, to]
        }
        for candidate in candidates {
            if let walked = walk(chain, from: candidate, strict: true) { return walked }
        }
        return walk(chain, from: candidates[0], strict: false) ?? ([], [])
    }

    /// The walk from `current`; nil when `strict` and a link does not touch the entity reached.
    private static func walk(_ chain: [ChainLink], from start: (String, String), strict: Bool) -> (ids: [(String, String)], forward: [Bool])? {
        var current = start
        var ids = [current]
        var forward: [Bool] = []
        for link in chain {
            if link.from == current.0 {
                current = (link.to, link.toName); forward.append(true)
            } else if !strict || link.to == current.0 {
                current = (link.from, link.fromName); forward.append(false)
            } else {
                return nil
            }
            ids.append(current)
        }
        return (ids, forward)
    }

    /// How `chain` names the company with credit code `code` and name `name`: by its code when
    /// a link does, else by its name (an assembled report's chains name their entities).
    static func start(of chain: [ChainLink], code: String, name: String?) -> String? {
        chain.contains { $0.from == code || $0.to == code } ? code : name
    }

    /// The chain as text, e.g. `A —股东 90%→ B ←法定代表人— C`.
    static func text(_ chain: [ChainLink], start: String? = nil) -> String {
        let (ids, forward) = walk(chain, start: start)
        guard let first = ids.first else { return "" }
        var out = first.1
        for (index, link) in chain.enumerated() {
            out += forward[index] ? " —\(link.label)→ " : " ←\(link.label)— "
            out += ids[index + 1].1
        }
        return out
    }

    /// The chain drawn from `start` (see ``walk(_:start:)``), each entity filled with its level
    /// in `levels` (by credit code; none for persons and unscored companies). Colours follow
    /// the entity, not its place: the high-risk end is red whichever end it is.
    static func svg(_ chain: [ChainLink], start: String?, levels: [String: RiskLevel]) -> String {
        let (ids, forward) = walk(chain, start: start)
        let count = max(1, ids.count)
        let width = Double(count) * nodeWidth + Double(count - 1) * gap + 8
        let height = nodeHeight + 30
        var svg = SVGWriter(width: width, height: height, label: "关联链 (chain)", cssClass: "chart chain")
        func x(_ index: Int) -> Double { 4 + Double(index) * (nodeWidth + gap) }
        let top = 22.0
        for index in 0..<chain.count {
            let link = chain[index]
            let x1 = x(index) + nodeWidth, x2 = x(index + 1)
            let y = top + nodeHeight / 2
            let colour = link.current ? "#5b6b7c" : "#aab4be"
            svg.line(x1: x1 + 2, y1: y, x2: x2 - 2, y2: y, stroke: colour, width: 1.4, dashed: !link.current)
            if forward[index] {
                svg.arrowHead(x: x2 - 1, y: y, dx: 1, dy: 0, fill: colour)
            } else {
                svg.arrowHead(x: x1 + 1, y: y, dx: -1, dy: 0, fill: colour)
            }
            svg.text(link.label, x: (x1 + x2) / 2, y: y - 7, size: 11, anchor: "middle", fill: "#34495e", maxWidth: 14, halo: true)
        }
        for (index, entity) in ids.enumerated() {
            let fill = LinkDiagramChart.fill(levels[entity.0])
            svg.openGroup(title: "\(entity.1) (\(entity.0))")
            svg.rect(x: x(index), y: top, width: nodeWidth, height: nodeHeight, fill: fill, stroke: "#34495e", radius: 4)
            svg.text(entity.1, x: x(index) + nodeWidth / 2, y: top + 22, size: 12, anchor: "middle", maxWidth: 26)
            svg.closeGroup()
        }
        return svg.finish()
    }
}
