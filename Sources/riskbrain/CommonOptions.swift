import ArgumentParser
import Foundation
import RiskIngest
import RiskStore

/// The `--db` option shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database file (default: $RISKBRAIN_DB, else riskbrain.sqlite in the working directory).", valueName: "path"))
    var db: String?

    var resolvedPath: String { RiskDatabase.resolvePath(db) }

    /// Opens (creating and migrating when missing) the database.
    func open() throws -> RiskDatabase { try RiskDatabase.open(path: resolvedPath) }

    /// Opens an existing database; a missing file is a runtime error with advice.
    func openExisting() throws -> RiskDatabase { try RiskDatabase.openExisting(path: resolvedPath) }

    /// Opens the database (creating it when missing) for an import, runs `importing` on it
    /// and returns what it returns. When `importing` throws and the file was not there
    /// before, it is removed again if it holds no import and nobody is writing to it
    /// (``RiskDatabase/removeIfUnused(at:)``; another import may have created it meanwhile):
    /// a first import that fails leaves no empty database behind (a later read-only command
    /// would otherwise find it and report no data instead of no database).
    func openForImport<T>(_ importing: (RiskDatabase) throws -> T) throws -> T {
        let path = resolvedPath
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            return try importing(try open())
        } catch {
            if !existed { RiskDatabase.removeIfUnused(at: path) }
            // Opening waits for the lock too (it checks the migrations): the import's message.
            if case let StoreError.busy(path, waited) = error { throw ImportError.busy(path: path, waited: waited) }
            throw error
        }
    }
}

/// Output formats for tabular commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--format` of the commands that have no CSV form (`audit`, `token list`): their help lists
/// only what they accept (it offered csv and then refused it).
enum TableOrJSONFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// A runtime failure: printed as one line `error: …` and exit status 1, never a stack trace.
struct RuntimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, turning any thrown error other than ArgumentParser's own into a one-line
/// message on standard error and exit status 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        let message = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes text to standard output as UTF-8.
func printOut(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}

/// A command of subcommands run with none: its help on standard error and exit 64, a usage
/// error as the README's exit-code rule says (it printed the help and exited 0, so a script
/// that called it by mistake went on; found by review).
protocol CommandGroup: ParsableCommand {}

extension CommandGroup {
    func run() throws {
        FileHandle.standardError.write(Data((Self.helpMessage() + "\n").utf8))
        throw ExitCode(64)
    }
}
