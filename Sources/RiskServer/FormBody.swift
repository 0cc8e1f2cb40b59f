import Foundation

/// Decodes browser form bodies: `application/x-www-form-urlencoded` and the file and text
/// fields of `multipart/form-data`.
enum FormBody {
    /// Fields of a URL-encoded body or query string (`+` is a space, `%XX` decoded once;
    /// later duplicates win).
    static func urlEncoded(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// Fields of a multipart body (by the `name` of each part's Content-Disposition), or nil
    /// when the content type has no boundary.
    /// - Complexity: O(body bytes).
    static func multipart(_ data: Data, contentType: String) -> [String: Data]? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[range.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty else { return nil }
        let delimiter = Data(("--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var fields: [String: Data] = [:]
        var searchStart = data.startIndex
        var partStart: Data.Index? = nil
        while let found = data.range(of: delimiter, in: searchStart..<data.endIndex) {
            if let start = partStart {
                var part = data[start..<found.lowerBound]
                if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
                if part.count >= 2, part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
                if let split = part.range(of: headerEnd) {
                    let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
                    if let name = Self.partName(headers) { fields[name] = Data(part[split.upperBound...]) }
                }
            }
            partStart = found.upperBound
            searchStart = found.upperBound
        }
        return fields
    }

    static func partName(_ headers: String) -> String? {
        guard let range = headers.range(of: "name=\"") else { return nil }
        let rest = headers[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
