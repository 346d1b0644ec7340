//! The room the stored records take of local storage's quota, counted as the browser counts
//! it (UTF-16 code units of keys and values) and kept up to date save by save.

use super::KEY_PREFIX;
use std::collections::BTreeMap;

/// What Chromium lets one origin keep in local storage: keys and values, in UTF-16 code units.
pub const QUOTA: usize = 5_242_880;

/// From here on the Sandbox warns that room is running out: 90 % of [`QUOTA`] still leaves
/// about half a million characters, thousands of actions at a few hundred each.
pub const WARN_AT: usize = QUOTA / 10 * 9;

/// What one record takes of the quota: its full key and its value, in UTF-16 code units.
pub fn record_chars(key: &str, value: &str) -> usize {
    key_and_units(key, utf16_len(value))
}

/// What record `key` takes when its value takes `units` UTF-16 code units.
fn key_and_units(key: &str, units: usize) -> usize {
    KEY_PREFIX.len() + utf16_len(key) + units
}

/// The UTF-16 code units of `text`, counted on its UTF-8 bytes (a tight loop, where
/// `encode_utf16().count()` took about 15 ms of startup at 20,000 tokens): every byte but a
/// continuation byte starts a character, and a four-byte character takes two units.
pub fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(b & 0xc0 != 0x80) + usize::from(b >= 0xf0))
        .sum()
}

/// The room the playground's records take, kept up to date save by save without reading
/// storage again. Counts this playground's records only: kept-aside copies and other keys of
/// the origin take room too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Room {
    sizes: BTreeMap<String, usize>,
    used: usize,
}

impl Room {
    /// The room `records` (keys without [`KEY_PREFIX`]) take.
    pub fn of(records: &BTreeMap<String, String>) -> Room {
        let mut room = Room::default();
        for (key, value) in records {
            room.set(key, Some(value));
        }
        room
    }

    /// Takes in a save that was written: `Some` writes, `None` removals.
    pub fn apply(&mut self, changes: &[(String, Option<String>)]) {
        for (key, value) in changes {
            self.set(key, value.as_deref());
        }
    }

    pub(super) fn set(&mut self, key: &str, value: Option<&str>) {
        self.set_chars(key, value.map(|v| record_chars(key, v)));
    }

    /// Takes in record `key` whose value takes `units` UTF-16 code units.
    pub(super) fn set_units(&mut self, key: &str, units: usize) {
        self.set_chars(key, Some(key_and_units(key, units)));
    }

    fn set_chars(&mut self, key: &str, new: Option<usize>) {
        let old = match new {
            Some(chars) => self.sizes.insert(key.to_string(), chars),
            None => self.sizes.remove(key),
        };
        self.used = self.used - old.unwrap_or(0) + new.unwrap_or(0);
    }

    /// Characters used, of [`QUOTA`].
    pub fn used(&self) -> usize {
        self.used
    }

    /// Whole percent of [`QUOTA`] used.
    pub fn percent(&self) -> usize {
        self.used * 100 / QUOTA
    }

    /// Whether to warn that room is running out ([`WARN_AT`]).
    pub fn is_low(&self) -> bool {
        self.used >= WARN_AT
    }
}
