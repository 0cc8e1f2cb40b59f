import RiskDomain

/// A hand-made demonstration document and a synthetic one of any size.
///
/// ``demo`` is the source of `reports/sample-watchlist.html` until the report is generated
/// from sample-data; its evidence refers to the records of
/// `Tests/RiskReportsTests/Fixtures/demo-records.sql`. ``synthetic(companies:)`` is the
/// benchmark input: every company a dossier with many reasons, owners and links.
extension ReportDocument {
    enum Demo {
        static let xinsheng = "91330106MA2C01000M"
        static let huijin = "91330106MA2C01037E"
        static let hengyuan = "91330105MA2C01074T"
        static let ruifeng = "91330108MA2C01111C"
        static let canyin = "91330106MA2C011488"
        static let mingde = "91330102MA2C011859"
        static let lianchuang = "91330108MA2C012226"
        static let qingshan = "91330104MA2C012595"
        static let xinghuo = "91330110MA2C01296M"
        static let hefeng = "91330183MA2C01333K"
        static let konggu = "91330106MA2C01370X"
        static let shanghai = "91310115MA2C01407T"
        static let shenzhen = "91440300MA2C01444B"
        static let huijinxx = "91330105MA2C014819"
        static let jinding1 = "91330106MA2C01518U"
        static let jinding2 = "91330110MA2C01555F"
        /// 鑫盛财富's wholly owned subsidiary: a link *from* the dossier company (not inbound),
        /// which the HTML once wrote backwards (`杭州鑫盛财富管理有限公司 的股东 100%`).
        static let xinxi = "91330106MA2C01592H"

        static func date(_ text: String) -> LocalDate { LocalDate(iso: text) ?? LocalDate(dayNumber: 0) }
    }

    /// The model appendix of the demonstration model.
    public static var demoAppendix: ReportModelAppendix {
        ReportModelAppendix(
            description: "非法集资风险专家模型：按“非法性、公开性、利诱性、社会性”四个特征及经营、合规、关联情况计分，满分 100。",
            indicators: [
                IndicatorSpec(id: "IF01", dimension: .illegalFinance, descriptionZh: "无有效金融牌照却销售理财产品",
                              descriptionEn: "financial products sold without a valid licence", feature: "unlicensed_product_count", scoring: "≥ 1 → 25"),
                IndicatorSpec(id: "IF02", dimension: .illegalFinance, descriptionZh: "承诺年化收益远高于贷款市场报价利率",
                              descriptionEn: "promised yield far above the loan prime rate", feature: "max_promised_yield", scoring: "曲线：6% → 0，10% → 15，18% → 30"),
                IndicatorSpec(id: "IF03", dimension: .illegalFinance, descriptionZh: "承诺保本保息", descriptionEn: "principal and return guaranteed",
                              feature: "guaranteed_product_count", scoring: "≥ 1 → 15"),
                IndicatorSpec(id: "IF04", dimension: .illegalFinance, descriptionZh: "通过推介会、电话营销等公开渠道宣传",
                              descriptionEn: "promoted through public channels", feature: "public_channel_count", scoring: "≥ 1 → 10"),
                IndicatorSpec(id: "IF05", dimension: .illegalFinance, descriptionZh: "投资人数超过 200 人", descriptionEn: "more than 200 investors",
                              feature: "max_investors", scoring: "> 200 → 15；> 1000 → 20"),
                IndicatorSpec(id: "IF06", dimension: .illegalFinance, descriptionZh: "涉非法吸收公众存款罪或集资诈骗罪",
                              descriptionEn: "criminal fundraising case against the company", feature: "criminal_fundraising_cases", scoring: "≥ 1 → 40"),
                IndicatorSpec(id: "BU01", dimension: .business, descriptionZh: "作为被告涉多起民间借贷纠纷",
                              descriptionEn: "defendant in many private-lending suits", feature: "private_lending_defendant_count", scoring: "≥ 3 → 20；≥ 10 → 35"),
                IndicatorSpec(id: "BU02", dimension: .business, descriptionZh: "注册资本大而实缴为零且名称含金融字样",
                              descriptionEn: "large subscribed capital, nothing paid, financial name", feature: "hollow_financial_capital", scoring: "是 → 15"),
                IndicatorSpec(id: "BU03", dimension: .business, descriptionZh: "负面舆情（跑路、兑付困难、逾期等）",
                              descriptionEn: "negative news (absconding, payment trouble, overdue)", feature: "risk_news_count", scoring: "≥ 1 → 15；≥ 3 → 25"),
                IndicatorSpec(id: "CO01", dimension: .compliance, descriptionZh: "因无法联系列入经营异常名录",
                              descriptionEn: "listed as abnormal: cannot be reached", feature: "unreachable_listing", scoring: "是 → 30"),
                IndicatorSpec(id: "CO02", dimension: .compliance, descriptionZh: "虚假宣传承诺收益受行政处罚",
                              descriptionEn: "penalised for advertising promised returns", feature: "false_ad_penalty_count", scoring: "≥ 1 → 35"),
                IndicatorSpec(id: "CO03", dimension: .compliance, descriptionZh: "金融牌照已注销", descriptionEn: "financial licence revoked",
                              feature: "revoked_licence_count", scoring: "≥ 1 → 25"),
                IndicatorSpec(id: "NE01", dimension: .network, descriptionZh: "与高危企业同一实际控制人",
                              descriptionEn: "same actual controller as a high-risk company", feature: "shared_controller_high", scoring: "是 → 60"),
                IndicatorSpec(id: "NE02", dimension: .network, descriptionZh: "与高危企业共用电话、地址或高管",
                              descriptionEn: "shares phone, address or officers with a high-risk company", feature: "shared_contact_high", scoring: "每条 → 20，上限 40"),
            ],
            dimensionWeights: [DimensionWeight(dimension: .illegalFinance, weight: 0.4), DimensionWeight(dimension: .business, weight: 0.2),
                               DimensionWeight(dimension: .compliance, weight: 0.2), DimensionWeight(dimension: .network, weight: 0.2)],
            levelBands: [LevelBand(level: .high, minScore: 70, disposition: "立案调查"),
                         LevelBand(level: .medium, minScore: 40, disposition: "约谈警示"),
                         LevelBand(level: .low, minScore: 0, disposition: "持续关注")],
            methodNotes: [
                "总分 = Σ 维度得分 × 维度权重；维度得分为该维度已触发指标分值之和，上限 100。",
                "股权穿透：综合持股 = 各持股路径上持股比例之积的和；交叉持股按收敛结果或截断并注明。",
                "关联风险按关联类型、持股比例、关联时间和跳数衰减；枢纽节点（集中登记地址、代理记账人员）折叠并不计分。",
                "每一项得分都可追溯到登记、涉诉、产品、舆情、合规或牌照记录；报告随附模型版本与数据指纹，可复现。",
                "本报告为监测预警线索，不构成对任何企业的定性结论。",
            ])
    }

