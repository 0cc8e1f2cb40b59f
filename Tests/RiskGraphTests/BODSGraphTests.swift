import Foundation
import Testing
import RiskDomain
import RiskGraph
import RiskIngest
import RiskTestSupport

/// BODS 0.4 files read by ``BODSReader``, put into the graph, and the integrated shares
/// checked against the indirect interests the files declare (../shared/data/bods-examples).
@Suite struct BODSGraphTests {
    static func load(_ file: String) throws -> (BODSRecords, EntityGraph, GraphFixture) {
        let url = RepositoryPaths.sharedData("bods-examples").appendingPathComponent(file)
        let records = try BODSReader.read(data: Data(contentsOf: url), sourceName: file)
        let fixture = try GraphFixture()
        fixture.add(records)
        return (records, try fixture.graph(), fixture)
    }

    static func node(_ records: BODSRecords, _ graph: EntityGraph, _ recordID: String) throws -> Int32 {
        let key = try #require(records.identifiers[recordID])
        return try #require(graph.node(forKey: key))
    }

    @Test func finnishStateHoldsGasgridThroughTwoPaths() throws {
        let (records, g, fixture) = try Self.load("bods-package-fi-soe.json")
        _ = fixture
        let gasgrid = try Self.node(records, g, "19f1c5afe9d7")
        let ministry = try Self.node(records, g, "7ff95ba3682c")
        let state = try Self.node(records, g, "05ce06ec97b1")
        #expect(g.name(gasgrid) == "Gasgrid Finland Oy")
        let owners = g.equityPenetration(of: gasgrid, scratch: GraphScratch(for: g)).entries
        let viaMinistry = try #require(owners.first { $0.node == ministry })
        #expect(abs(viaMinistry.integratedPct - 100) < 1e-9)        // 76.5% · 100% + 23.5%
        #expect(viaMinistry.pathCount == 2)
        #expect(viaMinistry.directPct == 23.5)
        // The state controls the ministry (otherInfluenceOrControl, no share): its share is
        // unknown, bounded above by 100%, which is the declared indirect 100%.
        let viaState = try #require(owners.first { $0.node == state })
        #expect(viaState.integratedPct == 0 && viaState.hasUnknownLinks)
        let declared = try #require(records.declaredIndirect.first { $0.holder == g.key(state) })
        #expect(declared.pct == 100)
        #expect(abs(viaState.upperPct - declared.pct!) < 1e-9)
        #expect(records.warnings.contains { $0.contains("otherInfluenceOrControl") })
        // Entities without a Chinese credit code get a synthetic one in region 000000.
        #expect(g.regionCode(gasgrid) == "000000")
        #expect(g.key(gasgrid).hasPrefix("99000000"))
    }

    @Test func twoIndirectHoldingsSumToTheDeclaredSixtyPercent() throws {
        // Person 1 → B (40% of A) and → C (20% of A); the person's own stakes in B and C are unknown.
        let (records, g, fixture) = try Self.load("mutilple-indirect-ownership-2.json")
        _ = fixture
        let a = try Self.node(records, g, "1e049760d6c7")
        let person = try Self.node(records, g, "731c7a8e7601")
        let entry = try #require(g.equityPenetration(of: a, scratch: GraphScratch(for: g)).entries.first { $0.node == person })
        let declared = try #require(records.declaredIndirect.first { $0.holder == g.key(person) })
        #expect(declared.pct == 60)
        #expect(entry.pathCount == 2)
        #expect(abs(entry.upperPct - 60) < 1e-9)       // 40% + 20% when the unknown links are whole
        #expect(entry.integratedPct == 0 && entry.hasUnknownLinks)
    }

    @Test func declaredThirtyPercentIsWithinTheComputedBound() throws {
        // Person 1 → B (share unknown) → A (B holds 60%); declared: Person 1 holds 30% of A.
        let (records, g, fixture) = try Self.load("indirect-ownership.json")
        _ = fixture
        let a = try Self.node(records, g, "ad3f6c2fcc9e")
        let person = try Self.node(records, g, "c25d4d612c2c")
        let entry = try #require(g.equityPenetration(of: a, scratch: GraphScratch(for: g)).entries.first { $0.node == person })
        #expect(entry.paths.map { $0.map { g.name($0) } } == [["Person 1", "Company B", "Company A"]])
        #expect(abs(entry.upperPct - 60) < 1e-9)
        let declared = try #require(records.declaredIndirect.first { $0.holder == g.key(person) })
        #expect(declared.pct == 30)
        #expect(declared.pct! <= entry.upperPct)
        // Company B is a registered entity held by no one: an outside holder only if not held; here it is held.
        #expect(records.companies.count == 2)
        #expect(records.shareholdings.count == 2)
    }

    @Test func multipleIndirectDeclaresSixtyPercentOfB() throws {
        let (records, g, fixture) = try Self.load("multiple-indirect-ownership.json")
        _ = fixture
        let b = try Self.node(records, g, "63e3a8a8946f")
        let person = try Self.node(records, g, "92ebf964a1f6")
        let entry = try #require(g.equityPenetration(of: b, scratch: GraphScratch(for: g)).entries.first { $0.node == person })
        let declared = try #require(records.declaredIndirect.first { $0.holder == g.key(person) })
        #expect(declared.pct == 60)
        #expect(entry.pathCount == 2)
        #expect(declared.pct! <= entry.upperPct)       // C 50% + D 50%, person's stakes unknown
    }

    @Test func readerMapsRangesBoardsAndUpdates() throws {
        let url = RepositoryPaths.sharedData("bods-examples")
        let pep = try BODSReader.read(data: Data(contentsOf: url.appendingPathComponent("simple-pep-declaration.json")), sourceName: "pep")
        #expect(pep.shareholdings.count == 1)
        #expect(pep.warnings.contains { $0.contains("midpoint") })
        let tecido = try BODSReader.read(data: Data(contentsOf: url.appendingPathComponent("tecido.json")), sourceName: "tecido")
        #expect(!tecido.officers.isEmpty)
        #expect(tecido.officers.allSatisfy { $0.role == .chairman })
        #expect(throws: BODSReader.ReadError.self) { try BODSReader.read(data: Data("{}".utf8), sourceName: "x.json") }
        let synthetic = BODSReader.syntheticCreditCode(recordID: "abc")
        #expect(synthetic.map { CreditCode.isValid($0.rawValue) } == true)
        #expect(synthetic == BODSReader.syntheticCreditCode(recordID: "abc"))
    }
}
