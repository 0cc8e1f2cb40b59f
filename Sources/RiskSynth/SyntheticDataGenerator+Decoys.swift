import RiskDomain

/// Decoys: companies that share surface features with fundraising but are legitimate
/// (label 0). Slots of a decoy block: 0 licensed microcredit lender suing many borrowers,
/// 1 rural commercial bank suing borrowers and selling low-yield wealth products online,
/// 2 licensed private fund manager with ≤200 qualified investors, no guarantee, no public
/// channel, 3 culture company that hosted an anti-fundraising awareness campaign (news full
/// of risk words), 4 start-up with venture-round news (完成A轮融资), 5 building-materials
/// trader with many ordinary commercial and labour suits, 6 brand-new company with a large
/// subscribed (认缴) capital and nothing paid, 7 an old, quiet 投资管理 company whose
/// only signal is its financial-sounding name.
extension SyntheticDataGenerator {
    func writeDecoys(block: Int, decoy: Int, start: Int) throws {
        var random = SplitMix64(seed: options.seed, stream: 300, index: UInt64(decoy))
        let regions = registry.regions
        let persons = layout.decoyPersonBase(decoy)

        for slot in 0..<SynthLayout.decoySize {
            let regionIndex = random.below(regions.count)
            let region = regions[regionIndex]
            let code = registry.creditCode(start + slot, region: regionIndex)
            let trade = plantedTradeName(layout.ringCount + decoy * SynthLayout.decoySize + slot)
            let person = persons + slot
            let address = region.addressPrefix + random.pick(region.streets) + String(random.int(in: 1...900)) + "号"
            let phone = "0" + region.areaCode + "-5" + padded(random.below(10_000_000), 7)
            var established = asOf - random.int(in: 1500...7000)
            var capital = 100_000, paid: Int? = 100_000
            let name: String, industry: String, scope: String, scenario: String, note: String
            var entType = "有限责任公司(自然人投资或控股)"
            switch slot {
            case 0:
                name = region.cityShort + region.district.dropLast() + trade + "小额贷款股份有限公司"
                industry = "J6639"; scope = "许可项目：办理各项小额贷款；开展小企业发展、管理、财务等咨询业务。" + Industry.scopeClosing
                capital = 2_000_000; paid = 2_000_000; entType = "股份有限公司(非上市、自然人投资或控股)"
                scenario = "decoy_licensed_microcredit"; note = "licensed lender: plaintiff in many 借款合同纠纷 against borrowers"
            case 1:
                name = region.cityShort + trade + "农村商业银行股份有限公司"
                industry = "J6621"; scope = "许可项目：吸收公众存款；发放短期、中期和长期贷款；办理国内结算。" + Industry.scopeClosing
                capital = 5_000_000; paid = 5_000_000; entType = "股份有限公司(非上市)"
                scenario = "decoy_bank"; note = "licensed bank: takes deposits from the public lawfully; sues borrowers"
            case 2:
                name = region.cityShort + trade + "私募基金管理有限公司"
                industry = "J6712"; scope = "一般项目：私募股权投资基金管理、创业投资基金管理服务（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）。" + Industry.scopeClosing
                capital = 100_000; paid = 100_000
                scenario = "decoy_licensed_fund_manager"; note = "registered fund manager: ≤200 qualified investors, no guarantee, no public channel"
            case 3:
                name = region.cityShort + trade + "文化传媒有限公司"
                industry = "R8770"; scope = registry.industries[10].scope + "。" + Industry.scopeClosing
                capital = 5_000; paid = 0
                scenario = "decoy_awareness_campaign"; note = "venue of a 防范非法集资 awareness campaign: risk words in news, no risk"
            case 4:
                name = region.cityShort + trade + "智能科技有限公司"
                industry = "I6513"; scope = registry.industries[1].scope + "。" + Industry.scopeClosing
                established = asOf - random.int(in: 500...1200); capital = 1_000 * 100; paid = 30_000
                scenario = "decoy_venture_round"; note = "start-up that completed an A round: 融资 in news is not fundraising from the public"
            case 5:
                name = region.cityShort + trade + "建材有限公司"
                industry = "F5191"; scope = registry.industries[0].scope + "。" + Industry.scopeClosing
                capital = 50_000; paid = 50_000
                scenario = "decoy_commercial_suits"; note = "many 买卖合同纠纷 and 劳动争议: business risk, not fundraising"
            case 6:
                name = region.cityShort + trade + "新能源科技有限公司"
                industry = "M7519"; scope = "一般项目：新兴能源技术研发；储能技术服务；太阳能发电技术服务。" + Industry.scopeClosing
                established = asOf - random.int(in: 30...120); capital = 1_000_000; paid = 0
                scenario = "decoy_subscribed_capital"; note = "new company with 1亿 subscribed (认缴) capital, nothing paid, no financial business"
            default:
                name = region.cityShort + trade + "投资管理有限公司"
                industry = "L7212"; scope = registry.industries[19].scope + "。" + Industry.scopeClosing
                capital = 50_000; paid = nil
                scenario = "decoy_financial_name"; note = "financial-sounding name and scope, no products, suits or news"
            }
            try writeCompany(code: code, name: name, status: "存续", established: established, regCapital: capital, paidCapital: paid,
                             entType: entType, industry: industry, regionCode: region.code, address: address, phone: phone,
                             email: nil, website: nil, scope: scope, parentCode: nil)
            try writeHolding(company: code, person: person, pct: 10_000, subscribed: capital, paid: paid, since: established, until: nil)
            try writeOfficer(company: code, person: person, role: "legal_rep", since: established, until: nil)
            try writeOfficer(company: code, person: person, role: slot <= 1 ? "chairman" : "executive_director", since: established, until: nil)
            if slot <= 1 {
                try writeOfficer(company: code, person: layout.decoyPersonBase(decoy) + (slot + 3) % SynthLayout.decoyPersons,
                                 role: "director", since: established, until: nil)
            }
            try writeDecoyActivity(slot: slot, code: code, name: name, trade: trade, region: region, established: established,
                                   random: &random)
            try writeLabel(company: code, label: 0, date: max(established, asOf - random.int(in: 10...300)), source: "日常排查")
            try writePlanted(block: block, scenario: scenario, role: "decoy", code: code, name: name, regionCode: region.code,
                             label: 0, expected: "low", note: note)
            watchlist.offerDecoy(code: code, name: name)
        }
    }

