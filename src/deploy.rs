//! Making a built site ready for static hosting, as plain functions over the in-memory
//! [`Output`]: content-hashed names for the css/js files pages reference (so hosts can cache
//! them forever) with those references rewritten, optional HTML minification, `.nojekyll` for
//! GitHub Pages, and a manifest of every file's content hash for incremental uploads.
//!
//! Everything here depends on file contents only, so rebuilds stay byte-identical.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use serde::Serialize;

use crate::config::Config;
use crate::output::Output;
use crate::site::links::{absolute_url, page_url};

/// The manifest's file name in the output root.
pub const MANIFEST: &str = "kilavuz-manifest.json";

/// Which optional steps run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeployOptions {
    /// Put a content hash in the names of referenced css/js files.
    pub fingerprint: bool,
    /// Minify HTML.
    pub minify: bool,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    files: BTreeMap<&'a str, String>,
}

/// Runs every deploy step on `output`.
pub fn prepare(config: &Config, output: &mut Output, options: DeployOptions) {
    if options.fingerprint {
        fingerprint(config, output);
    }
    if options.minify {
        output.files.par_iter_mut().for_each(|(path, bytes)| {
            if path.ends_with(".html")
                && let Ok(text) = std::str::from_utf8(bytes)
            {
                *bytes = minify_html(text).into_bytes().into();
            }
        });
    }
    output.insert(".nojekyll", Vec::new());
    output.files.remove(MANIFEST);
    let manifest = Manifest {
        version: 1,
        files: output
            .files
            .par_iter()
            .map(|(path, bytes)| (path.as_str(), crate::hash::sha256_hex(bytes)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect(),
    };
    let json = serde_json::to_string_pretty(&manifest).expect("the manifest serializes") + "\n";
    output.insert(MANIFEST, json);
}

/// Renames every css/js file some HTML page references to `name.<hash>.ext` and rewrites the
/// references (quoted URLs, with or without the absolute base URL). A file no page references
/// keeps its name, since something outside the site may link to it.
fn fingerprint(config: &Config, output: &mut Output) {
    let candidates: Vec<(String, String)> = output
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".css") || path.ends_with(".js"))
        .map(|(path, bytes)| (path.clone(), hashed_name(path, bytes)))
        .collect();
    let mut urls: Vec<(String, String, &(String, String))> = Vec::new();
    for pair @ (old, new) in &candidates {
        urls.push((page_url(config, old), page_url(config, new), pair));
        if !config.base_url.absolute.is_empty() {
            urls.push((absolute_url(config, old), absolute_url(config, new), pair));
        }
    }
    let used: BTreeSet<&(String, String)> = output
        .files
        .par_iter_mut()
        .filter(|(path, _)| path.ends_with(".html"))
        .flat_map_iter(|(_, bytes)| rewrite(bytes, &urls))
        .collect();
    for (old, new) in used {
        if let Some(bytes) = output.files.remove(old) {
            output.files.insert(new.clone(), bytes);
        }
    }
}

/// Rewrites the quoted URLs of one HTML file; returns the renames it used.
fn rewrite<'a>(
    bytes: &mut crate::output::Bytes,
    urls: &[(String, String, &'a (String, String))],
) -> Vec<&'a (String, String)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let mut text = text.to_string();
    let mut used = Vec::new();
    for (old, new, pair) in urls {
        if !text.contains(old.as_str()) {
            continue;
        }
        for quote in ['"', '\''] {
            let needle = format!("{quote}{old}{quote}");
            if text.contains(&needle) {
                text = text.replace(&needle, &format!("{quote}{new}{quote}"));
                used.push(*pair);
            }
        }
    }
    if !used.is_empty() {
        *bytes = text.into_bytes().into();
    }
    used
}

/// `css/kilavuz.css` → `css/kilavuz.1a2b3c4d5e.css`.
fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let hash = crate::hash::sha256_hex(bytes);
    let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
    format!("{stem}.{}.{ext}", &hash[..10])
}

/// Collapses every whitespace run that spans lines to one newline, outside `pre`, `textarea`,
/// `script` and `style`, where whitespace means something. What a browser shows is unchanged.
pub fn minify_html(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some((start, tag)) = next_raw_element(&lower, pos) {
        squeeze(&html[pos..start], &mut out);
        let close = format!("</{tag}");
        let end = lower[start..]
            .find(&close)
            .map_or(html.len(), |i| start + i);
        out.push_str(&html[start..end]);
        pos = end;
    }
    squeeze(&html[pos..], &mut out);
    out
}

fn next_raw_element(lower: &str, from: usize) -> Option<(usize, &'static str)> {
    ["pre", "textarea", "script", "style"]
        .into_iter()
        .filter_map(|tag| {
            let open = format!("<{tag}");
            let mut at = from;
            while let Some(i) = lower[at..].find(&open) {
                let start = at + i;
                let next = lower.as_bytes().get(start + open.len());
                if next.is_none_or(|b| *b == b'>' || b.is_ascii_whitespace()) {
                    return Some((start, tag));
                }
                at = start + open.len();
            }
            None
        })
        .min()
}

/// Copies `text`, replacing each run of HTML (ASCII) whitespace that holds a line break with one
/// `\n`. A no-break space is not HTML whitespace and stays.
fn squeeze(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[start..i].contains(&b'\n') {
            out.push_str(&text[copied..start]);
            out.push('\n');
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_preformatted_text() {
        let html = "<div>\n    <p>a  b\u{a0}\n\u{a0}c</p>\n\n  <pre>x\n    y</pre>\n  <script>\n  let s = `\n  `;</script>\n</div>\n";
        assert_eq!(
            minify_html(html),
            "<div>\n<p>a  b\u{a0}\n\u{a0}c</p>\n<pre>x\n    y</pre>\n<script>\n  let s = `\n  `;</script>\n</div>\n"
        );
    }

    #[test]
    fn hashed_names_depend_on_content_only() {
        let a = hashed_name("css/kilavuz.css", b"body{}");
        assert_eq!(a, hashed_name("css/kilavuz.css", b"body{}"));
        assert_ne!(a, hashed_name("css/kilavuz.css", b"body{ }"));
        assert!(a.starts_with("css/kilavuz.") && a.ends_with(".css") && a.len() == 26);
    }
}
