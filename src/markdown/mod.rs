//! Markdown to HTML: pulldown-cmark's events run through small passes, each testable alone.
//!
//! Before parsing, [`directives`] turns Learn's `:::image`/`:::no-loc`/`:::row`/`[!VIDEO]` into
//! markdown or HTML. After parsing: [`includes`] (`[!INCLUDE]`, rendered recursively with
//! guards), [`tabs`] (`# [Tab](#tab/id)`), [`headings`] (ids, explicit anchors, the page's h1),
//! [`alerts`] (`> [!NOTE]`), [`links`] (targets rewritten through a caller-given resolver) and
//! [`leaks`] (whatever DocFX syntax is left is reported, never printed). This module is the only
//! one that knows pulldown-cmark.

pub mod alerts;
pub mod directives;
pub mod headings;
pub mod includes;
pub mod leaks;
pub mod links;
pub mod slug;
pub mod tabs;
pub mod tasks;

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Options, Parser};

use crate::diagnostics::Diagnostic;
pub use alerts::AlertTitles;
pub use headings::Heading;
pub use links::{LinkRef, LinkResolver};
pub use slug::IdStyle;

/// How deep includes may nest.
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// How many includes one page may expand in total, so that files including each other several
/// times cannot multiply into an "include bomb" (10 includes a level, 8 levels: 10⁸ renders).
pub const MAX_INCLUDES_PER_PAGE: usize = 500;

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
    /// How headings without an explicit id get one.
    pub ids: IdStyle,
    /// The headings of the article this one translates, whose ids it inherits.
    pub source_headings: Option<&'a [Heading]>,
    /// The file the body comes from, for diagnostics.
    pub file: &'a Path,
    /// The file's folder relative to its content folder (`support`, or empty).
    pub dir: &'a str,
    /// Content folders includes are looked up in, in order (the page's locale, then the
    /// default locale). Includes never resolve outside them.
    pub content_dirs: &'a [PathBuf],
    /// Alert titles in the page's language.
    pub alert_titles: &'a AlertTitles,
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
    /// The other ids a link may land on: those raw HTML gives, includes' too (see
    /// [`headings::raw_anchors`]).
    pub anchors: Vec<String>,
    /// Problems found in the markdown (unsupported syntax, broken includes).
    pub diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// Whether a link's `#fragment` lands on something here: a heading's id or another anchor.
    pub fn has_id(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.anchors.iter().any(|a| a == id)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// One file being rendered: the page itself or an include.
struct FileInput<'a> {
    file: &'a Path,
    dir: &'a str,
    body_line: usize,
}

/// State shared by a page and its includes.
struct Renderer<'a, 'r> {
    input: &'a RenderInput<'a>,
    resolver: &'r mut dyn LinkResolver,
    stack: Vec<PathBuf>,
    included: usize,
    headings: Vec<Heading>,
    anchors: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

/// Renders `input` to HTML, resolving every link and image through `resolver`.
pub fn render(input: &RenderInput<'_>, resolver: &mut dyn LinkResolver) -> Rendered {
    let mut renderer = Renderer {
        input,
        resolver,
        stack: vec![input.file.to_path_buf()],
        included: 0,
        headings: Vec::new(),
        anchors: Vec::new(),
        diagnostics: Vec::new(),
    };
    let (text, diags) = directives::expand(input.body, input.body_line, input.file);
    renderer.diagnostics.extend(diags);
    let file = FileInput {
        file: input.file,
        dir: input.dir,
        body_line: input.body_line,
    };
    let (events, mut headings) = renderer.process(&file, &text);
    headings.append(&mut renderer.headings);
    let h1_len = headings::leading_h1_len(&events);
    let h1_text = h1_len
        .and_then(|_| headings.first())
        .map(|h| h.text.clone());
    let mut events = events.into_iter();
    Rendered {
        h1_html: h1_len.map(|len| to_html(events.by_ref().take(len), 0)),
        h1_text,
        html: to_html(events, html_capacity(&text)),
        headings,
        anchors: renderer.anchors,
        diagnostics: renderer.diagnostics,
    }
}

impl Renderer<'_, '_> {
    /// Runs every event pass over one file's (directive-expanded) text.
    fn process<'t>(
        &mut self,
        file: &FileInput<'_>,
        text: &'t str,
    ) -> (Vec<Spanned<'t>>, Vec<Heading>) {
        let lines = LineIndex::new(text, file.body_line);
        let mut parsed = Vec::with_capacity(text.len() / SOURCE_BYTES_PER_EVENT);
        parsed.extend(Parser::new_ext(text, options()).into_offset_iter());
        let events = merge_text(parsed);
        let events = includes::expand(events, &lines, &mut |r| self.include(file, r));
        let events = tabs::group(events);
        let source = (self.stack.len() == 1)
            .then_some(self.input.source_headings)
            .flatten();
        let (events, headings) =
            headings::assign_ids(events, self.input.language, self.input.ids, source);
        // Included HTML comes in as raw HTML: its headings' ids are headings, and its anchors
        // were taken when the include was rendered. An id met twice is kept once.
        for id in headings::raw_anchors(&events) {
            let heading = |h: &Heading| h.id == id;
            if !(headings.iter().any(heading)
                || self.headings.iter().any(heading)
                || self.anchors.contains(&id))
            {
                self.anchors.push(id);
            }
        }
        let events = alerts::render(events, self.input.alert_titles);
        let events = tasks::label(events);
        let origin = links::Origin {
            lines: &lines,
            file: file.file,
            dir: file.dir,
        };
        let events = links::rewrite(events, &origin, self.resolver);
        let events = leaks::strip(events, &lines, file.file, &mut self.diagnostics);
        (events, headings)
    }

