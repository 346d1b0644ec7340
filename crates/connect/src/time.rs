//! Playground time: milliseconds since the Unix epoch, UTC.
//!
//! The clock is an input to every command (the user may move it forward to demonstrate expiry),
//! so nothing here reads the system time.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

impl Timestamp {
    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds.saturating_mul(SECOND_MS)))
    }

    /// The calendar date (year, month, day) in UTC.
    pub fn date(self) -> (i64, u32, u32) {
        civil_from_days(self.0.div_euclid(DAY_MS))
    }

    /// ISO-8601 with milliseconds, e.g. `2026-11-28T23:25:55.000Z`.
    pub fn iso8601(self) -> String {
        let (y, m, d) = self.date();
        let ms = self.0.rem_euclid(DAY_MS);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            ms / HOUR_MS,
            ms % HOUR_MS / MINUTE_MS,
            ms % MINUTE_MS / SECOND_MS,
            ms % SECOND_MS
        )
    }

    /// `2026-11-28 23:25 UTC`: what the Dashboard shows.
    pub fn display(self) -> String {
        let iso = self.iso8601();
        format!("{} {} UTC", &iso[..10], &iso[11..16])
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso8601())
    }
}

/// A human reading of a duration in seconds: `24 hours`, `90 seconds`, `21 days`.
pub fn describe_seconds(seconds: i64) -> String {
    let unit = |n: i64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match seconds {
        s if s % 86_400 == 0 => unit(s / 86_400, "day"),
        s if s % 3_600 == 0 => unit(s / 3_600, "hour"),
        s if s % 60 == 0 => unit(s / 60, "minute"),
        s => unit(s, "second"),
    }
}

/// Parses `YYYY-MM-DD` into a calendar date, rejecting impossible dates.
pub fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    (1000..=9999).contains(&y).then_some(())?;
    (1..=days_in_month).contains(&d).then_some((y, m, d))
}

/// Whole years between a birth date and `on`.
pub fn age_on(birth: (i64, u32, u32), on: (i64, u32, u32)) -> i64 {
    let had_birthday = (on.1, on.2) >= (birth.1, birth.2);
    on.0 - birth.0 - if had_birthday { 0 } else { 1 }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_iso8601() {
        assert_eq!(Timestamp(0).iso8601(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp(1_795_908_355_123).iso8601(),
            "2026-11-28T23:25:55.123Z"
        );
        assert_eq!(Timestamp(951_782_400_000).date(), (2000, 2, 29));
    }

    #[test]
    fn parses_dates_and_ages() {
        assert_eq!(parse_date("2000-02-29"), Some((2000, 2, 29)));
        assert_eq!(parse_date("2001-02-29"), None);
        assert_eq!(parse_date("2001-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(age_on((2007, 6, 1), (2026, 11, 28)), 19);
        assert_eq!(age_on((2005, 11, 28), (2026, 11, 28)), 21);
        assert_eq!(age_on((2005, 11, 29), (2026, 11, 28)), 20);
    }

    #[test]
    fn describes_durations() {
        assert_eq!(describe_seconds(86_400), "1 day");
        assert_eq!(describe_seconds(7_200), "2 hours");
        assert_eq!(describe_seconds(90), "90 seconds");
    }
}
