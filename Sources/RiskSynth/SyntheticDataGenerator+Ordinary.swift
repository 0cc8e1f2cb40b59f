import RiskDomain

/// Ordinary companies: the bulk of the registry, with the proportions documented in the
/// README (`synth` section). Each company is written from its own random stream in O(1).
extension SyntheticDataGenerator {
    static let capitalSteps = [3, 5, 10, 10, 30, 50, 50, 100, 100, 100, 200, 200, 300, 500, 500, 1000, 1000, 2000, 3000, 5000, 10000]
    static let mobilePrefixes = ["138", "139", "158", "159", "186", "187", "135", "136", "137", "177", "182", "199"]
    static let annualReportReason = "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告"
    static let unreachableReason = "通过登记的住所或者经营场所无法联系"
    /// Random changes; shareholder and legal-rep changes are written with the holder or
    /// officer they concern, so they are not drawn here (no duplicate rows).
    static let changeReasons = ["变更经营范围", "变更住所", "变更注册资本", "变更企业名称", "变更董事、监事、经理备案"]
    static let penaltyReasons = [
        "未按规定办理消防安全检查，罚款", "销售不符合食品安全标准的食品，没收违法所得并处罚款",
        "违反《中华人民共和国广告法》第九条，发布含有“国家级”“最佳”用语的广告", "未按规定取得排污许可证排放污染物",
        "安全生产管理制度不落实，罚款", "使用未经检定的计量器具",
    ]
    static let outcomes = ["判决支持原告部分诉讼请求", "调解结案", "原告撤诉", "判决驳回原告诉讼请求", "判决支持原告全部诉讼请求"]
    static let ordinaryProducts = [
        ("智能净水器", "online"), ("企业ERP管理系统", "online"), ("有机蔬菜礼盒", "online"), ("办公家具定制", "other"),
        ("工业润滑油", "agent"), ("儿童编程课程", "offline_seminar"), ("家庭保洁套餐", "telemarketing"), ("新能源汽车充电桩", "agent"),
    ]

