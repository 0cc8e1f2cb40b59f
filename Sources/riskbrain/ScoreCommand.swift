import ArgumentParser
import Foundation
import RiskDomain
import RiskGraph
import RiskIngest
import RiskScoring
import RiskStore
import RiskViews

/// `riskbrain score`: batch-scores a watch list, or screens every company (`--all`).
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a watch list (or every company with --all) with the expert model.",
        discussion: """
            LIST is a CSV naming companies by credit_code (统一社会信用代码) or name (企业名称); other \
            columns are carried through. Names that match no company or several are listed with \
            candidates. --all scores every company in the database and stores the run \
            (see --runs and --compare).
            """)

    @Argument(help: ArgumentHelp("The watch-list CSV file.", valueName: "list"))
    var list: String?

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Import this exchange-format folder (or file) into the database first; the import summary goes to standard error.", valueName: "dir"))
    var data: String?

    @Option(help: ModelLocation.optionHelp)
    var model: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
    var asOf: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write the output to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Score every company in the database and store the run.")
    var all = false

    @Option(name: .customLong("limit"), parsing: .unconditional, help: ArgumentHelp("With --all: how many top-ranked companies to print with their reasons (default 50).", valueName: "n"))
    var limitOption: Int?

    /// `--limit`, 50 when not given.
    var limit: Int { limitOption ?? 50 }

    @Flag(help: "List the stored --all runs.")
    var runs = false

    @Option(help: ArgumentHelp("Compare two stored runs: companies whose level changed (e.g. --compare 1,2).", valueName: "a,b"))
    var compare: String?

    func validate() throws {
        let modes = [list != nil, all, runs, compare != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of LIST, --all, --runs or --compare") }
        if let asOf, LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
        if limit < 0 { throw ValidationError("--limit must not be negative") }
        // A list is scored whole, and --runs / --compare list what they find: a --limit there
        // was ignored without a word (found by review).
        if limitOption != nil, !all { throw ValidationError("--limit applies to --all only (a watch list is scored and printed whole)") }
        if let compare, Self.runPair(compare) == nil { throw ValidationError("--compare takes two run ids, e.g. 1,2") }
    }

    static func runPair(_ text: String) -> (Int64, Int64)? {
        // Exactly two ids: "1,x,2" is not the pair 1,2.
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int64($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let first = parts[0], let second = parts[1] else { return nil }
        return (first, second)
    }

    /// Today's date in UTC: the one place the clock is read; libraries get it injected.
    static func today(_ now: Date = Date()) -> LocalDate {
        LocalDate(dayNumber: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The date to score as of: `--as-of`, else today. A date after tomorrow gets a warning on
    /// standard error: no record is dated after today yet, so every window has lapsed by then
    /// and scores fall (a typo such as 2062 for 2026 scored a ring's 90 高危 as 9.5 正常
    /// without a word; found by review). Backtests before today are the option's purpose.
    static func asOfDate(_ text: String?, today: LocalDate = today()) -> LocalDate {
        guard let text, let date = LocalDate(iso: text) else { return today }
        // A day of grace: today in UTC is still yesterday for most of a Beijing morning.
        if date.dayNumber > today.dayNumber + 1 {
            FileHandle.standardError.write(Data("warning: --as-of \(date.iso) is after today (\(today.iso)): no record is dated after today yet, so the windows of every indicator end before it and scores read lower than they will\n".utf8))
        }
        return date
    }

    func run() throws {
        try runReportingErrors {
            if let output {
                try OutputFile.check(output, inputs: OutputFile.inputs(database: database.resolvedPath, list: list, model: model, data: data))
            }
            let store = try data.map { data in
                try database.openForImport { store in try Self.importData(data, into: store); return store }
            } ?? database.openExisting()
            if runs { return try emit(try Self.runsOutput(ScoreRunStore(database: store).runs(), format: format)) }
            if let compare, let (a, b) = Self.runPair(compare) {
                return try emit(try Self.compareOutput(ScoreRunStore(database: store), a, b, format: format))
            }
            let riskModel = try ModelLoader.load(path: try ModelLocation.resolve(model))
            let date = Self.asOfDate(asOf)
            let scorer = RiskScorer(model: riskModel, asOf: date)
            let report: ScoreReport
            // The list is read first: a bad list is reported before the fingerprint is hashed.
            let watchList = try list.map { try WatchList.read(path: $0) }
            let (fingerprint, state, graph) = try ScoringState.fingerprintAndGraph(store)
            if let watchList {
                report = try store.writer.read { db in
                    try scorer.scoreList(db, list: watchList, fingerprint: fingerprint, graph: graph, reader: store.writer)
                }
                try ScoringState.check(store, state: state, graph: graph)
            } else {
                let (screening, all) = try store.writer.read { db in
                    try scorer.scoreAll(db, fingerprint: fingerprint, limit: limit, graph: graph)
                }
                // Before the run is stored: a run records one fingerprint for all its scores.
                try ScoringState.check(store, state: state, graph: graph)
                let createdAt = ISO8601DateFormatter().string(from: Date())
                let runID = try ScoreRunStore(database: store).save(
                    createdAt: createdAt, modelID: riskModel.id, modelVersion: riskModel.version, modelSHA256: riskModel.sha256,
                    asOf: date.iso, dataFingerprint: fingerprint, codes: all.codes, scores: all.score, levels: all.levels,
                    dimensions: all.dimensions, topReasons: all.topReason)
                FileHandle.standardError.write(Data("stored run \(runID): \(all.codes.count) companies scored\n".utf8))
                var stored = screening
                stored.screening?.runID = runID
                report = stored
            }
            switch format {
            case .json: try emit(report.json().serialized())
            case .csv: try emit(report.csv())
            case .table: try emit(report.table(model: riskModel))
            }
        }
    }

    /// Imports `path` through the importer (progress bar on a terminal), summary and rejects on standard error.
    static func importData(_ path: String, into store: RiskDatabase) throws {
        let report = try Importer(database: store, progress: TerminalProgress()).run(paths: [path])
        var lines = report.warnings.map { "warning: \($0)" }
        lines += report.rejects.prefix(ImportCommand.listedRejects).map(ImportCommand.describe)
        if report.rejectedTotal > ImportCommand.listedRejects {
            lines.append("… and \(report.rejectedTotal - ImportCommand.listedRejects) more rejected rows")
        }
        lines.append(ImportCommand.summary(report, databasePath: store.path))
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// Writes `text` to `--output` (an error when the file cannot be written: never a
    /// silently missing result) or standard output.
    func emit(_ text: String) throws {
        if let output {
            try OutputFile.write(Data((text + "\n").utf8), to: output)
        } else {
            printOut(text)
        }
    }

    static func runJSON(_ run: ScoreRunStore.Run) -> JSONValue {
        .object([("id", .int(Int(run.id))), ("created_at", .string(run.createdAt)),
                 ("model", .object([("id", .string(run.modelID)), ("version", .string(run.modelVersion)), ("sha256", .string(run.modelSHA256))])),
                 ("as_of", .string(run.asOf)), ("data_fingerprint", .string(run.dataFingerprint)),
                 ("companies", .int(run.companies)), ("high", .int(run.high)), ("medium", .int(run.medium)), ("low", .int(run.low))])
    }

    /// `--runs` as a table, JSON (`{"runs": [{"id", "created_at", "model": {"id", "version",
    /// "sha256"}, "as_of", "data_fingerprint", "companies", "high", "medium", "low"}]}`) or CSV.
    static func runsOutput(_ runs: [ScoreRunStore.Run], format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object([("runs", .array(runs.map(runJSON)))]).serialized()
        case .csv:
            return CSVText.rows(["run", "created_at", "model_id", "model_version", "model_sha256", "as_of", "data_fingerprint",
                                 "companies", "high", "medium", "low"], runs.map { run in
                [String(run.id), run.createdAt, run.modelID, run.modelVersion, run.modelSHA256, run.asOf, run.dataFingerprint,
                 String(run.companies), String(run.high), String(run.medium), String(run.low)]
            })
        case .table:
            guard !runs.isEmpty else { return "no stored runs: run `riskbrain score --all` first" }
            return alignColumns([["run", "created", "model", "sha256", "as_of", "data", "companies", "high", "medium", "low"]] + runs.map { run in
                [String(run.id), run.createdAt, "\(run.modelID) \(run.modelVersion)", String(run.modelSHA256.prefix(12)), run.asOf,
                 String(run.dataFingerprint.prefix(12)), String(run.companies), String(run.high), String(run.medium), String(run.low)]
            }).joined(separator: "\n")
        }
    }

    /// `--compare A,B`: the companies whose level changed, the companies in one run only
    /// (counted and listed apart: "119 companies changed level" was mostly `low → absent`,
    /// companies not yet founded at the earlier as-of date; found by review), and whether
    /// the two runs used the same model (sha256), data (fingerprint) and as-of date: a change
    /// of level between runs of different models is the model's doing, not the company's.
    /// JSON: `{"from": run, "to": run, "same_model", "same_data", "same_as_of", "changes":
    /// [{"credit_code", "before": {"level", "score"}, "after": …}], "absent": [{"credit_code",
    /// "before": … or null, "after": … or null}]}`; CSV one row per company with `change`
    /// `level`, `only_in_from` or `only_in_to`.
    static func compareOutput(_ store: ScoreRunStore, _ a: Int64, _ b: Int64, format: OutputFormat) throws -> String {
        let runs = try store.runs()
        guard let first = runs.first(where: { $0.id == a }) else { throw RuntimeError("no stored run \(a) (see `riskbrain score --runs`)") }
        guard let second = runs.first(where: { $0.id == b }) else { throw RuntimeError("no stored run \(b) (see `riskbrain score --runs`)") }
        let all = try store.compare(a, b)
        let changes = all.filter { $0.before != nil && $0.after != nil }
        let absent = all.filter { $0.before == nil || $0.after == nil }
        let sameModel = first.modelSHA256 == second.modelSHA256, sameData = first.dataFingerprint == second.dataFingerprint
        let sameAsOf = first.asOf == second.asOf
        switch format {
        case .json:
            func side(_ value: (score: Double, level: String)?) -> JSONValue {
                value.map { .object([("level", .string($0.level)), ("score", .double($0.score))]) } ?? .null
            }
            return JSONValue.object([
                ("from", runJSON(first)), ("to", runJSON(second)),
                ("same_model", .bool(sameModel)), ("same_data", .bool(sameData)), ("same_as_of", .bool(sameAsOf)),
                ("changes", .array(changes.map { change in
                    .object([("credit_code", .string(change.creditCode)), ("before", side(change.before)), ("after", side(change.after))])
                })),
                ("absent", .array(absent.map { change in
                    .object([("credit_code", .string(change.creditCode)), ("before", side(change.before)), ("after", side(change.after))])
                })),
            ]).serialized()
        case .csv:
            return CSVText.rows(["credit_code", "before_level", "before_score", "after_level", "after_score", "change"], (changes + absent).map { change in
                [change.creditCode, change.before?.level ?? "", change.before.map { JSONValue.format($0.score) } ?? "",
                 change.after?.level ?? "", change.after.map { JSONValue.format($0.score) } ?? "",
                 change.before == nil ? "only_in_to" : change.after == nil ? "only_in_from" : "level"]
            })
        case .table:
            func companies(_ n: Int) -> String { "\(n) compan\(n == 1 ? "y" : "ies")" }
            let onlyFrom = absent.filter { $0.after == nil }.count, onlyTo = absent.count - onlyFrom
            var lines = ["run \(a) → run \(b): \(companies(changes.count)) changed level; \(companies(absent.count)) in one run only"
                         + (absent.isEmpty ? "" : " (\(onlyFrom) only in run \(a), \(onlyTo) only in run \(b))")]
            if !sameModel {
                lines.append("note: different models: \(first.modelID) \(first.modelVersion) (sha256 \(first.modelSHA256.prefix(12))…) → \(second.modelID) \(second.modelVersion) (sha256 \(second.modelSHA256.prefix(12))…)")
            }
            if !sameData { lines.append("note: different data: \(first.dataFingerprint.prefix(12))… → \(second.dataFingerprint.prefix(12))…") }
            if !sameAsOf { lines.append("note: different as-of dates: \(first.asOf) → \(second.asOf)") }
            func rows(_ list: [ScoreRunStore.Change]) -> [String] {
                alignColumns(list.map { change in
                    [change.creditCode,
                     change.before.map { "\($0.level) \(JSONValue.format($0.score))" } ?? "absent", "→",
                     change.after.map { "\($0.level) \(JSONValue.format($0.score))" } ?? "absent"]
                })
            }
            lines += rows(changes)
            if !absent.isEmpty {
                lines += ["", "in one run only (not founded by the other's as-of date, or not in its data):"] + rows(absent).map { "  " + $0 }
            }
            return lines.joined(separator: "\n")
        }
    }
}
