/// Multi-pattern string matching (Aho & Corasick, 1975) over UTF-8 bytes, compiled to a
/// deterministic automaton with byte classes.
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
    private var outputStart: [Int32] = []
    private var outputs: [Int32] = []

    /// Builds the automaton for `patterns` (empty patterns are ignored).
    public init(patterns: [String]) {
        self.patterns = patterns
        patternLengths = patterns.map { $0.unicodeScalars.count }
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
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
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
        // Breadth-first: failure links, folded transitions, merged outputs.
        let stateCount = own.count
        var fail = [Int32](repeating: 0, count: stateCount)
        var merged = own
        var queue: [Int] = []
        queue.reserveCapacity(stateCount)
        for c in 0..<classes {
            let child = trie[c]
            if child < 0 { trie[c] = 0 } else { fail[Int(child)] = 0; queue.append(Int(child)) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]; head += 1
            merged[state] += merged[Int(fail[state])]
            for c in 0..<classes {
                let slot = state * classes + c
                let child = trie[slot]
                let viaFail = trie[Int(fail[state]) * classes + c]
                if child < 0 {
                    trie[slot] = viaFail
                } else {
                    fail[Int(child)] = viaFail
                    queue.append(Int(child))
                }
            }
        }
        // Class 0 (bytes in no pattern) always returns to the root.
        table = trie
        outputStart.reserveCapacity(stateCount + 1)
        for state in 0..<stateCount {
            outputStart.append(Int32(outputs.count))
            outputs.append(contentsOf: merged[state])
        }
        outputStart.append(Int32(outputs.count))
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
            for byte in bytes {
                if byte & 0xC0 != 0x80 { characters += 1 }
                state = Int(table[state * classes + Int(byteClass[Int(byte)])])
                let from = Int(outputStart[state]), to = Int(outputStart[state + 1])
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
            for byte in bytes {
                state = Int(table[state * classes + Int(byteClass[Int(byte)])])
                if outputStart[state] < outputStart[state + 1] { return true }
            }
            return false
        }
    }
}
