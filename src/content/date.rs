//! Calendar dates from front matter: DocFX's `ms.date` (MM/DD/YYYY) and ISO `date`.

use serde::Serialize;

/// A calendar date without time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `MM/DD/YYYY` (DocFX `ms.date`).
    pub fn parse_us(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('/');
        let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time (`T…` or ` …`), which is ignored.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let text = text.trim();
        let date = text.split(['T', ' ']).next()?;
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_docfx_and_iso_dates() {
        assert_eq!(Date::parse_us("09/26/2023").unwrap().iso(), "2023-09-26");
        assert_eq!(Date::parse_us("1/2/2021").unwrap().iso(), "2021-01-02");
        assert_eq!(
            Date::parse_iso("2024-02-29T10:00:00Z").unwrap().iso(),
            "2024-02-29"
        );
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_us("13/01/2020").is_none());
        assert!(Date::parse_us("2020-01-01").is_none());
    }
}
