import RiskDomain

/// Planted fundraising rings (the positives). See ``RingScenario`` for the four shapes.
///
/// Slots of a ring block, in index order: 0 holding company H (city 1), 1 operating company
/// O1 (city 1, label 1), 2 second operating company O2 (label 1; a branch of O1 in city 2 for
/// the wealth-management shape), 3 trading affiliate T (city 2), 4 tech affiliate K
/// (city 3), 5 restaurant of a 5% minority holder of O1, 6 company now run by an officer who
/// left O1 years ago, 7 company in which H holds a 2% portfolio stake, 8 intermediate
/// holding company M (city 2). Chains: H —100%→ M —70%→ T; H —60%→ K; O1's legal rep is
/// K's supervisor; O1's finance officer is T's legal rep; the controller is M's legal rep;
/// H and T share a telephone, O1 and K share a telephone; H and O1 share an address.
extension SyntheticDataGenerator {
    /// A ring's cities and timeline (day numbers), drawn first from the ring's stream.
    struct RingPlan {
        /// Region indices: 1 (home), 2 and 3 (other cities).
        let city1: Int, city2: Int, city3: Int
        /// The group is founded 5–8 years before as-of.
        let founded: Int
        /// The collapse, 4–18 months before as-of.
        let blowUp: Int
        /// The money is raised for 2–4 years before the collapse.
        let raiseStart: Int
    }

    /// The plan of ring `ring` and its random stream positioned after the plan's draws
    /// (``writeRing(block:ring:start:)`` goes on drawing from it; tests read the plan).
    func ringPlan(_ ring: Int) -> (RingPlan, SplitMix64) {
        var random = SplitMix64(seed: options.seed, stream: 200, index: UInt64(ring))
        let regions = registry.regions
        let city1 = random.below(regions.count)
        let city2 = otherCityRegion(than: [city1], random: &random)
        let city3 = otherCityRegion(than: [city1, city2], random: &random)
        let founded = asOf - random.int(in: 1825...2920)
        let blowUp = asOf - random.int(in: 120...540)
        let raiseStart = max(founded + 400, blowUp - random.int(in: 730...1460))
        let plan = RingPlan(city1: city1, city2: city2, city3: city3, founded: founded, blowUp: blowUp, raiseStart: raiseStart)
        return (plan, random)
    }

