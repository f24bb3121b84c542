//! The include pass: `[!INCLUDE [title](path)]` is replaced by the included file, rendered.
//!
//! pulldown-cmark reads the form as text `[!INCLUDE `, a link and text `]`; this pass finds that
//! shape. Alone on its line it is a block include, as in DocFX, where it interrupts a paragraph:
//! the lines before and after it stay paragraphs of their own and the include goes between
//! them. Inside other text it is inline (the included paragraph's `<p>` is dropped). Reading
//! and rendering the file, with its guards, is the caller's job (see `render` in this module's
//! parent), so this pass stays a pure event transform.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{LineIndex, Spanned};

const MARKER: &str = "[!include";

/// One include found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeRef<'a> {
    /// The path as written, relative to the including file.
    pub href: &'a str,
    /// 1-based file line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Whether the include stands alone on its line (a block include).
    pub block: bool,
}

/// Replaces every include with the HTML `load` returns (nothing when it returns `None`).
pub fn expand<'a>(
    events: Vec<Spanned<'a>>,
    lines: &LineIndex,
    load: &mut dyn FnMut(&IncludeRef<'_>) -> Option<String>,
) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(event, _)| matches!(event, Event::Text(text) if marker_at(text).is_some()))
    {
        return events;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    let mut pending: Option<Spanned<'a>> = None;
    while let Some((event, range)) = pending.take().or_else(|| events.next()) {
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        let Some(at) = marker_at(text) else {
            out.push((event, range));
            continue;
        };
        let Some((Event::Start(Tag::Link { dest_url, .. }), _)) = events.peek() else {
            out.push((event, range));
            continue;
        };
        let href = dest_url.to_string();
        for (e, _) in events.by_ref() {
            if matches!(e, Event::End(TagEnd::Link)) {
                break;
            }
        }
        let after = match events.peek() {
            Some((Event::Text(t), _)) if t.starts_with(']') => {
                let rest = t[1..].to_string();
                events.next();
                rest
            }
            _ => String::new(),
        };
        let before = &text[..at];
        let line_start = matches!(
            out.last(),
            Some((
                Event::Start(Tag::Paragraph) | Event::SoftBreak | Event::HardBreak,
                _
            ))
        );
        let line_end = matches!(
            events.peek(),
            Some((
                Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak,
                _
            ))
        );
        let block = before.trim().is_empty() && after.trim().is_empty() && line_start && line_end;
        let (line, col) = lines.position(range.start + at);
        let html = load(&IncludeRef {
            href: &href,
            line,
            col,
            block,
        })
        .unwrap_or_default();
        if block {
            // The lines before it stay a paragraph of their own, and so do the lines after it.
            if let Some((Event::SoftBreak | Event::HardBreak, _)) = out.pop() {
                out.push((Event::End(TagEnd::Paragraph), range.clone()));
            }
            let reopen = matches!(
                events.next(),
                Some((Event::SoftBreak | Event::HardBreak, _))
            );
            out.push((Event::Html(CowStr::from(html)), range.clone()));
            if reopen {
                out.push((Event::Start(Tag::Paragraph), range));
            }
            continue;
        }
        if !before.is_empty() {
            out.push((Event::Text(CowStr::from(before.to_string())), range.clone()));
        }
        out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
        if !after.is_empty() {
            pending = Some((Event::Text(CowStr::from(after)), range));
        }
    }
    out
}

/// Where a text ending in `[!INCLUDE ` starts that marker.
fn marker_at(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    let start = trimmed.len().checked_sub(MARKER.len())?;
    (trimmed.is_char_boundary(start) && trimmed[start..].eq_ignore_ascii_case(MARKER))
        .then_some(start)
}

/// The inner HTML of a fragment that is one paragraph, for inline use.
pub fn inline(html: &str) -> &str {
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(markdown: &str) -> (String, Vec<(String, usize, bool)>) {
        let events = super::super::merge_text(
            pulldown_cmark::Parser::new_ext(markdown, super::super::options())
                .into_offset_iter()
                .collect(),
        );
        let lines = LineIndex::new(markdown, 1);
        let mut seen = Vec::new();
        let events = expand(events, &lines, &mut |r| {
            seen.push((r.href.to_string(), r.line, r.block));
            Some(if r.block {
                "<p>INC</p>\n".into()
            } else {
                "inc".into()
            })
        });
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|e| e.0));
        (out, seen)
    }

    #[test]
    fn block_and_inline_includes() {
        let (out, seen) = run(
            "Intro\n\n[!INCLUDE [Table](./includes/t.md)]\n\nSee [!include[x](b.md)] here.\n\n1. Step\n\n   [!INCLUDE [n](n.md)]\n",
        );
        assert_eq!(
            seen,
            [
                ("./includes/t.md".to_string(), 3, true),
                ("b.md".to_string(), 5, false),
                ("n.md".to_string(), 9, true)
            ]
        );
        assert!(
            out.contains("<p>Intro</p>\n<p>INC</p>\n<p>See inc here.</p>"),
            "{out}"
        );
        assert!(!out.contains("INCLUDE"), "{out}");
    }

    #[test]
    fn an_include_alone_on_its_line_splits_its_paragraph() {
        // The shape of the Partner Center announcements: an anchor line, then the include.
        let (out, seen) = run(
            "<a name=\"16\"></a>\n[!INCLUDE [a](a.md)]\n[!INCLUDE [b](b.md)]\nAfter  \n[!INCLUDE [c](c.md)]\ntext [!INCLUDE [d](d.md)]\n",
        );
        let blocks: Vec<bool> = seen.iter().map(|s| s.2).collect();
        assert_eq!(blocks, [true, true, true, false]);
        assert_eq!(
            out,
            "<p><a name=\"16\"></a></p>\n<p>INC</p>\n<p>INC</p>\n<p>After</p>\n<p>INC</p>\n<p>text inc</p>\n"
        );
    }

    #[test]
    fn inline_drops_a_single_paragraph() {
        assert_eq!(inline("<p>a <em>b</em></p>\n"), "a <em>b</em>");
        assert_eq!(inline("<p>a</p><p>b</p>"), "<p>a</p><p>b</p>");
    }
}
