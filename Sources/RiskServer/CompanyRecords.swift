import GRDB
import RiskDomain
import RiskGraph
import RiskViews

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

    /// A column value as JSON.
    static func value(_ dbValue: DatabaseValue) -> JSONValue {
        switch dbValue.storage {
        case .null: return .null
        case .int64(let value): return .int(Int(value))
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .blob: return .null
        }
    }

    static func object(_ row: Row) -> [(String, JSONValue)] {
        row.columnNames.enumerated().map { index, name in (name, value(row[index] as DatabaseValue)) }
    }

    /// The company row's region code, or nil when there is no such company.
    static func regionCode(_ db: Database, code: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT region_code FROM company WHERE credit_code = ?", arguments: [code])
    }

    /// The detail document, or nil when no company has `code`.
    /// - Complexity: one primary-key read and one indexed read per section, at most `maxRows + 1` rows each.
    static func detail(_ db: Database, code: String, maxRows: Int, namer: NodeNamer) throws -> JSONValue? {
        guard let company = try Row.fetchOne(db, sql: "SELECT \(companyColumns) FROM company WHERE credit_code = ?", arguments: [code]) else {
            return nil
        }
        var fields: [(String, JSONValue)] = [("company", .object(object(company)))]
        var truncated = false
        for section in sections {
            let rows = try Row.fetchAll(db, sql: section.sql + " LIMIT ?", arguments: [code, maxRows + 1])
            if rows.count > maxRows { truncated = true }
            fields.append((section.key, .array(rows.prefix(maxRows).map { row in
                var pairs = object(row)
                if section.key == "shareholders", (row["holder_type"] as String?) == "company",
                   let node = namer.graph.node(forKey: row["holder_id"] as String? ?? ""), namer.hidden(node) {
                    pairs = pairs.map { key, value in
                        key == "holder_id" || key == "holder_name" ? (key, .string(NodeMask.placeholder)) : (key, value)
                    } + [("outside", .bool(true))]
                }
                return .object(pairs)
            })))
        }
        fields.append(("truncated", .bool(truncated)))
        return .object(fields)
    }
}
