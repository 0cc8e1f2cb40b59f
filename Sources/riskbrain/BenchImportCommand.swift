import ArgumentParser
import Foundation
import GRDB
import RiskDomain
import RiskIngest
import RiskStore

/// `riskbrain bench import DATA`: import a data folder into a fresh database, timed per
/// file, against the sqlite3 command-line tool's `.import` of the same CSVs in the same run.
struct BenchImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Benchmark `riskbrain import` against sqlite3's .import of the same CSV files.",
        discussion: """
            Imports DATA into a fresh database in a temporary folder (total and per-file rows/s), \
            reports peak resident memory (VmHWM) and the database size, then runs \
            `sqlite3 … .import --csv --skip 1` of the same files into tables with the same \
            columns (plain DDL, no checks, no indexes) and reports its time and the ratio (the \
            headline). A second sqlite3 run loads the same files the same way and then builds \
            the same indexes as RiskBrain's tables have (see `sqlite3IndexSQL`), and reports \
            that ratio too. Use a release build:
            swift build -c release && .build/release/riskbrain bench import DATA.
            """)

    @Argument(help: ArgumentHelp("An exchange-format data folder (e.g. written by `riskbrain synth`).", valueName: "data"))
    var data: String

    @Option(help: ArgumentHelp("The sqlite3 command-line tool to compare with.", valueName: "path"))
    var sqlite3 = "sqlite3"

    @Option(help: ArgumentHelp("Also write the results as JSON to this file.", valueName: "file"))
    var out: String?

    func run() throws {
        try runReportingErrors {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
                throw RuntimeError("\(data): not a folder")
            }
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("riskbrain-bench-import-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }

            // 1. riskbrain import.
            let databasePath = scratch.appendingPathComponent("bench.sqlite").path
            let database = try RiskDatabase.open(path: databasePath)
            let timer = FileTimer()
            let loadBefore = Self.loadAverage()
            let start = DispatchTime.now()
            let cpuStart = Self.cpuSeconds(children: false)
            let report = try Importer(database: database, progress: timer).run(paths: [data])
            let total = Self.seconds(since: start)
            let cpu = Self.cpuSeconds(children: false) - cpuStart
            let peak = Self.peakResidentBytes()
            _ = try database.writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            let databaseBytes = Self.size(of: databasePath) + Self.size(of: databasePath + "-wal")

            // 2. sqlite3 .import of the same files.
            let files = report.files.map { ($0.path, RecordTable.table(for: $0.kind).name) }
            let sqlitePath = scratch.appendingPathComponent("sqlite3.sqlite").path
            let (sqliteSeconds, sqliteCPU, sqliteRows) = try Self.runSQLite3(sqlite3, database: sqlitePath, files: files)
            let sqliteBytes = Self.size(of: sqlitePath)

            // 3. sqlite3 .import of the same files, then RiskBrain's indexes.
            let indexes = try database.writer.read { db in try Self.sqlite3IndexSQL(db, files: files) }
            let indexedPath = scratch.appendingPathComponent("sqlite3-indexed.sqlite").path
            let (indexedSeconds, indexedCPU, _) = try Self.runSQLite3(sqlite3, database: indexedPath, files: files,
                                                                       indexes: indexes)
            let indexedBytes = Self.size(of: indexedPath)
            let loadAfter = Self.loadAverage()

            let result = BenchImportResult(data: data, report: report, fileSeconds: timer.seconds, total: total,
                                           peakBytes: peak, databaseBytes: databaseBytes, sqliteSeconds: sqliteSeconds,
                                           sqliteRows: sqliteRows, sqliteBytes: sqliteBytes, cpuSeconds: cpu,
                                           sqliteCPUSeconds: sqliteCPU, loadAverages: (loadBefore, loadAfter),
                                           indexed: .init(seconds: indexedSeconds, cpuSeconds: indexedCPU, bytes: indexedBytes,
                                                          indexes: indexes.count))
            printOut(result.table())
            if let out {
                try Data((result.json().serialized() + "\n").utf8).write(to: URL(fileURLWithPath: out))
            }
        }
    }

    /// User + system CPU seconds of this process (`RUSAGE_SELF`) or of its finished
    /// children (`RUSAGE_CHILDREN`): on a shared machine the wall-clock times depend on
    /// what else runs, the CPU times much less.
    static func cpuSeconds(children: Bool) -> Double {
        var usage = rusage()
        let who = children ? RUSAGE_CHILDREN : RUSAGE_SELF
        guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The 1-minute load average (`/proc/loadavg`), or nil where there is none.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// VmHWM from /proc/self/status, in bytes (0 where there is no /proc).
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// `CREATE INDEX` statements for the sqlite3 baseline's tables: the indexes RiskBrain's
    /// tables of `files` have (read from the imported database, so that they follow the
    /// schema), each over the same columns and expressions, plus one on the primary key of
    /// a `WITHOUT ROWID` table (`company.credit_code`, `news.id`).
    ///
    /// The baseline's tables have only the CSV's columns and hold the rows as they are in
    /// the files, so two things differ: `occurrence` (a column RiskBrain adds to number
    /// rows that share a key) is left out of an index's columns, and the unique indexes
    /// are plain ones (the files may repeat a row that RiskBrain stores once; a UNIQUE
    /// index would make `.import` reject it). `person`, which no file holds, has no
    /// counterpart. Built after the load, in one transaction, with sqlite3's default
    /// settings: measured at 200k companies that is the faster way for sqlite3 (9.1 s,
    /// against 23.9 s with the indexes created before the load, and 13.3 s after the load
    /// with RiskBrain's import pragmas `cache_size = -262144` and `temp_store = MEMORY`).
    /// An index whose columns the CSV tables lack (a file with other headers, e.g. Chinese
    /// aliases) is left out: each statement is tried first on the same plain tables in an
    /// empty in-memory database.
    static func sqlite3IndexSQL(_ db: Database, files: [(String, String)]) throws -> [String] {
        var statements: [String] = []
        var tables: [String] = []
        for (_, table) in files where !tables.contains(table) { tables.append(table) }
        for table in tables {
            let createSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                                arguments: [table]) ?? ""
            if createSQL.uppercased().contains("WITHOUT ROWID") {
                let key = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk",
                                              arguments: [table])
                if !key.isEmpty {
                    statements.append("CREATE INDEX \(table)_primary_key ON \(table)(\(key.map { "\"\($0)\"" }.joined(separator: ", ")))")
                }
            }
            let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                                              arguments: [table])
            for sql in indexes {
                statements.append(sql.replacingOccurrences(of: "CREATE UNIQUE INDEX", with: "CREATE INDEX")
                    .replacingOccurrences(of: ", occurrence)", with: ")"))
            }
        }
        let probe = try DatabaseQueue()
        return try probe.write { probeDB in
            var created: [String] = []
            for (path, table) in files where !created.contains(table) {
                created.append(table)
                let columns = try headerColumns(path: path)
                try probeDB.execute(sql: "CREATE TABLE \(table) (\(columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")))")
            }
            return statements.filter { (try? probeDB.execute(sql: $0)) != nil }
        }
    }

    /// Creates a table per file with the file's header as columns (plain DDL), runs
    /// `.import --csv --skip 1` of every file in one sqlite3 process, then (when given)
    /// `indexes` in one transaction, timed; returns the seconds and the rows per table.
    static func runSQLite3(_ tool: String, database: String, files: [(String, String)],
                           indexes: [String] = []) throws -> (seconds: Double, cpu: Double, rows: [String: Int]) {
        var script = ""
        var tables: [String] = []
        for (path, table) in files where !tables.contains(table) {
            tables.append(table)
            let columns = try headerColumns(path: path)
            script += "CREATE TABLE \(table) (\(columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")));\n"
        }
        for (path, table) in files {
            script += ".import --csv --skip 1 '\(path.replacingOccurrences(of: "'", with: "''"))' \(table)\n"
        }
        if !indexes.isEmpty {
            script += "BEGIN;\n" + indexes.map { $0 + ";\n" }.joined() + "COMMIT;\n"
        }
        let start = DispatchTime.now()
        let cpuStart = Self.cpuSeconds(children: true)
        _ = try runTool(tool, arguments: [database], input: script)
        let seconds = Self.seconds(since: start)
        let cpu = Self.cpuSeconds(children: true) - cpuStart
        var rows: [String: Int] = [:]
        let counts = try runTool(tool, arguments: [database, tables.map { "SELECT '\($0)', count(*) FROM \($0);" }.joined()], input: "")
        for line in counts.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2, let count = Int(parts[1]) { rows[String(parts[0])] = count }
        }
        return (seconds, cpu, rows)
    }

    /// The header cells of a CSV file (first line, split at commas, BOM and quotes removed).
    static func headerColumns(path: String) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw RuntimeError("\(path): cannot read") }
        defer { try? handle.close() }
        var data = try handle.read(upToCount: 1 << 16) ?? Data()
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        let firstLine = data.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false).first ?? Data()
        let text = String(decoding: firstLine, as: UTF8.self)
        var names: [String] = []
        for (index, cell) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let name = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\"")).replacingOccurrences(of: "\"", with: "")
            names.append(name.isEmpty || names.contains(name) ? "c\(index + 1)" : name)
        }
        return names
    }

    static func runTool(_ tool: String, arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw RuntimeError("cannot run \(tool): \(error.localizedDescription)") }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        nonisolated(unsafe) var errors = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errors = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw RuntimeError("\(tool) failed (exit \(process.terminationStatus)): \(message)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Records when each file of an import starts and ends.
final class FileTimer: ImportProgress {
    private var started = DispatchTime.now()
    private(set) var seconds: [Double] = []

    func fileStarted(path: String, kind: RecordKind, bytes: Int) { started = DispatchTime.now() }
    func fileAdvanced(rows: Int, bytes: Int) {}
    func fileFinished(rows: Int) { seconds.append(BenchImportCommand.seconds(since: started)) }
}

/// The figures of one import benchmark, as a table and as JSON.
struct BenchImportResult {
    var data: String
    var report: ImportReport
    var fileSeconds: [Double]
    var total: Double
    var peakBytes: Int
    var databaseBytes: Int
    var sqliteSeconds: Double
    var sqliteRows: [String: Int]
    var sqliteBytes: Int
    /// CPU seconds (user + system) of the import and of the sqlite3 tool.
    var cpuSeconds: Double = 0
    var sqliteCPUSeconds: Double = 0
    /// 1-minute load average before the import and after sqlite3.
    var loadAverages: (before: Double?, after: Double?) = (nil, nil)

    /// The second sqlite3 run: `.import` into the same plain tables, then RiskBrain's indexes.
    struct Indexed {
        var seconds: Double
        var cpuSeconds: Double
        var bytes: Int
        var indexes: Int
    }
    var indexed = Indexed(seconds: 0, cpuSeconds: 0, bytes: 0, indexes: 0)
    var indexedRatio: Double { indexed.seconds > 0 ? total / indexed.seconds : 0 }
    var indexedCPURatio: Double { indexed.cpuSeconds > 0 ? cpuSeconds / indexed.cpuSeconds : 0 }

    var rows: Int { report.files.reduce(0) { $0 + $1.read } }
    var ratio: Double { sqliteSeconds > 0 ? total / sqliteSeconds : 0 }
    var cpuRatio: Double { sqliteCPUSeconds > 0 ? cpuSeconds / sqliteCPUSeconds : 0 }
    private var loadText: String {
        "load average \(loadAverages.before.map { Self.fixed($0, 2) } ?? "?") → \(loadAverages.after.map { Self.fixed($0, 2) } ?? "?")"
    }

    static func rate(_ rows: Int, _ seconds: Double) -> Int { seconds > 0 ? Int(Double(rows) / seconds) : 0 }
    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }

    func table() -> String {
        var lines = ["import benchmark: \(data)"]
        let header = ["file", "rows", "imported", "rejected", "seconds", "rows/s", "sqlite3 rows"]
        var cells: [[String]] = []
        for (index, file) in report.files.enumerated() {
            let seconds = index < fileSeconds.count ? fileSeconds[index] : 0
            let table = RecordTable.table(for: file.kind).name
            cells.append([(file.path as NSString).lastPathComponent, String(file.read), String(file.imported), String(file.rejected),
                          Self.fixed(seconds, 3), TerminalProgress.grouped(Self.rate(file.read, seconds)),
                          sqliteRows[table].map(String.init) ?? "-"])
        }
        cells.append(["total", String(rows), String(report.files.reduce(0) { $0 + $1.imported }),
                      String(report.rejectedTotal), Self.fixed(total, 3), TerminalProgress.grouped(Self.rate(rows, total)),
                      String(sqliteRows.values.reduce(0, +))])
        var widths = header.map(\.count)
        for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        lines.append(line(header))
        lines += cells.map(line)
        lines.append("riskbrain import: \(Self.fixed(total, 3)) s (CPU \(Self.fixed(cpuSeconds, 1)) s), peak RSS \(Self.mib(peakBytes)), database \(Self.mib(databaseBytes))")
        lines.append("sqlite3 .import:  \(Self.fixed(sqliteSeconds, 3)) s (CPU \(Self.fixed(sqliteCPUSeconds, 1)) s, \(TerminalProgress.grouped(Self.rate(rows, sqliteSeconds))) rows/s), database \(Self.mib(sqliteBytes)); + the same indexes (\(indexed.indexes)): \(Self.fixed(indexed.seconds, 3)) s (CPU \(Self.fixed(indexed.cpuSeconds, 1)) s), database \(Self.mib(indexed.bytes))")
        lines.append("ratio riskbrain / sqlite3: \(Self.fixed(ratio, 2))x wall, \(Self.fixed(cpuRatio, 2))x CPU into plain tables; \(Self.fixed(indexedRatio, 2))x wall, \(Self.fixed(indexedCPURatio, 2))x CPU with the same indexes (goal ≤ 1.5x into plain tables, peak RSS < 1024 MiB; \(loadText))")
        return lines.joined(separator: "\n")
    }

    func json() -> JSONValue {
        .object([
            ("benchmark", "import"),
            ("data", .string(data)),
            ("files", .array(report.files.enumerated().map { index, file in
                let seconds = index < fileSeconds.count ? fileSeconds[index] : 0
                return .object([
                    ("file", .string((file.path as NSString).lastPathComponent)), ("kind", .string(file.kind.rawValue)),
                    ("rows", .int(file.read)), ("imported", .int(file.imported)), ("rejected", .int(file.rejected)),
                    ("seconds", .double(seconds)), ("rows_per_second", .int(Self.rate(file.read, seconds))),
                    ("sqlite3_rows", .optional(sqliteRows[RecordTable.table(for: file.kind).name])),
                ])
            })),
            ("rows", .int(rows)),
            ("seconds", .double(total)),
            ("rows_per_second", .int(Self.rate(rows, total))),
            ("peak_rss_bytes", .int(peakBytes)),
            ("database_bytes", .int(databaseBytes)),
            ("sqlite3_seconds", .double(sqliteSeconds)),
            ("sqlite3_database_bytes", .int(sqliteBytes)),
            ("ratio", .double(ratio)),
            ("cpu_seconds", .double(cpuSeconds)),
            ("sqlite3_cpu_seconds", .double(sqliteCPUSeconds)),
            ("cpu_ratio", .double(cpuRatio)),
            ("sqlite3_indexed_seconds", .double(indexed.seconds)),
            ("sqlite3_indexed_cpu_seconds", .double(indexed.cpuSeconds)),
            ("sqlite3_indexed_database_bytes", .int(indexed.bytes)),
            ("sqlite3_indexed_indexes", .int(indexed.indexes)),
            ("ratio_indexed", .double(indexedRatio)),
            ("cpu_ratio_indexed", .double(indexedCPURatio)),
            ("load_average_before", .optional(loadAverages.before)),
            ("load_average_after", .optional(loadAverages.after)),
        ])
    }
}
