import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import RiskDomain
import RiskStore

/// Options of ``EntityGraph/build(from:options:)``.
public struct GraphBuildOptions: Sendable {
    /// Degree above which a person or contact node is a hub (see ``EntityGraph/isHub(_:)``).
    public var hubThreshold: Int
    /// Make e-mail and address nodes (phones are always made).
    public var contactNodes: Bool
    public init(hubThreshold: Int = 100, contactNodes: Bool = true) {
        self.hubThreshold = hubThreshold
        self.contactNodes = contactNodes
    }
}

extension EntityGraph {
    /// Builds the graph from the store in one pass over `company`, `shareholding` and
    /// `officer`, with raw statement stepping (no `String` or record per row until a key is
    /// new). A database file is read on two threads (``buildConcurrently(_:options:)``),
    /// an in-memory one on the calling thread; both give the same graph.
    ///
    /// Rules (they extend the benchmark's normative graph, ../shared/bench/README.md):
    /// every company row is a node; a holder or officer id equal to a company's credit code
    /// is that company, otherwise a person (`holder_type=person` or an officer) or an
    /// outside party; a phone, e-mail or normalised address becomes a node only when at
    /// least two companies share it; a self-holding is left out (see ``selfHoldings``);
    /// rows with the same (source, target, kind, current) merge into one edge.
    /// - Complexity: O(R + E log d) for R rows, E edges and out-degree d; memory about
    ///   30 bytes per edge and 60 per node in the graph, about twice that while building.
    public static func build(from database: RiskDatabase, options: GraphBuildOptions = GraphBuildOptions()) throws -> EntityGraph {
        if let pool = database.writer as? DatabasePool, let graph = try buildConcurrently(pool, options: options) { return graph }
        return try buildSerially(database, options: options)
    }

    /// The build on one thread in one read transaction (in-memory databases, and the
    /// fallback of ``buildConcurrently(_:options:)``).
    static func buildSerially(_ database: RiskDatabase, options: GraphBuildOptions) throws -> EntityGraph {
        try database.writer.read { db in
            let state = try EntityGraph.importState(db)
            var builder = GraphBuilder(options: options, expectedCompanies: try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0)
            builder.importState = state
            try builder.readCompanies(db)
            try builder.readRecordTables(db)
            try builder.readShareholdings(db)
            try builder.readOfficers(db)
            builder.addContactNodes()
            builder.addBranches()
            return builder.finish()
        }
    }

    /// The build with `company` read on one thread and `shareholding` + `officer` on
    /// another (two read transactions of the pool), merged into the graph the serial build
    /// makes (same ids, edges and order). The company thread, which has less to read, also
    /// takes the last ``companyThreadOfficerShare`` of the officer rows (by row id), so both
    /// threads finish at about the same time.
    ///
    /// Nil, and the caller builds serially, when the two transactions did not see the same
    /// last import batch (an import committed between their starts: every change to these
    /// tables is an import, one transaction that adds an `import_batch` row, so the same last
    /// batch means the same rows; the rule ``GraphSnapshot`` relies on too), or when some row
    /// names a company that is not in `company` (the importer checks foreign keys, so only
    /// hand-made data has such rows, and the serial build's node order for them depends on
    /// rows the other thread read).
    static func buildConcurrently(_ pool: DatabasePool, options: GraphBuildOptions) throws -> EntityGraph? {
        final class Half<Value>: @unchecked Sendable {
            // Written by one task of concurrentPerform, read after it returns (the join).
            var result: Result<(state: String, value: Value), any Error>?
        }
        let (expected, officerIDs) = try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0,
             try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM officer").map { ($0[0] as Int64? ?? 0, $0[1] as Int64? ?? 0) } ?? (0, 0))
        }
        // Officer rows up to `split` on the link thread, the rest on the company thread.
        let span = Double(officerIDs.1 - officerIDs.0)
        let split = officerIDs.0 + Int64(span * (1 - companyThreadOfficerShare))
        let tailShare = companyThreadOfficerShare
        let companies = Half<(GraphBuilder, GraphLinkReader)>(), links = Half<GraphLinkReader>()
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                companies.result = Result {
                    try pool.read { db in
                        let state = try EntityGraph.importState(db)
                        var builder = GraphBuilder(options: options, expectedCompanies: expected)
                        builder.importState = state
                        try builder.readCompanies(db)
                        try builder.readRecordTables(db)
                        var tail = GraphLinkReader(expectedKeys: Int(Double(expected * 2) * tailShare) + 1024,
                                                   expectedRows: Int(Double(expected * 3) * tailShare))
                        try tail.readOfficers(db, rows: (split + 1)...Int64.max)
                        return (state, (builder, tail))
                    }
                }
            } else {
                links.result = Result {
                    try pool.read { db in
                        let state = try EntityGraph.importState(db)
                        var reader = GraphLinkReader(expectedKeys: expected * 2 + 1024, expectedRows: expected * 5)
                        try reader.readShareholdings(db)
                        try reader.readOfficers(db, rows: Int64.min...split)
                        return (state, reader)
                    }
                }
            }
        }
        var builder: GraphBuilder
        var readers: [GraphLinkReader]
        do {
            guard let companyHalf = try companies.result?.get(), let linkHalf = try links.result?.get(),
                  companyHalf.state == linkHalf.state else { return nil }
            companies.result = nil; links.result = nil
            builder = companyHalf.value.0
            readers = [linkHalf.value, companyHalf.value.1]
        }
        // Here the builder's tables and the readers are the only references to their
        // storage: the merge interns into the key table without copying it.
        guard builder.mergeLinks(&readers) else { return nil }
        readers = []
        builder.addContactNodes()
        builder.addBranches()
        return builder.finish()
    }

    /// The share of the officer rows the company thread reads after the companies (a
    /// company row costs about as much to read as three link rows, and there are five
    /// link rows per company).
    static let companyThreadOfficerShare = 0.3
}

