import RiskDomain

/// One scored company of the watch list, with what its dossier shows.
///
/// Mirrors one element of the scoring JSON's `results`, plus the registry facts, the
/// equity penetration (graph `owners`) and the neighbourhood (graph `links`) the adapter
/// adds for high and medium companies.
public struct ReportCompany: Sendable, Hashable {
    public var creditCode: String
    public var name: String
    public var regionCode: String
    /// 0–100.
    public var score: Double
    public var level: RiskLevel
    public var dimensions: DimensionScores
    /// Reasons as the model gave them; reports print them by points, descending.
    public var reasons: [ReportReason]
    /// The recommended disposition from the model, e.g. 立案调查 / 约谈警示 / 持续关注.
    public var disposition: String
    /// Why ``disposition`` is not the level's own: the model's specific disposition chosen
    /// by this indicator having given points (scoring's `disposition_rule`); nil otherwise.
    public var dispositionRule: DispositionRuleRef? = nil
    /// The watch-list row's columns, in list order, carried through unchanged.
    public var input: [ReportField]
    /// 企业登记信息; nil when the adapter did not load it (low companies).
    public var registry: RegistryFacts?
    /// 股权穿透; nil when not computed.
    public var ownership: OwnershipReport?
    /// 关联方; nil when not computed.
    public var links: LinkNeighbourhood?
    /// How the list row was matched when that needs saying (scoring's `note`: matched by
    /// name because the row's credit code is invalid or unknown); nil for a plain match.
    public var matchNote: String? = nil
    /// The note's Chinese label, how the row was matched (``WatchList/chineseLabel(forMatchNote:)``);
    /// nil with no note.
    public var matchLabel: String? = nil
    /// For a company without a dossier: what the store holds on it and why it gave no points
    /// (``RecordsChecked``), one line; nil for the dossier companies.
    public var recordsChecked: String? = nil

    public init(creditCode: String, name: String, regionCode: String, score: Double, level: RiskLevel,
                dimensions: DimensionScores, reasons: [ReportReason], disposition: String,
                input: [ReportField] = [], registry: RegistryFacts? = nil, ownership: OwnershipReport? = nil,
                links: LinkNeighbourhood? = nil) {
        self.creditCode = creditCode; self.name = name; self.regionCode = regionCode; self.score = score
        self.level = level; self.dimensions = dimensions; self.reasons = reasons; self.disposition = disposition
        self.input = input; self.registry = registry; self.ownership = ownership; self.links = links
    }

    /// The reasons in the scorer's ranking (``ReportReason/rank``: by what they add to the
    /// score), then by points descending, then by indicator id.
    public var rankedReasons: [ReportReason] { ReportReason.ranked(reasons) }

    /// The reason with the most points, if any.
    public var topReason: ReportReason? { rankedReasons.first }

    /// True for companies that get a dossier (high and medium).
    public var hasDossier: Bool { level != .low }
}

/// One reason behind a score: an indicator that fired, its points and its evidence.
public struct ReportReason: Sendable, Hashable {
    /// `reasons` by ``rank``, then points descending, then indicator id: one order whatever
    /// the order of the list.
    public static func ranked(_ reasons: [ReportReason]) -> [ReportReason] {
        reasons.sorted { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.points != b.points { return a.points > b.points }
            return a.indicator < b.indicator
        }
    }

    public var indicator: String
    public var dimension: RiskDimension
    public var points: Double
    public var description: String
    public var evidence: [ReportEvidence]
    /// Its place in the scorer's ranking (by what it adds to the score; see
    /// ``RiskScoring/RiskModel/ranked(_:dimensions:)``), 0 when not given.
    public var rank: Int

    public init(indicator: String, dimension: RiskDimension, points: Double, description: String,
                evidence: [ReportEvidence], rank: Int = 0) {
        self.indicator = indicator; self.dimension = dimension; self.points = points
        self.description = description; self.evidence = evidence; self.rank = rank
    }
}

/// A named text value, e.g. one watch-list column.
public struct ReportField: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }

    /// The list's own columns of a row besides the code and the name (a referral number, a
    /// case officer), non-empty, as `name=value` joined by `；`; empty when there are none.
    /// Every ranked and unscored row shows them: the bureau's 转办编号 was in the report only
    /// for the companies with a dossier (found by review).
    public static func listExtras(_ fields: [ReportField]) -> String {
        let own: Set<String> = ["credit_code", "统一社会信用代码", "name", "企业名称"]
        return fields.filter { !$0.value.isEmpty && !own.contains($0.name.trimmingCharacters(in: .whitespaces).lowercased()) }
            .map { "\($0.name)=\($0.value)" }.joined(separator: "；")
    }
}