    func writeRing(block: Int, ring: Int, start: Int) throws {
        var (plan, random) = ringPlan(ring)
        let scenario = RingScenario(rawValue: ring % RingScenario.allCases.count) ?? .wealthManagement
        let regions = registry.regions
        let city1 = plan.city1, city2 = plan.city2, city3 = plan.city3
        let home = regions[city1], second = regions[city2], third = regions[city3]
        let trade = plantedTradeName(ring)
        let persons = layout.ringPersonBase(ring)
        let controller = persons, associate = persons + 1, frontman = persons + 2, financeOfficer = persons + 3
        let minorityHolder = persons + 4, formerOfficer = persons + 5, portfolioOwner = persons + 6
        let supervisor = persons + 7

        func code(_ slot: Int, _ region: Int) -> String { registry.creditCode(start + slot, region: region) }
        func plainName(_ slot: Int, _ region: Int, _ industry: Industry) -> String {
            regions[region].cityShort + registry.tradeName(options.companies + block * 16 + slot) + industry.nameWord + "有限公司"
        }

        let founded = plan.founded, blowUp = plan.blowUp, raiseStart = plan.raiseStart

        // H: the holding company.
        let hCode = code(0, city1)
        let hName = home.cityShort + trade + "控股集团有限公司"
        let hAddress = home.addressPrefix + random.pick(home.streets) + String(random.int(in: 1...600)) + "号" + trade + "大厦" + String(random.int(in: 10...28)) + "层"
        let hPhone = "0" + home.areaCode + "-5" + padded(random.below(10_000_000), 7)
        try writeCompany(code: hCode, name: hName, status: "存续", established: founded, regCapital: 1_000_000,
                         paidCapital: 0, entType: "有限责任公司(自然人投资或控股)", industry: "L7211", regionCode: home.code,
                         address: hAddress, phone: hPhone, email: nil, website: nil,
                         scope: Industry.holding.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: hCode, person: controller, pct: 9000, subscribed: 900_000, paid: 0, since: founded, until: nil)
        try writeHolding(company: hCode, person: associate, pct: 1000, subscribed: 100_000, paid: 0, since: founded, until: nil)
        try writeOfficer(company: hCode, person: controller, role: "legal_rep", since: founded, until: nil)
        try writeOfficer(company: hCode, person: controller, role: "executive_director", since: founded, until: nil)
        try writeOfficer(company: hCode, person: associate, role: "supervisor", since: founded, until: nil)
        try writePlanted(block: block, scenario: scenario.identifier, role: "holding", code: hCode, name: hName,
                         regionCode: home.code, label: nil, expected: "high_network",
                         note: "controller's holding company; owns O1 80%, M 100%, K 60%")

        // O1: the main operating company.
        let o1Established = founded + random.int(in: 60...300)
        let o1Code = code(1, city1)
        let (o1Word, o1Industry, o1Scope) = Self.operatingIdentity(scenario, second: false)
        let o1Name = home.cityShort + trade + o1Word
        let o1Phone = "1" + ["36", "58", "89"][random.below(3)] + padded(random.below(100_000_000), 8)
        try writeCompany(code: o1Code, name: o1Name, status: scenario == .onlineLending ? "吊销" : "存续",
                         established: o1Established, regCapital: [500_000, 1_000_000, 2_000_000][random.below(3)], paidCapital: 0,
                         entType: "有限责任公司(自然人投资或控股)", industry: o1Industry, regionCode: home.code,
                         address: hAddress, phone: o1Phone, email: nil, website: "www.\(ring + 1000)wealth.com.cn",
                         scope: o1Scope, parentCode: nil)
        try writeHolding(company: o1Code, holderID: hCode, holderName: hName, holderType: "company", pct: 8000,
                         subscribed: nil, paid: 0, since: o1Established, until: nil)
        try writeHolding(company: o1Code, person: associate, pct: 1500, subscribed: nil, paid: 0, since: o1Established, until: nil)
        try writeHolding(company: o1Code, person: minorityHolder, pct: 500, subscribed: nil, paid: 0,
                         since: o1Established + 30, until: nil)
        let formerUntil = o1Established + random.int(in: 150...400)
        // Churn before the collapse: the front man (O1's manager since the raising began)
        // replaces the controller as legal rep 2–5 months before the collapse, then the
        // address, scope and capital change, all within the year before the collapse (the
        // model's `change_days: 365` window; dating them from the raising put them years
        // out of it). The collapse is at least 120 days before as-of, so all four precede it.
        let churnStart = blowUp - random.int(in: 60...150)
        try writeOfficer(company: o1Code, person: frontman, role: "legal_rep", since: churnStart, until: nil)
        try writeOfficer(company: o1Code, person: controller, role: "legal_rep", since: o1Established, until: churnStart)
        try writeOfficer(company: o1Code, person: frontman, role: "manager", since: raiseStart - 90, until: nil)
        try writeOfficer(company: o1Code, person: financeOfficer, role: "finance", since: o1Established, until: nil)
        try writeOfficer(company: o1Code, person: supervisor, role: "supervisor", since: o1Established, until: nil)
        try writeOfficer(company: o1Code, person: formerOfficer, role: "manager", since: o1Established, until: formerUntil)
        for (offset, reason) in [(0, "变更法定代表人"), (20, "变更住所"), (35, "变更经营范围"), (50, "变更注册资本")] {
            try writeCompliance(company: o1Code, kind: "change", date: churnStart + offset, authority: home.marketRegulator,
                                reason: reason, amount: nil, removed: nil)
        }
        try writeCompliance(company: o1Code, kind: "abnormal_operation", date: min(asOf - 1, blowUp + random.int(in: 20...90)),
                            authority: home.marketRegulator, reason: Self.unreachableReason, amount: nil, removed: nil)
        try writePlanted(block: block, scenario: scenario.identifier, role: "operating", code: o1Code, name: o1Name,
                         regionCode: home.code, label: 1, expected: "high",
                         note: "raises the money; products, lending suits, negative news, abnormal listing")

        // O2: the second operating company.
        let o2Code: String, o2Name: String, o2Region: Region
        let o2Established = o1Established + random.int(in: 200...500)
        if scenario == .wealthManagement {
            o2Region = second
            o2Code = code(2, city2)
            o2Name = o1Name + second.cityShort + "分公司"
            try writeCompany(code: o2Code, name: o2Name, status: "存续", established: o2Established, regCapital: nil,
                             paidCapital: nil, entType: "有限责任公司分公司(自然人投资或控股)", industry: o1Industry,
                             regionCode: second.code,
                             address: second.addressPrefix + random.pick(second.streets) + String(random.int(in: 1...400)) + "号" + String(random.int(in: 2...20)) + "层",
                             phone: "0" + second.areaCode + "-5" + padded(random.below(10_000_000), 7), email: nil, website: nil,
                             scope: o1Scope, parentCode: o1Code)
            try writeOfficer(company: o2Code, person: frontman, role: "legal_rep", since: o2Established, until: nil)
        } else {
            o2Region = home
            o2Code = code(2, city1)
            let (o2Word, o2Industry, o2Scope) = Self.operatingIdentity(scenario, second: true)
            o2Name = home.cityShort + trade + o2Word
            try writeCompany(code: o2Code, name: o2Name, status: "存续", established: o2Established, regCapital: 100_000,
                             paidCapital: 0, entType: "有限责任公司(非自然人投资或控股的法人独资)", industry: o2Industry,
                             regionCode: home.code,
                             address: home.addressPrefix + random.pick(home.streets) + String(random.int(in: 1...400)) + "号",
                             phone: hPhone, email: nil, website: nil, scope: o2Scope, parentCode: nil)
            try writeHolding(company: o2Code, holderID: hCode, holderName: hName, holderType: "company", pct: 10_000,
                             subscribed: 100_000, paid: 0, since: o2Established, until: nil)
            try writeOfficer(company: o2Code, person: frontman, role: "legal_rep", since: o2Established, until: nil)
            try writeOfficer(company: o2Code, person: frontman, role: "executive_director", since: o2Established, until: nil)
            try writeOfficer(company: o2Code, person: supervisor, role: "supervisor", since: o2Established, until: nil)
        }
        try writePlanted(block: block, scenario: scenario.identifier, role: scenario == .wealthManagement ? "operating_branch" : "operating",
                         code: o2Code, name: o2Name, regionCode: o2Region.code, label: 1, expected: "high",
                         note: scenario == .wealthManagement ? "branch of O1 in another city; sells the same products" : "sales arm; shares legal rep with O1")

        try writeRingActivity(scenario: scenario, ring: ring, trade: trade, home: home, o1: (o1Code, o1Name, o1Established),
                              o2: (o2Code, o2Name, o2Region, o2Established), raiseStart: raiseStart, blowUp: blowUp,
                              random: &random)

        // M: intermediate holding company in city 2, 100% of H, the controller is its legal rep.
        let mIndustry = registry.industries.first { $0.code == "L7211" } ?? Industry.holding
        let mCode = code(8, city2), mName = plainName(8, city2, mIndustry)
        let mEstablished = founded + random.int(in: 100...400)
        let mAddress = second.addressPrefix + random.pick(second.streets) + String(random.int(in: 1...800)) + "号" + String(random.int(in: 1...9)) + "幢" + String(random.int(in: 101...1505)) + "室"
        // T: trading company in city 2, 70% of M; O1's finance officer is its legal rep; H's phone.
        let tIndustry = registry.industries[0]
        let tCode = code(3, city2), tName = plainName(3, city2, tIndustry)
        let tEstablished = mEstablished + random.int(in: 60...500)
        try writeCompany(code: tCode, name: tName, status: "存续", established: tEstablished, regCapital: 100_000,
                         paidCapital: 20_000, entType: "其他有限责任公司", industry: tIndustry.code, regionCode: second.code,
                         address: mAddress, phone: hPhone, email: nil, website: nil,
                         scope: tIndustry.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: tCode, holderID: mCode, holderName: mName, holderType: "company", pct: 7000,
                         subscribed: 70_000, paid: 14_000, since: tEstablished, until: nil)
        try writeHolding(company: tCode, person: persons + 9, pct: 3000, subscribed: 30_000, paid: 6_000, since: tEstablished, until: nil)
        try writeOfficer(company: tCode, person: financeOfficer, role: "legal_rep", since: tEstablished, until: nil)
        try writeOfficer(company: tCode, person: financeOfficer, role: "executive_director", since: tEstablished, until: nil)
        try writeOfficer(company: tCode, person: persons + 9, role: "supervisor", since: tEstablished, until: nil)
        let tFiled = day(from: tEstablished + 200, to: asOf - 30, &random)
        try writeCase(caseNo: newCaseNumber(filed: tFiled, courtCode: second.courtCode, kind: "民初"), company: tCode,
                      role: "plaintiff", cause: "买卖合同纠纷", caseType: "civil", court: second.court, filed: tFiled,
                      amount: random.int(in: 20...200) * 100, counterparty: registry.counterpartyName(&random) + "（个体工商户）",
                      outcome: "调解结案")
        try writePlanted(block: block, scenario: scenario.identifier, role: "affiliate_trading", code: tCode, name: tName,
                         regionCode: second.code, label: nil, expected: "elevated_network",
                         note: "ordinary on its own; 70% held by M (100% of H); legal rep = O1's finance officer; H's phone")

        // K: "tech" company in city 3, 60% of H; O1's legal rep is its supervisor; O1's phone.
        let kIndustry = registry.industries[1]
        let kCode = code(4, city3), kName = plainName(4, city3, kIndustry)
        let kEstablished = raiseStart + random.int(in: 30...300)
        let kAddress = scenario == .onlineLending
            ? massAddress(region: third, variant: 0)
            : third.addressPrefix + random.pick(third.streets) + String(random.int(in: 1...900)) + "号"
        try writeCompany(code: kCode, name: kName, status: "存续", established: min(kEstablished, asOf - 60), regCapital: 50_000,
                         paidCapital: 0, entType: "其他有限责任公司", industry: kIndustry.code, regionCode: third.code,
                         address: kAddress, phone: o1Phone, email: nil, website: nil,
                         scope: kIndustry.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: kCode, holderID: hCode, holderName: hName, holderType: "company", pct: 6000,
                         subscribed: 30_000, paid: 0, since: min(kEstablished, asOf - 60), until: nil)
        try writeHolding(company: kCode, person: persons + 8, pct: 4000, subscribed: 20_000, paid: 0, since: min(kEstablished, asOf - 60), until: nil)
        try writeOfficer(company: kCode, person: persons + 8, role: "legal_rep", since: min(kEstablished, asOf - 60), until: nil)
        try writeOfficer(company: kCode, person: frontman, role: "supervisor", since: min(kEstablished, asOf - 60), until: nil)
        try writePlanted(block: block, scenario: scenario.identifier, role: "affiliate_tech", code: kCode, name: kName,
                         regionCode: third.code, label: nil, expected: "elevated_network",
                         note: "ordinary on its own; 60% held by H; supervisor = O1's legal rep; O1's phone" +
                            (scenario == .onlineLending ? "; at a mass-registration address" : ""))

        // Weak tie 1: a restaurant wholly owned by O1's 5% minority holder.
        let restaurantRegion = random.below(regions.count)
        let rIndustry = registry.industries[4]
        let rCode = code(5, restaurantRegion), rName = plainName(5, restaurantRegion, rIndustry)
        let rEstablished = asOf - random.int(in: 400...4000)
        try writeCompany(code: rCode, name: rName, status: "存续", established: rEstablished, regCapital: 5_000, paidCapital: 5_000,
                         entType: "有限责任公司(自然人独资)", industry: rIndustry.code, regionCode: regions[restaurantRegion].code,
                         address: regions[restaurantRegion].addressPrefix + random.pick(regions[restaurantRegion].streets) + String(random.int(in: 1...900)) + "号",
                         phone: "1" + ["37", "39", "88"][random.below(3)] + padded(random.below(100_000_000), 8),
                         email: nil, website: nil, scope: rIndustry.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: rCode, person: minorityHolder, pct: 10_000, subscribed: 5_000, paid: 5_000, since: rEstablished, until: nil)
        try writeOfficer(company: rCode, person: minorityHolder, role: "legal_rep", since: rEstablished, until: nil)
        try writeOfficer(company: rCode, person: persons + 10, role: "supervisor", since: rEstablished, until: nil)
        try writeLabel(company: rCode, label: 0, date: asOf - random.int(in: 10...200), source: "关联排查")
        watchlist.offerDecoy(code: rCode, name: rName)
        try writePlanted(block: block, scenario: scenario.identifier, role: "weak_minority_holder_business", code: rCode, name: rName,
                         regionCode: regions[restaurantRegion].code, label: 0, expected: "low",
                         note: "owner holds only 5% of O1")

        // Weak tie 2: a company now run by an officer who left O1 years before the collapse.
        let uRegion = random.below(regions.count)
        let uIndustry = registry.industries[2 + random.below(3)]
        let uCode = code(6, uRegion), uName = plainName(6, uRegion, uIndustry)
        let uEstablished = day(from: formerUntil + 100, to: asOf - 100, &random)
        try writeCompany(code: uCode, name: uName, status: "存续", established: uEstablished, regCapital: 20_000, paidCapital: 0,
                         entType: "有限责任公司(自然人投资或控股)", industry: uIndustry.code, regionCode: regions[uRegion].code,
                         address: regions[uRegion].addressPrefix + random.pick(regions[uRegion].streets) + String(random.int(in: 1...900)) + "号",
                         phone: "0" + regions[uRegion].areaCode + "-5" + padded(random.below(10_000_000), 7),
                         email: nil, website: nil, scope: uIndustry.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: uCode, person: formerOfficer, pct: 6000, subscribed: 12_000, paid: 0, since: uEstablished, until: nil)
        try writeHolding(company: uCode, person: persons + 11, pct: 4000, subscribed: 8_000, paid: 0, since: uEstablished, until: nil)
        try writeOfficer(company: uCode, person: formerOfficer, role: "legal_rep", since: uEstablished, until: nil)
        try writeOfficer(company: uCode, person: persons + 11, role: "supervisor", since: uEstablished, until: nil)
        try writeLabel(company: uCode, label: 0, date: max(uEstablished, asOf - random.int(in: 10...200)), source: "关联排查")
        watchlist.offerDecoy(code: uCode, name: uName)
        try writePlanted(block: block, scenario: scenario.identifier, role: "weak_former_officer_business", code: uCode, name: uName,
                         regionCode: regions[uRegion].code, label: 0, expected: "low",
                         note: "legal rep left O1 as manager years before the collapse")

        // Weak tie 3: a 2% portfolio stake of H in an unrelated company.
        let qRegion = random.below(regions.count)
        let qIndustry = registry.industries[5 + random.below(3)]
        let qCode = code(7, qRegion), qName = plainName(7, qRegion, qIndustry)
        let qEstablished = asOf - random.int(in: 1500...6000)
        try writeCompany(code: qCode, name: qName, status: "存续", established: qEstablished, regCapital: 300_000, paidCapital: 300_000,
                         entType: "其他有限责任公司", industry: qIndustry.code, regionCode: regions[qRegion].code,
                         address: regions[qRegion].addressPrefix + random.pick(regions[qRegion].streets) + String(random.int(in: 1...900)) + "号",
                         phone: "0" + regions[qRegion].areaCode + "-5" + padded(random.below(10_000_000), 7),
                         email: nil, website: nil, scope: qIndustry.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: qCode, person: portfolioOwner, pct: 9800, subscribed: 294_000, paid: 294_000, since: qEstablished, until: nil)
        try writeHolding(company: qCode, holderID: hCode, holderName: hName, holderType: "company", pct: 200, subscribed: 6_000,
                         paid: 6_000, since: max(qEstablished, founded + 200), until: nil)
        try writeOfficer(company: qCode, person: portfolioOwner, role: "legal_rep", since: qEstablished, until: nil)
        try writeOfficer(company: qCode, person: persons + 12, role: "supervisor", since: qEstablished, until: nil)
        try writeLabel(company: qCode, label: 0, date: asOf - random.int(in: 10...200), source: "关联排查")
        watchlist.offerDecoy(code: qCode, name: qName)
        try writePlanted(block: block, scenario: scenario.identifier, role: "weak_portfolio_stake", code: qCode, name: qName,
                         regionCode: regions[qRegion].code, label: 0, expected: "low", note: "H holds only 2%")

        // M last (slot 8).
        try writeCompany(code: mCode, name: mName, status: "存续", established: mEstablished, regCapital: 200_000, paidCapital: 0,
                         entType: "有限责任公司(非自然人投资或控股的法人独资)", industry: mIndustry.code, regionCode: second.code,
                         address: mAddress, phone: "0" + second.areaCode + "-5" + padded(random.below(10_000_000), 7),
                         email: nil, website: nil, scope: mIndustry.scope + "。" + Industry.scopeClosing, parentCode: nil)
        try writeHolding(company: mCode, holderID: hCode, holderName: hName, holderType: "company", pct: 10_000,
                         subscribed: 200_000, paid: 0, since: mEstablished, until: nil)
        try writeOfficer(company: mCode, person: controller, role: "legal_rep", since: mEstablished, until: nil)
        try writeOfficer(company: mCode, person: controller, role: "executive_director", since: mEstablished, until: nil)
        try writeOfficer(company: mCode, person: persons + 13, role: "supervisor", since: mEstablished, until: nil)
        try writePlanted(block: block, scenario: scenario.identifier, role: "affiliate_holding", code: mCode, name: mName,
                         regionCode: second.code, label: nil, expected: "elevated_network",
                         note: "100% held by H; legal rep = the controller; same address as T")
    }