/// A pointer handed to the tasks of `DispatchQueue.concurrentPerform`, each of which writes
/// its own disjoint range of the buffer (that is what serialises access).
struct UnsafeSendablePointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>?
    init(_ pointer: UnsafeMutablePointer<Element>?) { self.pointer = pointer }
}

/// One database row's edge before duplicates merge (24 bytes, sorted as a record).
struct RawEdge {
    var src: Int32, dst: Int32
    var pct: Float
    var since: Int32, until: Int32
    var kind: UInt8, current: UInt8, roles: UInt8
}

/// The mutable state of one graph build; see ``EntityGraph/build(from:options:)``.
struct GraphBuilder {
    let options: GraphBuildOptions
    var keys: ByteStringTable
    var names: ByteStringList
    var kinds: [UInt8] = []
    var regions: [Int32] = []
    var companyCount = 0
    var stats = GraphBuildStats()
    var selfHoldings: [Int32: Double] = [:]
    /// Per company, the record tables it has rows in (``readRecordTables(_:)``).
    var companyRecords: [UInt8] = []
    /// The import state the rows were read in.
    var importState = ""

    // Raw edges before merging.
    var raw: [RawEdge] = []

    // Contact values per company (index into the value tables, -1 none).
    var phoneValues: ByteStringTable, emailValues: ByteStringTable, addressValues: ByteStringTable
    var companyPhone: [Int32] = [], companyEmail: [Int32] = [], companyAddress: [Int32] = []
    var branchParents: [(Int32, String)] = []
    /// Person and outside-holder names: rows may spell one id differently, and the first
    /// row met named the node, so the files' row order chose the name shown in chains,
    /// controllers and owners (found by review). The smallest spelling is the name.
    var spellings = SmallestSpellings()
    var lastCompanyKey: [UInt8] = [0xFF]
    var lastCompany: Int32? = nil

    init(options: GraphBuildOptions, expectedCompanies: Int) {
        self.options = options
        keys = ByteStringTable(expectedCount: max(1024, expectedCompanies * 2 + 1024))
        names = ByteStringList(expectedCount: max(1024, expectedCompanies * 2 + 1024))
        // Contact tables sized for one value per company: no rehashing during the build.
        let contacts = max(1024, expectedCompanies)
        phoneValues = ByteStringTable(expectedCount: contacts, expectedBytesPerKey: 12)
        emailValues = ByteStringTable(expectedCount: options.contactNodes ? contacts : 16, expectedBytesPerKey: 20)
        addressValues = ByteStringTable(expectedCount: options.contactNodes ? contacts : 16, expectedBytesPerKey: 40)
        companyPhone.reserveCapacity(expectedCompanies); companyEmail.reserveCapacity(expectedCompanies)
        companyAddress.reserveCapacity(expectedCompanies)
        kinds.reserveCapacity(expectedCompanies * 2)
        regions.reserveCapacity(expectedCompanies * 2)
        let edges = expectedCompanies * 5
        raw.reserveCapacity(edges)
    }

