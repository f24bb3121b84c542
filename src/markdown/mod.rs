//! Markdown to HTML: pulldown-cmark's events run through small passes, each testable alone.
//!
//! The passes are [`headings`] (ids, explicit anchors, the page's h1) and [`links`] (rewriting
//! link and image targets through a caller-given resolver). This module is the only one that
//! knows pulldown-cmark.

pub mod headings;
pub mod links;
pub mod slug;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

pub use headings::Heading;
pub use links::{LinkRef, LinkResolver};

/// An event with the byte range of the body it came from.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// What the renderer needs besides the text.
pub struct RenderInput<'a> {
    /// The markdown body (front matter already removed).
    pub body: &'a str,
    /// 1-based file line where the body starts, so positions name the file's real lines.
    pub body_line: usize,
    /// Primary language subtag of the page's locale (`tr`, `en`), for locale-aware slugs.
    pub language: &'a str,
    /// The headings of the article this one translates, whose ids it inherits.
    pub source_headings: Option<&'a [Heading]>,
}

/// A rendered article body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The page's leading `# h1`, rendered with its id, if the body starts with one.
    pub h1_html: Option<String>,
    /// The h1's plain text.
    pub h1_text: Option<String>,
    /// The body HTML without the leading h1.
    pub html: String,
    /// Every heading with its id, the h1 included, in document order.
    pub headings: Vec<Heading>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `input` to HTML, resolving every link and image through `resolver`.
pub fn render(input: &RenderInput<'_>, resolver: &mut dyn LinkResolver) -> Rendered {
    let events: Vec<Spanned<'_>> = Parser::new_ext(input.body, options())
        .into_offset_iter()
        .collect();
    let lines = LineIndex::new(input.body, input.body_line);
    let (events, headings) = headings::assign_ids(events, input.language, input.source_headings);
    let events = links::rewrite(events, &lines, resolver);
    let (h1_events, body_events) = headings::split_leading_h1(events);
    let h1_text = h1_events
        .as_ref()
        .and_then(|_| headings.first())
        .map(|h| h.text.clone());
    Rendered {
        h1_html: h1_events.map(to_html),
        h1_text,
        html: to_html(body_events),
        headings,
    }
}

fn to_html(events: Vec<Spanned<'_>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    html
}

/// Maps byte offsets of a body to the file's 1-based line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &'a str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            starts,
            first_line,
        }
    }

    /// The file line and 1-based column of `offset`; columns count characters, as editors do.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |before| before.chars().count());
        (self.first_line + line, col + 1)
    }
}

#[cfg(test)]
mod tests;