    func writeOrdinary(_ index: Int) throws {
        var random = SplitMix64(seed: options.seed, stream: 100, index: UInt64(index))
        var kind = registry.kind(index)
        let regionIndex = registry.region(index)
        let region = registry.regions[regionIndex]
        let code = registry.creditCode(index, region: regionIndex)
        let established = ordinaryEstablished(index)
        let parent = kind == .branch ? branchParent(of: index) : nil
        if kind == .branch && parent == nil { kind = .operating }

        let name: String
        let industry: Industry
        if let parent {
            name = branchName(of: index, parent: parent, region: regionIndex)
            industry = registry.kind(parent) == .holding ? Industry.holding : registry.industries[registry.industry(parent)]
        } else {
            name = registry.companyName(index, region: regionIndex, kind: kind)
            industry = kind == .holding ? Industry.holding : registry.industries[registry.industry(index)]
        }

        // Status.
        let statusRoll = random.below(1000)
        let status = statusRoll < 900 ? "存续" : statusRoll < 920 ? "在业" : statusRoll < 965 ? "注销" : statusRoll < 990 ? "吊销" : "迁出"

        // Capital in hundredths of 万元: registered (subscribed) and paid.
        var capital = random.pick(Self.capitalSteps) * 100
        if kind == .holding { capital *= 5 }
        let paidRoll = random.below(100)
        let paidCapital: Int? = paidRoll < 45 ? 0 : paidRoll < 80 ? capital : paidRoll < 95 ? capital * (1 + random.below(9)) / 10 : nil

        // Persons: the controller (a monotone map, so every ordinary person is used) and
        // the people around the company (nearby persons: family, colleagues).
        let controller = index * layout.ordinaryPersons / options.companies
        func nearPerson(_ random: inout SplitMix64) -> Int {
            if random.chance(0.25) { return random.below(layout.ordinaryPersons) }
            let person = controller + random.int(in: -400...400)
            return (person % layout.ordinaryPersons + layout.ordinaryPersons) % layout.ordinaryPersons
        }

        // Holders (not for branches): 1–5, a power law.
        var entType = "有限责任公司(自然人投资或控股)"
        var legalRep = controller
        var holderPersons: [Int] = []
        if kind == .branch {
            entType = "有限责任公司分公司(自然人投资或控股)"
            capital = 0
        } else {
            let countRoll = random.below(100)
            let count = countRoll < 45 ? 1 : countRoll < 75 ? 2 : countRoll < 88 ? 3 : countRoll < 95 ? 4 : 5
            let shares = Self.splitShares(count: count, random: &random)
            let corporateParent: Int? = random.chance(kind == .holding ? 0.10 : 0.15)
                ? earlierOrdinary(before: index, window: 3000, random: &random) {
                    // A holding company that existed when this company was founded.
                    registry.kind($0) == .holding && registry.established($0, asOf: options.asOf) <= established
                }
                : nil
            let isJointStock = corporateParent == nil && count >= 3 && random.chance(0.12)
            var outsideSlot = count > 1 && random.chance(0.03) ? 1 + random.below(count - 1) : -1
            if count == 1 && corporateParent == nil && random.chance(0.008) { outsideSlot = 0 }
            for slot in 0..<count {
                let pct = shares[slot]
                let subscribed = capital * pct / 10_000
                let paid = paidCapital.map { $0 * pct / 10_000 }
                let since = slot == 0 || random.chance(0.8) ? established : day(from: established, to: asOf - 1, &random)
                if slot == 0, let corporateParent {
                    let holder = ordinaryRef(corporateParent)
                    try writeHolding(company: code, holderID: holder.code, holderName: holder.name, holderType: "company",
                                     pct: pct, subscribed: subscribed, paid: paid, since: since, until: nil)
                    legalRep = nearPerson(&random)
                    entType = count == 1 ? "有限责任公司(非自然人投资或控股的法人独资)" : "其他有限责任公司"
                } else if slot == outsideSlot {
                    let outside = random.below(max(4, options.companies / 300))
                    let holder = outsideParty(outside)
                    try writeHolding(company: code, holderID: holder.id, holderName: holder.name, holderType: "company",
                                     pct: pct, subscribed: subscribed, paid: paid, since: since, until: nil)
                    if count == 1 { entType = "有限责任公司(港澳台法人独资)" }
                } else {
                    var person = slot == 0 ? controller : nearPerson(&random)
                    var attempts = 0
                    while (person == controller && slot > 0 || holderPersons.contains(person)) && attempts < 8 {
                        person = nearPerson(&random); attempts += 1
                    }
                    if holderPersons.contains(person) || (slot > 0 && person == controller) { continue }
                    holderPersons.append(person)
                    try writeHolding(company: code, person: person, pct: pct, subscribed: subscribed, paid: paid,
                                     since: since, until: nil)
                }
            }
            if count == 1 && corporateParent == nil && outsideSlot < 0 { entType = "有限责任公司(自然人独资)" }
            if isJointStock { entType = "股份有限公司(非上市、自然人投资或控股)" }
            // A former holder (historical shareholder).
            if random.chance(0.08) {
                let former = nearPerson(&random)
                if !holderPersons.contains(former) {
                    let pct = (10 + random.below(41)) * 100
                    let until = day(from: established + 30, to: established + 2500, &random)
                    try writeHolding(company: code, person: former, pct: pct, subscribed: capital * pct / 10_000, paid: nil,
                                     since: established, until: until)
                    try writeCompliance(company: code, kind: "change", date: until, authority: region.marketRegulator,
                                        reason: "变更股东（投资人）", amount: nil, removed: nil)
                }
            }
            if isJointStock {
                try writeOfficer(company: code, person: legalRep, role: "chairman", since: established, until: nil)
                var directors: [Int] = [legalRep]
                for _ in 0..<(2 + random.below(3)) {
                    let director = nearPerson(&random)
                    if directors.contains(director) { continue }
                    directors.append(director)
                    try writeOfficer(company: code, person: director, role: "director", since: established, until: nil)
                }
            }
        }

        // Officers.
        if kind == .branch { legalRep = nearPerson(&random) }
        var repSince = established
        if kind != .branch && random.chance(0.05) {
            // A former legal representative replaced later.
            let former = legalRep
            repSince = day(from: established + 60, to: established + 3000, &random)
            legalRep = nearPerson(&random)
            if legalRep == former { legalRep = (former + 1) % layout.ordinaryPersons }
            try writeOfficer(company: code, person: former, role: "legal_rep", since: established, until: repSince)
            try writeCompliance(company: code, kind: "change", date: repSince, authority: region.marketRegulator,
                                reason: "变更法定代表人", amount: nil, removed: nil)
        }
        try writeOfficer(company: code, person: legalRep, role: "legal_rep", since: repSince, until: nil)
        if kind != .branch {
            if random.chance(0.55) {
                try writeOfficer(company: code, person: legalRep, role: "executive_director", since: repSince, until: nil)
            }
            if random.chance(0.75) {
                var supervisor: Int
                if random.chance(0.025) {
                    supervisor = layout.hubPerson(random.below(layout.hubCount))
                } else {
                    supervisor = nearPerson(&random)
                    if supervisor == legalRep { supervisor = (supervisor + 1) % layout.ordinaryPersons }
                }
                try writeOfficer(company: code, person: supervisor, role: "supervisor", since: established, until: nil)
            }
            if random.chance(0.35) {
                let manager = random.chance(0.6) ? legalRep : nearPerson(&random)
                try writeOfficer(company: code, person: manager, role: "manager", since: repSince, until: nil)
            }
            if random.chance(0.2) {
                let finance = nearPerson(&random)
                if finance != legalRep { try writeOfficer(company: code, person: finance, role: "finance", since: established, until: nil) }
            }
        }

        // The company row.
        let address = ordinaryAddress(index: index, region: region, random: &random)
        let phone = ordinaryPhone(index: index, region: region, random: &random)
        let email: String? = random.chance(0.25) ? String(10_000 + random.below(2_000_000_000)) + (random.chance(0.6) ? "@qq.com" : "@163.com") : nil
        let website: String? = random.chance(0.04) ? "www." + String(random.next() % 2_176_782_336, radix: 36) + ".com.cn" : nil
        let closing = random.chance(0.25) ? Industry.scopeClosingASCII : Industry.scopeClosing
        try writeCompany(code: code, name: name, status: status, established: established,
                         regCapital: kind == .branch ? nil : capital, paidCapital: kind == .branch ? nil : paidCapital,
                         entType: entType, industry: industry.code,
                         regionCode: random.chance(0.03) ? nil : region.code, address: address, phone: phone,
                         email: email, website: website, scope: industry.scope + "。" + closing,
                         parentCode: parent.map { ordinaryRef($0).code })

        try writeOrdinaryCompliance(code: code, region: region, status: status, established: established, random: &random)
        try writeOrdinaryLitigation(index: index, code: code, name: name, region: region, established: established, random: &random)
        try writeOrdinaryNews(code: code, name: name, region: region, established: established, random: &random)
        if random.chance(0.03) {
            let (product, channel) = random.pick(Self.ordinaryProducts)
            let start = day(from: established, to: asOf - 1, &random)
            try writeProduct(company: code, product: registry.tradeName(index) + product, promisedYield: nil, guaranteed: false,
                             termMonths: nil, minInvestment: nil, channel: channel, investors: nil, raised: nil,
                             start: start, end: nil)
        }
        if industry.code == "L7212" && random.chance(0.08) {
            // A small licensed private fund manager among the investment companies.
            try writeLicence(company: code, licence: "fund_manager", authority: "中国证券投资基金业协会",
                             granted: day(from: established + 180, to: asOf - 1, &random), revoked: nil)
        } else if kind == .holding && random.chance(0.01) {
            try writeLicence(company: code, licence: "financing_guarantee", authority: region.city.replacingOccurrences(of: "市", with: "") + "市地方金融管理局",
                             granted: day(from: established + 180, to: asOf - 1, &random), revoked: nil)
        }
        if random.chance(0.015) {
            try writeLabel(company: code, label: 0, date: day(from: max(asOf - 720, established), to: asOf - 1, &random), source: "日常排查")
        }
        watchlist.offerOrdinary(code: code, name: name, isBranch: kind == .branch)
    }

