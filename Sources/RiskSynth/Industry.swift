/// An industry the generator assigns to ordinary companies: its GB/T 4754-2017 code, the
/// word it puts in company names and the business-scope text.
public struct Industry: Sendable {
    /// GB/T 4754-2017 class code, e.g. `F5191`.
    public let code: String
    /// The name word before 有限公司, e.g. 商贸.
    public let nameWord: String
    /// 经营范围 text.
    public let scope: String
    /// Relative frequency among ordinary companies.
    public let weight: Int

    /// The standard closing sentence of a business scope, in its usual full-width form.
    public static let scopeClosing = "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
    /// The same sentence with an ASCII comma, as some exports write it (needs CSV quoting).
    public static let scopeClosingASCII = "（依法须经批准的项目,经相关部门批准后方可开展经营活动）"
    /// The disclaimer every registry adds to investment-sounding scopes.
    public static let financeDisclaimer = "（未经金融等监管部门批准，不得从事吸收存款、融资担保、代客理财、向社会公众集（融）资等金融业务）"

    /// Ordinary industries with their weights (sum 100). The last one, 投资管理, is the
    /// financial-sounding but innocent noise every registry has.
    public static let ordinary: [Industry] = [
        Industry(code: "F5191", nameWord: "商贸", scope: "一般项目：日用百货销售；五金产品批发；建筑材料销售；电子产品销售；货物进出口", weight: 15),
        Industry(code: "I6513", nameWord: "网络科技", scope: "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务", weight: 11),
        Industry(code: "M7519", nameWord: "科技", scope: "一般项目：新材料技术推广服务；科技中介服务；技术进出口", weight: 7),
        Industry(code: "E4890", nameWord: "建设工程", scope: "许可项目：建设工程施工；建筑劳务分包。一般项目：园林绿化工程施工；土石方工程施工", weight: 6),
        Industry(code: "H6210", nameWord: "餐饮管理", scope: "许可项目：餐饮服务；食品经营。一般项目：餐饮管理；外卖递送服务", weight: 6),
        Industry(code: "C3989", nameWord: "电子", scope: "一般项目：电子元器件制造；电子专用材料销售；集成电路销售", weight: 5),
        Industry(code: "C3421", nameWord: "机械设备", scope: "一般项目：通用设备制造；机械设备销售；金属加工机械制造", weight: 5),
        Industry(code: "L7243", nameWord: "企业管理咨询", scope: "一般项目：企业管理咨询；信息咨询服务；市场营销策划；会议及展览服务", weight: 8),
        Industry(code: "G5438", nameWord: "物流", scope: "许可项目：道路货物运输（不含危险货物）。一般项目：国内货物运输代理；普通货物仓储服务", weight: 5),
        Industry(code: "K7020", nameWord: "物业管理", scope: "一般项目：物业管理；停车场服务；家政服务", weight: 3),
        Industry(code: "R8770", nameWord: "文化传媒", scope: "一般项目：组织文化艺术交流活动；广告设计、代理；广告制作；摄影扩印服务", weight: 5),
        Industry(code: "P8399", nameWord: "教育科技", scope: "一般项目：教育咨询服务（不含涉许可审批的教育培训活动）；业务培训", weight: 3),
        Industry(code: "O8010", nameWord: "家政服务", scope: "一般项目：家政服务；养老服务；病人陪护服务", weight: 2),
        Industry(code: "F5261", nameWord: "汽车销售服务", scope: "一般项目：汽车新车销售；二手车经销；汽车零配件零售", weight: 2),
        Industry(code: "A0511", nameWord: "农业科技", scope: "一般项目：农业科学研究和试验发展；谷物种植；蔬菜种植", weight: 2),
        Industry(code: "E5010", nameWord: "装饰设计", scope: "一般项目：住宅室内装饰装修；建筑装饰材料销售；专业设计服务", weight: 3),
        Industry(code: "F5211", nameWord: "超市", scope: "许可项目：食品销售。一般项目：日用百货销售；烟草制品零售", weight: 3),
        Industry(code: "F5225", nameWord: "健康管理", scope: "一般项目：健康咨询服务（不含诊疗服务）；保健食品（预包装）销售", weight: 2),
        Industry(code: "C1469", nameWord: "食品", scope: "许可项目：食品生产；食品销售", weight: 3),
        Industry(code: "L7212", nameWord: "投资管理", scope: "一般项目：投资管理；资产管理；以自有资金从事投资活动" + Industry.financeDisclaimer, weight: 2),
        Industry(code: "L7211", nameWord: "实业", scope: "一般项目：企业总部管理；以自有资金从事投资活动；企业管理", weight: 2),
    ]

    /// The industry of holding companies (控股/投资 names).
    public static let holding = Industry(
        code: "L7211", nameWord: "控股", scope: "一般项目：企业总部管理；股权投资；以自有资金从事投资活动" + Industry.financeDisclaimer, weight: 0)
}
