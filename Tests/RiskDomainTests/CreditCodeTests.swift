import Testing
@testable import RiskDomain

@Suite("Credit codes")
struct CreditCodeTests {
    /// Real public codes (Tencent 深圳市腾讯计算机系统有限公司, Huawei, Alibaba (China) Network).
    @Test(arguments: ["91440300708461136T", "914403001922038216", "91330100716105852F"])
    func realCodesPass(code: String) throws {
        let parsed = try CreditCode(validating: code)
        #expect(parsed.rawValue == code)
        #expect(parsed.regionCode == String(Array(code)[2..<8]))
    }

    @Test func alteredCheckCharacterFails() {
        #expect(throws: CreditCodeError.wrongCheckCharacter(expected: "T")) {
            try CreditCode(validating: "91440300708461136U")
        }
    }

    @Test func alteredBodyFails() {
        // One digit of the body changed: the check character no longer matches.
        #expect(!CreditCode.isValid("91440300708461137T"))
        #expect(!CreditCode.isValid("91440300708461136"))
        #expect(!CreditCode.isValid("91440300708461136TT"))
        #expect(!CreditCode.isValid("9144030070846113IT"), "I is not in the alphabet")
        #expect(!CreditCode.isValid("91440300708461136t"), "no case folding")
    }

    /// 18 characters that are not 18 bytes: the first non-ASCII one is named (the message
    /// was "has 18 characters, this one has 18").
    @Test func nonASCIICharactersAreNamedNotCounted() {
        #expect(throws: CreditCodeError.invalidCharacter(position: 1)) {
            try CreditCode(validating: "９１４４０３００７０８４６１１３６Ｔ")
        }
        #expect(throws: CreditCodeError.invalidCharacter(position: 18)) {
            try CreditCode(validating: "91440300708461136Ｔ")
        }
        #expect(throws: CreditCodeError.wrongLength(17)) { try CreditCode(validating: "9144030070846113Ｔ") }
    }

    @Test func checkCharacterMatchesValidation() throws {
        let body = "91330106MA2CFXXXX"
        // X is in the alphabet; compute and validate.
        let check = try #require(CreditCode.checkCharacter(for: body))
        #expect(CreditCode.isValid(body + String(check)))
        #expect(CreditCode.checkCharacter(for: "short") == nil)
    }
}
