import Testing
@testable import RiskSynth

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceStream() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRange() {
        var random = SplitMix64(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = random.below(7)
            #expect((0..<7).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
    }

    @Test func streamsAreIndependentOfDrawOrder() {
        let first = SplitMix64(seed: 9, stream: 100, index: 5)
        var other = SplitMix64(seed: 9, stream: 100, index: 4)
        _ = other.next()
        let again = SplitMix64(seed: 9, stream: 100, index: 5)
        #expect(first.state == again.state)
        #expect(first.state != other.state)
    }
}