/// The registry facts printed at the top of a dossier (企业登记信息).
public struct RegistryFacts: Sendable, Hashable {
    public var status: CompanyStatus?
    public var established: LocalDate?
    /// 万元.
    public var regCapital: Double?
    /// 万元.
    public var paidCapital: Double?
    public var entType: String?
    public var industry: String?
    public var address: String?
    public var phone: String?
    public var legalRepresentative: String?
    public var scope: String?
    /// Credit code of the head office when the company is a branch.
    public var parentCode: String?
    /// Name of the head office when the company is a branch and the head office is registered.
    public var parentName: String? = nil
    /// 金融牌照/备案 held on the as-of date or revoked by then (kind, authority, granted,
    /// revoked), by grant date: a registered fund manager's valid licence is the key fact
    /// of its dossier, whether or not it scored.
    public var licences: [RegistryLicence] = []
    /// Legal representatives who had left office by the as-of date, the latest first (at
    /// most three): a controller replaced by a front man shortly before the collapse.
    public var formerLegalRepresentatives: [RegistryTenure] = []
    /// 曾用名: the names the company had before a later import renamed it (the latest replaced
    /// first). The
    /// import dates the rename only by the batch that brought it, so every one is listed.
    public var formerNames: [String] = []

    public init(status: CompanyStatus? = nil, established: LocalDate? = nil, regCapital: Double? = nil,
                paidCapital: Double? = nil, entType: String? = nil, industry: String? = nil, address: String? = nil,
                phone: String? = nil, legalRepresentative: String? = nil, scope: String? = nil, parentCode: String? = nil) {
        self.status = status; self.established = established; self.regCapital = regCapital
        self.paidCapital = paidCapital; self.entType = entType; self.industry = industry; self.address = address
        self.phone = phone; self.legalRepresentative = legalRepresentative; self.scope = scope; self.parentCode = parentCode
    }

    /// A branch (分公司): its registry person is its 负责人, not a 法定代表人 (it has no legal personality).
    public var isBranch: Bool { parentCode != nil || (entType?.contains("分公司") ?? false) }

    /// 负责人 for a branch, else 法定代表人.
    public var legalRepresentativeTitle: String { isBranch ? "负责人" : "法定代表人" }

    /// The facts of a stored company record; `legalRepresentative` comes from officers.
    public init(company: Company, legalRepresentative: String?) {
        self.init(status: company.status, established: company.established, regCapital: company.regCapital,
                  paidCapital: company.paidCapital, entType: company.entType, industry: company.industry,
                  address: company.address, phone: company.phone, legalRepresentative: legalRepresentative,
                  scope: company.scope, parentCode: company.parentCode?.rawValue)
    }
}

/// One financial licence or filing of a company's registry facts (金融牌照/备案).
public struct RegistryLicence: Sendable, Hashable {
    public var kind: LicenceKind
    public var authority: String?
    public var granted: LocalDate?
    /// Set when it was revoked by the as-of date.
    public var revoked: LocalDate?

    public init(kind: LicenceKind, authority: String? = nil, granted: LocalDate? = nil, revoked: LocalDate? = nil) {
        self.kind = kind; self.authority = authority; self.granted = granted; self.revoked = revoked
    }

    /// e.g. `私募基金管理人，中国证券投资基金业协会，2022-11-03 取得，有效`.
    public var text: String {
        var parts = [kind.chinese]
        if let authority, !authority.isEmpty { parts.append(authority) }
        if let granted { parts.append(granted.iso + " 取得") }
        parts.append(revoked.map { $0.iso + " 注销" } ?? "有效")
        return parts.joined(separator: "，")
    }
}

/// A term in an office (a former legal representative).
public struct RegistryTenure: Sendable, Hashable {
    public var name: String
    public var since: LocalDate?
    public var until: LocalDate?

    public init(name: String, since: LocalDate?, until: LocalDate?) { self.name = name; self.since = since; self.until = until }

    /// e.g. `冯丽卫（2019-10-05 至 2025-07-27）`.
    public var text: String { "\(name)（\(since?.iso ?? "?") 至 \(until?.iso ?? "?")）" }
}
