import ArgumentParser
import Foundation
import RiskDomain
import RiskIngest
import RiskReports
import RiskScoring
import RiskStore

/// `riskbrain report LIST`: scores a watch list and writes the regulator report (HTML, Markdown or JSON).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Score a watch list and write the regulator report (one self-contained HTML file, or Markdown / JSON).",
        discussion: """
            Prints the ranked table and linked warnings (as `riskbrain score` does) and writes the \
            report: cover, summary, one dossier per high and medium company (registry facts, reasons \
            with cited evidence, ownership tree and actual controller, linked entities), linked \
            warnings and the model appendix. The report carries the as-of date and no date of its \
            own, so the same data, model and list give byte-identical output.
            """)

    @Argument(help: ArgumentHelp("The watch-list CSV file.", valueName: "list"))
    var list: String

    @Option(help: ArgumentHelp("Import this folder (or file) of exchange-format CSV first.", valueName: "dir"))
    var data: String?

    @OptionGroup var database: DatabaseOptions

    @Option(help: ModelLocation.optionHelp)
    var model: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD (default: today, UTC); the report's only date.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Report title.", valueName: "text"))
    var title: String = "非法集资风险排查报告"

    @Option(help: ArgumentHelp("Output file (default: reports/<list name>.<format>).", valueName: "file"))
    var output: String?

    @Option(help: "Report format: html, md or json.")
    var format: ReportRenderer.Format = .html

    @Option(help: ArgumentHelp("The bureau's jurisdiction as a region-code prefix of 2, 4 or 6 digits (33 Zhejiang, 3301 Hangzhou): linked warnings outside it are marked 异地 (default: another city than the company they were reached from).", valueName: "prefix"))
    var jurisdiction: String?

    func validate() throws {
        if let asOf, LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--title must not be empty") }
        // Region codes have three levels of two digits: 331 would be no region.
        if let jurisdiction, ![2, 4, 6].contains(jurisdiction.count) || !jurisdiction.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ValidationError("--jurisdiction must be a region-code prefix of 2, 4 or 6 digits (33, 3301, 330106), not \(jurisdiction)")
        }
    }

    /// `reports/<list file name without extension>.<html|md|json>`.
    static func defaultOutput(list: String, format: ReportRenderer.Format) -> String {
        let name = URL(fileURLWithPath: list).deletingPathExtension().lastPathComponent
        return "reports/\(name).\(format.rawValue)"
    }

    func run() throws {
        try runReportingErrors {
            let path = output ?? Self.defaultOutput(list: list, format: format)
            try OutputFile.check(path, inputs: OutputFile.inputs(database: database.resolvedPath, list: list, model: model, data: data))
            // As `score --data` imports: a progress bar on a terminal, the rejected rows listed
            // (report listed only their count), then the summary.
            let store = try data.map { data in
                try database.openForImport { store in try ScoreCommand.importData(data, into: store); return store }
            } ?? database.openExisting()
            let riskModel = try ModelLoader.load(path: try ModelLocation.resolve(model))
            let date = ScoreCommand.asOfDate(asOf)
            let watchList = try WatchList.read(path: list)
            let listFile = ReportListFile(path: list, sha256: try Digest.sha256(fileAt: list), rows: watchList.entries.count)
            var assembler = ReportAssembler(model: riskModel, asOf: date, reportDate: date, title: title)
            assembler.jurisdiction = jurisdiction
            let result = try assembler.assemble(database: store, list: watchList, listFile: listFile)
            printOut(result.scores.table(model: riskModel))
            try OutputFile.write(Data(ReportRenderer.render(result.document, as: format).utf8), to: path)
            FileHandle.standardError.write(Data("report written to \(path)\n".utf8))
        }
    }
}

extension ReportRenderer.Format: ExpressibleByArgument {}
