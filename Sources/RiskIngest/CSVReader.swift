/// A streaming RFC 4180 CSV reader over UTF-8 bytes.
///
/// Written by hand rather than taken from a CSV package: import is the product's hot
/// path (≈10 million rows for a million companies) and a byte-level scanner that keeps
/// fields as ranges into one reusable buffer, and makes a `String` only for the cells
/// that are used, is several times faster than the general-purpose CSV readers, which
/// build a `String` per cell and per row.
///
/// Rules: `,` separates fields; a field starting with `"` is quoted and may hold commas,
/// line breaks and `""` for a quote; records end at `\n` or `\r\n`; text after a closing
/// quote is kept as written (lenient); blank lines are skipped. A record longer than
/// ``maximumRecordBytes`` is an error (an unterminated quote would otherwise read the
/// whole file into memory). Line numbers are physical lines, the header being line 1.
///
/// - Complexity: O(n) in the bytes of the file; a record that straddles a chunk
///   boundary is scanned twice. Memory: one chunk plus the longest record.
final class CSVReader {
    /// A record may not exceed 64 MiB.
    static let maximumRecordBytes = 64 << 20

    private let stream: DecodedByteStream
    private var path: String { stream.source.path }
    /// Decoded bytes; `consumed` is where the next record starts.
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var exhausted = false
    /// Line number of the next unread byte.
    private var line = 1

    /// The physical line where the current record starts.
    private(set) var recordLine = 0
    /// Field ranges of the current record in `buffer`, and how to read them:
    /// 0 plain, 1 quoted (range is the inside, no `""`), 2 quoted with `""` or trailing text (range is raw).
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var forms: [UInt8] = []

    init(stream: DecodedByteStream) {
        self.stream = stream
        buffer.reserveCapacity(FileByteSource.chunkSize * 2)
    }

    var fieldCount: Int { starts.count }
    var encoding: DetectedEncoding { stream.encoding }

