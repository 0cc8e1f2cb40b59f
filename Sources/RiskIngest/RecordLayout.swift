import RiskDomain
import RiskStore

/// How one cell is read and checked.
enum CellType: Sendable {
    /// Free text.
    case text
    /// `companies.credit_code`: a valid credit code.
    case ownCreditCode
    /// The `company` column of the other kinds: a valid credit code of a company in this
    /// import or in the database.
    case companyReference
    /// `parent_code`: a valid credit code, possibly of a company outside the data.
    case parentCode
    case date, amount, percent, rate, bool, count, sentiment
    /// `region_code`: six digits; empty = taken from the credit code.
    case regionCode
    /// `labels.label`: a boolean stored as 1/0.
    case label
    /// A controlled vocabulary: English code or Chinese alias → stored code.
    case vocabulary(@Sendable (String) -> String?, expected: String)
}

/// One column of an exchange-format file.
struct ColumnSpec: Sendable {
    /// The canonical name (also the table column).
    let name: String
    /// Accepted header names besides `name` (the spec's Chinese aliases).
    let aliases: [String]
    let required: Bool
    let type: CellType
}

/// The columns of one record kind, in the order of ``RecordTable/columns`` (without `occurrence`).
struct RecordLayout: Sendable {
    let kind: RecordKind
    let columns: [ColumnSpec]
    let table: RecordTable
    /// Positions (in `columns`) of the natural key, without `occurrence`.
    let keyIndexes: [Int]

    init(kind: RecordKind, columns: [ColumnSpec]) {
        self.kind = kind
        self.columns = columns
        table = RecordTable.table(for: kind)
        keyIndexes = table.keyColumns.compactMap { key in columns.firstIndex { $0.name == key } }
    }

    /// Finds the column a header cell names: canonical name (case-insensitive) or alias.
    func columnIndex(forHeader header: String) -> Int? {
        let lower = header.lowercased()
        return columns.firstIndex { $0.name == lower || $0.aliases.contains(header) || $0.aliases.contains(lower) }
    }

    private static func column(_ name: String, _ alias: String, required: Bool = false, _ type: CellType = .text) -> ColumnSpec {
        ColumnSpec(name: name, aliases: alias.split(separator: "|").map(String.init), required: required, type: type)
    }

    /// The layout of `kind`, as in the exchange-format spec.
    static func layout(for kind: RecordKind) -> RecordLayout {
        switch kind {
        case .companies:
            return RecordLayout(kind: kind, columns: [
                column("credit_code", "统一社会信用代码", required: true, .ownCreditCode),
                column("name", "企业名称", required: true),
                column("status", "登记状态", .vocabulary({ CompanyStatus(text: $0)?.rawValue }, expected: "active/存续, cancelled/注销, revoked/吊销, moved_out/迁出 or withdrawn/撤销")),
                column("established", "成立日期", .date),
                column("reg_capital", "注册资本", .amount),
                column("paid_capital", "实缴资本", .amount),
                column("ent_type", "企业类型"),
                column("industry", "行业"),
                column("region_code", "行政区划代码", .regionCode),
                column("address", "住所"),
                column("phone", "联系电话"),
                column("email", "电子邮箱"),
                column("website", "网址"),
                column("scope", "经营范围"),
                column("parent_code", "总公司统一社会信用代码", .parentCode),
            ])
        case .shareholdings:
            return RecordLayout(kind: kind, columns: [
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("holder_id", "股东证件号", required: true),
                column("holder_name", "股东名称", required: true),
                column("holder_type", "股东类型", required: true, .vocabulary({ HolderType(text: $0)?.rawValue }, expected: "person/自然人 or company/企业法人")),
                column("pct", "持股比例", .percent),
                column("subscribed", "认缴出资额", .amount),
                column("paid", "实缴出资额", .amount),
                column("since", "入股日期", .date),
                column("until", "退出日期", .date),
            ])
        case .officers:
            return RecordLayout(kind: kind, columns: [
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("person_id", "证件号", required: true),
                column("person_name", "姓名", required: true),
                column("role", "职务", required: true, .vocabulary({ OfficerRole(text: $0)?.rawValue }, expected: "legal_rep, chairman, executive_director, director, supervisor, manager, finance or other (or the Chinese title)")),
                column("since", "任职日期", .date),
                column("until", "离任日期", .date),
            ])
        case .compliance:
            return RecordLayout(kind: kind, columns: [
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("kind", "类型", required: true, .vocabulary({ ComplianceKind(text: $0)?.rawValue }, expected: "abnormal_operation, penalty, serious_violation, tax_arrears or change (or the Chinese name)")),
                column("date", "日期", required: true, .date),
                column("authority", "决定机关"),
                column("reason", "事由"),
                column("amount", "金额", .amount),
                column("removed", "移出日期", .date),
            ])
        case .litigation:
            return RecordLayout(kind: kind, columns: [
                column("case_no", "案号", required: true),
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("role", "诉讼地位", required: true, .vocabulary({ LitigationRole(text: $0)?.rawValue }, expected: "plaintiff/原告, defendant/被告 or third_party/第三人")),
                column("cause", "案由", required: true),
                column("case_type", "案件类型", .vocabulary({ CaseType(text: $0)?.rawValue }, expected: "civil, criminal, administrative or enforcement")),
                column("court", "法院"),
                column("filed", "立案日期", required: true, .date),
                column("amount", "标的金额", .amount),
                column("counterparty", "对方当事人"),
                column("outcome", "结果"),
            ])
        case .news:
            return RecordLayout(kind: kind, columns: [
                column("id", "编号", required: true),
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("date", "发布日期", required: true, .date),
                column("source", "来源"),
                column("title", "标题", required: true),
                column("content", "正文"),
                column("url", "链接"),
                column("sentiment", "情感", .sentiment),
            ])
        case .products:
            return RecordLayout(kind: kind, columns: [
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("product", "产品名称", required: true),
                column("promised_yield", "预期年化收益率", .rate),
                column("guaranteed", "保本保息", .bool),
                column("term_months", "期限(月)|期限（月）", .count),
                column("min_investment", "起投金额", .amount),
                column("channel", "销售渠道", .vocabulary({ SalesChannel(text: $0)?.rawValue }, expected: "online, app, offline_seminar, telemarketing, agent, flyer or other (or the Chinese name)")),
                column("investors", "投资人数", .count),
                column("raised", "募集金额", .amount),
                column("start", "开始日期", .date),
                column("end", "结束日期", .date),
            ])
        case .licences:
            return RecordLayout(kind: kind, columns: [
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("licence", "许可类型", required: true, .vocabulary({ LicenceKind(text: $0)?.rawValue }, expected: "bank, securities, insurance, fund_manager, microcredit, financing_guarantee, payment, consumer_finance, trust or other_financial (or the Chinese name)")),
                column("authority", "发证机关"),
                column("granted", "取得日期", .date),
                column("revoked", "注销日期", .date),
            ])
        case .labels:
            return RecordLayout(kind: kind, columns: [
                column("company", "统一社会信用代码", required: true, .companyReference),
                column("label", "标签", required: true, .label),
                column("date", "日期", .date),
                column("source", "来源"),
            ])
        }
    }
}
