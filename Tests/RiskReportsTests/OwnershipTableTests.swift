import Testing
@testable import RiskReports

/// The dossier's ownership table (股东、直接持股、穿透持股).
@Suite struct OwnershipTableTests {
    /// Found by review (rv16-owners D12): a holder registered without a percentage read "0%"
    /// in the report, and the note explained it with the JSON's field names.
    @Test func anUnknownStakeReadsUnknownWithItsUpperBound() {
        var unknown = OwnerEntry(id: "R3", name: "赵三", kind: .person, integratedPct: 0, directPct: nil, paths: [["R3", "C"]])
        unknown.upperPct = 100
        unknown.directUnknown = true
        #expect(unknown.directText == "未知")
        #expect(unknown.integratedText == "0%（上限 100%）")
        let indirect = OwnerEntry(id: "P1", name: "王", kind: .person, integratedPct: 40.8, directPct: nil, paths: [["P1", "H", "C"]])
        #expect(indirect.directText == "—" && indirect.integratedText == "40.8%")
        let json = ReportJSONEncoder.owners(OwnershipReport(owners: [unknown, indirect]),
                                            company: ReportCompany(creditCode: "C", name: "某公司", regionCode: "330106", score: 0, level: .low,
                                                                   dimensions: DimensionScores(illegalFinance: 0, business: 0, compliance: 0, network: 0), reasons: [], disposition: ""))
            .serialized()
        #expect(json.contains(#""upper_pct": 100"#))
        #expect(json.components(separatedBy: "upper_pct").count == 2)   // only the owner with an unknown link
    }
}
