//! The playground clock's rules: how far ahead of real time the user may move it, and how the
//! header says so.
//!
//! The clock is real time plus an offset. The offset is never negative: moving the clock back
//! past events already recorded would let tokens be redeemed "before" they were created, so the
//! only way back is to real time itself (offset 0). Real time comes in as an argument, so these
//! rules stay pure.

use crate::error::{DomainError, ErrorKind};
use crate::time::{Timestamp, DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS};

/// How far ahead the clock may run: 10 years, which keeps every date the app shows within the
/// four-digit years that birthdates and `datetime-local` inputs use.
pub const MAX_OFFSET_MS: i64 = 3_650 * DAY_MS;

/// The two times an entry point of the engine needs: the playground clock `now`, which every
/// rule reads, and `real` time, which webhook signatures carry so a receiver's freshness check
/// still passes after the playground clock was moved ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now: Timestamp,
    pub real: Timestamp,
}

impl Clock {
    /// The playground clock `offset_ms` ahead of `real` time (saturating: a stored offset is
    /// bounded on load, and arithmetic on it must not wrap whatever it holds).
    pub fn ahead(real: Timestamp, offset_ms: i64) -> Clock {
        Clock {
            now: Timestamp(real.0.saturating_add(offset_ms)),
            real,
        }
    }
}

/// A bare playground time is the clock at real time (offset 0), as in tests and the seed.
impl From<Timestamp> for Clock {
    fn from(now: Timestamp) -> Clock {
        Clock { now, real: now }
    }
}

/// A stored offset brought within the clock's rules: what an old or hand-edited record holds
/// never puts the clock behind real time or further ahead than [`MAX_OFFSET_MS`].
pub fn bounded_offset(offset_ms: i64) -> i64 {
    offset_ms.clamp(0, MAX_OFFSET_MS)
}

fn refused(rule: &'static str, message: String) -> DomainError {
    DomainError::new(ErrorKind::Unprocessable, rule, message).on("clock")
}

/// Checks an offset the user asked for.
pub fn check_offset(offset_ms: i64) -> Result<i64, DomainError> {
    if offset_ms < 0 {
        return Err(refused(
            "clock.never-behind-real-time",
            "The playground clock never runs behind real time: pick a later time, or use Back to real time.".into(),
        ));
    }
    if offset_ms > MAX_OFFSET_MS {
        return Err(refused(
            "clock.at-most-10-years-ahead",
            format!(
                "The playground clock runs at most 10 years ahead of real time; {}, about {} years, is further.",
                describe_offset(offset_ms),
                // Years of 365.25 days, rounded, in integers (no float formatting in the wasm).
                offset_ms.saturating_add(15_778_800_000) / 31_557_600_000
            ),
        ));
    }
    Ok(offset_ms)
}

/// The offset after moving the clock forward by `by_ms` from `offset_ms`.
pub fn advance(offset_ms: i64, by_ms: i64) -> Result<i64, DomainError> {
    check_offset(offset_ms.saturating_add(by_ms))
}

/// The offset that shows `target` now, when real time is `real_now`.
pub fn offset_to(target: Timestamp, real_now: Timestamp) -> Result<i64, DomainError> {
    if target < real_now {
        return Err(refused(
            "clock.never-behind-real-time",
            format!(
                "{} is before real time ({}): the playground clock only moves ahead of real time. Use Back to real time to return.",
                target.display(),
                real_now.display()
            ),
        ));
    }
    check_offset(target.0.saturating_sub(real_now.0))
}

/// `+1 day ahead`, `+2 days 3 hours ahead`, `+25 minutes ahead`; `real time` for 0. The two
/// largest adjacent units, to the nearest minute: the header shows the exact time beside it.
pub fn describe_offset(offset_ms: i64) -> String {
    if offset_ms <= 0 {
        return "real time".into();
    }
    if offset_ms < MINUTE_MS {
        return format!(
            "+{} ahead",
            unit((offset_ms + SECOND_MS - 1) / SECOND_MS, "second")
        );
    }
    let minutes = offset_ms.saturating_add(MINUTE_MS / 2) / MINUTE_MS;
    let (days, hours, minutes) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    let parts = match (days, hours, minutes) {
        (0, 0, m) => unit(m, "minute"),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} {}", unit(d, "day"), unit(h, "hour")),
    };
    format!("+{parts} ahead")
}

fn unit(n: i64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Reads a `datetime-local` input's value (`2026-11-28T23:25`, seconds optional) as UTC, the
/// zone every time in the app is shown in.
pub fn parse_datetime_local(text: &str) -> Option<Timestamp> {
    let (date, time) = text.trim().split_once('T')?;
    let (y, m, d) = crate::time::parse_date(date)?;
    let mut parts = time.split(':');
    let hour: i64 = parts.next()?.parse().ok()?;
    let minute: i64 = parts.next()?.parse().ok()?;
    let second_ms = match parts.next() {
        Some(s) => seconds_ms(s)?,
        None => 0,
    };
    let valid = (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..60 * SECOND_MS).contains(&second_ms)
        && parts.next().is_none();
    valid.then(|| {
        Timestamp(
            days_from_civil(y, m, d) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second_ms,
        )
    })
}

/// `55` or `55.123` (seconds, as a `datetime-local` input writes them) in whole milliseconds,
/// the rest of the fraction dropped. Read as integers: parsing an `f64` would link the
/// standard library's float parser and its tables into the wasm.
fn seconds_ms(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 2 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let millis = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |ms, b| ms * 10 + i64::from(b - b'0'));
    Some(whole.parse::<i64>().ok()? * SECOND_MS + millis)
}

