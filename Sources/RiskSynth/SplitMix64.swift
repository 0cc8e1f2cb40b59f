/// A seeded pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// The generator never touches the system's random source, and every draw below is our own
/// arithmetic (no `Int.random(in:using:)`, whose algorithm may change between toolchains),
/// so the same seed gives the same stream on every machine and Swift version.
/// Each draw is O(1).
public struct SplitMix64: Sendable {
    /// The generator's whole state.
    public private(set) var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one independent stream: `stream` names the purpose and `index` the
    /// entity, so that an entity's values never depend on what was drawn before it.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = SplitMix64.hash(seed, stream, index)
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform integer in `0..<bound` (`bound` > 0), by Lemire's multiply-high method
    /// (bias below 2^-40 for the bounds used here).
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    /// A uniform integer in `range`.
    @inline(__always)
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    @inline(__always)
    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A uniformly chosen element of a non-empty array.
    @inline(__always)
    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mixing function.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stateless hash of (seed, stream, index): the per-entity values that must be
    /// recomputable anywhere (a company's region when another company names it as parent).
    @inline(__always)
    public static func hash(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> UInt64 {
        mix(mix(seed &+ 0x632B_E59B_D9B4_E019 &* (stream &+ 1)) ^ (index &* 0x9E37_79B9_7F4A_7C15))
    }
}
