import ArgumentParser
import Foundation
import RiskAccess
import RiskDomain
import RiskViews

/// `riskbrain audit`: the server's audit log (who read or scored what, when).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List the audit log of the HTTP server: who read or scored which company, when, with how many results.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Entries on or after this date (YYYY-MM-DD, UTC).", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("Entries of this token name only.", valueName: "name"))
    var token: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Entries listed at most (oldest first).", valueName: "n"))
    var limit = 10_000
    @Option(help: "Output format: table or json.")
    var format: TableOrJSONFormat = .table

    func validate() throws {
        if let since, LocalDate(iso: since) == nil { throw ValidationError("--since must be a date YYYY-MM-DD, not \(since)") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try runReportingErrors {
            let entries = try AuditLog(database: try database.openExisting()).entries(since: since, token: token, limit: limit)
            if format == .json {
                printOut(JSONValue.array(entries.map(AuditLog.json)).serialized())
                return
            }
            if entries.isEmpty { printOut("no audit entries"); return }
            printOut(TextTable.render(["at", "token", "method", "path", "what", "results", "status"], entries.map { entry in
                [entry.at, entry.tokenName, entry.method, entry.path, entry.what, String(entry.resultCount), String(entry.status)]
            }))
        }
    }
}
