//! What crosses between organizations: bridges with the scopes they share, and share tokens
//! with the status machine of one redeem.

use super::{FieldGroup, VerificationKind};
use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// What a bridge's source agrees to share.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    pub fields: BTreeSet<FieldGroup>,
    /// Evidence-bearing verification kinds ([`VerificationKind::WITH_EVIDENCE`]).
    pub verifications: BTreeSet<VerificationKind>,
}

impl Scopes {
    pub fn everything() -> Scopes {
        Scopes {
            fields: crate::order::insert_all(FieldGroup::ALL),
            verifications: crate::order::insert_all(VerificationKind::WITH_EVIDENCE),
        }
    }

    pub fn summary(&self) -> String {
        let fields: Vec<_> = self.fields.iter().map(|f| f.label()).collect();
        let kinds: Vec<_> = self.verifications.iter().map(|k| k.label()).collect();
        let show = |v: Vec<&str>| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        format!("fields: {}; evidence: {}", show(fields), show(kinds))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BridgeStatus {
    Pending,
    Active,
    Inactive,
}

impl BridgeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BridgeStatus::Pending => "pending",
            BridgeStatus::Active => "active",
            BridgeStatus::Inactive => "inactive",
        }
    }
}

impl fmt::Display for BridgeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A one-directional Organization Bridge, source → destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bridge {
    pub id: Id,
    pub source_org_id: Id,
    pub destination_org_id: Id,
    pub scopes: Scopes,
    pub status: BridgeStatus,
    pub created_at: Timestamp,
    /// The destination's template a redeem without a target clones into, which the destination
    /// picks when it activates the bridge and may change. Absent in data saved before it, and
    /// until the first activation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_template_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareTokenStatus {
    New,
    Pending,
    Redeemed,
    Expired,
    Failed,
}

impl ShareTokenStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareTokenStatus::New => "new",
            ShareTokenStatus::Pending => "pending",
            ShareTokenStatus::Redeemed => "redeemed",
            ShareTokenStatus::Expired => "expired",
            ShareTokenStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for ShareTokenStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a token came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Dashboard,
    Api,
    Workflow,
}

/// Who acted when a token was created: which API key, the Dashboard, or which workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Creator {
    ApiKey { key_id: Id },
    Dashboard,
    Workflow { workflow_id: Id },
}

impl Creator {
    pub fn channel(&self) -> Channel {
        match self {
            Creator::ApiKey { .. } => Channel::Api,
            Creator::Dashboard => Channel::Dashboard,
            Creator::Workflow { .. } => Channel::Workflow,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareToken {
    pub id: Id,
    pub bridge_id: Id,
    pub source_org_id: Id,
    pub destination_org_id: Id,
    /// The source Inquiry (`inq_…`).
    pub source_id: Id,
    pub status: ShareTokenStatus,
    pub created_via: Channel,
    /// Absent in tokens saved before the creator was recorded: they name only the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Creator>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// The destination Inquiry the redeem run filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_inquiry_id: Option<Id>,
}

impl ShareToken {
    /// The status as of `now`: a `new` token whose expiry has passed is expired, even before
    /// anything has recorded it.
    pub fn status_at(&self, now: Timestamp) -> ShareTokenStatus {
        if self.status == ShareTokenStatus::New && now >= self.expires_at {
            ShareTokenStatus::Expired
        } else {
            self.status
        }
    }
}
