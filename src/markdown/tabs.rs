//! The tab pass: DocFX tabbed sections (`# [Linux](#tab/linux)` headings, ended by `---`)
//! become a group of titled panels.
//!
//! The panels are plain HTML that reads well without JavaScript: each shows its title, all are
//! visible, and the `#tab/…` links never reach the link checker as broken anchors.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Spanned, escape_html};

/// Turns tab headings and their content into `<div class="tabs">` groups.
pub fn group(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let tabs = (0..events.len()).any(|i| {
        matches!(events[i].0, Event::Start(Tag::Heading { .. }))
            && tab_heading(&events, i).is_some()
    });
    if !tabs {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<HeadingLevel> = None;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if let Event::Start(Tag::Heading { level, .. }) = event {
            if let Some((id, title, end)) = tab_heading(&events, i) {
                let mut html = String::new();
                if open.is_some() {
                    html.push_str("</section>\n");
                } else {
                    html.push_str("<div class=\"tabs\">\n");
                }
                html.push_str(&format!(
                    "<section class=\"tab\" id=\"tab-{}\"><p class=\"tab-title\">{}</p>\n",
                    escape_html(&id),
                    escape_html(&title)
                ));
                out.push((Event::Html(CowStr::from(html)), range.clone()));
                open = Some(*level);
                i = end + 1;
                continue;
            }
            if open.is_some_and(|l| *level <= l) {
                out.push((close(), range.clone()));
                open = None;
            }
        }
        if matches!(event, Event::Rule) && open.take().is_some() {
            out.push((close(), range.clone()));
            i += 1;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    if open.is_some() {
        out.push((close(), 0..0));
    }
    out
}

fn close() -> Event<'static> {
    Event::Html(CowStr::from("</section>\n</div>\n"))
}

/// A heading at `start` whose only content is a `#tab/id` link: its id, title and end index.
fn tab_heading(events: &[Spanned<'_>], start: usize) -> Option<(String, String, usize)> {
    let Some((Event::Start(Tag::Link { dest_url, .. }), _)) = events.get(start + 1) else {
        return None;
    };
    let id = dest_url.strip_prefix("#tab/")?.to_string();
    let mut title = String::new();
    let mut i = start + 2;
    loop {
        match &events.get(i)?.0 {
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            Event::End(TagEnd::Link) => break,
            _ => {}
        }
        i += 1;
    }
    matches!(events.get(i + 1)?.0, Event::End(TagEnd::Heading(_))).then_some((id, title, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        let events = pulldown_cmark::Parser::new_ext(markdown, super::super::options())
            .into_offset_iter()
            .collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, group(events).into_iter().map(|e| e.0));
        out
    }

    #[test]
    fn tabs_group_until_a_rule() {
        let out = html(
            "# [Linux](#tab/linux)\n\nApt.\n\n# [Windows](#tab/windows)\n\nWinget.\n\n---\n\nAfter.\n",
        );
        assert_eq!(
            out,
            "<div class=\"tabs\">\n<section class=\"tab\" id=\"tab-linux\"><p class=\"tab-title\">Linux</p>\n<p>Apt.</p>\n</section>\n<section class=\"tab\" id=\"tab-windows\"><p class=\"tab-title\">Windows</p>\n<p>Winget.</p>\n</section>\n</div>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn a_higher_heading_closes_the_group_and_plain_headings_stay() {
        let out = html("## [A](#tab/a)\n\nx\n\n# Next\n\n## [Link](other.md)\n");
        assert!(out.contains("</section>\n</div>\n<h1>Next</h1>"), "{out}");
        assert!(
            out.contains("<h2><a href=\"other.md\">Link</a></h2>"),
            "{out}"
        );
    }
}
