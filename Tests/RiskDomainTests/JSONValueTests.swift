import Testing
@testable import RiskDomain

@Suite("JSON values")
struct JSONValueTests {
    @Test func keepsKeyOrderAndEscapes() {
        let value: JSONValue = .object([("b", 1), ("a", .string("引号\"\n")), ("c", [1.5, .null, true])])
        #expect(value.serialized(pretty: false) == #"{"b":1,"a":"引号\"\n","c":[1.5,null,true]}"#)
        #expect(value.serialized() == "{\n  \"b\": 1,\n  \"a\": \"引号\\\"\\n\",\n  \"c\": [\n    1.5,\n    null,\n    true\n  ]\n}")
    }

    @Test func numbers() {
        #expect(JSONValue.format(3.0) == "3")
        #expect(JSONValue.format(0.1) == "0.1")
        #expect(JSONValue.format(.nan) == "null")
    }
}
