//! The heading pass: every heading gets an id, explicit anchors winning over slugs.
//!
//! DocFX articles carry `<a name="id"></a>` inside headings (translations keep the English
//! anchor); `{#id}` attributes work too. Otherwise the id is a GitHub-style slug of the heading's
//! text, made unique within the page with `-1`, `-2`, …

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Spanned;
use super::slug::{IdStyle, heading_id};

/// One heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// The id the heading carries in the HTML.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Whether the id was written by the author (`<a name>` or `{#id}`).
    pub explicit: bool,
}

/// Gives every heading an id and returns the headings found.
///
/// `source` holds the headings of the article this one translates: when both have the same
/// sequence of heading levels, a heading without an explicit id takes the id of the source
/// heading at the same position, so `page#anchor` links work in every language.
pub fn assign_ids<'a>(
    mut events: Vec<Spanned<'a>>,
    language: &str,
    style: IdStyle,
    source: Option<&[Heading]>,
) -> (Vec<Spanned<'a>>, Vec<Heading>) {
    let inherited = source.filter(|source| same_structure(&events, source));
    let mut headings = Vec::new();
    let mut used = HashSet::new();
    // The anchors taken out of headings, by index: blanked at the end (an empty text writes
    // nothing), so that no event after them moves.
    let mut dropped = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let (level, written) = (*level, id.as_ref().map(|id| id.to_string()));
        let end = events[i + 1..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |k| i + 1 + k);
        let inner = &events[i + 1..end];
        let anchor = take_anchor(inner, &mut |k| dropped.push(i + 1 + k));
        let text = plain_text(inner);
        let explicit = written.or(anchor);
        let heading_id = match (&explicit, inherited) {
            (Some(id), _) => {
                used.insert(id.clone());
                id.clone()
            }
            (None, Some(source)) => unique(source[headings.len()].id.clone(), &mut used),
            (None, None) => unique(heading_id(&text, language, style), &mut used),
        };
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(heading_id.clone()));
        }
        headings.push(Heading {
            level: level_number(level),
            id: heading_id,
            text,
            explicit: explicit.is_some(),
        });
        i = end + 1;
    }
    for k in dropped {
        events[k].0 = Event::Text(CowStr::Borrowed(""));
    }
    (events, headings)
}

/// Whether `events` have exactly the heading levels of `source`, in order.
fn same_structure(events: &[Spanned<'_>], source: &[Heading]) -> bool {
    let mut levels = events.iter().filter_map(|(e, _)| match e {
        Event::Start(Tag::Heading { level, .. }) => Some(level_number(*level)),
        _ => None,
    });
    source.iter().all(|h| levels.next() == Some(h.level)) && levels.next().is_none()
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 0;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The first `<a name>` (or `id`) anchor among a heading's `inner` events, calling `drop` with
/// the index of its events (the tag, and its `</a>` when that is a separate event), which the
/// heading's HTML leaves out.
fn take_anchor(inner: &[Spanned<'_>], drop: &mut dyn FnMut(usize)) -> Option<String> {
    let mut anchor = None;
    let mut skip_close = false;
    for (k, (event, _)) in inner.iter().enumerate() {
        if let Event::InlineHtml(html) = event {
            if anchor.is_none()
                && let Some(name) = anchor_name(html)
            {
                anchor = Some(name);
                skip_close = !html.trim_end().ends_with("/>") && !html.contains("</a>");
                drop(k);
                continue;
            }
            if skip_close && html.trim().eq_ignore_ascii_case("</a>") {
                skip_close = false;
                drop(k);
                continue;
            }
        }
        skip_close = false;
    }
    anchor
}

/// The `name` or `id` of an `<a …>` tag.
pub fn anchor_name(html: &str) -> Option<String> {
    let tag = html.trim();
    let rest = tag
        .strip_prefix("<a ")
        .or_else(|| tag.strip_prefix("<A "))?;
    attribute(rest, "name")
        .or_else(|| attribute(rest, "id"))
        .filter(|v| !v.is_empty())
}

/// The ids that raw HTML gives a link to land on besides the headings' own, in document order:
/// every `id` attribute, and the `name` of every `<a>`, run after [`assign_ids`] has taken each
/// heading's first anchor. DocFX articles put `<a name="16"></a>` on a line of its own above an
/// include, or a second one in a heading (`## <a name="notice"></a><a name="17"></a>…`);
/// browsers scroll to a name as to an id.
pub fn raw_anchors(events: &[Spanned<'_>]) -> Vec<String> {
    let mut anchors = Vec::new();
    for (event, _) in events {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            html_ids(html, &mut anchors);
        }
    }
    anchors
}

/// Appends to `out` the ids the opening tags of `html` carry (see [`raw_anchors`]).
fn html_ids(html: &str, out: &mut Vec<String>) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let tag = &rest[lt + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let (name, attributes) = tag[..end]
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((&tag[..end], ""));
        if name.bytes().all(|b| b.is_ascii_alphanumeric()) && !name.is_empty() {
            let named = name
                .eq_ignore_ascii_case("a")
                .then(|| attribute(attributes, "name"))
                .flatten();
            out.extend(
                [attribute(attributes, "id"), named]
                    .into_iter()
                    .flatten()
                    .filter(|id| !id.is_empty()),
            );
        }
        rest = &tag[end..];
    }
}

/// The value of `name="value"` (or single-quoted) in a tag's attribute text.
fn attribute(text: &str, name: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + name.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let end = value[1..].find(quote)?;
                return Some(value[1..1 + end].to_string());
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// How many events the body's leading h1 (the page title as the author wrote it) takes, when
/// the body starts with one.
pub fn leading_h1_len(events: &[Spanned<'_>]) -> Option<usize> {
    let starts_with_h1 = matches!(
        events.first(),
        Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }),
            _
        ))
    );
    starts_with_h1.then(|| {
        events
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1))))
            .map_or(events.len(), |i| i + 1)
    })
}
