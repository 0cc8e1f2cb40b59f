import Foundation
import RiskServer
import RiskTestSupport
import Synchronization
import Testing

/// Looks at the console as a person would: headless Chromium signs in (a local page posts the
/// login form), searches, opens the company page and takes a screenshot.
@Suite("Browser (headless Chromium)", .serialized)
struct BrowserTests {
    let fixture = ServerFixture.shared

    static func chromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs Chromium headless with `arguments`; returns standard output.
    static func run(_ browser: String, _ arguments: [String], profile: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                             "--user-data-dir=\(profile)", "--virtual-time-budget=8000", "--lang=zh-CN"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// A local page that posts the login form to the server, continuing to `next`.
    static func loginPage(in directory: TemporaryDirectory, port: Int, token: String, next: String) throws -> String {
        try directory.write("login-\(abs(next.hashValue)).html", """
            <!DOCTYPE html><html><body><form method="post" action="http://127.0.0.1:\(port)/login">
            <input name="token" value="\(token)"><input name="next" value="\(next)"></form>
            <script>document.forms[0].submit()</script></body></html>
            """)
    }

    @Test func consoleSearchAndCompanyPageRenderInChromium() async throws {
        guard let browser = Self.chromium() else {
            Issue.record("chromium is not installed: apt-get install chromium (the console browser check cannot run)")
            return
        }
        let directory = try TemporaryDirectory(prefix: "riskbrain-browser")
        defer { directory.remove() }
        let port = Mutex<Int?>(nil)
        let app = RiskServerApp.application(service: fixture.service, host: "127.0.0.1", port: 0, idleTimeout: 600) { bound in port.withLock { $0 = bound } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var bound: Int?
            for _ in 0..<200 where bound == nil {
                try await Task.sleep(nanoseconds: 25_000_000)
                bound = port.withLock { $0 }
            }
            let serverPort = try #require(bound)
            let profile = directory.url.appendingPathComponent("profile").path

            let search = try Self.run(browser, ["--dump-dom", "file://" + Self.loginPage(in: directory, port: serverPort, token: fixture.analyst,
                                                                                            next: "/?q=\(fixture.company)")], profile: profile)
            #expect(search.contains(fixture.companyName), "search page DOM: \(search.prefix(300))")
            #expect(search.contains("href=\"/companies/\(fixture.company)\""))

            let loginForCompany = try Self.loginPage(in: directory, port: serverPort, token: fixture.analyst, next: "/companies/\(fixture.company)")
            let dom = try Self.run(browser, ["--dump-dom", "file://" + loginForCompany], profile: profile)
            #expect(dom.contains("<h1 id=\"company-name\">\(fixture.companyName)</h1>"))
            #expect(dom.contains("id=\"score\""))
            let scoreText = dom.range(of: "id=\"score\">").map { dom[$0.upperBound...].prefix(while: { $0 != "<" }) } ?? ""
            #expect(Double(scoreText) != nil, "score in the DOM: \(scoreText)")

            let screenshot = directory.url.appendingPathComponent("company.png").path
            _ = try Self.run(browser, ["--screenshot=\(screenshot)", "--window-size=1280,2000", "file://" + loginForCompany], profile: profile)
            let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
            #expect(png.count > 10_000)
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            if let keep = ProcessInfo.processInfo.environment["RISKBRAIN_KEEP_SCREENSHOT"] {
                try? FileManager.default.removeItem(atPath: keep)
                try FileManager.default.copyItem(atPath: screenshot, toPath: keep)
            }
            group.cancelAll()
        }
    }
}
