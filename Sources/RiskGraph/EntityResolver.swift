import Foundation
import GRDB
import RiskDomain

/// Finds the node a user means: a credit code, a person or holder id, or a name.
///
/// Names are tried exactly, then normalised (``EntityNameNormaliser``: full/half width,
/// brackets, 有限责任公司/有限公司, spaces), then fuzzily (containment, or one edit for
/// short names). Several matches at the first stage that has any make the answer
/// ambiguous: the caller lists the candidates and stops. Two persons with one name and
/// different ids stay two candidates. Contact nodes are found by key only (`tel:…`).
/// Names are looked up in an ``EntityNameIndex`` built on the resolver's first name
/// lookup (reuse one resolver for several lookups).
/// - Complexity: O(1) for keys; the index build O(total name length) once; a name
///   lookup O(|query| × Σ name lengths ≤ |query| tried as substrings + candidates sharing
///   the query's rarest bigram or half).
public struct EntityResolver: Sendable {
    /// How a query matched.
    public enum MatchKind: String, Sendable { case key, exactName = "exact_name", normalisedName = "normalised_name", formerName = "former_name", fuzzy }

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

    private let cache = EntityNameIndexCache()

    /// Former company names (曾用名): exact name → credit codes, normalised name → credit codes.
    private let formerExact: [String: [String]], formerNormalised: [String: [String]]

    /// A resolver over `graph`; `formerNames` (credit code, name), e.g. from
    /// ``formerNames(_:)``, lets a company be found by a name it no longer has, after its
    /// current names and before fuzzy matches (an old name is the regulator's exact word, a
    /// fuzzy match a guess).
    public init(graph: EntityGraph, maxCandidates: Int = 20, formerNames: [(code: String, name: String)] = []) {
        self.graph = graph
        self.maxCandidates = maxCandidates
        var exact: [String: [String]] = [:], normalised: [String: [String]] = [:]
        for (code, name) in formerNames {
            exact[name, default: []].append(code)
            normalised[EntityNameNormaliser.name(name), default: []].append(code)
        }
        formerExact = exact.mapValues { Array(Set($0)).sorted() }
        formerNormalised = normalised.mapValues { Array(Set($0)).sorted() }
    }

    /// Every former company name in the store (``EntityResolver/init(graph:maxCandidates:formerNames:)``).
    public static func formerNames(_ db: Database) throws -> [(code: String, name: String)] {
        try Row.fetchAll(db, sql: "SELECT credit_code, name FROM company_former_name ORDER BY credit_code, name").map { ($0[0], $0[1]) }
    }

    /// Resolves `text` (see the type's documentation). With `companiesOnly` (a command that
    /// asks for a company: owners, group), names find companies only: a person who bears a
    /// company's former name or a similar name does not stand in its way (found by review).
    /// A key is answered whatever it names, so the caller can say it is no company.
    /// `visible`: the nodes the reader may see (a region-limited token); the others match at
    /// no stage, so a hidden company's name neither answers nor stops the search before the
    /// stage that finds a visible one (found by review: "none" told that an outside company
    /// has that exact name).
    public func resolve(_ text: String, companiesOnly: Bool = false, visible: ((Int32) -> Bool)? = nil) -> Resolution {
        guard companiesOnly else { return resolve(text, companiesOnly: false, visible: visible, stage: ()) }
        // A company by a name it has or had comes first; else a person's or holder's own name
        // (exact or normalised) is answered, so the caller can say it is no company, rather
        // than "nothing matches" or a company only loosely like it (found by review).
        let companies = resolve(text, companiesOnly: true, visible: visible, stage: ())
        switch companies {
        case .found(_, let how) where how != .fuzzy: return companies
        case .ambiguous(_, let how) where how != .fuzzy: return companies
        default: break
        }
        let any = resolve(text, companiesOnly: false, visible: visible, stage: ())
        switch any {
        case .found(_, let how) where how != .fuzzy: return any
        case .ambiguous(_, let how) where how != .fuzzy: return any
        default: return companies == .notFound ? any : companies
        }
    }

