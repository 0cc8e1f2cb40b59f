import ArgumentParser
import Foundation
import RiskDomain
import RiskIngest
import RiskStore

extension TextEncodingChoice: ExpressibleByArgument {}
extension RecordKind: ExpressibleByArgument {}

/// `riskbrain import PATH…`: exchange-format files or folders into the database, in one transaction.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import exchange-format CSV files or folders into the database (one transaction).",
        discussion: """
            A folder is imported file by file in the order companies, shareholdings, officers, \
            compliance, litigation, news, products, licences, labels; other files in it are \
            skipped with a warning. Rows that fail a check are rejected with file:line:column, \
            the text and the reason, and written to <database>.rejects.csv; all other rows are \
            imported. Importing the same data again changes nothing. \
            A file ending in .json is read as Beneficial Ownership Data Standard (BODS) 0.4 \
            statements: converted to companies/shareholdings/officers CSVs in \
            <database>.bods/<file name>-<hash of its path>/ and imported like them.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Exchange-format CSV files, folders holding them, or BODS 0.4 .json files.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Abort on the first rejected row, writing nothing.")
    var strict = false

    @Option(help: ArgumentHelp("Text encoding of the files: auto (UTF-8 when valid, else GB18030), utf8 or gb18030.", valueName: "encoding"))
    var encoding: TextEncodingChoice = .auto

    @Option(help: ArgumentHelp("Record kind of the files given (for files not named companies.csv, shareholdings.csv, …): \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: RecordKind?

    /// How many rejects are listed on standard error (all are in the rejects CSV).
    static let listedRejects = 20

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file or folder to import.") }
        if kind != nil, paths.contains(where: { $0.lowercased().hasSuffix(".json") }) {
            throw ValidationError("--kind applies to CSV files; BODS .json files carry their own record kinds.")
        }
    }

    func run() throws {
        try runReportingErrors {
            let options = ImportOptions(strict: strict, encoding: encoding, kind: kind)
            let (db, report, converted) = try database.openForImport { db in
                // BODS 0.4 JSON files are converted to exchange-format CSVs beside the database and
                // imported with the same checks, keys and provenance as any other CSV.
                let converted = try BODSExchangeWriter.convertImport(paths: paths, database: db, options: options)
                let importer = Importer(database: db, options: options, progress: TerminalProgress())
                do { return (db, try importer.run(paths: converted.paths), converted) } catch {
                    converted.discardCreatedFolders()
                    throw error
                }
            }
            for warning in converted.warnings + report.warnings {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
            for reject in report.rejects.prefix(Self.listedRejects) {
                FileHandle.standardError.write(Data((Self.describe(reject) + "\n").utf8))
            }
            if report.rejectedTotal > Self.listedRejects {
                FileHandle.standardError.write(Data("… and \(report.rejectedTotal - Self.listedRejects) more rejected rows\n".utf8))
            }
            printOut(Self.summary(report, databasePath: db.path))
        }
    }

    /// `file:line:column: field "text": reason`, then the text with a caret line under it.
    static func describe(_ reject: ImportReject) -> String {
        var text = "\(reject.location): rejected: \(reject.field) \(reject.quotedText): \(reject.reason)"
        // The caret line only under text shown as it is (no control pictures).
        if !reject.text.isEmpty, SingleLine.text(reject.text) == reject.text {
            let width = reject.text.reduce(0) { $0 + ($1.unicodeScalars.first.map { $0.value >= 0x1100 ? 2 : 1 } ?? 1) }
            text += "\n    \(reject.text)\n    " + String(repeating: "^", count: max(1, width))
        }
        return text
    }

    /// The per-file table and totals.
    static func summary(_ report: ImportReport, databasePath: String) -> String {
        let header = ["file", "kind", "encoding", "read", "imported", "updated", "unchanged", "duplicates", "rejected"]
        var rows = report.files.map { file in
            [file.path, file.kind.rawValue, file.encoding.rawValue, String(file.read), String(file.imported),
             String(file.updated), String(file.unchanged), String(file.duplicates), String(file.rejected)]
        }
        func total(_ value: (ImportFileSummary) -> Int) -> String { String(report.files.reduce(0) { $0 + value($1) }) }
        rows.append(["total", "", "", total(\.read), total(\.imported), total(\.updated), total(\.unchanged),
                     total(\.duplicates), total(\.rejected)])
        var widths = header.map(displayWidth)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - displayWidth(cell))
                return index < 3 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = ["import batch #\(report.batchID) into \(databasePath)", line(header)]
        lines += rows.map(line)
        if let rejectsPath = report.rejectsPath {
            lines.append("\(report.rejectedTotal) rejected row\(report.rejectedTotal == 1 ? "" : "s") written to \(rejectsPath)")
        }
        return lines.joined(separator: "\n")
    }

    /// Terminal columns of `text` (CJK characters take two).
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }
}
