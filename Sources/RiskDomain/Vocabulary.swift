/// Controlled vocabularies of the exchange format, each with its Chinese forms.
///
/// `init?(text:)` accepts the English code or a Chinese alias (trimmed, case-insensitive).

/// 登记状态 of a company.
public enum CompanyStatus: String, CaseIterable, Sendable, Codable {
    case active, cancelled, revoked, movedOut = "moved_out", withdrawn

    public init?(text: String) {
        switch text.lowercased() {
        case "active", "存续", "在业", "存续（在营、开业、在册）", "开业", "在营": self = .active
        case "cancelled", "canceled", "注销": self = .cancelled
        case "revoked", "吊销", "吊销，未注销", "吊销,未注销": self = .revoked
        case "moved_out", "迁出": self = .movedOut
        case "withdrawn", "撤销": self = .withdrawn
        default: return nil
        }
    }

    public var chinese: String {
        switch self {
        case .active: return "存续"
        case .cancelled: return "注销"
        case .revoked: return "吊销"
        case .movedOut: return "迁出"
        case .withdrawn: return "撤销"
        }
    }
}

/// 股东类型.
public enum HolderType: String, CaseIterable, Sendable, Codable {
    case person, company

    public init?(text: String) {
        let lower = text.lowercased()
        switch lower {
        case "person", "自然人", "自然人股东", "个人": self = .person
        case "company", "企业", "企业法人", "法人", "法人股东", "企业法人股东", "合伙企业", "非法人组织", "其他组织": self = .company
        default:
            if lower.contains("自然人") { self = .person }
            else if lower.contains("企业") || lower.contains("法人") || lower.contains("公司") || lower.contains("合伙") { self = .company }
            else { return nil }
        }
    }
}

/// 职务 of an officer.
public enum OfficerRole: String, CaseIterable, Sendable, Codable {
    case legalRep = "legal_rep", chairman, executiveDirector = "executive_director", director,
         supervisor, manager, finance, other

    public init?(text: String) {
        switch text.lowercased() {
        case "legal_rep", "法定代表人", "法人代表", "负责人": self = .legalRep
        case "chairman", "董事长", "执行事务合伙人": self = .chairman
        case "executive_director", "执行董事": self = .executiveDirector
        case "director", "董事", "副董事长", "职工董事": self = .director
        case "supervisor", "监事", "监事会主席", "职工监事", "监事长": self = .supervisor
        case "manager", "经理", "总经理", "副总经理": self = .manager
        case "finance", "财务负责人", "财务总监": self = .finance
        case "other", "其他", "其他人员": self = .other
        default: return nil
        }
    }

    public var chinese: String {
        switch self {
        case .legalRep: return "法定代表人"
        case .chairman: return "董事长"
        case .executiveDirector: return "执行董事"
        case .director: return "董事"
        case .supervisor: return "监事"
        case .manager: return "经理"
        case .finance: return "财务负责人"
        case .other: return "其他人员"
        }
    }
}

/// 合规记录类型.
public enum ComplianceKind: String, CaseIterable, Sendable, Codable {
    case abnormalOperation = "abnormal_operation", penalty, seriousViolation = "serious_violation",
         taxArrears = "tax_arrears", change

    public init?(text: String) {
        switch text.lowercased() {
        case "abnormal_operation", "经营异常名录", "经营异常", "列入经营异常名录": self = .abnormalOperation
        case "penalty", "行政处罚": self = .penalty
        case "serious_violation", "严重违法失信名单", "严重违法失信", "严重违法失信企业名单": self = .seriousViolation
        case "tax_arrears", "欠税", "欠税公告": self = .taxArrears
        case "change", "变更登记", "变更", "变更记录": self = .change
        default: return nil
        }
    }

    public var chinese: String {
        switch self {
        case .abnormalOperation: return "经营异常名录"
        case .penalty: return "行政处罚"
        case .seriousViolation: return "严重违法失信名单"
        case .taxArrears: return "欠税"
        case .change: return "变更登记"
        }
    }
}

