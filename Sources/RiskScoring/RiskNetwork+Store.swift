import Foundation
import GRDB
import RiskDomain
import RiskStore

extension RiskNetwork {
    /// Builds direct ties from the store tables (the seam until the graph engine's adapter
    /// adds actual-controller and integrated-equity ties):
    /// - company → company shareholdings as `.equity` with the percentage (former with `until`);
    /// - one person or company holding ≥ 50% of several companies as `.commonController`,
    ///   smaller common holders as `.commonShareholder` with the smaller stake;
    /// - the same person as legal rep (`.sharedLegalRep`) or officer (`.sharedExecutive`) of
    ///   several companies, former ones with their end date;
    /// - shared phone, e-mail or address among at most `maxGroup` companies;
    /// - branches by `parent_code`.
    ///
    /// Groups larger than `maxGroup` (an agent on hundreds of boards, a mass-registration
    /// address) make no ties; groups above `hubDegree / 4` are flagged as hubs (discounted).
    /// - Complexity: one ordered pass over `shareholding` and `officer`, one over the company
    ///   arrays; O(Σ group²) ties for groups of at most `maxGroup`.
    public static func fromStore(_ db: Database, companies: CompanyIndex, model: RiskModel) throws -> RiskNetwork {
        var builder = Builder(nodeCount: companies.count)
        let parameters = model.network
        let hubGroup = max(2, parameters.hubDegree / 4)

        func addGroup(_ members: [(company: Int, until: String?, pct: Double)], kind: TieKind, via: String,
                      skip: (Int, Int) -> Bool = { _, _ in false }) {
            guard members.count > 1, members.count <= parameters.maxGroup else { return }
            let hub = members.count > hubGroup
            for i in 0..<members.count {
                for j in (i + 1)..<members.count where members[i].company != members[j].company && !skip(i, j) {
                    // A tie is former when either side has ended; it ends at the earlier end.
                    let ends = [members[i].until, members[j].until].compactMap { $0 }.sorted()
                    builder.add(members[i].company, members[j].company, kind: kind, pct: min(members[i].pct, members[j].pct),
                                until: ends.first.flatMap(LocalDate.init(iso:)), via: via, hub: hub)
                }
            }
        }

        // Shareholdings, grouped by holder.
        let holdings = try Row.fetchCursor(db, sql: """
            SELECT holder_id, holder_name, holder_type, company, pct, until FROM shareholding ORDER BY holder_id, company, since
            """)
        var currentHolder = ""
        var holderName = ""
        var group: [(company: Int, until: String?, pct: Double)] = []
        func flushHolder() {
            let controlled = group.filter { $0.pct >= 50 }
            let minority = group.filter { $0.pct < 50 }
            addGroup(controlled, kind: .commonController, via: holderName)
            // A minority holder links companies by its smaller stake (weight scales with it).
            // Pairs both controlled are already tied as common controller.
            let members = controlled + minority
            if group.count > 1 {
                addGroup(members, kind: .commonShareholder, via: holderName) { i, j in i < controlled.count && j < controlled.count }
            }
        }
        while let row = try holdings.next() {
            let holder: String = row[0]
            if holder != currentHolder {
                flushHolder()
                currentHolder = holder; holderName = row[1]; group = []
            }
            guard let held = companies.position(of: row[3]) else { continue }
            let pct: Double = row[4] ?? 0
            let until: String? = row[5]
            group.append((held, until, pct))
            let type: String = row[2]
            if type == "company", let holderPosition = companies.position(of: holder) {
                builder.add(holderPosition, held, kind: .equity, pct: pct, until: until.flatMap(LocalDate.init(iso:)))
            }
        }
        flushHolder()

        // Officers, grouped by person: legal reps and other officers.
        let officers = try Row.fetchCursor(db, sql: "SELECT person_id, person_name, role, company, until FROM officer ORDER BY person_id, company, role")
        var currentPerson = ""
        var personName = ""
        var legalReps: [(company: Int, until: String?, pct: Double)] = []
        var executives: [(company: Int, until: String?, pct: Double)] = []
        func flushPerson() {
            addGroup(legalReps, kind: .sharedLegalRep, via: personName)
            // An executive tie only where the pair is not already tied by the legal rep.
            // Officer pairs other than rep–rep (already tied above) are shared-executive ties.
            let repCompanies = Set(legalReps.map(\.company))
            let others = executives.filter { !repCompanies.contains($0.company) }
            if !others.isEmpty {
                addGroup(others + legalReps, kind: .sharedExecutive, via: personName) { i, j in i >= others.count && j >= others.count }
            }
        }
        while let row = try officers.next() {
            let person: String = row[0]
            if person != currentPerson {
                flushPerson()
                currentPerson = person; personName = row[1]; legalReps = []; executives = []
            }
            guard let company = companies.position(of: row[3]) else { continue }
            let role: String = row[2]
            let until: String? = row[4]
            if role == "legal_rep" { legalReps.append((company, until, 0)) } else { executives.append((company, until, 0)) }
        }
        flushPerson()

        // Shared contact details and branches.
        for (kind, values) in [(TieKind.sharedPhone, companies.phone), (.sharedEmail, companies.email), (.sharedAddress, companies.address)] {
            var byValue: [String: [Int]] = [:]
            for (c, value) in values.enumerated() {
                guard let value else { continue }
                let key = value.trimmingCharacters(in: .whitespaces)
                if !key.isEmpty { byValue[key, default: []].append(c) }
            }
            for key in byValue.keys.sorted() {
                let members = byValue[key] ?? []
                if members.count > 1 { addGroup(members.map { ($0, nil, 0) }, kind: kind, via: key) }
            }
        }
        for (c, parent) in companies.parentCode.enumerated() {
            if let parent, let head = companies.position(of: parent) { builder.add(head, c, kind: .branch) }
        }
        return builder.build()
    }
}
