import ArgumentParser
import Foundation
import GRDB
import RiskDomain
import RiskGraph
import RiskIngest
import RiskStore

/// `riskbrain bench graph DATA`: the graph benchmark against ../shared/bench's peers.
///
/// Imports DATA into a database (or uses `--db`), builds the graph (`load` = the graph
/// build from the database; the import time is reported in `note`), replays
/// queries.json's `sp`, `sp_near`, `khop` and `equity` on the benchmark's view (U: current
/// shareholding, officer and phone links; S: current shareholdings with a known pct), runs
/// `wcc` and a 20-iteration `pr`, and appends JSON-lines records in the peers' schema
/// (../shared/bench/README.md, "Result records") with `system: "riskbrain"`.
struct BenchGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Benchmark the graph engine on an exchange-format folder with the peers' queries.json.")

    @Argument(help: "Exchange-format data folder (companies.csv, shareholdings.csv, officers.csv).")
    var data: String?
    @Option(help: "queries.json written by ../shared/bench/peers.py for the same folder.")
    var queries: String
    @Option(help: "JSON-lines file the records are appended to.")
    var out: String = "riskbrain.jsonl"
    @Option(help: "Data-set label (default: from the company count in queries.json, as peers.py does).")
    var scale: String?
    @Option(help: "Use this already imported database instead of importing DATA (import time is then not measured).")
    var db: String?
    @Option(name: .customLong("save-db"), help: "Import DATA into this database file and keep it, for later runs with --db.")
    var saveDB: String?
    @Option(help: "Version label written in the records.")
    var label: String = "dev"
    @Option(parsing: .unconditional, help: "Seconds per batch task before it stops starting queries (as peers.py --cap).")
    var cap: Double = 60
    @Option(help: "Comma list of tasks from sp,sp_near,khop,equity,wcc,pr (load always runs; as peers.py --tasks), plus the product-only chain (the `chain` command's 5 shortest chains on the sp pairs), chain_near (the same on the sp_near pairs, which are connected) and owners (the `owners` report on the equity companies).")
    var tasks: String = "sp,sp_near,khop,equity,wcc,pr"
    @Flag(help: "Add the graph's content digest (EntityGraph.contentDigest) to the load record, to compare builds.")
    var digest = false

    static let taskNames = ["sp", "sp_near", "khop", "equity", "wcc", "pr", "chain", "chain_near", "owners"]
    var taskList: Set<String> { Set(tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }

    func validate() throws {
        if data == nil && db == nil { throw ValidationError("give a DATA folder to import, or --db of an imported database") }
        if db != nil && saveDB != nil { throw ValidationError("--save-db imports DATA; it cannot be combined with --db") }
        if cap <= 0 { throw ValidationError("--cap must be positive.") }
        let unknown = taskList.subtracting(Self.taskNames + ["load"])
        if !unknown.isEmpty { throw ValidationError("unknown task(s) \(unknown.sorted().joined(separator: ", ")); choose from \(Self.taskNames.joined(separator: ","))") }
    }

    func run() throws {
        try runReportingErrors {
            let queryFile = try BenchQueries(url: URL(fileURLWithPath: queries))
            let scaleLabel = scale ?? queryFile.scaleLabel
            var writer = try BenchRecordWriter(path: out, version: label, scale: scaleLabel, qhash: queryFile.qhash, cap: cap)

            // Import (not part of `load`).
            let importStart = BenchClock.now()
            let database: RiskDatabase
            var createdPath: String?
            defer { if let createdPath { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: createdPath + suffix) } } }
            var importNote = "database given with --db (import not measured)"
            if let db {
                database = try RiskDatabase.openExisting(path: db)
            } else if let data {
                let path = saveDB ?? FileManager.default.temporaryDirectory.appendingPathComponent("riskbrain-bench-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
                if let saveDB, FileManager.default.fileExists(atPath: saveDB) {
                    throw RuntimeError("--save-db \(saveDB) exists; give a new file name")
                }
                if saveDB == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
                database = try RiskDatabase.open(path: path)
                if saveDB == nil { createdPath = path }
                let counts = try BenchDataImport.importFolder(URL(fileURLWithPath: data), into: database)
                importNote = "import of the CSV folder into the RiskBrain database took \(String(format: "%.3f", BenchClock.seconds(since: importStart))) s (not in load; \(counts))"
            } else {
                throw RuntimeError("nothing to load")
            }

            // load = graph build from the database + resolving the query keys.
            let loadStart = BenchClock.now()
            let loadCPUStart = BenchClock.cpuSeconds()
            let graph = try EntityGraph.build(from: database)
            let buildSecs = BenchClock.seconds(since: loadStart)
            let view = EdgeFilter.benchmarkView
            let viewStart = BenchClock.now()
            let undirected = GraphView(graph: graph, filter: view)
            let viewSecs = BenchClock.seconds(since: viewStart)
            let resolved = try queryFile.resolve(in: graph)
            let loadSecs = BenchClock.seconds(since: loadStart)
            let loadCPUSecs = BenchClock.cpuSeconds() - loadCPUStart
            let member = graph.viewMembership(filter: view)
            var viewEdges = 0
            for e in 0..<graph.edgeCount where view.admits(kind: graph.edgeKinds[e], current: graph.edgeCurrent[e] != 0) { viewEdges += 1 }
            let viewNodes = member.reduce(0) { $0 + ($1 ? 1 : 0) }
            var digestField: [(String, JSONValue)] = []
            if digest { digestField = [("graph_digest", .string(String(graph.contentDigest(), radix: 16)))] }
            try writer.emit("load", digestField + [
                ("n", 1), ("of", 1), ("secs", .double(BenchClock.round(loadSecs, 3))),
                ("result", [.int(viewNodes), .int(viewEdges), .int(undirected.linkCount)]),
                ("build_secs", .double(BenchClock.round(buildSecs, 3))), ("prep_secs", .double(BenchClock.round(viewSecs, 3))),
                ("cpu_secs", .double(BenchClock.round(loadCPUSecs, 3))), ("loadavg", .string(BenchClock.loadAverage())),
                ("threads", 2), ("load_from", "riskbrain database"), ("machine", .string(BenchClock.machine())),
                ("note", .string("load = EntityGraph.build from the database (build_secs; company read on one thread, shareholding and officer on another; \(graph.nodeCount) nodes, \(graph.edgeCount) edges in the full product graph) + the simple undirected CSR of the view U (GraphView, prep_secs; used by sp, sp_near, khop, wcc, pr; equity walks the product graph's in-CSR; queries are single-threaded) + key resolution; \(importNote)")),
            ])

            let scratch = GraphScratch(for: graph)
            let run = taskList
            if run.contains("sp") { try batch("sp", resolved.sp, writer: &writer) { pair in
                .int(undirected.shortestPathLength(from: pair.0, to: pair.1, maxHops: 6, scratch: scratch))
            } }
            if run.contains("sp_near") { try batch("sp_near", resolved.spNear, writer: &writer) { pair in
                .int(undirected.shortestPathLength(from: pair.0, to: pair.1, maxHops: 6, scratch: scratch))
            } }
            if run.contains("khop") { try batch("khop", resolved.khop, writer: &writer) { source in
                .int(undirected.neighbourhoodSize(of: source, hops: 3, scratch: scratch))
            } }
            if run.contains("equity") { try batch("equity", resolved.equity, writer: &writer) { target in
                let answer = graph.equitySummary(of: target, maxDepth: 10, scratch: scratch)
                return [.int(answer.owners), .double(answer.share)]
            } }
            if run.contains("chain") { try batch("chain", resolved.sp, writer: &writer) { pair in
                .int(graph.shortestChains(from: pair.0, to: pair.1, maxHops: 6, filter: .current, limit: 5, scratch: scratch).count)
            } }
            if run.contains("chain_near") { try batch("chain_near", resolved.spNear, writer: &writer) { pair in
                .int(graph.shortestChains(from: pair.0, to: pair.1, maxHops: 6, filter: .current, limit: 5, scratch: scratch).count)
            } }
            if run.contains("owners") { try batch("owners", resolved.equity, writer: &writer) { company in
                .int(graph.ownershipReport(of: company, scratch: scratch).penetration.entries.count)
            } }
            if run.contains("wcc") {
                let wccStart = BenchClock.now()
                let components = undirected.connectedComponents(included: member)
                try writer.emit("wcc", [("n", 1), ("of", 1), ("secs", .double(BenchClock.round(BenchClock.seconds(since: wccStart), 4))),
                                        ("timed_out", false), ("error", .null), ("result", [.int(components.count), .int(components.largest)])])
            }
            guard run.contains("pr") else { return }

            let prStart = BenchClock.now()
            let rank = graph.pageRank(filter: view, iterations: 20, damping: 0.85, view: undirected, included: member)
            let prSecs = BenchClock.seconds(since: prStart)
            var best = -1
            for v in 0..<graph.nodeCount where member[v] {
                if best < 0 || rank[v] > rank[best] || (rank[v] == rank[best] && graph.key(Int32(v)) < graph.key(Int32(best))) { best = v }
            }
            let top: JSONValue = best < 0 ? .null : [.string(graph.key(Int32(best))), .double(rank[best])]
            try writer.emit("pr", [("n", 1), ("of", 1), ("secs", .double(BenchClock.round(prSecs, 4))), ("timed_out", false),
                                   ("error", .null), ("result", top),
                                   ("note", "20 pull iterations on the GraphView of U (built in load)")])
        }
    }

    /// Runs one batch task as peers.py does: per-query latency around the one call, a cap.
    func batch<Item>(_ task: String, _ items: [Item], writer: inout BenchRecordWriter, _ body: (Item) -> JSONValue) throws {
        var latencies: [Double] = [], answers: [JSONValue] = []
        latencies.reserveCapacity(items.count); answers.reserveCapacity(items.count)
        let start = BenchClock.now()
        for item in items {
            if BenchClock.seconds(since: start) > cap { break }
            let t0 = BenchClock.now()
            let answer = body(item)
            latencies.append(BenchClock.seconds(since: t0) * 1000)
            answers.append(answer)
        }
        let secs = BenchClock.seconds(since: start)
        let sorted = latencies.sorted()
        var fields: [(String, JSONValue)] = [("n", .int(answers.count)), ("of", .int(items.count))]
        if sorted.isEmpty {
            fields += [("median_ms", .null), ("p99_ms", .null), ("mean_ms", .null)]
        } else {
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let p99 = sorted[max(0, Int((0.99 * Double(sorted.count)).rounded(.up)) - 1)]
            fields += [("median_ms", .double(BenchClock.round(median, 4))), ("p99_ms", .double(BenchClock.round(p99, 4))),
                       ("mean_ms", .double(BenchClock.round(sorted.reduce(0, +) / Double(sorted.count), 4)))]
        }
        fields += [("secs", .double(BenchClock.round(secs, 3))), ("timed_out", .bool(answers.count < items.count)),
                   ("error", .null), ("result", Self.summary(task, answers)), ("answers", .array(answers))]
        try writer.emit(task, fields)
    }

    /// The `result` summary of a batch, as peers.py computes it.
    static func summary(_ task: String, _ answers: [JSONValue]) -> JSONValue {
        switch task {
        case "sp", "sp_near":
            var count = 0, sum = 0
            for case .int(let value) in answers where value >= 0 { count += 1; sum += value }
            return [.int(count), .int(sum)]
        case "khop", "chain", "chain_near", "owners":
            var sum = 0
            for case .int(let value) in answers { sum += value }
            return .int(sum)
        case "equity":
            var owners = 0, share = 0.0
            for case .array(let pair) in answers {
                if case .int(let o) = pair[0] { owners += o }
                if case .double(let s) = pair[1] { share += s }
            }
            return [.int(owners), .double(BenchClock.round(share, 6))]
        default:
            return .null
        }
    }
}

