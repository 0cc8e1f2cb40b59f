import Foundation
import RiskDomain

extension ScoreReport {
    /// The JSON document of `score --format json` (key order as documented in the README).
    public func json() -> JSONValue {
        .object([
            ("model", .object([("id", .string(modelID)), ("version", .string(modelVersion)), ("sha256", .string(modelSHA256))])),
            ("as_of", .string(asOf.iso)),
            ("data_fingerprint", .string(dataFingerprint)),
        ] + (screening.map { [("screening", Self.json($0, listed: results.count))] } ?? []) + [
            ("results", .array(results.map(Self.resultJSON))),
            ("unmatched", .array(unmatched.map { entry in
                .object([
                    ("line", .int(entry.line)),
                    ("credit_code", .optional(entry.creditCode)),
                    ("name", .optional(entry.name)),
                    ("reason", .string(entry.reason)),
                ] + (entry.duplicateOf.map { [("duplicate_of", .int($0))] } ?? [])
                  + (entry.established.map { [("established", .string($0.iso))] } ?? [])
                  + (entry.note.map { [("note", .string($0))] } ?? []) + [
                    ("candidates", .array(entry.candidates.map { .object([("credit_code", .string($0.code)), ("name", .string($0.name))]) })),
                    ("input", Self.object(entry.input)),
                ])
            })),
            ("linked", .array(linked.map(Self.linkedJSON))),
        ])
    }

    /// `{"run_id", "companies", "high", "medium", "low", "listed"}`: the whole screening.
    static func json(_ screening: ScreeningSummary, listed: Int) -> JSONValue {
        .object([("run_id", screening.runID.map { .int(Int($0)) } ?? .null), ("companies", .int(screening.companies))]
                + ["high", "medium", "low"].map { ($0, .int(screening.levels[$0] ?? 0)) } + [("listed", .int(listed))])
    }

    /// What the table and CSV say of an unmatched row: its outcome, and for a repeat the
    /// first row's (a repeat of a row not established was said to be "scored there").
    static func situation(_ entry: UnmatchedEntry) -> String {
        let founded = entry.established.map { "not established by the as-of date (founded \($0.iso)), not scored" }
        if let first = entry.duplicateOf {
            return "duplicate of line \(first), " + (founded.map { "which is \($0)" } ?? "scored there")
        }
        return founded ?? entry.reason
    }

    /// A list row's columns as a JSON object of texts.
    static func object(_ pairs: [(String, String)]) -> JSONValue { .object(pairs.map { ($0.0, .string($0.1)) }) }

    /// One scored company of ``json()``'s `results` (split out: as one expression the
    /// document took the type checker too long).
    static func resultJSON(_ result: ScoredCompany) -> JSONValue {
        let head: [(String, JSONValue)] = [
            ("credit_code", .string(result.creditCode)),
            ("name", .string(result.name)),
            ("region_code", .string(result.regionCode)),
            ("score", .double(result.score)),
            ("level", .string(result.level)),
            ("dimensions", dimensionsJSON(result.dimensions)),
            ("reasons", .array(result.reasons.map(reasonJSON))),
            ("disposition", .string(result.disposition)),
        ] + (result.dispositionRule.map { [("disposition_rule", .string($0))] } ?? []) + [
            ("input", Self.object(result.input))
        ]
        return .object(head + (result.note.map { [("note", .string($0))] } ?? []))
    }

    /// One linked warning of ``json()``'s `linked` (split out, as ``resultJSON(_:)``).
    static func linkedJSON(_ warning: LinkedWarning) -> JSONValue {
        let head: [(String, JSONValue)] = [
            ("credit_code", .string(warning.creditCode)),
            ("name", .string(warning.name)),
            ("region_code", .string(warning.regionCode)),
            ("other_city", .bool(warning.otherCity)),
            ("score", .double(warning.score)),
            ("level", .string(warning.level)),
            ("via", .string(warning.via)),
            ("chain", .array(warning.chain.map { .object([("from", .string($0.from)), ("relation", .string($0.relation)), ("to", .string($0.to))]) })),
            ("disposition", .string(warning.disposition)),
        ]
        var optional: [(String, JSONValue)] = []
        if let rule = warning.dispositionRule { optional.append(("disposition_rule", .string(rule))) }
        if warning.highOnItsOwn { optional.append(("high_on_its_own", .bool(true))) }
        if !warning.viaIsSource { optional.append(("via_is_source", .bool(false))) }
        let tail: [(String, JSONValue)] = [("dimensions", dimensionsJSON(warning.dimensions)), ("reasons", .array(warning.reasons.map(reasonJSON)))]
        return .object(head + optional + tail)
    }

