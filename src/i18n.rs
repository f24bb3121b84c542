//! UI strings per locale: the theme's `i18n/<locale>.yaml`, overridden key by key by the site's
//! own `i18n/<locale>.yaml`, with missing keys taken from the default locale.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// UI strings of one locale, by key.
pub type Strings = BTreeMap<String, Value>;

/// Loads the UI strings of every configured locale, in `config.locales` order.
pub fn load(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Vec<Strings> {
    let layers: Vec<Strings> = config
        .locales
        .iter()
        .map(|locale| {
            let mut strings = theme_strings(&locale.code, diagnostics);
            strings.extend(site_strings(config, &locale.code, diagnostics));
            strings
        })
        .collect();
    let default = layers[config.default_locale].clone();
    let english = theme_strings("en-US", diagnostics);
    layers
        .into_iter()
        .enumerate()
        .map(|(i, mut strings)| {
            for (key, value) in default.iter().chain(&english) {
                if !strings.contains_key(key) {
                    if i != config.default_locale && default.contains_key(key) {
                        diagnostics.push(
                            Diagnostic::warning(
                                "i18n.missing_key",
                                config
                                    .root
                                    .join("i18n")
                                    .join(format!("{}.yaml", config.locales[i].code)),
                                format!(
                                    "UI string `{key}` has no {} translation; the {} text is shown",
                                    config.locales[i].code,
                                    config.default_locale().code
                                ),
                            )
                            .hint("add the key to this file"),
                        );
                    }
                    strings.insert(key.clone(), value.clone());
                }
            }
            strings
        })
        .collect()
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
