import RiskDomain

/// What a ring's operating companies do: products, suits, criminal cases, news, licences,
/// labels. Counts are drawn per ring (e.g. 12–40 lending suits by distinct individuals).
extension SyntheticDataGenerator {
    /// `o1` and `o2` are (code, name[, region], established); no record predates its company.
    func writeRingActivity(scenario: RingScenario, ring: Int, trade: String, home: Region, o1: (String, String, Int),
                           o2: (String, String, Region, Int), raiseStart: Int, blowUp: Int, random: inout SplitMix64) throws {
        let (o1Code, o1Name, o1Established) = o1
        let (o2Code, o2Name, o2Region, o2Established) = o2
        let end = blowUp

        // Products: (company, name, yield hundredths, guaranteed, term, minimum hundredths of 万, channel, investors).
        var items: [(String, String, Int?, Bool, Int?, Int, String, Int)] = []
        switch scenario {
        case .wealthManagement:
            items.append((o1Code, trade + "稳盈宝", random.int(in: 12...18) * 100, true, 12, random.int(in: 1...5) * 100, "offline_seminar", random.int(in: 300...3000)))
            items.append((o1Code, trade + "月月享", random.int(in: 1200...1500), true, 6, 100, "flyer", random.int(in: 200...1500)))
            items.append((o2Code, trade + "年年丰", random.int(in: 14...18) * 100, true, 24, 500, "telemarketing", random.int(in: 100...800)))
        case .onlineLending:
            items.append((o1Code, trade + "贷·月盈计划", random.int(in: 900...1400), true, 3, 10, "app", random.int(in: 2000...20000)))
            items.append((o1Code, trade + "贷·季享计划", random.int(in: 1100...1500), true, 6, 10, "online", random.int(in: 1000...8000)))
            items.append((o2Code, trade + "贷·新手专享", 1800, true, 1, 10, "telemarketing", random.int(in: 500...3000)))
        case .elderlyHealth:
            items.append((o1Code, trade + "灵芝孢子粉会员计划", random.int(in: 20...36) * 100, true, 12, 300, "offline_seminar", random.int(in: 200...1500)))
            items.append((o1Code, trade + "养老床位预售返利", random.int(in: 10...15) * 100, true, 36, 1000, "agent", random.int(in: 100...600)))
            items.append((o2Code, trade + "旅游养生卡", 1500, true, 12, 200, "offline_seminar", random.int(in: 100...900)))
        case .licensedFundAbuse:
            items.append((o1Code, trade + "稳健1号私募投资基金", random.int(in: 10...13) * 100, true, 12, 1000, "telemarketing", random.int(in: 600...3000)))
            items.append((o2Code, trade + "优选收益权转让计划", random.int(in: 11...14) * 100, true, 12, 500, "agent", random.int(in: 300...1500)))
        }
        for (company, product, yield, guaranteed, term, minimum, channel, investors) in items {
            // O2 (a branch or sales arm) may open after the raising began: it sells from its opening.
            let start = max(day(from: raiseStart, to: raiseStart + 200, &random), company == o1Code ? o1Established : o2Established)
            let raised = investors * minimum * random.int(in: 2...6) / 2
            try writeProduct(company: company, product: product, promisedYield: yield, guaranteed: guaranteed, termMonths: term,
                             minInvestment: minimum, channel: channel, investors: investors, raised: raised, start: start,
                             end: end)
        }

        // Licences.
        switch scenario {
        case .onlineLending:
            try writeLicence(company: o1Code, licence: "other_financial", authority: home.cityShort + "市地方金融监督管理局（网络借贷信息中介机构备案）",
                             granted: raiseStart - 30, revoked: blowUp + random.int(in: 10...60))
        case .licensedFundAbuse:
            try writeLicence(company: o1Code, licence: "fund_manager", authority: "中国证券投资基金业协会",
                             granted: max(o1Established, raiseStart - random.int(in: 60...400)), revoked: nil)
        default: break
        }

        // Lending suits by many distinct individuals.
        let (cause, low, high) = scenario == .licensedFundAbuse ? ("委托理财合同纠纷", 10, 30)
            : scenario == .onlineLending ? ("民间借贷纠纷", 6, 15)
            : scenario == .elderlyHealth ? ("民间借贷纠纷", 8, 20) : ("民间借贷纠纷", 12, 40)
        let suits = random.int(in: low...high)
        for suit in 0..<suits {
            let defendantIsO2 = suit % 4 == 3
            let region = defendantIsO2 ? o2Region : home
            let filed = day(from: blowUp - 60, to: asOf - 5, &random)
            let amount = random.int(in: 3...120) * 100
            let outcome: String? = random.chance(0.6) ? "判决被告偿还借款本金及利息" : nil
            try writeCase(caseNo: newCaseNumber(filed: filed, courtCode: region.courtCode, kind: "民初"),
                          company: defendantIsO2 ? o2Code : o1Code, role: "defendant", cause: cause, caseType: "civil",
                          court: region.court, filed: filed, amount: amount, counterparty: registry.counterpartyName(&random),
                          outcome: outcome)
        }

        // Criminal cases: always for the online platform, sometimes for the others.
        let criminalChance: Double = scenario == .onlineLending ? 1 : scenario == .wealthManagement ? 0.5 : 0.35
        var labelDate = min(asOf - 1, blowUp + random.int(in: 30...120))
        var labelSource = "处置非法集资部门定性"
        if random.chance(criminalChance) {
            let filed = min(asOf - 1, blowUp + random.int(in: 30...150))
            let caseNo = newCaseNumber(filed: filed, courtCode: home.intermediateCourtCode, kind: "刑初")
            let amount = random.int(in: 3000...80000) * 100
            for company in [o1Code, o2Code] {
                try writeCase(caseNo: caseNo, company: company, role: "defendant", cause: "非法吸收公众存款罪", caseType: "criminal",
                              court: home.intermediateCourt, filed: filed, amount: amount, counterparty: home.city + "人民检察院",
                              outcome: nil)
            }
            if scenario == .onlineLending {
                let fraudFiled = min(asOf - 1, filed + random.int(in: 1...60))
                try writeCase(caseNo: newCaseNumber(filed: fraudFiled, courtCode: home.intermediateCourtCode, kind: "刑初"),
                              company: o1Code, role: "defendant", cause: "集资诈骗罪", caseType: "criminal",
                              court: home.intermediateCourt, filed: fraudFiled, amount: amount / 3,
                              counterparty: home.city + "人民检察院", outcome: nil)
                try writeCompliance(company: o1Code, kind: "serious_violation", date: min(asOf - 1, blowUp + 200),
                                    authority: home.marketRegulator, reason: "因涉嫌集资诈骗被吊销营业执照",
                                    amount: nil, removed: nil)
            }
            labelDate = filed
            labelSource = "公安机关立案"
        }
        if scenario == .elderlyHealth {
            try writeCompliance(company: o1Code, kind: "penalty", date: day(from: raiseStart + 150, to: blowUp, &random),
                                authority: home.marketRegulator,
                                reason: "违反《中华人民共和国广告法》第十八条、第二十五条，在推介会上发布含有承诺收益内容的保健食品广告",
                                amount: random.int(in: 20...50) * 100, removed: nil)
        }

        // News.
        for (company, _, title, content, daysAfter, sentiment) in Self.ringNews(scenario: scenario, trade: trade, o1: o1Name, o2: o2Name,
                                                                                   city: home.city, random: &random) {
            let date = min(asOf - 1, blowUp + daysAfter)
            try writeNews(company: company == 1 ? o1Code : o2Code, date: date, source: random.pick(Lexicon.newsSources),
                          title: title, content: content, sentiment: sentiment)
        }

        try writeLabel(company: o1Code, label: 1, date: labelDate, source: labelSource)
        try writeLabel(company: o2Code, label: 1, date: labelDate, source: labelSource)
        watchlist.offerRing(code: o1Code, name: o1Name)
        watchlist.offerRing(code: o2Code, name: o2Name)
    }