    /// A region whose city (first four digits) differs from every region in `others`.
    func otherCityRegion(than others: [Int], random: inout SplitMix64) -> Int {
        let regions = registry.regions
        for _ in 0..<64 {
            let candidate = random.below(regions.count)
            if !others.contains(where: { regions[$0].cityCode == regions[candidate].cityCode }) { return candidate }
        }
        return regions.indices.first { candidate in
            !others.contains(where: { regions[$0].cityCode == regions[candidate].cityCode })
        } ?? 0
    }

    /// The shared trade name of ring or decoy number `number` (鼎鑫, 聚财 …; a third
    /// character is added past the first 48).
    func plantedTradeName(_ number: Int) -> String {
        let names = Lexicon.plantedTradeNames
        let base = names[number % names.count]
        guard number >= names.count else { return base }
        let pool = Lexicon.tradeCharacters
        return base + pool[(number / names.count - 1) % pool.count]
    }

    /// Name ending, industry and scope of a ring's operating company.
    static func operatingIdentity(_ scenario: RingScenario, second: Bool) -> (String, String, String) {
        let closing = "。" + Industry.scopeClosing
        switch (scenario, second) {
        case (.wealthManagement, _):
            return ("财富管理有限公司", "L7212", "一般项目：财富管理咨询；投资管理；资产管理；投资咨询" + Industry.financeDisclaimer + closing)
        case (.onlineLending, false):
            return ("金融信息服务有限公司", "金融信息服务", "一般项目：金融信息服务；互联网信息服务；网络借贷信息中介服务；接受金融机构委托从事信息技术外包" + closing)
        case (.onlineLending, true):
            return ("信息咨询服务有限公司", "L7243", "一般项目：信息咨询服务；市场营销策划；电话营销服务" + closing)
        case (.elderlyHealth, false):
            return ("健康科技有限公司", "F5225", "一般项目：健康咨询服务（不含诊疗服务）；保健食品（预包装）销售；养老服务；会议及展览服务" + closing)
        case (.elderlyHealth, true):
            return ("国际旅行社有限公司", "L7271", "许可项目：旅游业务。一般项目：组织文化艺术交流活动；养生保健服务（非医疗）" + closing)
        case (.licensedFundAbuse, false):
            return ("私募基金管理有限公司", "J6712", "一般项目：私募股权投资基金管理、创业投资基金管理服务（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）" + closing)
        case (.licensedFundAbuse, true):
            return ("投资咨询有限公司", "L7212", "一般项目：投资咨询；企业管理咨询；市场营销策划" + Industry.financeDisclaimer + closing)
        }
    }
}
