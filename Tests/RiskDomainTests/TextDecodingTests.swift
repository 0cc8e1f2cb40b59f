import Foundation
import Testing
@testable import RiskDomain

@Suite("Domain: text decoding of small files")
struct TextDecodingTests {
    /// 腾讯 in GB18030, as Excel saves "CSV" on Chinese Windows.
    static let tencentGB18030: [UInt8] = [0xCC, 0xDA, 0xD1, 0xB6]

    @Test func utf8WithAndWithoutBOM() {
        #expect(TextDecoding.decode(Data("name\n腾讯\n".utf8)) == .text("name\n腾讯\n", .utf8))
        #expect(TextDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array("name\n腾讯\n".utf8))) == .text("name\n腾讯\n", .utf8WithBOM))
    }

    @Test func gb18030IsDecoded() {
        let bytes = Array("name\n".utf8) + Self.tencentGB18030 + [0x0A]
        #expect(TextDecoding.decode(Data(bytes)) == .text("name\n腾讯\n", .gb18030))
    }

    /// A UTF-8 file with one bad byte stays UTF-8, so the error can name the bad cell; read
    /// as GB18030 it would have been mojibake that matched nothing.
    @Test func utf8WithABadByteIsInvalidUTF8NotGB18030() {
        let bytes = Array("name\n上海某某有限公司\n北京某某有限公司\n".utf8) + [0xFF] + [0x0A]
        #expect(TextDecoding.decode(Data(bytes)) == .invalidUTF8)
        // With a byte-order mark the file says it is UTF-8.
        #expect(TextDecoding.decode(Data([0xEF, 0xBB, 0xBF, 0x61, 0xFF])) == .invalidUTF8)
    }

    @Test func neitherNamesTheFirstBadLine() {
        let bytes = Array("name\n".utf8) + Self.tencentGB18030 + Array("\nx".utf8) + [0xFF] + Array("\n".utf8)
        #expect(TextDecoding.decode(Data(bytes)) == .invalidGB18030(line: 3))
        #expect(TextDecoding.decode(Data(Array("name\na".utf8) + [0x00] + [0xCC])) == .invalidGB18030(line: 2))
    }
}
