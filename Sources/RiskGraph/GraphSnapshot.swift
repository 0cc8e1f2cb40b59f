import Foundation
import GRDB
import RiskStore
import Synchronization

/// A built ``EntityGraph`` saved beside its database (`<database>.graph`) and loaded instead
/// of rebuilding while the data has not changed.
///
/// Building the graph reads every company, shareholding and officer row (several seconds
/// of CPU for a million companies); loading the saved arrays is a few sequential reads. The file is
/// keyed by the database's state (``state(_:)``: the last import batch and the row counts the
/// graph is made of) and the build options, so any import makes it stale and the next
/// ``EntityGraph/cached(from:options:)`` rebuilds and rewrites it. Records changed with SQL
/// outside an import are not seen (the same rule as the scoring fingerprint cache); delete
/// the file, or use ``EntityGraph/build(from:options:)``, to force a build.
///
/// Format (native byte order, this machine's layouts; a file from another version or
/// platform fails the header check and is rebuilt): the magic `RBGRAPH1`, the key as a
/// length-prefixed UTF-8 string, then each array as a 64-bit element count and its bytes.
/// Own code rather than a serialisation package: the arrays are copied as raw memory,
/// which no general encoder does at this speed.
public enum GraphSnapshot {
    static let magic = Array("RBGRAPH1".utf8)
    /// Bumped whenever the graph's arrays or their meaning change (2: 24-byte key slots
    /// with inline keys, and `inPct`; 3: the companies' record flags and import state).
    static let formatVersion = 3

    /// The snapshot file of the database at `path`.
    public static func path(forDatabase path: String) -> String { path + ".graph" }

    /// What the graph is made of in `db`: the last import batch (id and finish time) and the
    /// row counts of `company`, `shareholding`, `officer` and the record tables whose
    /// presence per company it keeps (``EntityGraph/companyRecords``).
    /// - Complexity: a `count(*)` scan of the smallest index of each table.
    public static func state(_ db: Database) throws -> String {
        let batch = try Row.fetchOne(db, sql: "SELECT id, finished_at FROM import_batch ORDER BY id DESC LIMIT 1")
        var parts = ["batch \(batch.map { "\($0[0] as Int64) \(($0[1] as String?) ?? "-")" } ?? "none")"]
        for table in ["company", "shareholding", "officer"] + RecordTables.tables.map(\.name) {
            parts.append("\(table) \(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0)")
        }
        return parts.joined(separator: ", ")
    }

    /// The key a snapshot is stored under.
    static func key(state: String, options: GraphBuildOptions) -> String {
        "format \(formatVersion); \(MemoryLayout<Int>.size * 8)-bit; contacts \(options.contactNodes ? 1 : 0); \(state)"
    }

    // MARK: - Writing

    /// Writes `graph` to `path` under `key`: into a temporary file, then renamed over `path`,
    /// so a reader never sees half a file.
    static func write(_ graph: EntityGraph, key: String, to path: String) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard let file = fopen(temporary, "wb") else { throw SnapshotError.cannotWrite(path) }
        var ok = true
        func put(_ bytes: UnsafeRawBufferPointer) {
            guard ok, bytes.count > 0, let base = bytes.baseAddress else { return }
            ok = fwrite(base, 1, bytes.count, file) == bytes.count
        }
        func count(_ n: Int) { withUnsafeBytes(of: UInt64(n)) { put($0) } }
        func array<T>(_ values: [T]) { count(values.count); values.withUnsafeBytes { put($0) } }
        func buffer<T>(_ values: UnsafeBufferPointer<T>) { count(values.count); put(UnsafeRawBufferPointer(values)) }

