import Foundation
import GRDB
import RiskDomain
import RiskStore

extension RiskNetwork {
    /// Builds the ties from the store tables:
    /// - company → company shareholdings as `.equity` with the percentage (former with `until`);
    /// - one person or company holding ≥ 50% of several companies as `.commonController`, and
    ///   actual controllers found through holding companies (``addIndirectControllerTies``);
    ///   smaller common holders as `.commonShareholder` with the smaller stake;
    /// - the same person as legal rep (`.sharedLegalRep`) or officer (`.sharedExecutive`) of
    ///   several companies, former ones with their end date;
    /// - shared phone, e-mail or address among at most `maxGroup` companies;
    /// - branches by `parent_code`.
    ///
    /// Groups larger than `maxGroup` (an agent on hundreds of boards, a mass-registration
    /// address) make no ties; groups above `hubDegree / 4` are flagged as hubs (discounted).
    /// With a full ``CompanyIndex`` the tables are scanned once; with a partial one (a watch
    /// list's ``neighbourhood(_:of:hops:model:)``) only the groups of its holders, persons and
    /// contact details are read, by index. Other sources of ties (an adapter from
    /// `RiskGraph.EntityGraph`) fill a ``Builder`` the same way.
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
        var sHolder: [Int32] = [], sCompany: [Int32] = [], sPct: [Double] = [], sUntil: [String?] = [], sHolderCompany: [Int32] = []
        // A partial index (a watch list's neighbourhood) reads the whole groups of the holders
        // and persons of its companies; members outside it count for group sizes and hub flags
        // but make no ties (negative placeholders, one per outside company).
        var outside: [String: Int] = [:]
        func member(_ code: String, exists: Bool) -> Int? {
            if let position = companies.position(of: code) { return position }
            guard companies.isPartial, exists else { return nil }
            if let known = outside[code] { return known }
            let placeholder = -2 - outside.count
            outside[code] = placeholder
            return placeholder
        }
        let codes = companies.isPartial ? companies.codes : []
        // `SELECT columns, exists FROM table` in full; in a partial build, the rows of every
        // `key` (holder, person) that one of the companies has.
        func rows(_ table: String, _ columns: String, key: String, _ body: (Row) throws -> Void) throws {
            guard companies.isPartial else {
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns), 1 FROM \(table)")
                while let row = try cursor.next() { try body(row) }
                return
            }
            let keys = try Self.chunked(codes) { chunk, marks in
                try String.fetchAll(db, sql: "SELECT DISTINCT \(key) FROM \(table) WHERE company IN (\(marks))", arguments: StatementArguments(chunk))
            }
            _ = try Self.chunked(Array(Set(keys)).sorted()) { chunk, marks -> [Int] in
                let cursor = try Row.fetchCursor(db, sql: """
                    SELECT \(columns), EXISTS (SELECT 1 FROM company c WHERE c.credit_code = \(table).company)
                    FROM \(table) WHERE \(key) IN (\(marks))
                    """, arguments: StatementArguments(chunk))
                while let row = try cursor.next() { try body(row) }
                return []
            }
        }
        try rows("shareholding", "holder_id, holder_name, holder_type, company, pct, until", key: "holder_id") { row in
            guard let held = member(row[3], exists: row[6] as Bool) else { return }
            let holder: String = row[0]
            let pct: Double = row[4] ?? 0
            let until: String? = row[5]
            let id: Int32
            if let existing = holderIndex[holder] { id = existing } else {
                id = Int32(holderNames.count); holderIndex[holder] = id; holderNames.append(row[1])
            }
            sHolder.append(id); sCompany.append(Int32(held)); sPct.append(pct); sUntil.append(until)
            let type: String = row[2]
            let holderPosition = type == "company" ? companies.position(of: holder) : nil
            sHolderCompany.append(holderPosition.map(Int32.init) ?? -1)
            if let holderPosition {
                builder.add(holderPosition, held, kind: .equity, pct: pct, until: until.flatMap(LocalDate.init(iso:)))
            }
        }
        holderIndex = [:]
        addIndirectControllerTies(&builder, companies: companies, parameters: parameters, holder: sHolder, holderNames: holderNames,
                                  company: sCompany, holderCompany: sHolderCompany, pct: sPct, until: sUntil)
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
        try rows("officer", "person_id, person_name, role, company, until", key: "person_id") { row in
            guard let company = member(row[3], exists: row[5] as Bool) else { return }
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
        for (kind, column, values) in [(TieKind.sharedPhone, "phone", companies.phone), (.sharedEmail, "email", companies.email),
                                       (.sharedAddress, "address", companies.address)] {
            var byValue: [String: [Int]] = [:]
            if companies.isPartial {
                _ = try Self.chunked(Array(Set(values.compactMap { $0 })).sorted()) { chunk, marks -> [Int] in
                    let cursor = try Row.fetchCursor(db, sql: "SELECT credit_code, \(column) FROM company WHERE \(column) IN (\(marks))",
                                                     arguments: StatementArguments(chunk))
                    while let row = try cursor.next() {
                        let value: String = row[1]
                        let key = value.trimmingCharacters(in: .whitespaces)
                        if !key.isEmpty, let c = member(row[0], exists: true) { byValue[key, default: []].append(c) }
                    }
                    return []
                }
            } else {
                for (c, value) in values.enumerated() {
                    guard let value else { continue }
                    let key = value.trimmingCharacters(in: .whitespaces)
                    if !key.isEmpty { byValue[key, default: []].append(c) }
                }
            }
            for key in byValue.keys.sorted() {
                let members = (byValue[key] ?? []).sorted()
                if members.count > 1 { addGroup(members.map { ($0, nil, 0) }, kind: kind, via: key) }
            }
        }
        for (c, parent) in companies.parentCode.enumerated() {
            if let parent, let head = companies.position(of: parent) { builder.add(head, c, kind: .branch) }
        }
        return builder.build()
    }

    /// Common-actual-controller ties found through holding companies (实际控制人, the rule of
    /// `RiskGraph.EntityGraph.actualController`: a holder with more than 50% is followed
    /// upward through holding companies to a person or outside holder, or to the top company
    /// when nobody above it has more than 50%; it is tied to them by equity). Companies under one controller are tied
    /// pairwise (`.commonController`, via the controller) when at least one of the pair is
    /// controlled through a holding company; direct pairs are tied by the holder groups.
    /// Groups above `maxGroup` make no ties, as everywhere.
    /// - Complexity: O(R + N × depth) for R current rows, plus the group pairs.
    static func addIndirectControllerTies(_ builder: inout Builder, companies: CompanyIndex, parameters: RiskModel.NetworkParameters,
                                          holder: [Int32], holderNames: [String], company: [Int32], holderCompany: [Int32],
                                          pct: [Double], until: [String?]) {
        let n = companies.count
        var up = [Int32](repeating: -1, count: n)      // majority holder company
        var top = [Int32](repeating: -1, count: n)     // majority holder that is no company of the index
        var share = [Double](repeating: 0, count: n)
        for row in holder.indices where until[row] == nil && pct[row] > 50 && company[row] >= 0 {
            let c = Int(company[row])
            guard pct[row] > share[c] else { continue }
            share[c] = pct[row]
            if holderCompany[row] >= 0 { up[c] = holderCompany[row]; top[c] = -1 } else { up[c] = -1; top[c] = holder[row] }
        }
        // Controller key: a holder id ≥ 0, or -2 - company position for a top company.
        var groups: [Int64: [(company: Int, indirect: Bool)]] = [:]
        for c in 0..<n where up[c] >= 0 {
            var current = Int(up[c])
            var steps = 1
            while up[current] >= 0, steps <= 16, up[current] != Int32(c) { current = Int(up[current]); steps += 1 }
            if up[current] >= 0 { continue }  // a cross-holding cycle: no single controller
            let key = top[current] >= 0 ? Int64(top[current]) : Int64(-2 - current)
            groups[key, default: []].append((c, top[current] >= 0 || steps > 1))
        }
        for c in 0..<n where up[c] < 0 && top[c] >= 0 {
            if groups[Int64(top[c])] != nil { groups[Int64(top[c])]?.append((c, false)) }
        }
        for key in groups.keys.sorted() {
            guard var members = groups[key] else { continue }
            guard members.count > 1, members.count <= parameters.maxGroup, members.contains(where: { $0.indirect }) else { continue }
            members.sort { $0.company < $1.company }
            let via = key >= 0 ? holderNames[Int(key)] : companies.names[Int(-2 - key)]
            let hub = members.count > max(2, parameters.hubDegree / 4)
            for i in 0..<members.count {
                for j in (i + 1)..<members.count where members[i].indirect || members[j].indirect {
                    builder.add(members[i].company, members[j].company, kind: .commonController, via: via, hub: hub)
                }
            }
        }
    }

    /// Runs `body` on chunks of at most 500 values with their `?,?,…` placeholder list.
    static func chunked<T>(_ values: [String], _ body: ([String], String) throws -> [T]) throws -> [T] {
        var result: [T] = []
        var start = 0
        while start < values.count {
            let chunk = Array(values[start..<min(start + 500, values.count)])
            start += chunk.count
            result += try body(chunk, Array(repeating: "?", count: chunk.count).joined(separator: ","))
        }
        return result
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
