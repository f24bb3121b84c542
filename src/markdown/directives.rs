//! The directive pre-pass: Learn's `:::image`, `:::no-loc`, `:::row`/`:::column` and `[!VIDEO]`
//! become plain markdown or HTML before parsing.
//!
//! It works on text because these forms carry quoted attributes that markdown would otherwise
//! break into emphasis and links. Every line stays on its line (a line may only get shorter or
//! longer, never split), so positions reported by later passes still name the file's real line;
//! fenced code is left alone. Images become `![alt](source)` so the link pass resolves them like
//! any other image (with the default locale's fallback).

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// What the pre-pass is inside of, across lines.
#[derive(Default)]
struct State {
    fence: Option<String>,
    /// Long description of a `type="complex"` image: the image's line index and the text so far.
    complex: Option<(usize, String)>,
    /// Depth of open `:::row:::`/`:::column:::` blocks.
    layout_depth: usize,
}

/// Rewrites the directives of `body` (whose first line is `first_line` of `file`).
pub fn expand(body: &str, first_line: usize, file: &Path) -> (String, Vec<Diagnostic>) {
    if !super::has_marker(body, ":::") && find_video(body).is_none() {
        return (body.to_string(), Vec::new());
    }
    let mut state = State::default();
    let mut diagnostics = Vec::new();
    let mut lines: Vec<Cow<'_, str>> = Vec::new();
    let source: Vec<&str> = body.split('\n').collect();
    let mut i = 0;
    while i < source.len() {
        let line = source[i];
        i += 1;
        if fence_line(&mut state, line) {
            lines.push(Cow::Borrowed(line));
            continue;
        }
        if state.complex.is_some() {
            let out = complex_line(&mut state, line, &mut lines, first_line, file);
            diagnostics.extend(out);
            continue;
        }
        // Most lines of a page with directives hold none: they stay as they are (but for the
        // indentation inside a layout).
        if !super::has_marker(line, ":::") && find_video(line).is_none() {
            let line = if state.layout_depth > 0 {
                line.trim_start()
            } else {
                line
            };
            lines.push(Cow::Borrowed(line));
            continue;
        }
        let (line, joined) = join_split_directive(&source, i - 1);
        let line_no = first_line + lines.len();
        let mut out = rewrite_line(&line, &mut state, &mut |col, message| {
            diagnostics.push(
                Diagnostic::warning("markdown.unsupported_syntax", file, message)
                    .at(line_no, col + 1)
                    .hint("kilavuz supports :::image, :::no-loc, :::row, :::column and [!VIDEO]"),
            );
        });
        if state.layout_depth > 0 && !line.contains(":::") {
            out = out.trim_start().to_string();
        }
        if state.complex.is_some() {
            state.complex = Some((lines.len(), String::new()));
        }
        lines.push(Cow::Owned(out));
        lines.extend(std::iter::repeat_n(Cow::Borrowed(""), joined));
        i += joined;
    }
    if let Some((at, _)) = state.complex {
        lines[at] = Cow::Owned(lines[at].replacen('\u{0}', "", 1));
    }
    (lines.join("\n"), diagnostics)
}

/// A directive whose attributes run onto the next lines (`:::image … alt-text="…` ⏎ `…":::`)
/// is joined into one line; returns it and how many following lines it took.
fn join_split_directive(source: &[&str], at: usize) -> (String, usize) {
    let mut line = source[at].to_string();
    for taken in 1..=3 {
        if line.matches(":::").count().is_multiple_of(2) {
            return (line, taken - 1);
        }
        let Some(next) = source.get(at + taken) else {
            break;
        };
        if next.trim().is_empty() {
            break;
        }
        line.push(' ');
        line.push_str(next.trim());
    }
    if line.matches(":::").count().is_multiple_of(2) {
        return (line, 3);
    }
    (source[at].to_string(), 0)
}

/// One line of a complex image's long description; it ends at `:::image-end:::` (or, reported,
/// at a blank line), and becomes the image's title.
fn complex_line(
    state: &mut State,
    line: &str,
    lines: &mut Vec<Cow<'_, str>>,
    first_line: usize,
    file: &Path,
) -> Option<Diagnostic> {
    let (at, text) = state.complex.as_mut()?;
    let ended = line.contains(":::image-end:::");
    lines.push(Cow::Borrowed(""));
    if !ended && !line.trim().is_empty() {
        let words = line.trim();
        text.push_str(
            words
                .strip_suffix(":::")
                .map_or(words, |w| w.trim_end_matches('"')),
        );
        text.push(' ');
        return None;
    }
    let description = std::mem::take(text);
    let at = *at;
    lines[at] = Cow::Owned(lines[at].replacen(
        '\u{0}',
        &format!(" \"{}\"", escape_title(description.trim())),
        1,
    ));
    state.complex = None;
    (!ended).then(|| {
        Diagnostic::warning(
            "markdown.unclosed_image",
            file,
            "this complex image has no `:::image-end:::`; its description ends at the blank line",
        )
        .at(first_line + at, 1)
        .hint("end the long description with a `:::image-end:::` line")
    })
}

