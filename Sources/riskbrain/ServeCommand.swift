import ArgumentParser
import Foundation
import RiskDomain

/// `riskbrain serve`: runs the HTTP API and web console by executing the `riskbrain-serve`
/// binary that sits beside this one, so the CLI itself never links Hummingbird.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API and web console (runs riskbrain-serve from the same folder).",
        discussion: """
            Build the server first: swift build --product riskbrain-serve. Every request needs a \
            bearer token (riskbrain token create); GET /healthz does not. See README, section server.
            """)

    @Option(name: .long, help: ArgumentHelp("Database file (default: $RISKBRAIN_DB, else riskbrain.sqlite in the working directory).", valueName: "path"))
    var db: String?
    @Option(help: ModelLocation.optionHelp)
    var model: String?
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Score as of this date, YYYY-MM-DD (default: today, UTC, read per request).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        // Checked here so that the usage message names `riskbrain serve`, not the server
        // binary it runs (found by review).
        if let asOf, LocalDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not \(asOf)") }
    }

    /// `riskbrain-serve` beside the running executable, or nil.
    static func serverExecutable() -> URL? {
        var candidates: [URL] = []
        if let url = Bundle.main.executableURL { candidates.append(url.resolvingSymlinksInPath().deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("riskbrain-serve")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// The arguments passed through to riskbrain-serve.
    var passedArguments: [String] {
        var arguments = ["--host", host, "--port", String(port)]
        if let db { arguments += ["--db", db] }
        if let model { arguments += ["--model", model] }
        if let asOf { arguments += ["--as-of", asOf] }
        return arguments
    }

    func run() throws {
        guard let server = Self.serverExecutable() else {
            FileHandle.standardError.write(Data("error: the server is not built: run swift build --product riskbrain-serve\n".utf8))
            throw ExitCode(1)
        }
        let arguments = [server.path] + passedArguments
        // Replace this process with the server (signals and exit status go straight to it).
        var cArguments = arguments.map { strdup($0) } + [nil]
        execv(server.path, &cArguments)
        let reason = String(cString: strerror(errno))
        for pointer in cArguments { free(pointer) }
        FileHandle.standardError.write(Data("error: cannot run \(server.path): \(reason)\n".utf8))
        throw ExitCode(1)
    }
}
