//! UI strings per locale: the theme's `i18n/<locale>.yaml`, overridden key by key by the site's
//! own `i18n/<locale>.yaml`, with missing keys taken from the default locale.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// UI strings of one locale, by key.
pub type Strings = BTreeMap<String, Value>;

/// The UI strings of every configured locale, in `config.locales` order.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Strings per locale, missing keys filled from the default locale.
    pub strings: Vec<Strings>,
    /// Keys each locale lacks (filled from the default locale), sorted.
    pub missing: Vec<Vec<String>>,
}

/// Loads the UI strings of every configured locale; each key a locale lacks is a diagnostic.
pub fn load(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Loaded {
    let layers: Vec<Strings> = config
        .locales
        .iter()
        .map(|locale| {
            let mut strings = theme_strings(&locale.code, diagnostics);
            strings.extend(site_strings(config, &locale.code, diagnostics));
            strings
        })
        .collect();
    let mut fill = layers[config.default_locale].clone();
    for (key, value) in theme_strings("en-US", diagnostics) {
        fill.entry(key).or_insert(value);
    }
    let mut loaded = Loaded::default();
    for (i, mut strings) in layers.into_iter().enumerate() {
        let had_none = strings.is_empty();
        let mut missing = Vec::new();
        for (key, value) in &fill {
            if !strings.contains_key(key) {
                missing.push(key.clone());
                strings.insert(key.clone(), value.clone());
            }
        }
        if had_none && !missing.is_empty() {
            diagnostics.push(no_strings(config, i, missing.len()));
        } else {
            for key in &missing {
                diagnostics.push(missing_key(config, i, key));
            }
        }
        loaded.strings.push(strings);
        loaded.missing.push(missing);
    }
    loaded
}

/// One diagnostic for a locale with no UI strings at all, rather than one per key.
fn no_strings(config: &Config, locale: usize, count: usize) -> Diagnostic {
    let code = &config.locales[locale].code;
    Diagnostic::warning(
        "i18n.missing_key",
        config.root.join("i18n").join(format!("{code}.yaml")),
        format!(
            "there are no {code} UI strings; all {count} are shown in {}",
            config.default_locale().code
        ),
    )
    .hint("create this file with the keys of theme/i18n/en-US.yaml, translated")
}

fn missing_key(config: &Config, locale: usize, key: &str) -> Diagnostic {
    let code = &config.locales[locale].code;
    Diagnostic::warning(
        "i18n.missing_key",
        config.root.join("i18n").join(format!("{code}.yaml")),
        format!(
            "UI string `{key}` has no {code} translation; the {} text is shown",
            config.default_locale().code
        ),
    )
    .hint("add the key to this file")
}

fn theme_strings(code: &str, diagnostics: &mut Vec<Diagnostic>) -> Strings {
    let name = format!("{code}.yaml");
    crate::theme::files_under("i18n")
        .find(|(path, _)| *path == name)
        .map(|(path, bytes)| {
            parse(
                std::path::Path::new("theme/i18n").join(path).as_path(),
                &String::from_utf8_lossy(bytes),
                diagnostics,
            )
        })
        .unwrap_or_default()
}

fn site_strings(config: &Config, code: &str, diagnostics: &mut Vec<Diagnostic>) -> Strings {
    let path = config.root.join("i18n").join(format!("{code}.yaml"));
    if !path.is_file() {
        return Strings::new();
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path, &text, diagnostics),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "i18n.unreadable",
                &path,
                format!("cannot read UI strings: {e}"),
            ));
            Strings::new()
        }
    }
}

fn parse(path: &std::path::Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Strings {
    match crate::yaml::from_str::<Option<Strings>>(text) {
        Ok(strings) => strings.unwrap_or_default(),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("i18n.invalid", path, e.message)
                    .at(e.line, e.col)
                    .hint("UI string files are flat `key: text` maps"),
            );
            Strings::new()
        }
    }
}

