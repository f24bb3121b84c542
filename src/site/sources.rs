//! Reading every article once: bytes, UTF-8 check, front matter.

use rayon::prelude::*;

use crate::content::SourceFile;
use crate::content::front_matter::{self, FrontMatter};
use crate::diagnostics::Diagnostic;

/// One article read from disk.
#[derive(Debug)]
pub struct Source {
    /// Where it came from.
    pub file: SourceFile,
    /// Its front matter.
    pub front_matter: FrontMatter,
    /// The whole file text (BOM removed).
    pub text: String,
    /// Byte offset of the markdown body in `text`.
    pub body_start: usize,
    /// 1-based file line where the body starts.
    pub body_line: usize,
}

impl Source {
    /// The markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Whether the front matter says `ms.translationtype: MT`.
    pub fn machine_translated(&self) -> bool {
        self.front_matter
            .all
            .get("ms.translationtype")
            .and_then(|v| v.as_str())
            .is_some_and(|t| t.eq_ignore_ascii_case("MT"))
    }

    /// Whether `original` changed since this translation was made: it is dated later, or the
    /// translation's `source_hash` (recorded when it was translated) no longer matches it.
    pub fn outdated_by(&self, original: &Source) -> bool {
        let newer = match (original.front_matter.date, self.front_matter.date) {
            (Some(original), Some(translated)) => original > translated,
            _ => false,
        };
        let recorded = self
            .front_matter
            .all
            .get("source_hash")
            .and_then(|v| v.as_str());
        newer
            || recorded
                .is_some_and(|hash| !original.body_hash().starts_with(&hash.to_ascii_lowercase()))
    }

    /// Whether `other` (a new version of this article) shows other pages the same things: the
    /// front matter that navigation, listings, the sitemap, redirects, support terms and search
    /// read is unchanged. Only the body and page-local keys may differ.
    pub fn same_shape(&self, other: &Source) -> bool {
        let (a, b) = (&self.front_matter, &other.front_matter);
        let same_key = |key: &str| a.all.get(key) == b.all.get(key);
        a.title == b.title
            && a.description == b.description
            && a.date == b.date
            && a.draft == b.draft
            && a.weight == b.weight
            && a.template == b.template
            && a.search == b.search
            && same_key("redirect_from")
            && same_key("support_terms")
    }

    /// The hex SHA-256 of the markdown body, which a translation records as `source_hash` (a
    /// prefix of 8 or more digits is enough).
    pub fn body_hash(&self) -> String {
        crate::hash::sha256_hex(self.body().as_bytes())
    }

    /// The article's key: its path without `.md`/`.yml` (`support/index`, `billing/invoice`).
    pub fn key(&self) -> &str {
        page_key(&self.file.rel).unwrap_or(&self.file.rel)
    }
}

/// The page key of an article path: without `.md` or `.yml`; `None` for other files.
pub fn page_key(rel: &str) -> Option<&str> {
    rel.strip_suffix(".md").or_else(|| rel.strip_suffix(".yml"))
}

/// Reads and splits every article in parallel; drafts are dropped unless `drafts` is set.
pub fn load(files: &[SourceFile], drafts: bool) -> (Vec<Source>, Vec<Diagnostic>) {
    let results: Vec<(Option<Source>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| load_one(file, drafts))
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (source, diags) in results {
        sources.extend(source);
        diagnostics.extend(diags);
    }
    (sources, diagnostics)
}

/// Reads and splits one article; `None` for a draft (unless `drafts`) or an unreadable file.
pub fn load_one(file: &SourceFile, drafts: bool) -> (Option<Source>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let bytes = match crate::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "content.unreadable",
                &file.path,
                e.to_string(),
            ));
            return (None, diagnostics);
        }
    };
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, col) = crate::diagnostics::line_col(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            diagnostics.push(
                Diagnostic::error(
                    "content.encoding",
                    &file.path,
                    "the file is not valid UTF-8",
                )
                .at(line, col)
                .hint("save the file as UTF-8"),
            );
            return (None, diagnostics);
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if file.rel.ends_with(".yml") {
        match crate::content::docfx_yaml::to_markdown(&text) {
            Ok(markdown) => text = markdown,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error("content.yaml_page", &file.path, e.message)
                        .at(e.line, e.col)
                        .hint("fix the YAML of this DocFX page"),
                );
                return (None, diagnostics);
            }
        }
    }
    let (front_matter, body_start, body_line) = match front_matter::split(&text) {
        Ok(split) => {
            let fm = split.yaml.map_or_else(FrontMatter::default, |yaml| {
                front_matter::parse(yaml, split.yaml_line, &file.path, &mut diagnostics)
            });
            (fm, text.len() - split.body.len(), split.body_line)
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("front_matter.unclosed", &file.path, e.message)
                    .at(e.line, 1)
                    .hint("end the front matter with a line holding only `---`"),
            );
            (FrontMatter::default(), 0, 1)
        }
    };
    if front_matter.draft && !drafts {
        return (None, diagnostics);
    }
    let source = Source {
        file: file.clone(),
        front_matter,
        text,
        body_start,
        body_line,
    };
    (Some(source), diagnostics)
}
