//! 300 requests per minute per org, counted on the playground clock in fixed windows.

use super::ApiResponse;
use crate::id_map::IdMap;
use crate::ids::Id;
use crate::time::{Timestamp, MINUTE_MS, SECOND_MS};
use serde::{Deserialize, Serialize};

pub const RATE_LIMIT_PER_MINUTE: u32 = 300;

/// One org's current window: it starts at the first call after the previous one ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateWindow {
    pub started_at: Timestamp,
    pub used: u32,
}

impl RateWindow {
    pub fn remaining(&self) -> u32 {
        RATE_LIMIT_PER_MINUTE.saturating_sub(self.used)
    }

    /// Whole seconds until the window ends (at least 1 while it runs).
    pub fn reset_seconds(&self, now: Timestamp) -> i64 {
        let left = (self
            .started_at
            .0
            .saturating_add(MINUTE_MS)
            .saturating_sub(now.0))
        .max(0);
        left.saturating_add(SECOND_MS - 1) / SECOND_MS
    }
}

/// Counts one call; returns whether it is allowed and the window after counting. A refused
/// call does not use up the window.
pub fn count(windows: &mut IdMap<RateWindow>, org: &Id, now: Timestamp) -> (bool, RateWindow) {
    let window = windows.get_or_insert_with(org, || RateWindow {
        started_at: now,
        used: 0,
    });
    // A clock moved back (it cannot be, but a stored blob may say so) starts a new window too.
    if now.0 >= window.started_at.0.saturating_add(MINUTE_MS) || now < window.started_at {
        *window = RateWindow {
            started_at: now,
            used: 0,
        };
    }
    let allowed = window.used < RATE_LIMIT_PER_MINUTE;
    if allowed {
        window.used = window.used.saturating_add(1);
    }
    (allowed, window.clone())
}

pub fn headers(response: &mut ApiResponse, window: &RateWindow, now: Timestamp) {
    response.set_header("RateLimit-Limit", RATE_LIMIT_PER_MINUTE.to_string());
    response.set_header("RateLimit-Remaining", window.remaining().to_string());
    response.set_header("RateLimit-Reset", window.reset_seconds(now).to_string());
}