/// queries.json of ../shared/bench (the contract; see its README, "The queries").
struct BenchQueries {
    var qhash: String
    var companies: Int
    var sp: [(String, String)], spNear: [(String, String)], khop: [String], equity: [String]

    init(url: URL) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
              let qhash = object["qhash"] as? String else {
            throw RuntimeError("\(url.path): not a peers.py queries.json (no qhash)")
        }
        self.qhash = qhash
        companies = object["companies"] as? Int ?? 0
        func pairs(_ key: String) -> [(String, String)] {
            ((object[key] as? [[String]]) ?? []).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        }
        sp = pairs("sp"); spNear = pairs("sp_near")
        khop = object["khop"] as? [String] ?? []
        equity = object["equity"] as? [String] ?? []
    }

    /// peers.py's label: the count below 1000, else round(k) + `k`, else one-decimal `M`.
    var scaleLabel: String {
        if companies < 1000 { return String(companies) }
        if companies < 1_000_000 { return "\(Int((Double(companies) / 1000).rounded()))k" }
        return String(format: "%.1fM", Double(companies) / 1e6)
    }

    /// The queries with company keys resolved to node ids (part of `load`).
    func resolve(in graph: EntityGraph) throws -> (sp: [(Int32, Int32)], spNear: [(Int32, Int32)], khop: [Int32], equity: [Int32]) {
        func node(_ key: String) throws -> Int32 {
            guard let node = graph.node(forKey: key) else { throw RuntimeError("query company \(key) is not in the graph") }
            return node
        }
        return (try sp.map { (try node($0.0), try node($0.1)) }, try spNear.map { (try node($0.0), try node($0.1)) },
                try khop.map(node), try equity.map(node))
    }
}

