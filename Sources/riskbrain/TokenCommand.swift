import ArgumentParser
import Foundation
import RiskAccess
import RiskDomain
import RiskViews

/// `riskbrain token …`: API tokens for `riskbrain serve` (create, list, revoke).
struct TokenCommand: CommandGroup {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list or revoke API tokens for the HTTP server (riskbrain serve).",
        discussion: """
            A token is shown once, when created; the database keeps only its sha256. Analysts \
            read and score; admins also list tokens and read the audit log over the API. A token \
            limited to regions (--regions 3301,3302) sees only companies whose region code starts \
            with one of them.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; prints it alone on the last line (shown once).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Unique name of the token (who it is for), 1–64 characters without spaces or commas.")
        var name: String
        @Option(help: "Role: analyst (read and score) or admin (also manage tokens and read the audit log).")
        var role: AccessRole
        @Option(help: ArgumentHelp("Region-code prefixes the token may see, comma separated (default: all regions).", valueName: "prefixes"))
        var regions: String?

        func validate() throws {
            // Both checked before the database is opened (or created): a usage error, exit 64.
            do { try TokenStore.validateName(name) } catch { throw ValidationError(error.description) }
            do { _ = try TokenStore.validateRegions(regionList) } catch { throw ValidationError(error.description) }
            if role == .admin, !regionList.isEmpty {
                throw ValidationError("--regions applies to analysts: an admin reads the whole audit log, which names companies of every region")
            }
        }

        var regionList: [String] { regions.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? [] }

        func run() throws {
            try runReportingErrors {
                let store = TokenStore(database: try database.openExisting())
                var generator = SystemRandomNumberGenerator()
                let (token, record) = try store.create(name: name, role: role, regions: regionList, now: Date(), using: &generator)
                let scope = record.regions.isEmpty ? "all regions" : "regions " + record.regions.joined(separator: ",")
                printOut("created token '\(record.name)' (\(record.role.rawValue), \(scope)); it is shown only now:")
                printOut(token)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (names, roles, regions, dates; never the token text).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Output format: table or json.")
        var format: TableOrJSONFormat = .table

        func run() throws {
            try runReportingErrors {
                let tokens = try TokenStore(database: try database.openExisting()).list()
                if format == .json {
                    printOut(JSONValue.array(tokens.map(AuditLog.json)).serialized())
                    return
                }
                if tokens.isEmpty { printOut("no tokens: create one with `riskbrain token create --name N --role analyst`"); return }
                printOut(TextTable.render(["name", "role", "regions", "created", "revoked"], tokens.map { token in
                    [token.name, token.role.rawValue, token.regions.isEmpty ? "all" : token.regions.joined(separator: ","),
                     token.createdAt, token.revokedAt ?? "-"]
                }))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name (requests with it get 401 from then on).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The token's name.", valueName: "name"))
        var name: String

        func run() throws {
            try runReportingErrors {
                try TokenStore(database: try database.openExisting()).revoke(name: name, now: Date())
                printOut("revoked token '\(name)'")
            }
        }
    }
}

extension AccessRole: ExpressibleByArgument {}
