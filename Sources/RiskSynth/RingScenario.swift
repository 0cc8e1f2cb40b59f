/// The four shapes of planted fundraising rings, cycled over the rings.
///
/// Every ring has a controller person, a holding company, two operating companies that
/// raise the money (label 1), out-of-city affiliates that look ordinary on their own (an
/// intermediate holding company, a trading company, a "tech" company; unlabelled, for the
/// engine to find) and three weak ties (label 0).
public enum RingScenario: Int, CaseIterable, Sendable {
    /// (a) A wealth-management company selling guaranteed 12–18% products at seminars and
    /// by flyers, with a branch in another city; sued by many individual lenders; 跑路 news;
    /// listed abnormal for 无法联系.
    case wealthManagement
    /// (b) A P2P-style online platform (app channel) whose filing was revoked; criminal cases
    /// 非法吸收公众存款罪 and 集资诈骗罪.
    case onlineLending
    /// (c) Health products sold to the elderly with 返利 at seminars and free trips, through
    /// rebate agents; a false-advertising penalty.
    case elderlyHealth
    /// (d) A registered private fund manager (licence valid) selling guaranteed products to
    /// over a thousand people by telephone: a licence is not a whitewash.
    case licensedFundAbuse

    /// The name used in planted.csv.
    public var identifier: String {
        switch self {
        case .wealthManagement: return "ring_wealth_management"
        case .onlineLending: return "ring_online_lending"
        case .elderlyHealth: return "ring_elderly_health"
        case .licensedFundAbuse: return "ring_licensed_fund_abuse"
        }
    }
}
