//! The one place that parses YAML: everything else receives typed values or positioned errors.
//!
//! serde_yaml is archived upstream but was chosen by the project's owner; keeping it behind this
//! module means it can be swapped for another YAML parser without touching the rest of kilavuz.

use serde::de::DeserializeOwned;

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
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let mut err = error(e);
        if let Some(line) = duplicate_key_line(text, &err.message) {
            (err.line, err.col) = (line, 1);
        }
        err
    })?;
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
