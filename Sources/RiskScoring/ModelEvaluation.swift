import Foundation
import GRDB
import RiskGraph
import RiskDomain

/// How well a model separates cases already decided (labels.csv: company, label, date, source).
///
/// Precision, recall and F1 at each level cut (`high`: predicted positive when high;
/// `medium`: when medium or high), the confusion matrices, ROC AUC (Mann–Whitney U with
/// ties counted half) and, per indicator, its hit rate among positives and negatives and
/// the lift (positive rate / negative rate).
public struct ModelEvaluation: Sendable {
    public struct Cut: Sendable {
        public var level: String
        public var truePositives: Int, falsePositives: Int, falseNegatives: Int, trueNegatives: Int
        public var precision: Double? { truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double? { truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double? {
            guard let p = precision, let r = recall, p + r > 0 else { return nil }
            return 2 * p * r / (p + r)
        }
    }

    public struct IndicatorRate: Sendable {
        public var indicator: String
        public var positiveHits: Int, negativeHits: Int
        public var positiveRate: Double, negativeRate: Double
        /// nil when no negative hits (infinite lift, ``liftIsInfinite``) or when undefined (no
        /// positive or no negative labels, or no hits at all).
        public var lift: Double?
        /// True when positives hit and no negative did although there are negative labels.
        public var liftIsInfinite = false
    }

    /// A company whose label rows disagree, and the row used: the latest `date` (a row with
    /// no date is the oldest; of equal dates the later line).
    public struct LabelConflict: Sendable, Equatable {
        public var company: String
        /// Every label line of the company, in file order.
        public var lines: [Int]
        public var chosenLine: Int
        public var chosenDate: LocalDate?
    }

    /// One row of a labels file.
    public typealias LabelRow = (code: String, label: Int, line: Int, date: LocalDate?)

    public var positives: Int
    public var negatives: Int
    /// The data fingerprint of the database the labels were scored in (as `score` reports it).
    public var dataFingerprint: String
    /// Companies labelled both 1 and 0, with the row used.
    public var labelConflicts: [LabelConflict]
    /// Label rows whose company is not in the store, and their lines.
    public var unknownLines: [Int]
    /// Label rows whose company was founded after the as-of date (not scored then).
    public var notEstablishedLines: [Int] = []
    public var cuts: [Cut]
    public var auc: Double?
    public var indicators: [IndicatorRate]

    /// Reads labels from a CSV file (exchange-format `labels.csv` columns; `date` optional).
    /// - Returns: (credit code, label, line, date) per row, in file order (see
    ///   ``resolveLabels(_:)`` for several rows of one company).
    /// - Throws: `CSVTable.ParseError` for a file that is not such a CSV (a bare-CR file too),
    ///   a column named twice, or a header with no label rows (it was "0 positive, 0 negative",
    ///   exit 0).
    public static func readLabels(path: String) throws -> [LabelRow] {
        let table = try CSVTable.read(path: path)
        try table.checkDistinctColumns(file: path) { cell in
            switch cell.lowercased() {
            case "统一社会信用代码": return "company"
            case "标签": return "label"
            case "日期": return "date"
            case let other: return other
            }
        }
        guard let company = table.column(["company", "统一社会信用代码"]), let label = table.column(["label", "标签"]) else {
            throw CSVTable.ParseError(file: path, line: 1, reason: "a labels file needs company and label columns")
        }
        let dateColumn = table.column(["date", "日期"])
        var result: [LabelRow] = []
        for row in table.rows {
            guard company < row.fields.count, label < row.fields.count else {
                throw CSVTable.ParseError(file: path, line: row.line, reason: "short row")
            }
            let value = row.fields[label].trimmingCharacters(in: .whitespaces)
            // The forms `import` accepts for labels.csv (FieldParser.bool: 1/0, true/false, yes/no, 是/否).
            guard let flag = try? FieldParser.bool(value) else {
                throw CSVTable.ParseError(file: path, line: row.line, reason: "label must be 0 or 1 (or true/false, yes/no, 是/否), not `\(value)`")
            }
            var date: LocalDate? = nil
            if let dateColumn, dateColumn < row.fields.count {
                let text = row.fields[dateColumn].trimmingCharacters(in: .whitespaces)
                if !text.isEmpty {
                    guard let parsed = try? FieldParser.date(text) else {
                        throw CSVTable.ParseError(file: path, line: row.line, reason: "date must be a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日), not `\(text)`")
                    }
                    date = parsed
                }
            }
            result.append((row.fields[company].trimmingCharacters(in: .whitespaces).uppercased(), flag ? 1 : 0, row.line, date))
        }
        guard !result.isEmpty else { throw CSVTable.ParseError(file: path, line: 1, reason: "the labels file names no company (a header and no rows)") }
        return result
    }

    /// One label per company: of several rows, the one with the latest date (no date is the
    /// oldest; of equal dates the later line), and the companies whose rows disagree.
    /// (It kept the last row in file order, whatever its date.)
    public static func resolveLabels(_ rows: [LabelRow]) -> (labels: [String: LabelRow], conflicts: [LabelConflict]) {
        var chosen: [String: LabelRow] = [:]
        var lines: [String: [Int]] = [:], values: [String: Set<Int>] = [:]
        for row in rows {
            lines[row.code, default: []].append(row.line)
            values[row.code, default: []].insert(row.label)
            if let current = chosen[row.code] {
                let currentDay = current.date?.dayNumber ?? Int.min, day = row.date?.dayNumber ?? Int.min
                guard (day, row.line) > (currentDay, current.line) else { continue }
            }
            chosen[row.code] = row
        }
        let conflicts = values.filter { $0.value.count > 1 }.keys.sorted().map { code in
            LabelConflict(company: code, lines: lines[code] ?? [], chosenLine: chosen[code]?.line ?? 0, chosenDate: chosen[code]?.date)
        }
        return (chosen, conflicts)
    }

    /// Scores the labelled companies and measures the model against the labels.
    /// Conflicting labels of one company are resolved by ``resolveLabels(_:)`` and listed in
    /// ``labelConflicts``.
    public static func evaluate(_ db: Database, scorer: RiskScorer, labels: [LabelRow],
                                fingerprint: String, graph: EntityGraph) throws -> ModelEvaluation {
        let (chosen, conflicts) = resolveLabels(labels)
        let list = WatchList(entries: chosen.keys.sorted().map { code in
            WatchList.Entry(line: chosen[code]?.line ?? 0, creditCode: code, name: nil, input: [])
        })
        let report = try scorer.scoreList(db, list: list, fingerprint: fingerprint, graph: graph)
        let scored = report.results.map { (label: chosen[$0.creditCode]?.label ?? 0, result: $0) }
        let positives = scored.filter { $0.label == 1 }.count
        let negatives = scored.count - positives
        let rank = ["high": 2, "medium": 1, "low": 0]
        let cuts = ["high", "medium"].map { level -> Cut in
            var cut = Cut(level: level, truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0)
            for item in scored {
                let predicted = (rank[item.result.level] ?? 0) >= (rank[level] ?? 0)
                switch (predicted, item.label == 1) {
                case (true, true): cut.truePositives += 1
                case (true, false): cut.falsePositives += 1
                case (false, true): cut.falseNegatives += 1
                case (false, false): cut.trueNegatives += 1
                }
            }
            return cut
        }
        var auc: Double? = nil
        if positives > 0, negatives > 0 {
            var wins = 0.0
            for p in scored where p.label == 1 {
                for q in scored where q.label == 0 {
                    if p.result.score > q.result.score { wins += 1 } else if p.result.score == q.result.score { wins += 0.5 }
                }
            }
            auc = wins / Double(positives * negatives)
        }
        let indicators = scorer.model.indicators.map { indicator -> IndicatorRate in
            let hit = { (item: (label: Int, result: ScoredCompany)) in item.result.reasons.contains { $0.indicator == indicator.id } }
            let positiveHits = scored.filter { $0.label == 1 && hit($0) }.count
            let negativeHits = scored.filter { $0.label == 0 && hit($0) }.count
            let positiveRate = positives == 0 ? 0 : Double(positiveHits) / Double(positives)
            let negativeRate = negatives == 0 ? 0 : Double(negativeHits) / Double(negatives)
            // With no negative labels the negative rate is 0/0: the lift is undefined, not
            // infinite (found by review: every indicator that fired read ∞).
            return IndicatorRate(indicator: indicator.id, positiveHits: positiveHits, negativeHits: negativeHits,
                                 positiveRate: positiveRate, negativeRate: negativeRate,
                                 lift: negativeRate > 0 && positives > 0 ? positiveRate / negativeRate : nil,
                                 liftIsInfinite: negatives > 0 && negativeHits == 0 && positiveHits > 0)
        }
        return ModelEvaluation(positives: positives, negatives: negatives, dataFingerprint: fingerprint, labelConflicts: conflicts,
                               unknownLines: report.unmatched.filter { $0.reason != "not_established" }.map(\.line).sorted(),
                               notEstablishedLines: report.unmatched.filter { $0.reason == "not_established" }.map(\.line).sorted(),
                               cuts: cuts, auc: auc, indicators: indicators)
    }

    /// Rounds to four decimals for printing.
    static func r4(_ value: Double?) -> JSONValue { value.map { .double(($0 * 10_000).rounded() / 10_000) } ?? .null }

    /// The label file an evaluation read: the input that decides its numbers, named in its
    /// output with its sha256 (the data fingerprint leaves labels out).
    public struct LabelFile: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public init(path: String, sha256: String) { self.path = path; self.sha256 = sha256 }
    }

