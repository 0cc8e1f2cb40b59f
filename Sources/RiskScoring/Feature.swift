/// The feature catalogue: every value the engine computes for a company relative to an
/// as-of date, which a model's indicators read by name.
///
/// Windows (litigation, compliance, news, change churn) come from the model's `windows`.
/// Each feature documents the records it reads and the traps it avoids; the README's
/// feature catalogue is generated from the same text (`riskbrain model features`).
public enum Feature: String, CaseIterable, Sendable {
    // 非法金融风险 — the four legal features.
    case unlicensedFinancialProducts = "unlicensed_financial_products"
    case revokedLicenceStillSelling = "revoked_licence_still_selling"
    case financialNameUnlicensed = "financial_name_unlicensed"
    case yieldExcess = "yield_excess"
    case guaranteedProducts = "guaranteed_products"
    case publicChannelProducts = "public_channel_products"
    case maxInvestors = "max_investors"
    case criminalFundraisingCases = "criminal_fundraising_cases"
    case privateLendingIndividualPlaintiffs = "private_lending_individual_plaintiffs"
    case fundraisingNews = "fundraising_news"
    // 业务风险
    case lendingSuitsAsDefendant = "lending_suits_as_defendant"
    case commercialSuitsAsDefendant = "commercial_suits_as_defendant"
    case fraudCasesAsDefendant = "fraud_cases_as_defendant"
    case changeChurn = "change_churn"
    case hollowFinancialCapital = "hollow_financial_capital"
    case youngCompanyWithProducts = "young_company_with_products"
    case negativeNews = "negative_news"
    // 合规风险
    case abnormalUnreachable = "abnormal_unreachable"
    case abnormalOther = "abnormal_other"
    case penalties = "penalties"
    case returnPromisingPenalty = "return_promising_penalty"
    case seriousViolation = "serious_violation"
    case taxArrears = "tax_arrears"
    case revokedLicence = "revoked_licence"
    case revokedStatus = "revoked_status"
    // 关联风险
    case networkRisk = "network_risk"

    /// What kind of value the feature holds (a model's threshold must fit it).
    public enum Kind: String, Sendable { case flag, count, number }

    public var kind: Kind {
        switch self {
        case .financialNameUnlicensed, .revokedLicenceStillSelling, .hollowFinancialCapital, .youngCompanyWithProducts,
             .abnormalUnreachable, .abnormalOther, .seriousViolation, .revokedLicence, .revokedStatus,
             .returnPromisingPenalty:
            return .flag
        case .yieldExcess, .networkRisk:
            return .number
        default:
            return .count
        }
    }

    /// One-line documentation: what is counted and which trap it avoids.
    public var documentation: String {
        switch self {
        case .unlicensedFinancialProducts:
            return "financial products on sale at the as-of date (started by then), or that stopped selling within `windows.product_days` (three years by default) before it, by a company with no valid financial licence; a licence revoked by the as-of date counts as none. A product is financial when it promises a yield, is guaranteed, has investors or a minimum investment, or its name holds a `financial_product_words` term (理财, 基金…): a water purifier sold online is not"
        case .revokedLicenceStillSelling:
            return "1 when the company's financial licence was revoked yet it has financial products on sale"
        case .financialNameUnlicensed:
            return "1 when the name or scope holds a financial word (投资管理, 理财, 众筹, P2P…; lexicon `financial_words`) and the company holds no valid licence"
        case .yieldExcess:
            return "highest promised annual yield minus the model's `benchmark_yield` (percentage points, 0 when none is above it)"
        case .guaranteedProducts:
            return "products promising principal and return (保本保息); a licence does not excuse them"
        case .publicChannelProducts:
            return "financial products sold through public channels (online, app, 推介会, telemarketing, agents, flyers); not counted for a company holding a licence in `public_offering_licences` (a bank's public wealth product)"
        case .maxInvestors:
            return "largest investor count of one product (a private fund may have at most 200); not counted for a company holding a licence in `public_offering_licences` (a private fund manager's is not one)"
        case .criminalFundraisingCases:
            return "cases where the company is the defendant (被告单位; a third party is not counted) with a criminal fundraising cause (非法吸收公众存款, 集资诈骗), any date up to as-of"
        case .privateLendingIndividualPlaintiffs:
            return "distinct individual counterparties (not companies) suing the company as defendant in 民间借贷 or 委托理财 disputes (lexicon `private_lending_causes`) within the litigation window; a licensed lender suing borrowers is not counted"
        case .fundraisingNews:
            return "news items in the news window with a fundraising phrase (非法集资, 跑路, 兑付困难…) not cancelled by context (防范/警惕/宣传, venture rounds, the company as a victim)"
        case .lendingSuitsAsDefendant:
            return "lending cases (民间借贷, 委托理财, 借款合同) where the company is the defendant, within the litigation window"
        case .commercialSuitsAsDefendant:
            return "other civil cases (买卖合同, 劳动争议…) as defendant within the litigation window: business risk, not fundraising"
        case .fraudCasesAsDefendant:
            return "other fraud causes (合同诈骗, 诈骗) as defendant within the litigation window (only criminal fundraising cases count at any date)"
        case .changeChurn:
            return "change registrations (address, legal rep, shareholders, scope, capital) within the change window"
        case .hollowFinancialCapital:
            return "1 for a young company (under `young_company_years`) in a financial-sounding business with registered capital at least `hollow_capital_min` 万元 and nothing paid; zero paid capital alone (认缴制) is not counted"
        case .youngCompanyWithProducts:
            return "1 when a company younger than `young_company_years` sells financial products to the public (as `public_channel_products`)"
        case .negativeNews:
            return "news items in the news window whose sentiment (the monitor's, else the lexicon's) is at most `negative_sentiment`"
        case .abnormalUnreachable:
            return "1 when listed, not removed by as-of, in 经营异常名录 for being unreachable at the registered address (lexicon `unreachable_reasons`)"
        case .abnormalOther:
            return "1 when listed, not removed, in 经营异常名录 for another reason (e.g. a late annual report)"
        case .penalties:
            return "administrative penalties within the compliance window"
        case .returnPromisingPenalty:
            return "1 when a penalty's reason shows false advertising promising returns (lexicon `return_promise_words`)"
        case .seriousViolation:
            return "1 when on the serious-violation list (严重违法失信名单) and not removed by as-of"
        case .taxArrears:
            return "tax-arrears records within the compliance window"
        case .revokedLicence:
            return "1 when a financial licence was revoked by the as-of date"
        case .revokedStatus:
            return "1 when the registration status is 吊销 (revoked)"
        case .networkRisk:
            return "risk propagated from high-risk companies over the network (0–100): source score × link weights × decay per hop, with the chain"
        }
    }
}
