//! Rendering pages through Tera: the theme's templates, overridden by name by the site's own.
//!
//! This module is the only one that knows Tera. Pages hand it typed contexts ([`context`]); a
//! template error becomes a diagnostic naming the template and the line Tera reports.

pub mod context;
pub mod support;
pub mod trees;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::bytes::{HIGH_BITS, block_at, within};
use crate::diagnostics::Diagnostic;

/// What a rendered page's buffer starts with: most pages fit without growing it.
const RENDER_CAPACITY: usize = 32 * 1024;

/// The compiled templates of a site.
pub struct Templates {
    tera: tera::Tera,
    site_dir: PathBuf,
}

/// A template that failed to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// The template's name.
    pub template: String,
    /// Tera's whole report, cause chain included.
    pub message: String,
}

impl RenderError {
    /// The error as a diagnostic about `page` (the source being rendered).
    pub fn into_diagnostic(self, templates: &Templates, page: &Path) -> Diagnostic {
        let file = templates.file_of(&self.template);
        Diagnostic::error(
            "template.render",
            file,
            format!(
                "rendering {} failed: {}",
                page.display(),
                self.message.trim_end()
            ),
        )
        .hint("check the variables the template uses against the template context (docs/content/en-US/theming.md)")
    }
}

impl Templates {
    /// Compiles the theme's templates and the site's `templates/` overrides.
    pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Self> {
        let site_dir = root.join("templates");
        let mut sources: std::collections::BTreeMap<String, String> =
            crate::theme::files_under("templates")
                .map(|(name, bytes)| {
                    (
                        name.to_string(),
                        String::from_utf8_lossy(bytes).into_owned(),
                    )
                })
                .collect();
        if site_dir.is_dir() {
            for entry in WalkDir::new(&site_dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        diagnostics.push(Diagnostic::error(
                            "template.unreadable",
                            &site_dir,
                            e.to_string(),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file() || !is_template(entry.path()) {
                    continue;
                }
                let name = slash_name(&site_dir, entry.path());
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        sources.insert(name, text);
                    }
                    Err(e) => diagnostics.push(Diagnostic::error(
                        "template.unreadable",
                        entry.path(),
                        format!("cannot read template: {e}"),
                    )),
                }
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("plural", plural_filter);
        tera.register_filter("json", json_filter);
        if let Err(e) = tera.add_raw_templates(&sources) {
            let (name, line, col) = error_location(&e);
            let file = if site_dir.join(&name).is_file() {
                site_dir.join(&name)
            } else {
                Path::new("theme/templates").join(&name)
            };
            diagnostics.push(
                Diagnostic::error("template.syntax", file, full_message(&e))
                    .at(line, col)
                    .hint("fix the template; Tera 2 syntax is described at keats.github.io/tera"),
            );
            return None;
        }
        Some(Self { tera, site_dir })
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders template `name` with a typed context, as UTF-8 bytes.
    pub fn render<T: context::Page>(
        &self,
        name: &str,
        context: &T,
    ) -> Result<Vec<u8>, RenderError> {
        let error = |e: tera::Error| RenderError {
            template: name.to_string(),
            message: full_message(&e),
        };
        let common = context.common();
        let shared = common.shared;
        let nav = common.nav.clone()?.0;
        let mut context = tera::Context::from_serialize(context).map_err(error)?;
        context.insert_value("nav", nav);
        context.insert_value("site", shared.site.clone());
        context.insert_value("lang", shared.lang.clone());
        context.insert_value("t", shared.t.clone());
        context.insert_value("languages", shared.languages(&common.alternates));
        // Written straight into bytes: Tera's `render` would check the whole page is UTF-8.
        let mut out = Vec::with_capacity(RENDER_CAPACITY);
        self.tera
            .render_to(name, &context, &mut out)
            .map_err(error)?;
        Ok(out)
    }

    /// Renders `partials/nav-entry.html` for one sidebar entry, as `entry`.
    pub fn render_nav_entry(
        &self,
        entry: &context::NavValue,
        shared: &context::LocaleValues,
    ) -> Result<String, RenderError> {
        const NAME: &str = "partials/nav-entry.html";
        let mut context = tera::Context::new();
        context.insert_value("entry", entry.0.clone());
        context.insert_value("site", shared.site.clone());
        context.insert_value("lang", shared.lang.clone());
        context.insert_value("t", shared.t.clone());
        let mut html = self.tera.render(NAME, &context).map_err(|e| RenderError {
            template: NAME.to_string(),
            message: full_message(&e),
        })?;
        html.truncate(html.trim_end().len());
        Ok(html)
    }

    fn file_of(&self, template: &str) -> PathBuf {
        let site = self.site_dir.join(template);
        if site.is_file() {
            site
        } else {
            Path::new("theme/templates").join(template)
        }
    }
}

/// `{{ t.pages_count | plural(n=3, lang="tr") }}`: the plural form of a UI string for `n`.
fn plural_filter(
    forms: tera::Value,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    let n: i64 = kwargs.must_get("n")?;
    let lang: &str = kwargs.get("lang")?.unwrap_or("en");
    let forms = serde_json::to_value(&forms).map_err(tera::Error::message)?;
    let language = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    Ok(crate::i18n::plural(&forms, &language, n))
}

/// `data-count="{{ t.search_count | json }}"`: a value as JSON (escaped like any output), for
/// scripts that need all of a UI string's plural forms. Keys are sorted: Tera's maps are hash
/// maps, whose order changes from run to run.
fn json_filter(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    serde_json::to_value(&value)
        .and_then(|value| serde_json::to_string(&value))
        .map_err(tera::Error::message)
}

/// Tera's escaping — the same five characters, the same entities — writing the text between
/// them in one piece instead of byte by byte (which took a tenth of a build), and looking for
/// them eight bytes at a time (most texts are shorter: their bytes are read as one block).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let block = block_at(bytes, i).unwrap_or_else(|| {
            let mut last = [0; 8];
            last[..bytes.len() - i].copy_from_slice(&bytes[i..]);
            u64::from_le_bytes(last)
        });
        let found = escaped_bytes(block);
        if found == 0 {
            i += 8;
            continue;
        }
        i += found.trailing_zeros() as usize / 8;
        let entity: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            _ => b"&#39;",
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        i += 1;
        start = i;
    }
    out.write_all(&bytes[start..])
}

