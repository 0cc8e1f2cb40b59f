import RiskDomain
import RiskGraph

/// Which graph nodes a reader may not see: companies outside a region-limited token's
/// region-code prefixes.
///
/// A hidden node keeps its place in a rendering (a chain still has its length, a
/// neighbourhood its distances) but its id and name are replaced by ``placeholder`` and its
/// JSON object gains `"outside": true`. Persons, holders and contact points carry no region
/// and are shown. Renderings without a mask (the CLI) are unchanged.
public struct NodeMask: Sendable {
    /// The id and name shown for a hidden node.
    public static let placeholder = "(outside your regions)"

    /// Region-code prefixes the reader may see (e.g. `3301`, `33`).
    public let regionPrefixes: [String]

    public init(regionPrefixes: [String]) { self.regionPrefixes = regionPrefixes }

    /// True when `node` is a company whose region code starts with none of the prefixes.
    public func hides(_ node: Int32, in graph: EntityGraph) -> Bool {
        guard graph.kind(node) == .company else { return false }
        return !allows(regionCode: graph.regionCode(node))
    }

    /// True when a company in `regionCode` is visible (an unknown region is not).
    public func allows(regionCode: String?) -> Bool {
        guard let regionCode else { return false }
        return regionPrefixes.contains { regionCode.hasPrefix($0) }
    }
}

/// Names nodes for a rendering, applying an optional ``NodeMask``.
public struct NodeNamer: Sendable {
    public let graph: EntityGraph
    public let mask: NodeMask?
    /// The entities the query named only by a fuzzy match (containment or one edit): their
    /// objects say `"matched": "fuzzy"`, so that 李明华 found for 李明辉 is not taken silently.
    public let fuzzyMatched: Set<Int32>
    /// The companies the query named by a name they no longer have (曾用名): `"matched":
    /// "former_name"`.
    public let formerNameMatched: Set<Int32>

    public init(graph: EntityGraph, mask: NodeMask? = nil, fuzzyMatched: Set<Int32> = [], formerNameMatched: Set<Int32> = []) {
        self.graph = graph; self.mask = mask; self.fuzzyMatched = fuzzyMatched; self.formerNameMatched = formerNameMatched
    }

    /// True when the mask hides `node`.
    @inline(__always) public func hidden(_ node: Int32) -> Bool { mask?.hides(node, in: graph) ?? false }
    /// The node's key, or the placeholder.
    public func id(_ node: Int32) -> String { hidden(node) ? NodeMask.placeholder : graph.key(node) }
    /// The node's name, or the placeholder.
    public func name(_ node: Int32) -> String { hidden(node) ? NodeMask.placeholder : graph.name(node) }
    /// A controller finding's reason, with the name of every hidden company on its chain
    /// replaced by the placeholder (the reason names the holding companies it went through).
    public func reason(_ finding: ControllerFinding) -> String {
        guard mask != nil else { return finding.reason }
        // Longest first, so a hidden name inside another hidden name is not cut in two.
        let names = Set(finding.chain.filter(hidden).map { graph.name($0) }).sorted { ($0.count, $0) > ($1.count, $1) }
        return names.reduce(finding.reason) { $0.replacingOccurrences(of: $1, with: NodeMask.placeholder) }
    }

    /// `text` (a note that names companies as `name（credit code）` or by code) with every
    /// hidden company's code and name replaced by the placeholder: a branch's note named its
    /// head office outside the reader's regions (found by fuzzing the server).
    public func text(_ text: String) -> String {
        guard let mask else { return text }
        return Self.masked(text, graph: graph) { mask.hides($0, in: graph) }
    }

    /// `text` with the code and name of every company `hide` says so replaced by the placeholder.
    public static func masked(_ text: String, graph: EntityGraph, hide: (Int32) -> Bool) -> String {
        var text = text
        var start = text.startIndex
        while let range = text.range(of: "[0-9A-Z]{18}", options: .regularExpression, range: start..<text.endIndex) {
            let code = String(text[range])
            if let node = graph.node(forKey: code), hide(node) {
                let name = graph.name(node)
                text.replaceSubrange(range, with: NodeMask.placeholder)
                if !name.isEmpty { text = text.replacingOccurrences(of: name, with: NodeMask.placeholder) }
                start = text.startIndex
            } else {
                start = range.upperBound
            }
        }
        return text
    }

    /// `name（id）` for tables.
    public func label(_ node: Int32) -> String { TextTable.singleLine("\(name(node))（\(id(node))）") }

    /// `fields` as a JSON object, with `"outside": true` appended when `node` is hidden.
    public func object(_ node: Int32, _ fields: [(String, JSONValue)]) -> JSONValue {
        .object(hidden(node) ? fields + [("outside", .bool(true))] : fields)
    }

    /// `{"id", "name", "kind"}` of a node.
    public func nodeJSON(_ node: Int32) -> JSONValue {
        object(node, [("id", .string(id(node))), ("name", .string(name(node))), ("kind", .string(graph.kind(node).name))])
    }

    /// `[("matched", "fuzzy")]` for an entity the query named by a fuzzy match,
    /// `[("matched", "former_name")]` by a former name, else nothing.
    public func matched(_ node: Int32) -> [(String, JSONValue)] {
        fuzzyMatched.contains(node) ? [("matched", .string("fuzzy"))]
            : formerNameMatched.contains(node) ? [("matched", .string("former_name"))] : []
    }

    /// ``nodeJSON(_:)`` of an entity the query named, with `"matched": "fuzzy"` when it was
    /// found by a fuzzy match.
    public func queriedJSON(_ node: Int32) -> JSONValue {
        object(node, [("id", .string(id(node))), ("name", .string(name(node))), ("kind", .string(graph.kind(node).name))] + matched(node))
    }
}

extension EntityGraph {
    /// `{"id", "name", "kind"}` of a node.
    public func nodeJSON(_ node: Int32) -> JSONValue { NodeNamer(graph: self).nodeJSON(node) }

    /// `name（id）` for tables.
    public func label(_ node: Int32) -> String { TextTable.singleLine("\(name(node))（\(key(node))）") }
}

/// A percentage for JSON: rounded to 4 decimals (``EntityGraph/roundedPct(_:)``), so output
/// is stable across platforms and a `Float`-stored 39.9 reads 39.9, not 39.900002.
public func pctJSON(_ value: Double) -> JSONValue { .double(EntityGraph.roundedPct(value)) }

/// A percentage for CSV, rounded as ``pctJSON(_:)``.
public func pctCSV(_ value: Double) -> String { JSONValue.format(EntityGraph.roundedPct(value)) }
