import Foundation
import GRDB
import RiskDomain
import RiskGraph
import RiskIngest
import RiskStore
import RiskTestSupport

/// Builds small graphs for tests by inserting rows into a temporary database with SQL
/// (the importer is not used: these tests must not depend on it).
///
/// Companies are named by a short tag; ``code(_:)`` turns the tag into a valid credit code
/// with region `330106` (or the region given).
final class GraphFixture {
    let database: TestDatabase
    private var companies: [(code: String, name: String, region: String, phone: String?, email: String?, address: String?, parent: String?)] = []
    private var holdings: [(company: String, holder: String, name: String, type: String, pct: Double?, since: String?, until: String?)] = []
    private var officers: [(company: String, person: String, name: String, role: String, since: String?, until: String?)] = []
    private var persons: [(id: String, name: String)] = []

    init() throws { database = try TestDatabase() }
    deinit { database.remove() }

    /// A valid credit code for `tag` (a number 0…999999) in `region`.
    static func code(_ tag: Int, region: String = "330106") -> String {
        let digits = String(tag)
        let body = "91" + region + String(repeating: "0", count: 9 - digits.count) + digits
        return body + String(CreditCode.checkCharacter(for: body)!)
    }

    @discardableResult
    func company(_ tag: Int, _ name: String, region: String = "330106", phone: String? = nil, email: String? = nil,
                 address: String? = nil, parent: Int? = nil) -> String {
        let code = Self.code(tag, region: region)
        companies.append((code, name, region, phone, email, address, parent.map { Self.code($0) }))
        return code
    }

    func hold(_ holder: String, _ holderName: String, type: String = "person", of company: String, pct: Double?,
              since: String? = nil, until: String? = nil) {
        holdings.append((company, holder, holderName, type, pct, since, until))
        if type == "person", !persons.contains(where: { $0.id == holder }) { persons.append((holder, holderName)) }
    }

    func officer(_ person: String, _ name: String, of company: String, role: String, since: String? = nil, until: String? = nil) {
        officers.append((company, person, name, role, since, until))
        if !persons.contains(where: { $0.id == person }) { persons.append((person, name)) }
    }

    /// Inserts the rows of BODS records.
    func add(_ records: BODSRecords) {
        for c in records.companies { companies.append((c.creditCode.rawValue, c.name, c.regionCode, c.phone, c.email, c.address, c.parentCode?.rawValue)) }
        for s in records.shareholdings {
            holdings.append((s.company.rawValue, s.holderID, s.holderName, s.holderType.rawValue, s.pct, s.since?.iso, s.until?.iso))
        }
        for o in records.officers { officers.append((o.company.rawValue, o.personID, o.personName, o.role.rawValue, o.since?.iso, o.until?.iso)) }
        for p in records.persons where !persons.contains(where: { $0.id == p.personID }) { persons.append((p.personID, p.name)) }
    }

    /// Writes the rows and builds the graph.
    func graph(hubThreshold: Int = 100) throws -> EntityGraph {
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2026-01-01T00:00:00Z')")
            for (line, c) in companies.enumerated() {
                try db.execute(sql: """
                    INSERT INTO company (credit_code, name, region_code, phone, email, address, parent_code, batch_id, src_file, src_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'companies.csv', ?)
                    """, arguments: [c.code, c.name, c.region, c.phone, c.email, c.address, c.parent, line + 2])
            }
            for (line, p) in persons.enumerated() {
                try db.execute(sql: "INSERT INTO person (person_id, name, batch_id, src_file, src_line) VALUES (?, ?, 1, 'x', ?)",
                               arguments: [p.id, p.name, line + 2])
            }
            for (line, h) in holdings.enumerated() {
                try db.execute(sql: """
                    INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, since, until, occurrence, batch_id, src_file, src_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'shareholdings.csv', ?)
                    """, arguments: [h.company, h.holder, h.name, h.type, h.pct, h.since, h.until, line, line + 2])
            }
            for (line, o) in officers.enumerated() {
                try db.execute(sql: """
                    INSERT INTO officer (company, person_id, person_name, role, since, until, occurrence, batch_id, src_file, src_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'officers.csv', ?)
                    """, arguments: [o.company, o.person, o.name, o.role, o.since, o.until, line, line + 2])
            }
        }
        return try EntityGraph.build(from: database.database, options: GraphBuildOptions(hubThreshold: hubThreshold))
    }
}
