import GRDB
import RiskStore

extension RiskNetwork {
    /// The credit codes within `hops` ties of `start`, found hop by hop with indexed SQL
    /// (company keys of `shareholding`/`officer`, their holder and person indexes, and the
    /// v3 indexes on `company.parent_code`, `phone`, `email`, `address`), never a table scan.
    ///
    /// It follows every tie ``fromStore(_:companies:model:)`` can make, and may take in a few
    /// more (it does not apply the 50% split of holder groups or the same-company rule), so the
    /// network built over the result holds every path of at most `hops` ties from `start`.
    /// Groups larger than `maxGroup` make no ties and are not followed, except a holder's
    /// controlled companies when they alone are few enough, and a person's legal-rep companies.
    /// - Complexity: O(rows of the holders, persons and contact groups reached) per hop, by index.
    public static func neighbourhood(_ db: Database, of start: [String], hops: Int, model: RiskModel) throws -> Set<String> {
        let maxGroup = model.network.maxGroup
        var seen = Set(start)
        var frontier = Array(seen).sorted()
        for _ in 0..<hops where !frontier.isEmpty {
            var found = Set<String>()
            // Holders of the frontier (companies among them are equity ties) and the frontier
            // companies as holders; then every company of those holders, group by group.
            var holders = Set(frontier)
            _ = try chunked(frontier) { chunk, marks -> [Int] in
                for row in try Row.fetchAll(db, sql: "SELECT holder_id, holder_type FROM shareholding WHERE company IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    let holder: String = row[0]
                    holders.insert(holder)
                    if (row[1] as String?) == "company" { found.insert(holder) }
                }
                return []
            }
            let frontierSet = Set(frontier)
            var held: [String: [(company: String, pct: Double)]] = [:]
            _ = try chunked(Array(holders).sorted()) { chunk, marks -> [Int] in
                for row in try Row.fetchAll(db, sql: "SELECT holder_id, company, pct FROM shareholding WHERE holder_id IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    held[row[0] as String, default: []].append((row[1] as String, (row[2] as Double?) ?? 0))
                }
                return []
            }
            for (holder, companies) in held {
                if frontierSet.contains(holder) { found.formUnion(companies.map { $0.company }); continue }
                let distinct = Set(companies.map { $0.company })
                if distinct.count <= maxGroup { found.formUnion(distinct); continue }
                let controlled = Set(companies.filter { $0.pct >= 50 }.map(\.company))
                if controlled.count <= maxGroup { found.formUnion(controlled) }
            }
            // Persons of the frontier and all their companies.
            let persons = try chunked(frontier) { chunk, marks in
                try String.fetchAll(db, sql: "SELECT DISTINCT person_id FROM officer WHERE company IN (\(marks))", arguments: StatementArguments(chunk))
            }
            var roles: [String: [(company: String, rep: Bool)]] = [:]
            _ = try chunked(Array(Set(persons)).sorted()) { chunk, marks -> [Int] in
                for row in try Row.fetchAll(db, sql: "SELECT person_id, company, role FROM officer WHERE person_id IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    roles[row[0] as String, default: []].append((row[1] as String, (row[2] as String) == "legal_rep"))
                }
                return []
            }
            for companies in roles.values {
                let distinct = Set(companies.map { $0.company })
                if distinct.count <= maxGroup { found.formUnion(distinct); continue }
                let reps = Set(companies.filter { $0.rep }.map(\.company))
                if reps.count <= maxGroup { found.formUnion(reps) }
            }
            // Head office, branches and shared contact details.
            var contacts: [String: Set<String>] = ["phone": [], "email": [], "address": []]
            _ = try chunked(frontier) { chunk, marks -> [Int] in
                for row in try Row.fetchAll(db, sql: "SELECT parent_code, phone, email, address FROM company WHERE credit_code IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    if let parent: String = row[0] { found.insert(parent) }
                    if let phone: String = row[1] { contacts["phone"]?.insert(phone) }
                    if let email: String = row[2] { contacts["email"]?.insert(email) }
                    if let address: String = row[3] { contacts["address"]?.insert(address) }
                }
                found.formUnion(try String.fetchAll(db, sql: "SELECT credit_code FROM company WHERE parent_code IN (\(marks))",
                                                    arguments: StatementArguments(chunk)))
                return []
            }
            for (column, values) in contacts.sorted(by: { $0.key < $1.key }) {
                var groups: [String: [String]] = [:]
                _ = try chunked(Array(values).sorted()) { chunk, marks -> [Int] in
                    for row in try Row.fetchAll(db, sql: "SELECT \(column), credit_code FROM company WHERE \(column) IN (\(marks))",
                                                arguments: StatementArguments(chunk)) {
                        groups[row[0] as String, default: []].append(row[1] as String)
                    }
                    return []
                }
                for members in groups.values where members.count <= maxGroup { found.formUnion(members) }
            }
            frontier = found.subtracting(seen).sorted()
            seen.formUnion(frontier)
        }
        return seen
    }
}
