import Foundation
import GRDB
import RiskStore

/// A built ``EntityGraph`` saved beside its database (`<database>.graph`) and loaded instead
/// of rebuilding while the data has not changed.
///
/// Building the graph reads every company, shareholding and officer row (several seconds
/// of CPU for a million companies); using the saved arrays is one `mmap` (the graph's
/// ``GraphArray``s view the file in place). The file is
/// keyed by the database's state (``state(_:)``: the last import batch and the row counts the
/// graph is made of) and the build options, so any import makes it stale and the next
/// ``EntityGraph/cached(from:options:)`` rebuilds and rewrites it. Records changed with SQL
/// outside an import are not seen (the same rule as the scoring fingerprint cache); delete
/// the file, or use ``EntityGraph/build(from:options:)``, to force a build.
///
/// Format (native byte order, this machine's layouts; a file from another version or
/// platform fails the header check and is rebuilt): the magic `RBGRAPH1`, the key as a
/// length-prefixed UTF-8 string, then each array as a 64-bit element count (zero-padded to
/// start at a multiple of 8) and its bytes. Own code rather than a serialisation package:
/// the arrays are written as raw memory and used where they lie in the mapped file, which
/// no general encoder allows.
public enum GraphSnapshot {
    static let magic = Array("RBGRAPH1".utf8)
    /// Bumped whenever the graph's arrays or their meaning change (2: 24-byte key slots
    /// with inline keys, and `inPct`; 3: the companies' record flags and import state; 4: every
    /// array's count at an 8-byte aligned offset, so the file can be mapped and read in place;
    /// 5: a former shareholding edge's pct is the holder's latest stake, not the sum of
    /// successive ones: same layout, but a format-4 file holds the old sums).
    static let formatVersion = 5

    /// The snapshot file of the database at `path`.
    public static func path(forDatabase path: String) -> String { path + ".graph" }

    /// What the graph is made of in `db`: the last import batch (``ImportState``) and the
    /// row counts of `company`, `shareholding`, `officer` and the record tables whose
    /// presence per company it keeps (``EntityGraph/companyRecords``).
    /// - Complexity: a `count(*)` scan of the smallest index of each table.
    public static func state(_ db: Database) throws -> String {
        var parts = ["batch \(try ImportState.current(db))"]
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
        var ok = true, written = 0
        func put(_ bytes: UnsafeRawBufferPointer) {
            guard ok, bytes.count > 0, let base = bytes.baseAddress else { return }
            ok = fwrite(base, 1, bytes.count, file) == bytes.count
            written += bytes.count
        }
        // Each count starts at a multiple of 8, so every array's elements do too.
        func count(_ n: Int) {
            let padding = (8 - written % 8) % 8
            if padding > 0 { withUnsafeBytes(of: UInt64(0)) { put(UnsafeRawBufferPointer(rebasing: $0[..<padding])) } }
            withUnsafeBytes(of: UInt64(n)) { put($0) }
        }
        func array<T>(_ values: [T]) { count(values.count); values.withUnsafeBytes { put($0) } }
        func array<T>(_ values: GraphArray<T>) { count(values.count); values.withUnsafeBytes { put($0) } }
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

    /// The graph saved at `path` and the key it was saved under, or nil when there is none
    /// or it is damaged. `alongside` runs once, on another thread while the file is mapped
    /// and checked (the caller works out the key it expects meanwhile).
    ///
    /// The file is mapped read-only (``MappedFile``) and the graph's arrays view it in place
    /// (``GraphArray``): nothing is copied but the key table's offsets, and pages are read
    /// when a query touches them. Every array's length is checked against the file's size,
    /// and the shape of the arrays against each other; names' and keys' offsets are checked
    /// to ascend within their arenas.
    static func read(from path: String, hubThreshold: Int, alongside: @escaping @Sendable () -> Void = {}) -> (key: String, graph: EntityGraph)? {
        let result = LoadResult()
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 { alongside() } else { result.value = map(path, hubThreshold: hubThreshold) }
        }
        return result.value
    }

