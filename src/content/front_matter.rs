//! Splitting an article into YAML front matter and markdown body, and reading the known keys.
//!
//! Every key is kept (`ms.*` included) for templates; the keys kilavuz itself understands are
//! read into [`FrontMatter`] with type checks that point at the key's line.

use serde_json::{Map, Value};

use super::date::Date;
use crate::diagnostics::Diagnostic;

/// An article split at its front matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    /// The markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Where a front matter block failed to split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Splits `text` (without BOM) into front matter and body.
///
/// Front matter starts with `---` on the first line and ends at the next line that is `---` or
/// `...`. A file without an opening fence is all body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let Some(first_end) = text.find('\n') else {
        return Ok(all_body(text));
    };
    if text[..first_end].trim_end() != "---" {
        return Ok(all_body(text));
    }
    let yaml_start = first_end + 1;
    let mut line_start = yaml_start;
    let mut line_no = 2;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                yaml: Some(&text[yaml_start..line_start]),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        line_start = line_end + 1;
        line_no += 1;
    }
    Err(SplitError {
        line: 1,
        message: "the front matter opened here is never closed with `---`".to_string(),
    })
}

fn all_body(text: &str) -> Split<'_> {
    Split {
        yaml: None,
        yaml_line: 0,
        body: text,
        body_line: 1,
    }
}

/// The front matter keys kilavuz understands, plus every key as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `date` (ISO) or `ms.date` (MM/DD/YYYY); `date` wins when both are present.
    pub date: Option<Date>,
    /// `draft: true` pages are built only with `--drafts`.
    pub draft: bool,
    /// `weight`: lower sorts first in navigation.
    pub weight: Option<i64>,
    /// `template`: a template name to render the page with instead of `article.html`.
    pub template: Option<String>,
    /// `search: false` keeps the page out of the search index (absent means indexed, also
    /// for files without front matter, hence not a plain `bool` whose default is `false`).
    pub search: Option<bool>,
    /// `keywords`: words a reader may search the page by that its text need not hold (DocFX's
    /// comma-separated text, or a list).
    pub keywords: Vec<String>,
    /// Every key, as written.
    pub all: Map<String, Value>,
}

/// Parses the YAML of a split front matter into [`FrontMatter`], pushing a positioned
/// diagnostic for each problem. `file_line` is the file line where the YAML starts.
pub fn parse(
    yaml: &str,
    file_line: usize,
    file: &std::path::Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let value: Value = match crate::yaml::json(yaml) {
        Ok(v) => v,
        Err(e) => {
            let line = if e.line > 0 {
                file_line + e.line - 1
            } else {
                file_line
            };
            diagnostics.push(
                Diagnostic::error(
                    "front_matter.invalid_yaml",
                    file,
                    format!("invalid YAML front matter: {}", e.message),
                )
                .at(line, e.col)
                .hint("front matter is YAML between two `---` lines; quote values that contain `: ` or start with `[`, `{`, `*` or `&`"),
            );
            return FrontMatter::default();
        }
    };
    let all = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    "front_matter.not_a_map",
                    file,
                    "front matter must be a map of `key: value` lines",
                )
                .at(file_line, 1),
            );
            return FrontMatter::default();
        }
    };
    let mut reader = KeyReader {
        all: &all,
        yaml,
        file_line,
        file,
        diagnostics,
    };
    let title = reader.string("title");
    let description = reader.string("description");
    let date = reader
        .date("date", Date::parse_iso, "YYYY-MM-DD")
        .or_else(|| reader.date("ms.date", Date::parse_us, "MM/DD/YYYY"));
    let draft = reader.boolean("draft").unwrap_or(false);
    let weight = reader.integer("weight");
    let template = reader.string("template");
    let search = reader.boolean("search");
    let keywords = reader.list("keywords");
    FrontMatter {
        title,
        description,
        date,
        draft,
        weight,
        template,
        search,
        keywords,
        all,
    }
}