    /// Reads the next non-blank record; false at the end of the file.
    func next() throws(ImportError) -> Bool {
        while true {
            switch try scanRecord() {
            case .record:
                if starts.count == 1, forms[0] == 0, isBlank(starts[0], ends[0]) { continue }
                return true
            case .needMore:
                if consumed > 0 {
                    buffer.removeSubrange(0..<consumed)
                    consumed = 0
                }
                if buffer.count > Self.maximumRecordBytes {
                    throw .recordTooLong(path: path, line: line)
                }
                if try !stream.fill(&buffer) { exhausted = true }
            case .end:
                return false
            }
        }
    }

    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte != 0x20, byte != 0x09, byte != 0x0D { return false }
            index += 1
        }
        return true
    }

    private enum ScanResult { case record, needMore, end }

    /// Scans one record starting at `consumed`. On `.needMore` nothing is committed.
    private func scanRecord() throws(ImportError) -> ScanResult {
        // The field arrays are moved into locals for the scan and back after: appending
        // to a class's stored arrays inside the closure costs a dynamic exclusivity check
        // per append (three per field, ~17 % of the parser's CPU in a profile at 200k).
        var starts: [Int] = [], ends: [Int] = [], forms: [UInt8] = []
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        swap(&forms, &self.forms)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        forms.removeAll(keepingCapacity: true)
        defer {
            swap(&starts, &self.starts)
            swap(&ends, &self.ends)
            swap(&forms, &self.forms)
        }
        let count = buffer.count
        let consumed = self.consumed
        let exhausted = self.exhausted
        var consumedCandidate = 0
        if consumed >= count { return exhausted ? .end : .needMore }
        var newLines = 0
        var nulAt = -1
        var bareCR = false
        let result: ScanResult = buffer.withUnsafeBufferPointer { bytes -> ScanResult in
            var position = consumed
            while true {
                let fieldStart = position
                if position < count, bytes[position] == 0x22 {
                    // Quoted field.
                    var index = position + 1
                    var doubled = false
                    var closing = -1
                    while index < count {
                        let byte = bytes[index]
                        if byte == 0x22 {
                            if index + 1 < count, bytes[index + 1] == 0x22 { doubled = true; index += 2; continue }
                            if index + 1 == count, !exhausted { return .needMore }
                            closing = index
                            break
                        }
                        if byte == 0x0A { newLines += 1 } else if byte == 0 { nulAt = index; return .record }
                        index += 1
                    }
                    if closing < 0 {
                        if !exhausted { return .needMore }
                        // Unterminated quote at the end of the file: reported by the caller.
                        nulAt = -2
                        return .record
                    }
                    // After the closing quote: a delimiter, or lenient trailing text.
                    var after = closing + 1
                    if after == count, !exhausted { return .needMore }
                    let clean = after == count || bytes[after] == 0x2C || bytes[after] == 0x0A
                        || (bytes[after] == 0x0D && (after + 1 == count || bytes[after + 1] == 0x0A))
                    if clean && !doubled {
                        starts.append(fieldStart + 1); ends.append(closing); forms.append(1)
                        if after < count, bytes[after] == 0x0D { after += 1 }
                    } else {
                        while after < count, bytes[after] != 0x2C, bytes[after] != 0x0A {
                            if bytes[after] == 0 { nulAt = after; return .record }
                            if bytes[after] == 0x0D, Self.isBareCR(bytes, after, count) { bareCR = true; return .record }
                            after += 1
                        }
                        if after == count, !exhausted { return .needMore }
                        // A CR before the line feed is removed with the trimming.
                        starts.append(fieldStart); ends.append(after); forms.append(2)
                    }
                    position = after
                } else {
                    var index = position
                    while index < count {
                        let byte = bytes[index]
                        if byte == 0x2C || byte == 0x0A { break }
                        if byte < 0x0E {
                            if byte == 0 { nulAt = index; return .record }
                            if byte == 0x0D, Self.isBareCR(bytes, index, count) { bareCR = true; return .record }
                        }
                        index += 1
                    }
                    if index == count, !exhausted { return .needMore }
                    var end = index
                    if index < count, bytes[index] == 0x0A, end > fieldStart, bytes[end - 1] == 0x0D { end -= 1 }
                    starts.append(fieldStart); ends.append(end); forms.append(0)
                    position = index
                }
                // position is at ',', '\n' or the end of the data.
                if position < count, bytes[position] == 0x2C {
                    position += 1
                    if position == count {
                        if !exhausted { return .needMore }
                        starts.append(position); ends.append(position); forms.append(0)
                        consumedCandidate = position
                        return .record
                    }
                    continue
                }
                if position < count { newLines += 1; position += 1 }
                consumedCandidate = position
                return .record
            }
        }
        // Both name the record's first line and the field's number, as a rejected cell does
        // (`starts` holds the fields before the one being scanned).
        if nulAt == -2 { throw .unterminatedQuote(path: path, line: line, column: starts.count + 1) }
        if nulAt >= 0 { throw .binary(path: path, line: line, column: starts.count + 1) }
        if bareCR { throw .bareCarriageReturn(path: path, line: line, column: starts.count + 1) }
        guard result == .record else { return result }
        recordLine = line
        line += newLines
        self.consumed = consumedCandidate
        return .record
    }

    /// True when the CR at `index` ends no line: the next byte after it and any CRs that
    /// follow is not LF (CR LF, CR CR LF — a CR LF written in Windows text mode — and any run
    /// of CRs before LF are line ends, as in the header and in watch lists).
    /// Records end at LF, so such a CR outside quotes means the file's lines end in bare
    /// CRs after a header that did not (``DecodedByteStream`` checks the header): the rows
    /// would run together into one record, the later rows lost as extra cells. False when
    /// the data ends before it can tell: at the end of the file a CR is trimmed, and before
    /// it the scan asks for more data and runs again.
    @inline(__always)
    static func isBareCR(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ count: Int) -> Bool {
        var next = index + 1
        while next < count, bytes[next] == 0x0D { next += 1 }
        return next < count && bytes[next] != 0x0A
    }

    // MARK: Cells

    /// The trimmed text of field `index` (empty when the record is shorter), validated as UTF-8.
    /// Returns nil when the bytes are not valid UTF-8.
    func text(_ index: Int) -> String? {
        guard index < starts.count else { return "" }
        let start = starts[index], end = ends[index]
        switch forms[index] {
        case 0, 1:
            return buffer.withUnsafeBufferPointer { bytes -> String? in
                var low = start, high = end
                Self.trim(bytes, &low, &high)
                if low == high { return "" }
                return String(validating: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
            }
        default:
            let raw = Self.unescape(buffer[start..<end])
            return raw.withUnsafeBufferPointer { bytes -> String? in
                var low = 0, high = bytes.count
                Self.trim(bytes, &low, &high)
                if low == high { return "" }
                return String(validating: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
            }
        }
    }

    /// Unescaped bytes of the current `""`-form field (reused).
    private var scratch: [UInt8] = []

    /// Calls `body` with the trimmed bytes of field `index` (empty when the record is
    /// shorter), without making a `String`; the bytes are not yet validated as UTF-8
    /// (see ``isValidUTF8(_:)``) and are valid only inside `body`.
    func withCell<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard index < starts.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = starts[index], end = ends[index]
        if forms[index] == 2 {
            scratch = Self.unescape(buffer[start..<end])
            return try scratch.withUnsafeBufferPointer { bytes in
                var low = 0, high = bytes.count
                Self.trim(bytes, &low, &high)
                return try body(UnsafeBufferPointer(rebasing: bytes[low..<high]))
            }
        }
        return try buffer.withUnsafeBufferPointer { bytes in
            var low = start, high = end
            Self.trim(bytes, &low, &high)
            return try body(UnsafeBufferPointer(rebasing: bytes[low..<high]))
        }
    }

    /// True when `bytes` are well-formed UTF-8 (no overlong forms, surrogates or code
    /// points above U+10FFFF), the rule of `String(validating:as:)`, without allocating.
    /// - Complexity: O(n), one pass.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            if lead < 0xC2 { return false }
            if lead < 0xE0 {
                guard index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 else { return false }
                index += 2
                continue
            }
            if lead < 0xF0 {
                guard index + 2 < count else { return false }
                let second = bytes[index + 1]
                switch lead {
                case 0xE0: guard second >= 0xA0, second <= 0xBF else { return false }
                case 0xED: guard second >= 0x80, second <= 0x9F else { return false }
                default: guard second & 0xC0 == 0x80 else { return false }
                }
                guard bytes[index + 2] & 0xC0 == 0x80 else { return false }
                index += 3
                continue
            }
            if lead < 0xF5 {
                guard index + 3 < count else { return false }
                let second = bytes[index + 1]
                switch lead {
                case 0xF0: guard second >= 0x90, second <= 0xBF else { return false }
                case 0xF4: guard second >= 0x80, second <= 0x8F else { return false }
                default: guard second & 0xC0 == 0x80 else { return false }
                }
                guard bytes[index + 2] & 0xC0 == 0x80, bytes[index + 3] & 0xC0 == 0x80 else { return false }
                index += 4
                continue
            }
            return false
        }
        return true
    }

    /// True when field `index` is missing or blank (no `String` is made).
    func isEmpty(_ index: Int) -> Bool {
        guard index < starts.count else { return true }
        if forms[index] == 2 { return text(index)?.isEmpty ?? false }
        return buffer.withUnsafeBufferPointer { bytes in
            var low = starts[index], high = ends[index]
            Self.trim(bytes, &low, &high)
            return low == high
        }
    }

    /// Trims ASCII space, tab, CR, LF and the ideographic space U+3000 (E3 80 80) from both ends.
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ low: inout Int, _ high: inout Int) {
        while low < high {
            let byte = bytes[low]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { low += 1; continue }
            if byte == 0xE3, high - low >= 3, bytes[low + 1] == 0x80, bytes[low + 2] == 0x80 { low += 3; continue }
            break
        }
        while high > low {
            let byte = bytes[high - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { high -= 1; continue }
            if byte == 0x80, high - low >= 3, bytes[high - 2] == 0x80, bytes[high - 3] == 0xE3 { high -= 3; continue }
            break
        }
    }

    /// Reads a raw quoted field: the quoted part with `""` → `"`, then any text after the closing quote.
    static func unescape(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        guard index < raw.endIndex, raw[index] == 0x22 else { return Array(raw) }
        index += 1
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == 0x22 {
                if index + 1 < raw.endIndex, raw[index + 1] == 0x22 { out.append(0x22); index += 2; continue }
                index += 1
                break
            }
            out.append(byte)
            index += 1
        }
        if index < raw.endIndex { out.append(contentsOf: raw[index...]) }
        return out
    }
}
