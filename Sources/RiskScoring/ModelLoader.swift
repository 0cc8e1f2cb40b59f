import Foundation
import RiskDomain
import RiskStore
import Yams

/// Reads a ``RiskModel`` from YAML, checking every field with its line and column.
///
/// The YAML is composed into nodes (keeping their marks) and read by hand rather than
/// decoded, so that an unknown feature, a wrong type or a missing field is reported at the
/// line that holds it. Unknown keys are errors too (a misspelt key must not be ignored).
public enum ModelLoader {
    /// The model file a command uses when none is given: `$RISKBRAIN_MODEL`, else
    /// `models/illegal-fundraising.yaml` in the working directory, else in the folder of
    /// `executable` or one above it (a binary under `.build/` finds the repository's); nil
    /// when there is none (no model is built in). Shared by `riskbrain` and `riskbrain-serve`.
    public static func defaultLocation(executable: String) -> String? {
        let relative = defaultRelativePath
        if let fromEnvironment = ProcessInfo.processInfo.environment["RISKBRAIN_MODEL"], !fromEnvironment.isEmpty { return fromEnvironment }
        let manager = FileManager.default
        if manager.fileExists(atPath: relative) { return relative }
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.pathComponents.count > 1 {
            let candidate = directory.appendingPathComponent(relative).path
            if manager.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// `models/illegal-fundraising.yaml`: the repository's model, relative to its root.
    public static let defaultRelativePath = "models/illegal-fundraising.yaml"

    /// Loads the model file at `path` (its sha256 covers the file and the word files it reads:
    /// see ``modelDigest(yaml:files:)``).
    /// The word files the model at `path` names (`sentiment_files`), as paths (relative ones
    /// beside the model); empty when the file cannot be read or parsed. For commands that
    /// must not overwrite an input.
    public static func wordFiles(path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              YAMLAliasScan.firstAlias(in: text) == nil, let root = try? Yams.compose(yaml: text), let files = root["sentiment_files"]?.mapping else { return [] }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return files.values.flatMap { $0.sequence.map { Array($0) } ?? [] }.compactMap(\.string).map {
            $0.hasPrefix("/") ? $0 : directory + "/" + $0
        }
    }

    public static func load(path: String) throws -> RiskModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(file: path, line: 0, column: 0, reason: "cannot read the model file")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try load(data: data, file: path, directory: directory)
    }

    /// Loads a model from `data`; `file` names it in errors, `directory` resolves the
    /// relative paths of `sentiment_files`.
    public static func load(data: Data, file: String, directory: String? = nil) throws -> RiskModel {
        if let bad = invalidUTF8(data) {
            throw ModelError(file: file, line: bad.line, column: bad.column,
                             reason: "the model file is not UTF-8 (\(bad.bytes) here); save it as UTF-8 (a GBK/GB18030 or UTF-16 file reads so)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError(file: file, line: 0, column: 0, reason: "the model file is not UTF-8; save it as UTF-8")
        }
        if let alias = YAMLAliasScan.firstAlias(in: text) {
            throw ModelError(file: file, line: alias.line, column: alias.column,
                             reason: "a YAML alias (*name) is not allowed in a model file: write the value out (an alias can stand for billions of nodes)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ModelError(file: file, line: 0, column: 0, reason: "the model file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
        var reader = NodeReader(file: file)
        var model = try reader.model(root, directory: directory)
        model.sha256 = modelDigest(yaml: data, files: reader.filesRead)
        return model
    }

    /// The model's sha256: over the YAML bytes, then, for every file the model reads, sorted
    /// by its path as written in the YAML (UTF-8 byte order), a NUL, the path, a NUL, the
    /// file's length in bytes as decimal digits, a NUL and the file's bytes — as
    /// `{ cat M.yaml; printf '\0%s\0%d\0' P "$(wc -c < P)"; cat P; … } | sha256sum`. A model
    /// that reads no file keeps the sha256 of its YAML bytes. Editing a word list changes
    /// scores, so it must change the sha256 a report carries.
    static func modelDigest(yaml: Data, files: [(path: String, data: Data)]) -> String {
        var digest = Digest()
        digest.update(yaml)
        let sorted = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for file in sorted {
            digest.update("\0\(file.path)\0\(file.data.count)\0")
            digest.update(file.data)
        }
        return digest.finalize()
    }

    /// The place of the first byte sequence of `data` that is not UTF-8, nil when all is:
    /// its 1-based line and column (columns count Unicode scalars, as Yams's marks do) and
    /// the offending bytes in hex.
    /// - Complexity: O(n) in the bytes.
    static func invalidUTF8(_ data: Data) -> (line: Int, column: Int, bytes: String)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var line = 1, column = 1, offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if Unicode.UTF8.decode(encoded) == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return nil
            case .error(let length):
                let start = data.startIndex + offset
                let bytes = data[start..<start + length].map { "0x" + String(format: "%02X", $0) }.joined(separator: " ")
                return (line, column, bytes)
            }
        }
    }

    /// The line and column of the next `key:` (plain, or in single or double quotes) at the
    /// same column as the block-mapping key at `first`, before the mapping ends (a line less
    /// indented); nil in a flow mapping or when not found.
    static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.components(separatedBy: "\n")
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let indent = first.column - 1
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        for index in first.line..<lines.count {
            let line = lines[index]
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let column = line.count - content.count
            if column < indent { return nil }
            guard column == indent else { continue }
            for spelling in spellings where content.hasPrefix(spelling) {
                let rest = content.dropFirst(spelling.count).drop { $0 == " " }
                if rest.hasPrefix(":") { return (index + 1, column + 1) }
            }
        }
        return nil
    }

