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
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        YamlError {
            line,
            col,
            message: strip_position(&e.to_string()),
        }
    })
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
