import RiskDomain

/// One piece of evidence behind a reason: the citation a regulator reads and the
/// reference to the stored record it came from.
///
/// Mirrors the scoring JSON's evidence item `{"kind", "key", "text"}`: ``reference``
/// carries kind and key, ``text`` the scoring engine's sentence, and ``citation`` the
/// typed fields the report prints (case number, court, …).
public struct ReportEvidence: Sendable, Hashable {
    /// Which stored record this evidence is (kind, company, key).
    public var reference: EvidenceReference
    /// The scoring engine's one-line description of the evidence.
    public var text: String
    /// The typed fields printed as the citation.
    public var citation: EvidenceCitation

    public init(reference: EvidenceReference, text: String, citation: EvidenceCitation) {
        self.reference = reference; self.text = text; self.citation = citation
    }
}

/// The kind of record a piece of evidence refers to (the scoring JSON's evidence `kind`).
public enum EvidenceKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// 涉诉记录: key = case number (案号).
    case litigation
    /// 产品经营: key = product name.
    case product
    /// 舆情: key = news id.
    case news
    /// 合规记录: key = `kind/date`, e.g. `abnormal_operation/2024-03-01`.
    case compliance
    /// 金融牌照: key = licence kind code, e.g. `fund_manager`.
    case licence
    /// 企业登记信息: key = the company field read, e.g. `reg_capital`.
    case company
    /// 关联链: key = the chain written as text; each link's endpoints are the references.
    case chain

    /// Chinese label for the citation heading.
    public var chinese: String {
        switch self {
        case .litigation: return "涉诉"
        case .product: return "产品"
        case .news: return "舆情"
        case .compliance: return "合规"
        case .licence: return "牌照"
        case .company: return "登记"
        case .chain: return "关联链"
        }
    }
}

/// The stored record a piece of evidence refers to.
///
/// Resolution rules (so a test or an auditor can find the row):
/// - litigation: `litigation` row with `case_no = key` and `company = company`;
/// - product: `product` row with `product = key` and `company = company`;
/// - news: `news` row with `id = key`;
/// - compliance: `compliance` row with `company`, and `kind/date` equal to `key`;
/// - licence: `licence` row with `company` and `licence = key`;
/// - company: the `company` row `company` (key names the field);
/// - chain: every entity named in the citation's links exists (company, person or holder).
///
/// The key may fit several rows (one case number with several counterparties, two rows of
/// one product, two listings on one day). Evidence from scoring carries ``row``, the row id
/// of the one record it was read from in the kind's table, and that row is the record (it
/// must also fit company and key). Without a row (the demo document) the first fitting row
/// in key order is taken.
public struct EvidenceReference: Sendable, Hashable, Comparable {
    public var kind: EvidenceKind
    /// Credit code of the company the record belongs to.
    public var company: String
    public var key: String
    /// The record's row id in the kind's table (`litigation`, `product`, `compliance`,
    /// `licence`); nil for news, company and chain, whose key is the identity.
    public var row: Int64?

    public init(kind: EvidenceKind, company: String, key: String, row: Int64? = nil) {
        self.kind = kind; self.company = company; self.key = key; self.row = row
    }

    public static func < (lhs: EvidenceReference, rhs: EvidenceReference) -> Bool {
        (lhs.kind.rawValue, lhs.company, lhs.key, lhs.row ?? -1) < (rhs.kind.rawValue, rhs.company, rhs.key, rhs.row ?? -1)
    }
}

/// The typed citation of one piece of evidence, one case per evidence kind.
public enum EvidenceCitation: Sendable, Hashable {
    /// 案号, 法院, 立案日期, 案由, 诉讼地位, 对方当事人, 标的金额 (万元).
    case litigation(caseNumber: String, court: String?, filed: LocalDate?, cause: String,
                    role: LitigationRole?, counterparty: String?, amount: Double?)
    /// 产品名称, 预期年化收益率 (%), 保本保息, 销售渠道, 投资人数, 募集金额 (万元).
    case product(name: String, promisedYield: Double?, guaranteed: Bool?, channel: SalesChannel?,
                 investors: Int?, raised: Double?)
    /// 编号, 标题, 来源, 发布日期.
    case news(id: String, title: String, source: String?, date: LocalDate?)
    /// 类型, 日期, 事由, 决定机关, 移出日期.
    /// `amount`: a penalty's fine in 万元, when the record gives one (it was not cited; found by review).
    case compliance(kind: ComplianceKind, date: LocalDate, reason: String?, authority: String?, removed: LocalDate?, amount: Double? = nil)
    /// 许可类型, 取得日期, 注销日期.
    case licence(kind: LicenceKind, granted: LocalDate?, revoked: LocalDate?)
    /// A registry fact: the field's Chinese label and its value as printed.
    case company(field: String, value: String)
    /// A chain of named links (顺藤摸瓜).
    case chain([ChainLink])
}

/// One named link of a chain, as the graph's `chain` query writes it.
public struct ChainLink: Sendable, Hashable {
    public var from: String
    public var fromName: String
    /// 股东, 法定代表人, 监事, 同一电话, 同一地址, 分支机构, …
    public var relation: String
    /// "90%", "法定代表人", or empty.
    public var detail: String
    public var to: String
    public var toName: String
    /// False for a former link (`until` set).
    public var current: Bool

    public init(from: String, fromName: String, relation: String, detail: String = "", to: String, toName: String,
                current: Bool = true) {
        self.from = from; self.fromName = fromName; self.relation = relation; self.detail = detail
        self.to = to; self.toName = toName; self.current = current
    }

    /// The link's label, e.g. `股东 90%` or `法定代表人`.
    public var label: String {
        let base = detail.isEmpty || detail == relation ? relation : relation + " " + detail
        // A network chain's former link already says so (`曾任…（至 date）`).
        return current || relation.hasPrefix("曾") ? base : base + "（历史）"
    }
}