    /// Reads, guards and renders one include; `None` after reporting why it cannot be used.
    fn include(&mut self, from: &FileInput<'_>, r: &includes::IncludeRef<'_>) -> Option<String> {
        let found = self.find_include(from, r.href);
        let (path, rel) = match found {
            Ok(found) => found,
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::warning("markdown.include", from.file, message)
                        .at(r.line, r.col)
                        .hint("includes are paths relative to the including file, inside the content folder"),
                );
                return None;
            }
        };
        let text = String::from_utf8(crate::fs::read(&path).ok()?).ok()?;
        let text = text.trim_start_matches('\u{feff}');
        let split = crate::content::front_matter::split(text).ok()?;
        let (expanded, diags) = directives::expand(split.body, split.body_line, &path);
        self.diagnostics.extend(diags);
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        self.included += 1;
        self.stack.push(path.clone());
        let file = FileInput {
            file: &path,
            dir: &dir,
            body_line: split.body_line,
        };
        let (events, mut headings) = self.process(&file, &expanded);
        self.stack.pop();
        self.headings.append(&mut headings);
        let html = to_html(events.into_iter(), html_capacity(&expanded));
        Some(if r.block {
            html
        } else {
            includes::inline(&html).to_string()
        })
    }

    /// The include's file and its path relative to the content folder, or why it is refused.
    fn find_include(&self, from: &FileInput<'_>, href: &str) -> Result<(PathBuf, String), String> {
        let path = href.split(['#', '?']).next().unwrap_or_default();
        let Some(rel) = crate::fs::join_relative(from.dir, path) else {
            return Err(format!(
                "include `{href}` points outside the content folder"
            ));
        };
        if self.stack.len() > MAX_INCLUDE_DEPTH {
            return Err(format!(
                "include `{href}` is nested more than {MAX_INCLUDE_DEPTH} levels deep"
            ));
        }
        if self.included >= MAX_INCLUDES_PER_PAGE {
            return Err(format!(
                "include `{href}` is one too many: a page may expand at most \
                 {MAX_INCLUDES_PER_PAGE} includes"
            ));
        }
        let file = self
            .input
            .content_dirs
            .iter()
            .map(|dir| dir.join(&rel))
            .find(|p| p.is_file())
            .ok_or_else(|| format!("include `{href}` refers to {rel}, which does not exist"))?;
        if !self
            .input
            .content_dirs
            .iter()
            .any(|dir| stays_inside(&file, dir))
        {
            return Err(format!(
                "include `{href}` is a symbolic link to a file outside the content folder"
            ));
        }
        if self.stack.contains(&file) {
            return Err(format!("include `{href}` includes itself (a cycle)"));
        }
        Ok((file, rel))
    }
}

/// Whether `file`, symbolic links resolved, is inside `dir` (also resolved).
fn stays_inside(file: &Path, dir: &Path) -> bool {
    match (std::fs::canonicalize(file), std::fs::canonicalize(dir)) {
        (Ok(file), Ok(dir)) => file.starts_with(dir),
        _ => false,
    }
}

/// Joins adjacent text events, so passes see `[!NOTE]` as one piece.
fn merge_text(mut events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    events.dedup_by(|(event, range), (kept, kept_range)| {
        let (Event::Text(next), Event::Text(prev)) = (event, kept) else {
            return false;
        };
        *prev = CowStr::from(format!("{prev}{next}"));
        kept_range.end = range.end;
        true
    });
    events
}

/// Where each `marker` (a short token such as `[!` or `:::`) starts in `text`, in order and not
/// overlapping: a vectorized search for its first byte, which the markers' passes run over
/// every text of every page (most of them short, where building a substring searcher would cost
/// more than the search).
fn markers<'t>(text: &'t str, marker: &'t str) -> impl Iterator<Item = usize> + 't {
    let (text, marker) = (text.as_bytes(), marker.as_bytes());
    let mut free = 0;
    memchr::memchr_iter(marker[0], text).filter(move |&at| {
        let found = at >= free && text[at..].starts_with(marker);
        if found {
            free = at + marker.len();
        }
        found
    })
}

/// Whether `text` holds `marker` (see [`markers`]).
fn has_marker(text: &str, marker: &str) -> bool {
    markers(text, marker).next().is_some()
}

/// About how many bytes of markdown make one event (15–20 on average in the real corpus and
/// the bench's, 11 on the densest bench page), so that a page's events are collected into one
/// vector instead of one that doubles a dozen times.
const SOURCE_BYTES_PER_EVENT: usize = 12;

/// What the HTML of `markdown` is expected to need: a little more than the markdown (1.15–1.28
/// times on average in the real corpus and the bench's), so that rendering grows the string
/// once or not at all instead of a dozen times.
fn html_capacity(markdown: &str) -> usize {
    markdown.len() + markdown.len() / 4
}

fn to_html<'a>(events: impl Iterator<Item = Spanned<'a>>, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events.map(|(e, _)| e));
    html
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
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