/// Appends result records (one compact JSON object per line).
struct BenchRecordWriter {
    let handle: FileHandle
    let version: String, scale: String, qhash: String, cap: Double

    init(path: String, version: String, scale: String, qhash: String, cap: Double) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw RuntimeError("cannot write \(path)") }
        handle.seekToEndOfFile()
        self.handle = handle; self.version = version; self.scale = scale; self.qhash = qhash; self.cap = cap
    }

    mutating func emit(_ task: String, _ fields: [(String, JSONValue)]) throws {
        let memory = BenchClock.memory()
        var record: [(String, JSONValue)] = [("system", "riskbrain"), ("version", .string(version)), ("scale", .string(scale)), ("task", .string(task))]
        record += fields
        record += [("rss_mb", .int(memory.rss)), ("hwm_mb", .int(memory.hwm)), ("qhash", .string(qhash)), ("cap_s", .double(cap))]
        handle.write(Data((JSONValue.object(record).serialized(pretty: false) + "\n").utf8))
        var summary = "riskbrain \(task)"
        for (key, value) in fields where ["median_ms", "p99_ms", "secs", "build_secs", "cpu_secs", "loadavg", "result"].contains(key) {
            summary += "  \(key)=\(value.serialized(pretty: false).prefix(60))"
        }
        FileHandle.standardError.write(Data((summary + "  hwm=\(memory.hwm) MB\n").utf8))
    }
}

