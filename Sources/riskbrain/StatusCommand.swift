import ArgumentParser
import RiskDomain
import RiskStore

/// `riskbrain status`: schema version, counts per record kind, import batches.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database's schema version, record counts and import batches.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format: table or json.")
    var format: StatusFormat = .table

    enum StatusFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        try runReportingErrors {
            let status = try database.openExisting().status()
            switch format {
            case .json: printOut(Self.json(status).serialized())
            case .table: printOut(Self.table(status, path: database.resolvedPath))
            }
        }
    }

    static func json(_ status: StoreStatus) -> JSONValue {
        .object([
            ("schema_version", .int(status.schemaVersion)),
            ("counts", .object(status.counts.map { ($0.0, .int($0.1)) })),
            ("history", .object(status.history.map { ($0.0, .int($0.1)) })),
            ("imports", .array(status.imports.map { batch in
                .object([
                    ("id", .int(Int(batch.id))),
                    ("started_at", .string(batch.startedAt)),
                    ("finished_at", .optional(batch.finishedAt)),
                    ("files", .array(batch.files.map { file in
                        .object([
                            ("path", .string(file.path)), ("kind", .string(file.kind)), ("sha256", .string(file.sha256)),
                            ("bytes", .int(file.bytes)), ("encoding", .string(file.encoding)),
                            ("read", .int(file.rowsRead)), ("imported", .int(file.imported)),
                            ("updated", .int(file.updated)), ("unchanged", .int(file.unchanged)),
                            ("duplicates", .int(file.duplicates)), ("rejected", .int(file.rejected)),
                        ])
                    })),
                ])
            })),
        ])
    }

    static func table(_ status: StoreStatus, path: String) -> String {
        var lines = ["database: \(path)", "schema version: \(status.schemaVersion)", "", "records:"]
        let width = status.counts.map(\.0.count).max() ?? 0
        for (name, count) in status.counts {
            lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(count))
        }
        if !status.history.isEmpty {
            lines.append("")
            lines.append("history kept:")
            // ASCII labels pad evenly; the Chinese term follows the count.
            let labels = ["former_names": ("former names", "曾用名"), "former_shareholdings": ("former shareholdings", "历史股东"),
                          "former_officers": ("former officers", "离任董监高")]
            let named = status.history.map { labels[$0.0] ?? ($0.0, "") }
            let width = named.map(\.0.count).max() ?? 0
            let counts = status.history.map { String($0.1) }
            let countWidth = counts.map(\.count).max() ?? 0
            for ((name, term), count) in zip(named, counts) {
                // Counts right-aligned, so the Chinese terms line up (review).
                lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                             + String(repeating: " ", count: countWidth - count.count) + count + (term.isEmpty ? "" : "  " + term))
            }
        }
        lines.append("")
        lines.append(status.imports.isEmpty ? "imports: none" : "imports:")
        for batch in status.imports {
            lines.append("  #\(batch.id) \(batch.startedAt)  \(batch.files.count) file(s)")
            for file in batch.files {
                lines.append("    \(file.kind): \(file.path)  read \(file.rowsRead), imported \(file.imported), updated \(file.updated), unchanged \(file.unchanged), duplicates \(file.duplicates), rejected \(file.rejected)  sha256 \(file.sha256.prefix(12))…")
            }
        }
        return lines.joined(separator: "\n")
    }
}