/// 诉讼地位.
public enum LitigationRole: String, CaseIterable, Sendable, Codable {
    case plaintiff, defendant, thirdParty = "third_party"

    public init?(text: String) {
        switch text.lowercased() {
        case "plaintiff", "原告", "申请人", "上诉人", "申请执行人", "起诉人": self = .plaintiff
        case "defendant", "被告", "被申请人", "被执行人", "被上诉人", "被告人": self = .defendant
        case "third_party", "第三人", "案外人": self = .thirdParty
        default: return nil
        }
    }

    public var chinese: String {
        switch self {
        case .plaintiff: return "原告"
        case .defendant: return "被告"
        case .thirdParty: return "第三人"
        }
    }
}

/// 案件类型.
public enum CaseType: String, CaseIterable, Sendable, Codable {
    case civil, criminal, administrative, enforcement

    public init?(text: String) {
        switch text.lowercased() {
        case "civil", "民事", "民事案件": self = .civil
        case "criminal", "刑事", "刑事案件": self = .criminal
        case "administrative", "行政", "行政案件": self = .administrative
        case "enforcement", "执行", "执行案件": self = .enforcement
        default: return nil
        }
    }
}

/// 销售渠道 of a product.
public enum SalesChannel: String, CaseIterable, Sendable, Codable {
    case online, app, offlineSeminar = "offline_seminar", telemarketing, agent, flyer, other

    public init?(text: String) {
        switch text.lowercased() {
        case "online", "网络", "线上", "互联网": self = .online
        case "app", "手机app", "应用": self = .app
        case "offline_seminar", "推介会", "线下推介会", "讲座", "会销": self = .offlineSeminar
        case "telemarketing", "电话营销", "电销": self = .telemarketing
        case "agent", "代理", "返利", "代理/返利", "代理返利": self = .agent
        case "flyer", "传单", "散发传单": self = .flyer
        case "other", "其他": self = .other
        default: return nil
        }
    }

    /// Channels that reach the unspecified public (公开性).
    public var isPublic: Bool { self != .other }

    public var chinese: String {
        switch self {
        case .online: return "网络"
        case .app: return "手机APP"
        case .offlineSeminar: return "推介会"
        case .telemarketing: return "电话营销"
        case .agent: return "代理/返利"
        case .flyer: return "传单"
        case .other: return "其他"
        }
    }
}

/// 许可类型 of a financial licence.
public enum LicenceKind: String, CaseIterable, Sendable, Codable {
    case bank, securities, insurance, fundManager = "fund_manager", microcredit,
         financingGuarantee = "financing_guarantee", payment, consumerFinance = "consumer_finance",
         trust, otherFinancial = "other_financial"

    public init?(text: String) {
        switch text.lowercased() {
        case "bank", "银行": self = .bank
        case "securities", "证券": self = .securities
        case "insurance", "保险": self = .insurance
        case "fund_manager", "私募基金管理人登记", "私募基金管理人", "基金管理人": self = .fundManager
        case "microcredit", "小额贷款", "小贷": self = .microcredit
        case "financing_guarantee", "融资担保": self = .financingGuarantee
        case "payment", "支付", "支付业务许可": self = .payment
        case "consumer_finance", "消费金融": self = .consumerFinance
        case "trust", "信托": self = .trust
        case "other_financial", "其他金融", "其他": self = .otherFinancial
        default: return nil
        }
    }

    /// Licences that allow lending (a licensed lender suing borrowers is normal business).
    public var allowsLending: Bool {
        switch self {
        case .bank, .microcredit, .consumerFinance, .trust, .financingGuarantee: return true
        default: return false
        }
    }

    public var chinese: String {
        switch self {
        case .bank: return "银行"
        case .securities: return "证券"
        case .insurance: return "保险"
        case .fundManager: return "私募基金管理人登记"
        case .microcredit: return "小额贷款"
        case .financingGuarantee: return "融资担保"
        case .payment: return "支付"
        case .consumerFinance: return "消费金融"
        case .trust: return "信托"
        case .otherFinancial: return "其他金融"
        }
    }
}
