import Foundation
import GRDB
import RiskStore

/// A sha256 over the stored records that affect scores, independent of how and when they
/// were imported, except for former company names (曾用名), which only a later import's
/// rename creates and which watch-list rows are matched by.
///
/// Per table (fixed order), rows ordered by their natural key and, within one key, by their
/// content; every scoring column as text with unit and record separators, streamed through
/// ``Digest`` in 1 MiB chunks. A person is hashed as its id and the sorted set of every
/// spelling of its name (the smallest spelling is `person.name`, the others
/// `person_alias`), so which row an import met first does not matter. Left out: provenance
/// (batch, source file, line) and `occurrence` (the rank of a row among those of one key in
/// its file), so re-importing the same data, in any row order, gives the same fingerprint;
/// any changed record changes it. Labels are left out (they do not affect scores). Former
/// company names (`company_former_name`, which watch-list rows are matched by) follow the
/// tables when there are any.
/// - Complexity: one ordered pass per table, O(stored bytes). The order follows each
///   table's natural-key index; SQLite sorts only the rows that share one key.
public enum DataFingerprint {
    /// The tables and columns hashed, in order, and the order of their rows: the natural key
    /// (as its unique index spells it, so the index gives that order) and then every other
    /// hashed column, so rows that share a key are hashed in an order of their content.
    static let tables: [(name: String, columns: [String], order: String)] = [
        ("company", ["credit_code", "name", "status", "established", "reg_capital", "paid_capital", "ent_type", "industry",
                     "region_code", "address", "phone", "email", "website", "scope", "parent_code"], "credit_code"),
        ("person", ["person_id", "name"], "person_id"),
        ("shareholding", ["company", "holder_id", "since", "holder_name", "holder_type", "pct", "subscribed", "paid", "until"],
         "company, holder_id, ifnull(since, ''), holder_name, holder_type, pct, subscribed, paid, until"),
        ("officer", ["company", "person_id", "role", "since", "person_name", "until"],
         "company, person_id, role, ifnull(since, ''), person_name, until"),
        ("compliance", ["company", "kind", "date", "reason", "authority", "amount", "removed"],
         "company, kind, date, ifnull(reason, ''), authority, amount, removed"),
        ("litigation", ["case_no", "company", "role", "counterparty", "cause", "case_type", "court", "filed", "amount", "outcome"],
         "case_no, company, role, ifnull(counterparty, ''), cause, case_type, court, filed, amount, outcome"),
        ("news", ["id", "company", "date", "source", "title", "content", "url", "sentiment"], "id"),
        ("product", ["company", "product", "promised_yield", "guaranteed", "term_months", "min_investment", "channel",
                     "investors", "raised", "start", "\"end\""],
         "company, product, promised_yield, guaranteed, term_months, min_investment, channel, investors, raised, start, \"end\""),
        ("licence", ["company", "licence", "granted", "authority", "revoked"], "company, licence, ifnull(granted, ''), authority, revoked"),
    ]

    /// Names the way records are hashed; part of the cache key, so a cached fingerprint of
    /// an older way is not reused. Change it whenever ``compute(_:)`` hashes differently.
    static let version = "v2"

    /// The fingerprint of the data in `db`.
    public static func compute(_ db: Database) throws -> String {
        var digest = Digest()
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        func flush() {
            buffer.withUnsafeBytes { digest.update($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        func append(_ value: DatabaseValue) {
            switch value.storage {
            case .null: buffer.append(0x00)
            case .int64(let v): buffer.append(contentsOf: String(v).utf8)
            case .double(let v): buffer.append(contentsOf: "\(v)".utf8)
            case .string(let v): buffer.append(contentsOf: v.utf8)
            case .blob(let v): buffer.append(contentsOf: v)
            }
            buffer.append(0x1F)
        }
        for table in tables {
            buffer.append(contentsOf: "\u{1D}\(table.name)\u{1E}".utf8)
            if table.name == "person" {
                try appendPeople(db, append: append, endRecord: {
                    buffer.append(0x1E)
                    if buffer.count >= 1 << 20 { flush() }
                })
                continue
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.order)")
            while let row = try rows.next() {
                for index in 0..<table.columns.count { append(row[index]) }
                buffer.append(0x1E)
                if buffer.count >= 1 << 20 { flush() }
            }
        }
        // Former company names (曾用名) match watch-list rows: hashed after the tables, and only
        // when there are some, so a database that never saw a rename keeps its fingerprint.
        let formerNames = try Row.fetchCursor(db, sql: "SELECT credit_code, name FROM company_former_name ORDER BY credit_code, name")
        var wroteHeader = false
        while let row = try formerNames.next() {
            if !wroteHeader { buffer.append(contentsOf: "\u{1D}company_former_name\u{1E}".utf8); wroteHeader = true }
            append(row[0]); append(row[1])
            buffer.append(0x1E)
            if buffer.count >= 1 << 20 { flush() }
        }
        flush()
        return digest.finalize()
    }

    /// Appends every person as its id and the sorted set of its names, in id order: one pass
    /// over `person` (its primary key order) with each person's aliases read by primary key.
    static func appendPeople(_ db: Database, append: (DatabaseValue) -> Void, endRecord: () -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.person_id, p.name, a.name FROM person p LEFT JOIN person_alias a ON a.person_id = p.person_id
            ORDER BY p.person_id, a.name
            """)
        var current: DatabaseValue? = nil
        var names = Set<String>()
        func finish() {
            guard let id = current else { return }
            append(id)
            for name in names.sorted() { append(name.databaseValue) }
            endRecord()
        }
        while let row = try rows.next() {
            let id: DatabaseValue = row[0]
            if id != current {
                finish()
                current = id
                names.removeAll(keepingCapacity: true)
            }
            if let name: String = row[1] { names.insert(name) }
            if let alias: String = row[2] { names.insert(alias) }
        }
        finish()
    }

    /// The state the cache is keyed by: the hashing ``version``, the last import batch (``ImportState``) and the row
    /// count of every hashed table. Only imports write records, so while no import has happened
    /// since, the state and the data are the same; the counts also catch a batch rolled back.
    /// - Complexity: one `count(*)` per table (an index scan, no sort).
    public static func state(_ db: Database) throws -> String {
        var parts = ["fingerprint \(version)", "batch \(try ImportState.current(db))"]
        for table in tables {
            parts.append("\(table.name) \(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0)")
        }
        return parts.joined(separator: ", ")
    }

    /// The fingerprint of the data in `db`, from the cache when no import has happened since it
    /// was computed (see ``state(_:)``), else computed with ``compute(_:)`` and cached.
    ///
    /// The rule: the cache is valid while no import has happened since. Records changed by hand
    /// with SQL outside an import are not seen; ``compute(_:)`` always hashes the content.
    /// - Complexity: O(tables) count scans on a hit; ``compute(_:)`` on a miss.
    public static func cached(_ db: Database) throws -> String {
        let key = try state(db)
        if let hit = try String.fetchOne(db, sql: "SELECT fingerprint FROM data_fingerprint_cache WHERE state = ?", arguments: [key]) {
            return hit
        }
        let fingerprint = try compute(db)
        try db.execute(sql: "DELETE FROM data_fingerprint_cache")
        try db.execute(sql: "INSERT INTO data_fingerprint_cache (state, fingerprint) VALUES (?, ?)", arguments: [key, fingerprint])
        return fingerprint
    }
}
