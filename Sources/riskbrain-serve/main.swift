import ArgumentParser
import Foundation
import Hummingbird
import RiskDomain
import RiskScoring
import RiskServer
import RiskStore

/// `riskbrain-serve`: the RiskBrain HTTP API and web console (also run as `riskbrain serve`).
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riskbrain-serve",
        abstract: "Serve the RiskBrain JSON API (/api/v1) and web console on Hummingbird.",
        discussion: """
            Loads the graph and the model once, then answers from them; a finished import is \
            noticed within two seconds and the graph rebuilt in the background. Every request \
            needs a bearer token (riskbrain token create); GET /healthz does not.
            """)

    @Option(name: .long, help: ArgumentHelp("Database file (default: $RISKBRAIN_DB, else riskbrain.sqlite in the working directory).", valueName: "path"))
    var db: String?
    @Option(help: ArgumentHelp("Model YAML file (default: $RISKBRAIN_MODEL, else models/illegal-fundraising.yaml in the working directory or above the executable; no model is built in).", valueName: "file"))
    var model: String?
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD (default: today, UTC, read per request).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let asOf, LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
    }

    /// The model file: --model, else $RISKBRAIN_MODEL, else models/illegal-fundraising.yaml in
    /// the working directory or above the executable (as `riskbrain score` finds it).
    func modelPath() throws -> String {
        let defaultRelative = ModelLoader.defaultRelativePath
        if let model, !model.isEmpty { return model }
        if let found = ModelLoader.defaultLocation(executable: CommandLine.arguments[0]) { return found }
        throw ValidationError("no model file: pass --model FILE (the default is \(defaultRelative) in the repository)")
    }

    func run() async throws {
        let settings = ServerSettings(databasePath: RiskDatabase.resolvePath(db), modelPath: try modelPath(),
                                      asOf: asOf.flatMap(LocalDate.init(iso:)))
        let service: RiskService
        do {
            service = try RiskService(settings: settings)
        } catch {
            FileHandle.standardError.write(Data("error: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))\n".utf8))
            throw ExitCode(1)
        }
        let host = self.host
        let app = RiskServerApp.application(service: service, host: host, port: port) { bound in
            FileHandle.standardError.write(Data("riskbrain-serve listening on http://\(host):\(bound)\n".utf8))
        }
        do {
            try await app.runService()
        } catch {
            // One line, as every other runtime error (NIO's bind error was printed raw).
            let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
            let message = text.contains("Address already in use")
                ? "cannot listen on \(host):\(port): the address is in use (is another server running? pass --port)"
                : "the server stopped: \(text)"
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
