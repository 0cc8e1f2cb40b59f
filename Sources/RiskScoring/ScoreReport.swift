import RiskDomain

/// One reason of a score: an indicator that fired, its points and the records behind it.
public struct ScoreReason: Sendable, Equatable {
    public var indicator: String
    public var dimension: RiskModel.Dimension
    public var points: Double
    public var description: String
    public var evidence: [Evidence]
}

/// A scored company of a watch list (or of a screening).
public struct ScoredCompany: Sendable {
    public var creditCode: String
    public var name: String
    public var regionCode: String
    public var score: Double
    public var level: String
    /// Indexed by ``RiskModel/Dimension/index``.
    public var dimensions: [Double]
    /// Sorted by points (highest first), then indicator id.
    public var reasons: [ScoreReason]
    public var disposition: String
    /// The indicator of the model's specific disposition that gave ``disposition``
    /// (``RiskModel/DispositionRule``); nil when it is the level's own.
    public var dispositionRule: String? = nil
    /// The watch-list row's columns, in header order.
    public var input: [(String, String)]
    /// How the row was matched when that needs saying: `matched by name; the credit code …
    /// is invalid: …` (or `unknown (not in the registry)`). Nil for a plain match.
    public var note: String? = nil
}

/// A watch-list row that matched no company, or more than one.
public struct UnmatchedEntry: Sendable {
    public var line: Int
    public var creditCode: String?
    public var name: String?
    /// `not_found`, `ambiguous`, `bad_credit_code`, `code_name_mismatch` (the row's credit
    /// code is a company whose registry name is not the row's name: not scored, both are
    /// candidates, ``note`` names both), `duplicate` (the row names a company an earlier row
    /// already listed: scored once, under that row, unless that row was not established), or
    /// `not_established` (the company was founded after the as-of date: it did not exist
    /// then, so it has no score; ``established`` says when).
    public var reason: String
    public var candidates: [(code: String, name: String)]
    public var input: [(String, String)]
    /// For a `duplicate`, the line of the row it repeats.
    public var duplicateOf: Int? = nil
    /// For `not_established`, the company's founding date; for a `duplicate` of such a row,
    /// the same date (the company was not scored under the first row either).
    public var established: LocalDate? = nil
    /// What needs saying beyond the reason: for `code_name_mismatch` both names (`the credit
    /// code … is … in the registry, not … as the row names it; not scored`); for a row whose
    /// code is invalid or unknown and whose name was tried, what is wrong with the code.
    public var note: String? = nil
}

/// A company outside the list that reaches the high level through its ties (顺藤摸瓜).
public struct LinkedWarning: Sendable {
    public var creditCode: String
    public var name: String
    public var regionCode: String
    public var score: Double
    public var level: String
    /// The list company the chain starts from.
    public var via: String
    /// 异地: the first four digits of the region codes (the prefecture city) differ.
    public var otherCity: Bool
    public var chain: [ChainLink]
    /// The credit codes of the companies on the chain, this company first and the source
    /// last (for hiding those outside a reader's regions; not rendered).
    public var path: [String] = []
    /// The name of the entity the chain begins at (the first company of its path: the source
    /// of its risk, or the listed company for one on its own records), from which the chain is
    /// read as a walk.
    public var chainStart: String = ""
    /// The listed company `via` is the source its network reason names (the company whose risk
    /// reached it). False when that source is another company, or none: `via` is then only
    /// where its tie to the list starts, and a report must not call it the source.
    public var viaIsSource: Bool = false
    /// Its disposition, as a listed company with its score and reasons gets (the level's, or
    /// the model's specific one), and that rule's indicator.
    public var disposition: String = ""
    public var dispositionRule: String? = nil
    /// Its own records alone (its score before the network dimension) are high, however it
    /// was found: the chain is then a tie that brings it into view, `via` the listed company
    /// it starts from, not necessarily the source of its risk.
    public var highOnItsOwn: Bool = false
    /// Its dimension scores (``RiskModel/Dimension`` order) and every reason with its
    /// evidence, as a listed company's: a warning's score is explained like any other (a
    /// linked warning at 90 carried no reasons, and a bureau had to score it again to see
    /// the records behind it).
    public var dimensions: [Double] = []
    public var reasons: [ScoreReason] = []
}

/// The result of scoring a list (or the top of a screening): what `score` prints.
public struct ScoreReport: Sendable {
    public var modelID: String
    public var modelVersion: String
    public var modelSHA256: String
    public var asOf: LocalDate
    public var dataFingerprint: String
    /// Ranked: score descending, then credit code.
    public var results: [ScoredCompany]
    public var unmatched: [UnmatchedEntry]
    /// Ranked like ``results``.
    public var linked: [LinkedWarning]
    /// For a screening (`score --all`): the whole run, of which ``results`` are the top
    /// companies listed. Nil for a watch list.
    public var screening: ScreeningSummary? = nil
}

/// What a screening (`score --all`) scored: every company that existed at the as-of date,
/// not only the top ones listed with their reasons.
public struct ScreeningSummary: Sendable {
    /// Companies scored (and stored).
    public var companies: Int
    /// Companies per level (`high`, `medium`, `low`).
    public var levels: [String: Int]
    /// The stored run's id, once stored.
    public var runID: Int64? = nil

    public init(companies: Int, levels: [String: Int], runID: Int64? = nil) {
        self.companies = companies; self.levels = levels; self.runID = runID
    }
}
