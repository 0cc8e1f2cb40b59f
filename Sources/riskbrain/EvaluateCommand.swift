import ArgumentParser
import Foundation
import RiskDomain
import RiskGraph
import RiskScoring
import RiskStore

/// `riskbrain evaluate`: measures the model on cases already decided.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Precision, recall, F1, ROC AUC and indicator lift of the model against known labels.")

    @Option(help: ArgumentHelp("Labels CSV (exchange-format labels.csv: company,label,date,source).", valueName: "file"))
    var labels: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: ModelLocation.optionHelp)
    var model: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
    var asOf: String?

    @Option(help: "Output format: table or json.")
    var format: EvaluateFormat = .table

    enum EvaluateFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if let asOf, LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
    }

    func run() throws {
        try runReportingErrors {
            let store = try database.openExisting()
            let riskModel = try ModelLoader.load(path: try ModelLocation.resolve(model))
            let date = ScoreCommand.asOfDate(asOf)
            let rows = try ModelEvaluation.readLabels(path: labels)
            let scorer = RiskScorer(model: riskModel, asOf: date)
            let labelFile = ModelEvaluation.LabelFile(path: labels, sha256: try Digest.sha256(fileAt: labels))
            // The fingerprint `score` reports (it passed "": the evaluation named no data),
            // of the state the graph and the scored records are read at.
            let (fingerprint, state, graph) = try ScoringState.fingerprintAndGraph(store)
            let evaluation = try store.writer.read { db in
                try ModelEvaluation.evaluate(db, scorer: scorer, labels: rows, fingerprint: fingerprint, graph: graph)
            }
            try ScoringState.check(store, state: state, graph: graph)
            for conflict in evaluation.labelConflicts {
                let used = conflict.chosenDate.map { "line \(conflict.chosenLine), the latest (\($0.iso))" }
                    ?? "line \(conflict.chosenLine), the last (no row is dated)"
                FileHandle.standardError.write(Data("warning: \(labels): company \(conflict.company) has conflicting labels on lines \(conflict.lines.map(String.init).joined(separator: ", ")); using \(used)\n".utf8))
            }
            switch format {
            case .json: printOut(evaluation.json(model: riskModel, asOf: date, labels: labelFile).serialized())
            case .table: printOut(evaluation.table(model: riskModel, asOf: date, labels: labelFile))
            }
        }
    }
}
