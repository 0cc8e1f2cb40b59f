import Foundation

/// An index over the normalised names (``EntityNameNormaliser/name(_:)``) of a graph's
/// named nodes (companies, persons, outside holders), so that ``EntityResolver`` looks a
/// name up without scanning every node:
/// - normalised name → nodes (a ``ByteStringTable`` of the distinct normalised names and
///   the nodes of each, grouped by a counting sort);
/// - Unicode-scalar unigram and bigram → nodes whose normalised name contains it (an
///   inverted index), for the fuzzy stage's candidates.
///
/// Built once per resolver on the first name lookup. The candidate sets are supersets of
/// what the resolver's predicates accept (which it still checks on the strings), so the
/// answers are those of a full scan; the one assumption is that names spelled with
/// different but canonically equivalent Unicode sequences are not expected to match.
/// - Complexity: build O(total name length) time and memory (plus a dictionary lookup per
///   gram); a lookup O(|query|² + candidates).
final class EntityNameIndex: Sendable {
    /// Distinct normalised names.
    let names: ByteStringTable
    /// `groupOffsets[id] ..< groupOffsets[id + 1]` index ``groupNodes``: the nodes whose normalised name is `id`, ascending.
    let groupOffsets: [Int32]
    let groupNodes: [Int32]
    /// Normalised-name id of each node, -1 for attribute nodes.
    let nameIDs: [Int32]
    /// Gram (``unigram(_:)`` / ``bigram(_:_:)``) → posting list id.
    let grams: [UInt64: Int32]
    /// `postingOffsets[g] ..< postingOffsets[g + 1]` index ``postingNodes`` (ascending, distinct).
    let postingOffsets: [Int32]
    let postingNodes: [Int32]
    /// The distinct lengths (in Unicode scalars) of the normalised names, ascending.
    let nameLengths: [Int]

    static func unigram(_ a: UInt32) -> UInt64 { UInt64(a) << 32 | 0xFFFF_FFFF }
    static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    init(graph: EntityGraph) {
        let n = graph.nodeCount
        var names = ByteStringTable(expectedCount: max(1024, n), expectedBytesPerKey: 24)
        var nameIDs = [Int32](repeating: -1, count: n)
        var grams: [UInt64: Int32] = [:]
        var pairGram: [Int32] = [], pairNode: [Int32] = []
        pairGram.reserveCapacity(n * 8); pairNode.reserveCapacity(n * 8)
        var local: [UInt64] = []
        var lengths = Set<Int>()
        for v in 0..<n where !graph.kind(Int32(v)).isAttribute {
            let normalised = EntityNameNormaliser.name(graph.name(Int32(v)))
            nameIDs[v] = names.intern(normalised).id
            lengths.insert(normalised.unicodeScalars.count)
            local.removeAll(keepingCapacity: true)
            var previous: UInt32? = nil
            for scalar in normalised.unicodeScalars {
                local.append(Self.unigram(scalar.value))
                if let previous { local.append(Self.bigram(previous, scalar.value)) }
                previous = scalar.value
            }
            local.sort()
            var last: UInt64? = nil
            for gram in local where gram != last {
                last = gram
                let id: Int32
                if let known = grams[gram] { id = known } else { id = Int32(grams.count); grams[gram] = id }
                pairGram.append(id); pairNode.append(Int32(v))
            }
        }
        // Nodes of each normalised name (counting sort; nodes ascending).
        let distinct = names.count
        var groupOffsets = [Int32](repeating: 0, count: distinct + 1)
        for id in nameIDs where id >= 0 { groupOffsets[Int(id) + 1] += 1 }
        for i in 0..<distinct { groupOffsets[i + 1] += groupOffsets[i] }
        var groupNodes = [Int32](repeating: 0, count: Int(groupOffsets[distinct]))
        var fill = groupOffsets
        for (v, id) in nameIDs.enumerated() where id >= 0 { groupNodes[Int(fill[Int(id)])] = Int32(v); fill[Int(id)] += 1 }
        // Posting lists (counting sort by gram; nodes ascending because pairs come in node order).
        let gramCount = grams.count
        var postingOffsets = [Int32](repeating: 0, count: gramCount + 1)
        for g in pairGram { postingOffsets[Int(g) + 1] += 1 }
        for i in 0..<gramCount { postingOffsets[i + 1] += postingOffsets[i] }
        var postingNodes = [Int32](repeating: 0, count: pairGram.count)
        fill = postingOffsets
        for i in pairGram.indices { let g = Int(pairGram[i]); postingNodes[Int(fill[g])] = pairNode[i]; fill[g] += 1 }

        self.names = names; self.nameIDs = nameIDs; self.grams = grams
        self.nameLengths = lengths.sorted()
        self.groupOffsets = groupOffsets; self.groupNodes = groupNodes
        self.postingOffsets = postingOffsets; self.postingNodes = postingNodes
    }

    /// The nodes whose normalised name is `normalised` (ascending).
    func nodes(normalised: String) -> ArraySlice<Int32> {
        guard let id = names.find(normalised) else { return [] }
        return groupNodes[Int(groupOffsets[Int(id)]) ..< Int(groupOffsets[Int(id) + 1])]
    }

    /// The normalised name of `node` (empty for attribute nodes).
    func normalisedName(_ node: Int32) -> String {
        let id = nameIDs[Int(node)]
        return id < 0 ? "" : names.string(id)
    }

    /// A superset of the nodes whose normalised name contains the scalars `part` in a row:
    /// the shortest posting list among its bigrams (its unigram when it has one scalar).
    func candidates(containing part: [UInt32]) -> ArraySlice<Int32> {
        guard let first = part.first else { return [] }
        var keys: [UInt64] = part.count == 1 ? [Self.unigram(first)] : []
        if part.count > 1 { for i in 1..<part.count { keys.append(Self.bigram(part[i - 1], part[i])) } }
        var best: ArraySlice<Int32>? = nil
        for key in keys {
            guard let g = grams[key] else { return [] }
            let list = postingNodes[Int(postingOffsets[Int(g)]) ..< Int(postingOffsets[Int(g) + 1])]
            if let current = best, current.count <= list.count { continue }
            best = list
        }
        return best ?? []
    }
}

/// Holds a resolver's ``EntityNameIndex``, built on first use (thread-safe).
final class EntityNameIndexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var index: EntityNameIndex?

    func index(for graph: EntityGraph) -> EntityNameIndex {
        lock.lock()
        defer { lock.unlock() }
        if let index { return index }
        let built = EntityNameIndex(graph: graph)
        index = built
        return built
    }
}