/// `2026-11-28T23:25`: a `datetime-local` input's value for `at`, in UTC.
pub fn datetime_local(at: Timestamp) -> String {
    at.iso8601()[..16].to_string()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_795_908_355_000); // 2026-11-28T23:25:55Z

    #[test]
    fn the_offset_is_described_in_the_largest_units() {
        assert_eq!(describe_offset(0), "real time");
        assert_eq!(describe_offset(HOUR_MS), "+1 hour ahead");
        assert_eq!(describe_offset(DAY_MS), "+1 day ahead");
        assert_eq!(describe_offset(30 * DAY_MS), "+30 days ahead");
        assert_eq!(
            describe_offset(DAY_MS + 2 * HOUR_MS),
            "+1 day 2 hours ahead"
        );
        assert_eq!(describe_offset(25 * MINUTE_MS), "+25 minutes ahead");
        assert_eq!(
            describe_offset(HOUR_MS + MINUTE_MS),
            "+1 hour 1 minute ahead"
        );
        assert_eq!(describe_offset(20 * SECOND_MS), "+20 seconds ahead");
        // A jump to a chosen minute lands a few seconds short of the round number.
        assert_eq!(
            describe_offset(2 * DAY_MS - 20 * SECOND_MS),
            "+2 days ahead"
        );
    }

    #[test]
    fn the_clock_moves_forward_only_and_at_most_10_years() {
        assert_eq!(advance(0, HOUR_MS), Ok(HOUR_MS));
        assert_eq!(advance(DAY_MS, DAY_MS), Ok(2 * DAY_MS));
        let err = advance(0, -1).expect_err("behind real time");
        assert_eq!(err.rule, "clock.never-behind-real-time");
        let err = advance(MAX_OFFSET_MS, DAY_MS).expect_err("too far");
        assert_eq!(err.rule, "clock.at-most-10-years-ahead");
        assert!(err.message.contains("10 years"), "{}", err.message);
        assert_eq!(
            advance(i64::MAX, i64::MAX).map_err(|e| e.rule),
            Err("clock.at-most-10-years-ahead")
        );
    }

    #[test]
    fn a_chosen_time_must_not_be_before_real_time() {
        let target = Timestamp(NOW.0 + DAY_MS);
        assert_eq!(offset_to(target, NOW), Ok(DAY_MS));
        assert_eq!(offset_to(NOW, NOW), Ok(0));
        let err = offset_to(Timestamp(NOW.0 - MINUTE_MS), NOW).expect_err("the past");
        assert_eq!(err.rule, "clock.never-behind-real-time");
        assert!(
            err.message.contains("2026-11-28 23:24 UTC"),
            "{}",
            err.message
        );
        assert!(err.message.contains("Back to real time"), "{}", err.message);
    }

    #[test]
    fn datetime_local_values_are_read_as_utc() {
        assert_eq!(
            parse_datetime_local("2026-11-28T23:25"),
            Some(Timestamp(1_795_908_300_000))
        );
        assert_eq!(
            parse_datetime_local("2026-11-28T23:25:55"),
            Some(Timestamp(1_795_908_355_000))
        );
        assert_eq!(
            parse_datetime_local("2026-11-28T23:25:55.5"),
            Some(Timestamp(1_795_908_355_500))
        );
        assert_eq!(
            parse_datetime_local("2026-11-28T23:25:05.1239"),
            Some(Timestamp(1_795_908_305_123))
        );
        assert_eq!(parse_datetime_local("1970-01-01T00:00"), Some(Timestamp(0)));
        assert_eq!(
            parse_datetime_local("2000-02-29T12:00"),
            Some(Timestamp(951_825_600_000))
        );
        for bad in [
            "",
            "2026-11-28",
            "2026-02-30T10:00",
            "2026-11-28T24:00",
            "2026-11-28T10:60",
            "2026-11-28T10:00:60",
            "2026-11-28T10:00:5x",
            "2026-11-28T10:00:.5",
            "2026-11-28T10:00:-1",
            "tomorrow",
        ] {
            assert_eq!(parse_datetime_local(bad), None, "{bad}");
        }
        assert_eq!(datetime_local(NOW), "2026-11-28T23:25");
        assert_eq!(
            parse_datetime_local(&datetime_local(NOW)),
            Some(Timestamp(NOW.0 - 55 * SECOND_MS))
        );
    }
}