    /// Splits 100% (10,000 hundredths) among `count` holders: one major holder, the rest by
    /// squared-uniform weights (a heavy tail); whole percents four times in five; in one
    /// company in twenty the known shares sum to less than 100 (unknown rest).
    static func splitShares(count: Int, random: inout SplitMix64) -> [Int] {
        if count == 1 { return [10_000] }
        let unit = random.chance(0.8) ? 100 : 1
        let major = random.chance(0.6) ? random.int(in: 51...90) * 100 : random.int(in: 30...50) * 100
        var rest = 10_000 - major
        if random.chance(0.05) { rest -= min(rest / 2, random.int(in: 1...10) * 100) }
        var weights: [Double] = []
        for _ in 1..<count { let u = random.unit(); weights.append(u * u + 0.05) }
        weights.sort(by: >)
        let total = weights.reduce(0, +)
        var shares = [major]
        var assigned = 0
        let units = rest / unit
        for (position, weight) in weights.enumerated() {
            let remainingHolders = weights.count - position - 1
            var share = max(1, Int(Double(units) * weight / total))
            share = min(share, units - assigned - remainingHolders)
            if position == weights.count - 1 { share = units - assigned }
            shares.append(share * unit)
            assigned += share
        }
        return shares
    }

    /// An outside party: a Hong Kong company (`HK0001234`) or a partnership fund without a
    /// credit code (`LP-…`); the same index names the same party everywhere.
    func outsideParty(_ index: Int) -> (id: String, name: String) {
        let trade = registry.tradeName(registry.tradeNameCapacity - 1 - index)
        if index % 3 == 2 {
            return ("LP-" + String(SplitMix64.hash(options.seed, 31, UInt64(index)) % 0xFFFFFF, radix: 16, uppercase: true),
                    trade + "股权投资合伙企业（有限合伙）")
        }
        let digits = String(index + 1_000_000)
        return ("HK" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits, trade + "（香港）投资有限公司")
    }

