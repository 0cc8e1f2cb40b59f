import RiskDomain

/// The pure, recomputable facts of the synthetic registry: every company's credit code,
/// name, region, industry and kind, and every person's id and name, each a function of
/// (seed, index) alone.
///
/// Because nothing is stored, a company can name its parent, holder or opponent anywhere
/// in the file by index and get the same text as the parent's own row, in O(1) time and
/// O(1) memory per lookup.
public struct SyntheticRegistry: Sendable {
    /// What an ordinary company is.
    public enum Kind: Sendable, Equatable {
        /// An ordinary operating company.
        case operating
        /// A holding company (控股/投资/实业), owning subsidiaries (≈10%).
        case holding
        /// A branch (分公司) of an earlier company (≈2%).
        case branch
    }

    public let seed: UInt64
    public let regions: [Region]
    public let industries: [Industry]
    private let regionTable: [UInt8]
    private let industryTable: [UInt8]
    private let surnameTable: [UInt8]
    private let tradeRadix: Int
    private let tradeSpace: Int
    private let tradeMultiplier: Int
    private let tradeOffset: Int
    /// 31^9: the organisation part of a credit code, nine characters of the 31-letter alphabet.
    private static let codeSpace = 26_439_622_160_671
    /// About 0.618 × 31^9 (consecutive indices land far apart) and not a multiple of 31, so
    /// multiplication by it is a bijection modulo 31^9.
    private static let codeMultiplier: UInt64 = 16_339_986_741_217

    public init(seed: UInt64) {
        self.seed = seed
        regions = Region.all
        industries = Industry.ordinary
        regionTable = Self.table(weights: Region.all.map(\.weight))
        industryTable = Self.table(weights: Industry.ordinary.map(\.weight))
        surnameTable = Self.table(weights: Lexicon.surnames.map(\.1))
        tradeRadix = Lexicon.tradeCharacters.count
        tradeSpace = tradeRadix * tradeRadix * tradeRadix
        var multiplier = 1_000_003
        while Self.gcd(multiplier, tradeRadix) != 1 { multiplier += 2 }
        tradeMultiplier = multiplier
        tradeOffset = Int(SplitMix64.hash(seed, 8, 0) % UInt64(tradeSpace))
    }

    /// How many distinct trade names (字号) exist: the bound on unique company names.
    public var tradeNameCapacity: Int { tradeSpace }

    // MARK: Companies

    /// The kind of ordinary company `index`.
    @inline(__always)
    public func kind(_ index: Int) -> Kind {
        let roll = SplitMix64.hash(seed, 1, UInt64(index)) % 1000
        if roll < 100 { return .holding }
        if roll < 120 { return .branch }
        return .operating
    }

    /// Index into ``regions`` of company `index` (weighted by ``Region/weight``).
    @inline(__always)
    public func region(_ index: Int) -> Int {
        Int(regionTable[Int(SplitMix64.hash(seed, 2, UInt64(index)) % UInt64(regionTable.count))])
    }

    /// Index into ``industries`` of ordinary company `index`.
    @inline(__always)
    public func industry(_ index: Int) -> Int {
        Int(industryTable[Int(SplitMix64.hash(seed, 3, UInt64(index)) % UInt64(industryTable.count))])
    }

    /// The day number of company `index`'s establishment: 1998 onwards, recent years more
    /// frequent (age = 28 years × u^1.6), at least 30 days before `asOf`.
    public func established(_ index: Int, asOf: LocalDate) -> Int {
        let u = Double(SplitMix64.hash(seed, 4, UInt64(index)) >> 11) * 0x1.0p-53
        var factor = u
        factor *= u.squareRoot() // u^1.5: young companies are common
        return asOf.dayNumber - 30 - Int(factor * 28 * 365.25)
    }

    /// The 18-character credit code of company `index`: `91` (market regulator, enterprise),
    /// the 6-digit region code, nine organisation characters (a bijection of the index, so
    /// codes never repeat) and the check character.
    public func creditCode(_ index: Int, region: Int) -> String {
        var body = "91" + regions[region].code
        let space = UInt64(Self.codeSpace)
        let product = UInt64(index).multipliedFullWidth(by: Self.codeMultiplier)
        let scrambled = space.dividingFullWidth(product).remainder
        var value = Int((scrambled + SplitMix64.hash(seed, 9, 0) % space) % space)
        var organisation = [Character](repeating: "0", count: 9)
        for position in stride(from: 8, through: 0, by: -1) {
            organisation[position] = CreditCode.alphabet[value % 31]
            value /= 31
        }
        body.append(contentsOf: organisation)
        return body + String(CreditCode.checkCharacter(for: body) ?? "0")
    }

    /// The trade name (字号) number `number`: two or three characters, distinct for every
    /// number below ``tradeNameCapacity`` (a bijective scramble of the number, written in
    /// base ``Lexicon/tradeCharacters``.count).
    public func tradeName(_ number: Int) -> String {
        let scrambled = ((number % tradeSpace) * tradeMultiplier + tradeOffset) % tradeSpace
        let pool = Lexicon.tradeCharacters
        let first = scrambled % tradeRadix
        let second = (scrambled / tradeRadix) % tradeRadix
        let third = scrambled / (tradeRadix * tradeRadix)
        var name = pool[first] + pool[second]
        if third > 0 || first == second { name += pool[third] }
        return name
    }

    /// The registered name of ordinary company `index`.
    public func companyName(_ index: Int, region: Int, kind: Kind) -> String {
        let trade = tradeName(index)
        switch kind {
        case .holding:
            let words = ["控股有限公司", "投资有限公司", "实业有限公司", "控股集团有限公司"]
            let word = words[Int(SplitMix64.hash(seed, 5, UInt64(index)) % 4)]
            return regions[region].cityShort + trade + word
        case .operating, .branch:
            return regions[region].cityShort + trade + industries[industry(index)].nameWord + "有限公司"
        }
    }

    // MARK: Persons

    /// The opaque person_id of person `index` (`P0001234`).
    public func personID(_ index: Int) -> String {
        let digits = String(index)
        return "P" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// The name of person `index`; about one person in 1,500 carries one of a few very
    /// common names (王伟, 张伟 …), so same-name different-id persons always exist.
    public func personName(_ index: Int) -> String {
        let bits = SplitMix64.hash(seed, 7, UInt64(index))
        if bits % 1500 == 0 { return Lexicon.commonNames[Int((bits >> 20) % UInt64(Lexicon.commonNames.count))] }
        let surname = Lexicon.surnames[Int(surnameTable[Int((bits >> 12) % UInt64(surnameTable.count))])].0
        let given = Lexicon.givenCharacters
        let first = given[Int((bits >> 24) % UInt64(given.count))]
        if (bits >> 40) % 10 < 3 { return surname + first }
        return surname + first + given[Int((bits >> 48) % UInt64(given.count))]
    }

    /// A name for an individual who appears only as a counterparty (a lender, a worker).
    public func counterpartyName(_ random: inout SplitMix64) -> String {
        personName(Int(truncatingIfNeeded: random.next() >> 1) | (1 << 40))
    }

    // MARK: Helpers

    private static func table(weights: [Int]) -> [UInt8] {
        var table: [UInt8] = []
        for (index, weight) in weights.enumerated() {
            table.append(contentsOf: repeatElement(UInt8(index), count: weight))
        }
        return table
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
