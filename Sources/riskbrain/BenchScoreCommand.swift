import ArgumentParser
import Foundation
import RiskDomain
import RiskGraph
import RiskScoring
import RiskStore

/// `riskbrain bench score --db DB [--list FILE]`: times the data fingerprint (computed, then
/// cached), a 40-company watch list and the province-wide `--all` screening, with peak RSS.
struct BenchScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Benchmark `riskbrain score`: a 40-company list and --all, with peak memory (use a release build).",
        discussion: """
            Runs, in order: the data fingerprint (cached until the next import; with \
            --full-fingerprint also a full content hash), the entity graph (built and saved \
            beside the database, or loaded from that snapshot), then twice a watch list (FILE, \
            or 40 companies spread over the database: every label-1 company first, then evenly \
            spaced ones) and the --all screening (not stored), each timed end to end including \
            the graph load. Prints seconds and peak resident memory (VmHWM) after each step. \
            The database is migrated when older, otherwise not changed except for the caches.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("A watch-list CSV to time instead of the 40 chosen companies.", valueName: "file"))
    var list: String?

    @Option(help: ModelLocation.optionHelp)
    var model: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD.", valueName: "date"))
    var asOf = "2026-06-30"

    @Flag(help: "Skip the --all screening.")
    var skipAll = false

    @Flag(name: .customLong("full-fingerprint"), help: "Also time a full data fingerprint (a content hash of every record).")
    var fullFingerprint = false

    func validate() throws {
        if LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
    }

    func run() throws {
        try runReportingErrors {
            let store = try database.openExisting()
            let riskModel = try ModelLoader.load(path: try ModelLocation.resolve(model))
            var scorer = RiskScorer(model: riskModel, asOf: LocalDate(iso: asOf) ?? LocalDate(dayNumber: 0))
            scorer.phases = { step, wall, cpu, detail in
                printOut("  \(step.padding(toLength: max(26, step.count), withPad: " ", startingAt: 0)) \(String(format: "%8.3f", wall)) s   CPU \(String(format: "%6.3f", cpu)) s   \(detail)")
            }
            func line(_ name: String, _ seconds: Double, _ note: String) {
                let rss = Double(BenchImportCommand.peakResidentBytes()) / 1_048_576
                printOut("\(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%8.3f", seconds)) s   peak RSS \(String(format: "%7.1f", rss)) MiB   \(note)")
            }
            func step(_ name: String, _ body: () throws -> String) rethrows {
                let start = DispatchTime.now()
                let note = try body()
                line(name, BenchImportCommand.seconds(since: start), note)
            }
            let companies = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0 }
            printOut("database \(store.path): \(companies) companies, as of \(asOf)")
            if fullFingerprint {
                try step("fingerprint (full hash)") { String(try store.writer.read { db in try DataFingerprint.compute(db) }.prefix(12)) }
            }
            var fingerprint = ""
            try step("fingerprint (cached)") {
                fingerprint = try store.writer.write { db in try DataFingerprint.cached(db) }
                return "computed once after an import, then read from the cache"
            }
            try step("fingerprint (cache hit)") {
                String(try store.writer.write { db in try DataFingerprint.cached(db) }.prefix(12))
            }
            try step("graph (first load)") {
                let (graph, loaded) = try EntityGraph.cached(from: store)
                return "\(loaded ? "loaded from the snapshot" : "built and saved"): \(graph.nodeCount) nodes, \(graph.edgeCount) edges"
            }
            try step("graph (snapshot load)") {
                let (graph, loaded) = try EntityGraph.cached(from: store)
                return "\(loaded ? "loaded from the snapshot" : "built"): \(graph.nodeCount) nodes"
            }
            let watchList = try list.map { try WatchList.read(path: $0) } ?? Self.spreadList(store, count: 40)
            for run in ["list of \(watchList.entries.count)", "list again"] {
                try step(run) {
                    let graph = try EntityGraph.cached(from: store).graph
                    let report = try store.writer.read { db in try scorer.scoreList(db, list: watchList, fingerprint: fingerprint, graph: graph, reader: store.writer) }
                    return "graph load + scoring: \(report.results.count) scored, \(report.results.filter { $0.level == "high" }.count) high, \(report.linked.count) linked"
                }
            }
            if !skipAll {
                try step("--all") {
                    let graph = try EntityGraph.cached(from: store).graph
                    let (_, all) = try store.writer.read { db in try scorer.scoreAll(db, fingerprint: fingerprint, limit: 50, graph: graph) }
                    return "graph load + screening: \(all.codes.count) scored, \(all.levels.filter { $0 == "high" }.count) high"
                }
            }
        }
    }

    /// Every label-1 company (up to `count`), then companies evenly spaced by credit code.
    static func spreadList(_ store: RiskDatabase, count: Int) throws -> WatchList {
        let codes = try store.writer.read { db -> [String] in
            var codes = try String.fetchAll(db, sql: "SELECT DISTINCT company FROM label WHERE label = 1 ORDER BY company LIMIT ?", arguments: [count])
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0
            let step = max(1, total / max(1, count - codes.count))
            for k in 0..<(count - codes.count) {
                codes += try String.fetchAll(db, sql: "SELECT credit_code FROM company ORDER BY credit_code LIMIT 1 OFFSET ?", arguments: [k * step])
            }
            return codes
        }
        return WatchList(entries: codes.enumerated().map { index, code in
            WatchList.Entry(line: index + 2, creditCode: code, name: nil, input: [("credit_code", code)])
        })
    }
}