    /// A registered address; 3% sit at the district's mass-registration buildings
    /// (one building per district per 100,000 companies, so hundreds of companies each at 1M).
    func ordinaryAddress(index: Int, region: Region, random: inout SplitMix64) -> String {
        if random.chance(0.03) {
            return massAddress(region: region, variant: random.below(max(1, options.companies / 100_000)))
        }
        var address = region.addressPrefix + random.pick(region.streets) + String(1 + random.below(999)) + "号"
        if random.chance(0.55) {
            address += String(1 + random.below(12)) + "幢" + String(1 + random.below(25)) + padded(1 + random.below(20), 2) + "室"
        }
        return address
    }

    /// The mass-registration address `variant` of a district.
    func massAddress(region: Region, variant: Int) -> String {
        region.addressPrefix + region.hubBuilding + (variant == 0 ? "" : String(variant + 1) + "号楼") + "集中办公区"
    }

    /// A telephone: 3% from the district's small shared pool (agency numbers), the rest
    /// unique (a bijection of the index) landlines or mobiles; 6% unknown.
    func ordinaryPhone(index: Int, region: Region, random: inout SplitMix64) -> String? {
        let roll = random.below(100)
        if roll < 3 { return sharedPhone(region: region, slot: random.below(max(3, options.companies / 1000))) }
        if roll < 9 { return nil }
        if roll < 52 {
            let digits = (index * 7_654_321 + Int(SplitMix64.hash(options.seed, 42, 0) % 10_000_000)) % 10_000_000
            return "0" + region.areaCode + "-8" + padded(digits, 7)
        }
        let digits = (index * 87_654_321 + Int(SplitMix64.hash(options.seed, 43, 0) % 100_000_000)) % 100_000_000
        return Self.mobilePrefixes[index % Self.mobilePrefixes.count] + padded(digits, 8)
    }

    /// Shared telephone `slot` of a district (`0571-6xxxxxxx`).
    func sharedPhone(region: Region, slot: Int) -> String {
        let digits = Int(SplitMix64.hash(options.seed, 41, UInt64(slot)) % 10_000_000)
        return "0" + region.areaCode + "-6" + padded(digits, 7)
    }

