import Foundation
import RiskDomain
import RiskScoring

/// Builds a ``WatchList`` from text already in memory (an uploaded CSV, a JSON list of codes),
/// with the same rules as `WatchList.read(path:)`.
public enum WatchListText {
    /// A watch list without a `credit_code` or `name` column.
    public struct MissingColumn: Error, CustomStringConvertible, Sendable {
        public var source: String
        public var description: String {
            "\(source):1: a watch list needs a credit_code (统一社会信用代码) or name (企业名称) column"
        }
    }

    /// Parses watch-list CSV text; it needs a `credit_code` (统一社会信用代码) or `name` (企业名称) column.
    /// `source` names the text in errors (e.g. `request body`).
    /// - Throws: `CSVTable.ParseError` with the line and reason.
    public static func parse(csv text: String, source: String) throws -> WatchList {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let table = try CSVTable.parse(text, file: source)
        let codeColumn = table.column(["credit_code", "统一社会信用代码"])
        let nameColumn = table.column(["name", "企业名称"])
        guard codeColumn != nil || nameColumn != nil else {
            throw MissingColumn(source: source)
        }
        let entries = table.rows.map { row -> WatchList.Entry in
            func value(_ column: Int?) -> String? {
                guard let column, column < row.fields.count else { return nil }
                let text = row.fields[column].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let input = table.header.enumerated().map { ($1, $0 < row.fields.count ? row.fields[$0] : "") }
            return WatchList.Entry(line: row.line, creditCode: value(codeColumn)?.uppercased(), name: value(nameColumn), input: input)
        }
        return WatchList(entries: entries)
    }

    /// A watch list of credit codes or names (one per entry, numbered from line 2 as if under a
    /// `credit_code` header). An 18-character letters-and-digits text is a code, else a name.
    public static func list(_ items: [String]) -> WatchList {
        WatchList(entries: items.enumerated().map { index, raw in
            let text = raw.trimmingCharacters(in: .whitespaces)
            let isCode = CreditCode.hasCodeShape(text)
            return WatchList.Entry(line: index + 2, creditCode: isCode ? text.uppercased() : nil, name: isCode ? nil : text,
                                   input: [(isCode ? "credit_code" : "name", text)])
        })
    }
}
