// libyaml, the C library Yams parses with (Yams' own `CYaml` module): Yams has no event API.
import CYaml

/// Finds the first YAML alias (`*name`) in a model file's text, before the file is composed.
///
/// An alias used as a mapping key, or inside one, makes Yams' duplicate-key check hash the
/// whole node the alias stands for; nine nested anchors of ten items each are 10⁹ nodes, and
/// `model check` ran for minutes on a 449-byte file (found by fuzzing). Yams sets no limit on
/// alias expansion, so model files may hold no alias at all: a model is a short hand-edited
/// file, the repository's uses none, and a value written out is clearer to a reviewer of the
/// model than a reference to another place.
///
/// The text is run through libyaml's event parser, the one Yams composes from: an alias is
/// exactly what libyaml reads as one (a hand-written lexer missed aliases after block
/// scalars, in JSON-like flow mappings and after bare-CR line ends; found by review).
/// Parsing events expands nothing: linear in the text.
enum YAMLAliasScan {
    /// The 1-based line and column (in characters) of the first alias in `text`; nil when
    /// there is none, or when the text is not YAML before one (composing then reports the
    /// syntax error).
    static func firstAlias(in text: String) -> (line: Int, column: Int)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, column: Int)? in
            guard let base = buffer.baseAddress else { return nil }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let type = event.type
                let mark = event.start_mark
                yaml_event_delete(&event)
                if type == YAML_ALIAS_EVENT { return (Int(mark.line) + 1, Int(mark.column) + 1) }
                if type == YAML_STREAM_END_EVENT { return nil }
            }
            return nil
        }
    }
}
