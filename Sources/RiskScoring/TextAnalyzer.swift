/// Local analysis of Chinese text (news, case causes, penalty reasons) against a model's
/// lexicons: multi-pattern matching, context rules that cancel matches, and a sentiment score.
///
/// Built once per model (one Aho-Corasick automaton over every term of every lexicon and
/// the sentiment word lists), then shared read-only.
public struct TextAnalyzer: Sendable {
    /// The result of analysing one text.
    public struct Analysis: Sendable, Equatable {
        /// Terms matched per lexicon after context rules, in text order (a term once).
        public var terms: [String: [String]]
        /// Terms cancelled by a context rule, per lexicon.
        public var suppressed: [String: [String]]
        /// (positive − negative) / (positive + negative) over sentiment words, 0 when none.
        public var sentiment: Double

        public func has(_ lexicon: String) -> Bool { !(terms[lexicon]?.isEmpty ?? true) }
    }

    private let automaton: AhoCorasick
    /// For each pattern: the lexicons it belongs to (a term may sit in several).
    private let owners: [[Int]]
    private let lexiconNames: [String]
    private let rules: [(lexicon: Int, by: Set<Int>, window: Int)]
    private let negativeLexicons: Set<Int>
    private let positiveLexicons: Set<Int>

    /// Builds the analyser for `model`'s lexicons, rules and sentiment word lists.
    public init(model: RiskModel) {
        var lexicons = model.lexicons
        lexicons["sentiment_file_negative"] = model.sentimentNegative
        lexicons["sentiment_file_positive"] = model.sentimentPositive
        let names = lexicons.keys.sorted()
        lexiconNames = names
        var patternIndex: [String: Int] = [:]
        var patterns: [String] = []
        var owners: [[Int]] = []
        for (lexicon, name) in names.enumerated() {
            for term in lexicons[name] ?? [] where !term.isEmpty {
                if let existing = patternIndex[term] {
                    if !owners[existing].contains(lexicon) { owners[existing].append(lexicon) }
                } else {
                    patternIndex[term] = patterns.count
                    patterns.append(term)
                    owners.append([lexicon])
                }
            }
        }
        automaton = AhoCorasick(patterns: patterns)
        self.owners = owners
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        rules = model.textRules.compactMap { rule in
            guard let lexicon = position[rule.lexicon] else { return nil }
            return (lexicon, Set(rule.suppressedBy.compactMap { position[$0] }), rule.window)
        }
        negativeLexicons = Set(["negative_words", "sentiment_file_negative", "fundraising_phrases"].compactMap { position[$0] })
        positiveLexicons = Set(["positive_words", "sentiment_file_positive"].compactMap { position[$0] })
    }

    /// Analyses `text`.
    /// - Complexity: O(|text| + matches × matches in the rule windows).
    public func analyze(_ text: String) -> Analysis {
        let matches = automaton.matches(in: text)
        var terms: [String: [String]] = [:]
        var suppressed: [String: [String]] = [:]
        var cancelled: [(start: Int, end: Int)] = []
        var kept: [(lexicon: Int, match: AhoCorasick.Match)] = []
        for match in matches {
            for lexicon in owners[match.pattern] {
                var isSuppressed = false
                for rule in rules where rule.lexicon == lexicon {
                    let low = match.start - rule.window, high = match.end + rule.window
                    if matches.contains(where: { other in
                        other.end > low && other.start < high && other != match
                            && owners[other.pattern].contains(where: rule.by.contains)
                    }) {
                        isSuppressed = true
                        break
                    }
                }
                let term = automaton.patterns[match.pattern]
                let name = lexiconNames[lexicon]
                if isSuppressed {
                    if !(suppressed[name]?.contains(term) ?? false) { suppressed[name, default: []].append(term) }
                    cancelled.append((match.start, match.end))
                } else {
                    kept.append((lexicon, match))
                }
            }
        }
        var positive = 0, negative = 0
        for (lexicon, match) in kept {
            let name = lexiconNames[lexicon]
            let term = automaton.patterns[match.pattern]
            // Words inside a cancelled phrase (防范非法集资宣传) carry no sentiment either.
            let inCancelled = cancelled.contains { match.start < $0.end && match.end > $0.start }
            if !(terms[name]?.contains(term) ?? false) { terms[name, default: []].append(term) }
            if inCancelled { continue }
            if negativeLexicons.contains(lexicon) { negative += 1 }
            if positiveLexicons.contains(lexicon) { positive += 1 }
        }
        // A text whose only risk vocabulary was cancelled by context (an awareness
        // campaign) is neutral, whatever generic negative words it uses.
        if !cancelled.isEmpty, !kept.contains(where: { lexiconNames[$0.lexicon] == "fundraising_phrases" }) {
            positive = 0; negative = 0
        }
        let total = positive + negative
        let sentiment = total == 0 ? 0 : Double(positive - negative) / Double(total)
        return Analysis(terms: terms, suppressed: suppressed, sentiment: sentiment)
    }

    /// Whether `text` holds a term of `lexicon` (no context rules).
    public func contains(_ lexicon: String, in text: String) -> Bool {
        guard let index = lexiconNames.firstIndex(of: lexicon) else { return false }
        return automaton.matches(in: text).contains { owners[$0.pattern].contains(index) }
    }
}
