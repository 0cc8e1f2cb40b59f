import Foundation

/// A tiny RFC 4180 reader for checking the generator's own output in tests: the header and
/// the rows as dictionaries, plus the raw rows for duplicate checks.
struct CSVTable {
    let header: [String]
    let rows: [[String]]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(data: data)
    }

    init(data: Data) throws {
        guard let text = String(data: data, encoding: .utf8) else { throw CSVTableError.notUTF8 }
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                inQuotes = true
            } else if scalar == "," {
                record.append(field); field = ""
            } else if scalar == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let first = records.first else { throw CSVTableError.empty }
        header = first
        rows = Array(records.dropFirst())
    }

    /// The values of column `name` in row order.
    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }

    /// Row `row` as a dictionary keyed by header name.
    func record(_ row: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(header, rows[row]))
    }

    var records: [[String: String]] { rows.indices.map(record) }
}

enum CSVTableError: Error { case notUTF8, empty }
