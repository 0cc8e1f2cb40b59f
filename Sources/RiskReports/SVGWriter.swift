/// A small append-only SVG builder: elements written straight into one string.
///
/// Every text goes through ``ReportText/escape(_:into:)``; numbers are printed with
/// ``ReportText/compact(_:)`` so output is deterministic. The result is a well-formed XML
/// fragment that is valid inline in HTML (no namespace prefixes, no entities but the five XML ones).
struct SVGWriter {
    private(set) var out = ""

    /// Opens `<svg>` with a viewBox of `width`×`height` and an accessible label.
    init(width: Double, height: Double, label: String, cssClass: String) {
        out.reserveCapacity(4096)
        out += "<svg class=\"\(cssClass)\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\""
        ReportText.escape(label, into: &out)
        out += "\">"
    }

    func n(_ value: Double) -> String { ReportText.compact(value) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                       strokeWidth: Double = 1, radius: Double = 0, dashed: Bool = false) {
        out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\""
        if let stroke { out += " stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"" }
        if radius > 0 { out += " rx=\"\(n(radius))\"" }
        if dashed { out += " stroke-dasharray=\"4 3\"" }
        out += "/>"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       dashed: Bool = false) {
        out += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if dashed { out += " stroke-dasharray=\"4 3\"" }
        out += "/>"
    }

    /// A cubic curve from (x1, y1) to (x2, y2) with horizontal (or vertical) tangents.
    mutating func curve(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                        vertical: Bool = false, dashed: Bool = false) {
        let c1: (Double, Double), c2: (Double, Double)
        if vertical {
            let my = (y1 + y2) / 2
            c1 = (x1, my); c2 = (x2, my)
        } else {
            let mx = (x1 + x2) / 2
            c1 = (mx, y1); c2 = (mx, y2)
        }
        out += "<path d=\"M\(n(x1)) \(n(y1)) C\(n(c1.0)) \(n(c1.1)) \(n(c2.0)) \(n(c2.1)) \(n(x2)) \(n(y2))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if dashed { out += " stroke-dasharray=\"4 3\"" }
        out += "/>"
    }

    /// A filled triangle pointing in direction (dx, dy) with its tip at (x, y).
    mutating func arrowHead(x: Double, y: Double, dx: Double, dy: Double, fill: String) {
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return }
        let ux = dx / length, uy = dy / length
        let bx = x - ux * 7, by = y - uy * 7
        let px = -uy * 3.5, py = ux * 3.5
        out += "<polygon points=\"\(n(x)),\(n(y)) \(n(bx + px)),\(n(by + py)) \(n(bx - px)),\(n(by - py))\" fill=\"\(fill)\"/>"
    }

    /// Text clipped to `maxWidth` display units with an ellipsis; a clipped text carries the
    /// full text as a `<title>` tooltip.
    /// `tooltip`: the full text of a `value` the caller clipped itself (shown as the title).
    mutating func text(_ value: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                       weight: String? = nil, fill: String = "#1d2733", maxWidth: Int? = nil, halo: Bool = false, tooltip: String? = nil) {
        var shown: (text: String, clipped: Bool) = maxWidth.map { ReportText.clip(value, width: $0) } ?? (value, false)
        let title = tooltip ?? value
        if tooltip != nil { shown.clipped = true }
        if shown.clipped { out += "<g><title>"; ReportText.escape(title, into: &out); out += "</title>" }
        out += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
        if let weight { out += " font-weight=\"\(weight)\"" }
        if halo { out += " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"" }
        out += ">"
        ReportText.escape(shown.text, into: &out)
        out += "</text>"
        if shown.clipped { out += "</g>" }
    }

    /// Opens a group with a tooltip.
    mutating func openGroup(title: String, cssClass: String? = nil) {
        out += "<g"
        if let cssClass { out += " class=\"\(cssClass)\"" }
        out += "><title>"
        ReportText.escape(title, into: &out)
        out += "</title>"
    }

    mutating func closeGroup() { out += "</g>" }

    /// Closes the `<svg>` and returns the text.
    mutating func finish() -> String {
        out += "</svg>"
        return out
    }
}
