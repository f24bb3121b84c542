//! GitHub-style heading slugs that keep Unicode letters and case Turkish correctly.

/// Lower-cases `text` for `language`: Turkish and Azerbaijani map `I` to `ı` and `İ` to `i`.
pub fn lowercase(text: &str, language: &str) -> String {
    if matches!(language, "tr" | "az") {
        text.chars()
            .flat_map(|c| match c {
                'I' => ['ı'].into_iter().collect::<Vec<_>>(),
                'İ' => vec!['i'],
                c => c.to_lowercase().collect(),
            })
            .collect()
    } else {
        text.to_lowercase()
    }
}

/// How a heading without an explicit id gets one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IdStyle {
    /// GitHub's slugs ([`slugify`]), as markdown articles have them.
    #[default]
    GitHub,
    /// Microsoft Learn's ids on DocFX YAML pages (FAQ questions: `What's new?` is
    /// `what-s-new-`), which links written for Learn use ([`learn_yaml_id`]).
    LearnYaml,
}

/// The id of a heading of `text` in `language`, in `style`.
pub fn heading_id(text: &str, language: &str, style: IdStyle) -> String {
    match style {
        IdStyle::GitHub => slugify(text, language),
        IdStyle::LearnYaml => learn_yaml_id(text, language),
    }
}

/// Learn's id of a YAML page's heading: lower-cased, every character but letters and digits
/// becomes `-`, none dropped and runs not joined (`Cloud Services (classic)` is
/// `cloud-services--classic-`).
pub fn learn_yaml_id(text: &str, language: &str) -> String {
    lowercase(text.trim(), language)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// A GitHub-style slug: lower-cased, letters, digits, `-` and `_` kept, spaces become `-`,
/// everything else dropped.
pub fn slugify(text: &str, language: &str) -> String {
    lowercase(text.trim(), language)
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style() {
        assert_eq!(slugify("Hello, World!", "en"), "hello-world");
        assert_eq!(slugify("What's new in 2.0?", "en"), "whats-new-in-20");
        assert_eq!(slugify("  a -- b ", "en"), "a----b");
    }

    #[test]
    fn learn_yaml_ids() {
        assert_eq!(
            learn_yaml_id("What user roles are available?", "en"),
            "what-user-roles-are-available-"
        );
        assert_eq!(
            learn_yaml_id("What's the minimum size for Cloud Services (classic)", "en"),
            "what-s-the-minimum-size-for-cloud-services--classic-"
        );
        assert_eq!(
            learn_yaml_id("İade nasıl yapılır?", "tr"),
            "iade-nasıl-yapılır-"
        );
    }

    #[test]
    fn keeps_unicode_letters() {
        assert_eq!(slugify("Müşteri desteği", "tr"), "müşteri-desteği");
        assert_eq!(slugify("サポート 概要", "ja"), "サポート-概要");
    }

    #[test]
    fn turkish_dotted_and_dotless_i() {
        assert_eq!(slugify("İLETİŞİM KANALLARI", "tr"), "iletişim-kanalları");
        assert_eq!(slugify("IRMAK", "en"), "irmak");
        assert_eq!(slugify("İstanbul", "en"), "istanbul");
    }
}
