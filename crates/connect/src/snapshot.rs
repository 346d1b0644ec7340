//! The stored form of the playground: a versioned JSON document.
//!
//! Decoding never guesses: data that is not JSON, has the wrong shape, or comes from a newer
//! version of the app is reported as such, so the caller can keep it aside instead of
//! overwriting it.

use crate::world::World;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this build writes.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    /// How far the playground clock runs ahead of real time, in milliseconds.
    #[serde(default)]
    pub clock_offset_ms: i64,
    pub world: World,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON, or not the shape of a snapshot.
    Unreadable(String),
    /// Written by a newer app than this one.
    NewerVersion(u64),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Unreadable(why) => write!(f, "the saved data could not be read ({why})"),
            DecodeError::NewerVersion(v) => write!(
                f,
                "the saved data is from a newer version of Connect Playground (schema {v}; this app reads up to {VERSION})"
            ),
        }
    }
}

impl Snapshot {
    pub fn new(world: World, clock_offset_ms: i64) -> Snapshot {
        Snapshot {
            version: VERSION,
            clock_offset_ms,
            world,
        }
    }

    pub fn encode(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }

    pub fn decode(raw: &str) -> Result<Snapshot, DecodeError> {
        let value: serde_json::Value = serde_json::from_str(raw)
            .map_err(|e| DecodeError::Unreadable(format!("not JSON: {e}")))?;
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| DecodeError::Unreadable("no schema version".into()))?;
        if version > u64::from(VERSION) {
            return Err(DecodeError::NewerVersion(version));
        }
        if version < 1 {
            return Err(DecodeError::Unreadable(format!(
                "unknown schema version {version}"
            )));
        }
        serde_json::from_value(value)
            .map_err(|e| DecodeError::Unreadable(format!("wrong shape: {e}")))
    }
}
