//! Formats of contact and money values: E.164 phone numbers, email addresses, https URLs and
//! ISO 4217 currency codes.

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
}
