//! The one place that parses YAML: everything else receives typed values or positioned errors.
//!
//! serde_yaml is archived upstream but was chosen by the project's owner; keeping it behind this
//! module means it can be swapped for another YAML parser without touching the rest of kilavuz.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML document that failed to parse or did not match the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the parsed text, 0 when unknown.
    pub line: usize,
    /// 1-based column within the parsed text, 0 when unknown.
    pub col: usize,
    /// The parser's explanation, without position.
    pub message: String,
}

/// Parses `text` into `T`, reporting the position of the first problem.
///
/// The text is first read as a generic YAML value, which rejects duplicate keys (a map type
/// such as `serde_json::Value` would silently keep the last one) and bounds nesting and alias
/// expansion; then it is read into `T`.
///
/// Most documents become `T` from that value without a second parse. One that the value does
/// not fit (serde_yaml reads a plain scalar such as `123` as text when `T` wants text, which its
/// value cannot) is read again from the text, which also gives a shape error its position.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let value = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let mut err = error(e);
        if let Some(line) = duplicate_key_line(text, &err.message) {
            (err.line, err.col) = (line, 1);
        }
        err
    })?;
    if let Ok(typed) = serde_yaml::from_value(value) {
        return Ok(typed);
    }
    serde_yaml::from_str(text).map_err(error)
}

/// Parses `text` into a JSON value, as [`from_str`] does. Front matter is read this way for every
/// page, and most of it is a flat map of one-line strings and booleans (`title: "…"`,
/// `ms.date: 05/16/2023`, `search: false`), which is read here without the YAML parser (the
/// parser was two thirds of loading a page); anything else goes to [`from_str`].
pub fn json(text: &str) -> Result<serde_json::Value, YamlError> {
    match flat_scalars(text) {
        Some(map) => Ok(serde_json::Value::Object(map)),
        None => from_str(text),
    }
}

/// The map of a document whose every line is blank, a comment, or `key: value` with a key that
/// starts with an ASCII letter and a one-line value that YAML reads as the text it shows (quoted
/// without escapes, or plain and neither a number, a boolean, null nor anything with `: ` or ` #`
/// inside) or a boolean as YAML 1.2 spells it (`true`, `False`, `TRUE`). `None` for anything
/// else (a duplicate key too, which [`from_str`] reports), so that whatever this reads, the YAML
/// parser reads the same way (the tests compare the two).
fn flat_scalars(text: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut map = serde_json::Map::new();
    for line in text.split('\n') {
        if line.trim_matches(' ').is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let first = key.chars().next()?;
        if !first.is_ascii_alphabetic()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            || special_word(key)
        {
            return None;
        }
        let value = value.strip_prefix(' ')?.trim_matches(' ');
        let value = match value {
            "true" | "True" | "TRUE" => serde_json::Value::Bool(true),
            "false" | "False" | "FALSE" => serde_json::Value::Bool(false),
            _ => serde_json::Value::String(one_line_string(value)?.to_string()),
        };
        if map.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    // No key at all: YAML reads null, not an empty map.
    (!map.is_empty()).then_some(map)
}

/// The text of a one-line YAML value that can only be that text, else `None`.
fn one_line_string(value: &str) -> Option<&str> {
    // Printable, in YAML's sense, and no tab, line break (libyaml breaks lines at U+0085,
    // U+2028 and U+2029 too) or byte-order mark.
    let printable = |c: char| {
        matches!(c, ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    if !value.chars().all(printable) {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.contains(quote) && !inner.contains('\\')).then_some(inner);
        }
    }
    let first = value.chars().next()?;
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '_' | 'e' | 'E');
    let text = if first.is_alphabetic() {
        !special_word(value)
    } else {
        // `05/16/2023` or a hex id such as `7063fdddee77`: a digit first, then some character no
        // number of any YAML version holds (not `0x1F`, `1e3`, `1_000`, `2024-01-01`, `1:20`).
        first.is_ascii_digit()
            && !value[1..].starts_with(['x', 'X', 'o', 'O', 'b', 'B'])
            && value.chars().any(|c| !numeric(c) && c != ':')
    };
    let plain = !value.contains(": ") && !value.contains(" #") && !value.ends_with(':');
    (text && plain).then_some(value)
}