/// The high bit of each of eight bytes (little-endian in `block`) that [`escape_html`] replaces:
/// `"`, `&`, `'`, `<` and `>`.
fn escaped_bytes(block: u64) -> u64 {
    let low = block & !HIGH_BITS;
    let found = within(low, b'"', b'"')
        | within(low, b'&', b'\'')
        | within(low, b'<', b'<')
        | within(low, b'>', b'>');
    // A byte with its high bit set is part of a character that is not ASCII.
    found & !block
}

fn is_template(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "xml" | "txt" | "json")
    )
}

fn slash_name(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn error_location(e: &tera::Error) -> (String, usize, usize) {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) => {
            let span = report.span();
            (
                report.filename().to_string(),
                span.start_line,
                span.start_col + 1,
            )
        }
        _ => (String::new(), 0, 0),
    }
}

/// Tera's message with every cause in the chain.
fn full_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Serializes `value` for a `<script type="application/ld+json">` element: `<`, `>` and `&`
/// become JSON escapes, so neither `</script>` nor `<!--` (which would make the parser look
/// past the real end tag) can appear in the element.
pub fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_writes_what_teras_own_escaping_writes() {
        for text in [
            "",
            "plain",
            "&",
            "<script>alert('x')</script>",
            "a \"quoted\" & 'single' <b>bold</b> > end",
            "İstanbul & Şişli — 東京 <ok>",
            "&&<<>>\"\"''",
        ] {
            let (mut ours, mut tera) = (Vec::new(), Vec::new());
            super::escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut tera).unwrap();
            assert_eq!(ours, tera, "{text:?}");
        }
    }

    #[test]
    fn escaping_finds_each_character_wherever_it_falls_in_a_block_of_eight() {
        // `¢¦§¼¾` end in bytes whose low seven bits are `"&'<>`: they are not escaped.
        for special in ["&", "<", ">", "\"", "'", "¢", "¦", "§", "¼", "¾", "ş"] {
            for before in 0..20 {
                for after in [0, 1, 7, 8, 9] {
                    let text = format!("{}{special}{}", "a".repeat(before), "b".repeat(after));
                    let (mut ours, mut tera) = (Vec::new(), Vec::new());
                    super::escape_html(&text, &mut ours).unwrap();
                    tera::escape_html(&text, &mut tera).unwrap();
                    assert_eq!(ours, tera, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn json_writes_a_map_with_sorted_keys_escaped_for_an_attribute() {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.register_filter("json", super::json_filter);
        tera.add_raw_template("t.html", r#"<p data-x="{{ forms | json }}">"#)
            .unwrap();
        let forms: std::collections::BTreeMap<&str, &str> = [
            ("zero", "none"),
            ("two", "2 <b>"),
            ("one", "one"),
            ("other", "{count}"),
            ("few", "few"),
            ("many", "many"),
        ]
        .into();
        for _ in 0..8 {
            let mut context = tera::Context::new();
            let value = tera::Value::from_serializable(&forms);
            context.insert("forms", &value);
            assert_eq!(
                tera.render("t.html", &context).unwrap(),
                "<p data-x=\"{&quot;few&quot;:&quot;few&quot;,&quot;many&quot;:&quot;many&quot;,\
                 &quot;one&quot;:&quot;one&quot;,&quot;other&quot;:&quot;{count}&quot;,\
                 &quot;two&quot;:&quot;2 &lt;b&gt;&quot;,&quot;zero&quot;:&quot;none&quot;}\">"
            );
        }
    }
}
