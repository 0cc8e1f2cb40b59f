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
    /// - Complexity: one scan of `shareholding` and `officer` grouped in memory, one pass over
    ///   the company arrays; O(Σ group²) ties for groups of at most `maxGroup`.
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

        // Shareholdings: one table scan, grouped by holder in memory (a sorted scan through
        // the holder index costs random row lookups).
        var holderIndex: [String: Int32] = [:]
        var holderNames: [String] = []
        var sHolder: [Int32] = [], sCompany: [Int32] = [], sPct: [Double] = [], sUntil: [String?] = []
        let holdings = try Row.fetchCursor(db, sql: "SELECT holder_id, holder_name, holder_type, company, pct, until FROM shareholding")
        while let row = try holdings.next() {
            guard let held = companies.position(of: row[3]) else { continue }
            let holder: String = row[0]
            let pct: Double = row[4] ?? 0
            let until: String? = row[5]
            let id: Int32
            if let existing = holderIndex[holder] { id = existing } else {
                id = Int32(holderNames.count); holderIndex[holder] = id; holderNames.append(row[1])
            }
            sHolder.append(id); sCompany.append(Int32(held)); sPct.append(pct); sUntil.append(until)
            let type: String = row[2]
            if type == "company", let holderPosition = companies.position(of: holder) {
                builder.add(holderPosition, held, kind: .equity, pct: pct, until: until.flatMap(LocalDate.init(iso:)))
            }
        }
        holderIndex = [:]
        for group in Self.groups(keys: sHolder, companies: sCompany) {
            let members = group.map { (company: Int(sCompany[$0]), until: sUntil[$0], pct: sPct[$0]) }
            guard members.count > 1 else { continue }
            let name = holderNames[Int(sHolder[group[0]])]
            let controlled = members.filter { $0.pct >= 50 }
            let minority = members.filter { $0.pct < 50 }
            addGroup(controlled, kind: .commonController, via: name)
            // Pairs both controlled are already tied as common controller; a minority holder
            // links companies by its smaller stake (the weight scales with it).
            addGroup(controlled + minority, kind: .commonShareholder, via: name) { i, j in i < controlled.count && j < controlled.count }
        }

        // Officers: the same, grouped by person; legal reps and other officers.
        var personIndex: [String: Int32] = [:]
        var personNames: [String] = []
        var oPerson: [Int32] = [], oCompany: [Int32] = [], oRep: [Bool] = [], oUntil: [String?] = []
        let officers = try Row.fetchCursor(db, sql: "SELECT person_id, person_name, role, company, until FROM officer")
        while let row = try officers.next() {
            guard let company = companies.position(of: row[3]) else { continue }
            let person: String = row[0]
            let id: Int32
            if let existing = personIndex[person] { id = existing } else {
                id = Int32(personNames.count); personIndex[person] = id; personNames.append(row[1])
            }
            let role: String = row[2]
            oPerson.append(id); oCompany.append(Int32(company)); oRep.append(role == "legal_rep"); oUntil.append(row[4])
        }
        personIndex = [:]
        for group in Self.groups(keys: oPerson, companies: oCompany) where group.count > 1 {
            let name = personNames[Int(oPerson[group[0]])]
            let legalReps = group.filter { oRep[$0] }.map { (company: Int(oCompany[$0]), until: oUntil[$0], pct: 0.0) }
            let repCompanies = Set(legalReps.map(\.company))
            let others = group.filter { !oRep[$0] && !repCompanies.contains(Int(oCompany[$0])) }
                .map { (company: Int(oCompany[$0]), until: oUntil[$0], pct: 0.0) }
            addGroup(legalReps, kind: .sharedLegalRep, via: name)
            // Officer pairs other than rep–rep (tied above) are shared-executive ties.
            if !others.isEmpty {
                addGroup(others + legalReps, kind: .sharedExecutive, via: name) { i, j in i >= others.count && j >= others.count }
            }
        }

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

    /// Row indices grouped by key, each group ordered by company then row.
    /// - Complexity: O(R log R).
    static func groups(keys: [Int32], companies: [Int32]) -> [[Int]] {
        let order = keys.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : (companies[a] != companies[b] ? companies[a] < companies[b] : a < b)
        }
        var result: [[Int]] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, keys[order[end]] == keys[order[start]] { end += 1 }
            if end - start > 1 { result.append(Array(order[start..<end])) }
            start = end
        }
        return result
    }
}