    private func writeDecoyActivity(slot: Int, code: String, name: String, trade: String, region: Region, established: Int,
                                    random: inout SplitMix64) throws {
        let recent = max(established + 60, asOf - 1000)
        switch slot {
        case 0, 1:
            try writeLicence(company: code, licence: slot == 0 ? "microcredit" : "bank",
                             authority: slot == 0 ? region.cityShort + "市地方金融管理局" : "国家金融监督管理总局" + region.cityShort + "监管分局",
                             granted: established + 90, revoked: nil)
            let cause = slot == 0 ? "借款合同纠纷" : "金融借款合同纠纷"
            for _ in 0..<random.int(in: 15...35) {
                let filed = day(from: recent, to: asOf - 5, &random)
                try writeCase(caseNo: newCaseNumber(filed: filed, courtCode: region.courtCode, kind: "民初"), company: code,
                              role: "plaintiff", cause: cause, caseType: "civil", court: region.court, filed: filed,
                              amount: random.int(in: 2...80) * 100, counterparty: registry.counterpartyName(&random),
                              outcome: random.chance(0.7) ? "判决被告偿还借款本息" : nil)
            }
            if slot == 1 {
                try writeProduct(company: code, product: trade + "稳健理财365天", promisedYield: random.int(in: 280...340), guaranteed: false,
                                 termMonths: 12, minInvestment: 1, channel: "online", investors: random.int(in: 5000...40000),
                                 raised: random.int(in: 50_000...300_000) * 100, start: day(from: recent, to: asOf - 200, &random), end: nil)
            }
        case 2:
            try writeLicence(company: code, licence: "fund_manager", authority: "中国证券投资基金业协会", granted: established + 120, revoked: nil)
            try writeProduct(company: code, product: trade + "成长一期股权投资基金", promisedYield: nil, guaranteed: false, termMonths: 60,
                             minInvestment: random.int(in: 1...3) * 10_000, channel: "other", investors: random.int(in: 35...180),
                             raised: random.int(in: 5_000...50_000) * 100, start: day(from: established + 200, to: asOf - 300, &random), end: nil)
        case 3:
            let date = day(from: recent, to: asOf - 5, &random)
            try writeNews(company: code, date: date, source: "地方政府网站", title: region.district + "开展防范非法集资宣传月活动",
                          content: "为提高群众识别和防范非法集资的能力，" + region.district + "在" + name + "举办防范非法集资宣传月活动。工作人员提醒市民：\"高息\"\"保本保息\"\"返利\"\"拉人头\"都是非法集资的常见套路，遇到承诺高额回报的投资项目要提高警惕，谨防血本无归。",
                          sentiment: nil)
            try writeNews(company: code, date: min(asOf - 1, date + 3), source: "微信公众号", title: name + "承办“守住钱袋子”防范非法集资主题宣传",
                          content: "活动通过案例展示、情景剧等形式，揭露非法集资跑路、爆雷的典型手法，并现场解答群众咨询。", sentiment: 30)
        case 4:
            let date = day(from: recent, to: asOf - 5, &random)
            try writeNews(company: code, date: date, source: "36氪", title: name + "完成数千万元A轮融资",
                          content: name + "近日宣布完成数千万元A轮融资，由知名创投机构领投，本轮融资将用于产品研发和市场拓展。", sentiment: 80)
        case 5:
            for index in 0..<random.int(in: 8...16) {
                let filed = day(from: recent, to: asOf - 5, &random)
                let labour = index % 3 == 2
                try writeCase(caseNo: newCaseNumber(filed: filed, courtCode: region.courtCode, kind: "民初"), company: code,
                              role: labour || index % 2 == 0 ? "defendant" : "plaintiff", cause: labour ? "劳动争议" : "买卖合同纠纷",
                              caseType: "civil", court: region.court, filed: filed, amount: random.int(in: 2...150) * 100,
                              counterparty: labour ? registry.counterpartyName(&random) : region.cityShort + registry.tradeName(options.companies + 50_000 + index) + "建筑工程有限公司",
                              outcome: random.chance(0.7) ? random.pick(Self.outcomes) : nil)
            }
        default:
            break
        }
    }
}
