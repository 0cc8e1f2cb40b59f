import RiskDomain

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
    /// `neutralises`: a rule whose cancelled matches make a text neutral (awareness, victim,
    /// venture contexts); a denial rule (`denial_context`) cancels only the denied words.
    private let rules: [(lexicon: Int, by: Set<Int>, window: Int, neutralises: Bool)]
    private let negativeLexicons: Set<Int>
    private let positiveLexicons: Set<Int>
    /// The longest pattern, in the units of match offsets: bounds how far before a window a
    /// match can start and still reach into it.
    private let longestPattern: Int
    /// The lexicons whose cancelled matches make a text neutral (context rules of news:
    /// an awareness campaign), unlike a disclaimer rule on `financial_words`.
    private let riskLexicons: Set<Int>

    /// Builds the analyser for `model`'s lexicons, rules and sentiment word lists.
    public init(model: RiskModel) {
        var lexicons = model.lexicons
        // One-character words of the sentiment files (差, 骗, 乱…) match inside ordinary words
        // (出差, 差异化, 反诈骗培训) without word segmentation: left out (found by review).
        lexicons["sentiment_file_negative"] = model.sentimentNegative.filter { $0.count > 1 }
        lexicons["sentiment_file_positive"] = model.sentimentPositive.filter { $0.count > 1 }
        let names = lexicons.keys.sorted()
        lexiconNames = names
        var patternIndex: [String: Int] = [:]
        var patterns: [String] = []
        var owners: [[Int]] = []
        for (lexicon, name) in names.enumerated() {
            for term in lexicons[name] ?? [] where !term.isEmpty {
                // One pattern per term as matched (width-blind): its two widths are one term
                // of every lexicon that lists either.
                let key = CreditCode.halfWidth(term)
                if let existing = patternIndex[key] {
                    if !owners[existing].contains(lexicon) { owners[existing].append(lexicon) }
                } else {
                    patternIndex[key] = patterns.count
                    patterns.append(term)
                    owners.append([lexicon])
                }
            }
        }
        automaton = AhoCorasick(patterns: patterns)
        longestPattern = patterns.map(\.utf8.count).max() ?? 0
        self.owners = owners
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        rules = model.textRules.compactMap { rule in
            guard let lexicon = position[rule.lexicon] else { return nil }
            return (lexicon, Set(rule.suppressedBy.compactMap { position[$0] }), rule.window, !rule.suppressedBy.contains("denial_context"))
        }
        negativeLexicons = Set(["negative_words", "sentiment_file_negative", "fundraising_phrases"].compactMap { position[$0] })
        positiveLexicons = Set(["positive_words", "sentiment_file_positive"].compactMap { position[$0] })
        riskLexicons = Set(["fundraising_phrases", "negative_words"].compactMap { position[$0] })
    }

    /// `text` with full-width ASCII folded to half width and ideographic spaces removed, so
    /// that `非法　集资` and `完成Ａ轮融资` read as their lexicon terms (found by review).
    static func folded(_ text: String) -> String {
        let unspaced = text.unicodeScalars.contains { $0.value == 0x3000 }
            ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value != 0x3000 })) : text
        return CreditCode.halfWidth(unspaced)
    }

    /// The first index in `0 ..< count` whose element does not lie `before` (the elements
    /// are ordered so that those that do come first): a binary search.
    static func firstIndex(_ count: Int, notBefore before: (Int) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(mid) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Analyses `text`.
    /// - Complexity: O(|text| + matches × matches in the rule windows): the matches near a
    ///   window are found by binary search over the matches in start order (every match
    ///   against every other was quadratic in the text: a 44,000-character digest took
    ///   minutes; found by review).
    public func analyze(_ text: String) -> Analysis {
        let matches = automaton.matches(in: Self.folded(text))
        let byStart = matches.indices.sorted { (matches[$0].start, $0) < (matches[$1].start, $1) }
        /// Whether a match other than `match` of a lexicon in `by` overlaps `low ..< high`.
        func suppressor(near match: AhoCorasick.Match, low: Int, high: Int, by: Set<Int>) -> Bool {
            // First match starting at or after low − longestPattern (earlier ones end before low).
            let from = low - longestPattern
            var index = Self.firstIndex(byStart.count) { matches[byStart[$0]].start < from }
            while index < byStart.count {
                let other = matches[byStart[index]]
                if other.start >= high { break }
                if other.end > low, other != match, owners[other.pattern].contains(where: by.contains) { return true }
                index += 1
            }
            return false
        }
        var terms: [String: [String]] = [:]
        var suppressed: [String: [String]] = [:]
        var cancelled: [(start: Int, end: Int)] = []
        var cancelledRisk = false
        var kept: [(lexicon: Int, match: AhoCorasick.Match)] = []
        for match in matches {
            for lexicon in owners[match.pattern] {
                var isSuppressed = false, neutralising = false
                for rule in rules where rule.lexicon == lexicon {
                    let low = match.start - rule.window, high = match.end + rule.window
                    if suppressor(near: match, low: low, high: high, by: rule.by) {
                        isSuppressed = true
                        neutralising = rule.neutralises
                        if neutralising { break }
                    }
                }
                let term = automaton.patterns[match.pattern]
                let name = lexiconNames[lexicon]
                if isSuppressed {
                    if !(suppressed[name]?.contains(term) ?? false) { suppressed[name, default: []].append(term) }
                    cancelled.append((match.start, match.end))
                    if riskLexicons.contains(lexicon), neutralising { cancelledRisk = true }
                } else {
                    kept.append((lexicon, match))
                }
            }
        }
        var positive = 0, negative = 0
        // Cancelled spans in start order, searched by binary search (every kept match against
        // every cancelled one was quadratic again; found by review).
        cancelled.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        func inCancelledSpan(_ match: AhoCorasick.Match) -> Bool {
            let from = match.start - longestPattern
            var index = Self.firstIndex(cancelled.count) { cancelled[$0].start < from }
            while index < cancelled.count, cancelled[index].start < match.end {
                if cancelled[index].end > match.start { return true }
                index += 1
            }
            return false
        }
        for (lexicon, match) in kept {
            let name = lexiconNames[lexicon]
            let term = automaton.patterns[match.pattern]
            // Words inside a cancelled phrase (防范非法集资宣传) carry no sentiment either.
            let inCancelled = inCancelledSpan(match)
            if !(terms[name]?.contains(term) ?? false) { terms[name, default: []].append(term) }
            if inCancelled { continue }
            if negativeLexicons.contains(lexicon) { negative += 1 }
            if positiveLexicons.contains(lexicon) { positive += 1 }
        }
        // A text whose only risk vocabulary was cancelled by context (an awareness
        // campaign) is neutral, whatever generic negative words it uses. A disclaimer rule
        // on `financial_words` does not count: 未经批准从事理财业务 in a news item is the
        // illegal business itself, and its complaints stay negative (found by review).
        if cancelledRisk, !kept.contains(where: { lexiconNames[$0.lexicon] == "fundraising_phrases" }) {
            positive = 0; negative = 0
        }
        let total = positive + negative
        let sentiment = total == 0 ? 0 : Double(positive - negative) / Double(total)
        return Analysis(terms: terms, suppressed: suppressed, sentiment: sentiment)
    }

    /// Whether `text` holds a term of `lexicon` (no context rules).
    public func contains(_ lexicon: String, in text: String) -> Bool {
        guard let index = lexiconNames.firstIndex(of: lexicon) else { return false }
        return automaton.matches(in: Self.folded(text)).contains { owners[$0.pattern].contains(index) }
    }
}
