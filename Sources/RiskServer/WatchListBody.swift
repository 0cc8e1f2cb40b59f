import Foundation
import Hummingbird
import RiskScoring
import RiskStore
import RiskViews

/// Reads a posted watch list: JSON `{"companies": ["913…", "某某公司", …]}` (or objects with
/// `credit_code` / `name`), else CSV text with a `credit_code` or `name` column.
enum WatchListBody {
    /// The list, its sha256 and a name for the report cover.
    static func read(_ request: Request, context: RiskRequestContext, maxCompanies: Int, maxBytes: Int) async throws -> (list: WatchList, sha256: String) {
        let buffer = try await request.body.collect(upTo: maxBytes)
        let data = Data(buffer.readableBytesView)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let list = try parse(data, json: contentType.contains("json"))
        if list.entries.isEmpty { throw APIError(.unprocessableContent, "the list names no company") }
        if list.entries.count > maxCompanies {
            throw APIError.badRequest("the list names \(list.entries.count) companies; at most \(maxCompanies) per request")
        }
        return (list, Digest.sha256(data))
    }

    /// Parses a body as JSON (when `json` or when it starts with `{`) or CSV.
    static func parse(_ data: Data, json: Bool) throws -> WatchList {
        guard let text = String(data: data, encoding: .utf8) else {
            throw APIError(.unprocessableContent, "the list is not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if json || trimmed.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let companies = object["companies"] as? [Any] else {
                throw APIError(.unprocessableContent, "malformed JSON list: expected {\"companies\": [\"credit code or name\", …]}")
            }
            var entries: [WatchList.Entry] = []
            for (index, item) in companies.enumerated() {
                func nonBlank(_ value: Any?) -> String? {
                    guard let text = (value as? String)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                    return text
                }
                if let text = nonBlank(item) {
                    var entry = WatchListText.list([text]).entries[0]
                    entry.line = index + 2
                    entries.append(entry)
                } else if let fields = item as? [String: Any], nonBlank(fields["credit_code"]) != nil || nonBlank(fields["name"]) != nil {
                    // Both fields kept, blank ones dropped: a code that matches nothing falls
                    // back to the name, as in a CSV list.
                    let code = nonBlank(fields["credit_code"]), name = nonBlank(fields["name"])
                    entries.append(WatchList.Entry(line: index + 2, creditCode: code?.uppercased(), name: name,
                                                   input: [("credit_code", code ?? ""), ("name", name ?? "")]))
                } else {
                    throw APIError(.unprocessableContent, "malformed JSON list: companies[\(index)] is not a credit code or name")
                }
            }
            return WatchList(entries: entries)
        }
        do {
            return try WatchListText.parse(csv: text, source: "request body")
        } catch {
            throw APIError(.unprocessableContent, "malformed CSV list: \(error)")
        }
    }
}
