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
    public var address: [String?] = []
    public var phone: [String?] = []
    public var email: [String?] = []
    public var parentCode: [String?] = []
    private var positionByCode: [String: Int32] = [:]
    /// Holds only some companies of the store (``load(_:codes:)``): per-company reads then
    /// select their rows by company instead of scanning tables.
    public private(set) var isPartial = false

    public var count: Int { codes.count }

    /// The index of `code`, nil when the company is not in the store.
    public func position(of code: String) -> Int? { positionByCode[code].map(Int.init) }

    static let columns = "credit_code, name, region_code, status, established, reg_capital, paid_capital, scope, address, phone, email, parent_code"

    /// Loads every company.
    public static func load(_ db: Database) throws -> CompanyIndex {
        var index = CompanyIndex()
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0
        index.codes.reserveCapacity(count); index.names.reserveCapacity(count); index.regions.reserveCapacity(count)
        index.positionByCode.reserveCapacity(count)
        let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM company ORDER BY credit_code")
        try index.append(rows)
        return index
    }

    /// Loads only the companies `codes` (those in the store), in credit-code order, by primary key.
    /// - Complexity: O(k log N) for k codes.
    public static func load(_ db: Database, codes: some Collection<String>) throws -> CompanyIndex {
        var index = CompanyIndex()
        index.isPartial = true
        let sorted = Array(Set(codes)).sorted()
        var start = 0
        while start < sorted.count {
            let chunk = Array(sorted[start..<min(start + 500, sorted.count)])
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try index.append(try Row.fetchCursor(db, sql: "SELECT \(columns) FROM company WHERE credit_code IN (\(marks)) ORDER BY credit_code",
                                                 arguments: StatementArguments(chunk)))
        }
        return index
    }

    private mutating func append(_ rows: RowCursor) throws {
        while let row = try rows.next() {
            let code: String = row[0]
            positionByCode[code] = Int32(codes.count)
            codes.append(code)
            names.append(row[1])
            regions.append(row[2])
            status.append(row[3])
            let established: String? = row[4]
            establishedDay.append(established.flatMap(LocalDate.init(iso:)).map { Int32($0.dayNumber) })
            regCapital.append(row[5])
            paidCapital.append(row[6])
            scope.append(row[7])
            address.append(row[8])
            phone.append(row[9])
            email.append(row[10])
            parentCode.append(row[11])
        }
    }

    /// Companies whose name is exactly `name` (positions, ascending).
    public func positions(named name: String) -> [Int] {
        names.indices.filter { names[$0] == name }
    }
}
