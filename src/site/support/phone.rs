//! Phone numbers for reading: the data holds E.164 (`+14255550199`, validated when loaded), the
//! page shows it in groups (`+1 425 555 0199`) while links and JSON-LD keep E.164.
//!
//! The country calling code is found by its ITU prefix (codes are prefix-free); the national
//! number is grouped by the country's usual pattern where one is listed here, otherwise from the
//! end in a group of four and groups of three. The digits are never changed, only spaced.

/// Two-digit country calling codes; `1` and `7` are the one-digit ones, all others have three.
const TWO_DIGIT: &[u8] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// `number` grouped for reading; anything that is not `+` and digits comes back as it was.
pub(super) fn display(number: &str) -> String {
    let Some(digits) = number.strip_prefix('+') else {
        return number.to_string();
    };
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let code_len = match digits.as_bytes()[0] {
        b'1' | b'7' => 1,
        _ if TWO_DIGIT.contains(&digits[..2].parse().unwrap_or(0)) => 2,
        _ => 3,
    };
    let (code, national) = digits.split_at(code_len);
    let groups: &[usize] = match (code, national.len()) {
        ("1", 10) => &[3, 3, 4],
        ("90", 10) => &[3, 3, 2, 2],
        ("33", 9) => &[1, 2, 2, 2, 2],
        ("44", 10) if national.starts_with('2') => &[2, 4, 4],
        ("44", 10) => &[4, 6],
        ("49", _) if national.len() > 4 => &[3, national.len() - 3],
        _ => &[],
    };
    let mut out = format!("+{code}");
    for part in split(national, groups) {
        out.push(' ');
        out.push_str(part);
    }
    out
}

/// `national` cut by `groups` (which add up to its length), or from the end: a group of four,
/// then groups of three, the first taking what is left (a lone digit joins the next group).
fn split<'a>(national: &'a str, groups: &[usize]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    if !groups.is_empty() {
        let mut at = 0;
        for &g in groups {
            parts.push(&national[at..at + g]);
            at += g;
        }
        return parts;
    }
    let mut end = national.len();
    let mut size = 4;
    while end > 0 {
        let start = end.saturating_sub(size);
        parts.push(&national[start..end]);
        end = start;
        size = 3;
    }
    parts.reverse();
    if parts.len() > 2 && parts[0].len() == 1 {
        parts.remove(0);
        parts[0] = &national[..parts[0].len() + 1];
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::display;

    #[test]
    fn numbers_are_grouped_by_country_and_keep_their_digits() {
        for (e164, shown) in [
            ("+14255550199", "+1 425 555 0199"),
            ("+902125550199", "+90 212 555 01 99"),
            ("+33123456789", "+33 1 23 45 67 89"),
            ("+442079460958", "+44 20 7946 0958"),
            ("+441632960961", "+44 1632 960961"),
            ("+4930123456", "+49 301 23456"),
            ("+971501234567", "+971 50 123 4567"),
            ("+8613812345678", "+86 1381 234 5678"),
            ("+74951234567", "+7 495 123 4567"),
        ] {
            assert_eq!(display(e164), shown, "{e164}");
            assert_eq!(shown.replace(' ', ""), e164);
        }
    }

    #[test]
    fn anything_else_is_left_alone() {
        for text in ["", "+", "+12", "0212 555 01 99", "+1 425", "+1425555x199"] {
            assert_eq!(display(text), text);
        }
    }
}
