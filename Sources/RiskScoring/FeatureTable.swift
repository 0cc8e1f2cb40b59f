/// Feature values for every company (a column per feature, indexed by company position),
/// and the evidence records behind them for the companies whose evidence was collected.
public struct FeatureTable: Sendable {
    /// `columns[feature.ordinal][company]`.
    public var columns: [[Float]]
    /// Evidence per company and feature (only for companies asked for).
    public var evidence: [Int: [Feature: [Evidence]]] = [:]

    public init(companyCount: Int) {
        columns = Array(repeating: [Float](repeating: 0, count: companyCount), count: Feature.allCases.count)
    }

    public subscript(feature: Feature, company: Int) -> Double {
        get { Double(columns[feature.ordinal][company]) }
        set { columns[feature.ordinal][company] = Float(newValue) }
    }

    /// Takes the values and evidence of the companies `positions` from `other` (a table of
    /// the same companies, filled for those positions).
    public mutating func take(_ positions: Range<Int>, from other: FeatureTable) {
        for f in columns.indices { columns[f].replaceSubrange(positions, with: other.columns[f][positions]) }
        for (company, items) in other.evidence where positions.contains(company) { evidence[company] = items }
    }

    /// Adds evidence (kept sorted and unique when read).
    mutating func note(_ company: Int, _ feature: Feature, _ item: Evidence) {
        evidence[company, default: [:]][feature, default: []].append(item)
    }

    /// The evidence of `feature` for `company`, sorted and without duplicates.
    public func evidence(_ company: Int, _ feature: Feature) -> [Evidence] {
        Array(Set(evidence[company]?[feature] ?? [])).sorted()
    }
}

extension Feature {
    /// Position in ``allCases`` (a switch: this sits on the per-company hot path).
    public var ordinal: Int {
        switch self {
        case .unlicensedFinancialProducts: return 0
        case .revokedLicenceStillSelling: return 1
        case .financialNameUnlicensed: return 2
        case .yieldExcess: return 3
        case .guaranteedProducts: return 4
        case .publicChannelProducts: return 5
        case .maxInvestors: return 6
        case .criminalFundraisingCases: return 7
        case .privateLendingIndividualPlaintiffs: return 8
        case .fundraisingNews: return 9
        case .lendingSuitsAsDefendant: return 10
        case .commercialSuitsAsDefendant: return 11
        case .fraudCasesAsDefendant: return 12
        case .changeChurn: return 13
        case .hollowFinancialCapital: return 14
        case .youngCompanyWithProducts: return 15
        case .negativeNews: return 16
        case .abnormalUnreachable: return 17
        case .abnormalOther: return 18
        case .penalties: return 19
        case .returnPromisingPenalty: return 20
        case .seriousViolation: return 21
        case .taxArrears: return 22
        case .revokedLicence: return 23
        case .revokedStatus: return 24
        case .networkRisk: return 25
        }
    }
}
