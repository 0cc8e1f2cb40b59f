import Foundation
import RiskDomain

/// Writes one exchange-format CSV file row by row through a 1 MiB buffer.
///
/// UTF-8 without BOM, `\n` line ends, RFC 4180 quoting applied only to a field that holds
/// a comma, a quote or a line break. Fields are appended as raw UTF-8 bytes; a composite
/// field is opened with ``beginField()``, filled with the `append…` calls and closed with
/// ``endField(_:)``, which quotes it in place when needed. Memory is the buffer only: the
/// file is never held whole. Appending is amortised O(bytes).
///
/// Not thread-safe: one generator owns each writer. The mutable state lives behind an
/// unsafe pointer rather than in stored `var` properties: a class's stored properties get
/// a dynamic exclusivity check on every access, which cost a quarter of the generator's
/// time (measured with perf at 200,000 companies); a single owner on one thread makes the
/// check unnecessary.
public final class CSVFileWriter {
    /// The file's path.
    public let path: String
    /// Data rows written (the header not counted).
    public var rows: Int { state.pointee.rows }
    /// Bytes written, header included.
    public var bytes: Int { state.pointee.bytes }

    private struct State {
        var buffer: [UInt8] = []
        var rowStart = true
        var rows = 0
        var bytes = 0
    }

    private let handle: FileHandle
    private let state: UnsafeMutablePointer<State>
    private static let flushThreshold = 1 << 20

    /// Creates (truncating) the file at `path` and writes the header row.
    public init(path: String, header: [String]) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw SynthError.cannotWrite(path: path)
        }
        self.handle = handle
        state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
        for name in header { field(name) }
        state.pointee.buffer.append(0x0A)
        state.pointee.rowStart = true
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Whole fields

    /// A text field, quoted when it needs to be.
    public func field(_ text: String) {
        let mark = beginField()
        append(text)
        endField(mark)
    }

    /// A text field from UTF-8 bytes, quoted when it needs to be.
    public func field(_ utf8: [UInt8]) {
        let mark = beginField()
        state.pointee.buffer.append(contentsOf: utf8)
        endField(mark)
    }

    /// An empty (unknown) field.
    public func empty() { separate() }

    /// A decimal integer field.
    public func field(int value: Int) { separate(); appendInt(value) }

    /// An optional integer: empty when nil.
    public func field(int value: Int?) {
        if let value { field(int: value) } else { empty() }
    }

    /// A `YYYY-MM-DD` date field from a day number (days since 1970-01-01).
    public func field(day: Int) { separate(); appendDate(day) }

    /// An optional date: empty when nil.
    public func field(day: Int?) {
        if let day { field(day: day) } else { empty() }
    }

    /// A decimal with at most two fraction digits, given in hundredths (`1250` → `12.5`).
    public func field(hundredths: Int) { separate(); appendHundredths(hundredths) }

    /// An optional decimal in hundredths: empty when nil.
    public func field(hundredths: Int?) {
        if let hundredths { field(hundredths: hundredths) } else { empty() }
    }

    /// A boolean as `1` / `0`.
    public func field(bool value: Bool) { separate(); state.pointee.buffer.append(value ? 0x31 : 0x30) }

    // MARK: Composite fields

    /// Opens a field built from several pieces; returns the mark ``endField(_:)`` needs.
    public func beginField() -> Int {
        separate()
        return state.pointee.buffer.count
    }

    /// Closes a field opened at `mark`, quoting it in place if it holds `,` `"` or a line break.
    public func endField(_ mark: Int) {
        let end = state.pointee.buffer.count
        let (needsQuotes, quotes) = state.pointee.buffer.withUnsafeBufferPointer { bytes -> (Bool, Int) in
            var needsQuotes = false
            var quotes = 0
            for index in mark..<end {
                let byte = bytes[index]
                if byte == 0x22 { quotes += 1; needsQuotes = true }
                else if byte == 0x2C || byte == 0x0A || byte == 0x0D { needsQuotes = true }
            }
            return (needsQuotes, quotes)
        }
        guard needsQuotes else { return }
        let content = Array(state.pointee.buffer[mark..<end])
        state.pointee.buffer.removeSubrange(mark..<end)
        state.pointee.buffer.reserveCapacity(state.pointee.buffer.count + content.count + quotes + 2)
        state.pointee.buffer.append(0x22)
        for byte in content {
            if byte == 0x22 { state.pointee.buffer.append(0x22) }
            state.pointee.buffer.append(byte)
        }
        state.pointee.buffer.append(0x22)
    }

    /// Appends UTF-8 bytes to the open field.
    @inline(__always)
    public func append(_ utf8: [UInt8]) { state.pointee.buffer.append(contentsOf: utf8) }

    /// Appends text to the open field.
    @inline(__always)
    public func append(_ text: String) {
        var text = text
        text.withUTF8 { state.pointee.buffer.append(contentsOf: $0) }
    }

    /// Appends a decimal integer to the open field.
    public func appendInt(_ value: Int) {
        if value < 0 { state.pointee.buffer.append(0x2D); appendInt(-value); return }
        if value < 10 { state.pointee.buffer.append(0x30 + UInt8(value)); return }
        let start = state.pointee.buffer.count
        var rest = value
        while rest > 0 {
            state.pointee.buffer.append(0x30 + UInt8(rest % 10))
            rest /= 10
        }
        state.pointee.buffer[start...].reverse()
    }

    /// Appends `value` zero-padded to `width` digits.
    public func appendPadded(_ value: Int, width: Int) {
        var magnitude = 10
        var digits = 1
        while value >= magnitude && digits < 19 { magnitude &*= 10; digits += 1 }
        if digits < width { for _ in digits..<width { state.pointee.buffer.append(0x30) } }
        appendInt(value)
    }

    /// Appends a `YYYY-MM-DD` date given as a day number.
    public func appendDate(_ day: Int) {
        let date = LocalDate(dayNumber: day)
        appendPadded(date.year, width: 4)
        state.pointee.buffer.append(0x2D)
        appendPadded(date.month, width: 2)
        state.pointee.buffer.append(0x2D)
        appendPadded(date.day, width: 2)
    }

    /// Appends a decimal given in hundredths with trailing fraction zeros removed.
    public func appendHundredths(_ value: Int) {
        if value < 0 { state.pointee.buffer.append(0x2D); appendHundredths(-value); return }
        appendInt(value / 100)
        let fraction = value % 100
        if fraction == 0 { return }
        state.pointee.buffer.append(0x2E)
        state.pointee.buffer.append(0x30 + UInt8(fraction / 10))
        if fraction % 10 != 0 { state.pointee.buffer.append(0x30 + UInt8(fraction % 10)) }
    }

    // MARK: Rows

    /// Ends the current row; flushes the state.pointee.buffer to the file when it holds 1 MiB or more.
    public func endRow() throws {
        state.pointee.buffer.append(0x0A)
        state.pointee.rowStart = true
        state.pointee.rows += 1
        if state.pointee.buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes the state.pointee.buffer out and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        guard !state.pointee.buffer.isEmpty else { return }
        do {
            try state.pointee.buffer.withUnsafeBytes { try handle.write(contentsOf: $0) }
        } catch {
            throw SynthError.cannotWrite(path: path)
        }
        state.pointee.bytes += state.pointee.buffer.count
        state.pointee.buffer.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func separate() {
        if state.pointee.rowStart { state.pointee.rowStart = false } else { state.pointee.buffer.append(0x2C) }
    }
}
