/// Finds the first YAML alias (`*name`) in a model file's text, before the file is composed.
///
/// An alias used as a mapping key, or inside one, makes Yams' duplicate-key check hash the
/// whole node the alias stands for; nine nested anchors of ten items each are 10⁹ nodes, and
/// `model check` ran for minutes on a 449-byte file (found by fuzzing). Yams has no event API
/// and no limit on alias expansion, so model files may hold no alias at all: a model is a
/// short hand-edited file, the repository's uses none, and a value written out is clearer to a
/// reviewer of the model than a reference to another place.
///
/// The scan is a small YAML lexer, only as precise as that needs: a `*` starts an alias
/// where a node may start (at the start of a line after its indentation, after an entry's
/// `- ` or `? `, after `: `, or after `[`, `{` or a comma inside a flow collection), and not
/// inside a quoted scalar, a block scalar (`|`, `>`) or a comment. A `*` inside a plain
/// scalar (`a *b`, `x - *y`, `a, *b`) is text, as in YAML.
enum YAMLAliasScan {
    /// The 1-based line and column (in characters) of the first alias in `text`, or nil.
    /// - Complexity: O(n) in the length of `text`.
    static func firstAlias(in text: String) -> (line: Int, column: Int)? {
        let bytes = Array(text.utf8)
        let n = bytes.count
        var i = 0, line = 1, lineStart = 0
        /// The last byte that was not a space since the line began (nil: none yet), and
        /// whether a space followed it.
        var last: UInt8? = nil
        var spaceSinceLast = false
        /// Whether `last` was an indicator (`-`/`?` starting an entry, `:`, a flow bracket
        /// opening, a comma inside a flow collection), and the depth of flow collections.
        var lastIndicator = false
        var flowDepth = 0
        func column(_ index: Int) -> Int {
            // Characters, not bytes: count the bytes that start a UTF-8 sequence.
            bytes[lineStart..<index].reduce(1) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
        }
        func indentation(from start: Int) -> Int {
            var k = start
            while k < n, bytes[k] == 0x20 { k += 1 }
            return k - start
        }
        func newline(at index: Int) {
            line += 1; lineStart = index + 1; last = nil; spaceSinceLast = false
        }
        while i < n {
            let c = bytes[i]
            if c == 0x0A { newline(at: i); i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D { if last != nil { spaceSinceLast = true }; i += 1; continue }
            // A comment: `#` at the start of a line or after a space.
            if c == 0x23, last == nil || spaceSinceLast {
                while i < n, bytes[i] != 0x0A { i += 1 }
                continue
            }
            let nodeStart: Bool
            switch last {
            case nil: nodeStart = true
            case UInt8(ascii: "[")?, UInt8(ascii: "{")?, UInt8(ascii: ",")?: nodeStart = lastIndicator
            default: nodeStart = lastIndicator && spaceSinceLast
            }
            if nodeStart {
                switch c {
                case UInt8(ascii: "*"):
                    return (line, column(i))
                case UInt8(ascii: "&"), UInt8(ascii: "!"):
                    // An anchor or a tag: the node starts after it.
                    while i < n, ![0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                                   UInt8(ascii: "{"), UInt8(ascii: "}")].contains(bytes[i]) { i += 1 }
                    continue
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    // A quoted scalar, possibly over several lines.
                    let quote = c
                    i += 1
                    while i < n {
                        let q = bytes[i]
                        if q == 0x0A { newline(at: i); i += 1; continue }
                        if quote == UInt8(ascii: "\""), q == UInt8(ascii: "\\") { i += 2; continue }
                        if q == quote {
                            if quote == UInt8(ascii: "'"), i + 1 < n, bytes[i + 1] == quote { i += 2; continue }
                            break
                        }
                        i += 1
                    }
                    i += 1
                    last = quote; spaceSinceLast = false; lastIndicator = false
                    continue
                case UInt8(ascii: "|"), UInt8(ascii: ">") where flowDepth == 0:
                    // A block scalar: the rest of this line, then every line that is blank or
                    // indented deeper than this one.
                    let parent = indentation(from: lineStart)
                    while i < n, bytes[i] != 0x0A { i += 1 }
                    while i < n {
                        // `i` is at a newline: look at the next line.
                        let next = i + 1
                        var end = next
                        while end < n, bytes[end] != 0x0A { end += 1 }
                        let blank = bytes[next..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                        guard blank || indentation(from: next) > parent else { break }
                        newline(at: i)
                        i = end
                    }
                    continue
                default:
                    break
                }
            }
            switch c {
            case UInt8(ascii: "-"), UInt8(ascii: "?"): lastIndicator = nodeStart
            case UInt8(ascii: ":"): lastIndicator = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                lastIndicator = nodeStart || flowDepth > 0
                if lastIndicator { flowDepth += 1 }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flowDepth > 0 { flowDepth -= 1 }
                lastIndicator = false
            case UInt8(ascii: ","): lastIndicator = flowDepth > 0
            default: lastIndicator = false
            }
            last = c; spaceSinceLast = false
            i += 1
        }
        return nil
    }
}
