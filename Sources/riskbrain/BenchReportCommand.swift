import ArgumentParser
import Foundation
import RiskDomain
import RiskGraph
import RiskReports
import RiskScoring
import RiskStore

/// `riskbrain bench report --db DB --list FILE`: times one report end to end (graph load
/// from its snapshot, or a build the first time; scoring and dossier assembly; HTML
/// rendering) on an imported database, as `riskbrain report` does it.
struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Time a watch-list report (graph load, scoring + assembly, HTML rendering) on an imported database.",
        discussion: """
            Each run loads the entity graph as `riskbrain report` does: from the snapshot beside \
            the database (the first run after an import builds and saves it; that run is listed \
            but left out of best and median when later runs load the snapshot).
            """)

    @Option(help: ArgumentHelp("The imported database.", valueName: "path"))
    var db: String
    @Option(help: ArgumentHelp("The watch-list CSV (e.g. 40 companies).", valueName: "file"))
    var list: String
    @Option(help: ModelLocation.optionHelp)
    var model: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD.", valueName: "date"))
    var asOf: String = "2026-06-30"
    @Option(parsing: .unconditional, help: "Timed runs (the best and the median are printed).")
    var runs: Int = 3

    func validate() throws {
        if LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        try runReportingErrors {
            let store = try RiskDatabase.openExisting(path: db)
            let riskModel = try ModelLoader.load(path: try ModelLocation.resolve(model))
            let watchList = try WatchList.read(path: list)
            let listFile = ReportListFile(path: list, sha256: try Digest.sha256(fileAt: list), rows: watchList.entries.count)
            let date = LocalDate(iso: asOf) ?? ScoreCommand.today()
            let assembler = ReportAssembler(model: riskModel, asOf: date, reportDate: date)
            var totals: [Double] = []
            for run in 1...runs {
                let start = BenchClock.now()
                let (graph, loaded) = try EntityGraph.cached(from: store, options: GraphBuildOptions(hubThreshold: assembler.hubThreshold))
                let graphSeconds = BenchClock.seconds(since: start)
                let assembleStart = BenchClock.now()
                let output = try assembler.assemble(database: store, list: watchList, listFile: listFile, graph: graph)
                let assembleSeconds = BenchClock.seconds(since: assembleStart)
                let renderStart = BenchClock.now()
                let html = ReportRenderer.html(output.document)
                let renderSeconds = BenchClock.seconds(since: renderStart)
                let total = BenchClock.seconds(since: start)
                if loaded || runs == 1 { totals.append(total) }
                let doc = output.document
                printOut("run \(run): \(doc.companies.count) companies (\(doc.dossierCompanies.count) dossiers, \(doc.linked.count) linked), "
                         + "graph \(loaded ? "snapshot load" : "build + save") \(f(graphSeconds)) s, score+assemble \(f(assembleSeconds)) s, render \(f(renderSeconds)) s "
                         + "(\(html.utf8.count / 1024) KiB), total \(f(total)) s")
            }
            let sorted = totals.isEmpty ? [0] : totals.sorted()
            printOut("best \(f(sorted[0])) s, median \(f(sorted[sorted.count / 2])) s, peak RSS \(BenchClock.memory().hwm) MB")
        }
    }

    func f(_ value: Double) -> String { String(format: "%.3f", value) }
}
