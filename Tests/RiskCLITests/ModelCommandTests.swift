import Foundation
import Testing
import RiskTestSupport

/// End-to-end tests of `riskbrain model`.
@Suite("CLI: model")
struct ModelCommandTests {
    /// The help said "(default: the built-in model)", and there is none (found by review).
    @Test func showHelpSaysWhereTheDefaultModelComesFrom() throws {
        let help = try runRiskBrain(["model", "show", "--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains("built-in model)"))
        #expect(text.contains("(default: $RISKBRAIN_MODEL, else models/illegal-fundraising.yaml in the working directory or above the executable; no model is built in)"))
    }
}