    private func resolve(_ text: String, companiesOnly: Bool, visible: ((Int32) -> Bool)?, stage: Void) -> Resolution {
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty else { return .notFound }
        if let node = graph.node(forKey: query) { return visible.map { $0(node) } ?? true ? .found(node, .key) : .notFound }
        // A credit code may be typed in lower case, or in full width on a Chinese keyboard
        // (`９１３３…`, folded as watch lists fold codes; found by review: search found no
        // such code); person and holder ids are opaque and case-sensitive (`AB12` and `ab12`
        // are two persons), so only a code-shaped text is tried folded and upper-cased. A
        // code-shaped text that is no key goes on to the names: a holder may be named
        // `TENCENTHOLDINGSLTD`.
        let halfWidth = CreditCode.halfWidth(query)
        if CreditCode.hasCodeShape(halfWidth), let node = graph.node(forKey: halfWidth.uppercased()) {
            return visible.map { $0(node) } ?? true ? .found(node, .key) : .notFound
        }
        let index = cache.index(for: graph)
        let normalisedQuery = EntityNameNormaliser.name(query)
        // name == query implies equal normalised names: the exact matches are in the group.
        let allowed = { (node: Int32) in (!companiesOnly || self.graph.kind(node) == .company) && (visible?(node) ?? true) }
        let group = index.nodes(normalised: normalisedQuery).filter(allowed)
        // Companies that had the name (曾用名), exactly or normalised, present in the graph.
        func formerly(_ codes: [String]?, besides current: [Int32]) -> [Int32] {
            (codes ?? []).compactMap { graph.node(forKey: $0) }.filter { !current.contains($0) && allowed($0) }
        }
        // A name one company has now and another had is ambiguous, as in watch-list matching:
        // the current holder was answered silently while `score` asked for a person (found by
        // review). Else a current name, exactly then normalised, then a former one.
        let exact = sortCandidates(group.filter { self.graph.name($0) == query })
        if !exact.isEmpty {
            let had = formerly(formerExact[query], besides: exact)
            return had.isEmpty ? answer(exact, .exactName)! : .ambiguous(Array((exact + had).prefix(maxCandidates)), .exactName)
        }
        let normalised = sortCandidates(group)
        if !normalised.isEmpty {
            let had = formerly(formerNormalised[normalisedQuery], besides: normalised)
            return had.isEmpty ? answer(normalised, .normalisedName)! : .ambiguous(Array((normalised + had).prefix(maxCandidates)), .normalisedName)
        }
        for codes in [formerExact[query], formerNormalised[normalisedQuery]] {
            if let answer = answer(formerly(codes, besides: []), .formerName) { return answer }
        }

        // Fuzzy: containment either way, or one edit for short names. Candidates are a
        // superset of the nodes these tests accept (see fuzzyCandidates); the tests decide.
        let queryCount = normalisedQuery.count
        /// How far `name` is from the query, nil when no fuzzy test passes.
        func distance(_ name: String) -> Int? {
            if name.isEmpty { return nil }
            if queryCount >= 2 && name.contains(normalisedQuery) { return name.count - queryCount }
            if name.count >= 2 && normalisedQuery.contains(name) && name.count * 2 >= queryCount { return queryCount - name.count }
            if queryCount <= 16, abs(name.count - queryCount) <= 1, Self.withinOneEdit(name, normalisedQuery) { return 1 }
            return nil
        }
        var fuzzy: [(node: Int32, score: Int)] = []
        for node in fuzzyCandidates(normalisedQuery, index: index) where allowed(node) {
            if let score = distance(index.normalisedName(node)) { fuzzy.append((node, score)) }
        }
        // No current name is close: the former names (曾用名) by the same tests, a scan of
        // the few there are (found by review: 杭州甲控股 did not find the company formerly
        // called 杭州甲控股有限公司, whose full former name did).
        if fuzzy.isEmpty {
            var best: [Int32: Int] = [:]
            for (name, codes) in formerNormalised {
                guard let score = distance(name) else { continue }
                for node in formerly(codes, besides: []) { best[node] = min(best[node] ?? score, score) }
            }
            fuzzy = best.map { ($0.key, $0.value) }
        }
        fuzzy.sort { $0.score != $1.score ? $0.score < $1.score : graph.key($0.node) < graph.key($1.node) }
        return answer(fuzzy.map(\.node), .fuzzy) ?? .notFound
    }

    /// Distinct nodes that may pass a fuzzy test for the normalised query `q`:
    /// - names containing `q`: they contain every bigram of `q` (its rarest one's list);
    /// - names contained in `q`: each is a substring of `q`, looked up exactly;
    /// - names one edit from `q` (at most 16 characters): the edit spares one half of `q`
    ///   (split at a character boundary), so the name contains the other half.
    /// A query of fewer than two characters gets every named node (a scan).
    private func fuzzyCandidates(_ q: String, index: EntityNameIndex) -> [Int32] {
        let characters = Array(q)
        guard characters.count >= 2 else {
            return (0..<graph.nodeCount).map(Int32.init).filter { !graph.kind($0).isAttribute }
        }
        let scalars = q.unicodeScalars.map(\.value)
        var found: [Int32] = Array(index.candidates(containing: scalars))
        // Substrings of q (by scalars) long enough to be a name of >= max(2, ceil(count / 2))
        // characters, of the lengths some name has: trying every length made a 10 KB query
        // cost O(|q|³) (minutes) though no name is that long.
        let shortest = max(2, (characters.count + 1) / 2)
        for length in index.nameLengths where length >= shortest {
            if length > scalars.count { break }
            for start in 0...(scalars.count - length) {
                var piece = String.UnicodeScalarView()
                for value in scalars[start ..< start + length] { if let s = Unicode.Scalar(value) { piece.append(s) } }
                found.append(contentsOf: index.nodes(normalised: String(piece)))
            }
        }
        if characters.count <= 16 {
            let half = characters.count / 2
            for part in [characters[..<half], characters[half...]] {
                let partScalars = String(part).unicodeScalars.map(\.value)
                found.append(contentsOf: index.candidates(containing: partScalars))
            }
        }
        found.sort()
        var distinct: [Int32] = []
        distinct.reserveCapacity(found.count)
        for node in found where distinct.last != node { distinct.append(node) }
        return distinct
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
