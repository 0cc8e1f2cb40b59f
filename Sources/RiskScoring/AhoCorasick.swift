import RiskDomain

/// Multi-pattern string matching (Aho & Corasick, 1975) over UTF-8 bytes, compiled to a
/// deterministic automaton with byte classes.
///
/// Width-blind: full-width ASCII forms (U+FF01–U+FF5E, `Ｐ２Ｐ`) and the ideographic space
/// match as their half-width forms, in the patterns and in the text alike (one character
/// each way, so positions are the text's own). Names, scopes and product names were matched
/// as written, so `Ｐ２Ｐ信息中介` scored 0 where `P2P信息中介` scored 40.5, and a full-width
/// term an analyst added to a word list matched nothing (found by review).
///
/// Bytes that occur in no pattern share class 0, so the transition table is
/// `states × (distinct pattern bytes + 1)` `Int32`s; failure links are folded into the
/// table at build time, so matching is one table lookup per input byte.
/// - Complexity: build O(Σ|pattern| × classes); search O(|text| + matches).
public struct AhoCorasick: Sendable {
    /// A match: the pattern's index and its position in characters (Unicode scalars).
    public struct Match: Sendable, Equatable {
        public var pattern: Int
        /// First character of the match.
        public var start: Int
        /// One past the last character of the match.
        public var end: Int
    }

    public let patterns: [String]
    private let patternLengths: [Int]   // in characters
    private var byteClass = [Int32](repeating: 0, count: 256)
    private var classCount: Int32 = 1
    private var table: [Int32] = []
    /// `outputs[outputStart[s] ..< outputEnd[s]]` are the patterns ending at state `s`.
    private var outputStart: [Int32] = []
    private var outputEnd: [Int32] = []
    private var outputs: [Int32] = []

    /// Builds the automaton for `patterns` (empty patterns are ignored).
    public init(patterns: [String]) {
        self.patterns = patterns
        patternLengths = patterns.map { $0.unicodeScalars.count }
        let patterns = patterns.map(CreditCode.halfWidth)
        for pattern in patterns {
            for byte in pattern.utf8 where byteClass[Int(byte)] == 0 {
                byteClass[Int(byte)] = classCount
                classCount += 1
            }
        }
        let classes = Int(classCount)
        // Trie with dense rows (-1 = no child).
        var trie: [Int32] = Array(repeating: -1, count: classes)
        var own: [[Int32]] = [[]]
        // Patterns equal once folded (`Q币` and `Ｑ币`) end at one state: only the first is
        // reported, so one occurrence is one match (it counted twice, and a neutral news item
        // read negative; found by review).
        var seen: Set<String> = []
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty && seen.insert(pattern).inserted {
            var state = 0
            for byte in pattern.utf8 {
                let slot = state * classes + Int(byteClass[Int(byte)])
                if trie[slot] < 0 {
                    trie[slot] = Int32(own.count)
                    own.append([])
                    trie.append(contentsOf: repeatElement(-1, count: classes))
                }
                state = Int(trie[slot])
            }
            own[state].append(Int32(index))
        }
        // Breadth-first: failure links, folded transitions, merged outputs. A state's outputs
        // are its own patterns then its failure state's (already laid out: BFS visits the
        // shallower failure state first), appended to one flat buffer; the dense table is
        // filled through raw pointers (the sentiment word lists make ~50,000 states × ~70
        // classes, built once per run).
        let stateCount = own.count
        var fail = [Int32](repeating: 0, count: stateCount)
        var start = [Int32](repeating: 0, count: stateCount)
        var end = [Int32](repeating: 0, count: stateCount)
        var flat: [Int32] = own[0]
        end[0] = Int32(flat.count)
        var queue: [Int32] = []
        queue.reserveCapacity(stateCount)
        trie.withUnsafeMutableBufferPointer { trie in
            for c in 0..<classes {
                let child = trie[c]
                if child < 0 { trie[c] = 0 } else { fail[Int(child)] = 0; queue.append(child) }
            }
            var head = 0
            while head < queue.count {
                let state = Int(queue[head]); head += 1
                let failure = Int(fail[state])
                start[state] = Int32(flat.count)
                flat.append(contentsOf: own[state])
                if start[failure] < end[failure] { flat.append(contentsOf: flat[Int(start[failure])..<Int(end[failure])]) }
                end[state] = Int32(flat.count)
                let row = state * classes, failRow = failure * classes
                for c in 0..<classes {
                    let child = trie[row + c]
                    let viaFail = trie[failRow + c]
                    if child < 0 {
                        trie[row + c] = viaFail
                    } else {
                        fail[Int(child)] = viaFail
                        queue.append(child)
                    }
                }
            }
        }
        // Class 0 (bytes in no pattern) always returns to the root.
        table = trie
        outputStart = start
        outputEnd = end
        outputs = flat
    }

    /// Every occurrence of every pattern in `text` (overlaps included), ordered by end
    /// position then pattern index.
    public func matches(in text: String) -> [Match] {
        var result: [Match] = []
        let classes = Int(classCount)
        var state = 0
        var characters = 0
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = Self.folded(bytes, &index)
                if byte & 0xC0 != 0x80 { characters += 1 }
                state = Int(table[state * classes + Int(byteClass[Int(byte)])])
                let from = Int(outputStart[state]), to = Int(outputEnd[state])
                if from < to {
                    for k in from..<to {
                        let pattern = Int(outputs[k])
                        // Report only at the last byte of a character.
                        result.append(Match(pattern: pattern, start: characters - patternLengths[pattern], end: characters))
                    }
                }
            }
        }
        result.sort { ($0.end, $0.pattern) < ($1.end, $1.pattern) }
        return result
    }

    /// Whether any pattern occurs in `text`.
    /// - Complexity: O(|text|), stopping at the first match.
    public func containsAny(_ text: String) -> Bool {
        let classes = Int(classCount)
        var state = 0
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                state = Int(table[state * classes + Int(byteClass[Int(Self.folded(bytes, &index))])])
                if outputStart[state] < outputEnd[state] { return true }
            }
            return false
        }
    }

    /// The byte at `index`, advancing `index` past it; a full-width ASCII form (`EF BC 81` …
    /// `EF BD 9E`) or the ideographic space (`E3 80 80`) is read whole, as its one
    /// half-width byte (``CreditCode/halfWidth(_:)``).
    @inline(__always)
    static func folded(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt8 {
        let byte = bytes[index]
        index += 1
        if byte == 0xEF, index + 1 < bytes.count {
            let second = bytes[index], third = bytes[index + 1]
            if second == 0xBC, (0x81...0xBF).contains(third) { index += 2; return third - 0x81 + 0x21 }
            if second == 0xBD, (0x80...0x9E).contains(third) { index += 2; return third - 0x80 + 0x60 }
        } else if byte == 0xE3, index + 1 < bytes.count, bytes[index] == 0x80, bytes[index + 1] == 0x80 {
            index += 2
            return 0x20
        }
        return byte
    }
}
