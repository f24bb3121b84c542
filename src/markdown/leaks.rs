//! The leak pass: any `[!…]` or `:::…` syntax still in the text after the other passes is
//! reported with its position and removed, so unsupported DocFX syntax never shows as literal
//! text in a page.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{LineIndex, Spanned};
use crate::diagnostics::Diagnostic;

/// Removes leftover DocFX syntax from text events, reporting each occurrence.
pub fn strip<'a>(
    mut events: Vec<Spanned<'a>>,
    lines: &LineIndex,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    let mut in_code = false;
    for (event, range) in &mut events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                if let Some((clean, found)) = clean(text) {
                    for (at, token) in found {
                        let (line, col) = lines.position(range.start + at.min(range.len()));
                        diagnostics.push(
                            Diagnostic::warning(
                                "markdown.unsupported_syntax",
                                file,
                                format!("`{token}` is not supported and was left out of the page"),
                            )
                            .at(line, col)
                            .hint("see the DocFX syntax kilavuz renders in the guide (docs/content/en-US/writing-articles.md)"),
                        );
                    }
                    *text = CowStr::from(clean);
                }
            }
            _ => {}
        }
    }
    events
}

/// The text without `[!word …]` and `:::…:::` tokens, and each token with its offset.
fn clean(text: &str) -> Option<(String, Vec<(usize, String)>)> {
    if !super::has_marker(text, "[!") && !super::has_marker(text, ":::") {
        return None;
    }
    let mut found = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let token_len = if is_bang_token(rest) {
            rest.find(']').map_or(rest.len(), |e| e + 1)
        } else if let Some(after) = rest.strip_prefix(":::") {
            after.find(":::").map_or(rest.len(), |e| e + 6)
        } else {
            0
        };
        if token_len > 0 {
            found.push((i, rest[..token_len].to_string()));
            i += token_len;
            continue;
        }
        let c = rest.chars().next().expect("i is inside the text");
        out.push(c);
        i += c.len_utf8();
    }
    (!found.is_empty()).then_some((out, found))
}

/// `[!` followed by a letter: DocFX's extension family.
fn is_bang_token(text: &str) -> bool {
    text.strip_prefix("[!")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_removed_and_reported() {
        let (out, found) = clean("a [!div class=\"x\"] b :::zone::: c").unwrap();
        assert_eq!(out, "a  b  c");
        assert_eq!(found[0], (2, "[!div class=\"x\"]".to_string()));
        assert_eq!(found[1].1, ":::zone:::");
        assert!(clean("a [link] ! b").is_none());
    }

    #[test]
    fn code_blocks_keep_their_text() {
        let body = "```\n[!NOTE]\n```\n\n> [!Nota]\n> x\n";
        let events = super::super::merge_text(
            pulldown_cmark::Parser::new_ext(body, super::super::options())
                .into_offset_iter()
                .collect(),
        );
        let mut diags = Vec::new();
        let lines = LineIndex::new(body, 3);
        let events = strip(events, &lines, Path::new("a.md"), &mut diags);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|e| e.0));
        assert!(html.contains("<code>[!NOTE]\n</code>"), "{html}");
        assert!(!html.contains("Nota"), "{html}");
        assert_eq!((diags.len(), diags[0].line), (1, 7));
    }
}
