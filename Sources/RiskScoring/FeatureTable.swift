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
    /// Position in ``allCases``.
    public var ordinal: Int { Feature.ordinals[self] ?? 0 }
    private static let ordinals: [Feature: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}
