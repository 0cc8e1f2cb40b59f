import Testing
@testable import RiskDomain

@Suite struct RecordKindTests {
    /// `ordinal` indexes per-kind arrays in the importer's writer, and `<` (the import order)
    /// is defined by it: each kind must have its own position, the one it has in `allCases`.
    @Test func ordinalIsThePositionInAllCases() {
        for (position, kind) in RecordKind.allCases.enumerated() {
            #expect(kind.ordinal == position, "\(kind)")
        }
        #expect(RecordKind.allCases.sorted() == RecordKind.allCases)
        #expect(RecordKind.companies < .shareholdings && !(RecordKind.labels < .companies))
    }

    @Test func kindFromFileName() {
        #expect(RecordKind(fileName: "Officers.CSV") == .officers)
        #expect(RecordKind(fileName: "officers.tsv") == nil)
        #expect(RecordKind(fileName: "planted.csv") == nil)
    }
}
