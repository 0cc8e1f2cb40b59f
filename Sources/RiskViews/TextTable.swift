import RiskDomain
import RiskGraph

/// Plain-text tables with columns padded to the display width (CJK characters count two).
public enum TextTable {
    /// Terminal columns of `text`: CJK and full-width characters take two.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || (0x2E80...0xFFDC).contains($1.value)) ? 2 : 1) }
    }

    /// `text` on one line (``SingleLine/text(_:)``: a control character shown as its control
    /// picture), so that a name cannot break a table's rows or columns.
    public static func singleLine(_ text: String) -> String { SingleLine.text(text) }

    /// A user's query (an entity argument, a search) as an error message quotes it: in single
    /// quotes, on one line (``singleLine(_:)``) and, past 60 characters, cut with its length
    /// given, so a pasted paragraph does not fill a terminal or an API error.
    /// Invisible format characters (zero-width space and joiners, word joiner, byte-order
    /// mark) are shown as `<U+200B>`: a query pasted with one read like the registered name
    /// it differs from (found by review).
    public static func quoted(_ text: String) -> String {
        var visible = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if EntityNameNormaliser.isInvisibleFormat(scalar) {
                visible.append(contentsOf: String(format: "<U+%04X>", scalar.value).unicodeScalars)
            } else {
                visible.append(scalar)
            }
        }
        let line = singleLine(String(visible))
        guard line.count > 60 else { return "'\(line)'" }
        return "'\(line.prefix(60))…' (\(line.count) characters)"
    }

    /// A header, a rule of dashes and the rows, columns separated by two spaces; cells on
    /// one line each (``singleLine(_:)``).
    /// - Complexity: O(total text length).
    public static func render(_ header: [String], _ rows: [[String]]) -> String {
        let rows = rows.map { $0.map(singleLine) }
        var widths = header.map(width)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - width(cell))
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}
