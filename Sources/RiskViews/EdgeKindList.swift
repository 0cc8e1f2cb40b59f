import RiskGraph

/// Parses a list of link kinds (`shareholding,officer,branch,phone,email,address`), as the
/// CLI's `--kinds` and the API's `kinds=` parameter take it.
public enum EdgeKindList {
    /// A kind name that is not one of ``EdgeKind``'s.
    public struct UnknownKind: Error, CustomStringConvertible, Sendable {
        public var name: String
        public var description: String {
            "unknown link kind '\(name)' (use \(EdgeKind.allCases.map(\.name).joined(separator: ",")))"
        }
    }

    /// The kinds named in `text` (comma separated, duplicates and empty items dropped); all
    /// kinds for nil or empty.
    /// - Throws: ``UnknownKind`` for a name that is no kind, or for a text that names none.
    public static func parse(_ text: String?) throws(UnknownKind) -> [EdgeKind] {
        guard let text, !text.isEmpty else { return EdgeKind.allCases }
        var kinds: [EdgeKind] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard let kind = EdgeKind(name: name) else { throw UnknownKind(name: name) }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        // "," (or " , ") names no kind: an error, not a walk that follows nothing.
        guard !kinds.isEmpty else { throw UnknownKind(name: text) }
        return kinds
    }
}