    private func writeOrdinaryCompliance(code: String, region: Region, status: String, established: Int,
                                         random: inout SplitMix64) throws {
        if random.chance(0.06) {
            let date = day(from: established + 400, to: asOf - 1, &random)
            let removed: Int? = random.chance(0.6) ? day(from: date + 20, to: asOf - 1, &random) : nil
            try writeCompliance(company: code, kind: "abnormal_operation", date: date, authority: region.marketRegulator,
                                reason: Self.annualReportReason, amount: nil, removed: removed.flatMap { $0 > date ? $0 : nil })
        }
        if random.chance(status == "吊销" ? 0.5 : 0.015) {
            let date = day(from: established + 200, to: asOf - 1, &random)
            let removed: Int? = random.chance(0.3) ? day(from: date + 30, to: asOf - 1, &random) : nil
            try writeCompliance(company: code, kind: "abnormal_operation", date: date, authority: region.marketRegulator,
                                reason: Self.unreachableReason, amount: nil, removed: removed.flatMap { $0 > date ? $0 : nil })
            if status == "吊销" && random.chance(0.3) {
                try writeCompliance(company: code, kind: "serious_violation", date: min(asOf - 1, date + 1095),
                                    authority: region.marketRegulator, reason: "被列入经营异常名录届满3年仍未履行相关义务",
                                    amount: nil, removed: nil)
            }
        }
        let changes = random.chance(0.09) ? (random.chance(0.25) ? 2 : 1) : 0
        var used: [Int] = []
        for _ in 0..<changes {
            let which = random.below(Self.changeReasons.count)
            if used.contains(which) { continue }
            used.append(which)
            try writeCompliance(company: code, kind: "change", date: day(from: established + 30, to: asOf - 1, &random),
                                authority: region.marketRegulator, reason: Self.changeReasons[which], amount: nil, removed: nil)
        }
        if random.chance(0.02) {
            try writeCompliance(company: code, kind: "penalty", date: day(from: established + 100, to: asOf - 1, &random),
                                authority: region.marketRegulator, reason: random.pick(Self.penaltyReasons),
                                amount: (1 + random.below(40)) * 50, removed: nil)
        }
        if random.chance(0.008) {
            try writeCompliance(company: code, kind: "tax_arrears", date: day(from: established + 200, to: asOf - 1, &random),
                                authority: region.taxBureau, reason: random.chance(0.5) ? "欠缴增值税" : "欠缴企业所得税",
                                amount: (1 + random.below(500)) * 10, removed: nil)
        }
    }

    private func writeOrdinaryLitigation(index: Int, code: String, name: String, region: Region, established: Int,
                                         random: inout SplitMix64) throws {
        let first = established + 180
        guard first < asOf - 30 else { return }
        if random.chance(0.06),
           // A sale-of-goods dispute with another registry company (one case, two party rows),
           // filed once both parties have existed for 180 days.
           let other = anyOrdinary(other: index, random: &random, accept: { ordinaryEstablished($0) + 180 < asOf - 30 }) {
            let opponent = ordinaryRef(other)
            let weArePlaintiff = random.chance(0.5)
            let defendantRegion = registry.regions[weArePlaintiff ? opponent.region : registry.region(index)]
            let filed = day(from: max(first, ordinaryEstablished(other) + 180), to: asOf - 30, &random)
            let caseNo = newCaseNumber(filed: filed, courtCode: defendantRegion.courtCode, kind: "民初")
            let amount = (5 + random.below(300)) * 100
            let outcome: String? = random.chance(0.8) ? random.pick(Self.outcomes) : nil
            try writeCase(caseNo: caseNo, company: code, role: weArePlaintiff ? "plaintiff" : "defendant", cause: "买卖合同纠纷",
                          caseType: "civil", court: defendantRegion.court, filed: filed, amount: amount,
                          counterparty: opponent.name, outcome: outcome)
            try writeCase(caseNo: caseNo, company: opponent.code, role: weArePlaintiff ? "defendant" : "plaintiff", cause: "买卖合同纠纷",
                          caseType: "civil", court: defendantRegion.court, filed: filed, amount: amount,
                          counterparty: name, outcome: outcome)
        }
        let single: [(Double, String, String)] = [
            (0.05, "劳动争议", "worker"), (0.035, "借款合同纠纷", "bank"), (0.025, "民间借贷纠纷", "person"),
            (0.02, "建设工程施工合同纠纷", "person"), (0.02, "房屋租赁合同纠纷", "person"), (0.015, "服务合同纠纷", "person"),
        ]
        for (probability, cause, party) in single where random.chance(probability) {
            let filed = day(from: first, to: asOf - 30, &random)
            let counterparty: String
            var role = "defendant"
            switch party {
            case "bank": counterparty = random.pick(Lexicon.lenderBanks) + region.cityShort + "分行"
            default:
                counterparty = registry.counterpartyName(&random)
                if party == "person" && random.chance(0.35) { role = "plaintiff" }
            }
            let amount = cause == "借款合同纠纷" ? (50 + random.below(2000)) * 100 : (1 + random.below(150)) * 100
            try writeCase(caseNo: newCaseNumber(filed: filed, courtCode: region.courtCode, kind: "民初"), company: code,
                          role: role, cause: cause, caseType: "civil", court: region.court, filed: filed, amount: amount,
                          counterparty: counterparty, outcome: random.chance(0.8) ? random.pick(Self.outcomes) : nil)
        }
        if random.chance(0.025) {
            let filed = day(from: first + 200, to: asOf - 30, &random)
            try writeCase(caseNo: newCaseNumber(filed: filed, courtCode: region.courtCode, kind: "执"), company: code,
                          role: "defendant", cause: random.chance(0.6) ? "买卖合同纠纷" : "劳动争议", caseType: "enforcement",
                          court: region.court, filed: filed, amount: (1 + random.below(200)) * 100,
                          counterparty: registry.counterpartyName(&random), outcome: random.chance(0.5) ? "终结本次执行程序" : "执行完毕")
        }
    }

