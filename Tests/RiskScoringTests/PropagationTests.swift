import Synchronization
import Foundation
import GRDB
import Testing
import RiskDomain
@testable import RiskGraph
import RiskScoring

/// Propagation and weak ties on hand-built networks (no store), then end to end through the store.
@Suite("Scoring: network propagation")
struct PropagationTests {
    static let asOfDay = LocalDate(year: 2025, month: 1, day: 1)!.dayNumber

    func parameters() throws -> RiskModel.NetworkParameters { try #require(ScoringFixture.defaultScorer).model.network }

    func names(_ i: Int) -> String { ["源", "甲", "乙", "丙", "丁", "戊", "己", "庚"][i] }

    /// Two sources at the score cap with equal ties to a company: the one with more points
    /// behind its score is the source (the credit-code order picked a sales arm over the
    /// company that raised the money; found by review); without weights, the lower position.
    @Test func equalPathsComeFromTheWeightierSource() throws {
        var builder = RiskNetwork.Builder(nodeCount: 3)
        builder.add(0, 2, kind: .sharedLegalRep, via: "张某")
        builder.add(1, 2, kind: .sharedLegalRep, via: "李某")
        let network = builder.build()
        let plain = NetworkPropagation(network: network, ownScores: [90, 90, 0], parameters: try parameters(), asOfDay: Self.asOfDay)
        #expect(plain.source[2] == 0)
        let weighed = NetworkPropagation(network: network, ownScores: [90, 90, 0], parameters: try parameters(), asOfDay: Self.asOfDay,
                                         weight: [150, 265, 0])
        #expect(weighed.source[2] == 1)
        #expect(weighed.value[2] == plain.value[2])
        #expect(weighed.chain(to: 2, network: network, names: names).first?.from == "李某")
    }

    @Test func strongTiesCarryRiskWithDecayAndChain() throws {
        var builder = RiskNetwork.Builder(nodeCount: 4)
        builder.add(0, 1, kind: .commonController, via: "张某")         // 0.95
        builder.add(1, 2, kind: .equity, pct: 60)                        // 0.9 (≥ 50%)
        builder.add(2, 3, kind: .sharedLegalRep, via: "李某")           // 0.8
        let network = builder.build()
        let p = NetworkPropagation(network: network, ownScores: [90, 0, 0, 0], parameters: try parameters(), asOfDay: Self.asOfDay)
        #expect(p.value[0] == 0)                                   // a source gets no network value
        #expect(abs(p.value[1] - 90 * 0.95) < 1e-9)
        #expect(abs(p.value[2] - 90 * 0.95 * 0.9 * 0.8) < 1e-9)   // decay 0.8 after the first hop
        #expect(abs(p.value[3] - 90 * 0.95 * 0.9 * 0.8 * 0.8 * 0.8) < 1e-9)
        #expect(p.source[3] == 0)
        #expect(p.chain(to: 2, network: network, names: names) == [
            ChainLink(from: "张某", relation: "实际控制", to: "源"), ChainLink(from: "张某", relation: "实际控制", to: "甲"),
            ChainLink(from: "甲", relation: "持股 60%", to: "乙"),
        ])
    }

    /// A company first reached by a strong path of `max_hops` links can still pass on risk
    /// it got by a weaker, shorter path: adding the long path must not cut its neighbour off
    /// (it did, when one state per company was kept).
    @Test func aShorterWeakerPathStillCarriesRiskFurther() throws {
        func run(withLongPath: Bool) throws -> (NetworkPropagation, RiskNetwork) {
            var builder = RiskNetwork.Builder(nodeCount: 5)
            builder.add(0, 1, kind: .sharedLegalRep, via: "甲某")
            builder.add(1, 2, kind: .sharedLegalRep, via: "乙某")
            if withLongPath { builder.add(2, 3, kind: .sharedLegalRep, via: "丙某") }
            builder.add(0, 3, kind: .sharedAddress, via: "某路1号")
            builder.add(3, 4, kind: .sharedLegalRep, via: "丁某")
            let network = builder.build()
            return (NetworkPropagation(network: network, ownScores: [90, 0, 0, 0, 0], parameters: try parameters(), asOfDay: Self.asOfDay), network)
        }
        let (with, network) = try run(withLongPath: true), (without, _) = try run(withLongPath: false)
        #expect(try parameters().maxHops == 3)
        // 丙's best path is the strong three-link one (0.8 each, decay 0.8 after the first) …
        #expect(abs(with.value[3] - 90 * 0.8 * 0.8 * 0.8 * 0.8 * 0.8) < 1e-9)
        #expect(with.hops[3] == 3)
        // … and 丁, one link further, is reached through 丙's one-link address tie.
        #expect(abs(with.value[4] - 90 * 0.25 * 0.8 * 0.8) < 1e-9)
        #expect(with.value[4] == without.value[4])
        #expect(with.predecessors(of: 4) == [3, 0])
        let chain = with.chain(to: 4, network: network, names: names)
        #expect(chain.first?.from == "源" && chain.last?.to == "丁" && !chain.contains { $0.to == "乙" || $0.from == "乙" }, "\(chain)")
    }

    /// Scoring a past date uses the ties as they were then: one that began later carries no
    /// risk, and one that ended later counts at full weight (it was current then).
    @Test func tiesAreTakenAsTheyWereAtTheAsOfDate() throws {
        var builder = RiskNetwork.Builder(nodeCount: 3)
        builder.add(0, 1, kind: .sharedLegalRep, via: "甲某", since: LocalDate(year: 2025, month: 6, day: 1))
        builder.add(0, 2, kind: .sharedLegalRep, until: LocalDate(year: 2026, month: 1, day: 1), via: "乙某",
                    since: LocalDate(year: 2020, month: 1, day: 1))
        let network = builder.build()
        let then = NetworkPropagation(network: network, ownScores: [90, 0, 0], parameters: try parameters(), asOfDay: Self.asOfDay)
        #expect(then.value[1] == 0, "the tie to 甲 began after 2025-01-01")
        #expect(abs(then.value[2] - 90 * 0.8) < 1e-9, "the tie to 乙 was current on 2025-01-01")
        let later = LocalDate(year: 2026, month: 6, day: 1)!.dayNumber
        let now = NetworkPropagation(network: network, ownScores: [90, 0, 0], parameters: try parameters(), asOfDay: later)
        #expect(abs(now.value[1] - 90 * 0.8) < 1e-9)
        #expect(now.value[2] > 0 && now.value[2] < 90 * 0.8 * 0.5 + 1e-9, "a former tie: half weight or less")
    }

    /// End to end from the store: a legal representative's office that began after the as-of
    /// date ties nothing then (the graph's `since` reaches the network).
    @Test func anOfficeThatBeganLaterTiesNothingThen() throws {
        let f = try ScoringFixture()
        let source = ScoringFixture.code(1), other = ScoringFixture.code(2)
        try f.company(source, "杭州某某财富管理有限公司")
        try f.litigation("（2024）浙0106刑初88号", source, role: "defendant", cause: "非法吸收公众存款罪", filed: "2024-06-01", caseType: "criminal")
        try f.company(other, "杭州某某贸易有限公司")
        try f.officer(source, person: "P1", name: "陈某", role: "legal_rep", since: "2015-01-01")
        try f.officer(other, person: "P1", name: "陈某", role: "legal_rep", since: "2025-06-01")
        func network(asOf: LocalDate) throws -> Double {
            let result = try #require(try f.score([other], asOf: asOf).result(other))
            return result.dimensions[3]
        }
        #expect(try network(asOf: LocalDate(year: 2025, month: 1, day: 1)!) == 0)
        #expect(try network(asOf: LocalDate(year: 2025, month: 12, day: 1)!) > 0)
    }

    @Test func weakTiesStayLow() throws {
        let p = try parameters()
        var builder = RiskNetwork.Builder(nodeCount: 5)
        builder.add(0, 1, kind: .commonShareholder, pct: 5, via: "小股东王某")        // a minority holder's restaurant
        builder.add(0, 2, kind: .sharedLegalRep, until: LocalDate(year: 2019, month: 1, day: 1), via: "离任周某") // left six years ago
        builder.add(2, 3, kind: .equity, pct: 100)
        builder.add(0, 4, kind: .equity, pct: 3)                                       // a small portfolio stake
        let network = builder.build()
        let result = NetworkPropagation(network: network, ownScores: [95, 0, 0, 0, 0], parameters: p, asOfDay: Self.asOfDay)
        for i in 1...4 { #expect(result.value[i] < 10, "node \(i) got \(result.value[i])") }
        // Scored: even with the highest weights the combined score stays low (< 40).
        let model = try #require(ScoringFixture.defaultScorer).model
        for i in 1...4 {
            var dims = [0.0, 0, 0, 0]
            dims[3] = RiskModel.Scoring.curve([(0, 0), (100, 100)]).points(for: result.value[i])
            #expect(model.band(for: model.combine(dims)).level == "low")
        }
    }

    /// Review 11 (L1): `曹俊俊 —持股→ 苏州鼎鑫；曹俊俊 —持股→ 宁波卓云远` hid the 5% that makes the tie weak.
    @Test func commonShareholderChainShowsTheSmallerStake() throws {
        let f = try ScoringFixture()
        let wealth = ScoringFixture.code(30, region: "320505"), restaurant = ScoringFixture.code(31, region: "330203")
        let twinA = ScoringFixture.code(32, region: "330106"), twinB = ScoringFixture.code(33, region: "330106")
        try f.company(wealth, "苏州某某财富管理有限公司")
        try f.company(restaurant, "宁波某某餐饮管理有限公司")
        try f.company(twinA, "杭州甲商贸有限公司")
        try f.company(twinB, "杭州乙商贸有限公司")
        try f.holding(wealth, holder: "P9", name: "曹某", pct: 5)
        try f.holding(restaurant, holder: "P9", name: "曹某", pct: 100)
        try f.holding(twinA, holder: "P8", name: "钱某", pct: 30)
        try f.holding(twinB, holder: "P8", name: "钱某", pct: 30)
        let network = try f.network(model: try ScoringFixture.model())
        let companies = try f.database.writer.read { db in try CompanyIndex.load(db) }
        let names = Dictionary(uniqueKeysWithValues: [wealth, restaurant, twinA, twinB].compactMap { code in
            companies.position(of: code).map { ($0, code) }
        })
        func chain(_ from: String, _ to: String) throws -> [RiskScoring.ChainLink] {
            let node = try #require(companies.position(of: from)), other = try #require(companies.position(of: to))
            let tie = try #require(network.ties(of: node).first { Int(network.other[$0]) == other && network.kind[$0] == .commonShareholder })
            return network.chain(from: node, tie: tie, names: { names[$0] ?? "?" })
        }
        // From either end, the 5% is written on the link of the company it is held in.
        #expect(try chain(restaurant, wealth) == [ChainLink(from: "曹某", relation: "持股", to: restaurant),
                                                   ChainLink(from: "曹某", relation: "持股 5%", to: wealth)])
        #expect(try chain(wealth, restaurant) == [ChainLink(from: "曹某", relation: "持股 5%", to: wealth),
                                                   ChainLink(from: "曹某", relation: "持股", to: restaurant)])
        // Equal stakes: both links carry them.
        #expect(try chain(twinA, twinB) == [ChainLink(from: "钱某", relation: "持股 30%", to: twinA),
                                             ChainLink(from: "钱某", relation: "持股 30%", to: twinB)])
        #expect(try chain(twinB, twinA) == [ChainLink(from: "钱某", relation: "持股 30%", to: twinB),
                                             ChainLink(from: "钱某", relation: "持股 30%", to: twinA)])
    }

    /// Found by review (rv16-names D4): two persons of one name (P1 holds 远山 and 近水, P2 is
    /// 近水's and 鼎盛's legal representative) were written 张三 in every chain, one person to
    /// the reader linking 远山 to 鼎盛. Vias of one name are written with their ids; a name
    /// only one via bears stays as it is.
    @Test func twoPersonsOfOneNameAreWrittenWithTheirIDs() throws {
        let f = try ScoringFixture()
        let far = ScoringFixture.code(50), near = ScoringFixture.code(51), wealth = ScoringFixture.code(52, region: "320505")
        try f.company(far, "杭州远山贸易有限公司")
        try f.company(near, "杭州近水商贸有限公司")
        try f.company(wealth, "苏州鼎盛财富管理有限公司")
        try f.holding(far, holder: "P1", name: "张三", pct: 60)
        try f.holding(near, holder: "P1", name: "张三", pct: 60)
        try f.officer(near, person: "P2", name: "张三", role: "legal_rep")
        try f.officer(wealth, person: "P2", name: "张三", role: "legal_rep")
        try f.officer(far, person: "P7", name: "王五", role: "supervisor")
        try f.officer(wealth, person: "P7", name: "王五", role: "supervisor")
        let network = try f.network(model: try ScoringFixture.model())
        let companies = try f.database.writer.read { db in try CompanyIndex.load(db) }
        func via(_ from: String, _ to: String, _ kind: TieKind) throws -> String {
            let node = try #require(companies.position(of: from)), other = try #require(companies.position(of: to))
            let tie = try #require(network.ties(of: node).first { Int(network.other[$0]) == other && network.kind[$0] == kind })
            return try #require(network.chain(from: node, tie: tie, names: { _ in "" }).first?.from)
        }
        #expect(try via(far, near, .commonController) == "张三（P1）")
        #expect(try via(near, wealth, .sharedLegalRep) == "张三（P2）")
        #expect(try via(far, wealth, .sharedExecutive) == "王五")
    }

    /// A person who left one company and still serves the other: only the link to the company
    /// they left is 曾任 with its end (both links read 曾任…（至 the earlier end）, so the
    /// current officer looked gone; found by review). The tie is still former for its weight.
    @Test func aSharedOfficerChainWritesEachSideWithItsOwnEnd() throws {
        let f = try ScoringFixture()
        let left = ScoringFixture.code(40), serving = ScoringFixture.code(41, region: "310115")
        try f.company(left, "杭州甲贸易有限公司")
        try f.company(serving, "上海乙投资管理有限公司")
        try f.officer(left, person: "P-WANG", name: "王某", role: "supervisor", since: "2015-01-01", until: "2022-01-01")
        try f.officer(serving, person: "P-WANG", name: "王某", role: "supervisor", since: "2019-01-01")
        let network = try f.network(model: try ScoringFixture.model())
        let companies = try f.database.writer.read { db in try CompanyIndex.load(db) }
        let a = try #require(companies.position(of: left)), b = try #require(companies.position(of: serving))
        let names = [a: "甲", b: "乙"]
        let tie = try #require(network.ties(of: a).first { Int(network.other[$0]) == b && network.kind[$0] == .sharedExecutive })
        #expect(network.chain(from: a, tie: tie, names: { names[$0] ?? "?" }, asOfDay: Self.asOfDay)
                == [ChainLink(from: "王某", relation: "曾任董监高（至2022-01-01）", to: "甲"), ChainLink(from: "王某", relation: "任董监高", to: "乙")])
        let back = try #require(network.ties(of: b).first { Int(network.other[$0]) == a && network.kind[$0] == .sharedExecutive })
        #expect(network.chain(from: b, tie: back, names: { names[$0] ?? "?" }, asOfDay: Self.asOfDay)
                == [ChainLink(from: "王某", relation: "任董监高", to: "乙"), ChainLink(from: "王某", relation: "曾任董监高（至2022-01-01）", to: "甲")])
        // Before the person left, both links were current.
        let before = LocalDate(year: 2021, month: 6, day: 1)!.dayNumber
        #expect(network.chain(from: a, tie: tie, names: { names[$0] ?? "?" }, asOfDay: before).map(\.relation) == ["任董监高", "任董监高"])
        // The tie is former for its weight (the earlier end).
        let p = try parameters()
        #expect(network.weight(tie, parameters: p, asOfDay: Self.asOfDay) < (p.weights[.sharedExecutive] ?? 0) * 0.5)
    }

    @Test func formerLinksFadeWithAge() throws {
        let p = try parameters()
        var builder = RiskNetwork.Builder(nodeCount: 3)
        builder.add(0, 1, kind: .sharedLegalRep, until: LocalDate(year: 2024, month: 1, day: 1), via: "甲某")
        builder.add(0, 2, kind: .sharedLegalRep, until: LocalDate(year: 2020, month: 1, day: 1), via: "乙某")
        let network = builder.build()
        let result = NetworkPropagation(network: network, ownScores: [100, 0, 0], parameters: p, asOfDay: Self.asOfDay)
        #expect(result.value[1] > result.value[2])
        #expect(result.value[1] < 100 * 0.8 * 0.5)   // a former link starts at half weight
        #expect(network.chain(from: 0, tie: 0, names: names).first?.relation == "曾任法定代表人（至2024-01-01）")
    }

    @Test func hubsReceiveButDoNotRelay() throws {
        let p = try parameters()
        // Node 1 ties to the source and to hubDegree + 1 others: it receives but does not relay.
        let others = p.hubDegree + 1
        var builder = RiskNetwork.Builder(nodeCount: 2 + others)
        builder.add(0, 1, kind: .commonController, via: "控制人")
        for k in 0..<others { builder.add(1, 2 + k, kind: .commonController, via: "代理人") }
        let result = NetworkPropagation(network: builder.build(), ownScores: [90] + Array(repeating: 0, count: 1 + others), parameters: p, asOfDay: Self.asOfDay)
        #expect(result.value[1] > 80)
        #expect(result.value[2] == 0)
    }

    @Test func sharedContactsThroughHubsAreDiscounted() throws {
        let p = try parameters()
        var builder = RiskNetwork.Builder(nodeCount: 3)
        builder.add(0, 1, kind: .sharedAddress, via: "某路1号")
        builder.add(0, 2, kind: .sharedAddress, via: "某路2号", hub: true)
        let result = NetworkPropagation(network: builder.build(), ownScores: [100, 0, 0], parameters: p, asOfDay: Self.asOfDay)
        #expect(abs(result.value[1] - 25) < 1e-9)
        #expect(abs(result.value[2] - 25 * 0.3) < 1e-9)
    }

    @Test func bestPathWinsAndOutputIsDeterministic() throws {
        var builder = RiskNetwork.Builder(nodeCount: 4)
        builder.add(0, 3, kind: .sharedPhone, via: "0571-1")
        builder.add(1, 3, kind: .sharedLegalRep, via: "钱某")
        builder.add(2, 3, kind: .sharedLegalRep, via: "孙某")
        let network = builder.build()
        let result = NetworkPropagation(network: network, ownScores: [100, 80, 80, 0], parameters: try parameters(), asOfDay: Self.asOfDay)
        // 80 × 0.8 = 64 beats 100 × 0.35 = 35; equal values go to the smaller source.
        #expect(abs(result.value[3] - 64) < 1e-9)
        #expect(result.source[3] == 1)
    }

    @Test func endToEndLinkedWarningWithOtherCityAndChain() throws {
        let f = try ScoringFixture()
        let source = ScoringFixture.code(10, region: "330106")   // Hangzhou
        let affiliate = ScoringFixture.code(11, region: "310115") // Shanghai: 异地
        let restaurant = ScoringFixture.code(12, region: "330106")
        let listed = ScoringFixture.code(13, region: "330106")
        try f.company(source, "杭州鑫盛财富管理有限公司", scope: "财富管理")
        try f.company(affiliate, "上海盛通贸易有限公司", scope: "日用百货销售")
        try f.company(restaurant, "杭州小馆餐饮店", scope: "餐饮服务")
        try f.company(listed, "杭州某某科技有限公司", scope: "软件开发")
        try f.litigation("（2024）浙0106刑初1号", source, role: "defendant", cause: "集资诈骗罪")
        try f.holding(source, holder: "P1", name: "陈某", pct: 80)
        try f.holding(affiliate, holder: "P1", name: "陈某", pct: 70)
        try f.holding(source, holder: "P2", name: "小股东", pct: 5)
        try f.holding(restaurant, holder: "P2", name: "小股东", pct: 100)
        try f.officer(listed, person: "P3", name: "周某", role: "legal_rep", until: "2018-01-01")
        try f.officer(source, person: "P3", name: "周某", role: "legal_rep")

        let report = try f.score([source, listed])
        #expect(report.result(source)?.level == "high")
        #expect(report.result(listed)?.level == "low")            // an officer who left years ago
        #expect(report.linked.map(\.creditCode) == [affiliate])    // the restaurant stays out
        let warning = try #require(report.linked.first)
        #expect(warning.otherCity)
        #expect(warning.via == source)
        // Direct majority stakes are written as the register shows them, 控股.
        #expect(warning.chain == [ChainLink(from: "陈某", relation: "控股", to: "杭州鑫盛财富管理有限公司"),
                                  ChainLink(from: "陈某", relation: "控股", to: "上海盛通贸易有限公司")])
        // Source 90 (illegal_finance 100 × 0.9); 90 × 0.95 = 85.5 network; 0.9 × 85.5 = 76.95 → 77.
        #expect(warning.score == 77)
        // The reason names the source once (it read 关联高危企业：关联高危企业 …).
        let network = try #require(try f.score([affiliate]).result(affiliate)?.reasons.first { $0.indicator == "network_risk" })
        #expect(network.description == "关联高危企业：杭州鑫盛财富管理有限公司（90分）")
    }

    /// Scoring a past date: a company founded after it did not exist then. A list row naming
    /// it is not scored (`not_established`, with the founding date), it neither receives nor
    /// passes on risk, and a screening leaves it out (it was scored through a shared phone,
    /// and its revoked status gave points; found by review).
    @Test func aCompanyFoundedAfterTheAsOfDateIsNotScoredAndCarriesNoRisk() throws {
        let f = try ScoringFixture()
        let source = ScoringFixture.code(30, region: "330106"), later = ScoringFixture.code(31, region: "330106")
        let beyond = ScoringFixture.code(32, region: "310115")
        try f.company(source, "杭州某某财富管理有限公司", scope: "财富管理", phone: "0571-1234")
        try f.company(later, "杭州后来商贸有限公司", status: "revoked", established: "2026-01-06", phone: "0571-1234")
        try f.company(beyond, "上海某某商贸有限公司")
        try f.holding(later, holder: "P9", name: "王某", pct: 60)
        try f.holding(beyond, holder: "P9", name: "王某", pct: 60)
        try f.litigation("（2024）浙0106刑初9号", source, role: "defendant", cause: "非法吸收公众存款罪")
        let past = try f.score([source, later, beyond], asOf: LocalDate(iso: "2025-06-30"))
        #expect(past.result(source)?.level == "high")
        #expect(past.result(later) == nil)
        let row = try #require(past.unmatched.first { $0.creditCode == later })
        #expect(row.reason == "not_established" && row.established == LocalDate(iso: "2026-01-06") && row.line == 3)
        #expect(past.linked.isEmpty)
        // The shared phone is the only path to the Shanghai company: it does not pass through
        // a company that did not exist.
        #expect(past.result(beyond)?.reasons.allSatisfy { $0.indicator != "network_risk" } == true)
        #expect(past.table(model: try ScoringFixture.model()).contains("not established by the as-of date (founded 2026-01-06), not scored"))
        // As of a date after its founding it is scored, and the risk reaches Shanghai through it.
        let now = try f.score([source, later, beyond], asOf: LocalDate(iso: "2026-06-30"))
        #expect(now.result(later)?.reasons.contains { $0.indicator == "network_risk" } == true)
        #expect(now.result(beyond)?.reasons.contains { $0.indicator == "network_risk" } == true)
        // A screening as of the past date has no row for it.
        let scorer = RiskScorer(model: try ScoringFixture.model(), asOf: try #require(LocalDate(iso: "2025-06-30")))
        let graph = try EntityGraph.build(from: f.database)
        let screening = try f.database.writer.read { db in try scorer.scoreAll(db, fingerprint: "f", limit: 10, graph: graph) }
        #expect(!screening.all.codes.contains(later) && screening.all.codes.count == 2)
        #expect(!screening.report.results.contains { $0.creditCode == later })
    }

    /// A holding company founded after the as-of date ties nothing then: its two majority
    /// stakes (no `since`) made a 控股 tie that carried a source's 90 to a purifier seller,
    /// 77 高危, as of a date before the holding company existed (found by review).
    @Test func aHoldingCompanyFoundedAfterTheAsOfDateTiesNothing() throws {
        let f = try ScoringFixture()
        let source = ScoringFixture.code(40, region: "330106"), plain = ScoringFixture.code(41, region: "330106")
        let holding = ScoringFixture.code(42, region: "330106")
        try f.company(source, "杭州戊财富管理有限公司", scope: "财富管理")
        try f.company(plain, "杭州甲净水科技有限公司", scope: "净水设备销售")
        try f.company(holding, "杭州壬控股有限公司", established: "2026-01-01", scope: "控股")
        try f.holding(source, holder: holding, name: "杭州壬控股有限公司", type: "company", pct: 60)
        try f.holding(plain, holder: holding, name: "杭州壬控股有限公司", type: "company", pct: 60)
        try f.litigation("（2024）浙0106刑初8号", source, role: "defendant", cause: "非法吸收公众存款罪")
        let then = try f.score([plain], asOf: LocalDate(iso: "2025-06-01"))
        #expect(then.result(plain)?.reasons.contains { $0.indicator == "network_risk" } == false)
        #expect(then.result(plain)?.level == "low")
        let now = try f.score([plain], asOf: LocalDate(iso: "2026-06-30"))
        #expect(now.result(plain)?.reasons.contains { $0.indicator == "network_risk" } == true)
    }

    @Test func networkSkipsMassRegistrationGroups() throws {
        let f = try ScoringFixture()
        let model = try #require(ScoringFixture.defaultScorer).model
        let count = model.network.maxGroup + 1
        for n in 0..<count { try f.company(ScoringFixture.code(100 + n), "公司\(n)", address: "集中登记地址1号") }
        try f.company(ScoringFixture.code(200), "公司甲", phone: "0571-8888")
        try f.company(ScoringFixture.code(201), "公司乙", phone: "0571-8888")
        let network = try f.network(model: model)
        #expect(network.kind.filter { $0 == .sharedAddress }.isEmpty)
        #expect(network.kind.filter { $0 == .sharedPhone }.count == 2)  // one tie, both directions
    }

    /// Suzhou holding company H (90% 冯某) → operating company O (80%, a criminal fundraising
    /// case) and Wuhan intermediate M (100%) → Wuhan trading company T (70%, its dates given).
    static let holding = ScoringFixture.code(20, region: "320505"), operating = ScoringFixture.code(21, region: "320505")
    static let intermediate = ScoringFixture.code(22, region: "420106"), trading = ScoringFixture.code(23, region: "420106")
    static func holdingGroup(_ f: ScoringFixture, tradingSince: String? = nil, tradingUntil: String? = nil) throws {
        try f.company(holding, "苏州某某控股集团有限公司", scope: "实业投资")
        try f.company(operating, "苏州某某财富管理有限公司", scope: "财富管理")
        try f.company(intermediate, "武汉某某实业有限公司", scope: "日用百货销售")
        try f.company(trading, "武汉某某商贸有限公司", scope: "日用百货销售")
        try f.litigation("（2025）苏0505刑初1号", operating, role: "defendant", cause: "集资诈骗罪")
        try f.holding(holding, holder: "P1", name: "冯某", pct: 90)
        try f.holding(operating, holder: holding, name: "苏州某某控股集团有限公司", type: "company", pct: 80)
        try f.holding(intermediate, holder: holding, name: "苏州某某控股集团有限公司", type: "company", pct: 100)
        try f.holding(trading, holder: intermediate, name: "武汉某某实业有限公司", type: "company", pct: 70,
                      since: tradingSince, until: tradingUntil)
    }

    @Test func controllerThroughAHoldingCompanyTiesTheWholeGroup() throws {
        let f = try ScoringFixture()
        let holding = Self.holding, operating = Self.operating, trading = Self.trading
        let portfolio = ScoringFixture.code(24, region: "330106")
        try Self.holdingGroup(f)
        try f.company(portfolio, "杭州某某机械有限公司", scope: "机械设备销售")
        try f.holding(portfolio, holder: holding, name: "苏州某某控股集团有限公司", type: "company", pct: 2)

        let network = try f.network(model: try ScoringFixture.model())
        // 冯某 controls the operating and the trading company through two holding companies.
        let companies = try f.database.writer.read { db in try CompanyIndex.load(db) }
        let o = try #require(companies.position(of: operating)), t = try #require(companies.position(of: trading))
        let tie = try #require(network.ties(of: o).first { Int(network.other[$0]) == t && network.kind[$0] == .commonController })
        #expect(network.viaNames[Int(network.via[tie])] == "冯某")
        // The 2% stake ties the portfolio company only by equity or common holder, at 2%.
        #expect(network.ties(of: try #require(companies.position(of: portfolio))).allSatisfy {
            (network.kind[$0] == .equity || network.kind[$0] == .commonShareholder) && network.pct[$0] <= 2
        })

        let report = try f.score([operating])
        #expect(report.result(operating)?.level == "high")
        let warned = Dictionary(uniqueKeysWithValues: report.linked.map { ($0.creditCode, $0) })
        let warning = try #require(warned[trading])
        #expect(warning.otherCity && warning.via == operating)
        #expect(warning.chain == [ChainLink(from: "冯某", relation: "实际控制", to: "苏州某某财富管理有限公司"),
                                  ChainLink(from: "冯某", relation: "实际控制", to: "武汉某某商贸有限公司")])
        #expect(warned[portfolio] == nil)   // a 2% portfolio stake carries no risk
        // Only 冯某, whom the controller walk found, is written 实际控制.
        let links = report.linked.flatMap(\.chain)
        #expect(links.filter { $0.relation == "实际控制" }.allSatisfy { $0.from == "冯某" }, "\(links)")
    }

    /// A holding company with two 60% holders (a transfer exported without the seller's
    /// `until`): the controller walk took the holder the rows met first, so swapping two
    /// unrelated rows of shareholdings.csv changed a company's controller tie, score and level
    /// under the same data fingerprint (found by review). The holder with the smaller key is
    /// taken, in every row order, as `owners` names it.
    @Test func twoEqualMajorityHoldersAreResolvedByKeyNotRowOrder() throws {
        let first = ScoringFixture.code(31), second = ScoringFixture.code(32)
        let holding = ScoringFixture.code(33), held = ScoringFixture.code(34)
        func controllerTie(reversed: Bool) throws -> (to: String, via: String)? {
            let f = try ScoringFixture()
            for (code, name) in [(first, "甲有限公司"), (second, "乙有限公司"), (holding, "丙控股有限公司"), (held, "丁有限公司")] {
                try f.company(code, name)
            }
            var rows: [(String, String, String, String)] = [(first, "P901", "甲某", "person"), (second, "P902", "乙某", "person"),
                                                           (holding, "P901", "甲某", "person"), (holding, "P902", "乙某", "person")]
            if reversed { rows.reverse() }
            for (company, holder, name, type) in rows { try f.holding(company, holder: holder, name: name, type: type, pct: 60) }
            try f.holding(held, holder: holding, name: "丙控股有限公司", type: "company", pct: 100)
            let network = try f.network(model: try ScoringFixture.model())
            let companies = try f.database.writer.read { db in try CompanyIndex.load(db) }
            let position = try #require(companies.position(of: held))
            let ties = network.ties(of: position).filter { network.kind[$0] == .commonController && network.via[$0] >= 0 }
            guard let tie = ties.first(where: { [first, second].contains(companies.codes[Int(network.other[$0])]) }) else { return nil }
            return (companies.codes[Int(network.other[tie])], network.viaNames[Int(network.via[tie])])
        }
        let forward = try #require(try controllerTie(reversed: false)), backward = try #require(try controllerTie(reversed: true))
        #expect(forward.to == first && forward.via == "甲某")
        #expect(backward.to == first && backward.via == "甲某")
    }

    /// A person and a company with the same majority share: the person, as `owners` takes
    /// it (credit codes sort before person ids, so the smaller key took the company; found
    /// by review of the fix above).
    @Test func aPersonBeforeACompanyOfTheSameMajorityShare() throws {
        let f = try ScoringFixture()
        let other = ScoringFixture.code(35), held = ScoringFixture.code(36), sister = ScoringFixture.code(37), parent = ScoringFixture.code(38)
        try f.company(other, "戊控股有限公司"); try f.company(held, "己有限公司"); try f.company(sister, "庚有限公司"); try f.company(parent, "辛有限公司")
        try f.holding(held, holder: other, name: "戊控股有限公司", type: "company", pct: 60)
        try f.holding(held, holder: "P905", name: "戊某", type: "person", pct: 60)
        try f.holding(sister, holder: "P905", name: "戊某", type: "person", pct: 70)
        try f.holding(other, holder: "P906", name: "己某", type: "person", pct: 70)
        try f.holding(parent, holder: "P906", name: "己某", type: "person", pct: 70)
        let network = try f.network(model: try ScoringFixture.model())
        let companies = try f.database.writer.read { db in try CompanyIndex.load(db) }
        let position = try #require(companies.position(of: held))
        let vias = network.ties(of: position).filter { network.kind[$0] == .commonController && network.via[$0] >= 0 }
            .map { network.viaNames[Int(network.via[$0])] }
        #expect(vias.contains("戊某") && !vias.contains("己某"), "\(vias)")
    }

    /// One holder's majority stakes are written 控股 (the register's fact), not 实际控制: a
    /// holding company's own controller may be someone else, whom the owners report names as
    /// 实际控制人 (the chain said 实际控制 for the holding company; found by review). Ties the
    /// controller walk made (no share) stay 实际控制.
    @Test func majorityStakeTiesAreWrittenAsHoldingsNotControl() {
        var builder = RiskNetwork.Builder(nodeCount: 3)
        builder.add(0, 1, kind: .commonController, pct: 80, via: "某某控股集团有限公司")
        builder.add(0, 2, kind: .commonController, until: LocalDate(iso: "2020-01-01"), via: "张某")
        let network = builder.build()
        let stake = network.ties(of: 0).first { network.other[$0] == 1 }!, walk = network.ties(of: 0).first { network.other[$0] == 2 }!
        #expect(network.chain(from: 0, tie: stake, names: names) == [
            ChainLink(from: "某某控股集团有限公司", relation: "控股", to: "源"), ChainLink(from: "某某控股集团有限公司", relation: "控股", to: "甲")])
        #expect(network.chain(from: 0, tie: walk, names: names) == [
            ChainLink(from: "张某", relation: "曾实际控制（至2020-01-01）", to: "源"), ChainLink(from: "张某", relation: "曾实际控制（至2020-01-01）", to: "乙")])
    }

    /// Actual control is read at the as-of date, as every other tie is: a holding company's
    /// stake bought after it controlled nothing then, and one sold after it still did (the
    /// controller walk used today's links; found by review).
    @Test func controlThroughAHoldingCompanyIsReadAtTheAsOfDate() throws {
        func warnings(since: String?, until: String?, asOf: String) throws -> [String: LinkedWarning] {
            let f = try ScoringFixture()
            try Self.holdingGroup(f, tradingSince: since, tradingUntil: until)
            let report = try f.score([Self.operating], asOf: LocalDate(iso: asOf))
            return Dictionary(uniqueKeysWithValues: report.linked.map { ($0.creditCode, $0) })
        }
        let trading = Self.trading
        let controlled = [ChainLink(from: "冯某", relation: "实际控制", to: "苏州某某财富管理有限公司"),
                          ChainLink(from: "冯某", relation: "实际控制", to: "武汉某某商贸有限公司")]
        // Bought on 2026-01-01: not controlled as of 2025-06-30, controlled as of 2026-06-30.
        #expect(try warnings(since: "2026-01-01", until: nil, asOf: "2025-06-30")[trading]?.chain != controlled)
        #expect(try warnings(since: "2026-01-01", until: nil, asOf: "2026-06-30")[trading]?.chain == controlled)
        // Sold on 2026-01-01: controlled as of 2025-06-30 (and not called former then), not after.
        #expect(try warnings(since: nil, until: "2026-01-01", asOf: "2025-06-30")[trading]?.chain == controlled)
        #expect(try warnings(since: nil, until: "2026-01-01", asOf: "2026-06-30")[trading]?.chain != controlled)
    }

    @Test func aListScoresLikeTheWholeProvince() throws {
        let f = try ScoringFixture()
        let source = ScoringFixture.code(30), sister = ScoringFixture.code(31, region: "310115"), other = ScoringFixture.code(32)
        let far = ScoringFixture.code(33)
        try f.company(source, "杭州某某财富管理有限公司", scope: "财富管理", phone: "0571-1")
        try f.company(sister, "上海某某贸易有限公司", phone: "0571-1")
        try f.company(other, "杭州某某科技有限公司", scope: "软件开发")
        try f.company(far, "杭州某某餐饮有限公司", scope: "餐饮服务")
        try f.product(source, "稳盈宝", yield: 15, guaranteed: true, channel: "offline_seminar", investors: 900)
        try f.litigation("（2024）浙0106刑初2号", source, role: "defendant", cause: "非法吸收公众存款罪")
        try f.officer(sister, person: "P9", name: "王某", role: "legal_rep")
        try f.officer(other, person: "P9", name: "王某", role: "supervisor")
        let scorer = try #require(ScoringFixture.defaultScorer)
        let list = try f.score([sister, other, far])
        let graph = try EntityGraph.build(from: f.database)
        let all = try f.database.writer.read { db in try scorer.scoreAll(db, fingerprint: "", limit: 4, graph: graph) }
        for result in list.results {
            #expect(all.report.results.first { $0.creditCode == result.creditCode }?.score == result.score)
        }
        #expect(list.result(sister)?.dimensions[3] ?? 0 > 0)
    }

    /// Companies tied in pairs by one person (legal rep of the even one, `otherRole` of the
    /// odd one) and in threes by a phone; every other one has 财富管理 in its scope.
    static func pairedCompanies(_ f: ScoringFixture, tags: ClosedRange<Int>, person: String, phone: String,
                                otherRole: String) throws -> [String] {
        let codes = tags.map { ScoringFixture.code($0) }
        for (i, code) in codes.enumerated() {
            try f.company(code, "杭州某某\(i)财富管理有限公司", scope: i % 2 == 0 ? "财富管理" : "软件开发", phone: "\(phone)\(i / 3)")
            try f.officer(code, person: "\(person)\(i / 2)", name: "某\(i / 2)", role: i % 2 == 0 ? "legal_rep" : otherRole)
        }
        return codes
    }

    /// A neighbourhood read half on a second connection scores exactly as one read on one.
    @Test func twoConnectionsScoreLikeOne() throws {
        let f = try ScoringFixture()
        let codes = try Self.pairedCompanies(f, tags: 40...47, person: "P", phone: "0571-", otherRole: "supervisor")
        try f.product(codes[0], "稳盈宝", yield: 15, guaranteed: true, channel: "offline_seminar", investors: 900)
        try f.litigation("（2024）浙0106刑初9号", codes[0], role: "defendant", cause: "非法吸收公众存款罪")
        try f.product(codes[5], "月月盈", yield: 12, guaranteed: true, channel: "app", investors: 300)
        var scorer = try #require(ScoringFixture.defaultScorer)
        let graph = try EntityGraph.build(from: f.database)
        let list = WatchList(entries: [codes[1], codes[6]].enumerated().map { index, code in
            WatchList.Entry(line: index + 2, creditCode: code, name: nil, input: [("credit_code", code)])
        })
        func score(reader: (any DatabaseReader)?) throws -> ScoreReport {
            try f.database.writer.read { db in try scorer.scoreList(db, list: list, fingerprint: "f", graph: graph, reader: reader) }
        }
        let one = try score(reader: nil)
        scorer.parallelRowsMinimum = 1
        let two = try score(reader: f.database.writer)
        #expect(try two.json().serialized() == one.json().serialized())
        // The halves meet: codes[1] (first half) is scored through codes[0]'s products and
        // case, codes[6] (second half) through codes[5]'s or codes[0]'s, by shared people and phones.
        #expect(two.result(codes[1])?.dimensions[3] ?? 0 > 0)
        #expect(two.results.count == 2)
    }

    /// The record flags the graph keeps (which companies have rows in which table) only
    /// spare probes: the list scores byte for byte as without them, and a graph built before
    /// a later import is not trusted for them.
    @Test func recordFlagsSpareProbesNotResults() throws {
        let f = try ScoringFixture()
        let codes = try Self.pairedCompanies(f, tags: 50...57, person: "Q", phone: "0571-9", otherRole: "director")
        try f.product(codes[0], "稳盈宝", yield: 15, guaranteed: true, channel: "offline_seminar", investors: 900)
        try f.litigation("（2024）浙0106刑初19号", codes[0], role: "defendant", cause: "非法吸收公众存款罪")
        try f.compliance(codes[2], "abnormal_operation", reason: "通过登记的住所或者经营场所无法联系")
        try f.news("N50", codes[4], title: "某某财富管理公司涉嫌非法集资被立案", sentiment: -0.9)
        var scorer = try #require(ScoringFixture.defaultScorer)
        scorer.parallelRowsMinimum = 1
        let graph = try EntityGraph.build(from: f.database)
        #expect(graph.recordTables(of: try #require(graph.node(forKey: codes[0]))) == [.litigation, .product])
        #expect(graph.recordTables(of: try #require(graph.node(forKey: codes[2]))) == [.compliance])
        #expect(graph.recordTables(of: try #require(graph.node(forKey: codes[1]))) == [])
        var flagless = graph
        flagless.companyRecords = []
        let list = WatchList(entries: [codes[1], codes[3], codes[6]].enumerated().map { index, code in
            WatchList.Entry(line: index + 2, creditCode: code, name: nil, input: [("credit_code", code)])
        })
        let skipped = Mutex<[String]>([])
        scorer.phases = { step, _, _, detail in
            if detail.contains("without rows skipped") { skipped.withLock { $0.append(step + ": " + detail) } }
        }
        func score(_ graph: EntityGraph) throws -> ScoreReport {
            try f.database.writer.read { db in try scorer.scoreList(db, list: list, fingerprint: "f", graph: graph, reader: f.database.writer) }
        }
        let withFlags = try score(graph)
        #expect(skipped.withLock { $0 }.contains { $0.contains("litigation") && !$0.contains("; 0 without") })
        let without = try score(flagless)
        #expect(try withFlags.json().serialized() == without.json().serialized())
        #expect(withFlags.result(codes[1])?.dimensions[3] ?? 0 > 0)

        // A later import gives codes[6] a criminal case; the old graph's flags say it has
        // none, so they must not be used: the case is found.
        try f.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (2, '2025-02-01T00:00:00Z')")
            try db.execute(sql: """
                INSERT INTO litigation (case_no, company, role, cause, filed, batch_id, src_file, src_line)
                VALUES ('（2025）浙0106刑初1号', ?, 'defendant', '集资诈骗罪', '2024-03-01', 2, 'litigation.csv', 2)
                """, arguments: [codes[6]])
        }
        let stale = try score(graph)
        let fresh = try score(try EntityGraph.build(from: f.database))
        #expect(try stale.json().serialized() == fresh.json().serialized())
        #expect(stale.result(codes[6])?.reasons.contains { $0.evidence.contains { $0.key == "（2025）浙0106刑初1号" } } == true, "\(String(describing: stale.result(codes[6])?.reasons))")
    }
}
