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
/// Not thread-safe: one generator owns each writer.
public final class CSVFileWriter {
    /// The file's path.
    public let path: String
    /// Data rows written (the header not counted).
    public private(set) var rows = 0
    /// Bytes written, header included.
    public private(set) var bytes = 0

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var rowStart = true
    private static let flushThreshold = 1 << 20

    /// Creates (truncating) the file at `path` and writes the header row.
    public init(path: String, header: [String]) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw SynthError.cannotWrite(path: path)
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
        for name in header { field(name) }
        buffer.append(0x0A)
        rowStart = true
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
        buffer.append(contentsOf: utf8)
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
    public func field(bool value: Bool) { separate(); buffer.append(value ? 0x31 : 0x30) }

    // MARK: Composite fields

    /// Opens a field built from several pieces; returns the mark ``endField(_:)`` needs.
    public func beginField() -> Int {
        separate()
        return buffer.count
    }

    /// Closes a field opened at `mark`, quoting it in place if it holds `,` `"` or a line break.
    public func endField(_ mark: Int) {
        var needsQuotes = false
        var quotes = 0
        var index = mark
        let end = buffer.count
        while index < end {
            let byte = buffer[index]
            if byte == 0x22 { quotes += 1; needsQuotes = true }
            else if byte == 0x2C || byte == 0x0A || byte == 0x0D { needsQuotes = true }
            index += 1
        }
        guard needsQuotes else { return }
        let content = Array(buffer[mark..<end])
        buffer.removeSubrange(mark..<end)
        buffer.reserveCapacity(buffer.count + content.count + quotes + 2)
        buffer.append(0x22)
        for byte in content {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }

    /// Appends UTF-8 bytes to the open field.
    @inline(__always)
    public func append(_ utf8: [UInt8]) { buffer.append(contentsOf: utf8) }

    /// Appends text to the open field.
    @inline(__always)
    public func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Appends a decimal integer to the open field.
    public func appendInt(_ value: Int) {
        if value < 0 { buffer.append(0x2D); appendInt(-value); return }
        if value < 10 { buffer.append(0x30 + UInt8(value)); return }
        let start = buffer.count
        var rest = value
        while rest > 0 {
            buffer.append(0x30 + UInt8(rest % 10))
            rest /= 10
        }
        buffer[start...].reverse()
    }

    /// Appends `value` zero-padded to `width` digits.
    public func appendPadded(_ value: Int, width: Int) {
        var magnitude = 10
        var digits = 1
        while value >= magnitude && digits < 19 { magnitude &*= 10; digits += 1 }
        if digits < width { for _ in digits..<width { buffer.append(0x30) } }
        appendInt(value)
    }

    /// Appends a `YYYY-MM-DD` date given as a day number.
    public func appendDate(_ day: Int) {
        let date = LocalDate(dayNumber: day)
        appendPadded(date.year, width: 4)
        buffer.append(0x2D)
        appendPadded(date.month, width: 2)
        buffer.append(0x2D)
        appendPadded(date.day, width: 2)
    }

    /// Appends a decimal given in hundredths with trailing fraction zeros removed.
    public func appendHundredths(_ value: Int) {
        if value < 0 { buffer.append(0x2D); appendHundredths(-value); return }
        appendInt(value / 100)
        let fraction = value % 100
        if fraction == 0 { return }
        buffer.append(0x2E)
        buffer.append(0x30 + UInt8(fraction / 10))
        if fraction % 10 != 0 { buffer.append(0x30 + UInt8(fraction % 10)) }
    }

    // MARK: Rows

    /// Ends the current row; flushes the buffer to the file when it holds 1 MiB or more.
    public func endRow() throws {
        buffer.append(0x0A)
        rowStart = true
        rows += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes the buffer out and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try buffer.withUnsafeBytes { try handle.write(contentsOf: $0) }
        } catch {
            throw SynthError.cannotWrite(path: path)
        }
        bytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func separate() {
        if rowStart { rowStart = false } else { buffer.append(0x2C) }
    }
}
