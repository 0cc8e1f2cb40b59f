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
        get { Self.decimal(columns[feature.ordinal][company]) }
        set { columns[feature.ordinal][company] = Float(newValue) }
    }

    /// A stored value as the decimal it stands for, to four places: single precision keeps
    /// 12.3 − 3.1 = 9.2 as 9.19999981, which missed a `min: 9.2` that the reason text showed
    /// as reached (`超出 9.2 个百分点`; found by review). Features are counts, days, ratios and
    /// percentages read with at most two decimals; magnitudes of a million and more, beyond
    /// single precision's fourth decimal, are returned as stored.
    @inline(__always)
    static func decimal(_ value: Float) -> Double {
        let wide = Double(value)
        guard abs(wide) < 1_000_000 else { return wide }
        return (wide * 10_000).rounded() / 10_000
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
