import Foundation
import GRDB
import RiskStore

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
    /// with inline keys, and `inPct`).
    static let formatVersion = 2

    /// The snapshot file of the database at `path`.
    public static func path(forDatabase path: String) -> String { path + ".graph" }

    /// What the graph is made of in `db`: the last import batch (id and finish time) and the
    /// row counts of `company`, `shareholding` and `officer`.
    /// - Complexity: three `count(*)` scans of the smallest index of each table.
    public static func state(_ db: Database) throws -> String {
        let batch = try Row.fetchOne(db, sql: "SELECT id, finished_at FROM import_batch ORDER BY id DESC LIMIT 1")
        var parts = ["batch \(batch.map { "\($0[0] as Int64) \(($0[1] as String?) ?? "-")" } ?? "none")"]
        for table in ["company", "shareholding", "officer"] {
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
        ok = fflush(file) == 0 && ok
        fclose(file)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SnapshotError.cannotWrite(path)
        }
    }

    // MARK: - Reading

    /// The graph saved at `path` under `key`, or nil when there is none, it was saved under
    /// another key, or it is damaged (every length is checked against the file's size before
    /// anything is read into memory).
    static func read(from path: String, key: String, hubThreshold: Int) -> EntityGraph? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var size = 0
        if fseek(file, 0, SEEK_END) == 0 { size = ftell(file) }
        guard size > 0, fseek(file, 0, SEEK_SET) == 0 else { return nil }
        var position = 0
        func take(_ room: UnsafeMutableRawBufferPointer) throws {
            guard room.count > 0 else { return }
            guard position + room.count <= size, let base = room.baseAddress, fread(base, 1, room.count, file) == room.count else {
                throw SnapshotError.damaged
            }
            position += room.count
        }
        func count(limit: Int, stride: Int) throws -> Int {
            var value: UInt64 = 0
            try withUnsafeMutableBytes(of: &value) { try take($0) }
            guard value <= UInt64(limit), Int(value) * stride <= size - position else { throw SnapshotError.damaged }
            return Int(value)
        }
        func array<T>(_: T.Type, limit: Int = .max) throws -> [T] {
            let n = try count(limit: limit, stride: MemoryLayout<T>.stride)
            return try [T](unsafeUninitializedCapacity: n) { storage, initialised in
                try take(UnsafeMutableRawBufferPointer(start: storage.baseAddress, count: n * MemoryLayout<T>.stride))
                initialised = n
            }
        }
        do {
            var head = [UInt8](repeating: 0, count: magic.count)
            try head.withUnsafeMutableBytes { try take($0) }
            guard head == magic else { return nil }
            guard try array(UInt8.self, limit: 1 << 16) == Array(key.utf8) else { return nil }
            let arenaCount = try count(limit: .max, stride: 1)
            var arenaBytes = [UInt8]()
            arenaBytes = try [UInt8](unsafeUninitializedCapacity: arenaCount) { storage, initialised in
                try take(UnsafeMutableRawBufferPointer(start: storage.baseAddress, count: arenaCount)); initialised = arenaCount
            }
            let keyOffsets = try array(UInt32.self)
            let slotCount = try count(limit: .max, stride: MemoryLayout<ByteStringTable.Slot>.stride)
            guard let keys = try ByteStringTable(
                arenaCount: arenaCount, offsets: keyOffsets, slotCount: slotCount,
                fillArena: { room in arenaBytes.withUnsafeBytes { room.copyMemory(from: $0) } },
                fillSlots: { try take($0) }) else { return nil }
            arenaBytes = []
            guard let names = ByteStringList(arena: try array(UInt8.self), offsets: try array(UInt32.self)) else { return nil }
            let nodeKinds = try array(UInt8.self), regionCodes = try array(Int32.self)
            let outOffsets = try array(Int32.self), edgeTargets = try array(Int32.self), edgeSources = try array(Int32.self)
            let edgeKinds = try array(UInt8.self), edgeCurrent = try array(UInt8.self), edgePct = try array(Float.self)
            let edgeRoles = try array(UInt8.self), edgeSince = try array(Int32.self), edgeUntil = try array(Int32.self)
            let inOffsets = try array(Int32.self), inEdge = try array(Int32.self), inSources = try array(Int32.self)
            let inKinds = try array(UInt8.self), inCurrent = try array(UInt8.self), inPct = try array(Float.self)
            let statValues = try array(Int.self, limit: 5)
            let holdingNodes = try array(Int32.self), holdingPct = try array(Double.self)
            let n = nodeKinds.count, m = edgeTargets.count
            // The shape must hold together, or queries would index out of range.
            guard keys.count == n, names.count == n, regionCodes.count == n, outOffsets.count == n + 1, inOffsets.count == n + 1,
                  [edgeSources.count, edgeKinds.count, edgeCurrent.count, edgePct.count, edgeRoles.count, edgeSince.count,
                   edgeUntil.count, inEdge.count, inSources.count, inKinds.count, inCurrent.count, inPct.count].allSatisfy({ $0 == m }),
                  outOffsets.last.map(Int.init) == m, inOffsets.last.map(Int.init) == m, statValues.count == 5,
                  holdingNodes.count == holdingPct.count, position == size else { return nil }
            var stats = GraphBuildStats()
            stats.shareholdingRows = statValues[0]; stats.officerRows = statValues[1]; stats.selfHoldings = statValues[2]
            stats.danglingRows = statValues[3]; stats.unknownParents = statValues[4]
            return EntityGraph(keys: keys, names: names, nodeKinds: nodeKinds, regionCodes: regionCodes,
                               outOffsets: outOffsets, edgeTargets: edgeTargets, edgeSources: edgeSources, edgeKinds: edgeKinds,
                               edgeCurrent: edgeCurrent, edgePct: edgePct, edgeRoles: edgeRoles, edgeSince: edgeSince, edgeUntil: edgeUntil,
                               inOffsets: inOffsets, inEdge: inEdge, inSources: inSources, inKinds: inKinds, inCurrent: inCurrent, inPct: inPct,
                               hubThreshold: hubThreshold, buildStats: stats,
                               selfHoldings: Dictionary(uniqueKeysWithValues: zip(holdingNodes, holdingPct)))
        } catch {
            return nil
        }
    }

    enum SnapshotError: Error { case damaged, cannotWrite(String) }
}

extension EntityGraph {
    /// The graph of `database`: loaded from its snapshot (``GraphSnapshot``) when one was
    /// saved for the same data and options, else built with ``build(from:options:)`` and
    /// saved for the next time (quietly not saved when the folder is not writable).
    /// Returns the graph and whether it came from the snapshot.
    /// - Complexity: O(graph size) sequential reads on a hit; a full build on a miss.
    public static func cached(from database: RiskDatabase, options: GraphBuildOptions = GraphBuildOptions()) throws -> (graph: EntityGraph, loaded: Bool) {
        let state = try database.writer.read { db in try GraphSnapshot.state(db) }
        let key = GraphSnapshot.key(state: state, options: options)
        let path = GraphSnapshot.path(forDatabase: database.path)
        if let graph = GraphSnapshot.read(from: path, key: key, hubThreshold: options.hubThreshold) { return (graph, true) }
        let graph = try build(from: database, options: options)
        try? GraphSnapshot.write(graph, key: key, to: path)
        return (graph, false)
    }
}
