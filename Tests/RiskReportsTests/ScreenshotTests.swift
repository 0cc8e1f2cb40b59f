import Foundation
import Testing
import RiskTestSupport
@testable import RiskReports

/// Renders the demo report with headless Chromium, when it is installed, and checks a real
/// picture came out (a person still looks at it: see the README).
@Suite("Screenshot")
struct ScreenshotTests {
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    @Test("headless Chromium renders the report to a non-trivial PNG", .enabled(if: chromium != nil))
    func screenshot() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-report")
        defer { directory.remove() }
        let page = try directory.write("report.html", ReportRenderer.html(.demo))
        let png = directory.url.appendingPathComponent("report.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(directory.path)/profile",
                             "--screenshot=\(png.path)", "--window-size=1280,2400", "file://\(page)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(data.count > 50_000, "a 1280×2400 page of text and charts is far more than \(data.count) bytes")
        // IHDR: width and height, big-endian, at bytes 16–23.
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 2400)
    }
}
