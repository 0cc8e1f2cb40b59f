import Hummingbird
import RiskGraph
import RiskViews

/// Typed access to a request's query parameters; a bad value is a 400 naming the parameter.
struct QueryParameters {
    let request: Request
    /// The raw query parsed once (``FormBody/urlEncoded(_:)``); a route reads several values.
    private let fields: [String: Result<String, FormBody.MalformedValue>]

    init(request: Request) {
        self.request = request
        fields = request.uri.query.map(FormBody.urlEncoded) ?? [:]
    }

    /// The query of an API route that reads the parameters `accepted` (in the order its
    /// documentation lists them): any other is a 400 naming it and the accepted ones. A
    /// misspelt bound (`max_hop=1`) was ignored silently and the default answered, six-hop
    /// chains where one hop was asked for (found by review).
    init(request: Request, accepting accepted: [String]) throws {
        self.init(request: request)
        let unknown = fields.keys.filter { !accepted.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        let named = unknown.prefix(5).map(TextTable.quoted).joined(separator: ", ") + (unknown.count > 5 ? ", …" : "")
        let takes = accepted.isEmpty ? "this path takes no parameters" : "this path takes " + accepted.joined(separator: ", ")
        throw APIError.badRequest("unknown parameter\(unknown.count == 1 ? "" : "s") \(named); \(takes)")
    }

    /// The parameter's value decoded once, `+` as a space (``FormBody/urlEncoded(_:)`` on the
    /// raw query), or nil when absent or empty. Hummingbird's `queryParameters` decodes
    /// `%XX` but keeps `+`, so the console's own GET search form (`q=杭州+永静晨`) found
    /// nothing, and decoding its value again turned a literal `%25E6` into a character.
    /// A value longer than ``maxTextLength``, with a bad `%`-escape or not UTF-8 once decoded
    /// is a 400 naming the parameter.
    func string(_ name: String) throws -> String? {
        guard let field = fields[name] else { return nil }
        let text: String
        switch field {
        case .success(let value): text = value
        case .failure(let malformed): throw APIError.badRequest("parameter '\(name)' \(malformed.reason)")
        }
        try Self.checkLength(text, "parameter '\(name)'")
        return text.isEmpty ? nil : text
    }

    /// The longest text a parameter or path entity may have (a search, a name, a title). A
    /// company name has at most about 100 characters; a longer text is a paste gone wrong,
    /// refused rather than searched, echoed and written whole to the audit log.
    static let maxTextLength = 200

    static func checkLength(_ text: String, _ what: String) throws {
        guard text.count > maxTextLength else { return }
        throw APIError.badRequest("\(what) is longer than \(maxTextLength) characters (\(text.count))")
    }

    /// True when the query names the parameter, even with an empty value (`title=`).
    func contains(_ name: String) -> Bool { fields[name] != nil }

    /// True when the parameter is absent or only spaces (never throws: a too-long or
    /// malformed value is not blank, and ``required(_:)`` refuses it).
    func isBlank(_ name: String) -> Bool {
        guard let field = fields[name] else { return true }
        guard case .success(let text) = field else { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    func required(_ name: String) throws -> String {
        guard let value = try string(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw APIError.badRequest("missing parameter '\(name)'")
        }
        return value
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try string(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), not \(TextTable.quoted(text))")
        }
        return number
    }

    func double(_ name: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = try string(name) else { return value }
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw APIError.badRequest("parameter '\(name)' must be a number from \(RiskViewsFormat.number(range.lowerBound)) to \(RiskViewsFormat.number(range.upperBound)), not \(TextTable.quoted(text))")
        }
        return number
    }

    func bool(_ name: String) throws -> Bool {
        guard let text = try string(name) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("parameter '\(name)' must be true or false, not \(TextTable.quoted(text))")
        }
    }

    func kinds() throws -> [EdgeKind] {
        let text = try string("kinds")
        do { return try EdgeKindList.parse(text) } catch { throw APIError.badRequest("parameter 'kinds': \(error.description)") }
    }
}

/// Number formatting for messages.
enum RiskViewsFormat {
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension RiskRequestContext {
    /// A path parameter, percent-decoded: Hummingbird hands over the raw path component, so
    /// without this a name in the path (`/api/v1/links/%E9%BC%8E…` for 鼎…) never matched.
    /// A bad `%`-escape, or bytes that are not UTF-8, is a 400 (`+` is kept: paths are no forms).
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        let text: String
        switch FormBody.decode(Substring(raw), plusIsSpace: false) {
        case .success(let decoded): text = decoded
        case .failure(let malformed): throw APIError.badRequest("the path's \(name) \(malformed.reason)")
        }
        try QueryParameters.checkLength(text, "the path's \(name)")
        return text
    }
}
