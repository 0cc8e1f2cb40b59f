import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import RiskDomain

/// The `shareholding` and `officer` half of a concurrent graph build: reads both tables
/// while another thread reads `company` (see ``EntityGraph/build(from:options:)``), and
/// keeps what the rows say in *local* key ids, which ``GraphBuilder/mergeLinks(_:)``
/// renumbers once the companies are known.
///
/// Every key of the company, holder and person columns gets a local id in a table of its
/// own (the company column's key only once per run of rows with the same company). The
/// node a holder or person becomes is decided at the merge, in the order ``useOrder``
/// records: the order in which a serial build would have made the nodes, so both builds
/// give the same ids.
struct GraphLinkReader {
    /// Every key of the three columns, by local id.
    var local: ByteStringTable
    /// Per local id: 1 when the key appears in a `company` column (it must be a company).
    var companyColumn: [UInt8] = []
    /// Per local id: 1 when the key was a person-typed holder or an officer.
    var personFlag: [UInt8] = []
    /// Per local id: index in ``useNames`` of its first use as a holder or person, -1 none.
    var nameIndex: [Int32] = []
    /// Local ids in the order of their first use as a holder or person.
    var useOrder: [Int32] = []
    /// The holder or person name of that first use, parallel to ``useOrder``.
    var useNames: ByteStringList
    /// Smaller spellings of those names met on later rows, by use index.
    var spellings = SmallestSpellings()
    /// Edges in row order, `src` and `dst` as local ids.
    var raw: [RawEdge] = []
    /// Current self-holdings in row order: company local id and pct (NaN unknown).
    var selfRows: [(company: Int32, pct: Float, current: Bool)] = []
    var shareholdingRows = 0, officerRows = 0

    private var lastCompanyKey: [UInt8] = [0xFF]
    private var lastCompany: Int32 = -1
    private var lastDay: (bytes: (UInt64, UInt16), day: Int32) = ((0, 0), EntityGraph.unknownDay)

    private var lastPersonKey: [UInt8] = [0xFF]
    private var lastPerson: Int32 = -1

    /// A reader sized for about `expectedKeys` distinct keys and `expectedRows` rows.
    init(expectedKeys: Int, expectedRows: Int) {
        let keys = max(1024, expectedKeys)
        local = ByteStringTable(expectedCount: keys)
        useNames = ByteStringList(expectedCount: keys / 2)
        companyColumn.reserveCapacity(keys); personFlag.reserveCapacity(keys); nameIndex.reserveCapacity(keys)
        useOrder.reserveCapacity(keys / 2)
        raw.reserveCapacity(max(1024, expectedRows))
    }

    /// The local id of `bytes`, new ids getting their per-key flags.
    @inline(__always)
    private mutating func localID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (id, inserted) = local.intern(bytes)
        if inserted { companyColumn.append(0); personFlag.append(0); nameIndex.append(-1) }
        return id
    }

    /// The company column's local id, reusing the previous row's when the key repeats.
    @inline(__always)
    private mutating func companyID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if lastCompany >= 0, GraphBuilder.sameBytes(lastCompanyKey, bytes) { return lastCompany }
        lastCompanyKey.removeAll(keepingCapacity: true)
        lastCompanyKey.append(contentsOf: bytes)
        lastCompany = localID(bytes)
        companyColumn[Int(lastCompany)] = 1
        return lastCompany
    }

    /// The holder or person column's local id, recording its first use and name.
    @inline(__always)
    private mutating func useID(_ bytes: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, person: Bool) -> Int32 {
        let id = localID(bytes)
        if nameIndex[Int(id)] < 0 {
            nameIndex[Int(id)] = Int32(useOrder.count)
            useOrder.append(id)
            useNames.append(name)
        } else {
            spellings.note(name, for: nameIndex[Int(id)], in: useNames)
        }
        if person { personFlag[Int(id)] = 1 }
        return id
    }

    /// ``GraphBuilder/dayNumber(_:)`` with a one-entry cache (rows of one company often
    /// share their dates).
    @inline(__always)
    private mutating func day(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard bytes.count == 10, let base = bytes.baseAddress else { return GraphBuilder.dayNumber(bytes) }
        let raw = UnsafeRawPointer(base)
        let key = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if key == lastDay.bytes, lastDay.day != EntityGraph.unknownDay { return lastDay.day }
        let value = GraphBuilder.dayNumber(bytes)
        lastDay = (key, value)
        return value
    }

    mutating func readShareholdings(_ db: Database) throws {
        try GraphBuilder.step(db, "SELECT company, holder_id, holder_name, holder_type, pct, since, until FROM shareholding") { h in
            shareholdingRows += 1
            let company = companyID(GraphBuilder.bytes(h, 0))
            let isPerson = GraphBuilder.bytes(h, 3).first == UInt8(ascii: "p")
            let holder = useID(GraphBuilder.bytes(h, 1), name: GraphBuilder.bytes(h, 2), person: isPerson)
            let p: Float = sqlite3_column_type(h, 4) == SQLITE_NULL ? .nan : Float(sqlite3_column_double(h, 4))
            let untilDay = day(GraphBuilder.bytes(h, 6))
            if holder == company {
                selfRows.append((company, p, untilDay == EntityGraph.unknownDay))
                return
            }
            let sinceDay = day(GraphBuilder.bytes(h, 5))
            raw.append(RawEdge(src: holder, dst: company, pct: p, since: sinceDay, until: untilDay, kind: EdgeKind.shareholding.rawValue,
                               current: untilDay == EntityGraph.unknownDay ? 1 : 0, roles: 0))
        }
    }

    /// Reads the officers with row ids in `rows` (all of them by default), in row-id order.
    mutating func readOfficers(_ db: Database, rows: ClosedRange<Int64> = Int64.min...Int64.max) throws {
        var sql = "SELECT company, person_id, person_name, role, since, until FROM officer"
        if rows.lowerBound > Int64.min { sql += " WHERE id >= \(rows.lowerBound)" }
        if rows.upperBound < Int64.max { sql += (rows.lowerBound > Int64.min ? " AND" : " WHERE") + " id <= \(rows.upperBound)" }
        try GraphBuilder.step(db, sql) { h in
            officerRows += 1
            let company = companyID(GraphBuilder.bytes(h, 0))
            // A person often holds several roles in one company, in consecutive rows.
            let personKey = GraphBuilder.bytes(h, 1)
            let person: Int32
            if lastPerson >= 0, GraphBuilder.sameBytes(lastPersonKey, personKey) {
                person = lastPerson
                spellings.note(GraphBuilder.bytes(h, 2), for: nameIndex[Int(person)], in: useNames)
            } else {
                person = useID(personKey, name: GraphBuilder.bytes(h, 2), person: true)
                lastPersonKey.removeAll(keepingCapacity: true)
                lastPersonKey.append(contentsOf: personKey)
                lastPerson = person
            }
            if person == company { return }
            let role = GraphBuilder.roleBit(GraphBuilder.bytes(h, 3))
            let sinceDay = day(GraphBuilder.bytes(h, 4)), untilDay = day(GraphBuilder.bytes(h, 5))
            raw.append(RawEdge(src: person, dst: company, pct: .nan, since: sinceDay, until: untilDay, kind: EdgeKind.officer.rawValue,
                               current: untilDay == EntityGraph.unknownDay ? 1 : 0, roles: role))
        }
    }
}
