import Testing
@testable import RiskDomain

@Suite struct LocalDateTests {
    @Test func isoDatesParseAndRoundTrip() throws {
        let date = try #require(LocalDate(iso: "2024-02-29"))
        #expect(date.iso == "2024-02-29")
        #expect(LocalDate(iso: "2023-02-29") == nil, "not a calendar date")
    }

    /// Only ASCII digits: `Int` reads "+1" and "-1", so these were dates.
    @Test(arguments: ["2026-+1-05", "2026-01-+5", "+026-01-05", "2026--1-05", "２０２６-01-05", "2026-1-05", "2026-01-05 "])
    func signsAndOtherDigitsAreNotDates(_ text: String) {
        #expect(LocalDate(iso: text) == nil)
    }
}