    /// Steps `sql` and hands each row's statement handle to `body`.
    static func step(_ db: Database, _ sql: String, _ body: (OpaquePointer) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            try body(handle)
        }
        sqlite3_reset(handle)
    }

    /// Column `index` as bytes (empty for NULL), valid until the next step.
    @inline(__always)
    static func bytes(_ handle: OpaquePointer, _ index: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let text = sqlite3_column_text(handle, index) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// Parses `YYYY-MM-DD` bytes to a day number, ``EntityGraph/unknownDay`` otherwise.
    static func dayNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard bytes.count == 10 else { return EntityGraph.unknownDay }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range { let d = Int(bytes[i]) - 48; guard (0...9).contains(d) else { return nil }; value = value * 10 + d }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              let date = LocalDate(year: y, month: m, day: d) else { return EntityGraph.unknownDay }
        return Int32(date.dayNumber)
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return bytes }
        var start = 0, end = bytes.count
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    mutating func addNode(_ key: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, kind: NodeKind, region: Int32 = -1) -> Int32 {
        let (id, inserted) = keys.intern(key)
        if inserted {
            names.append(name)
            kinds.append(kind.rawValue)
            regions.append(region)
        } else if companyCount > 0, Int(id) >= companyCount {
            spellings.note(name, for: id, in: names)
        }
        return id
    }

    mutating func addEdge(_ s: Int32, _ d: Int32, _ k: EdgeKind, pct p: Float = .nan, roles r: UInt8 = 0,
                          since a: Int32 = EntityGraph.unknownDay, until b: Int32 = EntityGraph.unknownDay) {
        raw.append(RawEdge(src: s, dst: d, pct: p, since: a, until: b, kind: k.rawValue,
                           current: b == EntityGraph.unknownDay ? 1 : 0, roles: r))
    }

    mutating func readCompanies(_ db: Database) throws {
        let wantContacts = options.contactNodes
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        try Self.step(db, "SELECT credit_code, name, region_code, phone, email, address, parent_code FROM company ORDER BY credit_code") { h in
            let regionBytes = Self.bytes(h, 2)
            var region: Int32 = 0
            for b in regionBytes { region = region &* 10 &+ Int32(b &- 48) }
            let node = addNode(Self.bytes(h, 0), name: Self.bytes(h, 1), kind: .company, region: region)
            guard Int(node) == companyPhone.count else { return }
            let phone = Self.trimmed(Self.bytes(h, 3))
            companyPhone.append(phone.count > 0 ? phoneValues.intern(phone).id : -1)
            if wantContacts {
                let email = Self.trimmed(Self.bytes(h, 4))
                if email.count > 0 {
                    buffer.removeAll(keepingCapacity: true)
                    for b in email { buffer.append(b >= 65 && b <= 90 ? b + 32 : b) }
                    companyEmail.append(buffer.withUnsafeBufferPointer { emailValues.intern($0).id })
                } else { companyEmail.append(-1) }
                let address = Self.bytes(h, 5)
                if address.count > 0 {
                    EntityNameNormaliser.addressBytes(address, into: &buffer)
                    companyAddress.append(buffer.isEmpty ? -1 : buffer.withUnsafeBufferPointer { addressValues.intern($0).id })
                } else { companyAddress.append(-1) }
            }
            let parent = Self.bytes(h, 6)
            if parent.count > 0 { branchParents.append((node, String(decoding: parent, as: UTF8.self))) }
        }
        companyCount = kinds.count
    }

    /// Which record tables (``RecordTables``) each company has rows in: one `DISTINCT
    /// company` pass over each table's company index (about 0.3 s at 1M companies, a
    /// third of a million rows per large table), so a watch list's scoring can skip the
    /// probes that would find nothing. Run after ``readCompanies(_:)``.
    mutating func readRecordTables(_ db: Database) throws {
        var flags = [UInt8](repeating: 0, count: companyCount)
        for (table, flag) in RecordTables.tables {
            try Self.step(db, "SELECT DISTINCT company FROM \(table)") { h in
                if let node = companyNode(Self.bytes(h, 0)) { flags[Int(node)] |= flag.rawValue }
            }
        }
        lastCompanyKey = [0xFF]; lastCompany = nil
        companyRecords = flags
    }

    /// The company node of `bytes`, reusing the previous row's answer when the key repeats
    /// (rows usually come grouped by company): one hash lookup per company, not per row.
    mutating func companyNode(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if Self.sameBytes(lastCompanyKey, bytes) { return lastCompany }
        lastCompanyKey.removeAll(keepingCapacity: true)
        lastCompanyKey.append(contentsOf: bytes)
        if let node = keys.find(bytes), Int(node) < companyCount { lastCompany = node } else { lastCompany = nil }
        return lastCompany
    }

    mutating func readShareholdings(_ db: Database) throws {
        try Self.step(db, "SELECT company, holder_id, holder_name, holder_type, pct, since, until FROM shareholding") { h in
            stats.shareholdingRows += 1
            guard let company = companyNode(Self.bytes(h, 0)) else { stats.danglingRows += 1; return }
            let holderKey = Self.bytes(h, 1)
            let isPerson = Self.bytes(h, 3).first == UInt8(ascii: "p")
            let holder = addNode(holderKey, name: Self.bytes(h, 2), kind: isPerson ? .person : .external)
            if isPerson, kinds[Int(holder)] == NodeKind.external.rawValue { kinds[Int(holder)] = NodeKind.person.rawValue }
            let p: Float = sqlite3_column_type(h, 4) == SQLITE_NULL ? .nan : Float(sqlite3_column_double(h, 4))
            let untilDay = Self.dayNumber(Self.bytes(h, 6))
            if holder == company {
                stats.selfHoldings += 1
                if untilDay == EntityGraph.unknownDay, !p.isNaN { selfHoldings[company, default: 0] += Double(p) }
                return
            }
            addEdge(holder, company, .shareholding, pct: p, since: Self.dayNumber(Self.bytes(h, 5)), until: untilDay)
        }
    }

    mutating func readOfficers(_ db: Database) throws {
        try Self.step(db, "SELECT company, person_id, person_name, role, since, until FROM officer") { h in
            stats.officerRows += 1
            guard let company = companyNode(Self.bytes(h, 0)) else { stats.danglingRows += 1; return }
            let person = addNode(Self.bytes(h, 1), name: Self.bytes(h, 2), kind: .person)
            if kinds[Int(person)] == NodeKind.external.rawValue { kinds[Int(person)] = NodeKind.person.rawValue }
            if person == company { return }
            let role = Self.roleBit(Self.bytes(h, 3))
            addEdge(person, company, .officer, roles: role, since: Self.dayNumber(Self.bytes(h, 4)), until: Self.dayNumber(Self.bytes(h, 5)))
        }
    }

    /// True when `a` holds exactly the bytes of `b`.
    @inline(__always)
    static func sameBytes(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let other = b.baseAddress else { return a.isEmpty }
        return a.withUnsafeBufferPointer { mine in
            guard let base = mine.baseAddress else { return false }
            return memcmp(base, other, a.count) == 0
        }
    }

    /// The raw values of `OfficerRole.allCases`, whose position is the role's bit.
    static let roleNames: [[UInt8]] = OfficerRole.allCases.map { Array($0.rawValue.utf8) }

    /// The bit of an officer role's raw value (0 for an unknown one), without a `String`.
    @inline(__always)
    static func roleBit(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        for (index, name) in roleNames.enumerated() where sameBytes(name, bytes) { return UInt8(1) << UInt8(index) }
        return 0
    }

    /// Adds what the `readers` read (the link half of a concurrent build, in row order)
    /// after the companies: holder and person nodes in the order of their first use, edges
    /// in row order, and the self-holdings, exactly as ``readShareholdings(_:)`` and
    /// ``readOfficers(_:)`` would have. False when a company column names no company (see
    /// ``EntityGraph/buildConcurrently(_:options:)``).
    /// - Complexity: O(K + R) for K distinct keys per reader and R rows: one lookup per key.
    mutating func mergeLinks(_ readers: inout [GraphLinkReader]) -> Bool {
        var maps: [[Int32]] = []
        for links in readers {
            let localCount = links.local.count
            var global = [Int32](repeating: -1, count: localCount)
            // Companies: lookups only, in two halves on two threads (the table is read-only here).
            do {
                let companies = keys, companyLimit = Int32(companyCount)
                global.withUnsafeMutableBufferPointer { out in
                    let target = UnsafeSendablePointer(out.baseAddress)
                    DispatchQueue.concurrentPerform(iterations: 2) { half in
                        let lo = half == 0 ? 0 : localCount / 2, hi = half == 0 ? localCount / 2 : localCount
                        guard let base = target.pointer else { return }
                        for l in lo..<hi {
                            if let node = links.local.withBytes(Int32(l), { companies.find($0) }), node < companyLimit { base[l] = node }
                        }
                    }
                }
            }
            for l in 0..<localCount where links.companyColumn[l] != 0 && global[l] < 0 { return false }
            // Holders and persons that are not companies, in first-use order; a key an earlier
            // reader made a node keeps it (and becomes a person if this reader says so).
            for (use, l) in links.useOrder.enumerated() where global[Int(l)] < 0 {
                let (id, inserted) = links.local.withBytes(l) { keys.intern($0) }
                let person = links.personFlag[Int(l)] != 0
                if inserted {
                    links.useNames.withBytes(use) { names.append($0) }
                    kinds.append(person ? NodeKind.person.rawValue : NodeKind.external.rawValue)
                    regions.append(-1)
                } else {
                    links.useNames.withBytes(use) { spellings.note($0, for: id, in: names) }
                    if person, kinds[Int(id)] == NodeKind.external.rawValue { kinds[Int(id)] = NodeKind.person.rawValue }
                }
                // The reader's smallest spelling of this key, when its rows spelt it more than one way.
                if let better = links.spellings.replacements[Int32(use)] {
                    better.withUnsafeBufferPointer { spellings.note($0, for: id, in: names) }
                }
                global[Int(l)] = id
            }
            stats.shareholdingRows += links.shareholdingRows
            stats.officerRows += links.officerRows
            for row in links.selfRows {
                stats.selfHoldings += 1
                if row.current, !row.pct.isNaN { selfHoldings[global[Int(row.company)], default: 0] += Double(row.pct) }
            }
            maps.append(global)
        }
        // Edges in row order with global ids, mapped on two threads; the first reader's array
        // is taken over rather than copied.
        raw = []
        swap(&raw, &readers[0].raw)
        raw.reserveCapacity(readers.reduce(raw.count) { $0 + $1.raw.count })
        for (index, map) in maps.enumerated() {
            let start = index == 0 ? 0 : raw.count
            let count = index == 0 ? raw.count : readers[index].raw.count
            if index > 0 { raw.append(contentsOf: readers[index].raw); readers[index].raw = [] }
            map.withUnsafeBufferPointer { mapBuffer in
                raw.withUnsafeMutableBufferPointer { all in
                    let edges = UnsafeSendablePointer(all.baseAddress.map { $0 + start })
                    let lookup = UnsafeSendablePointer(UnsafeMutablePointer(mutating: mapBuffer.baseAddress))
                    DispatchQueue.concurrentPerform(iterations: 2) { half in
                        guard let e = edges.pointer, let m = lookup.pointer else { return }
                        for i in (half == 0 ? 0 : count / 2)..<(half == 0 ? count / 2 : count) {
                            e[i].src = m[Int(e[i].src)]
                            e[i].dst = m[Int(e[i].dst)]
                        }
                    }
                }
            }
        }
        return true
    }

    /// Phone, e-mail and address nodes for values shared by at least two companies.
    mutating func addContactNodes() {
        func add(_ values: ByteStringTable, _ perCompany: [Int32], prefix: String, nodeKind: NodeKind, edgeKind: EdgeKind) {
            guard !perCompany.isEmpty else { return }
            var counts = [Int32](repeating: 0, count: values.count)
            for value in perCompany where value >= 0 { counts[Int(value)] += 1 }
            var nodeOf = [Int32](repeating: -1, count: values.count)
            for (company, value) in perCompany.enumerated() where value >= 0 && counts[Int(value)] >= 2 {
                if nodeOf[Int(value)] < 0 {
                    let text = values.string(value)
                    var key = prefix + text
                    var name = text
                    nodeOf[Int(value)] = key.withUTF8 { k in name.withUTF8 { n in addNode(k, name: n, kind: nodeKind) } }
                }
                addEdge(Int32(company), nodeOf[Int(value)], edgeKind)
            }
        }
        add(phoneValues, companyPhone, prefix: "tel:", nodeKind: .phone, edgeKind: .phone)
        add(emailValues, companyEmail, prefix: "mail:", nodeKind: .email, edgeKind: .email)
        add(addressValues, companyAddress, prefix: "addr:", nodeKind: .address, edgeKind: .address)
        phoneValues = ByteStringTable(); emailValues = ByteStringTable(); addressValues = ByteStringTable()
        companyPhone = []; companyEmail = []; companyAddress = []
    }

    mutating func addBranches() {
        for (branch, parentCode) in branchParents {
            guard let parent = keys.find(parentCode), Int(parent) < companyCount, parent != branch else {
                stats.unknownParents += 1; continue
            }
            addEdge(parent, branch, .branch)
        }
        branchParents = []
    }

    /// An edge's order within its source's edges: target, kind, then current before former.
    @inline(__always)
    static func sortKey(_ e: RawEdge) -> UInt64 {
        UInt64(UInt32(bitPattern: e.dst)) << 9 | UInt64(e.kind) << 1 | UInt64(1 - e.current)
    }

    /// Stable sort of `count` records at `base` by ``sortKey(_:)``: insertion sort for the
    /// usual few, else keys tagged with their position (40 + 24 bits) sorted and applied.
    static func sortBucket(_ base: UnsafeMutablePointer<RawEdge>, count: Int, keyed: inout [UInt64], scratch: inout [RawEdge]) {
        if count < 2 { return }
        if count <= 24 {
            for i in 1..<count {
                let item = base[i], key = sortKey(item)
                var j = i
                while j > 0, sortKey(base[j - 1]) > key { base[j] = base[j - 1]; j -= 1 }
                base[j] = item
            }
            return
        }
        if count < 1 << 24 {
            keyed.removeAll(keepingCapacity: true)
            for i in 0..<count { keyed.append(sortKey(base[i]) << 24 | UInt64(i)) }
            keyed.sort()
        } else {
            // A node with 16M edges or more: tag positions in a second array instead.
            let order = (0..<count).sorted { (sortKey(base[$0]), $0) < (sortKey(base[$1]), $1) }
            keyed = order.map { UInt64($0) }
        }
        scratch.removeAll(keepingCapacity: true)
        for i in 0..<count { scratch.append(base[i]) }
        let mask: UInt64 = count < 1 << 24 ? (1 << 24) - 1 : .max
        for i in 0..<count { base[i] = scratch[Int(keyed[i] & mask)] }
    }

    /// Merges duplicate rows and lays out both CSR directions.
    ///
    /// The passes over the edges run in two halves on two threads where the halves are
    /// independent (the build's other steps read SQLite on both cores; this one used to be
    /// a serial 1.6 s tail at a million companies): counting by source and by target, the
    /// per-source sorts, the merge of duplicates, and the in-CSR scatter. Stable counting
    /// sorts stay stable: the first half's records go before the second's in every bucket.
    /// The arrays are written in place into the graph's storage (no copy at the end).
    /// - Complexity: O(E + N) counting sorts, plus O(d log d) per node of out-degree d > 24.
    mutating func finish() -> EntityGraph {
        let n = kinds.count, m = raw.count
        // Raw edges ordered by (source, target, kind, former), rows with equal keys kept in
        // row order (percentages then sum in the same order in every build): one stable
        // counting sort on the source that moves the 24-byte records, then a stable sort of
        // each source's few records by the rest of the key.
        var offsets = [Int32](repeating: 0, count: n + 1)
        do {
            let sorted = [RawEdge](unsafeUninitializedCapacity: m) { out, initialized in
                raw.withUnsafeBufferPointer { edges in
                    let input = UnsafeSendablePointer(UnsafeMutablePointer(mutating: edges.baseAddress))
                    let output = UnsafeSendablePointer(out.baseAddress)
                    Self.parallelCountingSort(count: m, buckets: n, offsets: &offsets, key: { Int(input.pointer.unsafelyUnwrapped[$0].src) }) { from, to in
                        (output.pointer.unsafelyUnwrapped + to).initialize(to: input.pointer.unsafelyUnwrapped[from])
                    }
                }
                initialized = m
            }
            raw = sorted
        }
        let edgeSplit = Self.split(offsets, n: n)
        let rawOffsets = offsets
        raw.withUnsafeMutableBufferPointer { edges in
            let all = UnsafeSendablePointer(edges.baseAddress)
            Self.inTwoHalves(edgeSplit, n) { lo, hi in
                guard let base = all.pointer else { return }
                var keyed: [UInt64] = [], scratch: [RawEdge] = []
                for v in lo..<hi {
                    let from = Int(rawOffsets[v]), to = Int(rawOffsets[v + 1])
                    Self.sortBucket(base + from, count: to - from, keyed: &keyed, scratch: &scratch)
                }
            }
        }

        // Distinct (target, kind, former) per source, then the merged edges written in place.
        var outOffsets = [Int32](repeating: 0, count: n + 1)
        raw.withUnsafeBufferPointer { edges in
            for v in 0..<n {
                var previousKey: UInt64 = .max, distinct: Int32 = 0
                for position in Int(offsets[v])..<Int(offsets[v + 1]) {
                    let key = Self.sortKey(edges[position])
                    if key != previousKey { distinct += 1; previousKey = key }
                }
                outOffsets[v + 1] = outOffsets[v] + distinct
            }
        }
        let edges = Int(outOffsets[n])
        let distinctOffsets = outOffsets
        let eTarget = GraphArrayStorage<Int32>(count: edges), eSource = GraphArrayStorage<Int32>(count: edges)
        let eKind = GraphArrayStorage<UInt8>(count: edges), eCurrent = GraphArrayStorage<UInt8>(count: edges)
        let ePct = GraphArrayStorage<Float>(count: edges), eRoles = GraphArrayStorage<UInt8>(count: edges)
        let eSince = GraphArrayStorage<Int32>(count: edges), eUntil = GraphArrayStorage<Int32>(count: edges)
        raw.withUnsafeBufferPointer { rawEdges in
            let input = UnsafeSendablePointer(UnsafeMutablePointer(mutating: rawEdges.baseAddress))
            Self.inTwoHalves(edgeSplit, n) { lo, hi in
                guard let edges = input.pointer else { return }
                for v in lo..<hi {
                    var last = Int(distinctOffsets[v]) - 1
                    var previousKey: UInt64 = .max
                    var stake: (since: Int32, until: Int32) = (0, 0)
                    for position in Int(rawOffsets[v])..<Int(rawOffsets[v + 1]) {
                        let edge = edges[position]
                        let key = Self.sortKey(edge)
                        if key == previousKey {
                            ePct.pointer[last] = Self.mergedPct(ePct.pointer[last], stake: &stake, row: edge)
                            eRoles.pointer[last] |= edge.roles
                            if edge.since != EntityGraph.unknownDay && (eSince.pointer[last] == EntityGraph.unknownDay || edge.since < eSince.pointer[last]) {
                                eSince.pointer[last] = edge.since
                            }
                            if edge.until > eUntil.pointer[last] { eUntil.pointer[last] = edge.until }
                            continue
                        }
                        previousKey = key
                        last += 1
                        eTarget.pointer[last] = edge.dst; eSource.pointer[last] = Int32(v); eKind.pointer[last] = edge.kind
                        eCurrent.pointer[last] = edge.current; ePct.pointer[last] = edge.pct; eRoles.pointer[last] = edge.roles
                        eSince.pointer[last] = edge.since; eUntil.pointer[last] = edge.until
                        stake = (edge.since, edge.until)
                    }
                }
            }
        }
        raw = []

        // In CSR by counting sort on targets (stable: sources ascending within a target),
        // each in-edge's fields copied as it is placed.
        var inOffsets = [Int32](repeating: 0, count: n + 1)
        let inEdge = GraphArrayStorage<Int32>(count: edges), inSources = GraphArrayStorage<Int32>(count: edges)
        let inKinds = GraphArrayStorage<UInt8>(count: edges), inCurrent = GraphArrayStorage<UInt8>(count: edges)
        let inPct = GraphArrayStorage<Float>(count: edges)
        Self.parallelCountingSort(count: edges, buckets: n, offsets: &inOffsets, key: { Int(eTarget.pointer[$0]) }) { e, p in
            inEdge.pointer[p] = Int32(e); inSources.pointer[p] = eSource.pointer[e]; inKinds.pointer[p] = eKind.pointer[e]
            inCurrent.pointer[p] = eCurrent.pointer[e]; inPct.pointer[p] = ePct.pointer[e]
        }

        var graph = EntityGraph(keys: keys, names: NameTable(names.replacing(spellings.replacements)), nodeKinds: GraphArray(kinds), regionCodes: GraphArray(regions),
                                outOffsets: GraphArray(outOffsets), edgeTargets: eTarget.array, edgeSources: eSource.array,
                                edgeKinds: eKind.array, edgeCurrent: eCurrent.array, edgePct: ePct.array,
                                edgeRoles: eRoles.array, edgeSince: eSince.array, edgeUntil: eUntil.array,
                                inOffsets: GraphArray(inOffsets), inEdge: inEdge.array, inSources: inSources.array,
                                inKinds: inKinds.array, inCurrent: inCurrent.array, inPct: inPct.array,
                                hubThreshold: options.hubThreshold, buildStats: stats,
                                selfHoldings: selfHoldings)
        graph.companyRecords = companyRecords
        graph.importState = importState
        return graph
    }

    /// The percentage of a merged edge, `pct` so far, after one more row of the same ends,
    /// kind and current-ness. Duplicates add up (current rows, and former rows of the same
    /// dates: the documented merge); a former row of other dates is the same holder's stake
    /// at another time, and only the latest stake (by end date, then start date; `stake`
    /// holds its dates) counts: a 20% held 2015–2018 and a 25% held 2018–2020 are 25%,
    /// never 45%, a share the holder never had.
    static func mergedPct(_ pct: Float, stake: inout (since: Int32, until: Int32), row: RawEdge) -> Float {
        if row.current != 0 || (row.since, row.until) == stake {
            return row.pct.isNaN ? pct : (pct.isNaN ? row.pct : pct + row.pct)
        }
        guard (row.until, row.since) > (stake.until, stake.since) else { return pct }
        stake = (row.since, row.until)
        return row.pct
    }

    /// The node where the edges of `offsets` (a CSR offset array over `n` nodes) are cut
    /// in two halves of about equal size.
    static func split(_ offsets: [Int32], n: Int) -> Int {
        guard n > 0 else { return 0 }
        let half = offsets[n] / 2
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if offsets[mid] < half { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Runs `body(lo, hi)` for `0 ..< split` and `split ..< n` on two threads.
    static func inTwoHalves(_ split: Int, _ n: Int, _ body: @Sendable (Int, Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            if half == 0 { body(0, split) } else { body(split, n) }
        }
    }

    /// A stable counting sort of the items `0 ..< count` by `key(item)` (in `0 ..< buckets`),
    /// in two halves on two threads: fills `offsets` (`buckets + 1` entries, bucket `b`
    /// at `offsets[b] ..< offsets[b + 1]`) and calls `place(item, position)` once per item,
    /// items of one bucket in ascending order. Each half counts its own items, then places
    /// them from its own cursor: the first half's items of a bucket start at the bucket's
    /// offset, the second's after them.
    static func parallelCountingSort(count: Int, buckets: Int, offsets: inout [Int32],
                                     key: @Sendable (Int) -> Int, place: @Sendable (Int, Int) -> Void) {
        var first = [Int32](repeating: 0, count: buckets), second = [Int32](repeating: 0, count: buckets)
        let middle = count / 2
        first.withUnsafeMutableBufferPointer { a in
            second.withUnsafeMutableBufferPointer { b in
                let counts = (UnsafeSendablePointer(a.baseAddress), UnsafeSendablePointer(b.baseAddress))
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    guard let c = half == 0 ? counts.0.pointer : counts.1.pointer else { return }
                    for item in (half == 0 ? 0 : middle)..<(half == 0 ? middle : count) { c[key(item)] += 1 }
                }
                // Offsets, and each half's cursor: where its first item of a bucket goes.
                offsets[0] = 0
                for bucket in 0..<buckets {
                    let inFirst = a[bucket], inSecond = b[bucket]
                    offsets[bucket + 1] = offsets[bucket] + inFirst + inSecond
                    a[bucket] = offsets[bucket]
                    b[bucket] = offsets[bucket] + inFirst
                }
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    guard let cursor = half == 0 ? counts.0.pointer : counts.1.pointer else { return }
                    for item in (half == 0 ? 0 : middle)..<(half == 0 ? middle : count) {
                        let k = key(item)
                        place(item, Int(cursor[k]))
                        cursor[k] += 1
                    }
                }
            }
        }
    }
}