    /// A small, hand-made document that exercises every section: two high and two medium
    /// companies, six low ones, two unmatched names and three linked warnings.
    public static var demo: ReportDocument {
        typealias D = Demo
        let model = ReportModelInfo(id: "illegal-fundraising", version: "1.0.0",
                                    sha256: "3f6c1c2a9d4e8b7f0a1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778")
        var xinsheng = ReportCompany(
            creditCode: D.xinsheng, name: "杭州鑫盛财富管理有限公司", regionCode: "330106", score: 86.5, level: .high,
            dimensions: DimensionScores(illegalFinance: 100, business: 70, compliance: 85, network: 62.5),
            reasons: [
                ReportReason(indicator: "IF06", dimension: .illegalFinance, points: 40, description: "涉非法吸收公众存款罪刑事案件",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .litigation, company: D.xinsheng, key: "（2024）浙0106刑初318号"),
                                                       text: "公司为被告单位",
                                                       citation: .litigation(caseNumber: "（2024）浙0106刑初318号", court: "杭州市西湖区人民法院",
                                                                             filed: D.date("2024-06-18"), cause: "非法吸收公众存款罪", role: .defendant,
                                                                             counterparty: nil, amount: 12800))]),
                ReportReason(indicator: "IF02", dimension: .illegalFinance, points: 30, description: "承诺年化收益 18%，远高于 LPR",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .product, company: D.xinsheng, key: "鑫盛月月盈"),
                                                       text: "预期年化 18%",
                                                       citation: .product(name: "鑫盛月月盈", promisedYield: 18, guaranteed: true, channel: .offlineSeminar,
                                                                          investors: 1260, raised: 15600)),
                                        ReportEvidence(reference: EvidenceReference(kind: .product, company: D.xinsheng, key: "鑫盛养老无忧计划"),
                                                       text: "预期年化 15%",
                                                       citation: .product(name: "鑫盛养老无忧计划", promisedYield: 15, guaranteed: true, channel: .telemarketing,
                                                                          investors: 430, raised: 3900))]),
                ReportReason(indicator: "CO01", dimension: .compliance, points: 30, description: "因通过登记的住所无法联系被列入经营异常名录",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .compliance, company: D.xinsheng, key: "abnormal_operation/2024-03-12"),
                                                       text: "",
                                                       citation: .compliance(kind: .abnormalOperation, date: D.date("2024-03-12"),
                                                                             reason: "通过登记的住所或者经营场所无法联系", authority: "杭州市西湖区市场监督管理局", removed: nil))]),
                ReportReason(indicator: "BU01", dimension: .business, points: 35, description: "作为被告涉 12 起民间借贷纠纷",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .litigation, company: D.xinsheng, key: "（2023）浙0106民初1234号"),
                                                       text: "个人出借人起诉",
                                                       citation: .litigation(caseNumber: "（2023）浙0106民初1234号", court: "杭州市西湖区人民法院",
                                                                             filed: D.date("2023-05-10"), cause: "民间借贷纠纷", role: .defendant,
                                                                             counterparty: "张某某", amount: 50)),
                                        ReportEvidence(reference: EvidenceReference(kind: .litigation, company: D.xinsheng, key: "（2023）浙0106民初2231号"),
                                                       text: "个人出借人起诉",
                                                       citation: .litigation(caseNumber: "（2023）浙0106民初2231号", court: "杭州市西湖区人民法院",
                                                                             filed: D.date("2023-08-02"), cause: "民间借贷纠纷", role: .defendant,
                                                                             counterparty: "陈某", amount: 30))]),
                ReportReason(indicator: "BU03", dimension: .business, points: 25, description: "负面舆情：“跑路”“兑付困难”",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .news, company: D.xinsheng, key: "N20240301"),
                                                       text: "含风险词：兑付困难、维权",
                                                       citation: .news(id: "N20240301", title: "鑫盛财富理财产品兑付困难 投资人聚集维权",
                                                                       source: "钱江晚报", date: D.date("2024-03-01"))),
                                        ReportEvidence(reference: EvidenceReference(kind: .news, company: D.xinsheng, key: "N20240415"),
                                                       text: "含风险词：跑路、人去楼空",
                                                       citation: .news(id: "N20240415", title: "西湖区一理财公司人去楼空，老板疑似跑路",
                                                                       source: "都市快报", date: D.date("2024-04-15")))]),
                ReportReason(indicator: "CO03", dimension: .compliance, points: 25, description: "私募基金管理人登记已注销",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .licence, company: D.xinsheng, key: "fund_manager"),
                                                       text: "注销后仍在销售",
                                                       citation: .licence(kind: .fundManager, granted: D.date("2017-09-01"), revoked: D.date("2022-11-30")))]),
                ReportReason(indicator: "NE01", dimension: .network, points: 20, description: "实际控制人控制另一高危企业（上海鑫盛供应链管理有限公司）",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .chain, company: D.xinsheng, key: "王建国—股东 90%→上海鑫盛供应链管理有限公司"),
                                                       text: "",
                                                       citation: .chain([ChainLink(from: "P001", fromName: "王建国", relation: "股东", detail: "20%", to: D.xinsheng, toName: "杭州鑫盛财富管理有限公司"),
                                                                         ChainLink(from: "P001", fromName: "王建国", relation: "股东", detail: "90%", to: D.shanghai, toName: "上海鑫盛供应链管理有限公司")]))]),
            ],
            disposition: "立案调查",
            input: [ReportField("credit_code", D.xinsheng), ReportField("备注", "群众举报 2024-02")],
            registry: RegistryFacts(status: .active, established: D.date("2016-04-08"), regCapital: 10000, paidCapital: 0,
                                    entType: "有限责任公司(自然人投资或控股)", industry: "L7212 投资与资产管理",
                                    address: "浙江省杭州市西湖区文三路 90 号东部软件园 1 号楼 5 层", phone: "0571-88886666",
                                    legalRepresentative: "王建国", scope: "投资管理、资产管理、财富管理咨询（未经金融等监管部门批准，不得从事向公众融资存款、融资担保、代客理财等金融服务）"),
            ownership: OwnershipReport(
                owners: [
                    OwnerEntry(id: "P001", name: "王建国", kind: .person, integratedPct: 68, directPct: 20, paths: [["P001", D.xinsheng], ["P001", D.konggu, D.xinsheng]]),
                    OwnerEntry(id: D.konggu, name: "杭州鑫盛控股有限公司", kind: .company, integratedPct: 60, directPct: 60, paths: [[D.konggu, D.xinsheng]]),
                    OwnerEntry(id: "P002", name: "李梅", kind: .person, integratedPct: 22, directPct: 10, paths: [["P002", D.xinsheng], ["P002", D.konggu, D.xinsheng]]),
                    OwnerEntry(id: "HK0001", name: "香港鑫盛国际投资有限公司 (Xinsheng International Investment Ltd.)", kind: .external, integratedPct: 10, directPct: 10, paths: [["HK0001", D.xinsheng]]),
                ],
                edges: [OwnershipEdge(holder: "P001", company: D.xinsheng, pct: 20), OwnershipEdge(holder: D.konggu, company: D.xinsheng, pct: 60),
                        OwnershipEdge(holder: "P002", company: D.xinsheng, pct: 10), OwnershipEdge(holder: "HK0001", company: D.xinsheng, pct: 10),
                        OwnershipEdge(holder: "P001", company: D.konggu, pct: 80), OwnershipEdge(holder: "P002", company: D.konggu, pct: 20)],
                beneficialOwners: [BeneficialOwner(id: "P001", name: "王建国", basis: "穿透持股 68% ≥ 25%")],
                actualController: ActualController(id: "P001", name: "王建国", reason: "穿透持股 68%，超过半数；并任杭州鑫盛控股有限公司法定代表人"),
                notes: []),
            links: LinkNeighbourhood(
                center: D.xinsheng,
                nodes: [
                    LinkNode(id: "P001", name: "王建国", kind: .person, distance: 1, via: LinkVia(from: D.xinsheng, relation: "股东", detail: "20%", inbound: true)),
                    LinkNode(id: D.konggu, name: "杭州鑫盛控股有限公司", kind: .company, distance: 1, via: LinkVia(from: D.xinsheng, relation: "股东", detail: "60%", inbound: true), regionCode: "330106"),
                    LinkNode(id: "P002", name: "李梅", kind: .person, distance: 1, via: LinkVia(from: D.xinsheng, relation: "股东", detail: "10%", inbound: true)),
                    LinkNode(id: "HK0001", name: "香港鑫盛国际投资有限公司", kind: .external, distance: 1, via: LinkVia(from: D.xinsheng, relation: "股东", detail: "10%", inbound: true)),
                    LinkNode(id: "phone:057188886666", name: "0571-88886666", kind: .phone, distance: 1, via: LinkVia(from: D.xinsheng, relation: "电话")),
                    LinkNode(id: D.xinxi, name: "杭州鑫盛信息技术有限公司", kind: .company, distance: 1, via: LinkVia(from: D.xinsheng, relation: "股东", detail: "100%"), regionCode: "330106"),
                    LinkNode(id: D.shanghai, name: "上海鑫盛供应链管理有限公司", kind: .company, distance: 2, via: LinkVia(from: "P001", relation: "股东", detail: "90%"), level: .high, regionCode: "310115"),
                    LinkNode(id: D.huijin, name: "杭州汇金众筹网络科技有限公司", kind: .company, distance: 2, via: LinkVia(from: "P002", relation: "监事"), level: .high, regionCode: "330106"),
                    LinkNode(id: D.canyin, name: "杭州西湖餐饮管理有限公司", kind: .company, distance: 2, via: LinkVia(from: "P002", relation: "股东", detail: "5%"), level: .low, regionCode: "330106"),
                    LinkNode(id: D.shenzhen, name: "深圳前海鑫盛科技有限公司", kind: .company, distance: 2, via: LinkVia(from: "phone:057188886666", relation: "电话"), level: .medium, regionCode: "440300"),
                    LinkNode(id: D.ruifeng, name: "杭州瑞丰商贸有限公司", kind: .company, distance: 2, via: LinkVia(from: D.konggu, relation: "股东", detail: "51%"), level: .medium, regionCode: "330108"),
                    LinkNode(id: "P010", name: "赵敏", kind: .person, distance: 3, via: LinkVia(from: D.shanghai, relation: "法定代表人", inbound: true)),
                ],
                truncatedHubs: [TruncatedHub(id: "addr:文三路90号", name: "文三路 90 号东部软件园", kind: .address, degree: 326,
                                             via: LinkVia(from: D.xinsheng, relation: "住所"))]))
        xinsheng.registry?.licences = [RegistryLicence(kind: .fundManager, authority: "中国证券投资基金业协会",
                                                       granted: D.date("2017-09-01"), revoked: D.date("2022-11-30"))]
        xinsheng.registry?.formerLegalRepresentatives = [RegistryTenure(name: "李梅", since: D.date("2016-04-08"), until: D.date("2023-12-20"))]
        let huijin = ReportCompany(
            creditCode: D.huijin, name: "杭州汇金众筹网络科技有限公司", regionCode: "330106", score: 78.2, level: .high,
            dimensions: DimensionScores(illegalFinance: 85, business: 55, compliance: 70, network: 40),
            reasons: [
                ReportReason(indicator: "IF01", dimension: .illegalFinance, points: 25, description: "无金融牌照通过 APP 销售出借产品",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .product, company: D.huijin, key: "汇金宝 12 月标"),
                                                       text: "",
                                                       citation: .product(name: "汇金宝 12 月标", promisedYield: 12, guaranteed: true, channel: .app,
                                                                          investors: 3400, raised: 26000))]),
                ReportReason(indicator: "IF05", dimension: .illegalFinance, points: 20, description: "投资人 3400 人，远超 200 人",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .product, company: D.huijin, key: "汇金宝 12 月标"),
                                                       text: "投资人数 3400",
                                                       citation: .product(name: "汇金宝 12 月标", promisedYield: 12, guaranteed: true, channel: .app,
                                                                          investors: 3400, raised: 26000))]),
                ReportReason(indicator: "CO02", dimension: .compliance, points: 35, description: "发布承诺收益的虚假广告受行政处罚",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .compliance, company: D.huijin, key: "penalty/2023-11-20"),
                                                       text: "罚款 20 万元",
                                                       citation: .compliance(kind: .penalty, date: D.date("2023-11-20"), reason: "发布“保本保息、年化 12%”虚假广告",
                                                                             authority: "杭州市市场监督管理局", removed: nil))]),
                ReportReason(indicator: "BU03", dimension: .business, points: 15, description: "负面舆情：“逾期”",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .news, company: D.huijin, key: "N20240520"),
                                                       text: "含风险词：逾期、无法兑付",
                                                       citation: .news(id: "N20240520", title: "汇金众筹平台多笔标的逾期 出借人称无法兑付", source: "网易新闻", date: D.date("2024-05-20")))]),
                ReportReason(indicator: "BU02", dimension: .business, points: 15, description: "注册资本 5000 万元，实缴 0，名称含“众筹”",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .company, company: D.huijin, key: "paid_capital"),
                                                       text: "", citation: .company(field: "实缴资本", value: "0 万元（注册资本 5000 万元）"))]),
            ],
            disposition: "立案调查", input: [ReportField("credit_code", D.huijin), ReportField("备注", "")],
            registry: RegistryFacts(status: .active, established: D.date("2019-07-22"), regCapital: 5000, paidCapital: 0,
                                    entType: "有限责任公司(自然人独资)", industry: "I6490 其他互联网服务", address: "浙江省杭州市西湖区天目山路 181 号 12 层",
                                    phone: "0571-85550123", legalRepresentative: "孙强", scope: "网络技术开发、技术咨询；众筹平台运营"),
            ownership: OwnershipReport(owners: [OwnerEntry(id: "P020", name: "孙强", kind: .person, integratedPct: 100, directPct: 100, paths: [["P020", D.huijin]])],
                                       edges: [OwnershipEdge(holder: "P020", company: D.huijin, pct: 100)],
                                       beneficialOwners: [BeneficialOwner(id: "P020", name: "孙强", basis: "穿透持股 100%")],
                                       actualController: ActualController(id: "P020", name: "孙强", reason: "唯一股东，持股 100%")),
            links: LinkNeighbourhood(center: D.huijin, nodes: [
                LinkNode(id: "P020", name: "孙强", kind: .person, distance: 1, via: LinkVia(from: D.huijin, relation: "法定代表人", inbound: true)),
                LinkNode(id: "P002", name: "李梅", kind: .person, distance: 1, via: LinkVia(from: D.huijin, relation: "监事", inbound: true)),
                LinkNode(id: D.huijinxx, name: "杭州汇金信息咨询有限公司", kind: .company, distance: 1, via: LinkVia(from: D.huijin, relation: "股东", detail: "100%"), level: .medium, regionCode: "330105"),
                LinkNode(id: D.xinsheng, name: "杭州鑫盛财富管理有限公司", kind: .company, distance: 2, via: LinkVia(from: "P002", relation: "股东", detail: "10%"), level: .high, regionCode: "330106"),
            ]))
        let hengyuan = ReportCompany(
            creditCode: D.hengyuan, name: "杭州恒远投资管理有限公司", regionCode: "330105", score: 55, level: .medium,
            dimensions: DimensionScores(illegalFinance: 60, business: 45, compliance: 30, network: 20),
            reasons: [
                ReportReason(indicator: "IF04", dimension: .illegalFinance, points: 10, description: "通过推介会宣传投资产品",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .product, company: D.hengyuan, key: "恒远稳盈一号"),
                                                       text: "",
                                                       citation: .product(name: "恒远稳盈一号", promisedYield: 9.5, guaranteed: false, channel: .offlineSeminar,
                                                                          investors: 180, raised: 2100))]),
                ReportReason(indicator: "IF02", dimension: .illegalFinance, points: 13.75, description: "承诺年化收益 9.5%",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .product, company: D.hengyuan, key: "恒远稳盈一号"),
                                                       text: "预期年化 9.5%",
                                                       citation: .product(name: "恒远稳盈一号", promisedYield: 9.5, guaranteed: false, channel: .offlineSeminar,
                                                                          investors: 180, raised: 2100))]),
                ReportReason(indicator: "BU01", dimension: .business, points: 20, description: "作为被告涉 3 起民间借贷纠纷",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .litigation, company: D.hengyuan, key: "（2024）浙0105民初877号"),
                                                       text: "",
                                                       citation: .litigation(caseNumber: "（2024）浙0105民初877号", court: "杭州市拱墅区人民法院", filed: D.date("2024-02-26"),
                                                                             cause: "民间借贷纠纷", role: .defendant, counterparty: "刘某", amount: 80))]),
            ],
            disposition: "约谈警示", input: [ReportField("credit_code", D.hengyuan), ReportField("备注", "")],
            registry: RegistryFacts(status: .active, established: D.date("2018-01-15"), regCapital: 3000, paidCapital: 300,
                                    entType: "有限责任公司", industry: "L7212 投资与资产管理", address: "浙江省杭州市拱墅区莫干山路 100 号",
                                    phone: "0571-86661234", legalRepresentative: "周涛", scope: "投资管理、投资咨询"),
            ownership: OwnershipReport(owners: [
                OwnerEntry(id: "P030", name: "周涛", kind: .person, integratedPct: 45, directPct: 45, paths: [["P030", D.hengyuan]]),
                OwnerEntry(id: "P031", name: "吴静", kind: .person, integratedPct: 35, directPct: 35, paths: [["P031", D.hengyuan]]),
                OwnerEntry(id: "P032", name: "郑浩", kind: .person, integratedPct: 20, directPct: 20, paths: [["P032", D.hengyuan]]),
            ], edges: [OwnershipEdge(holder: "P030", company: D.hengyuan, pct: 45), OwnershipEdge(holder: "P031", company: D.hengyuan, pct: 35),
                       OwnershipEdge(holder: "P032", company: D.hengyuan, pct: 20)],
               beneficialOwners: [BeneficialOwner(id: "P030", name: "周涛", basis: "持股 45% ≥ 25%"), BeneficialOwner(id: "P031", name: "吴静", basis: "持股 35% ≥ 25%")],
               actualController: nil, notes: ["无人持股过半，且无其他控制依据，实际控制人未能认定。"]),
            links: LinkNeighbourhood(center: D.hengyuan, nodes: [
                LinkNode(id: "P030", name: "周涛", kind: .person, distance: 1, via: LinkVia(from: D.hengyuan, relation: "法定代表人", inbound: true)),
            ]))
        let ruifeng = ReportCompany(
            creditCode: D.ruifeng, name: "杭州瑞丰商贸有限公司", regionCode: "330108", score: 41.3, level: .medium,
            dimensions: DimensionScores(illegalFinance: 0, business: 20, compliance: 10, network: 100),
            reasons: [
                ReportReason(indicator: "NE01", dimension: .network, points: 60, description: "与高危企业杭州鑫盛财富管理有限公司同一实际控制人",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .chain, company: D.ruifeng, key: "杭州鑫盛控股有限公司—股东 51%→杭州瑞丰商贸有限公司"),
                                                       text: "",
                                                       citation: .chain([ChainLink(from: D.konggu, fromName: "杭州鑫盛控股有限公司", relation: "股东", detail: "60%", to: D.xinsheng, toName: "杭州鑫盛财富管理有限公司"),
                                                                         ChainLink(from: D.konggu, fromName: "杭州鑫盛控股有限公司", relation: "股东", detail: "51%", to: D.ruifeng, toName: "杭州瑞丰商贸有限公司")]))]),
                ReportReason(indicator: "NE02", dimension: .network, points: 40, description: "与高危企业共用电话",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .company, company: D.ruifeng, key: "phone"),
                                                       text: "与杭州鑫盛财富管理有限公司相同", citation: .company(field: "联系电话", value: "0571-88886666"))]),
            ],
            disposition: "约谈警示", input: [ReportField("credit_code", D.ruifeng), ReportField("备注", "")],
            registry: RegistryFacts(status: .active, established: D.date("2021-03-03"), regCapital: 200, paidCapital: 0,
                                    entType: "有限责任公司", industry: "F5191 贸易代理", address: "浙江省杭州市滨江区江南大道 3588 号",
                                    phone: "0571-88886666", legalRepresentative: "王建国", scope: "日用百货、电子产品销售"),
            ownership: OwnershipReport(owners: [
                OwnerEntry(id: D.konggu, name: "杭州鑫盛控股有限公司", kind: .company, integratedPct: 51, directPct: 51, paths: [[D.konggu, D.ruifeng]]),
                OwnerEntry(id: "P001", name: "王建国", kind: .person, integratedPct: 40.8, directPct: nil, paths: [["P001", D.konggu, D.ruifeng]]),
                OwnerEntry(id: "P002", name: "李梅", kind: .person, integratedPct: 10.2, directPct: nil, paths: [["P002", D.konggu, D.ruifeng]]),
                OwnerEntry(id: "P040", name: "钱伟", kind: .person, integratedPct: 49, directPct: 49, paths: [["P040", D.ruifeng]]),
            ], edges: [OwnershipEdge(holder: D.konggu, company: D.ruifeng, pct: 51), OwnershipEdge(holder: "P040", company: D.ruifeng, pct: 49),
                       OwnershipEdge(holder: "P001", company: D.konggu, pct: 80), OwnershipEdge(holder: "P002", company: D.konggu, pct: 20)],
               beneficialOwners: [BeneficialOwner(id: "P040", name: "钱伟", basis: "持股 49% ≥ 25%"), BeneficialOwner(id: "P001", name: "王建国", basis: "穿透持股 40.8% ≥ 25%")],
               actualController: ActualController(id: "P001", name: "王建国", reason: "控制持股 51% 的杭州鑫盛控股有限公司（持股 80%，任法定代表人）")),
            links: LinkNeighbourhood(center: D.ruifeng, nodes: [
                LinkNode(id: D.konggu, name: "杭州鑫盛控股有限公司", kind: .company, distance: 1, via: LinkVia(from: D.ruifeng, relation: "股东", detail: "51%", inbound: true), regionCode: "330106"),
                LinkNode(id: "P040", name: "钱伟", kind: .person, distance: 1, via: LinkVia(from: D.ruifeng, relation: "股东", detail: "49%", inbound: true)),
                LinkNode(id: "phone:057188886666", name: "0571-88886666", kind: .phone, distance: 1, via: LinkVia(from: D.ruifeng, relation: "电话")),
                LinkNode(id: D.xinsheng, name: "杭州鑫盛财富管理有限公司", kind: .company, distance: 2, via: LinkVia(from: D.konggu, relation: "股东", detail: "60%"), level: .high, regionCode: "330106"),
            ]))
        func low(_ code: String, _ name: String, _ region: String, _ score: Double, _ dims: (Double, Double, Double, Double), _ reason: ReportReason?) -> ReportCompany {
            ReportCompany(creditCode: code, name: name, regionCode: region, score: score, level: .low,
                          dimensions: DimensionScores(illegalFinance: dims.0, business: dims.1, compliance: dims.2, network: dims.3),
                          reasons: reason.map { [$0] } ?? [], disposition: "持续关注", input: [ReportField("credit_code", code), ReportField("备注", "")])
        }
        let companies = [
            xinsheng, huijin, hengyuan, ruifeng,
            low(D.qingshan, "杭州青山小额贷款股份有限公司", "330104", 22, (10, 45, 10, 0),
                ReportReason(indicator: "BU01", dimension: .business, points: 20, description: "涉多起借款合同纠纷（作为原告，持牌放贷，正常业务）",
                             evidence: [ReportEvidence(reference: EvidenceReference(kind: .litigation, company: D.qingshan, key: "（2024）浙0104民初455号"),
                                                       text: "原告：持牌小贷公司起诉借款人",
                                                       citation: .litigation(caseNumber: "（2024）浙0104民初455号", court: "杭州市上城区人民法院", filed: D.date("2024-01-09"),
                                                                             cause: "借款合同纠纷", role: .plaintiff, counterparty: "黄某", amount: 20))])),
            low(D.hefeng, "杭州禾丰农业开发有限公司", "330183", 18.5, (0, 40, 25, 0), nil),
            low(D.canyin, "杭州西湖餐饮管理有限公司", "330106", 12, (0, 15, 10, 20), nil),
            low(D.mingde, "杭州明德教育科技有限公司", "330102", 8.5, (0, 20, 5, 0), nil),
            low(D.lianchuang, "杭州联创软件有限公司", "330108", 5, (0, 10, 5, 0), nil),
            low(D.xinghuo, "杭州星火文化传媒有限公司", "330110", 3, (0, 5, 5, 0), nil),
        ]
        var linked = [
            ReportLinkedWarning(creditCode: D.shanghai, name: "上海鑫盛供应链管理有限公司", regionCode: "310115", score: 72, level: .high, via: D.xinsheng,
                                chain: [ChainLink(from: "P001", fromName: "王建国", relation: "股东", detail: "20%", to: D.xinsheng, toName: "杭州鑫盛财富管理有限公司"),
                                        ChainLink(from: "P001", fromName: "王建国", relation: "股东", detail: "90%", to: D.shanghai, toName: "上海鑫盛供应链管理有限公司")]),
            ReportLinkedWarning(creditCode: D.shenzhen, name: "深圳前海鑫盛科技有限公司", regionCode: "440300", score: 58, level: .medium, via: D.xinsheng,
                                chain: [ChainLink(from: D.xinsheng, fromName: "杭州鑫盛财富管理有限公司", relation: "电话", to: "phone:057188886666", toName: "0571-88886666"),
                                        ChainLink(from: D.shenzhen, fromName: "深圳前海鑫盛科技有限公司", relation: "电话", to: "phone:057188886666", toName: "0571-88886666")]),
            ReportLinkedWarning(creditCode: D.huijinxx, name: "杭州汇金信息咨询有限公司", regionCode: "330105", score: 45, level: .medium, via: D.huijin,
                                chain: [ChainLink(from: D.huijin, fromName: "杭州汇金众筹网络科技有限公司", relation: "股东", detail: "100%", to: D.huijinxx, toName: "杭州汇金信息咨询有限公司")]),
        ]
        linked[0].registry = RegistryFacts(status: .active, established: D.date("2020-03-02"), regCapital: 1000, paidCapital: nil,
                                           entType: nil, industry: nil, address: "上海市浦东新区张杨路 500 号 12 层", phone: "021-58886666",
                                           legalRepresentative: "王建国", scope: nil)
        linked[0].disposition = "立案调查"
        linked[0].reasons = [
            ReportReason(indicator: "NE01", dimension: .network, points: 64.8, description: "关联高危企业：杭州鑫盛财富管理有限公司（92分）",
                         evidence: [ReportEvidence(reference: EvidenceReference(kind: .chain, company: D.shanghai, key: D.xinsheng), text: "",
                                                   citation: .chain(linked[0].chain))]),
        ]
        return ReportDocument(
            title: "杭州市非法集资风险排查报告（示例）", reportDate: Demo.date("2024-07-01"), asOf: Demo.date("2024-06-30"), model: model,
            dataFingerprint: "9b2f7e61c0a4d3b85e1f60729a8c4d3e2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e",
            list: ReportListFile(path: "sample-data/watchlist.csv", sha256: "5d41402abc4b2a76b9719d911017c592ae3c5b1e2f0a9d8c7b6a5f4e3d2c1b0a", rows: 12),
            jurisdiction: "3301", companies: companies,
            unmatched: [
                ReportUnmatchedEntry(row: 11, query: "杭州金鼎", ambiguous: true, candidates: [
                    ReportCandidate(creditCode: D.jinding1, name: "杭州金鼎投资咨询有限公司", regionCode: "330106"),
                    ReportCandidate(creditCode: D.jinding2, name: "杭州金鼎建材有限公司", regionCode: "330110"),
                ]),
                ReportUnmatchedEntry(row: 12, query: "宁波某某理财咨询有限公司", ambiguous: false),
            ],
            linked: linked, appendix: demoAppendix)
    }
}

