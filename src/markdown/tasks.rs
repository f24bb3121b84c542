//! Task list items (`- [x] Done`) get their text as the checkbox's label: the item's checkbox
//! and the inline text after it are wrapped in one `<label>`, so that assistive technology reads
//! "Done, checkbox, checked" instead of an unlabelled form control.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Spanned;

/// Wraps each task checkbox and the inline content after it in a `<label>`.
pub fn label<'a>(events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(event, _)| matches!(event, Event::TaskListMarker(_)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut open = false;
    for (event, range) in events {
        if open && ends_label(&event) {
            out.push((
                Event::InlineHtml(CowStr::Borrowed("</label>")),
                range.start..range.start,
            ));
            open = false;
        }
        match event {
            Event::TaskListMarker(done) => {
                let html = if done {
                    "<label class=\"task\"><input type=\"checkbox\" disabled checked> "
                } else {
                    "<label class=\"task\"><input type=\"checkbox\" disabled> "
                };
                out.push((Event::InlineHtml(CowStr::Borrowed(html)), range));
                open = true;
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// Whether `event` leaves the task's first line of inline content.
fn ends_label(event: &Event<'_>) -> bool {
    match event {
        Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::SoftBreak | Event::HardBreak => true,
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        _ => false,
    }
}
