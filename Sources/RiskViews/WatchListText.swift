import Foundation
import RiskDomain
import RiskScoring

/// Builds a ``WatchList`` from text already in memory (an uploaded CSV, a JSON list of codes),
/// with the same rules as `WatchList.read(path:)`.
public enum WatchListText {
    /// Parses watch-list CSV text with the rules of `WatchList.read(path:)` (a code or name
    /// column, each column once, codes folded to half width). `source` names the text in
    /// errors (e.g. `request body`). A list with no rows comes back empty: the caller says so.
    /// - Throws: `CSVTable.ParseError` with the line and reason.
    public static func parse(csv text: String, source: String) throws -> WatchList {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try WatchList(table: try CSVTable.parse(text, file: source), file: source)
    }

    /// A watch list of credit codes or names (one per entry, numbered from line 2 as if under a
    /// `credit_code` header). An 18-character letters-and-digits text is a code, else a name.
    public static func list(_ items: [String]) -> WatchList {
        WatchList(entries: items.enumerated().map { index, raw in
            let text = raw.trimmingCharacters(in: .whitespaces)
            let code = WatchList.normalisedCode(text)
            let isCode = CreditCode.hasCodeShape(code)
            return WatchList.Entry(line: index + 2, creditCode: isCode ? code : nil, name: isCode ? nil : text,
                                   input: [(isCode ? "credit_code" : "name", text)])
        })
    }
}