        magic.withUnsafeBytes { put($0) }
        array(Array(key.utf8))
        let keyParts = graph.keys.parts()
        buffer(keyParts.arena); array(keyParts.offsets); buffer(keyParts.slots)
        array(graph.names.arena); array(graph.names.offsets)
        array(graph.nodeKinds); array(graph.regionCodes)
        array(graph.outOffsets); array(graph.edgeTargets); array(graph.edgeSources); array(graph.edgeKinds)
        array(graph.edgeCurrent); array(graph.edgePct); array(graph.edgeRoles); array(graph.edgeSince); array(graph.edgeUntil)
        array(graph.inOffsets); array(graph.inEdge); array(graph.inSources); array(graph.inKinds); array(graph.inCurrent); array(graph.inPct)
        let stats = graph.buildStats
        array([stats.shareholdingRows, stats.officerRows, stats.selfHoldings, stats.danglingRows, stats.unknownParents])
        let holdings = graph.selfHoldings.sorted { $0.key < $1.key }
        array(holdings.map(\.key)); array(holdings.map(\.value))
        array(graph.companyRecords); array(Array(graph.importState.utf8))
        ok = fflush(file) == 0 && ok
        fclose(file)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SnapshotError.cannotWrite(path)
        }
    }

    // MARK: - Reading

    /// One array of the file: where its elements start, how many, and their size.
    struct Section { var offset: Int, count: Int, stride: Int }

    /// The graph saved at `path` and the key it was saved under, or nil when there is none
    /// or it is damaged (every length is checked against the file's size before anything is
    /// read into memory). `alongside` runs once, on one of the two reading threads, while the
    /// arrays are read (the caller works out the key it expects meanwhile).
    ///
    /// The section table is walked first (one 8-byte read per array), then the arrays are
    /// read with `pread` on two threads, the largest first, each to the less loaded thread:
    /// copying 390 MB out of the page cache is most of a load, and it halves on two cores.
    static func read(from path: String, hubThreshold: Int, alongside: @escaping () -> Void = {}) -> (key: String, graph: EntityGraph)? {
        var ranAlongside = false
        defer { if !ranAlongside { alongside() } }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        /// Fills `room` from `offset`, false on a short read.
        func fill(_ room: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
            var done = 0
            while done < room.count {
                guard let base = room.baseAddress else { return false }
                let n = pread(fd, base + done, room.count - done, off_t(offset + done))
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return false }
                done += n
            }
            return true
        }
        var position = 0
        func section(limit: Int = .max, stride: Int) throws -> Section {
            var value: UInt64 = 0
            guard position + 8 <= size, withUnsafeMutableBytes(of: &value, { fill($0, at: position) }) else { throw SnapshotError.damaged }
            position += 8
            guard value <= UInt64(limit), Int(value) <= (size - position) / stride else { throw SnapshotError.damaged }
            defer { position += Int(value) * stride }
            return Section(offset: position, count: Int(value), stride: stride)
        }
        func array<T>(_ s: Section, _: T.Type) throws -> [T] {
            try [T](unsafeUninitializedCapacity: s.count) { storage, initialised in
                guard fill(UnsafeMutableRawBufferPointer(start: storage.baseAddress, count: s.count * MemoryLayout<T>.stride), at: s.offset) else {
                    throw SnapshotError.damaged
                }
                initialised = s.count
            }
        }
        do {
            var head = [UInt8](repeating: 0, count: magic.count)
            guard size >= magic.count, head.withUnsafeMutableBytes({ fill($0, at: 0) }), head == magic else { return nil }
            position = magic.count
            let savedKey = String(decoding: try array(try section(limit: 1 << 16, stride: 1), UInt8.self), as: UTF8.self)
            let arena = try section(stride: 1), keyOffsets = try section(stride: 4)
            let slots = try section(stride: MemoryLayout<ByteStringTable.Slot>.stride)
            let nameArena = try section(stride: 1), nameOffsets = try section(stride: 4)
            let nodeKinds = try section(stride: 1), regionCodes = try section(stride: 4)
            let outOffsets = try section(stride: 4), edgeTargets = try section(stride: 4), edgeSources = try section(stride: 4)
            let edgeKinds = try section(stride: 1), edgeCurrent = try section(stride: 1), edgePct = try section(stride: 4)
            let edgeRoles = try section(stride: 1), edgeSince = try section(stride: 4), edgeUntil = try section(stride: 4)
            let inOffsets = try section(stride: 4), inEdge = try section(stride: 4), inSources = try section(stride: 4)
            let inKinds = try section(stride: 1), inCurrent = try section(stride: 1), inPct = try section(stride: 4)
            let stats = try section(limit: 5, stride: MemoryLayout<Int>.stride)
            let holdingNodes = try section(stride: 4), holdingPct = try section(stride: 8)
            let records = try section(stride: 1), state = try section(limit: 1 << 16, stride: 1)
            guard position == size, [keyOffsets.stride, MemoryLayout<UInt32>.stride, MemoryLayout<Int32>.stride, MemoryLayout<Float>.stride].allSatisfy({ $0 == 4 })
            else { return nil }

            let parts = LoadedParts()
            // Each task reads some sections into `parts`; sized by bytes for the scheduling.
            var tasks: [(bytes: Int, run: () throws -> Void)] = [
                (arena.count + keyOffsets.count * 4 + slots.count * slots.stride, {
                    let offsets = try array(keyOffsets, UInt32.self)
                    parts.keys = try ByteStringTable(
                        arenaCount: arena.count, offsets: offsets, slotCount: slots.count,
                        fillArena: { room in guard fill(room, at: arena.offset) else { throw SnapshotError.damaged } },
                        fillSlots: { room in guard fill(room, at: slots.offset) else { throw SnapshotError.damaged } })
                }),
                (nameArena.count + nameOffsets.count * 4, {
                    parts.names = ByteStringList(arena: try array(nameArena, UInt8.self), offsets: try array(nameOffsets, UInt32.self))
                }),
                (nodeKinds.count, { parts.nodeKinds = try array(nodeKinds, UInt8.self) }),
                (edgeKinds.count + edgeCurrent.count + edgeRoles.count, {
                    parts.edgeKinds = try array(edgeKinds, UInt8.self); parts.edgeCurrent = try array(edgeCurrent, UInt8.self)
                    parts.edgeRoles = try array(edgeRoles, UInt8.self)
                }),
                (inKinds.count + inCurrent.count, {
                    parts.inKinds = try array(inKinds, UInt8.self); parts.inCurrent = try array(inCurrent, UInt8.self)
                }),
                (stats.count * 8 + holdingNodes.count * 4 + holdingPct.count * 8 + records.count + state.count, {
                    parts.stats = try array(stats, Int.self)
                    parts.holdingNodes = try array(holdingNodes, Int32.self); parts.holdingPct = try array(holdingPct, Double.self)
                    parts.records = try array(records, UInt8.self)
                    parts.state = String(decoding: try array(state, UInt8.self), as: UTF8.self)
                }),
            ]
            let words: [(Section, ReferenceWritableKeyPath<LoadedParts, [Int32]>)] = [
                (regionCodes, \.regionCodes), (outOffsets, \.outOffsets), (edgeTargets, \.edgeTargets), (edgeSources, \.edgeSources),
                (edgeSince, \.edgeSince), (edgeUntil, \.edgeUntil), (inOffsets, \.inOffsets), (inEdge, \.inEdge), (inSources, \.inSources),
            ]
            for (s, path) in words { tasks.append((s.count * 4, { parts[keyPath: path] = try array(s, Int32.self) })) }
            tasks.append((edgePct.count * 4, { parts.edgePct = try array(edgePct, Float.self) }))
            tasks.append((inPct.count * 4, { parts.inPct = try array(inPct, Float.self) }))
            // Largest first, each to the thread with fewer bytes so far.
            var plan: [[Int]] = [[], []], load = [0, 0]
            for index in tasks.indices.sorted(by: { tasks[$0].bytes > tasks[$1].bytes }) {
                let thread = load[0] <= load[1] ? 0 : 1
                plan[thread].append(index); load[thread] += tasks[index].bytes
            }
            ranAlongside = true
            let work = ThreadWork(plan: plan.map { $0.map { tasks[$0].run } }, alongside: alongside)
            DispatchQueue.concurrentPerform(iterations: 2) { thread in work.run(thread) }
            guard !work.failed.withLock({ $0 }), let keys = parts.keys, let names = parts.names, let statValues = parts.stats else { return nil }
            let n = parts.nodeKinds.count, m = parts.edgeTargets.count
            // The shape must hold together, or queries would index out of range.
            guard keys.count == n, names.count == n, parts.regionCodes.count == n, parts.outOffsets.count == n + 1,
                  parts.inOffsets.count == n + 1,
                  [parts.edgeSources.count, parts.edgeKinds.count, parts.edgeCurrent.count, parts.edgePct.count, parts.edgeRoles.count,
                   parts.edgeSince.count, parts.edgeUntil.count, parts.inEdge.count, parts.inSources.count, parts.inKinds.count,
                   parts.inCurrent.count, parts.inPct.count].allSatisfy({ $0 == m }),
                  parts.outOffsets.last.map(Int.init) == m, parts.inOffsets.last.map(Int.init) == m, statValues.count == 5,
                  parts.holdingNodes.count == parts.holdingPct.count, parts.records.count <= n else { return nil }
            var buildStats = GraphBuildStats()
            buildStats.shareholdingRows = statValues[0]; buildStats.officerRows = statValues[1]; buildStats.selfHoldings = statValues[2]
            buildStats.danglingRows = statValues[3]; buildStats.unknownParents = statValues[4]
            var graph = EntityGraph(keys: keys, names: names, nodeKinds: parts.nodeKinds, regionCodes: parts.regionCodes,
                                    outOffsets: parts.outOffsets, edgeTargets: parts.edgeTargets, edgeSources: parts.edgeSources,
                                    edgeKinds: parts.edgeKinds, edgeCurrent: parts.edgeCurrent, edgePct: parts.edgePct,
                                    edgeRoles: parts.edgeRoles, edgeSince: parts.edgeSince, edgeUntil: parts.edgeUntil,
                                    inOffsets: parts.inOffsets, inEdge: parts.inEdge, inSources: parts.inSources, inKinds: parts.inKinds,
                                    inCurrent: parts.inCurrent, inPct: parts.inPct, hubThreshold: hubThreshold, buildStats: buildStats,
                                    selfHoldings: Dictionary(parts.holdingNodes.indices.map { (parts.holdingNodes[$0], parts.holdingPct[$0]) },
                                                             uniquingKeysWith: { first, _ in first }))
            graph.companyRecords = parts.records
            graph.importState = parts.state
            return (savedKey, graph)
        } catch {
            return nil
        }
    }

    enum SnapshotError: Error { case damaged, cannotWrite(String) }
}

