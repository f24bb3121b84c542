//! Formats of contact, language and money values: E.164 phone numbers, email addresses, https
//! URLs, BCP 47 language tags and ISO 4217 currency codes.

use crate::data::Item;
use crate::diagnostics::Diagnostic;

/// Active ISO 4217 codes (2024 list, funds and precious metals excluded).
const CURRENCIES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB \
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY \
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR \
MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF \
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// Whether `number` is E.164: `+`, a non-zero digit, then 6 to 14 more digits.
pub(crate) fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|digits| {
        (7..=15).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether `address` looks like `local@domain.tld` with no spaces.
pub(crate) fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !address.contains(char::is_whitespace)
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

/// Whether `url` is an absolute https URL with a host, made only of characters a URL may hold
/// unencoded (no spaces, quotes, `<`, `>`, backslashes or controls), so no other scheme
/// (`javascript:`, `data:`) and nothing that could leave an attribute gets through.
pub(crate) fn is_https(url: &str) -> bool {
    url.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let plain = |c: char| !c.is_control() && !c.is_whitespace() && !"\"'<>\\^`{|}".contains(c);
        !host.is_empty() && url.chars().all(plain)
    })
}

/// Reports a phone number that is not E.164.
pub(crate) fn phone<T>(
    item: &Item<T>,
    path: &str,
    number: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !is_e164(number) {
        diagnostics.push(
            item.error(
                "data.phone",
                path,
                format!("`{number}` is not an E.164 phone number"),
            )
            .hint("write + and the country code, then digits only, e.g. \"+14255550100\""),
        );
    }
}

/// Reports an invalid email address.
pub(crate) fn email<T>(
    item: &Item<T>,
    path: &str,
    address: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !is_email(address) {
        diagnostics.push(item.error(
            "data.email",
            path,
            format!("`{address}` is not a valid email address"),
        ));
    }
}

/// Reports a URL that is not https.
pub(crate) fn url<T>(item: &Item<T>, path: &str, url: &str, diagnostics: &mut Vec<Diagnostic>) {
    if !is_https(url) {
        diagnostics.push(
            item.error(
                "data.url",
                path,
                format!("`{url}` is not an absolute https URL"),
            )
            .hint("links in support data must use https://"),
        );
    }
}

/// Whether `tag` has the syntax of a BCP 47 language tag (RFC 5646 `langtag`, or private use):
/// language (with extended subtags), then optional script, region, variants, extensions.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let alpha = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let mut parts = tag.split('-').peekable();
    let Some(first) = parts.next() else {
        return false;
    };
    if first.eq_ignore_ascii_case("x") {
        return parts.peek().is_some() && parts.all(|p| alnum(p, 1..=8));
    }
    if !alpha(first, 2..=8) {
        return false;
    }
    let mut extlangs = 0;
    while first.len() <= 3 && extlangs < 3 && parts.peek().is_some_and(|p| alpha(p, 3..=3)) {
        parts.next();
        extlangs += 1;
    }
    parts.next_if(|p| alpha(p, 4..=4));
    parts.next_if(|p| alpha(p, 2..=2) || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())));
    while parts
        .next_if(|p| alnum(p, 5..=8) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit()))
        .is_some()
    {}
    while let Some(singleton) = parts.next() {
        if !alnum(singleton, 1..=1) {
            return false;
        }
        let private = singleton.eq_ignore_ascii_case("x");
        let min = if private { 1 } else { 2 };
        let mut count = 0;
        while parts.next_if(|p| alnum(p, min..=8)).is_some() {
            count += 1;
        }
        if count == 0 {
            return false;
        }
    }
    true
}

/// Reports a language that is not a BCP 47 tag.
pub(crate) fn language_tag<T>(
    item: &Item<T>,
    path: &str,
    tag: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !is_language_tag(tag) {
        diagnostics.push(
            item.error(
                "data.language_tag",
                path,
                format!("`{tag}` is not a BCP 47 language tag"),
            )
            .hint("write language-Region with hyphens, e.g. en-US, tr-TR, zh-Hant-TW"),
        );
    }
}

/// Reports a currency code that is not ISO 4217.
pub(crate) fn currency<T>(
    item: &Item<T>,
    path: &str,
    code: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if code.len() != 3 || !CURRENCIES.split_whitespace().any(|c| c == code) {
        diagnostics.push(
            item.error(
                "data.currency",
                path,
                format!("`{code}` is not an ISO 4217 currency code"),
            )
            .hint("use the three capital letters, e.g. USD, EUR, TRY"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_contact_formats() {
        assert!(is_e164("+14255550100"));
        assert!(!is_e164("+1 425 555 0100"));
        assert!(!is_e164("04255550100"));
        assert!(is_email("support@contoso.example"));
        assert!(!is_email("support@contoso"));
        assert!(!is_email("sup port@contoso.example"));
        assert!(is_https("https://portal.contoso.example/"));
        assert!(!is_https("http://portal.contoso.example/"));
        assert!(!is_https("https:///x"));
        assert!(!is_https("javascript:alert(1)//https://x"));
        assert!(!is_https("https://x.example/\"onmouseover=\"alert(1)"));
        assert!(!is_https("https://x.example/<script>"));
        assert!(!is_https("https://x.example/\u{2028}"));
    }

    #[test]
    fn recognises_language_tags() {
        for tag in [
            "en",
            "en-US",
            "tr-TR",
            "zh-Hant-TW",
            "es-419",
            "sl-rozaj-biske",
            "de-DE-u-co-phonebk",
            "x-private",
            "en-US-x-twain",
            "zh-yue-HK",
        ] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in [
            "", "en_US", "english-", "e", "en-US-", "en--US", "123", "en-u", "tr-TR-x",
        ] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }
}
