import Foundation
import RiskTestSupport
import Testing

@Suite("CLI: serve")
struct ServeCommandTests {
    /// A copy of the riskbrain executable alone in a folder: serve must say the server is not built.
    @Test func serveWithoutTheServerBinaryFailsWithOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let copy = directory.url.appendingPathComponent("riskbrain")
        try FileManager.default.copyItem(at: RepositoryPaths.executable, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["serve", "--port", "0"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text == "error: the server is not built: run swift build --product riskbrain-serve\n")
    }

    @Test func serveRejectsABadPort() throws {
        #expect(try runRiskBrain(["serve", "--port", "70000"]).status == 64)
    }

    /// A bad --as-of was refused by riskbrain-serve, whose usage text named itself, not the
    /// command the user typed (found by review).
    @Test func serveRejectsABadDateNamingItself() throws {
        let result = try runRiskBrain(["serve", "--as-of", "2026-02-30"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Usage: riskbrain serve") && !result.stderr.contains("riskbrain-serve"), "\(result.stderr)")
    }
}