    /// News items of a ring: (1 = O1 / 2 = O2, name, title, content, days after the collapse, sentiment).
    static func ringNews(scenario: RingScenario, trade: String, o1: String, o2: String, city: String,
                         random: inout SplitMix64) -> [(Int, String, String, String, Int, Int?)] {
        let yieldText = String(random.int(in: 12...18)) + "%"
        switch scenario {
        case .wealthManagement:
            return [
                (1, o1, o1 + "疑似跑路 投资人上门维权",
                 "多名投资人反映，" + o1 + "以\"年化收益" + yieldText + "、保本保息\"为名，通过推介会和传单向社会公众销售理财产品。近日该公司出现兑付困难，办公室人去楼空。\n目前已有数百名投资人登记维权。", -20, -90),
                (1, o1, trade + "财富理财产品逾期 兑付困难", "记者调查发现，" + o1 + "旗下\"" + trade + "稳盈宝\"等产品自今年起陆续逾期，公司以资金周转困难为由拖延兑付。", -60, -80),
                (2, o2, o2 + "大门紧闭 投资人报警", "该分公司长期在社区举办理财推介会，承诺高息回报。现人去楼空，投资人已向当地公安机关报案。", 5, nil),
                (1, o1, "警方通报：" + o1 + "涉嫌非法吸收公众存款已立案侦查", city + "公安局通报，" + o1 + "涉嫌非法集资，警方已依法立案侦查，请投资人及时登记。", 40, -70),
            ]
        case .onlineLending:
            return [
                (1, o1, trade + "贷平台爆雷 数万投资人血本无归", trade + "贷APP宣称\"年化收益最高15%、平台保本保息\"，近日平台突然无法提现，客服失联，投资人损失惨重。", -10, -95),
                (1, o1, o1 + "网贷平台大面积逾期", "多名出借人反映，" + trade + "贷APP自上月起大面积逾期，平台公告称\"正在积极处置\"。", -45, -75),
                (2, o2, o2 + "电话推销网贷产品被投诉", "有市民反映接到" + o2 + "推销电话，称投资" + trade + "贷\"稳赚不赔\"，还可拉人头获得返利。", -120, -50),
                (1, o1, "公安机关对" + o1 + "以涉嫌集资诈骗立案侦查", city + "警方通报，" + o1 + "实际控制人等人涉嫌集资诈骗、非法吸收公众存款，已被采取刑事强制措施。", 60, -85),
            ]
        case .elderlyHealth:
            return [
                (1, o1, "老人参加" + trade + "健康讲座买保健品 承诺返利至今未兑现", "多位老人反映，" + o1 + "通过免费体检、健康讲座推销保健品，承诺\"买产品送返利，年返" + yieldText + "\"，如今返利停发，公司无法联系。", -15, -85),
                (2, o2, "免费旅游背后的养老返利陷阱", o2 + "组织老年人免费旅游，途中推销\"旅游养生卡\"，称到期\"保本付息\"，并鼓励老人发展下线拉人头。", -90, -70),
                (1, o1, o1 + "被曝拉人头发展返利代理 多名老人维权", "据了解，该公司以高额返利发展代理，涉及老年人数百人，目前已有老人报警。", 20, nil),
            ]
        case .licensedFundAbuse:
            return [
                (1, o1, o1 + "私募产品逾期 千余名投资人未获兑付", o1 + "虽在基金业协会登记，却通过电话营销向不特定公众销售\"" + trade + "稳健1号\"，承诺保本保息，起投仅10万元。现产品逾期，投资人维权无门。", -30, -85),
                (2, o2, o2 + "电话推销私募基金被举报", "市民反映" + o2 + "多次来电推销私募产品，称\"年化12%、到期保本\"，不问是否合格投资者。", -150, -60),
                (1, o1, o1 + "涉嫌变相非法集资 监管部门介入调查", "地方金融监管部门表示，已关注到" + o1 + "向公众募集资金、承诺保本收益等问题，正会同有关部门核查。", 30, -70),
            ]
        }
    }
}