/// Tracks fenced code; `true` for a line that opens, closes or lies inside a fence, which stays
/// as written.
fn fence_line(state: &mut State, line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t', '>']).trim_start();
    let marker: String = trimmed
        .chars()
        .take_while(|&c| c == '`' || c == '~')
        .collect();
    let is_fence = marker.len() >= 3 && marker.chars().all(|c| c == marker.as_bytes()[0] as char);
    match &state.fence {
        Some(open) => {
            if is_fence && marker.starts_with(open.as_str()) && trimmed.trim() == marker {
                state.fence = None;
            }
            true
        }
        None if is_fence => {
            state.fence = Some(marker);
            true
        }
        None => false,
    }
}

/// Rewrites every directive on one line; directives quoted in inline code stay as written.
fn rewrite_line(line: &str, state: &mut State, report: &mut dyn FnMut(usize, String)) -> String {
    let mut out = String::with_capacity(line.len());
    let spans = code_spans(line);
    let mut rest = line;
    let mut col = 0;
    loop {
        let colon = rest.find(":::");
        let video = find_video(rest);
        let next = match (colon, video) {
            (Some(c), Some(v)) => c.min(v),
            (Some(c), None) => c,
            (None, Some(v)) => v,
            (None, None) => break,
        };
        if let Some(span) = spans.iter().find(|span| span.contains(&(col + next))) {
            let skip = span.end - col;
            out.push_str(&rest[..skip]);
            rest = &rest[skip..];
            col += skip;
            continue;
        }
        out.push_str(&rest[..next]);
        col += next;
        let tail = &rest[next..];
        let (replacement, used) = if Some(next) == video {
            video_html(tail, col, report)
        } else {
            directive(tail, col, state, report)
        };
        out.push_str(&replacement);
        rest = &tail[used..];
        col += used;
    }
    out.push_str(rest);
    out
}

/// Byte ranges of the line's code spans: a run of backticks up to the next run of the same
/// length (CommonMark's rule, within one line).
fn code_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = line.as_bytes();
    let run_at = |at: usize| bytes[at..].iter().take_while(|&&b| b == b'`').count();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(found) = line[at..].find('`') {
        let start = at + found;
        let open = run_at(start);
        let mut search = start + open;
        at = search;
        while let Some(found) = line[search..].find('`') {
            let close_at = search + found;
            let close = run_at(close_at);
            if close == open {
                spans.push(start..close_at + close);
                at = close_at + close;
                break;
            }
            search = close_at + close;
        }
    }
    spans
}

/// Where `[!VIDEO ` starts in `text`, in any letter case.
fn find_video(text: &str) -> Option<usize> {
    super::markers(text, "[!").find(|&i| {
        text.as_bytes()
            .get(i + 2..i + 8)
            .is_some_and(|word| word.eq_ignore_ascii_case(b"video "))
    })
}

/// `[!VIDEO url]` → a responsive iframe; anything but an https URL is reported and dropped.
fn video_html(tail: &str, col: usize, report: &mut dyn FnMut(usize, String)) -> (String, usize) {
    let Some(end) = tail.find(']') else {
        report(col, "`[!VIDEO` is never closed with `]`".to_string());
        return (String::new(), tail.len());
    };
    let url = tail["[!VIDEO ".len()..end].trim();
    if !url.starts_with("https://") {
        report(
            col,
            format!("`[!VIDEO {url}]`: only https:// video URLs can be embedded"),
        );
        return (String::new(), end + 1);
    }
    let html = format!(
        "<div class=\"video\"><iframe src=\"{}\" title=\"Video\" allowfullscreen loading=\"lazy\"></iframe></div>",
        super::escape_html(url)
    );
    (html, end + 1)
}

/// One `:::name attrs:::` at the start of `tail`; returns its replacement and its length.
fn directive(
    tail: &str,
    col: usize,
    state: &mut State,
    report: &mut dyn FnMut(usize, String),
) -> (String, usize) {
    let Some(close) = tail[3..].find(":::").map(|i| i + 3) else {
        report(col, "`:::` is never closed on this line".to_string());
        return (String::new(), tail.len());
    };
    let inner = &tail[3..close];
    let used = close + 3;
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(inner.len());
    let (name, attrs) = inner.split_at(name_end);
    let attrs = parse_attrs(attrs);
    let get = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    };
    let html = match name {
        "image" => {
            let image = format!(
                "![{}]({}{})",
                crate::content::docfx_yaml::escape_markdown(get("alt-text")),
                angle(get("source")),
                if get("type") == "complex" {
                    "\u{0}"
                } else {
                    ""
                }
            );
            if get("type") == "complex" {
                state.complex = Some((0, String::new()));
            }
            match get("lightbox") {
                "" => image,
                big => format!("[{image}]({})", angle(big)),
            }
        }
        "image-end" => String::new(),
        "no-loc" => crate::content::docfx_yaml::escape_markdown(get("text")),
        "row" | "column" => {
            state.layout_depth += 1;
            format!("<div class=\"{name}\">")
        }
        "row-end" | "column-end" => {
            state.layout_depth = state.layout_depth.saturating_sub(1);
            "</div>".to_string()
        }
        other => {
            report(col, format!("`:::{other}:::` is not supported"));
            String::new()
        }
    };
    (html, used)
}

