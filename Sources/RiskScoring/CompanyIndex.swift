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

    public var count: Int { codes.count }

    /// The index of `code`, nil when the company is not in the store.
    public func position(of code: String) -> Int? { positionByCode[code].map(Int.init) }

    /// Loads every company.
    public static func load(_ db: Database) throws -> CompanyIndex {
        var index = CompanyIndex()
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0
        index.codes.reserveCapacity(count); index.names.reserveCapacity(count); index.regions.reserveCapacity(count)
        index.positionByCode.reserveCapacity(count)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT credit_code, name, region_code, status, established, reg_capital, paid_capital, scope, address, phone, email, parent_code
            FROM company ORDER BY credit_code
            """)
        while let row = try rows.next() {
            let code: String = row[0]
            index.positionByCode[code] = Int32(index.codes.count)
            index.codes.append(code)
            index.names.append(row[1])
            index.regions.append(row[2])
            index.status.append(row[3])
            let established: String? = row[4]
            index.establishedDay.append(established.flatMap(LocalDate.init(iso:)).map { Int32($0.dayNumber) })
            index.regCapital.append(row[5])
            index.paidCapital.append(row[6])
            index.scope.append(row[7])
            index.address.append(row[8])
            index.phone.append(row[9])
            index.email.append(row[10])
            index.parentCode.append(row[11])
        }
        return index
    }

    /// Companies whose name is exactly `name` (positions, ascending).
    public func positions(named name: String) -> [Int] {
        names.indices.filter { names[$0] == name }
    }
}
