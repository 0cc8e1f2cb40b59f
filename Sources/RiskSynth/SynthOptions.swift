import RiskDomain

/// What to generate: the scale, the seed, the reference date and the optional watch list.
public struct SynthOptions: Sendable, Equatable {
    /// The fewest companies the generator writes (its planted blocks need room).
    public static let minimumCompanies = 1_000
    /// The most companies (names and codes stay unique up to here).
    public static let maximumCompanies = 3_000_000
    /// The default reference "today": every generated date is on or before it.
    public static let defaultAsOf = LocalDate(year: 2026, month: 6, day: 30) ?? LocalDate(dayNumber: 20_634)

    /// Number of companies in companies.csv.
    public var companies: Int
    /// The seed of every random choice.
    public var seed: UInt64
    /// The reference date ("today") of the data.
    public var asOf: LocalDate
    /// Rows of watchlist.csv to write; 0 writes none.
    public var watchlistSize: Int

    public init(companies: Int, seed: UInt64 = 1, asOf: LocalDate = SynthOptions.defaultAsOf, watchlistSize: Int = 0) {
        self.companies = companies
        self.seed = seed
        self.asOf = asOf
        self.watchlistSize = watchlistSize
    }

    /// Throws when an option is outside what the generator supports.
    public func validate() throws(SynthError) {
        guard (Self.minimumCompanies...Self.maximumCompanies).contains(companies) else {
            throw .invalidOption("--companies must be between \(Self.minimumCompanies) and \(Self.maximumCompanies), got \(companies)")
        }
        guard (0...1000).contains(watchlistSize) else {
            throw .invalidOption("--watchlist must be between 0 and 1000, got \(watchlistSize)")
        }
        guard asOf.year >= 2015, asOf.year <= 2100 else {
            throw .invalidOption("--as-of must be a date between 2015 and 2100, got \(asOf.iso)")
        }
    }
}
