import GRDB
import RiskDomain
import RiskStore

/// Every company of the store in credit-code order, as parallel arrays indexed by position
/// (the company index every per-company array of the scoring uses).
///
/// Read in one cursor pass over `company`, decoding rows by hand.
/// - Complexity: O(N) rows, O(N log N) for the code lookup.
public struct CompanyIndex: Sendable {
    public var codes: [String] = []
    public var names: [String] = []
    public var regions: [String] = []
    public var status: [String?] = []
    /// Day number of `established`, nil when unknown.
    public var establishedDay: [Int32?] = []
    public var regCapital: [Double?] = []
    public var paidCapital: [Double?] = []
    public var scope: [String?] = []
    /// Registered address and e-mail as written (the network's ties come from the graph's
    /// normalised contact nodes; these name them in chains).
    public var address: [String?] = []
    public var email: [String?] = []
    /// Position by code, for a whole-store index (a partial one, whose codes ascend, is
    /// searched by bisection instead: building and merging a dictionary of 40,000 `String`
    /// keys cost a watch list more than its few lookups).
    private var positionByCode: [String: Int32] = [:]
    /// False while the codes ascend without repeats and ``positionByCode`` is not kept.
    private var keyedByDictionary = true
    /// Holds only some companies of the store (``load(_:codes:)``): per-company reads then
    /// select their rows by company instead of scanning tables.
    public private(set) var isPartial = false

    public var count: Int { codes.count }

    /// The index of `code`, nil when the company is not in the store.
    public func position(of code: String) -> Int? {
        if keyedByDictionary { return positionByCode[code].map(Int.init) }
        var low = 0, high = codes.count
        while low < high {
            let mid = (low + high) / 2
            if codes[mid] < code { low = mid + 1 } else { high = mid }
        }
        return low < codes.count && codes[low] == code ? low : nil
    }

    static let columns = "credit_code, name, region_code, status, established, reg_capital, paid_capital, scope, address, email"

    /// Loads every company.
    public static func load(_ db: Database) throws -> CompanyIndex {
        var index = CompanyIndex()
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0
        index.codes.reserveCapacity(count); index.names.reserveCapacity(count); index.regions.reserveCapacity(count)
        index.positionByCode.reserveCapacity(count)
        index.status.reserveCapacity(count); index.establishedDay.reserveCapacity(count); index.regCapital.reserveCapacity(count)
        index.paidCapital.reserveCapacity(count); index.scope.reserveCapacity(count); index.address.reserveCapacity(count)
        index.email.reserveCapacity(count)
        try index.append(db.makeStatement(sql: "SELECT \(columns) FROM company ORDER BY credit_code"), db: db)
        return index
    }

    /// The day number of `YYYY-MM-DD` bytes, nil for anything else (NULL, another form, an
    /// impossible date): ``LocalDate/init(iso:)``'s answer without making a `String`.
    static func dayNumber(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32? {
        guard let bytes, count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range { let d = Int(bytes[i]) &- 48; guard (0...9).contains(d) else { return nil }; value = value * 10 + d }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10), let date = LocalDate(year: y, month: m, day: d) else {
            return nil
        }
        return Int32(date.dayNumber)
    }

    /// Loads only the companies `codes` (those in the store), in credit-code order, by primary key.
    /// Codes already in ascending order without repeats (as ``RiskNetwork/neighbourhoodNodes(_:ties:of:hops:)``
    /// gives them) are not sorted again.
    /// - Complexity: O(k log N) for k codes.
    public static func load(_ db: Database, codes: some Collection<String>) throws -> CompanyIndex {
        var index = CompanyIndex()
        index.isPartial = true
        index.keyedByDictionary = false
        var ascending = true
        var previous: String? = nil
        for code in codes {
            if let previous, previous >= code { ascending = false; break }
            previous = code
        }
        let sorted = ascending ? Array(codes) : Array(Set(codes)).sorted()
        // One primary-key probe per code with one prepared statement (no `IN (…)` lists).
        let statement = try db.makeStatement(sql: "SELECT \(columns) FROM company WHERE credit_code = ?")
        for code in sorted {
            try index.append(statement, db: db, binding: code)
        }
        return index
    }

    /// Appends the rows of `statement` (selecting ``columns``) by raw statement stepping, as the
    /// graph build does: a province is a million rows, and GRDB's `Row` costs a lookup and a
    /// boxed value per column.
    private mutating func append(_ statement: Statement, db: Database, binding: String? = nil) throws {
        try SQLiteRow.forEach(statement, db: db, binding: binding) { row in
            let credit = row.text(0)
            if keyedByDictionary { positionByCode[credit] = Int32(codes.count) }
            codes.append(credit)
            names.append(row.text(1))
            regions.append(row.text(2))
            status.append(row.optionalText(3))
            let (day, length) = row.bytes(4)
            establishedDay.append(Self.dayNumber(day, length))
            regCapital.append(row.double(5))
            paidCapital.append(row.double(6))
            scope.append(row.optionalText(7))
            address.append(row.optionalText(8))
            email.append(row.optionalText(9))
        }
    }

    /// Appends `other`'s companies after these (positions of `other` move up by `count`).
    /// The codes must not repeat.
    public mutating func append(contentsOf other: CompanyIndex) {
        // Two partial indexes stay partial (searched by bisection) when the codes still
        // ascend; anything else is keyed by a dictionary of every code.
        let ascending = !keyedByDictionary && !other.keyedByDictionary && (codes.last.map { last in other.codes.first.map { last < $0 } ?? true } ?? true)
        codes += other.codes; names += other.names; regions += other.regions; status += other.status
        establishedDay += other.establishedDay; regCapital += other.regCapital; paidCapital += other.paidCapital
        scope += other.scope; address += other.address; email += other.email
        isPartial = isPartial || other.isPartial
        if ascending { return }
        positionByCode = [:]
        positionByCode.reserveCapacity(codes.count)
        for (position, code) in codes.enumerated() { positionByCode[code] = Int32(position) }
        keyedByDictionary = true
    }

    /// Companies whose name is exactly `name` (positions, ascending).
    public func positions(named name: String) -> [Int] {
        names.indices.filter { names[$0] == name }
    }
}
