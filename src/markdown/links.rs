//! The link pass: every link and image target goes through a resolver that may rewrite it.
//!
//! The markdown layer knows nothing about the site; the resolver (see `site::links`) decides
//! what `../billing/invoice.md#total` becomes and reports what is broken, with the position
//! this pass gives it.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag};

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
}

impl<F: FnMut(&LinkRef<'_>) -> Option<String>> LinkResolver for F {
    fn resolve(&mut self, link: &LinkRef<'_>) -> Option<String> {
        self(link)
    }
}

/// Rewrites the destinations of links and images through `resolver`.
pub fn rewrite<'a>(
    events: Vec<Spanned<'a>>,
    origin: &Origin<'_>,
    resolver: &mut dyn LinkResolver,
) -> Vec<Spanned<'a>> {
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: resolve(dest_url, range.start, false, origin, resolver),
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Image {
                    link_type,
                    dest_url: resolve(dest_url, range.start, true, origin, resolver),
                    title,
                    id,
                }),
                other => other,
            };
            (event, range)
        })
        .collect()
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
