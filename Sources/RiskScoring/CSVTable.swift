import Foundation

/// A small RFC 4180 CSV reader for the files the scoring reads itself (watch lists,
/// labels): UTF-8 with or without BOM, `"` quoting with `""`, quoted line breaks, `\n` or
/// `\r\n` line ends. Each row keeps the physical line it starts on.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [(line: Int, fields: [String])]

    /// An error in a CSV file, with where it happened.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Reads the file at `path`.
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(file: path, line: 0, reason: "cannot read the file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ParseError(file: path, line: 0, reason: "not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parse(text, file: path)
    }

    /// Parses CSV text; `file` names it in errors.
    /// - Complexity: O(characters).
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var afterQuote = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func endRecord() {
            fields.append(field); field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 }
                    else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case ",":
                    fields.append(field); field = ""; afterQuote = false
                case "\"":
                    guard field.isEmpty, !afterQuote else {
                        throw ParseError(file: file, line: line, reason: "a quote inside an unquoted field")
                    }
                    inQuotes = true
                case "\r":
                    break
                case "\n":
                    endRecord(); line += 1; recordLine = line; afterQuote = false
                default:
                    field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw ParseError(file: file, line: recordLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw ParseError(file: file, line: 1, reason: "no header row") }
        return CSVTable(header: first.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: Array(records.dropFirst()))
    }

    /// The column index whose name matches one of `names` (trimmed, case-insensitive).
    public func column(_ names: [String]) -> Int? {
        header.firstIndex { column in names.contains { $0.lowercased() == column.lowercased() } }
    }
}
