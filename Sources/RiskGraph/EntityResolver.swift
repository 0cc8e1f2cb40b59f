import Foundation

/// Finds the node a user means: a credit code, a person or holder id, or a name.
///
/// Names are tried exactly, then normalised (``EntityNameNormaliser``: full/half width,
/// brackets, 有限责任公司/有限公司, spaces), then fuzzily (containment, or one edit for
/// short names). Several matches at the first stage that has any make the answer
/// ambiguous: the caller lists the candidates and stops. Two persons with one name and
/// different ids stay two candidates. Contact nodes are found by key only (`tel:…`).
/// - Complexity: O(1) for keys; O(total name bytes) per name lookup (a scan, done once per command).
public struct EntityResolver: Sendable {
    /// How a query matched.
    public enum MatchKind: String, Sendable { case key, exactName = "exact_name", normalisedName = "normalised_name", fuzzy }

    /// The outcome of ``resolve(_:)``.
    public enum Resolution: Sendable, Equatable {
        /// One node.
        case found(Int32, MatchKind)
        /// Several candidates at the same stage (at most `maxCandidates`, best first).
        case ambiguous([Int32], MatchKind)
        /// Nothing matched.
        case notFound
    }

    let graph: EntityGraph
    /// Candidates listed at most.
    public var maxCandidates: Int

    public init(graph: EntityGraph, maxCandidates: Int = 20) {
        self.graph = graph
        self.maxCandidates = maxCandidates
    }

    /// Resolves `text` (see the type's documentation).
    public func resolve(_ text: String) -> Resolution {
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty else { return .notFound }
        if let node = graph.node(forKey: query) ?? graph.node(forKey: query.uppercased()) { return .found(node, .key) }
        // An 18-character code-like text that is no key is not a name either: skip the name scans.
        if query.count == 18, query.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return .notFound }
        let named = (0..<graph.nodeCount).lazy.map(Int32.init).filter { !self.graph.kind($0).isAttribute }
        let exact = sortCandidates(named.filter { self.graph.name($0) == query })
        if let answer = answer(exact, .exactName) { return answer }
        let normalisedQuery = EntityNameNormaliser.name(query)
        var normalisedNames: [(Int32, String)] = []
        normalisedNames.reserveCapacity(graph.nodeCount)
        for node in named { normalisedNames.append((node, EntityNameNormaliser.name(graph.name(node)))) }
        if let answer = answer(sortCandidates(normalisedNames.filter { $0.1 == normalisedQuery }.map(\.0)), .normalisedName) {
            return answer
        }
        let queryCount = normalisedQuery.count
        var fuzzy: [(node: Int32, score: Int)] = []
        for (node, name) in normalisedNames where !name.isEmpty {
            if queryCount >= 2 && name.contains(normalisedQuery) {
                fuzzy.append((node, name.count - queryCount))
            } else if name.count >= 2 && normalisedQuery.contains(name) && name.count * 2 >= queryCount {
                fuzzy.append((node, queryCount - name.count))
            } else if queryCount <= 16, abs(name.count - queryCount) <= 1, Self.withinOneEdit(name, normalisedQuery) {
                fuzzy.append((node, 1))
            }
        }
        fuzzy.sort { $0.score != $1.score ? $0.score < $1.score : graph.key($0.node) < graph.key($1.node) }
        return answer(fuzzy.map(\.node), .fuzzy) ?? .notFound
    }

    private func sortCandidates<S: Sequence>(_ nodes: S) -> [Int32] where S.Element == Int32 {
        nodes.sorted { graph.key($0) < graph.key($1) }
    }

    private func answer(_ nodes: [Int32], _ kind: MatchKind) -> Resolution? {
        switch nodes.count {
        case 0: return nil
        case 1: return .found(nodes[0], kind)
        default: return .ambiguous(Array(nodes.prefix(maxCandidates)), kind)
        }
    }

    /// True when `a` and `b` differ by at most one insertion, deletion or substitution.
    static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > 1 { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }
}