/// What each of the two reading threads does. `@unchecked Sendable`: the tasks are plain
/// closures over the file and ``LoadedParts``; each runs on one thread only, and the
/// caller reads the results after `concurrentPerform` returns.
private final class ThreadWork: @unchecked Sendable {
    let plan: [[() throws -> Void]]
    let alongside: () -> Void
    let failed = Mutex(false)
    init(plan: [[() throws -> Void]], alongside: @escaping () -> Void) { self.plan = plan; self.alongside = alongside }
    func run(_ thread: Int) {
        if thread == 1 { alongside() }
        for task in plan[thread] {
            do { try task() } catch { failed.withLock { $0 = true } }
        }
    }
}

/// The arrays of a snapshot as the two reading threads fill them (each property written by
/// one task only, read after both threads are done).
private final class LoadedParts: @unchecked Sendable {
    var keys: ByteStringTable?
    var names: ByteStringList?
    var stats: [Int]?
    var nodeKinds: [UInt8] = [], regionCodes: [Int32] = []
    var outOffsets: [Int32] = [], edgeTargets: [Int32] = [], edgeSources: [Int32] = [], edgeKinds: [UInt8] = []
    var edgeCurrent: [UInt8] = [], edgePct: [Float] = [], edgeRoles: [UInt8] = [], edgeSince: [Int32] = [], edgeUntil: [Int32] = []
    var inOffsets: [Int32] = [], inEdge: [Int32] = [], inSources: [Int32] = [], inKinds: [UInt8] = [], inCurrent: [UInt8] = []
    var inPct: [Float] = []
    var holdingNodes: [Int32] = [], holdingPct: [Double] = []
    var records: [UInt8] = [], state = ""
}

extension EntityGraph {
    /// The graph of `database`: loaded from its snapshot (``GraphSnapshot``) when one was
    /// saved for the same data and options, else built with ``build(from:options:)`` and
    /// saved for the next time (quietly not saved when the folder is not writable).
    /// Returns the graph and whether it came from the snapshot.
    /// - Complexity: O(graph size) sequential reads on a hit; a full build on a miss.
    public static func cached(from database: RiskDatabase, options: GraphBuildOptions = GraphBuildOptions()) throws -> (graph: EntityGraph, loaded: Bool) {
        let path = GraphSnapshot.path(forDatabase: database.path)
        // The database's state (three counts) is read while the snapshot's arrays are.
        var state: Result<String, any Error> = .failure(GraphSnapshot.SnapshotError.damaged)
        let saved = GraphSnapshot.read(from: path, hubThreshold: options.hubThreshold) {
            state = Result { try database.writer.read { db in try GraphSnapshot.state(db) } }
        }
        let key = GraphSnapshot.key(state: try state.get(), options: options)
        if let saved, saved.key == key { return (saved.graph, true) }
        let graph = try build(from: database, options: options)
        try? GraphSnapshot.write(graph, key: key, to: path)
        return (graph, false)
    }
}