    /// `{"illegal_finance", "business", "compliance", "network"}` of dimension scores in
    /// ``RiskModel/Dimension`` order.
    static func dimensionsJSON(_ dimensions: [Double]) -> JSONValue {
        .object(RiskModel.Dimension.allCases.map { ($0.rawValue, .double($0.index < dimensions.count ? dimensions[$0.index] : 0)) })
    }

    /// One reason: indicator, dimension, points, description and evidence.
    static func reasonJSON(_ reason: ScoreReason) -> JSONValue {
        .object([
            ("indicator", .string(reason.indicator)),
            ("dimension", .string(reason.dimension.rawValue)),
            ("points", .double(reason.points)),
            ("description", .string(reason.description)),
            ("evidence", .array(reason.evidence.map { .object([("kind", .string($0.kind)), ("key", .string($0.key)), ("text", .string($0.text))]) })),
        ])
    }

    /// The ranked table: score, level, dimension scores and the top reasons, then unmatched
    /// rows and linked warnings with their chains. For a screening the summary counts the
    /// whole run and says how many are listed; it has no linked warnings.
    public func table(model: RiskModel, topReasons: Int = 3) -> String {
        var lines: [String] = []
        lines.append("model \(modelID) \(modelVersion) (sha256 \(modelSHA256.prefix(12))…)  as of \(asOf.iso)  data \(dataFingerprint.prefix(12))…")
        lines.append("")
        let header = ["#", "credit_code", "name", "score", "level", "非法金融", "业务", "合规", "关联", "top reasons"]
        var rows: [[String]] = []
        for (rank, result) in results.enumerated() {
            let band = model.bands.first { $0.level == result.level }
            let reasons = result.reasons.prefix(topReasons).map { "\($0.description) +\(JSONValue.format($0.points))" }.joined(separator: "; ")
            rows.append([String(rank + 1), result.creditCode, result.name, JSONValue.format(result.score),
                         "\(band?.chinese ?? result.level) \(result.level)"]
                        + result.dimensions.map { JSONValue.format($0) } + [reasons.isEmpty ? "-" : reasons])
        }
        lines += Self.align([header] + rows)
        lines.append("")
        if let screening {
            let counts = ["high", "medium", "low"].map { "\($0) \(screening.levels[$0] ?? 0)" }
            let listed = results.count == screening.companies ? "all listed above"
                : results.isEmpty ? "none listed (--limit 0)" : "the top \(results.count) listed above"
            lines.append("\(screening.companies) scored: " + counts.joined(separator: ", ")
                         + (screening.runID.map { " (stored run \($0))" } ?? "") + "; " + listed)
        } else {
            let counts = ["high", "medium", "low"].map { level in "\(level) \(results.filter { $0.level == level }.count)" }
            lines.append("\(results.count) scored: " + counts.joined(separator: ", "))
        }
        let notes = results.enumerated().compactMap { rank, result in
            result.note.map { "  #\(rank + 1) \(result.creditCode) \(result.name) — \($0)" }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append("notes (\(notes.count)):")
            lines += notes
        }
        if !unmatched.isEmpty {
            lines.append("")
            lines.append("unmatched (\(unmatched.count)):")
            for entry in unmatched {
                let what = [entry.creditCode, entry.name].compactMap { $0 }.joined(separator: " ")
                let candidates = entry.candidates.isEmpty ? "no candidates"
                    : "candidates: " + entry.candidates.map { "\($0.code) \($0.name)" }.joined(separator: ", ")
                let reason = entry.reason == "code_name_mismatch" ? "\(entry.reason): \(entry.note ?? "")"
                    : Self.situation(entry) + (entry.note.map { " (\($0))" } ?? "")
                lines.append("  line \(entry.line): \(what.isEmpty ? "(empty)" : what) — \(reason); \(candidates)")
            }
        }
        if linked.isEmpty {
            // A screening follows no ties out of a list: there "linked warnings: none" read
            // as if no company reached 高危 through its ties.
            if screening == nil { lines += ["", "linked warnings: none"] }
        } else {
            lines.append("")
            let high = model.bands.first { $0.level == "high" }?.chinese ?? "高危"
            lines.append("linked warnings (\(linked.count)) — companies outside the list that reach \(high) through their ties, or on their own records with a material tie to the list:")
            for warning in linked {
                let level = model.bands.first { $0.level == warning.level }?.chinese ?? high
                lines.append("  \(warning.creditCode) \(warning.name)  region \(warning.regionCode)\(warning.otherCity ? " 异地" : "")  score \(JSONValue.format(warning.score)) \(level)\(warning.highOnItsOwn ? " (on its own records)" : "")  via \(warning.via)")
                lines.append("    chain: " + RiskScorer.render(warning.chain))
            }
        }
        // One line per row: a line break or tab inside a name (a quoted CSV field may hold
        // one) is shown as its control picture, as the graph commands' tables do.
        return lines.map(SingleLine.text).joined(separator: "\n")
    }