extension ReportDocument {
    /// A deterministic synthetic document of `count` companies, every one a dossier (half high,
    /// half medium) with 8 reasons, 10 owners over 3 layers and 30 linked entities plus a hub:
    /// the input of the rendering benchmark.
    ///
    /// - Complexity: O(count).
    public static func synthetic(companies count: Int) -> ReportDocument {
        let base = demo
        guard let template = base.companies.first else { return base }
        var companies: [ReportCompany] = []
        companies.reserveCapacity(count)
        var linked: [ReportLinkedWarning] = []
        for index in 0..<count {
            let code = "9133010600SYN" + String(100_000 + index).suffix(5)
            let name = "杭州合成样本第\(index + 1)号投资管理有限公司"
            var company = template
            company.creditCode = code
            company.name = name
            company.score = 40 + Double((index * 37) % 60) + 0.5
            company.level = company.score >= 70 ? .high : .medium
            company.reasons = (0..<8).map { r in
                let source = template.reasons[r % template.reasons.count]
                var reason = source
                reason.indicator = source.indicator + "-\(r)"
                reason.points = Double(5 + (index + r * 7) % 40)
                reason.evidence = source.evidence.map { evidence in
                    var copy = evidence
                    copy.reference.company = code
                    return copy
                }
                return reason
            }
            var owners: [OwnerEntry] = []
            var edges: [OwnershipEdge] = []
            for o in 0..<4 {
                let holding = "H\(index)-\(o)"
                owners.append(OwnerEntry(id: holding, name: "合成控股第\(o + 1)号有限公司", kind: .company, integratedPct: 25, directPct: 25, paths: [[holding, code]]))
                edges.append(OwnershipEdge(holder: holding, company: code, pct: 25))
                for p in 0..<2 {
                    let person = "P\(index)-\(o)-\(p)"
                    let pct = p == 0 ? 70.0 : 30.0
                    owners.append(OwnerEntry(id: person, name: "自然人\(o + 1)-\(p + 1)", kind: .person, integratedPct: 25 * pct / 100,
                                             paths: [[person, holding, code]]))
                    edges.append(OwnershipEdge(holder: person, company: holding, pct: pct))
                }
            }
            company.ownership = OwnershipReport(owners: owners, edges: edges,
                                                actualController: ActualController(id: "P\(index)-0-0", name: "自然人1-1", reason: "合成数据"))
            var nodes: [LinkNode] = []
            for n in 0..<30 {
                let distance = n < 10 ? 1 : n < 22 ? 2 : 3
                let parent = distance == 1 ? code : "L\(index)-\(n % 10)"
                let kind: LinkNodeKind = n % 5 == 0 ? .person : n % 7 == 0 ? .phone : .company
                nodes.append(LinkNode(id: distance == 1 ? "L\(index)-\(n)" : "L\(index)-\(n)-d\(distance)", name: "关联主体\(n + 1)号有限公司",
                                      kind: kind, distance: distance, via: LinkVia(from: parent, relation: n % 2 == 0 ? "股东" : "监事", detail: n % 2 == 0 ? "\(10 + n)%" : ""),
                                      level: kind == .company ? RiskLevel.allCases[n % 3] : nil, regionCode: "330106"))
            }
            company.links = LinkNeighbourhood(center: code, nodes: nodes,
                                              truncatedHubs: [TruncatedHub(id: "hub\(index)", name: "某地址", kind: .address, degree: 326, via: LinkVia(from: code, relation: "住所"))])
            companies.append(company)
            if let warning = base.linked.first {
                var copy = warning
                copy.creditCode = "9131011500SYN" + String(100_000 + index).suffix(5)
                copy.via = code
                linked.append(copy)
            }
        }
        var doc = base
        doc.companies = companies
        doc.linked = linked
        return doc
    }
}