/// Whether a plain scalar may be read as something other than text by some YAML version:
/// booleans, null and the float words.
fn special_word(word: &str) -> bool {
    const WORDS: [&str; 13] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
        "nil",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// serde_yaml reports a duplicate key at the start of its map; the second occurrence of the key
/// is where the writer has to look.
fn duplicate_key_line(text: &str, message: &str) -> Option<usize> {
    let key = message
        .split_once("duplicate entry with key \"")?
        .1
        .split_once('"')?
        .0;
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ");
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .nth(1)
        .map(|(i, _)| i + 1)
}

fn error(e: serde_yaml::Error) -> YamlError {
    let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    YamlError {
        line,
        col,
        message: strip_position(&e.to_string()),
    }
}

/// Writes `value` as YAML (used to turn parsed metadata back into front matter).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Where each value of a document starts, by its key path (`channels.2.number`; list items by
/// index). serde_yaml keeps no positions of values that parsed, so a second, event-level parser
/// (yaml-rust2) walks the same text only to record them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions(BTreeMap<String, (usize, usize)>);

impl Positions {
    /// Records the position of every key and list item in `text`; empty when it does not parse.
    pub fn of(text: &str) -> Self {
        let mut recorder = Recorder::default();
        let _ = Parser::new_from_str(text).load(&mut recorder, false);
        Self(recorder.positions)
    }

    /// The 1-based line and column of `path`, else of its nearest recorded ancestor, else (1, 1).
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(&pos) = self.0.get(path) {
                return pos;
            }
            match path.rfind('.') {
                Some(i) => path = &path[..i],
                None => return (1, 1),
            }
        }
    }
}

enum Frame {
    Map { key: Option<String> },
    Seq { next: usize },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    path: Vec<String>,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Recorder {
    /// Called when a value (scalar or collection) starts; returns whether it is a map key.
    fn value_starts(&mut self, mark: Marker) -> bool {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            Some(Frame::Seq { next }) => {
                self.path.push(next.to_string());
                *next += 1;
                self.positions.insert(self.path.join("."), position);
                false
            }
            Some(Frame::Map { key: None }) => true,
            _ => false,
        }
    }

