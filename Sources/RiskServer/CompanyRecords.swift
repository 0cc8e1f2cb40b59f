import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import RiskDomain
import RiskGraph
import RiskViews

/// SQLite's SQLITE_TRANSIENT (a macro Swift cannot import): copy the bound bytes.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Reads one company's registry facts and records for `GET /api/v1/companies/{code}`.
///
/// JSON: `{"company": {…exchange-format columns…}, "shareholders", "officers", "compliance",
/// "litigation", "news", "products", "licences", "truncated"}`; each list is in a fixed order
/// and holds at most `maxRows` rows (`truncated` is true when any list was cut). Column names
/// are the exchange format's. With a mask, company shareholders outside the reader's regions
/// show the placeholder as id and name and `"outside": true`.
enum CompanyRecords {
    /// One table section: its key, its SQL (company code bound as the only argument) and order.
    static let sections: [(key: String, sql: String)] = [
        ("shareholders", "SELECT holder_id, holder_name, holder_type, pct, subscribed, paid, since, until FROM shareholding WHERE company = ? ORDER BY (until IS NOT NULL), pct IS NULL, pct DESC, holder_id, id"),
        ("officers", "SELECT person_id, person_name, role, since, until FROM officer WHERE company = ? ORDER BY (until IS NOT NULL), role, person_id, id"),
        ("compliance", "SELECT kind, date, authority, reason, amount, removed FROM compliance WHERE company = ? ORDER BY date DESC, kind, id"),
        ("litigation", "SELECT case_no, role, cause, case_type, court, filed, amount, counterparty, outcome FROM litigation WHERE company = ? ORDER BY filed DESC, case_no, id"),
        ("news", "SELECT id, date, source, title, url, sentiment FROM news WHERE company = ? ORDER BY date DESC, id"),
        ("products", "SELECT product, promised_yield, guaranteed, term_months, min_investment, channel, investors, raised, start, \"end\" FROM product WHERE company = ? ORDER BY product, id"),
        ("licences", "SELECT licence, authority, granted, revoked FROM licence WHERE company = ? ORDER BY licence, granted, id"),
    ]

    static let companyColumns = "credit_code, name, status, established, reg_capital, paid_capital, ent_type, industry, region_code, address, phone, email, website, scope, parent_code"

    /// Column `index` of the current row as JSON, as GRDB's `DatabaseValue` would convert it
    /// (integer, real, text; blobs never occur in these tables and read as null).
    @inline(__always)
    static func value(_ handle: OpaquePointer, _ index: Int32) -> JSONValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .int(Int(sqlite3_column_int64(handle, index)))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .null }
            return .string(String(cString: text))
        default: return .null
        }
    }

    /// Binds the company code (and the row limit when the SQL has a second parameter) and
    /// steps the statement, handing each row to `body`; resets it at the end.
    ///
    /// Raw stepping (the C API) instead of `Row.fetchAll`: a detail request is nine small
    /// queries, and GRDB's `Row` copies and `StatementArguments` cost more than the reads.
    static func step(_ db: Database, _ statement: Statement, code: String, limit: Int?, _ body: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var code = code
        code.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_text(handle, 1, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            } else {
                _ = sqlite3_bind_text(handle, 1, "", 0, transient)
            }
        }
        if let limit { sqlite3_bind_int64(handle, 2, Int64(limit)) }
        defer { sqlite3_reset(handle) }
        while true {
            let result = sqlite3_step(handle)
            if result == SQLITE_DONE { return }
            guard result == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: result), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            try body(handle)
        }
    }

    /// The current row as JSON object members named by `names`.
    static func object(_ handle: OpaquePointer, _ names: [String]) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = []
        pairs.reserveCapacity(names.count + 1)
        for index in names.indices { pairs.append((names[index], value(handle, Int32(index)))) }
        return pairs
    }

    /// The company row's region code, or nil when there is no such company.
    static func regionCode(_ db: Database, code: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT region_code FROM company WHERE credit_code = ?"), arguments: [code])
    }

    /// The detail document, or nil when no company has `code` or `allows` refuses its region code.
    ///
    /// Runs in the caller's read (one transaction), with statements prepared once per
    /// connection (`cachedStatement`).
    /// - Complexity: one primary-key read and one indexed read per section, at most `maxRows + 1` rows each.
    static func detail(_ db: Database, code: String, maxRows: Int, namer: NodeNamer,
                       allows: (String?) -> Bool = { _ in true }) throws -> JSONValue? {
        let companyStatement = try db.cachedStatement(sql: "SELECT \(companyColumns) FROM company WHERE credit_code = ?")
        var company: [(String, JSONValue)]?
        var regionCode: String?
        let companyNames = companyStatement.columnNames
        let regionIndex = companyNames.firstIndex(of: "region_code") ?? 0
        try step(db, companyStatement, code: code, limit: nil) { handle in
            if company == nil {
                company = object(handle, companyNames)
                if case .string(let region)? = company?[regionIndex].1 { regionCode = region }
            }
        }
        guard var company, allows(regionCode) else { return nil }
        let masked = namer.mask != nil
        // A company the reader may not see: one in the registry whose region is refused. Read
        // from the database in this transaction, not the graph, which may lag an import by up
        // to two seconds (a new outside holder was shown until the graph caught up).
        func outside(_ code: String) throws -> Bool {
            guard masked, let region = try Self.regionCode(db, code: code) else { return false }
            return !allows(region)
        }
        if let parent = companyNames.firstIndex(of: "parent_code"), case .string(let head) = company[parent].1, try outside(head) {
            company[parent].1 = .string(NodeMask.placeholder)
            company.append(("parent_outside", .bool(true)))
        }
        var fields: [(String, JSONValue)] = [("company", .object(company))]
        fields.reserveCapacity(sections.count + 2)
        var truncated = false
        for section in sections {
            let statement = try db.cachedStatement(sql: section.sql + " LIMIT ?")
            let names = statement.columnNames
            let isHolders = section.key == "shareholders"
            var rows: [JSONValue] = []
            try step(db, statement, code: code, limit: maxRows + 1) { handle in
                guard rows.count < maxRows else { truncated = true; return }
                var pairs = object(handle, names)
                // Shareholders: columns 0, 1, 2 are holder_id, holder_name, holder_type.
                if isHolders, masked, case .string("company") = pairs[2].1, case .string(let holder) = pairs[0].1, try outside(holder) {
                    pairs[0].1 = .string(NodeMask.placeholder)
                    pairs[1].1 = .string(NodeMask.placeholder)
                    pairs.append(("outside", .bool(true)))
                }
                rows.append(.object(pairs))
            }
            fields.append((section.key, .array(rows)))
        }
        fields.append(("truncated", .bool(truncated)))
        return .object(fields)
    }
}
