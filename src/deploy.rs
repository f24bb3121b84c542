//! Making a built site ready for static hosting, as plain functions over the in-memory
//! [`Output`]: content-hashed names for the css/js files pages reference (so hosts can cache
//! them forever) with those references rewritten, optional HTML minification, `.nojekyll` for
//! GitHub Pages, and a manifest of every file's content hash for incremental uploads.
//!
//! Everything here depends on file contents only, so rebuilds stay byte-identical.
//!
//! The same steps run on files a build streams to disk ([`Stream`], a [`Sink`]) as each is
//! finished, and on the files kept in memory at the end ([`prepare`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::output::{Output, Sink, Staging};
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
    /// Write the manifest of every file's content hash (for uploads; a preview has no use for
    /// it, and hashing every file would cost each rebuild more than the rebuild itself).
    pub manifest: bool,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    files: BTreeMap<&'a str, String>,
}

/// Runs every deploy step on `output`; `streamed` is what a [`Stream`] did to the files it took.
pub fn prepare(config: &Config, output: &mut Output, options: DeployOptions, streamed: &Streamed) {
    if options.fingerprint {
        fingerprint(config, output, &streamed.used);
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
    if !options.manifest {
        return;
    }
    let mut files: BTreeMap<&str, String> = output
        .files
        .par_iter()
        .map(|(path, bytes)| (&**path, crate::hash::sha256_hex(bytes)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    files.extend(streamed.hashes.iter().map(|(p, h)| (p.as_str(), h.clone())));
    let manifest = Manifest { version: 1, files };
    let json = serde_json::to_string_pretty(&manifest).expect("the manifest serializes") + "\n";
    output.insert(MANIFEST, json);
}

/// What a [`Stream`] did: the content hash of each file it wrote, and the fingerprinted
/// files its HTML referenced.
#[derive(Debug, Default)]
pub struct Streamed {
    hashes: Vec<(String, String)>,
    used: BTreeSet<(String, String)>,
}

/// A [`Sink`] that runs the deploy steps on each finished file and writes it into a staging
/// folder at once, so that the file does not stay in memory until the end of the build.
#[derive(Debug)]
pub struct Stream {
    config: Config,
    options: DeployOptions,
    dir: PathBuf,
    /// The output folder the build replaces, whose unchanged files are linked instead of
    /// written ([`crate::fs::put`]).
    reuse: Option<PathBuf>,
    /// Fingerprint renames of the css/js files.
    urls: OnceLock<Renames>,
    /// The folders made so far, relative to `dir`: many files share one (the search index's),
    /// and asking the filesystem to make a folder that exists costs two system calls.
    folders: Mutex<HashSet<String>>,
    done: Mutex<(Streamed, Option<crate::error::Error>)>,
}

/// A fingerprint rename: `(old URL, new URL, (old path, new path))`.
type Rename = (String, String, (String, String));

/// The fingerprint renames of a build, with the file endings of their old URLs (`.css`, `.js`):
/// a page is searched once per ending instead of once per URL (with and without the base URL,
/// four to eight searches, which were 4% of a build's instructions).
#[derive(Debug, Default)]
struct Renames {
    list: Vec<Rename>,
    endings: Vec<String>,
    /// The longest old URL's length.
    longest: usize,
}

impl Renames {
    fn new(list: Vec<Rename>) -> Self {
        let mut endings: Vec<String> = list
            .iter()
            .map(|(old, _, _)| old[old.rfind('.').unwrap_or(0)..].to_string())
            .collect();
        endings.sort_unstable();
        endings.dedup();
        let longest = list.iter().map(|(old, _, _)| old.len()).max().unwrap_or(0);
        Self {
            list,
            endings,
            longest,
        }
    }
}

impl Stream {
    /// Writes into the folder of `staging`.
    pub fn new(config: &Config, options: DeployOptions, staging: &Staging) -> Self {
        Self {
            config: config.clone(),
            options,
            dir: staging.dir().to_path_buf(),
            reuse: staging.reuse().map(Path::to_path_buf),
            urls: OnceLock::new(),
            folders: Mutex::default(),
            done: Mutex::new((Streamed::default(), None)),
        }
    }

    /// Makes the folder of file `path` (relative to `dir`) unless this stream made it already.
    fn make_folder(&self, path: &str) -> Result<()> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        let folders = || self.folders.lock().expect("no writer panicked");
        if folders().contains(folder) {
            return Ok(());
        }
        crate::fs::create_dir_all(&self.dir.join(folder))?;
        folders().insert(folder.to_string());
        Ok(())
    }

    /// What was done, or the first write that failed.
    pub fn finish(&self) -> Result<Streamed> {
        let mut done = self.done.lock().expect("no writer panicked");
        if let Some(e) = done.1.take() {
            return Err(e);
        }
        let (mut streamed, _) = std::mem::take(&mut *done);
        streamed.hashes.sort_unstable();
        Ok(streamed)
    }
}

impl Sink for Stream {
    fn prepare(&self, output: &Output) {
        let urls = if self.options.fingerprint {
            renames(&self.config, output)
        } else {
            Renames::default()
        };
        self.urls.get_or_init(|| urls);
    }

    fn put(&self, path: &str, mut bytes: Vec<u8>) {
        let mut used = Vec::new();
        if path.ends_with(".html") {
            if let Some(urls) = self.urls.get() {
                let (text, renames) = rewrite(&bytes, urls);
                used = renames;
                if let Some(text) = text {
                    bytes = text;
                }
            }
            if self.options.minify
                && let Ok(text) = std::str::from_utf8(&bytes)
            {
                bytes = minify_html(text).into_bytes();
            }
        }
        let previous = self.reuse.as_ref().map(|reuse| reuse.join(path));
        let written = self
            .make_folder(path)
            .and_then(|()| crate::fs::put(&self.dir.join(path), &bytes, previous.as_deref()));
        let hash = crate::hash::sha256_hex(&bytes);
        let mut done = self.done.lock().expect("no writer panicked");
        match written {
            Ok(()) => {
                done.0.hashes.push((path.to_string(), hash));
                done.0.used.extend(used.into_iter().cloned());
            }
            Err(e) => {
                done.1.get_or_insert(e);
            }
        }
    }
}

/// The fingerprint renames of every css/js file in `output`, with the URLs that reference them.
fn renames(config: &Config, output: &Output) -> Renames {
    let mut urls = Vec::new();
    for (path, bytes) in &output.files {
        if !(path.ends_with(".css") || path.ends_with(".js")) {
            continue;
        }
        let new = hashed_name(path, bytes);
        urls.push((
            page_url(config, path),
            page_url(config, &new),
            (path.to_string(), new.clone()),
        ));
        if !config.base_url.absolute.is_empty() {
            urls.push((
                absolute_url(config, path),
                absolute_url(config, &new),
                (path.to_string(), new),
            ));
        }
    }
    Renames::new(urls)
}

/// Renames every css/js file some HTML page references (in memory, or `streamed` ones that a
/// [`Stream`] rewrote) to `name.<hash>.ext` and rewrites the references (quoted URLs, with or
/// without the absolute base URL). A file no page references keeps its name, since something
/// outside the site may link to it.
fn fingerprint(config: &Config, output: &mut Output, streamed: &BTreeSet<(String, String)>) {
    let urls = renames(config, output);
    let mut used: BTreeSet<(String, String)> = output
        .files
        .par_iter_mut()
        .filter(|(path, _)| path.ends_with(".html"))
        .flat_map_iter(|(_, bytes)| {
            let (text, used) = rewrite(bytes, &urls);
            if let Some(text) = text {
                *bytes = text.into();
            }
            used
        })
        .cloned()
        .collect();
    used.extend(streamed.iter().cloned());
    for (old, new) in used {
        if let Some(bytes) = output.files.remove(old.as_str()) {
            output.files.insert(new.into(), bytes);
        }
    }
}

/// Rewrites the quoted URLs (`"old"` or `'old'`) of one HTML file: the new text when some URL
/// was rewritten, and the renames used, in the order they occur. A URL counts when the same
/// quote is on both sides, so each ending followed by a quote is looked at: the text back to
/// the quote before it (no URL holds one) is a URL when it is one of the old ones.
fn rewrite<'a>(html: &[u8], urls: &'a Renames) -> (Option<Vec<u8>>, Vec<&'a (String, String)>) {
    let mut found: Vec<(usize, &'a Rename)> = Vec::new();
    for ending in &urls.endings {
        for at in memchr::memmem::find_iter(html, ending.as_bytes()) {
            let end = at + ending.len();
            let Some(&quote @ (b'"' | b'\'')) = html.get(end) else {
                continue;
            };
            let from = end.saturating_sub(urls.longest + 1);
            let Some(open) = memchr::memrchr(quote, &html[from..at]) else {
                continue;
            };
            let start = from + open + 1;
            if let Some(rename) = urls
                .list
                .iter()
                .find(|r| r.0.as_bytes() == &html[start..end])
            {
                found.push((start, rename));
            }
        }
    }
    if found.is_empty() {
        return (None, Vec::new());
    }
    found.sort_unstable_by_key(|(at, _)| *at);
    let mut text = Vec::with_capacity(html.len() + 64);
    let mut copied = 0;
    let mut used = Vec::with_capacity(found.len());
    for (at, (old, new, pair)) in found {
        text.extend_from_slice(&html[copied..at]);
        text.extend_from_slice(new.as_bytes());
        copied = at + old.len();
        used.push(pair);
    }
    text.extend_from_slice(&html[copied..]);
    (Some(text), used)
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
    fn only_quoted_urls_that_are_exactly_a_renamed_one_are_rewritten() {
        let rename = |old: &str, new: &str| {
            (
                old.to_string(),
                new.to_string(),
                (String::new(), String::new()),
            )
        };
        let urls = Renames::new(vec![
            rename("/css/a.css", "/css/a.1.css"),
            rename("/js/b.js", "/js/b.2.js"),
        ]);
        let html = br#"<link href="/css/a.css"><script src='/js/b.js'></script>
<a href="/css/a.css.map">x</a><a href="/css/a.cssx"> "/js/b.js' '/js/b.js"</a>"#;
        let (out, used) = rewrite(html, &urls);
        let out = String::from_utf8(out.expect("rewritten")).unwrap();
        assert_eq!(
            out,
            r#"<link href="/css/a.1.css"><script src='/js/b.2.js'></script>
<a href="/css/a.css.map">x</a><a href="/css/a.cssx"> "/js/b.js' '/js/b.js"</a>"#
        );
        assert_eq!(used.len(), 2);
        assert_eq!(rewrite(b"<p class=\"x.css y\">", &urls).0, None);

        // The absolute URL holds the relative one: each quoted one gets its own new URL.
        let urls = Renames::new(vec![
            rename("/css/a.css", "/css/a.1.css"),
            rename("https://x.org/css/a.css", "https://x.org/css/a.1.css"),
        ]);
        let html = br#"<a href="https://x.org/css/a.css"></a><a href='/css/a.css'></a>"#;
        let (out, used) = rewrite(html, &urls);
        assert_eq!(
            String::from_utf8(out.expect("rewritten")).unwrap(),
            r#"<a href="https://x.org/css/a.1.css"></a><a href='/css/a.1.css'></a>"#
        );
        assert_eq!(used.len(), 2);
    }

    #[test]
    fn hashed_names_depend_on_content_only() {
        let a = hashed_name("css/kilavuz.css", b"body{}");
        assert_eq!(a, hashed_name("css/kilavuz.css", b"body{}"));
        assert_ne!(a, hashed_name("css/kilavuz.css", b"body{ }"));
        assert!(a.starts_with("css/kilavuz.") && a.ends_with(".css") && a.len() == 26);
    }
}