    public func json(model: RiskModel, asOf: LocalDate, labels: LabelFile) -> JSONValue {
        .object([
            ("model", .object([("id", .string(model.id)), ("version", .string(model.version)), ("sha256", .string(model.sha256))])),
            ("as_of", .string(asOf.iso)),
            ("data_fingerprint", .string(dataFingerprint)),
            ("labels", .object([("path", .string(labels.path)), ("sha256", .string(labels.sha256))])),
            ("positives", .int(positives)), ("negatives", .int(negatives)),
            ("unknown_label_lines", .array(unknownLines.map { .int($0) })),
            ("not_established_label_lines", .array(notEstablishedLines.map { .int($0) })),
            ("cuts", .array(cuts.map { cut in
                .object([
                    ("level", .string(cut.level)),
                    ("precision", Self.r4(cut.precision)), ("recall", Self.r4(cut.recall)), ("f1", Self.r4(cut.f1)),
                    ("confusion", .object([("tp", .int(cut.truePositives)), ("fp", .int(cut.falsePositives)),
                                           ("fn", .int(cut.falseNegatives)), ("tn", .int(cut.trueNegatives))])),
                ])
            })),
            ("roc_auc", Self.r4(auc)),
            ("indicators", .array(indicators.map { rate in
                .object([
                    ("indicator", .string(rate.indicator)),
                    ("positive_hits", .int(rate.positiveHits)), ("negative_hits", .int(rate.negativeHits)),
                    // A rate over no labels is undefined (0/0): null, as the lift (review).
                    ("positive_rate", positives == 0 ? .null : Self.r4(rate.positiveRate)),
                    ("negative_rate", negatives == 0 ? .null : Self.r4(rate.negativeRate)),
                    ("lift", Self.r4(rate.lift)),
                ] + (rate.liftIsInfinite ? [("lift_infinite", .bool(true))] : []))
            })),
        ])
    }

