/// The validated records of the exchange format, one struct per record kind.
///
/// Optional fields are `nil` when the cell was empty ("unknown"). Amounts are in 万元,
/// percentages on the 0–100 scale. These are plain values: parsing and validation live
/// in RiskIngest, storage in RiskStore.

/// 企业登记信息: one row of companies.csv.
public struct Company: Hashable, Sendable {
    public var creditCode: CreditCode
    public var name: String
    public var status: CompanyStatus?
    public var established: LocalDate?
    public var regCapital: Double?
    public var paidCapital: Double?
    public var entType: String?
    public var industry: String?
    /// 6-digit administrative division code; from credit-code characters 3–8 when the cell is empty.
    public var regionCode: String
    public var address: String?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var scope: String?
    public var parentCode: CreditCode?

    public init(creditCode: CreditCode, name: String, status: CompanyStatus? = nil, established: LocalDate? = nil,
                regCapital: Double? = nil, paidCapital: Double? = nil, entType: String? = nil, industry: String? = nil,
                regionCode: String? = nil, address: String? = nil, phone: String? = nil, email: String? = nil,
                website: String? = nil, scope: String? = nil, parentCode: CreditCode? = nil) {
        self.creditCode = creditCode; self.name = name; self.status = status; self.established = established
        self.regCapital = regCapital; self.paidCapital = paidCapital; self.entType = entType; self.industry = industry
        self.regionCode = regionCode ?? creditCode.regionCode; self.address = address; self.phone = phone
        self.email = email; self.website = website; self.scope = scope; self.parentCode = parentCode
    }
}

/// 股东及出资: one row of shareholdings.csv.
public struct Shareholding: Hashable, Sendable {
    public var company: CreditCode
    /// A company holder's credit code, a person's person_id, or an outside party's id.
    public var holderID: String
    public var holderName: String
    public var holderType: HolderType
    public var pct: Double?
    public var subscribed: Double?
    public var paid: Double?
    public var since: LocalDate?
    /// Set for a former holder (历史股东).
    public var until: LocalDate?

    public init(company: CreditCode, holderID: String, holderName: String, holderType: HolderType, pct: Double? = nil,
                subscribed: Double? = nil, paid: Double? = nil, since: LocalDate? = nil, until: LocalDate? = nil) {
        self.company = company; self.holderID = holderID; self.holderName = holderName; self.holderType = holderType
        self.pct = pct; self.subscribed = subscribed; self.paid = paid; self.since = since; self.until = until
    }
}

/// 主要人员: one row of officers.csv.
public struct Officer: Hashable, Sendable {
    public var company: CreditCode
    public var personID: String
    public var personName: String
    public var role: OfficerRole
    public var since: LocalDate?
    public var until: LocalDate?

    public init(company: CreditCode, personID: String, personName: String, role: OfficerRole,
                since: LocalDate? = nil, until: LocalDate? = nil) {
        self.company = company; self.personID = personID; self.personName = personName; self.role = role
        self.since = since; self.until = until
    }
}

/// 合规记录: one row of compliance.csv.
public struct ComplianceRecord: Hashable, Sendable {
    public var company: CreditCode
    public var kind: ComplianceKind
    public var date: LocalDate
    public var authority: String?
    public var reason: String?
    public var amount: Double?
    public var removed: LocalDate?

    public init(company: CreditCode, kind: ComplianceKind, date: LocalDate, authority: String? = nil,
                reason: String? = nil, amount: Double? = nil, removed: LocalDate? = nil) {
        self.company = company; self.kind = kind; self.date = date; self.authority = authority
        self.reason = reason; self.amount = amount; self.removed = removed
    }
}

/// 涉诉记录: one row of litigation.csv (one case, one party company).
public struct LitigationRecord: Hashable, Sendable {
    public var caseNo: String
    public var company: CreditCode
    public var role: LitigationRole
    public var cause: String
    public var caseType: CaseType?
    public var court: String?
    public var filed: LocalDate
    public var amount: Double?
    public var counterparty: String?
    public var outcome: String?

    public init(caseNo: String, company: CreditCode, role: LitigationRole, cause: String, caseType: CaseType? = nil,
                court: String? = nil, filed: LocalDate, amount: Double? = nil, counterparty: String? = nil,
                outcome: String? = nil) {
        self.caseNo = caseNo; self.company = company; self.role = role; self.cause = cause; self.caseType = caseType
        self.court = court; self.filed = filed; self.amount = amount; self.counterparty = counterparty
        self.outcome = outcome
    }
}

/// 舆情: one row of news.csv.
public struct NewsItem: Hashable, Sendable {
    public var id: String
    public var company: CreditCode
    public var date: LocalDate
    public var source: String?
    public var title: String
    public var content: String?
    public var url: String?
    public var sentiment: Double?

    public init(id: String, company: CreditCode, date: LocalDate, source: String? = nil, title: String,
                content: String? = nil, url: String? = nil, sentiment: Double? = nil) {
        self.id = id; self.company = company; self.date = date; self.source = source; self.title = title
        self.content = content; self.url = url; self.sentiment = sentiment
    }
}

/// 产品经营: one row of products.csv.
public struct Product: Hashable, Sendable {
    public var company: CreditCode
    public var product: String
    public var promisedYield: Double?
    public var guaranteed: Bool?
    public var termMonths: Int?
    public var minInvestment: Double?
    public var channel: SalesChannel?
    public var investors: Int?
    public var raised: Double?
    public var start: LocalDate?
    public var end: LocalDate?

    public init(company: CreditCode, product: String, promisedYield: Double? = nil, guaranteed: Bool? = nil,
                termMonths: Int? = nil, minInvestment: Double? = nil, channel: SalesChannel? = nil,
                investors: Int? = nil, raised: Double? = nil, start: LocalDate? = nil, end: LocalDate? = nil) {
        self.company = company; self.product = product; self.promisedYield = promisedYield; self.guaranteed = guaranteed
        self.termMonths = termMonths; self.minInvestment = minInvestment; self.channel = channel
        self.investors = investors; self.raised = raised; self.start = start; self.end = end
    }
}

/// 金融牌照与备案: one row of licences.csv.
public struct Licence: Hashable, Sendable {
    public var company: CreditCode
    public var licence: LicenceKind
    public var authority: String?
    public var granted: LocalDate?
    /// Set when the licence was cancelled: it then counts as none.
    public var revoked: LocalDate?

    public init(company: CreditCode, licence: LicenceKind, authority: String? = nil, granted: LocalDate? = nil,
                revoked: LocalDate? = nil) {
        self.company = company; self.licence = licence; self.authority = authority; self.granted = granted
        self.revoked = revoked
    }

    /// Valid on `date`: granted by then (or unknown) and not revoked by then.
    public func isValid(on date: LocalDate) -> Bool {
        if let granted, granted > date { return false }
        if let revoked, revoked <= date { return false }
        return true
    }
}

/// 已定性结果: one row of labels.csv.
public struct Label: Hashable, Sendable {
    public var company: CreditCode
    /// True: confirmed illegal fundraising; false: checked and clear.
    public var positive: Bool
    public var date: LocalDate?
    public var source: String?

    public init(company: CreditCode, positive: Bool, date: LocalDate? = nil, source: String? = nil) {
        self.company = company; self.positive = positive; self.date = date; self.source = source
    }
}

/// A natural person, created from shareholdings and officers.
public struct Person: Hashable, Sendable {
    public var personID: String
    public var name: String
    public init(personID: String, name: String) { self.personID = personID; self.name = name }
}
