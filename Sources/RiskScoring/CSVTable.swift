import Foundation
import RiskDomain

/// A small RFC 4180 CSV reader for the files the scoring reads itself (watch lists,
/// labels): UTF-8 with or without BOM, or GB18030 (``TextDecoding/decode(_:)``: the
/// choice `import` makes), `"` quoting with `""`, quoted line breaks, `\n` or
/// `\r\n` line ends (and `\r\r\n`, a CR LF written in Windows text mode). A bare `\r`
/// outside quotes (classic Mac OS line ends) is refused, as `import` refuses it: the whole
/// file would otherwise read as its header line and no rows. Each row keeps the physical
/// line it starts on.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [(line: Int, fields: [String])]

    /// An error in a CSV file, with where it happened.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        /// The field's position in its row (1-based), when known.
        public var column: Int? = nil
        public var reason: String
        /// `FILE:LINE[:COLUMN]: reason`; a whole-file error (line 0) names the file only:
        /// `list.csv:0: cannot read the file` named a line that does not exist (found by review).
        public var description: String {
            line == 0 ? "\(file): \(reason)" : "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(reason)"
        }
    }

    /// Reads the file at `path`.
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            throw ParseError(file: path, line: 0, reason: !exists ? "no such file" : isFolder.boolValue ? "is a folder, not a CSV file" : "cannot read the file (permission?)")
        }
        switch TextDecoding.decode(data) {
        case .text(let text, _):
            return try parse(text, file: path)
        case .invalidUTF8:
            let (line, column) = invalidUTF8Position(data)
            throw ParseError(file: path, line: line, column: column, reason: "invalid UTF-8 byte sequence (the file reads as UTF-8 apart from this byte)")
        case .invalidGB18030(let line):
            // The field too, when a malformed sequence shows where (found by fuzzing: a bad UTF-8
            // byte named its field, a bad GB18030 one only its line).
            // Only on the line the decoder stopped at: a well-formed sequence that names no
            // character stops it earlier than the first malformed one (found by review).
            let position = invalidGB18030Position(data).flatMap { $0.line == line ? $0 : nil }
            throw ParseError(file: path, line: line, column: position?.column,
                             reason: "neither UTF-8 nor GB18030 text (save the file as UTF-8)")
        }
    }

    /// The line and field (1-based) of the first byte sequence of `data` that cannot be
    /// GB18030 by its form (``TextDecoding/gb18030SequenceLength(_:at:)``), nil when every
    /// sequence is well formed (the decoder refused one that names no character). Quotes,
    /// commas and line feeds are single bytes in GB18030: no sequence holds them.
    public static func invalidGB18030Position(_ data: Data) -> (line: Int, column: Int)? {
        let bytes = [UInt8](data)
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, column: Int)? in
            var position = FieldPosition(), index = 0
            while index < buffer.count {
                guard let length = TextDecoding.gb18030SequenceLength(buffer, at: index) else { return (position.line, position.column) }
                position.advance(over: buffer[index])
                index += length
            }
            return nil
        }
    }

    /// The line and field (1-based) reached by a scan of CSV bytes: a comma outside quotes
    /// starts the next field, a line feed the next line (and, outside quotes, the first field).
    struct FieldPosition {
        var line = 1, column = 1, inQuotes = false
        mutating func advance(over byte: UInt8) {
            switch byte {
            case 0x22: inQuotes.toggle()
            case 0x2C where !inQuotes: column += 1
            case 0x0A:
                line += 1
                if !inQuotes { column = 1 }
            default: break
            }
        }
    }

    /// The line and field (1-based) of the first byte of `data` that is not valid UTF-8
    /// (only called once the whole text failed to decode).
    public static func invalidUTF8Position(_ data: Data) -> (line: Int, column: Int) {
        let bytes = [UInt8](data)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        decoding: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput, .error: break decoding
            }
        }
        var position = FieldPosition()
        for byte in bytes[..<offset] { position.advance(over: byte) }
        return (position.line, position.column)
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
        /// Where the last quoted field opened.
        var quoteLine = 1
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
                        throw ParseError(file: file, line: line, column: fields.count + 1, reason: "a quote inside an unquoted field")
                    }
                    inQuotes = true
                    quoteLine = line
                case "\r":
                    // CR LF and CR CR LF end a line (the LF does); a CR at the end of the
                    // text is harmless. Any other CR outside quotes is a classic Mac OS line
                    // end: the rows would run together into one (found by review: such a list
                    // read as 0 rows and gave an all-clear report).
                    var next = i + 1
                    while next < scalars.count, scalars[next] == "\r" { next += 1 }
                    if next < scalars.count, scalars[next] != "\n" {
                        throw ParseError(file: file, line: line, column: fields.count + 1,
                                         reason: TextDecoding.bareCarriageReturnReason)
                    }
                case "\n":
                    endRecord(); line += 1; recordLine = line; afterQuote = false
                default:
                    field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw ParseError(file: file, line: quoteLine, column: fields.count + 1, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw ParseError(file: file, line: 1, reason: "no header row") }
        return CSVTable(header: first.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: Array(records.dropFirst()))
    }

    /// Refuses a header naming a column twice, as `import` does (`FILE:1:COLUMN: column X
    /// appears twice (columns A and B)`): a second `credit_code` column was silently
    /// ignored. `canonical` maps a header cell to the column it means (aliases such as
    /// 统一社会信用代码 to `credit_code`); empty cells are not columns.
    public func checkDistinctColumns(file: String, canonical: (String) -> String = { $0.lowercased() }) throws {
        var seen: [String: Int] = [:]
        for (index, cell) in header.enumerated() where !cell.isEmpty {
            let name = canonical(cell)
            if let first = seen[name] {
                throw ParseError(file: file, line: 1, column: index + 1,
                                 reason: "column \(name) appears twice (columns \(first + 1) and \(index + 1))")
            }
            seen[name] = index
        }
    }

    /// The column index whose name matches one of `names` (trimmed, case-insensitive).
    public func column(_ names: [String]) -> Int? {
        header.firstIndex { column in names.contains { $0.lowercased() == column.lowercased() } }
    }
}