    /// The table, under the line `score` prints (model, sha256, as-of, data fingerprint) and
    /// one naming the label file with its sha256.
    public func table(model: RiskModel, asOf: LocalDate, labels: LabelFile) -> String {
        func text(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
        var lines = ["model \(model.id) \(model.version) (sha256 \(model.sha256.prefix(12))…)  as of \(asOf.iso)  data \(dataFingerprint.prefix(12))…",
                     "labels \(labels.path) (sha256 \(labels.sha256.prefix(12))…)", ""]
        lines.append("labelled companies scored: \(positives) positive, \(negatives) negative"
                     + (unknownLines.isEmpty ? "" : "; \(unknownLines.count) label row(s) name companies not in the database")
                     + (notEstablishedLines.isEmpty ? "" : "; \(notEstablishedLines.count) label row(s) name companies founded after the as-of date (not scored)"))
        lines.append("")
        lines += ScoreReport.align([["cut", "precision", "recall", "F1", "TP", "FP", "FN", "TN"]] + cuts.map { cut in
            [cut.level == "high" ? "high (高危)" : "medium+ (关注及以上)", text(cut.precision), text(cut.recall), text(cut.f1),
             String(cut.truePositives), String(cut.falsePositives), String(cut.falseNegatives), String(cut.trueNegatives)]
        })
        lines.append("")
        lines.append("ROC AUC: \(text(auc))")
        lines.append("")
        lines += ScoreReport.align([["indicator", "hit rate +", "hit rate −", "lift"]] + indicators.map { rate in
            [rate.indicator, "\(text(positives == 0 ? nil : rate.positiveRate)) (\(rate.positiveHits))",
             "\(text(negatives == 0 ? nil : rate.negativeRate)) (\(rate.negativeHits))",
             rate.lift.map { String(format: "%.2f", $0) } ?? (rate.liftIsInfinite ? "∞" : "-")]
        })
        return lines.joined(separator: "\n")
    }
}