    /// CSV: one row per scored company (rank, code, name, region, score, level, the four
    /// dimensions, disposition and its rule, reasons joined with ` | `, the list's own columns), then one
    /// per unmatched list row (so no referral number is lost: its own columns, `status` the
    /// reason such as `not_found` or `duplicate`, `detail` the candidates or the line it
    /// duplicates), then one per linked warning (`status` `linked`, its disposition, `detail` the tie and the
    /// chain). Every row ends with the run's provenance: model id, version and sha256, as-of
    /// date and data fingerprint, so a row copied out of the file still says where it came
    /// from. Cells that repeat a name or the list's input are made inert for spreadsheets
    /// (``CSVField/spreadsheetSafe(_:)``): the file is meant for Excel, and a list cell such
    /// as `=HYPERLINK(…)` would run there.
    public func csv() -> String {
        let inputColumns = (results.first?.input ?? unmatched.first?.input ?? []).map(\.0)
        let provenance = [modelID, modelVersion, modelSHA256, asOf.iso, dataFingerprint]
        let dimensionCount = RiskModel.Dimension.allCases.count
        let header = ["rank", "credit_code", "name", "region_code", "score", "level"] + RiskModel.Dimension.allCases.map(\.rawValue)
            + ["disposition", "disposition_rule", "reasons"] + inputColumns.map { "input_" + $0 }
            + ["status", "line", "detail", "model_id", "model_version", "model_sha256", "as_of", "data_fingerprint"]
        var lines = [header.map(Self.csvField).joined(separator: ",")]
        func inputs(_ pairs: [(String, String)]) -> [String] {
            let values = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
            return inputColumns.map { CSVField.spreadsheetSafe(values[$0] ?? "") }
        }
        func reasonsCell(_ reasons: [ScoreReason]) -> String {
            reasons.map { "\($0.indicator) +\(JSONValue.format($0.points))" }.joined(separator: " | ")
        }
        for (rank, result) in results.enumerated() {
            let reasons = reasonsCell(result.reasons)
            let fields = [String(rank + 1), result.creditCode, CSVField.spreadsheetSafe(result.name), result.regionCode,
                          JSONValue.format(result.score), result.level]
                + result.dimensions.map { JSONValue.format($0) } + [result.disposition, result.dispositionRule ?? "", reasons] + inputs(result.input)
                + ["scored", "", CSVField.spreadsheetSafe(result.note ?? "")] + provenance
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        for entry in unmatched {
            let candidates = entry.candidates.map { "\($0.code) \($0.name)" }.joined(separator: "; ")
            let outcome = entry.duplicateOf.map { _ in Self.situation(entry) }
                ?? entry.established.map { date in "founded \(date.iso): " + candidates } ?? candidates
            let detail = entry.note.map { note in outcome.isEmpty ? note : "\(note): \(outcome)" } ?? outcome
            let fields = ["", CSVField.spreadsheetSafe(entry.creditCode ?? ""), CSVField.spreadsheetSafe(entry.name ?? ""), "", "", ""]
                + [String](repeating: "", count: dimensionCount) + ["", "", ""] + inputs(entry.input)
                + [entry.duplicateOf == nil ? entry.reason : "duplicate", String(entry.line), CSVField.spreadsheetSafe(detail)] + provenance
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        for warning in linked {
            let fields = ["", warning.creditCode, CSVField.spreadsheetSafe(warning.name), warning.regionCode,
                          JSONValue.format(warning.score), warning.level]
                + (warning.dimensions.count == dimensionCount ? warning.dimensions.map { JSONValue.format($0) } : [String](repeating: "", count: dimensionCount))
                + [warning.disposition, warning.dispositionRule ?? "", reasonsCell(warning.reasons)] + inputColumns.map { _ in "" }
                + ["linked", "", CSVField.spreadsheetSafe("via \(warning.via)\(warning.otherCity ? " (异地)" : "")\(warning.highOnItsOwn ? " (high on its own records)" : ""): \(RiskScorer.render(warning.chain))")]
                + provenance
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    static func csvField(_ text: String) -> String { CSVField.escaped(text) }

    /// Terminal cells of `text`: East Asian wide characters (CJK, Hangul, full-width forms) count two.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    /// Left-aligned columns; CJK characters count two cells wide.
    public static func align(_ rows: [[String]]) -> [String] {
        func width(_ text: String) -> Int { ScoreReport.displayWidth(text) }
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - width(cell))
            }.joined(separator: "  ")
        }
    }
}
