import Foundation
import Hummingbird
import NIOCore
import RiskDomain
import RiskScoring
import RiskStore
import RiskViews

/// Reads a posted watch list: JSON `{"companies": ["913…", "某某公司", …]}` (or objects with
/// `credit_code` / `name`), else CSV text with a `credit_code` or `name` column.
enum WatchListBody {
    /// The list, its sha256 and a name for the report cover.
    static func read(_ request: Request, context: RiskRequestContext, maxCompanies: Int, maxBytes: Int) async throws -> (list: WatchList, sha256: String) {
        let buffer = try await collect(request, maxBytes: maxBytes)
        let data = Data(buffer.readableBytesView)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let list = try parse(data, json: contentType.contains("json"))
        if !list.namesACompany { throw APIError(.unprocessableContent, "the list names no company") }
        if list.entries.count > maxCompanies {
            throw APIError.badRequest("the list names \(list.entries.count) companies; at most \(maxCompanies) per request")
        }
        return (list, Digest.sha256(data))
    }

    /// The request body, at most `maxBytes` (413 naming the bound beyond).
    static func collect(_ request: Request, maxBytes: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "request body larger than \(sizeText(maxBytes))")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A body whose framing is broken (a bad chunk size, a chunked body cut off, an
            // unsupported transfer coding) is the client's error, not the server's: it was
            // answered 500 "internal error" (found by fuzzing).
            throw APIError.badRequest("the request body could not be read: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
        }
    }

    /// `2 MiB`, `64 KiB` or `1000 bytes`.
    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// A posted CSV list as text: UTF-8 or GB18030 (what Excel saves as "CSV" on Chinese
    /// Windows), as the CLI reads a list file (``TextDecoding/decode(_:)``); 422 otherwise.
    /// Decoded leniently, a GB18030 list once became U+FFFD names that matched nothing.
    static func text(_ data: Data) throws -> String {
        switch TextDecoding.decode(data) {
        case .text(let text, _): return text
        case .invalidUTF8:
            let (line, column) = CSVTable.invalidUTF8Position(data)
            throw APIError(.unprocessableContent, "the list is not valid UTF-8 text: invalid byte sequence at line \(line), field \(column)")
        case .invalidGB18030(let line):
            throw APIError(.unprocessableContent, "the list is neither UTF-8 nor GB18030 text (line \(line)): save it as UTF-8 (Excel: \"CSV UTF-8\")")
        }
    }

    /// Parses a body as JSON (when `json` or when it starts with `{`: UTF-8, as JSON is) or
    /// CSV (UTF-8 or GB18030, ``text(_:)``).
    static func parse(_ data: Data, json: Bool) throws -> WatchList {
        let utf8 = String(data: data, encoding: .utf8)
        if json || utf8?.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") == true {
            guard utf8 != nil else { throw APIError(.unprocessableContent, "the list is not UTF-8 text (JSON must be UTF-8)") }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let companies = object["companies"] as? [Any] else {
                throw APIError(.unprocessableContent, "malformed JSON list: expected {\"companies\": [\"credit code or name\", …]}")
            }
            // An element's `line` is its position in `companies`, from 1 (it was numbered as
            // if a CSV header came first: the third element was line 4; found by review).
            var entries: [WatchList.Entry] = []
            for (index, item) in companies.enumerated() {
                func nonBlank(_ value: Any?) -> String? {
                    guard let text = (value as? String)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                    return text
                }
                if let text = nonBlank(item) {
                    var entry = WatchListText.list([text]).entries[0]
                    entry.line = index + 1
                    entries.append(entry)
                } else if let fields = item as? [String: Any], nonBlank(fields["credit_code"]) != nil || nonBlank(fields["name"]) != nil {
                    // Both fields kept, blank ones dropped: a code that matches nothing falls
                    // back to the name, as in a CSV list.
                    let code = nonBlank(fields["credit_code"]), name = nonBlank(fields["name"])
                    entries.append(WatchList.Entry(line: index + 1, creditCode: code.map(WatchList.normalisedCode), name: name,
                                                   input: [("credit_code", code ?? ""), ("name", name ?? "")]))
                } else {
                    throw APIError(.unprocessableContent, "malformed JSON list: companies[\(index)] is not a credit code or name")
                }
            }
            return WatchList(entries: entries)
        }
        let text = try utf8 ?? Self.text(data)
        do {
            return try WatchListText.parse(csv: text, source: "request body")
        } catch {
            throw APIError(.unprocessableContent, "malformed CSV list: \(error)")
        }
    }
}