/// `key="value"` pairs (double or single quotes, or bare words).
fn parse_attrs(text: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = text.trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(end) => (&after[1..1 + end], &after[2 + end..]),
                None => (&after[1..], ""),
            },
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        attrs.push((key, value.to_string()));
        rest = remaining.trim_start();
    }
    attrs
}

/// A link destination in `<…>` so spaces and parentheses survive.
fn angle(dest: &str) -> String {
    format!("<{}>", dest.replace(['<', '>', '\n'], ""))
}

fn escape_title(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (String, Vec<Diagnostic>) {
        expand(body, 10, Path::new("a.md"))
    }

    #[test]
    fn images_become_markdown_images_on_the_same_line() {
        let (out, diags) = run(
            "Intro\n:::image type=\"content\" source=\"media/a b.png\" alt-text=\"Shot of *x*\" lightbox=\"media/big.png\":::\nEnd",
        );
        assert!(diags.is_empty());
        assert_eq!(
            out,
            "Intro\n[![Shot of \\*x\\*](<media/a b.png>)](<media/big.png>)\nEnd"
        );
    }

    #[test]
    fn directives_quoted_in_inline_code_stay_as_written() {
        let line = "Write `:::image source=\"a.png\":::` or ``[!VIDEO https://v.example/` ``, \
                    then :::no-loc text=\"Azure\":::";
        let (out, diags) = run(line);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "Write `:::image source=\"a.png\":::` or ``[!VIDEO https://v.example/` ``, then Azure"
        );
        let (out, _) = run("An unclosed ` then :::no-loc text=\"Azure\":::");
        assert_eq!(out, "An unclosed ` then Azure");
    }

    #[test]
    fn complex_images_take_their_description_as_title() {
        let (out, _) = run(
            ":::image type=\"complex\" source=\"a.png\" alt-text=\"A\":::\nLong \"text\".\n:::image-end:::\nNext",
        );
        assert_eq!(out, "![A](<a.png> \"Long \\\"text\\\".\")\n\n\nNext");
    }

    #[test]
    fn an_unclosed_complex_image_ends_at_the_blank_line() {
        let (out, diags) =
            run(":::image type=\"complex\" source=\"a.png\" alt-text=\"A\":::\nLong.\n\nNext");
        assert_eq!(out, "![A](<a.png> \"Long.\")\n\n\nNext");
        assert_eq!(
            (diags[0].code, diags[0].line),
            ("markdown.unclosed_image", 10)
        );
    }

    #[test]
    fn a_directive_split_over_lines_is_joined() {
        let (out, diags) = run(":::image source=\"a.png\" alt-text=\"One\ntwo.\":::\nNext");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(out, "![One two\\.](<a.png>)\n\nNext");
    }

    #[test]
    fn no_loc_video_and_layout() {
        let (out, diags) = run(
            "Use :::no-loc text=\"Partner Center\"::: now.\n> [!VIDEO https://www.youtube.com/embed/x?a=1&b=2]\n:::row:::\n    :::column span=\"2\":::\n        Azure\n    :::column-end:::\n:::row-end:::",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "Use Partner Center now.");
        assert_eq!(
            lines[1],
            "> <div class=\"video\"><iframe src=\"https://www.youtube.com/embed/x?a=1&amp;b=2\" title=\"Video\" allowfullscreen loading=\"lazy\"></iframe></div>"
        );
        assert_eq!(lines[2], "<div class=\"row\">");
        assert_eq!(lines[4], "Azure");
        assert_eq!(lines[6], "</div>");
    }

    #[test]
    fn unknown_directives_and_bad_videos_are_reported_and_removed() {
        let (out, diags) = run("a :::zone pivot=\"x\"::: b\n[!VIDEO 1234-guid]\n");
        assert_eq!(out, "a  b\n\n");
        assert_eq!(diags.len(), 2);
        assert_eq!((diags[0].line, diags[0].col), (10, 3));
        assert_eq!(diags[1].line, 11);
    }

    #[test]
    fn a_video_alone_in_any_letter_case_is_found() {
        let (out, diags) = run("See [!NOTE] and\n[!Video https://www.youtube.com/embed/y]\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(
            out.starts_with("See [!NOTE] and\n<div class=\"video\">"),
            "{out}"
        );
        assert_eq!(find_video("a [!vide] [!VIDEO x]"), Some(10));
        assert_eq!(find_video("[!videos x] [!vid"), None);
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let body = "```\n:::image source=\"x\":::\n```\n";
        assert_eq!(run(body).0, body);
    }
}
