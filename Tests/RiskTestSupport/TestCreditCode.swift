import RiskDomain

/// Valid unified social credit codes for fixtures: `91` (an enterprise), the region, a
/// nine-digit serial and the check character.
public enum TestCreditCode {
    /// The code in `region` with serial `n` (at most nine digits).
    public static func make(_ n: Int, region: String = "330106") -> String {
        let serial = String(n)
        let body = "91" + region + String(repeating: "0", count: 9 - serial.count) + serial
        return body + String(CreditCode.checkCharacter(for: body)!)
    }
}
