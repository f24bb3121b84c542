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