    private func writeOrdinaryNews(code: String, name: String, region: Region, established: Int,
                                   random: inout SplitMix64) throws {
        let items = random.chance(0.085) ? (random.chance(0.15) ? 2 : 1) : 0
        for _ in 0..<items {
            let date = day(from: established + 30, to: asOf - 1, &random)
            let year = String(LocalDate(dayNumber: date).year)
            let title: String, content: String, sentiment: Int
            switch random.below(8) {
            case 0:
                let partner = random.pick(Lexicon.partners)
                title = name + "与" + partner + "签署战略合作协议"
                content = "近日，" + name + "与" + partner + "在" + region.city + "签署战略合作协议，双方将在技术研发、市场拓展等方面开展合作。"
                sentiment = 60
            case 1:
                title = name + "新生产线正式投产"
                content = name + "新生产线于" + year + "年正式投产，预计年产值可达数千万元，新增就业岗位百余个。"
                sentiment = 70
            case 2:
                title = name + "入选" + region.cityShort + "市专精特新中小企业名单"
                content = region.city + "经济和信息化局公布" + year + "年度专精特新中小企业名单，" + name + "榜上有名。"
                sentiment = 80
            case 3:
                title = name + "举办" + year + "年度客户答谢会"
                content = "活动现场，公司负责人介绍了企业发展情况，并表示将继续提升服务质量。\n本次答谢会共有200余名客户参加。"
                sentiment = 40
            case 4:
                title = name + "产品质量问题遭消费者投诉"
                content = "多名消费者反映，在" + name + "购买的产品存在质量问题，要求退换货未果。记者联系该公司，对方表示将\"尽快核实处理\"。"
                sentiment = -50
            case 5:
                title = "员工反映" + name + "拖欠工资"
                content = "多名员工反映" + name + "拖欠三个月工资，当地劳动监察部门已介入调查，督促企业尽快支付。"
                sentiment = -60
            case 6:
                title = region.cityShort + "市" + year + "年重点项目集中开工，" + name + "项目在列"
                content = "本次集中开工项目总投资超百亿元，涵盖先进制造、现代服务等领域。"
                sentiment = 50
            default:
                title = name + "招聘启事"
                content = "因业务发展需要，现招聘销售代表、会计、技术员若干名，待遇从优。"
                sentiment = 10
            }
            try writeNews(company: code, date: date, source: random.pick(Lexicon.newsSources), title: title, content: content,
                          sentiment: random.chance(0.5) ? sentiment : nil)
        }
    }
}

/// `value` as at least `width` digits, zero-padded on the left.
func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
