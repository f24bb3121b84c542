//! From a request URL to a file of the in-memory build, refusing anything that could name a
//! path outside it.
//!
//! The server never touches the disk, but the guard is kept anyway (as Zola does): a request
//! whose decoded path holds `..`, `.`, an empty segment, a backslash, a NUL or a drive letter is
//! refused before the output is consulted.

use crate::output::Output;

/// What a request URL resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the output, by its output path.
    File(String),
    /// A folder URL without its slash, or the server root outside the base path: go here.
    Redirect(String),
    /// Nothing at this URL.
    NotFound,
    /// A path that tries to leave the output, or cannot be decoded.
    Refused,
}

/// Resolves `url` (as sent, query included) against `output` served under `base_path`
/// (starting and ending with `/`).
pub fn lookup(output: &Output, base_path: &str, url: &str) -> Lookup {
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = decode(raw) else {
        return Lookup::Refused;
    };
    if !path.starts_with('/') || !is_safe(&path[1..]) {
        return Lookup::Refused;
    }
    if path == "/" && base_path != "/" {
        return Lookup::Redirect(base_path.to_string());
    }
    if format!("{path}/") == base_path {
        return Lookup::Redirect(base_path.to_string());
    }
    let Some(rel) = path.strip_prefix(base_path) else {
        return Lookup::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if output.get(&index).is_some() {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if output.get(rel).is_some() {
        Lookup::File(rel.to_string())
    } else if output.get(&format!("{rel}/index.html")).is_some() {
        Lookup::Redirect(format!("{}/", raw.trim_end_matches('/')))
    } else {
        Lookup::NotFound
    }
}

/// Whether every segment of a decoded relative path stays inside the output.
fn is_safe(rel: &str) -> bool {
    if rel.contains(['\\', '\0']) {
        return false;
    }
    let segments: Vec<&str> = rel.split('/').collect();
    let last = segments.len() - 1;
    let drive = |s: &str| s.len() == 2 && s.ends_with(':');
    segments
        .iter()
        .enumerate()
        .all(|(i, s)| *s != ".." && *s != "." && !drive(s) && (!s.is_empty() || i == last))
}

/// Percent-decodes a URL path; `None` when the escapes are malformed or the result is not UTF-8.
fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output() -> Output {
        let mut o = Output::default();
        for path in [
            "index.html",
            "en-us/index.html",
            "en-us/a/index.html",
            "css/k.css",
        ] {
            o.insert(path, "x");
        }
        o
    }

    #[test]
    fn urls_resolve_under_the_base_path() {
        let o = output();
        let file = |p: &str| Lookup::File(p.to_string());
        assert_eq!(lookup(&o, "/docs/", "/docs/"), file("index.html"));
        assert_eq!(
            lookup(&o, "/docs/", "/docs/en-us/a/?x=1"),
            file("en-us/a/index.html")
        );
        assert_eq!(lookup(&o, "/docs/", "/docs/css/k.css"), file("css/k.css"));
        assert_eq!(
            lookup(&o, "/docs/", "/docs/en-us/a"),
            Lookup::Redirect("/docs/en-us/a/".into())
        );
        assert_eq!(lookup(&o, "/docs/", "/"), Lookup::Redirect("/docs/".into()));
        assert_eq!(
            lookup(&o, "/docs/", "/docs"),
            Lookup::Redirect("/docs/".into())
        );
        assert_eq!(lookup(&o, "/docs/", "/en-us/"), Lookup::NotFound);
        assert_eq!(lookup(&o, "/", "/en-us/b/"), Lookup::NotFound);
        assert_eq!(lookup(&o, "/", "/%65n-us/"), file("en-us/index.html"));
    }

    #[test]
    fn escapes_from_the_output_are_refused() {
        let o = output();
        for url in [
            "/../etc/passwd",
            "/en-us/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2fetc",
            "/en-us/%2e%2e%5c%2e%2e%5cwin.ini",
            "/a\\b",
            "/%00",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/./index.html",
            "http://evil.example/",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(lookup(&o, "/", url), Lookup::Refused, "{url}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("x/y.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
