import ArgumentParser
import Foundation

/// The `riskbrain` command: a thin root whose subcommands live in their own files.
@main
struct RiskBrainCommand: CommandGroup {
    static let configuration = CommandConfiguration(
        commandName: "riskbrain",
        abstract: "RiskBrain 风险大脑: illegal-fundraising risk analysis for financial regulators.",
        discussion: """
            Imports exchange-format data into an embedded SQLite database, builds the entity \
            graph, scores watch lists with an explained expert model and writes reports. \
            The database is riskbrain.sqlite in the working directory unless --db or the \
            environment variable RISKBRAIN_DB names another.
            """,
        subcommands: [
            StatusCommand.self,
            ImportCommand.self,
            BenchCommand.self,
            SynthCommand.self,
            ChainCommand.self,
            LinksCommand.self,
            OwnersCommand.self,
            HoldingsCommand.self,
            GroupCommand.self,
            ScoreCommand.self,
            EvaluateCommand.self,
            ModelCommand.self,
            ReportCommand.self,
            ServeCommand.self,
            TokenCommand.self,
            AuditCommand.self,
        ]
    )
}