    fn value_ends(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key }) if key.is_some() => {
                *key = None;
                self.path.pop();
            }
            Some(Frame::Seq { .. }) => {
                self.path.pop();
            }
            _ => {}
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                if self.value_starts(mark) {
                    self.path.push(text);
                    self.positions
                        .insert(self.path.join("."), (mark.line(), mark.col() + 1));
                    if let Some(Frame::Map { key }) = self.stack.last_mut() {
                        *key = Some(String::new());
                    }
                } else {
                    self.value_ends();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                self.value_starts(mark);
                self.stack
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { next: 0 }
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_ends();
            }
            Event::Alias(_) => self.value_ends(),
            _ => {}
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; the position is kept as data instead.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_line_and_column_of_a_syntax_error() {
        let err = from_str::<serde_json::Value>("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.col > 0);
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn reads_what_a_direct_parse_reads() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Shape {
            name: String,
            n: Option<f64>,
            list: Vec<String>,
        }
        for doc in [
            "name: 123\nn: 2\nlist: [yes, 1.5, ~, x]\n",
            "name: x\nlist: []\n",
            "name: !t x\nlist: [a]\n",
            "name: x\nn: many\nlist: [a]\n",
        ] {
            assert_eq!(
                from_str::<Shape>(doc).ok(),
                serde_yaml::from_str::<Shape>(doc).ok(),
                "{doc}"
            );
        }
        for doc in [
            "a: 1\nb: [true, null, 1.5e3, .inf, 0x10, '08', 08, -0]\nc: {d: e, 3: f}\n",
            "t: !foo bar\nu: !!str 12\n",
            "",
            "x: 2024-01-01\ny: \"İstanbul\"\n",
        ] {
            assert_eq!(
                from_str::<serde_json::Value>(doc).ok(),
                serde_yaml::from_str::<serde_json::Value>(doc).ok(),
                "{doc}"
            );
        }
    }

    /// Documents the fast path must read (`true`) or leave to the YAML parser (`false`).
    const FLAT: &[(&str, bool)] = &[
        (
            "title: \"Troubleshoot: a cluster\"\nms.date: \"05/16/2023\"\n",
            true,
        ),
        (
            "title: Sell Office 365 Government GCC for CSP\nms.topic: article\n",
            true,
        ),
        (
            "ms.date: 05/19/2021\nms.assetid: 7063fdddee77-4f43\nauthor: jischulz\n",
            true,
        ),
        (
            "# a comment\n\ntitle: 'Müşteri desteği, [plan] {x}'\n",
            true,
        ),
        (
            "title: İstanbul'un \"güneşi\"\ndescription: a:b and c#d, e.\n",
            true,
        ),
        ("title: \"\"\nx: ''\n", true),
        ("title: 12 apples\nid: 1e5x\nv: 1:20a\n", true),
        ("title: x  \nkey-two:    spaced\n", true),
        ("n: 12\n", false),
        ("n: 1.5\n", false),
        ("n: 1e3\n", false),
        ("n: 0x1F\n", false),
        ("n: 0o17\n", false),
        ("n: 1_000\n", false),
        ("n: 1.0.0\n", false),
        ("d: 2024-01-01\n", false),
        ("t: 1:20:30\n", false),
        ("b: true\nc: False\nd: TRUE\ne: false\n", true),
        ("search: false\ntitle: \"x\"\n", true),
        ("b: tRUE\n", false),
        ("b: true # c\n", false),
        ("b: No\n", false),
        ("b: off\n", false),
        ("f: .inf\n", false),
        ("f: NaN\n", false),
        ("f: Infinity\n", false),
        ("z: null\n", false),
        ("z: ~\n", false),
        ("z:\n", false),
        ("z: \n", false),
        ("z:x\n", false),
        ("z :x\n", false),
        ("z:\tx\n", false),
        ("y: yes\n", false),
        ("on: x\n", false),
        ("a: x: y\n", false),
        ("a: x #c\n", false),
        ("a: x:\n", false),
        ("a: \"x\" # c\n", false),
        ("a: \"x\\ty\"\n", false),
        ("a: 'it''s'\n", false),
        ("a: 'x\\y'\n", false),
        ("a: \"x\n", false),
        ("a: &anchor x\n", false),
        ("a: *alias\n", false),
        ("a: !tag x\n", false),
        ("a: [x, y]\n", false),
        ("a: {x: y}\n", false),
        ("a: - x\n", false),
        ("a: |\n  x\n", false),
        ("a: x\n  continued\n", false),
        ("a:\n  - x\n", false),
        ("a: x\r\nb: y\r\n", false),
        ("a: x\u{2028}y\n", false),
        ("a: x\u{85}y\n", false),
        ("a: x\u{FEFF}\n", false),
        ("a: x\na: y\n", false),
        ("1a: x\n", false),
        ("_a: x\n", false),
        ("<<: x\n", false),
        ("- a\n", false),
        ("---\na: x\n", false),
        ("# only a comment\n", false),
        ("", false),
    ];

    #[test]
    fn flat_front_matter_is_read_as_the_yaml_parser_reads_it() {
        for &(doc, flat) in FLAT {
            let fast = flat_scalars(doc);
            assert_eq!(fast.is_some(), flat, "{doc:?}");
            if let Some(map) = fast {
                let parsed = serde_yaml::from_str::<serde_json::Value>(doc).unwrap();
                assert_eq!(serde_json::Value::Object(map), parsed, "{doc:?}");
            }
            assert_eq!(
                json(doc).ok(),
                from_str::<serde_json::Value>(doc).ok(),
                "{doc:?}"
            );
        }
    }

    /// Every front matter of the real corpus (../shared/corpus) that the fast path reads, it
    /// reads as the YAML parser does; most of it takes the fast path.
    #[test]
    fn the_corpus_front_matter_takes_the_fast_path_unchanged() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let (mut fast, mut all) = (0, 0);
        for entry in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|x| x != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let Some(yaml) = text
                .strip_prefix("---\n")
                .and_then(|rest| rest.find("\n---").map(|end| &rest[..end + 1]))
            else {
                continue;
            };
            all += 1;
            if let Some(map) = flat_scalars(yaml) {
                fast += 1;
                let parsed = serde_yaml::from_str::<serde_json::Value>(yaml).unwrap();
                assert_eq!(
                    serde_json::Value::Object(map),
                    parsed,
                    "{}",
                    entry.path().display()
                );
            }
        }
        assert!(all > 500, "{all} front matters under {}", corpus.display());
        assert!(fast * 10 > all * 9, "{fast} of {all} took the fast path");
    }

    #[test]
    fn rejects_duplicate_keys() {
        let err = from_str::<serde_json::Value>("title: A\ntitle: B\n").unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn bounds_alias_expansion() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(from_str::<serde_json::Value>(&text).is_err());
    }

    #[test]
    fn records_positions_of_nested_keys_and_items() {
        let text = "id: x\nchannels:\n  - id: a\n    number: \"+1\"\n  - {id: b, url: u}\n";
        let p = Positions::of(text);
        assert_eq!(p.find("id"), (1, 1));
        assert_eq!(p.find("channels.0.number"), (4, 5));
        assert_eq!(p.find("channels.1"), (5, 5));
        assert_eq!(p.find("channels.1.url").0, 5);
        assert_eq!(p.find("channels.1.missing").0, 5);
        assert_eq!(p.find("nothing"), (1, 1));
    }

    #[test]
    fn reports_unknown_field_with_its_line() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            a: u32,
        }
        let err = from_str::<S>("a: 1\nbee: 2\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("bee"), "{}", err.message);
    }
}