struct KeyReader<'a> {
    all: &'a Map<String, Value>,
    yaml: &'a str,
    file_line: usize,
    file: &'a std::path::Path,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl KeyReader<'_> {
    fn wrong_type(&mut self, key: &str, expected: &str) {
        let line = self
            .yaml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map_or(self.file_line, |i| self.file_line + i);
        self.diagnostics.push(
            Diagnostic::error(
                "front_matter.wrong_type",
                self.file,
                format!("`{key}` must be {expected}"),
            )
            .at(line, 1),
        );
    }

    fn string(&mut self, key: &str) -> Option<String> {
        match self.all.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            _ => {
                self.wrong_type(key, "text");
                None
            }
        }
    }

    /// Text split at its commas, or a list of texts; the parts trimmed, empty ones left out.
    fn list(&mut self, key: &str) -> Vec<String> {
        let parts: Vec<String> = match self.all.get(key) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
            Some(Value::Array(items)) => {
                let texts: Option<Vec<String>> = items
                    .iter()
                    .map(|item| match item {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect();
                let Some(texts) = texts else {
                    self.wrong_type(key, "text or a list of texts");
                    return Vec::new();
                };
                texts
            }
            Some(_) => {
                self.wrong_type(key, "text or a list of texts");
                return Vec::new();
            }
        };
        parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.all.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            _ => {
                self.wrong_type(key, "true or false");
                None
            }
        }
    }

    fn integer(&mut self, key: &str) -> Option<i64> {
        match self.all.get(key)? {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::Null => None,
            _ => {
                self.wrong_type(key, "a whole number");
                None
            }
        }
    }

    fn date(&mut self, key: &str, parse: fn(&str) -> Option<Date>, form: &str) -> Option<Date> {
        let text = self.string(key)?;
        let date = parse(&text);
        if date.is_none() {
            self.wrong_type(key, &format!("a date written {form}"));
        }
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_dots_close_the_block() {
        let s = split("---\r\ntitle: A\r\n...\r\nbody").unwrap();
        assert_eq!(s.yaml, Some("title: A\r\n"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n---\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: A\n").unwrap_err().line, 1);
    }

    #[test]
    fn yaml_errors_carry_the_file_line() {
        let mut d = Vec::new();
        parse("title: ok\nbad: [\n", 2, Path::new("a.md"), &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "front_matter.invalid_yaml");
        assert!(d[0].line >= 3, "{:?}", d[0]);
    }

    #[test]
    fn keywords_are_comma_separated_text_or_a_list() {
        let mut d = Vec::new();
        let text = parse(
            "keywords: read bill, invoice ,, PDF\n",
            2,
            Path::new("a.md"),
            &mut d,
        );
        assert_eq!(text.keywords, ["read bill", "invoice", "PDF"]);
        let list = parse(
            "keywords: [fatura, 2024, ' ']\n",
            2,
            Path::new("a.md"),
            &mut d,
        );
        assert_eq!(list.keywords, ["fatura", "2024"]);
        assert!(d.is_empty(), "{d:?}");
        let wrong = parse("title: T\nkeywords: {a: b}\n", 2, Path::new("a.md"), &mut d);
        assert!(wrong.keywords.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "front_matter.wrong_type");
        assert_eq!(d[0].line, 3);
        assert!(
            d[0].message
                .contains("`keywords` must be text or a list of texts")
        );
        parse("keywords: [[a]]\n", 2, Path::new("a.md"), &mut d);
        assert_eq!(d.len(), 2, "a list of lists is wrong too");
    }

    #[test]
    fn reads_known_keys_and_keeps_all() {
        let mut d = Vec::new();
        let fm = parse(
            "title: T\nms.date: 09/26/2023\nms.topic: article\nweight: 3\n",
            2,
            Path::new("a.md"),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(fm.date.unwrap().iso(), "2023-09-26");
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.all["ms.topic"], "article");
    }

    #[test]
    fn wrong_types_point_at_the_key() {
        let mut d = Vec::new();
        parse("title: T\ndraft: maybe\n", 2, Path::new("a.md"), &mut d);
        assert_eq!(d[0].code, "front_matter.wrong_type");
        assert_eq!(d[0].line, 3);
    }
}
