import Foundation
import RiskDomain
import RiskIngest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar with rows/s on standard error, drawn only when standard error
/// is a terminal (`isatty`); when piped or redirected it prints nothing at all.
///
/// Redraws at most ten times a second; reads the real clock (this is the CLI, not a library).
final class TerminalProgress: ImportProgress {
    /// True when standard error is a terminal.
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    private var name = ""
    private var totalBytes = 0
    private var started = Date()
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    /// A bar that draws when `enabled` (default: standard error is a terminal).
    init(enabled: Bool = TerminalProgress.isTerminal) { self.enabled = enabled }

    func fileStarted(path: String, kind: RecordKind, bytes: Int) {
        name = (path as NSString).lastPathComponent
        totalBytes = bytes
        started = Date()
        lastDraw = .distantPast
    }

    func fileAdvanced(rows: Int, bytes: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        draw(rows: rows, bytes: bytes, now: now)
    }

    func fileFinished(rows: Int) {
        guard enabled, lastDraw != .distantPast else { return }
        // Clear the line: the summary that follows says the rest.
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Starts a bar for a step that is not a file import (other commands reuse the bar).
    func start(label: String, total: Int) {
        fileStarted(path: label, kind: .companies, bytes: total)
    }

    private func draw(rows: Int, bytes: Int, now: Date) {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = Int(Double(rows) / elapsed)
        let line = "\r\(name) \(bar) \(Int(fraction * 100))%  \(Self.grouped(rows)) rows  \(Self.grouped(rate)) rows/s\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
