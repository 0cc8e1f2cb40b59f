import Testing
@testable import RiskDomain

@Suite("Field parsers")
struct FieldParserTests {
    @Test(arguments: ["2018-03-05", "2018/03/05", "2018/3/5", "20180305", "2018年3月5日", "2018年03月05日"])
    func dateForms(text: String) throws {
        #expect(try FieldParser.date(text) == LocalDate(year: 2018, month: 3, day: 5))
    }

    /// `02024-1-01` and `02024/1/1` were read as 2024-01-01 (the year's value had four
    /// digits, not its text; found by fuzzing).
    @Test(arguments: ["2018-02-30", "2018-3-5", "18-03-05", "2018.03.05", "abc", "2018年3月", "20181305", "2018--03",
                      "02024-1-01", "02024/1/1", "02024年1月1日", "018/3/5"])
    func badDates(text: String) {
        #expect(throws: FieldError.self) { try FieldParser.date(text) }
    }

    @Test func amounts() throws {
        #expect(try FieldParser.amount("1,200.5") == 1200.5)
        #expect(try FieldParser.amount("500万") == 500)
        #expect(try FieldParser.amount("500万元") == 500)
        #expect(try FieldParser.amount("3亿") == 30_000)
        #expect(try FieldParser.amount("1.5亿元") == 15_000)
        #expect(try FieldParser.amount("0") == 0)
        for bad in ["1,20", "abc", "-5", "1.2.3", "万", "1e3"] {
            #expect(throws: FieldError.self, "\(bad)") { try FieldParser.amount(bad) }
        }
    }

    /// 400 digits were read as an infinite amount (and rate) and stored as `Inf`.
    @Test func numbersTooLargeForADoubleAreRejected() {
        let huge = String(repeating: "9", count: 400)
        for bad in [huge, huge + "万元", "1" + String(repeating: "0", count: 305) + "亿"] {
            #expect(throws: FieldError.self, "\(bad.suffix(3))") { try FieldParser.amount(bad) }
        }
        #expect(throws: FieldError.self) { try FieldParser.rate(huge) }
        #expect(throws: FieldError.self) { try FieldParser.percent(huge) }
    }

    /// A promised yield above 100,000 % a year is a slip, not a promise (1e39 was read and
    /// shown as `超出 null 个百分点`; found by fuzzing).
    @Test func ratesAreBounded() throws {
        #expect(try FieldParser.rate("36%") == 36)
        #expect(try FieldParser.rate("100000") == 100_000)
        for bad in ["100000.5", "99999999999999", "1000000000000000000000000000000000000000"] {
            #expect(throws: FieldError.expected("a rate in percent per year of at most 100000 (e.g. 12 or 12%)"), "\(bad)") {
                try FieldParser.rate(bad)
            }
        }
    }

    @Test func percentages() throws {
        #expect(try FieldParser.percent("40%") == 40)
        #expect(try FieldParser.percent("10.5 %") == 10.5)
        #expect(try FieldParser.percent("100") == 100)
        #expect(throws: FieldError.outOfRange("a percentage must be between 0 and 100")) { try FieldParser.percent("120") }
        for bad in ["abc", "1e2", ".5", "50.", ""] {
            #expect(throws: FieldError.self, "\(bad)") { try FieldParser.percent(bad) }
        }
    }

    @Test func booleans() throws {
        for yes in ["1", "true", "TRUE", "yes", "是"] { #expect(try FieldParser.bool(yes)) }
        for no in ["0", "false", "No", "否"] { #expect(try !FieldParser.bool(no)) }
        #expect(throws: FieldError.self) { try FieldParser.bool("maybe") }
    }

    @Test func dayNumbersRoundTrip() {
        for number in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: number).dayNumber == number)
        }
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.iso == "2024-02-29")
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
    }
}
