/// One registering district: a real 6-digit administrative division code and the names
/// the generator writes for it (addresses, courts, regulators, phone area code).
///
/// "Another city" in the exchange format means a different first four digits of the code;
/// several districts below share a city on purpose (Hangzhou, Shanghai, Beijing).
public struct Region: Sendable {
    /// The 6-digit division code, e.g. `330106`.
    public let code: String
    /// The one-character province abbreviation used in case numbers (浙, 沪, …).
    public let abbreviation: String
    /// The province name, empty for the four municipalities.
    public let province: String
    /// The city, e.g. 杭州市.
    public let city: String
    /// The district, e.g. 西湖区.
    public let district: String
    /// The telephone area code without the trunk prefix, e.g. `571`.
    public let areaCode: String
    /// Streets of the district for addresses.
    public let streets: [String]
    /// A building used as the district's mass-registration address (集中登记地).
    public let hubBuilding: String
    /// Relative weight of the district among registrations.
    public let weight: Int

    /// The city without 市, as it starts company names (杭州).
    public var cityShort: String { String(city.dropLast()) }
    /// The first four digits: the prefecture-level city.
    public var cityCode: Substring { code.prefix(4) }
    /// Address prefix: province (when not a municipality), city and district.
    public var addressPrefix: String { province + city + district }
    /// The basic people's court of the district.
    public var court: String { city + district + "人民法院" }
    /// The intermediate people's court of the city.
    public var intermediateCourt: String { city + "中级人民法院" }
    /// The market regulator that keeps the district's registry.
    public var marketRegulator: String { city + district + "市场监督管理局" }
    /// The district's tax bureau.
    public var taxBureau: String { "国家税务总局" + city + district + "税务局" }
    /// The court code used in case numbers: abbreviation and the district's last four digits (浙0106).
    public var courtCode: String { abbreviation + code.suffix(4) }
    /// The intermediate court's code (浙01).
    public var intermediateCourtCode: String { abbreviation + code.dropFirst(2).prefix(2) }

    /// The districts the generator registers companies in.
    public static let all: [Region] = [
        Region(code: "330106", abbreviation: "浙", province: "浙江省", city: "杭州市", district: "西湖区", areaCode: "571",
               streets: ["文三路", "天目山路", "古墩路", "学院路", "西溪路", "教工路"], hubBuilding: "文三路90号东部软件园科技大厦", weight: 9),
        Region(code: "330102", abbreviation: "浙", province: "浙江省", city: "杭州市", district: "上城区", areaCode: "571",
               streets: ["解放路", "延安路", "庆春路", "钱江路", "望江路"], hubBuilding: "钱江路58号太和广场", weight: 6),
        Region(code: "330110", abbreviation: "浙", province: "浙江省", city: "杭州市", district: "余杭区", areaCode: "571",
               streets: ["文一西路", "五常大道", "良睦路", "仓前街"], hubBuilding: "仓前街道文一西路1500号梦想小镇互联网村", weight: 7),
        Region(code: "330203", abbreviation: "浙", province: "浙江省", city: "宁波市", district: "海曙区", areaCode: "574",
               streets: ["中山西路", "药行街", "解放南路", "望春路"], hubBuilding: "中山西路138号天宁大厦", weight: 5),
        Region(code: "330302", abbreviation: "浙", province: "浙江省", city: "温州市", district: "鹿城区", areaCode: "577",
               streets: ["车站大道", "人民路", "学院中路", "飞霞南路"], hubBuilding: "车站大道577号财富中心", weight: 4),
        Region(code: "310115", abbreviation: "沪", province: "", city: "上海市", district: "浦东新区", areaCode: "21",
               streets: ["张江路", "世纪大道", "浦东南路", "金科路", "川沙路"], hubBuilding: "川沙路5558号", weight: 9),
        Region(code: "310104", abbreviation: "沪", province: "", city: "上海市", district: "徐汇区", areaCode: "21",
               streets: ["漕溪北路", "虹桥路", "宜山路", "田林路"], hubBuilding: "宜山路700号普天信息产业园", weight: 5),
        Region(code: "320505", abbreviation: "苏", province: "江苏省", city: "苏州市", district: "虎丘区", areaCode: "512",
               streets: ["长江路", "狮山路", "珠江路", "竹园路"], hubBuilding: "狮山路28号苏州高新广场", weight: 5),
        Region(code: "320106", abbreviation: "苏", province: "江苏省", city: "南京市", district: "鼓楼区", areaCode: "25",
               streets: ["中山北路", "湖南路", "草场门大街", "汉中门大街"], hubBuilding: "中山北路105号中环国际广场", weight: 4),
        Region(code: "440305", abbreviation: "粤", province: "广东省", city: "深圳市", district: "南山区", areaCode: "755",
               streets: ["科技南路", "深南大道", "南海大道", "前海路"], hubBuilding: "前海深港合作区前湾一路1号A栋201室", weight: 8),
        Region(code: "440106", abbreviation: "粤", province: "广东省", city: "广州市", district: "天河区", areaCode: "20",
               streets: ["天河路", "体育西路", "黄埔大道", "珠江新城华夏路"], hubBuilding: "黄埔大道西100号富力盈泰广场", weight: 6),
        Region(code: "110105", abbreviation: "京", province: "", city: "北京市", district: "朝阳区", areaCode: "10",
               streets: ["建国路", "朝阳北路", "东三环中路", "望京街"], hubBuilding: "望京街10号望京SOHO中心", weight: 8),
        Region(code: "110108", abbreviation: "京", province: "", city: "北京市", district: "海淀区", areaCode: "10",
               streets: ["中关村大街", "学院路", "上地信息路", "知春路"], hubBuilding: "上地信息路26号中关村创业大厦", weight: 6),
        Region(code: "510107", abbreviation: "川", province: "四川省", city: "成都市", district: "武侯区", areaCode: "28",
               streets: ["天府大道", "人民南路", "科华北路", "武侯大道"], hubBuilding: "天府大道北段1700号环球中心", weight: 5),
        Region(code: "420106", abbreviation: "鄂", province: "湖北省", city: "武汉市", district: "武昌区", areaCode: "27",
               streets: ["中北路", "武珞路", "徐东大街", "和平大道"], hubBuilding: "中北路166号长江产业大厦", weight: 4),
        Region(code: "370212", abbreviation: "鲁", province: "山东省", city: "青岛市", district: "崂山区", areaCode: "532",
               streets: ["香港东路", "海尔路", "株洲路", "松岭路"], hubBuilding: "株洲路151号青岛国际创新园", weight: 3),
        Region(code: "350203", abbreviation: "闽", province: "福建省", city: "厦门市", district: "思明区", areaCode: "592",
               streets: ["湖滨南路", "厦禾路", "鹭江道", "嘉禾路"], hubBuilding: "鹭江道8号国际银行大厦", weight: 3),
        Region(code: "610113", abbreviation: "陕", province: "陕西省", city: "西安市", district: "雁塔区", areaCode: "29",
               streets: ["高新路", "科技路", "小寨东路", "长安南路"], hubBuilding: "科技路48号创业广场", weight: 3),
    ]
}