    /// The mapping half of ``read(from:hubThreshold:alongside:)``.
    private static func map(_ path: String, hubThreshold: Int) -> (key: String, graph: EntityGraph)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, let file = MappedFile(descriptor: fd, size: Int(info.st_size)) else { return nil }
        let size = file.size
        var position = 0
        /// The next array: its count (at the next multiple of 8) and where its elements start.
        func section(limit: Int = .max, stride: Int) throws -> (offset: Int, count: Int) {
            position = (position + 7) / 8 * 8
            guard position + 8 <= size else { throw SnapshotError.damaged }
            let value = file.base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            position += 8
            guard value <= UInt64(limit), Int(value) <= (size - position) / stride else { throw SnapshotError.damaged }
            defer { position += Int(value) * stride }
            return (position, Int(value))
        }
        func view<T: BitwiseCopyable>(_: T.Type, limit: Int = .max) throws -> GraphArray<T> {
            let s = try section(limit: limit, stride: MemoryLayout<T>.stride)
            guard s.offset % MemoryLayout<T>.alignment == 0 else { throw SnapshotError.damaged }
            return GraphArray(file: file, offset: s.offset, count: s.count)
        }
        do {
            guard size >= magic.count, magic.elementsEqual(UnsafeRawBufferPointer(start: file.base, count: magic.count)) else { return nil }
            position = magic.count
            let savedKey = String(decoding: try view(UInt8.self, limit: 1 << 16), as: UTF8.self)
            let arena = try section(stride: 1)
            let keyOffsets = Array(try view(UInt32.self))
            let slots = try section(stride: MemoryLayout<ByteStringTable.Slot>.stride)
            guard slots.offset % MemoryLayout<ByteStringTable.Slot>.alignment == 0,
                  let keys = ByteStringTable(arenaView: (file.base + arena.offset).assumingMemoryBound(to: UInt8.self), arenaCount: arena.count,
                                             offsets: keyOffsets,
                                             slots: (file.base + slots.offset).assumingMemoryBound(to: ByteStringTable.Slot.self),
                                             slotCount: slots.count, owner: file),
                  let names = NameTable(arena: try view(UInt8.self), offsets: try view(UInt32.self)) else { return nil }
            let nodeKinds = try view(UInt8.self), regionCodes = try view(Int32.self)
            let outOffsets = try view(Int32.self), edgeTargets = try view(Int32.self), edgeSources = try view(Int32.self)
            let edgeKinds = try view(UInt8.self), edgeCurrent = try view(UInt8.self), edgePct = try view(Float.self)
            let edgeRoles = try view(UInt8.self), edgeSince = try view(Int32.self), edgeUntil = try view(Int32.self)
            let inOffsets = try view(Int32.self), inEdge = try view(Int32.self), inSources = try view(Int32.self)
            let inKinds = try view(UInt8.self), inCurrent = try view(UInt8.self), inPct = try view(Float.self)
            let statValues = Array(try view(Int.self, limit: 5))
            let holdingNodes = try view(Int32.self), holdingPct = try view(Double.self)
            let records = Array(try view(UInt8.self)), state = String(decoding: try view(UInt8.self, limit: 1 << 16), as: UTF8.self)
            let n = nodeKinds.count, m = edgeTargets.count
            // The shape must hold together, or queries would index out of range.
            guard position == size, keys.count == n, names.count == n, regionCodes.count == n, outOffsets.count == n + 1, inOffsets.count == n + 1,
                  [edgeSources.count, edgeKinds.count, edgeCurrent.count, edgePct.count, edgeRoles.count, edgeSince.count,
                   edgeUntil.count, inEdge.count, inSources.count, inKinds.count, inCurrent.count, inPct.count].allSatisfy({ $0 == m }),
                  outOffsets.last.map(Int.init) == m, inOffsets.last.map(Int.init) == m, statValues.count == 5,
                  holdingNodes.count == holdingPct.count, records.count <= n else { return nil }
            var stats = GraphBuildStats()
            stats.shareholdingRows = statValues[0]; stats.officerRows = statValues[1]; stats.selfHoldings = statValues[2]
            stats.danglingRows = statValues[3]; stats.unknownParents = statValues[4]
            var graph = EntityGraph(keys: keys, names: names, nodeKinds: nodeKinds, regionCodes: regionCodes,
                                    outOffsets: outOffsets, edgeTargets: edgeTargets, edgeSources: edgeSources, edgeKinds: edgeKinds,
                                    edgeCurrent: edgeCurrent, edgePct: edgePct, edgeRoles: edgeRoles, edgeSince: edgeSince, edgeUntil: edgeUntil,
                                    inOffsets: inOffsets, inEdge: inEdge, inSources: inSources, inKinds: inKinds, inCurrent: inCurrent, inPct: inPct,
                                    hubThreshold: hubThreshold, buildStats: stats,
                                    selfHoldings: Dictionary(zip(holdingNodes, holdingPct).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }))
            graph.companyRecords = records
            graph.importState = state
            return (savedKey, graph)
        } catch {
            return nil
        }
    }

    enum SnapshotError: Error { case damaged, cannotWrite(String) }
}

/// The mapped graph, handed from the mapping task to the caller after `concurrentPerform`
/// returns (written by one task, read after the join).
private final class LoadResult: @unchecked Sendable {
    var value: (key: String, graph: EntityGraph)?
}

extension EntityGraph {
    /// The graph of `database`: loaded from its snapshot (``GraphSnapshot``) when one was
    /// saved for the same data and options, else built with ``build(from:options:)`` and
    /// saved for the next time (quietly not saved when the folder is not writable).
    /// Returns the graph and whether it came from the snapshot.
    /// - Complexity: O(graph size) sequential reads on a hit; a full build on a miss.
    public static func cached(from database: RiskDatabase, options: GraphBuildOptions = GraphBuildOptions()) throws -> (graph: EntityGraph, loaded: Bool) {
        let path = GraphSnapshot.path(forDatabase: database.path)
        // The database's state (a few counts) is read while the snapshot is mapped and checked.
        final class StateBox: @unchecked Sendable { var state: Result<String, any Error> = .failure(GraphSnapshot.SnapshotError.damaged) }
        let box = StateBox()
        let saved = GraphSnapshot.read(from: path, hubThreshold: options.hubThreshold) {
            box.state = Result { try database.writer.read { db in try GraphSnapshot.state(db) } }
        }
        let state = box.state
        let key = GraphSnapshot.key(state: try state.get(), options: options)
        if let saved, saved.key == key { return (saved.graph, true) }
        let graph = try build(from: database, options: options)
        try? GraphSnapshot.write(graph, key: key, to: path)
        return (graph, false)
    }
}
