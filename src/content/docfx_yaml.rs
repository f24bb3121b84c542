//! DocFX YAML pages (`### YamlMime:FAQ`, `Landing`, `Hub`) turned into markdown articles.
//!
//! The page's `metadata` becomes front matter and its content becomes headings, paragraphs and
//! link lists, so the result goes through the same markdown passes (links checked and
//! rewritten, alerts rendered) as any article. Strings that Learn renders as markdown (summaries,
//! answers) stay markdown; titles and link texts are escaped, so YAML never injects HTML.

use serde_json::{Map, Value};

/// The YAML page kinds rendered as pages.
const KINDS: [&str; 3] = ["FAQ", "Landing", "Hub"];

/// Whether `text` starts with a `### YamlMime:` line of a kind kilavuz renders.
pub fn is_page(text: &str) -> bool {
    mime(text).is_some_and(|kind| KINDS.contains(&kind))
}

fn mime(text: &str) -> Option<&str> {
    let first = text.trim_start_matches('\u{feff}').lines().next()?;
    first.trim().strip_prefix("### YamlMime:").map(str::trim)
}

/// Converts a YAML page to `---` front matter plus markdown; the error is the YAML problem.
pub fn to_markdown(text: &str) -> Result<String, crate::yaml::YamlError> {
    let value: Value = crate::yaml::from_str(text)?;
    let empty = Map::new();
    let page = value.as_object().unwrap_or(&empty);
    let mut out = String::from("---\n");
    if let Some(Value::Object(meta)) = page.get("metadata") {
        out.push_str(&crate::yaml::to_string(&Value::Object(meta.clone())));
    }
    out.push_str("---\n");
    if let Some(title) = page.get("title").and_then(Value::as_str) {
        out.push_str(&format!("# {}\n\n", escape_markdown(title)));
    }
    push_markdown(&mut out, page.get("summary"));
    if let Some(Value::Array(sections)) = page.get("sections") {
        for section in sections {
            faq_section(&mut out, section);
        }
    }
    for key in [
        "highlightedContent",
        "conceptualContent",
        "tools",
        "landingContent",
        "additionalContent",
    ] {
        if let Some(value) = page.get(key) {
            block(&mut out, value, 2);
        }
    }
    Ok(out)
}

fn faq_section(out: &mut String, section: &Value) {
    if let Some(name) = section.get("name").and_then(Value::as_str) {
        out.push_str(&format!("## {}\n\n", escape_markdown(name)));
    }
    let Some(Value::Array(questions)) = section.get("questions") else {
        return;
    };
    for q in questions {
        if let Some(question) = q.get("question").and_then(Value::as_str) {
            out.push_str(&format!("### {}\n\n", escape_markdown(question)));
        }
        push_markdown(out, q.get("answer"));
    }
}

/// A Landing/Hub block: a titled group of cards, link lists or links.
fn block(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Array(items) => {
            for item in items {
                block(out, item, level);
            }
            out.push('\n');
        }
        Value::String(markdown) => {
            out.push_str(markdown.trim_end());
            out.push_str("\n\n");
        }
        Value::Object(map) => {
            if let (Some(url), Some(text)) = (str_of(map, "url"), link_text(map)) {
                out.push_str(&format!(
                    "- [{}](<{}>)\n",
                    escape_markdown(text),
                    url.replace('>', "")
                ));
                return;
            }
            let heading = str_of(map, "title").or_else(|| str_of(map, "linkListType"));
            if let Some(title) = heading {
                out.push_str(&format!(
                    "\n{} {}\n\n",
                    "#".repeat(level.min(6)),
                    escape_markdown(&humanize(title))
                ));
            }
            push_markdown(out, map.get("summary"));
            let next = if heading.is_some() { level + 1 } else { level };
            for key in ["items", "sections", "linkLists", "links", "footerLink"] {
                if let Some(child) = map.get(key) {
                    block(out, child, next);
                }
            }
        }
        _ => {}
    }
}

fn str_of<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

fn link_text(map: &Map<String, Value>) -> Option<&str> {
    str_of(map, "text").or_else(|| str_of(map, "title"))
}

fn push_markdown(out: &mut String, value: Option<&Value>) {
    if let Some(text) = value.and_then(Value::as_str) {
        out.push_str(text.trim_end());
        out.push_str("\n\n");
    }
}

/// `how-to-guide` → `How to guide`; other titles unchanged.
fn humanize(text: &str) -> String {
    if text.contains(' ') || !text.contains('-') {
        return text.to_string();
    }
    let spaced = text.replace('-', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Backslash-escapes markdown punctuation so text (a YAML string, a directive's attribute) shows
/// as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faq_pages_become_articles() {
        let yaml = "### YamlMime:FAQ\nmetadata:\n  title: FAQ\n  ms.date: 05/12/2023\ntitle: Common <questions>\nsummary: |\n  Intro with [link](a.md).\nsections:\n  - name: Money\n    questions:\n      - question: Why *late*?\n        answer: |\n          > [!NOTE]\n          > Because.\n";
        assert!(is_page(yaml));
        let md = to_markdown(yaml).unwrap();
        assert!(md.starts_with("---\nms.date: 05/12/2023\ntitle: FAQ\n---\n# Common \\<questions\\>\n\nIntro with [link](a.md).\n\n## Money\n\n### Why \\*late\\*\\?\n\n> [!NOTE]\n> Because.\n"), "{md}");
    }

    #[test]
    fn markdown_strings_of_content_blocks_are_kept() {
        let md = to_markdown(
            "### YamlMime:FAQ\ntitle: T\nadditionalContent: |\n  ## Next steps\n  - [A](a.md)\n",
        )
        .unwrap();
        assert!(
            md.ends_with("# T\n\n## Next steps\n- [A](a.md)\n\n"),
            "{md}"
        );
    }

    #[test]
    fn landing_pages_list_their_links() {
        let yaml = "### YamlMime:Landing\ntitle: APIs\nlandingContent:\n  - title: Start\n    linkLists:\n      - linkListType: how-to-guide\n        links:\n          - text: Auth\n            url: auth.md\n";
        let md = to_markdown(yaml).unwrap();
        assert!(
            md.contains("## Start\n\n\n### How to guide\n\n- [Auth](<auth.md>)\n"),
            "{md}"
        );
        assert!(!is_page("items:\n- name: x\n"));
        assert!(!is_page("### YamlMime:TOC\n"));
    }
}
