import GRDB
import RiskDomain

/// Finds the stored record behind an ``EvidenceReference`` and reads its citation fields.
///
/// Understands the keys RiskScoring emits (`case` → case number, `product` → product name,
/// `news` → news id, `compliance` → `kind date`, `licence` → `kind granted`, `company` →
/// credit code, `chain` → credit code of the source company) and the demo document's
/// variants (`kind/date`, a bare licence kind, a company field name, a chain of ids).
/// A reference with a ``EvidenceReference/row`` is looked up by that row id (and must fit
/// company and key); the key alone may fit several records, and taking the first of them
/// would cite another record than the one the reason was scored from.
/// Each lookup is one indexed query.
public enum EvidenceLookup {
    /// The report's evidence kind for a scoring evidence kind (`case` is litigation).
    public static func kind(ofScoring text: String) -> EvidenceKind? {
        text == "case" ? .litigation : EvidenceKind(rawValue: text)
    }

    /// Splits `kind date` or `kind/date` into its two parts; the second may be empty.
    static func split(_ key: String) -> (String, String) {
        guard let cut = key.firstIndex(where: { $0 == " " || $0 == "/" }) else { return (key, "") }
        return (String(key[..<cut]), String(key[key.index(after: cut)...]))
    }

    /// The citation of the record `reference` names, or nil when no stored record matches.
    /// `text` is the scoring engine's sentence (used for registry facts and chains).
    public static func citation(_ reference: EvidenceReference, text: String, chain: [ChainLink] = [],
                                in db: Database) throws -> EvidenceCitation? {
        let company = reference.company, key = reference.key
        // The exact record when the reference names its row, else the first that fits the key.
        func fetch(_ columns: String, _ table: String, _ match: String, _ order: String,
                   _ arguments: StatementArguments) throws -> Row? {
            if let id = reference.row {
                return try Row.fetchOne(db, sql: "SELECT \(columns) FROM \(table) WHERE id = ? AND \(match)",
                                        arguments: [id] + arguments)
            }
            return try Row.fetchOne(db, sql: "SELECT \(columns) FROM \(table) WHERE \(match) ORDER BY \(order) LIMIT 1",
                                    arguments: arguments)
        }
        switch reference.kind {
        case .litigation:
            guard let row = try fetch("court, filed, cause, role, counterparty, amount", "litigation",
                                      "case_no = ? AND company = ?", "occurrence", [key, company]) else { return nil }
            let filed: String? = row[1], role: String? = row[3]
            return .litigation(caseNumber: key, court: row[0], filed: filed.flatMap(LocalDate.init(iso:)), cause: row[2] ?? "",
                               role: role.flatMap(LitigationRole.init(rawValue:)), counterparty: row[4], amount: row[5])
        case .product:
            guard let row = try fetch("promised_yield, guaranteed, channel, investors, raised", "product",
                                      "company = ? AND product = ?", "occurrence", [company, key]) else { return nil }
            let guaranteed: Int? = row[1], channel: String? = row[2], investors: Int64? = row[3]
            return .product(name: key, promisedYield: row[0], guaranteed: guaranteed.map { $0 != 0 },
                            channel: channel.flatMap(SalesChannel.init(rawValue:)), investors: investors.map(Int.init), raised: row[4])
        case .news:
            guard let row = try Row.fetchOne(db, sql: "SELECT title, source, date FROM news WHERE id = ? AND company = ?",
                                             arguments: [key, company]) else { return nil }
            let date: String? = row[2]
            return .news(id: key, title: row[0] ?? "", source: row[1], date: date.flatMap(LocalDate.init(iso:)))
        case .compliance:
            let (kind, date) = split(key)
            guard let complianceKind = ComplianceKind(rawValue: kind), let day = LocalDate(iso: date),
                  let row = try fetch("reason, authority, removed, amount", "compliance", "company = ? AND kind = ? AND date = ?",
                                      "ifnull(reason, ''), occurrence", [company, kind, date]) else { return nil }
            let removed: String? = row[2]
            return .compliance(kind: complianceKind, date: day, reason: row[0], authority: row[1],
                               removed: removed.flatMap(LocalDate.init(iso:)), amount: row[3])
        case .licence:
            let (kind, granted) = split(key)
            guard let licenceKind = LicenceKind(rawValue: kind),
                  let row = try fetch("granted, revoked", "licence", "company = ? AND licence = ? AND (? = '' OR granted = ?)",
                                      "ifnull(granted, ''), occurrence", [company, kind, granted, granted]) else { return nil }
            let grantedDay: String? = row[0], revoked: String? = row[1]
            return .licence(kind: licenceKind, granted: grantedDay.flatMap(LocalDate.init(iso:)),
                            revoked: revoked.flatMap(LocalDate.init(iso:)))
        case .company:
            guard try exists(db, "SELECT 1 FROM company WHERE credit_code = ?", [company]) else { return nil }
            return .company(field: "企业登记信息", value: text)
        case .chain:
            if try exists(db, "SELECT 1 FROM company WHERE credit_code = ?", [key]) { return .chain(chain) }
            guard !chain.isEmpty else { return nil }
            for link in chain {
                for id in [link.from, link.to] where !id.hasPrefix("phone:") && !id.hasPrefix("addr:") && !id.hasPrefix("email:") {
                    let found = try exists(db, """
                        SELECT 1 FROM company WHERE credit_code = ?1 UNION ALL SELECT 1 FROM person WHERE person_id = ?1
                        UNION ALL SELECT 1 FROM shareholding WHERE holder_id = ?1
                        """, [id])
                    if !found { return nil }
                }
            }
            return .chain(chain)
        }
    }

    /// True when `reference` names a stored record.
    public static func resolves(_ reference: EvidenceReference, citation: EvidenceCitation, in db: Database) throws -> Bool {
        if reference.kind == .company, case .company = citation {
            let columns = ["reg_capital", "paid_capital", "phone", "address", "name", "scope", "established", "status"]
            if columns.contains(reference.key) { return try exists(db, "SELECT 1 FROM company WHERE credit_code = ?", [reference.company]) }
            guard reference.key == reference.company else { return false }
            return try exists(db, "SELECT 1 FROM company WHERE credit_code = ?", [reference.company])
        }
        var links: [ChainLink] = []
        if case .chain(let chain) = citation { links = chain }
        return try Self.citation(reference, text: "", chain: links, in: db) != nil
    }

    static func exists(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (\(sql))", arguments: arguments) ?? false
    }
}
