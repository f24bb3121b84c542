//! The link pass: every link and image target goes through a resolver that may rewrite it.
//!
//! The markdown layer knows nothing about the site; the resolver (see `site::links`) decides
//! what `../billing/invoice.md#total` becomes and reports what is broken, with the position
//! this pass gives it.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{LineIndex, Spanned};

/// A link or image target as written, with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef<'a> {
    /// The destination as written (`../a.md#b`, `https://…`, `images/x.png`).
    pub href: &'a str,
    /// 1-based file line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Whether this is an image source rather than a link.
    pub image: bool,
    /// The file the link is written in (the page, or one of its includes).
    pub file: &'a Path,
    /// That file's folder relative to its content folder: relative links start there.
    pub dir: &'a str,
}

/// Where the events of one file come from.
pub struct Origin<'a> {
    /// Offsets to file positions.
    pub lines: &'a LineIndex<'a>,
    /// The file.
    pub file: &'a Path,
    /// Its folder relative to the content folder.
    pub dir: &'a str,
}

/// Decides what a link target becomes; `None` keeps it as written.
pub trait LinkResolver {
    /// Resolves one link.
    fn resolve(&mut self, link: &LinkRef<'_>) -> Option<String>;

    /// The width and height of the image the last [`LinkResolver::resolve`] call resolved to,
    /// when it is a local file whose size can be read.
    fn image_size(&mut self) -> Option<(u32, u32)> {
        None
    }
}

impl<F: FnMut(&LinkRef<'_>) -> Option<String>> LinkResolver for F {
    fn resolve(&mut self, link: &LinkRef<'_>) -> Option<String> {
        self(link)
    }
}

/// Rewrites the destinations of links and images through `resolver`. An image becomes one
/// `<img>` that loads lazily, with its width and height when the resolver knows them, so that
/// the page does not shift as images arrive.
pub fn rewrite<'a>(
    mut events: Vec<Spanned<'a>>,
    origin: &Origin<'_>,
    resolver: &mut dyn LinkResolver,
) -> Vec<Spanned<'a>> {
    // In place: the events before `kept` are the output, those from `kept` to `i` were taken
    // into an image's tag and are dropped at the end.
    let mut kept = 0;
    let mut image: Option<(String, std::ops::Range<usize>)> = None;
    for i in 0..events.len() {
        let (event, range) = &mut events[i];
        if let Some((html, _)) = &mut image {
            match event {
                Event::End(TagEnd::Image) => {
                    let end = range.end;
                    let (mut html, start) = image.take().expect("an open image");
                    html.push_str("\">");
                    events[kept] = (Event::InlineHtml(CowStr::from(html)), start.start..end);
                    kept += 1;
                }
                Event::Text(text) | Event::Code(text) => html.push_str(&super::escape_html(text)),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
                *dest_url = resolve(dest, range.start, false, origin, resolver);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
                let src = resolve(dest, range.start, true, origin, resolver);
                image = Some((img_start(&src, title, resolver.image_size()), range.clone()));
                continue;
            }
            _ => {}
        }
        events.swap(kept, i);
        kept += 1;
    }
    events.truncate(kept);
    events
}

/// An `<img>` tag up to its `alt` text, which the image's text events complete.
fn img_start(src: &str, title: &str, size: Option<(u32, u32)>) -> String {
    let mut html = format!("<img src=\"{}\"", super::escape_html(src));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", super::escape_html(title)));
    }
    if let Some((width, height)) = size {
        html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\" alt=\"");
    html
}

fn resolve<'a>(
    dest: CowStr<'a>,
    offset: usize,
    image: bool,
    origin: &Origin<'_>,
    resolver: &mut dyn LinkResolver,
) -> CowStr<'a> {
    let (line, col) = origin.lines.position(offset);
    let link = LinkRef {
        href: &dest,
        line,
        col,
        image,
        file: origin.file,
        dir: origin.dir,
    };
    match resolver.resolve(&link) {
        Some(url) => CowStr::from(url),
        None => dest,
    }
}
