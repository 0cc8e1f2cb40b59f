/// Word pools of the generator: names of people and companies, case causes, news sources.
///
/// Plain data; the generator encodes the pools it uses on hot paths once, at start.
public enum Lexicon {
    /// Surnames with weights roughly following their frequency in China (王 and 李 ≈ 7%).
    public static let surnames: [(String, Int)] = [
        ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 23), ("赵", 20),
        ("吴", 20), ("周", 19), ("徐", 16), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 12), ("郭", 12),
        ("何", 11), ("林", 10), ("高", 10), ("罗", 10), ("郑", 9), ("梁", 9), ("谢", 8), ("宋", 7),
        ("唐", 7), ("许", 7), ("韩", 7), ("冯", 6), ("邓", 6), ("曹", 6), ("彭", 6), ("曾", 6),
        ("肖", 5), ("田", 5), ("董", 5), ("潘", 5), ("袁", 5), ("蔡", 5), ("蒋", 5), ("余", 4),
        ("于", 4), ("杜", 4), ("叶", 4), ("程", 4), ("魏", 4), ("苏", 4), ("吕", 4), ("丁", 4),
        ("任", 3), ("卢", 3), ("姚", 3), ("沈", 3), ("钟", 3), ("姜", 3), ("崔", 3), ("谭", 3),
        ("陆", 3), ("范", 3), ("汪", 3), ("廖", 3), ("石", 3), ("金", 3), ("韦", 2), ("贾", 2),
        ("夏", 2), ("付", 2), ("方", 2), ("邹", 2), ("熊", 2), ("白", 2), ("孟", 2), ("秦", 2),
        ("邱", 2), ("侯", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2),
        ("欧阳", 1), ("上官", 1), ("诸葛", 1),
    ]

    /// Characters of given names.
    public static let givenCharacters: [String] = Array(
        "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国红玉兰燕萍鹏辉玲斌波宇浩凯健俊帆帅旭宁亮晨晓婷雪琳欣怡佳颖子涵梓轩浩然雨桐思远志强海燕文博嘉怡一鸣天佑立新永福金凤春梅秋菊德明荣华振东卫东红梅丽娟晓东小龙"
    ).map(String.init)

    /// Full names forced on a few persons so that same-name different-id persons exist.
    public static let commonNames: [String] = ["王伟", "张伟", "王芳", "李娜", "刘洋", "张敏", "李静", "王磊"]

    /// Characters of trade names (字号) of ordinary companies. Planted companies use the
    /// trade names in ``plantedTradeNames``, each holding a character not in this pool, so
    /// no ordinary name can equal a planted one.
    public static let tradeCharacters: [String] = {
        var seen = Set<Character>()
        var result: [String] = []
        let text = "瑞丰华泰盛达源德佳恒信通宏博诚祥利昌隆兴和安康乐美嘉润宇航远新创科腾飞龙凯越锦绣明光辉耀星辰海江川山峰林森禾雅欣悦怡弘毅卓睿智思维立正方圆中天地万千百合众同益惠顺福寿吉祺晨阳春秋云雨风雷电磊鹏骏驰奥迪尚品优格精工匠心朗逸宁静致远蓝图启航捷豹力维云帆海纳溢彩锐意进取永固广厚朴实诺亚舒适宜家乐康泰和裕晟丰登棠桦楠枫柏松竹梅兰菊莲荷舟渡桥"
        for character in text where seen.insert(character).inserted { result.append(String(character)) }
        return result
    }()

    /// Trade names of planted (ring and decoy) companies: two characters, the first of which
    /// is never in ``tradeCharacters``.
    public static let plantedTradeNames: [String] = [
        "鼎鑫", "聚财", "汇金", "融通", "金诚", "银泰", "盈信", "富邦", "鸿运", "宝利", "昇恒", "旺财",
        "禄源", "贵宾", "钱潮", "赢家", "祯祥", "珑玥", "翡翠", "琥珀", "麒麟", "凤凰", "鲲鹏", "貔貅",
        "钜丰", "铂瑞", "钻石", "璟泰", "玺悦", "瀚海", "澜庭", "沐阳", "煜华", "烨丰", "炜业", "焱盛",
        "昶泰", "暻华", "曜德", "晖耀", "旻达", "昀嘉", "珩信", "琨瑜", "瑾瑜", "璞玉", "玖鼎", "筑梦",
    ]

    /// Outlets of the sentiment monitor.
    public static let newsSources: [String] = [
        "新浪财经", "澎湃新闻", "今日头条", "微博", "东方财富网", "第一财经", "证券时报", "每日经济新闻", "地方政府网站", "微信公众号",
    ]

    /// Banks that sue ordinary companies (counterparties only; not registry companies).
    public static let lenderBanks: [String] = [
        "中国工商银行股份有限公司", "中国建设银行股份有限公司", "中国农业银行股份有限公司", "中国银行股份有限公司",
        "交通银行股份有限公司", "招商银行股份有限公司", "兴业银行股份有限公司", "浙商银行股份有限公司",
    ]

    /// Partner names for ordinary news (cooperation agreements).
    public static let partners: [String] = [
        "阿里云", "华为", "国家电网", "中建三局", "京东物流", "美团", "顺丰速运", "海康威视", "本地高校", "市人民医院",
    ]
}