/// Monotonic time, memory figures and the machine description for the benchmark.
enum BenchClock {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    /// CPU seconds (user + system) this process has used: the load figure that other
    /// processes on a shared machine disturb least.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    /// The 1-, 5- and 15-minute load averages from /proc/loadavg ("" where unavailable).
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
    static func round(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
    /// (VmRSS, VmHWM) in MB from /proc/self/status (0 where unavailable).
    static func memory() -> (rss: Int, hwm: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        var rss = 0, hwm = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kb = Int(parts[1]) else { continue }
            if parts[0] == "VmRSS:" { rss = kb / 1024 } else if parts[0] == "VmHWM:" { hwm = kb / 1024 }
        }
        return (rss, hwm)
    }
    static func machine() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "?"
        return "\(model) x\(ProcessInfo.processInfo.activeProcessorCount)"
    }
}

/// The benchmark's import: the product's own importer (RiskIngest), so the graph is built
/// from exactly what `riskbrain import` stores. Only the three files the graph reads are
/// imported. Rows the importer rejects (e.g. unparsable percentages such as `1e2`, which the
/// peers read as "unknown") are counted in the note; on clean data (synth) the graph equals
/// the peers'.
enum BenchDataImport {
    /// Imports the folder's companies, shareholdings and officers; returns a one-line count summary.
    static func importFolder(_ folder: URL, into database: RiskDatabase) throws -> String {
        let files = ["companies.csv", "shareholdings.csv", "officers.csv"]
            .map { folder.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        let report = try Importer(database: database, progress: TerminalProgress()).run(paths: files)
        let parts = report.files.map { "\($0.kind.rawValue) \($0.imported) imported, \($0.rejected) rejected" }
        return parts.joined(separator: "; ")
    }
}
