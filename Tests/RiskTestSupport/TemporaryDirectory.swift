import Foundation

/// A fresh directory under the system temporary directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(prefix: String = "riskbrain-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` as UTF-8 to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// Writes raw bytes to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, bytes: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try bytes.write(to: file)
        return file.path
    }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Paths in the repository and in ../shared, found from this source file's location.
public enum RepositoryPaths {
    /// The package root (the folder holding Package.swift).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    /// `../shared` beside the package root.
    public static var shared: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared") }
    /// The exchange-format fixture of the peer benchmark.
    public static var benchFixture: URL { shared.appendingPathComponent("bench/fixture") }
    /// `../shared/data/NAME`.
    public static func sharedData(_ name: String) -> URL { shared.appendingPathComponent("data").appendingPathComponent(name) }
    /// The built `riskbrain` executable beside the test bundle.
    public static var executable: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The test runner may sit inside an .xctest bundle (Contents/MacOS on Darwin).
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("riskbrain").path),
              directory.pathComponents.count > 1 {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("riskbrain")
    }
}