    static func yamlError(_ error: YamlError, file: String) -> ModelError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ModelError(file: file, line: mark.line, column: mark.column, reason: "YAML syntax: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams's own description carries the whole file: only the keys and a place are kept.
            // Yams marks the first of the two keys; the analyst who just added the second was
            // sent to the line that was already right (found by review): the repeat's place,
            // found in a block mapping as the next line at the same indentation with that key,
            // with the first's line in the message.
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            let reason = "YAML: a mapping repeats the key\(duplicates.count > 1 ? "s" : "") \(keys)"
            if duplicates.count == 1, let second = repeatedKey(duplicates[0], after: context.mark, in: context.text) {
                return ModelError(file: file, line: second.line, column: second.column,
                                  reason: reason + " (first at line \(context.mark.line))")
            }
            return ModelError(file: file, line: context.mark.line, column: context.mark.column, reason: reason)
        case let .reader(problem, offset, value, yaml):
            // A bad byte or control character: its byte offset made a line and column (the
            // default description echoed the raw character, with no file:line:column).
            // Yams gives the offset in Characters; columns count Unicode scalars, as its marks do.
            let characters = Array(yaml)
            let end = min(max(offset ?? 0, 0), characters.count)
            let before = characters[..<end]
            let lineStart = before.lastIndex(where: \.isNewline).map { $0 + 1 } ?? 0
            let column = characters[lineStart..<end].reduce(0) { $0 + $1.unicodeScalars.count } + 1
            let character = value >= 0 ? " (U+\(String(format: "%04X", value)))" : ""
            return ModelError(file: file, line: before.filter(\.isNewline).count + 1, column: column,
                              reason: "YAML: \(problem)\(character)")
        default:
            return ModelError(file: file, line: 0, column: 0, reason: "YAML: \(error)")
        }
    }
}

/// Reads typed values out of YAML nodes, throwing ``ModelError`` at the node's mark.
struct NodeReader {
    let file: String
    /// The word files read, with the path as written in the YAML (for the model's sha256).
    var filesRead: [(path: String, data: Data)] = []

    init(file: String) { self.file = file }

    func error(_ node: Node?, _ reason: String) -> ModelError {
        ModelError(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, reason: reason)
    }

