//! Time zones, dates, clock times, durations and weekly hours: the one module that knows the
//! tz database crate (jiff, with the IANA database bundled so every machine agrees).

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::model::{Calendar, DAYS};

/// Why a time zone name is refused, or `None` when it is a real IANA zone.
pub fn zone_problem(name: &str) -> Option<String> {
    let area = name.split('/').next().unwrap_or(name);
    if !name.contains('/') || matches!(area, "Etc" | "SystemV" | "US") {
        return Some(format!(
            "`{name}` is an abbreviation, offset or legacy name, not an IANA Area/Location zone"
        ));
    }
    TimeZone::get(name)
        .err()
        .map(|_| format!("`{name}` is not in the IANA time zone database"))
}

/// The canonical name when `name` is a backward-compatibility link (`America/Godthab` →
/// `America/Nuuk`), as the tz database's `backward` file and ECMAScript define it.
pub fn zone_link_target(name: &str) -> Option<String> {
    let zone = TimeZone::get(name).ok()?;
    zone.primary_iana_name()
        .filter(|primary| *primary != name)
        .map(str::to_string)
}

/// Parses `YYYY-MM-DD`.
pub fn date(text: &str) -> Option<Date> {
    (text.len() == 10).then(|| text.parse().ok()).flatten()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// Today's date in UTC; `SOURCE_DATE_EPOCH` (seconds) fixes it for reproducible builds.
pub fn today() -> Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(TimeZone::UTC).date()
}

/// Parses `HH:MM` into minutes after midnight; `24:00` only when `is_close`.
pub fn clock_time(text: &str, is_close: bool) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) if is_close => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// A duration as shown to readers: a whole number of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Amount {
    /// How many.
    pub value: i64,
    /// `minute`, `hour` or `day`.
    pub unit: &'static str,
}

impl Amount {
    /// Length in minutes, a day counting 24 hours (for ordering only).
    pub fn minutes(self) -> i64 {
        match self.unit {
            "day" => self.value * 24 * 60,
            "hour" => self.value * 60,
            _ => self.value,
        }
    }
}

/// Parses an ISO 8601 duration made of days, hours and minutes (`PT4H`, `P1D`, `PT30M`).
pub fn duration(text: &str) -> Result<Amount, String> {
    let not_iso = || format!("`{text}` is not an ISO 8601 duration such as PT4H or P1D");
    if !text.starts_with('P') {
        return Err(not_iso());
    }
    let span: jiff::Span = text.parse().map_err(|_| not_iso())?;
    if span.get_years() != 0 || span.get_months() != 0 || span.get_weeks() != 0 {
        return Err(format!(
            "`{text}` uses years, months or weeks; use days (P5D)"
        ));
    }
    if span.get_seconds() != 0 || span.get_milliseconds() != 0 || span.is_negative() {
        return Err(format!(
            "`{text}` must be a positive number of minutes, hours or days"
        ));
    }
    let (d, h, m) = (
        i64::from(span.get_days()),
        i64::from(span.get_hours()),
        span.get_minutes(),
    );
    Ok(match (d, h, m) {
        (0, 0, 0) => return Err(format!("`{text}` is zero")),
        (d, 0, 0) => Amount {
            value: d,
            unit: "day",
        },
        (0, h, 0) => Amount {
            value: h,
            unit: "hour",
        },
        (d, h, m) => Amount {
            value: (d * 24 + h) * 60 + m,
            unit: "minute",
        },
    })
}

/// Weekly open intervals per day (Monday first), in minutes `[open, close)` local time.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Week(pub [Vec<(u32, u32)>; 7]);

impl Week {
    /// The weekly hours of `calendar`; invalid entries are skipped (validation reports them).
    pub fn of(calendar: &Calendar) -> Self {
        let mut week = Self::default();
        if calendar.always {
            week.0.iter_mut().for_each(|d| d.push((0, 24 * 60)));
            return week;
        }
        for w in &calendar.weekly {
            let (Some(open), Some(close)) =
                (clock_time(&w.open, false), clock_time(&w.close, true))
            else {
                continue;
            };
            for day in w
                .days
                .iter()
                .filter_map(|d| DAYS.iter().position(|x| x == d))
            {
                if !w.overnight && close <= open {
                    continue;
                }
                if w.overnight {
                    week.0[day].push((open, 24 * 60));
                    week.0[(day + 1) % 7].push((0, close));
                } else {
                    week.0[day].push((open, close));
                }
            }
        }
        week.0.iter_mut().for_each(|d| d.sort_unstable());
        week
    }

    /// The first pair of overlapping intervals on any day, as `(day, minute)`.
    pub fn overlap(&self) -> Option<(usize, u32)> {
        self.0.iter().enumerate().find_map(|(day, spans)| {
            spans
                .windows(2)
                .find(|w| w[1].0 < w[0].1)
                .map(|w| (day, w[1].0))
        })
    }

    /// Open minutes per week.
    pub fn open_minutes(&self) -> u32 {
        self.0.iter().flatten().map(|(a, b)| b - a).sum()
    }

    /// Whether every minute open in `other` is open here (same time zone assumed, or this week
    /// is open around the clock).
    pub fn covers(&self, other: &Week) -> bool {
        (0..7).all(|day| {
            other.0[day].iter().all(|&(a, b)| {
                self.0[day].iter().any(|&(x, y)| x <= a && b <= y)
                    || (a..b).all(|m| self.0[day].iter().any(|&(x, y)| x <= m && m < y))
            })
        })
    }

    /// Whether it is open around the clock.
    pub fn is_always(&self) -> bool {
        self.open_minutes() == 7 * 24 * 60
    }
}

/// Formats minutes after midnight as `HH:MM`.
pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests;
