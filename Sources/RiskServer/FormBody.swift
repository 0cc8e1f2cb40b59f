import Foundation
import RiskViews

/// Decodes browser form bodies: `application/x-www-form-urlencoded` and the file and text
/// fields of `multipart/form-data`.
enum FormBody {
    /// Why a value could not be decoded, as the end of a message naming it (`parameter 'q' …`).
    struct MalformedValue: Error, Sendable, Equatable {
        var reason: String
    }

    /// Fields of a URL-encoded body or query string (`+` is a space, `%XX` decoded once;
    /// later duplicates win). A value with a bad `%`-escape, or that is not UTF-8 once
    /// decoded, is a failure for its reader to refuse (400 naming it); it used to stay
    /// undecoded whole, `+` included, and was searched so. A name that cannot be decoded is
    /// kept as sent (it names no parameter).
    static func urlEncoded(_ text: String) -> [String: Result<String, MalformedValue>] {
        var fields: [String: Result<String, MalformedValue>] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = (try? decode(parts[0], plusIsSpace: true).get()) ?? String(parts[0])
            fields[name] = parts.count > 1 ? decode(parts[1], plusIsSpace: true) : .success("")
        }
        return fields
    }

    /// `text` with `%XX` decoded once (and `+` as a space when `plusIsSpace`, as in forms and
    /// query strings but not paths).
    /// - Complexity: O(text bytes).
    static func decode(_ text: Substring, plusIsSpace: Bool) -> Result<String, MalformedValue> {
        let utf8 = text.utf8
        let percent = UInt8(ascii: "%"), plus = UInt8(ascii: "+")
        guard utf8.contains(where: { $0 == percent || (plusIsSpace && $0 == plus) }) else { return .success(String(text)) }
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == percent {
                let first = utf8.index(after: i)
                let second = first == utf8.endIndex ? first : utf8.index(after: first)
                guard second != utf8.endIndex, let high = hex(utf8[first]), let low = hex(utf8[second]) else {
                    let escape = String(Substring(utf8[i...]).prefix(3))
                    return .failure(MalformedValue(reason: "has a bad %-escape \(TextTable.quoted(escape))"))
                }
                bytes.append(high << 4 | low)
                i = utf8.index(after: second)
                continue
            }
            bytes.append(plusIsSpace && byte == plus ? UInt8(ascii: " ") : byte)
            i = utf8.index(after: i)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            return .failure(MalformedValue(reason: "is not UTF-8 text once %-decoded"))
        }
        return .success(decoded)
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