    /// The mapping's entries by key, rejecting keys not in `allowed`.
    func mapping(_ node: Node, _ what: String, allowed: Set<String>) throws -> [String: Node] {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "\(what): keys must be text") }
            guard allowed.contains(name) else {
                throw error(key, "\(what): unknown key `\(name)` (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    func required(_ fields: [String: Node], _ key: String, in parent: Node, _ what: String) throws -> Node {
        guard let node = fields[key] else { throw error(parent, "\(what): missing field `\(key)`") }
        return node
    }

    func string(_ node: Node, _ what: String) throws -> String {
        guard let scalar = node.scalar, node.tag.description != "tag:yaml.org,2002:null" else {
            throw error(node, "\(what) must be text")
        }
        let text = scalar.string
        guard !text.isEmpty else { throw error(node, "\(what) must not be empty") }
        return text
    }

    /// ``string(_:_:)`` that must be one line: the tables, CSV, reports and console print it in
    /// a cell or a heading (a model id or level name with a line break printed broken lines;
    /// found by review). A trailing line break of a YAML block is not part of it.
    func line(_ node: Node, _ what: String) throws -> String {
        let text = try string(node, what).trimmingCharacters(in: .newlines)
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
            throw error(node, "\(what) must be one line (no line breaks or control characters)")
        }
        return text
    }

    /// A number written in decimal: an optional sign, digits, an optional fraction and
    /// exponent (`30`, `-0.5`, `.5`, `1e3`), read as decimal. YAML 1.1 reads other spellings as
    /// numbers a model author does not mean: `1:30` as 90 (base 60; a mistyped time or ratio
    /// passed `model check`, found by fuzzing), `3_1` as 31, `0x1F` as 31, `030` as 24 (octal),
    /// `.inf` as infinity. Those are refused; a leading zero is read as decimal (`030` is 30).
    func number(_ node: Node, _ what: String) throws -> Double {
        guard let scalar = node.scalar, let value = Self.decimal(scalar.string), value.isFinite else {
            throw error(node, "\(what) must be a number, not `\(node.scalar?.string ?? "a collection")`")
        }
        return value
    }

    /// A whole number written in decimal digits with an optional sign (see ``number(_:_:)``).
    func integer(_ node: Node, _ what: String) throws -> Int {
        guard let scalar = node.scalar, Self.isDecimal(scalar.string, fraction: false), let value = Int(scalar.string) else {
            throw error(node, "\(what) must be a whole number, not `\(node.scalar?.string ?? "a collection")`")
        }
        return value
    }

    /// The value of `text` when it is a decimal number (``isDecimal(_:fraction:)``).
    static func decimal(_ text: String) -> Double? {
        guard isDecimal(text, fraction: true) else { return nil }
        return Double(text)
    }

    /// True when `text` is `[+-]?digits`, with `fraction` also `[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?`.
    static func isDecimal(_ text: String, fraction: Bool) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            var count = 0
            while let b = bytes.first, b >= 48, b <= 57 { bytes.removeFirst(); count += 1 }
            return count
        }
        if let b = bytes.first, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { bytes.removeFirst() }
        var mantissa = digits()
        if fraction, bytes.first == UInt8(ascii: ".") { bytes.removeFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if fraction, let b = bytes.first, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    func sequence(_ node: Node, _ what: String) throws -> [Node] {
        guard let sequence = node.sequence else { throw error(node, "\(what) must be a list") }
        return Array(sequence)
    }

    /// A number in `range`, else an error at the node naming the range.
    func number(_ node: Node, _ what: String, in range: ClosedRange<Double>) throws -> Double {
        let value = try number(node, what)
        guard range.contains(value) else {
            throw error(node, "\(what) must be between \(JSONValue.format(range.lowerBound)) and \(JSONValue.format(range.upperBound)), not \(JSONValue.format(value))")
        }
        return value
    }

    /// Points an indicator adds: 0–100. A negative one would lower a score without any
    /// reason saying so (the reasons list what adds).
    func points(_ node: Node, _ what: String) throws -> Double { try number(node, what, in: 0...100) }

    func unit(_ node: Node, _ what: String) throws -> Double {
        let value = try number(node, what)
        guard (0...1).contains(value) else { throw error(node, "\(what) must be between 0 and 1") }
        return value
    }

    mutating func model(_ root: Node, directory: String?) throws -> RiskModel {
        let top = try mapping(root, "model", allowed: [
            "id", "version", "description", "benchmark_yield", "young_company_years", "hollow_capital_min",
            "negative_sentiment", "windows", "indicators", "lexicons", "text_rules", "sentiment_files",
            "network", "combine", "levels", "public_offering_licences", "dispositions",
        ])
        func field(_ key: String) throws -> Node { try required(top, key, in: root, "model") }
        let id = try line(field("id"), "id")
        let version = try line(field("version"), "version")
        let description = try string(field("description"), "description")
        // Ranges a regulator's edit could miss (found by review: benchmark_yield -31 gave a
        // bank's 3% product 承诺收益明显高于市场基准（34.2）+30): a yield in % per year, a
        // capital in 万元, a sentiment score on the -1…1 scale news carry.
        let benchmark = try number(field("benchmark_yield"), "benchmark_yield", in: 0...100)
        let young = try number(field("young_company_years"), "young_company_years")
        // The feature counts days (`Int(years × 365.25)`): a huge value would trap there.
        guard (0...100).contains(young) else {
            throw error(top["young_company_years"], "young_company_years must be between 0 and 100 (years)")
        }
        let hollow = try number(field("hollow_capital_min"), "hollow_capital_min", in: 0...1e9)
        let negative = try number(field("negative_sentiment"), "negative_sentiment", in: -1...1)

        let windowNode = try field("windows")
        let windowFields = try mapping(windowNode, "windows", allowed: ["litigation_days", "compliance_days", "news_days", "change_days", "product_days"])
        func window(_ key: String) throws -> Int {
            let node = try required(windowFields, key, in: windowNode, "windows")
            let value = try integer(node, "windows.\(key)")
            guard value > 0 else { throw error(node, "windows.\(key) must be positive") }
            return value
        }
        var windows = RiskModel.Windows(litigationDays: try window("litigation_days"), complianceDays: try window("compliance_days"),
                                        newsDays: try window("news_days"), changeDays: try window("change_days"))
        if windowFields["product_days"] != nil { windows.productDays = try window("product_days") }

        // Lexicons.
        let lexiconNode = try field("lexicons")
        guard let lexiconMapping = lexiconNode.mapping else { throw error(lexiconNode, "lexicons must be a mapping of name to a list of terms") }
        var lexicons: [String: [String]] = [:]
        var lexiconKeys: [String: Node] = [:]
        for (key, value) in lexiconMapping {
            let name = try string(key, "lexicon name")
            lexiconKeys[name] = key
            lexicons[name] = try sequence(value, "lexicon `\(name)`").map { try string($0, "a term of lexicon `\(name)`") }
        }
        for name in RiskModel.requiredLexicons where lexicons[name] == nil {
            throw error(lexiconNode, "lexicons: missing lexicon `\(name)`")
        }

        var rules: [RiskModel.TextRule] = []
        if let rulesNode = top["text_rules"] {
            for ruleNode in try sequence(rulesNode, "text_rules") {
                let fields = try mapping(ruleNode, "text rule", allowed: ["lexicon", "suppressed_by", "window"])
                let lexicon = try string(required(fields, "lexicon", in: ruleNode, "text rule"), "text rule lexicon")
                guard lexicons[lexicon] != nil else { throw error(fields["lexicon"], "text rule: unknown lexicon `\(lexicon)`") }
                // A rule nothing applies was accepted and silently had no effect.
                guard RiskModel.ruleLexicons.contains(lexicon) else {
                    throw error(fields["lexicon"], "text rule: no rule on lexicon `\(lexicon)` is applied (rules apply to \(RiskModel.ruleLexicons.map { "`\($0)`" }.joined(separator: ", ")); see the README's text analysis)")
                }
                if lexicon == "financial_words", rules.contains(where: { $0.lexicon == lexicon }) {
                    throw error(fields["lexicon"], "text rule: names and scopes read only the first rule on `financial_words`; give one")
                }
                let byNode = try required(fields, "suppressed_by", in: ruleNode, "text rule")
                var by: [String] = []
                for node in try sequence(byNode, "suppressed_by") {
                    let name = try string(node, "suppressed_by lexicon")
                    guard lexicons[name] != nil else { throw error(node, "text rule: unknown lexicon `\(name)`") }
                    by.append(name)
                }
                // Names and scopes cancel financial words by `scope_negations` only (its window is the rule's).
                if lexicon == "financial_words", by != ["scope_negations"] {
                    throw error(byNode, "text rule: names and scopes cancel `financial_words` by `scope_negations` only; suppressed_by must be [scope_negations]")
                }
                let windowNode = try required(fields, "window", in: ruleNode, "text rule")
                let window = try integer(windowNode, "text rule window")
                // The analyser computes `match.start - window`: a huge window would overflow there.
                guard (0...1000).contains(window) else {
                    throw error(windowNode, "text rule window must be between 0 and 1000 characters")
                }
                rules.append(.init(lexicon: lexicon, suppressedBy: by, window: window))
            }
        }

        // A lexicon is read by name (the features, the charge classifier) or as a rule's
        // suppressor; any other was accepted and unused.
        let suppressors = Set(rules.flatMap(\.suppressedBy))
        for name in lexicons.keys.sorted() where !RiskModel.namedLexicons.contains(name) && !suppressors.contains(name) {
            throw error(lexiconKeys[name], "lexicons: nothing reads lexicon `\(name)` (lexicons are read by name — \(RiskModel.namedLexicons.joined(separator: ", ")) — or as a text rule's suppressed_by)")
        }

        // Indicators.
        let indicatorsNode = try field("indicators")
        var indicators: [RiskModel.Indicator] = []
        var seen = Set<String>()
        for node in try sequence(indicatorsNode, "indicators") {
            let indicator = try self.indicator(node)
            guard seen.insert(indicator.id).inserted else { throw error(node, "indicator `\(indicator.id)` is defined twice") }
            indicators.append(indicator)
        }
        guard !indicators.isEmpty else { throw error(indicatorsNode, "indicators: the model has none") }

        let network = try self.network(field("network"))

        // Word files last, so that a structural error is reported first.
        var sentimentNegative: [String] = [], sentimentPositive: [String] = []
        if let filesNode = top["sentiment_files"] {
            let fields = try mapping(filesNode, "sentiment_files", allowed: ["negative", "positive"])
            // In file order (the dictionary's order varied between runs, and with it which
            // of two missing files the error named).
            let lists = fields.sorted { ($0.value.mark?.line ?? 0, $0.value.mark?.column ?? 0) < ($1.value.mark?.line ?? 0, $1.value.mark?.column ?? 0) }
            for (key, node) in lists {
                for pathNode in try sequence(node, "sentiment_files.\(key)") {
                    let relative = try string(pathNode, "a sentiment file")
                    let path = relative.hasPrefix("/") || directory == nil ? relative : directory! + "/" + relative
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw error(pathNode, "cannot read sentiment file \(path)")
                    }
                    if let bad = ModelLoader.invalidUTF8(data) {
                        throw error(pathNode, "sentiment file \(path) is not UTF-8 at its line \(bad.line), column \(bad.column) (\(bad.bytes)); save it as UTF-8")
                    }
                    guard let text = String(data: data, encoding: .utf8) else {
                        throw error(pathNode, "sentiment file \(path) is not UTF-8; save it as UTF-8")
                    }
                    filesRead.append((relative, data))
                    let words = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    if key == "negative" { sentimentNegative += words } else { sentimentPositive += words }
                }
            }
        }


        // Combination.
        let combineNode = try field("combine")
        let combineFields = try mapping(combineNode, "combine", allowed: ["weights", "max_factor", "max_factor_dimensions"])
        let weightsNode = try required(combineFields, "weights", in: combineNode, "combine")
        let weightFields = try mapping(weightsNode, "combine.weights", allowed: Set(RiskModel.Dimension.allCases.map(\.rawValue)))
        var combineWeights: [RiskModel.Dimension: Double] = [:]
        for dimension in RiskModel.Dimension.allCases {
            combineWeights[dimension] = try unit(required(weightFields, dimension.rawValue, in: weightsNode, "combine.weights"), "combine.weights.\(dimension.rawValue)")
        }
        let weightSum = combineWeights.values.reduce(0, +)
        guard abs(weightSum - 1) < 1e-6 else {
            throw error(weightsNode, "combine.weights must add up to 1, not \(JSONValue.format((weightSum * 1e6).rounded() / 1e6))")
        }
        let maxFactor = try unit(required(combineFields, "max_factor", in: combineNode, "combine"), "combine.max_factor")
        var maxFactorDimensions = RiskModel.Dimension.allCases
        if let node = combineFields["max_factor_dimensions"] {
            maxFactorDimensions = []
            for item in try sequence(node, "combine.max_factor_dimensions") {
                let name = try string(item, "combine.max_factor_dimensions")
                guard let dimension = RiskModel.Dimension(rawValue: name) else {
                    throw error(item, "combine.max_factor_dimensions: unknown dimension `\(name)` (one of \(RiskModel.Dimension.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard !maxFactorDimensions.contains(dimension) else { throw error(item, "combine.max_factor_dimensions names `\(name)` twice") }
                maxFactorDimensions.append(dimension)
            }
            // An empty list was shown as "0.9×highest of )": it turned the max factor off unsaid.
            guard !maxFactorDimensions.isEmpty else {
                throw error(node, "combine.max_factor_dimensions must name at least one dimension (leave it out for all four; to turn the max factor off, set combine.max_factor: 0)")
            }
        }

        // Licences that allow public offering.
        var publicOffering: Set<LicenceKind> = []
        if let node = top["public_offering_licences"] {
            for item in try sequence(node, "public_offering_licences") {
                let name = try string(item, "public_offering_licences")
                guard let kind = LicenceKind(rawValue: name) else {
                    throw error(item, "public_offering_licences: unknown licence `\(name)` (one of \(LicenceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard publicOffering.insert(kind).inserted else { throw error(item, "public_offering_licences names `\(name)` twice") }
            }
        }

        // Levels.
        let levelsNode = try field("levels")
        var bands: [RiskModel.Band] = []
        for node in try sequence(levelsNode, "levels") {
            let fields = try mapping(node, "level", allowed: ["level", "chinese", "min", "disposition"])
            let level = try string(required(fields, "level", in: node, "level"), "level")
            guard ["high", "medium", "low"].contains(level) else { throw error(fields["level"], "level must be high, medium or low, not `\(level)`") }
            bands.append(.init(level: level, chinese: try line(required(fields, "chinese", in: node, "level"), "level chinese"),
                               min: try number(required(fields, "min", in: node, "level"), "level min"),
                               disposition: try line(required(fields, "disposition", in: node, "level"), "level disposition")))
        }
        guard Set(bands.map(\.level)) == ["high", "medium", "low"], bands.count == 3 else {
            throw error(levelsNode, "levels must define high, medium and low exactly once")
        }
        bands.sort { $0.min > $1.min }
        // Strictly falling minimums (an equal pair made a band unreachable), low at 0, high at most 100.
        guard bands.map(\.level) == ["high", "medium", "low"], bands[0].min > bands[1].min, bands[1].min > bands[2].min,
              bands[2].min == 0, bands[0].min <= 100 else {
            let given = ["high", "medium", "low"].map { level in
                "\(level).min = \(bands.first { $0.level == level }.map { JSONValue.format($0.min) } ?? "?")"
            }
            throw error(levelsNode, "levels: need 100 ≥ high.min > medium.min > low.min = 0, not \(given.joined(separator: ", "))")
        }

        // Specific dispositions: each names an indicator of this model that can give points,
        // the levels it applies at, and one line of text; a rule an earlier one shadows is refused.
        var dispositionRules: [RiskModel.DispositionRule] = []
        if let node = top["dispositions"] {
            for item in try sequence(node, "dispositions") {
                let fields = try mapping(item, "dispositions item", allowed: ["when", "levels", "disposition"])
                let whenNode = try required(fields, "when", in: item, "dispositions item")
                let indicatorID = try string(whenNode, "dispositions: when")
                guard let indicator = indicators.first(where: { $0.id == indicatorID }) else {
                    throw error(whenNode, "dispositions: `when` names no indicator of this model: `\(indicatorID)`")
                }
                guard indicator.scoring.maxPoints > 0 else {
                    throw error(whenNode, "dispositions: indicator `\(indicatorID)` gives no points, so the rule could never apply")
                }
                var levels = ["high", "medium", "low"]
                if let levelsNode = fields["levels"] {
                    levels = []
                    for levelNode in try sequence(levelsNode, "dispositions: levels") {
                        let level = try string(levelNode, "dispositions: level")
                        guard ["high", "medium", "low"].contains(level) else {
                            throw error(levelNode, "dispositions: level must be high, medium or low, not `\(level)`")
                        }
                        guard !levels.contains(level) else { throw error(levelNode, "dispositions: level `\(level)` named twice") }
                        levels.append(level)
                    }
                    guard !levels.isEmpty else { throw error(levelsNode, "dispositions: levels must name at least one level (leave it out for all three)") }
                }
                if let earlier = dispositionRules.first(where: { $0.indicator == indicatorID && Set(levels).isSubset(of: $0.levels) }) {
                    throw error(whenNode, "dispositions: an earlier rule for `\(indicatorID)` at \(earlier.levels.joined(separator: ", ")) already covers this one (the first rule that fits wins)")
                }
                let textNode = try required(fields, "disposition", in: item, "dispositions item")
                // A folded or literal YAML block ends with a line break: not part of the text.
                let text = try string(textNode, "dispositions: disposition").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else {
                    throw error(textNode, "dispositions: the disposition text is empty")
                }
                // One line: the tables, the CSV and the console print it in a cell.
                guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
                    throw error(textNode, "dispositions: the disposition text must be one line (no line breaks or control characters)")
                }
                dispositionRules.append(.init(indicator: indicatorID, levels: levels, disposition: text))
            }
        }

        var model = RiskModel(id: id, version: version, description: description, sha256: "", benchmarkYield: benchmark,
                         youngCompanyYears: young, hollowCapitalMin: hollow, negativeSentiment: negative, windows: windows,
                         indicators: indicators, lexicons: lexicons, textRules: rules,
                         sentimentNegative: sentimentNegative, sentimentPositive: sentimentPositive, network: network,
                         combineWeights: combineWeights, maxFactor: maxFactor, maxFactorDimensions: maxFactorDimensions, bands: bands,
                         publicOfferingLicences: publicOffering)
        model.dispositionRules = dispositionRules
        return model
    }

    func indicator(_ node: Node) throws -> RiskModel.Indicator {
        let fields = try mapping(node, "indicator", allowed: ["id", "dimension", "chinese", "english", "feature", "min", "points", "steps", "curve"])
        let id = try string(required(fields, "id", in: node, "indicator"), "indicator id")
        // Ids are printed in reports, JSON keys and Markdown code spans: plain snake_case only.
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first),
              id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw error(fields["id"], "indicator id `\(SingleLine.text(id))` must be snake_case: a–z, 0–9 and _, starting with a letter")
        }
        let what = "indicator `\(id)`"
        let dimensionNode = try required(fields, "dimension", in: node, what)
        let dimensionText = try string(dimensionNode, "\(what) dimension")
        guard let dimension = RiskModel.Dimension(rawValue: dimensionText) else {
            throw error(dimensionNode, "\(what): unknown dimension `\(dimensionText)` (expected illegal_finance, business, compliance or network)")
        }
        let featureNode = try required(fields, "feature", in: node, what)
        let featureText = try string(featureNode, "\(what) feature")
        guard let feature = Feature(rawValue: featureText) else {
            throw error(featureNode, "\(what): unknown feature `\(featureText)` (see `riskbrain model features`)")
        }
        // The scorer adds a network-dimension indicator after the propagation, from the
        // propagated value only: any other feature there was listed as a reason and never counted.
        if dimension == .network, feature != .networkRisk {
            throw error(dimensionNode, "\(what): the network dimension holds only network_risk indicators (feature `\(feature.rawValue)` goes in illegal_finance, business or compliance)")
        }
        let forms = ["points", "steps", "curve"].filter { fields[$0] != nil }
        guard forms.count == 1 else {
            throw error(node, "\(what): give exactly one of `points` (with optional `min`), `steps` or `curve`")
        }
        let scoring: RiskModel.Scoring
        switch forms[0] {
        case "points":
            let points = try points(fields["points"]!, "\(what) points")
            let min = try fields["min"].map { try number($0, "\(what) min") } ?? 1
            try checkThreshold(min, "`min`", feature: feature, what: what, node: fields["min"])
            scoring = .threshold(min: min, points: points)
        case "steps":
            var steps: [(at: Double, points: Double)] = []
            for stepNode in try sequence(fields["steps"]!, "\(what) steps") {
                let step = try mapping(stepNode, "\(what) step", allowed: ["at", "points"])
                let atNode = try required(step, "at", in: stepNode, "\(what) step")
                let at = try number(atNode, "\(what) step at")
                try checkThreshold(at, "a step's `at`", feature: feature, what: what, node: atNode)
                steps.append((at, try points(required(step, "points", in: stepNode, "\(what) step"), "\(what) step points")))
            }
            guard !steps.isEmpty, zip(steps, steps.dropFirst()).allSatisfy({ $0.at < $1.at }) else {
                throw error(fields["steps"], "\(what): steps must be a non-empty list with increasing `at`")
            }
            scoring = .steps(steps)
        default:
            var points: [(x: Double, y: Double)] = []
            for pointNode in try sequence(fields["curve"]!, "\(what) curve") {
                let pair = try sequence(pointNode, "\(what) curve point")
                guard pair.count == 2 else { throw error(pointNode, "\(what): a curve point is [value, points]") }
                points.append((try number(pair[0], "\(what) curve value"), try self.points(pair[1], "\(what) curve points")))
            }
            guard points.count >= 2, zip(points, points.dropFirst()).allSatisfy({ $0.x < $1.x }) else {
                throw error(fields["curve"], "\(what): a curve needs at least two points with increasing values")
            }
            scoring = .curve(points)
            let atZero = scoring.points(for: 0)
            guard atZero == 0 else {
                throw error(fields["curve"], "\(what): the curve must give 0 points at value 0, not \(JSONValue.format(atZero)) (\(Self.noRecords))")
            }
        }
        if fields["min"] != nil, forms[0] != "points" { throw error(fields["min"], "\(what): `min` goes with `points` only") }
        return .init(id: id, dimension: dimension,
                     chinese: try line(required(fields, "chinese", in: node, what), "\(what) chinese"),
                     english: try line(required(fields, "english", in: node, what), "\(what) english"),
                     feature: feature, scoring: scoring)
    }

    /// Refuses a threshold (`min`, a step's `at`) that is 0 or below (every company would get
    /// the points), below 1 on a count or flag (whole numbers: 0.5 is 1 in disguise; the
    /// message said every company would get the points, which is not so), or above 1 on a
    /// 0/1 flag (it never fires; a step's `at: 2` on a flag was accepted; found by review).
    func checkThreshold(_ value: Double, _ name: String, feature: Feature, what: String, node: Node?) throws {
        if value <= 0 {
            throw error(node, "\(what): \(name) must be above 0, not \(JSONValue.format(value)) (\(Self.noRecords))")
        }
        if feature.kind != .number, value < 1 {
            throw error(node, "\(what): \(name) must be at least 1 for \(feature.kind.rawValue) feature `\(feature.rawValue)`, not \(JSONValue.format(value)) (its values are whole numbers: write 1)")
        }
        if feature.kind == .flag, value > 1 {
            throw error(node, "\(what): feature `\(feature.rawValue)` is a 0/1 flag; \(name) above 1 never fires")
        }
    }

    /// Why an indicator may not give points at value 0: every feature is 0 for a company with
    /// no records (no product, case, news or tie), so every company would get them, with no evidence.
    static let noRecords = "every company, even one with no records, would get the points"

    func network(_ node: Node) throws -> RiskModel.NetworkParameters {
        let fields = try mapping(node, "network", allowed: [
            "weights", "equity_full_pct", "source_min_score", "max_hops", "decay_per_hop", "hub_degree", "max_group",
            "hub_discount", "former_half_life_years",
        ])
        func value(_ key: String) throws -> Node { try required(fields, key, in: node, "network") }
        let weightsNode = try value("weights")
        let weightFields = try mapping(weightsNode, "network.weights", allowed: Set(TieKind.allCases.map(\.rawValue)))
        var weights: [TieKind: Double] = [:]
        for kind in TieKind.allCases {
            weights[kind] = try unit(required(weightFields, kind.rawValue, in: weightsNode, "network.weights"), "network.weights.\(kind.rawValue)")
        }
        let hops = try integer(value("max_hops"), "network.max_hops")
        guard (1...6).contains(hops) else { throw error(fields["max_hops"], "network.max_hops must be 1–6") }
        // Ranges that keep every parameter meaningful (each was clamped or silently disabled).
        func atLeast(_ key: String, _ least: Int) throws -> Int {
            let value = try integer(value(key), "network.\(key)")
            guard value >= least else { throw error(fields[key], "network.\(key) must be at least \(least), not \(value)") }
            return value
        }
        func positive(_ key: String) throws -> Double {
            let value = try number(value(key), "network.\(key)")
            guard value > 0 else { throw error(fields[key], "network.\(key) must be positive, not \(JSONValue.format(value))") }
            return value
        }
        let equityFull = try positive("equity_full_pct")
        guard equityFull <= 100 else { throw error(fields["equity_full_pct"], "network.equity_full_pct must be at most 100, not \(JSONValue.format(equityFull))") }
        return .init(weights: weights, equityFullPct: equityFull,
                     sourceMinScore: try number(value("source_min_score"), "network.source_min_score", in: 0...100), maxHops: hops,
                     decayPerHop: try unit(value("decay_per_hop"), "network.decay_per_hop"),
                     hubDegree: try atLeast("hub_degree", 1),
                     maxGroup: try atLeast("max_group", 2),
                     hubDiscount: try unit(value("hub_discount"), "network.hub_discount"),
                     formerHalfLifeYears: try positive("former_half_life_years"))
    }
}
