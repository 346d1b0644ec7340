//! Object ids: a type prefix plus 128 bits from a UUID v4 (122 of them random).
//!
//! Ids are never derived from counters, names or time; the random part comes from an
//! [`IdSource`] so tests can be deterministic while the app uses a cryptographic source.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The id prefixes of the playground's objects.
pub mod prefix {
    pub const ORGANIZATION: &str = "org";
    pub const API_KEY: &str = "api";
    /// An organization's environment.
    pub const ENVIRONMENT: &str = "env";
    pub const TEMPLATE: &str = "itmpl";
    pub const INQUIRY: &str = "inq";
    pub const VERIFICATION: &str = "ver";
    pub const BRIDGE: &str = "cnob";
    pub const SHARE_TOKEN: &str = "cnst";
    pub const EVENT: &str = "evt";
    pub const SECRET: &str = "sk_test";
    pub const WORKFLOW: &str = "wfl";
    pub const WORKFLOW_RUN: &str = "wfr";
    pub const WEBHOOK: &str = "whk";
    pub const WEBHOOK_DELIVERY: &str = "whd";
    /// A webhook endpoint's signing secret.
    pub const WEBHOOK_SECRET: &str = "whsec";
    /// A partner inbox entry (a token delivered to a destination's endpoint).
    pub const INBOX: &str = "dlv";
}

/// An object id such as `cnst_1f0c…`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the first `_`, e.g. `inq` for an Inquiry id.
    pub fn prefix(&self) -> &str {
        self.0.split('_').next().unwrap_or_default()
    }

    /// Wraps text a user typed or a stored blob held; whether it names anything is checked
    /// where it is used.
    pub fn parse(text: &str) -> Id {
        Id(text.trim().to_string())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the random part of new ids comes from.
pub trait IdSource {
    fn random_uuid(&mut self) -> uuid::Uuid;

    fn new_id(&mut self, prefix: &str) -> Id {
        Id(format!("{prefix}_{}", self.random_uuid().simple()))
    }
}

/// UUID v4 from the platform's cryptographic source (`crypto.getRandomValues` in a browser).
#[derive(Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn random_uuid(&mut self) -> uuid::Uuid {
        uuid::Uuid::new_v4()
    }
}
