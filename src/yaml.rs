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
