//! `redirect_from` front matter: a small redirect page at each old path, and a `_redirects`
//! file for hosts that read one (Netlify, Cloudflare Pages), so moved articles keep their links.
//!
//! Old paths are written relative to the site's base URL (`/en-us/old-name/`); a path ending in
//! `.html` is written as that file, any other as `<path>/index.html`.

use std::fmt::Write as _;

use serde_json::Value;

use super::extras::escape_xml;
use super::links::{absolute_url, page_url};
use super::pages::Site;
use super::sources::Source;
use crate::diagnostics::Diagnostic;
use crate::output::Output;

/// Adds a redirect page for every `redirect_from` path and, when there is any, `_redirects`
/// lines after the site's own (`static/_redirects`).
pub fn add_all(site: &Site<'_>, output: &mut Output, diags: &mut Vec<Diagnostic>) {
    let mut rules = String::new();
    for (i, entry) in site.index.pages.iter().enumerate() {
        let Some(source) = entry.source.map(|s| &site.sources[s]) else {
            continue;
        };
        if entry.fallback {
            continue;
        }
        for old in paths(source, diags) {
            let Some(file) = output_file(&old) else {
                diags.push(problem(
                    source,
                    format!("`{old}` is not a path inside the site"),
                ));
                continue;
            };
            if output.contains(&file) {
                diags.push(problem(
                    source,
                    format!("`{old}` would replace {file}, which the site already has"),
                ));
                continue;
            }
            let target = page_url(site.config, &entry.url);
            output.insert(file.clone(), page(site, i, &target));
            let from = file.strip_suffix("index.html").unwrap_or(&file);
            let _ = writeln!(rules, "{} {target} 301", page_url(site.config, from));
        }
    }
    if rules.is_empty() {
        return;
    }
    let mut file = output
        .get("_redirects")
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    if !file.is_empty() && !file.ends_with(b"\n") {
        file.push(b'\n');
    }
    file.extend_from_slice(rules.as_bytes());
    output.insert("_redirects", file);
}

/// The `redirect_from` values of an article: one path or a list of paths.
fn paths(source: &Source, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    match source.front_matter.all.get("redirect_from") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(path)) => vec![path.clone()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            diags.push(problem(
                source,
                "`redirect_from` must be a path or a list of paths".to_string(),
            ));
            Vec::new()
        }
    }
}

/// `/en-us/old/` → `en-us/old/index.html`, `old.html` → `old.html`; `None` for a path that
/// leaves the site, has a scheme, a query or a fragment, or is the root.
fn output_file(old: &str) -> Option<String> {
    let path = old.trim().trim_start_matches('/');
    let bad = path.is_empty()
        || path.contains(['\\', '?', '#', ':', '\0'])
        || path.split('/').any(|p| p == ".." || p == ".");
    if bad {
        return None;
    }
    if path.ends_with(".html") {
        Some(path.to_string())
    } else {
        Some(format!("{}/index.html", path.trim_end_matches('/')))
    }
}

fn problem(source: &Source, message: String) -> Diagnostic {
    let line = source
        .text
        .lines()
        .position(|l| l.starts_with("redirect_from"))
        .map_or(0, |i| i + 1);
    Diagnostic::error("front_matter.redirect_from", &source.file.path, message)
        .at(line, 1)
        .hint("write old paths relative to the base URL, e.g. `redirect_from: [/en-us/old-name/]`")
}

fn page(site: &Site<'_>, page: usize, target: &str) -> String {
    let entry = &site.index.pages[page];
    let title = escape_xml(&site.docs[page].title);
    let target = escape_xml(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n\
         <body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
        lang = escape_xml(&site.config.locales[entry.locale].code),
        canonical = escape_xml(&absolute_url(site.config, &entry.url)),
    )
}

#[cfg(test)]
mod tests {
    use super::output_file;

    #[test]
    fn old_paths_map_to_files_inside_the_site() {
        assert_eq!(
            output_file("/en-us/old/").as_deref(),
            Some("en-us/old/index.html")
        );
        assert_eq!(output_file("old.html").as_deref(), Some("old.html"));
        assert_eq!(output_file("/../etc/x"), None);
        assert_eq!(output_file("/"), None);
        assert_eq!(output_file("https://x.example/a"), None);
    }
}
