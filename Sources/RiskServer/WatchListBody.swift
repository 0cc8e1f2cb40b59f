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
            var items: [String] = []
            for (index, item) in companies.enumerated() {
                if let text = item as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty {
                    items.append(text)
                } else if let fields = item as? [String: Any], let text = (fields["credit_code"] as? String) ?? (fields["name"] as? String) {
                    items.append(text)
                } else {
                    throw APIError(.unprocessableContent, "malformed JSON list: companies[\(index)] is not a credit code or name")
                }
            }
            return WatchListText.list(items)
        }
        do {
            return try WatchListText.parse(csv: text, source: "request body")
        } catch {
            throw APIError(.unprocessableContent, "malformed CSV list: \(error)")
        }
    }
}
