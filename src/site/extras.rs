//! Site-wide files: the language chooser at `/`, `404.html`, `sitemap.xml`, `robots.txt`, the
//! theme's and the site's static files, and the assets next to the articles.

use std::fmt::Write as _;

use walkdir::WalkDir;

use super::links::absolute_url;
use super::pages::{Shared, Site};
use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::templates::context::PlainCtx;

/// Adds the theme's and the site's static files and the assets next to the articles to
/// `output`, first: pages may reference them, and fingerprinting needs them before the pages.
pub fn add_static(
    site: &Site<'_>,
    assets: &[SourceFile],
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    for (path, bytes) in crate::theme::files_under("static") {
        output.insert(path, bytes);
    }
    copy_folder(&site.config.root.join("static"), "", output, diags);
    let pages: std::collections::HashSet<String> = site
        .index
        .pages
        .iter()
        .map(|p| format!("{}index.html", p.url))
        .collect();
    output.files.retain(|path, _| {
        let free = !pages.contains(&**path);
        if !free {
            diags.push(Diagnostic::error(
                "static.collision",
                site.config.root.join("static").join(&**path),
                format!("{path} is also the path of a page, which takes it"),
            ));
        }
        free
    });
    for asset in assets {
        let locale = &site.config.locales[asset.locale];
        match crate::fs::read(&asset.path) {
            Ok(bytes) => output.insert(format!("{}/{}", locale.slug, asset.rel), bytes),
            Err(e) => diags.push(Diagnostic::error(
                "content.unreadable",
                &asset.path,
                e.to_string(),
            )),
        }
    }
}

/// Adds the chooser, `404.html`, `sitemap.xml` (with the `generated` pages) and `robots.txt`.
pub fn add_all(
    site: &Site<'_>,
    generated: &[String],
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    let shared = Shared::new(site);
    for (template, path) in [("chooser.html", "index.html"), ("404.html", "404.html")] {
        let url = if path == "index.html" { "" } else { path };
        let ctx = PlainCtx {
            common: shared.plain(site, url),
        };
        match site.templates.render(template, &ctx) {
            Ok(html) => output.insert(path, html),
            Err(e) => diags.push(e.into_diagnostic(site.templates, site.config.root.as_path())),
        }
    }
    output.insert("sitemap.xml", sitemap(site, generated));
    output.insert(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            absolute_url(site.config, "sitemap.xml")
        ),
    );
}

fn copy_folder(
    dir: &std::path::Path,
    prefix: &str,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error("static.unreadable", dir, e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(|p| p.to_str())
            .map(|p| p.replace('\\', "/"))
        else {
            continue;
        };
        match crate::fs::read(entry.path()) {
            Ok(bytes) => output.insert(format!("{prefix}{rel}"), bytes),
            Err(e) => diags.push(Diagnostic::error(
                "static.unreadable",
                entry.path(),
                e.to_string(),
            )),
        }
    }
}

/// `sitemap.xml` with hreflang alternates and `lastmod` from the articles' dates, then the pages
/// generated in every locale from data (`generated`: paths under the locale folder, such as
/// support and decision tree pages), which have no date.
fn sitemap(site: &Site<'_>, generated: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for entry in site.index.pages.iter().filter(|p| !p.fallback) {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&absolute_url(site.config, &entry.url))
        );
        let date = entry.source.and_then(|s| site.sources[s].front_matter.date);
        if let Some(date) = date {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", date.iso());
        }
        for (other, locale) in site.config.locales.iter().enumerate() {
            let page = site.index.lookup(other, &entry.key);
            if let Some(page) = page.filter(|&p| !site.index.pages[p].fallback) {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_xml(&locale.code),
                    escape_xml(&absolute_url(site.config, &site.index.pages[page].url))
                );
            }
        }
        xml.push_str("  </url>\n");
    }
    for rest in generated {
        generated_entries(site, rest, &mut xml);
    }
    xml.push_str("</urlset>\n");
    xml
}

/// One `<url>` per locale for a page generated in every locale at `<locale>/<rest>`.
fn generated_entries(site: &Site<'_>, rest: &str, xml: &mut String) {
    let url = |slug: &str| escape_xml(&absolute_url(site.config, &format!("{slug}/{rest}")));
    for locale in &site.config.locales {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", url(&locale.slug));
        for other in &site.config.locales {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_xml(&other.code),
                url(&other.slug)
            );
        }
        xml.push_str("  </url>\n");
    }
}

/// Escapes text for XML content and attributes (the HTML escaping is valid XML too).
pub use crate::markdown::escape_html as escape_xml;