/// A date in the locale's format: the UI strings `date_format` (with `{day}`, `{month}` — the
/// name from `months` —, `{month_number}` and `{year}`) and `months` (twelve names).
pub fn format_date(strings: &Strings, date: crate::content::date::Date) -> String {
    let Some(Value::String(format)) = strings.get("date_format") else {
        return date.iso();
    };
    let month = strings
        .get("months")
        .and_then(Value::as_array)
        .and_then(|months| months.get(usize::from(date.month) - 1))
        .and_then(Value::as_str)
        .map_or_else(|| date.month.to_string(), str::to_string);
    format
        .replace("{day}", &date.day.to_string())
        .replace("{month_number}", &date.month.to_string())
        .replace("{month}", &month)
        .replace("{year}", &date.year.to_string())
}

/// The CLDR plural category of `n` in `language` (cardinal, integers only).
pub fn plural_category(language: &str, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    match language {
        "ja" | "zh" | "ko" | "th" | "vi" | "id" => "other",
        "ar" => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        "fr" | "pt" if n <= 1 => "one",
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// Picks the plural form of a UI string for `n` (a `{one: …, other: …}` map, or plain text) and
/// puts `n` in place of `{n}`.
pub fn plural(forms: &Value, language: &str, n: i64) -> String {
    let text = match forms {
        Value::Object(map) => map
            .get(plural_category(language, n))
            .or_else(|| map.get("other"))
            .and_then(Value::as_str)
            .unwrap_or_default(),
        Value::String(s) => s,
        _ => "",
    };
    text.replace("{n}", &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::date::Date;

    #[test]
    fn dates_use_localized_month_names() {
        let strings: Strings = crate::yaml::from_str(
            "date_format: \"{day} {month} {year}\"\nmonths: [Ocak, Şubat, Mart, Nisan, Mayıs, Haziran, Temmuz, Ağustos, Eylül, Ekim, Kasım, Aralık]\n",
        )
        .unwrap();
        let date = Date::parse_iso("2021-01-22").unwrap();
        assert_eq!(format_date(&strings, date), "22 Ocak 2021");
        assert_eq!(format_date(&Strings::new(), date), "2021-01-22");
    }

    #[test]
    fn every_shipped_locale_has_every_theme_string() {
        let mut diags = Vec::new();
        let english: Vec<String> = theme_strings("en-US", &mut diags).into_keys().collect();
        for code in ["tr-TR", "de-DE", "ja-JP", "ar-SA"] {
            let keys: Vec<String> = theme_strings(code, &mut diags).into_keys().collect();
            assert_eq!(keys, english, "{code} differs from en-US");
        }
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_partly_translated_locale_gets_one_diagnostic_per_missing_key() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("kilavuz.yaml"),
            "title: T\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n  - {code: fr-FR, name: Français}\n  - {code: pt-BR, name: Português}\n",
        )
        .unwrap();
        std::fs::create_dir(root.join("i18n")).unwrap();
        std::fs::write(root.join("i18n/fr-FR.yaml"), "menu: Menu\n").unwrap();
        let config = crate::config::load(root, &Default::default())
            .unwrap()
            .unwrap();
        let mut diags = Vec::new();
        let loaded = load(&config, &mut diags);
        let count = |code: &str| {
            diags
                .iter()
                .filter(|d| d.file.ends_with(format!("{code}.yaml")))
                .count()
        };
        assert_eq!(count("pt-BR"), 1, "no strings at all: one summary");
        assert_eq!(
            count("fr-FR"),
            loaded.missing[1].len(),
            "one per missing key"
        );
        assert!(!loaded.missing[1].contains(&"menu".to_string()));
        assert_eq!(loaded.strings[1]["menu"], "Menu");
        assert_eq!(loaded.strings[2]["menu"], "Menu", "filled from en-US");
    }

    #[test]
    fn plural_categories() {
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("tr", 2), "other");
        assert_eq!(plural_category("ja", 1), "other");
        assert_eq!(plural_category("ar", 0), "zero");
        assert_eq!(plural_category("ar", 2), "two");
        assert_eq!(plural_category("ar", 105), "few");
        assert_eq!(plural_category("ar", 11), "many");
        let forms = serde_json::json!({"one": "{n} page", "other": "{n} pages"});
        assert_eq!(plural(&forms, "en", 1), "1 page");
        assert_eq!(plural(&forms, "en", 3), "3 pages");
    }
}
