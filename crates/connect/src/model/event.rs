//! Events: the immutable records of changes, and the closed list of their types.

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;

/// Every event type the playground records: what a trigger or a webhook can name. Stored and
/// served as its dotted name (`share-token.created`), so saved data and the API read the same as
/// when these were strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "inquiry.created")]
    InquiryCreated,
    #[serde(rename = "inquiry.completed")]
    InquiryCompleted,
    #[serde(rename = "inquiry.failed")]
    InquiryFailed,
    #[serde(rename = "inquiry.approved")]
    InquiryApproved,
    #[serde(rename = "inquiry.declined")]
    InquiryDeclined,
    #[serde(rename = "inquiry.expired")]
    InquiryExpired,
    #[serde(rename = "organization-bridge.created")]
    BridgeCreated,
    #[serde(rename = "organization-bridge.activated")]
    BridgeActivated,
    #[serde(rename = "organization-bridge.deactivated")]
    BridgeDeactivated,
    #[serde(rename = "organization-bridge.reactivated")]
    BridgeReactivated,
    #[serde(rename = "share-token.created")]
    ShareTokenCreated,
    #[serde(rename = "share-token.sent")]
    ShareTokenSent,
    #[serde(rename = "share-token.redeemed")]
    ShareTokenRedeemed,
    #[serde(rename = "share-token.expired")]
    ShareTokenExpired,
    #[serde(rename = "share-token.failed")]
    ShareTokenFailed,
    #[serde(rename = "workflow-run.completed")]
    WorkflowRunCompleted,
    #[serde(rename = "workflow-run.failed")]
    WorkflowRunFailed,
    #[serde(rename = "organization.created")]
    OrganizationCreated,
    #[serde(rename = "organization.api-key-rolled")]
    ApiKeyRolled,
}

impl EventType {
    /// Every type, in the order lists offer them.
    pub const ALL: [EventType; 19] = [
        EventType::InquiryCreated,
        EventType::InquiryCompleted,
        EventType::InquiryFailed,
        EventType::InquiryApproved,
        EventType::InquiryDeclined,
        EventType::InquiryExpired,
        EventType::BridgeCreated,
        EventType::BridgeActivated,
        EventType::BridgeDeactivated,
        EventType::BridgeReactivated,
        EventType::ShareTokenCreated,
        EventType::ShareTokenSent,
        EventType::ShareTokenRedeemed,
        EventType::ShareTokenExpired,
        EventType::ShareTokenFailed,
        EventType::WorkflowRunCompleted,
        EventType::WorkflowRunFailed,
        EventType::OrganizationCreated,
        EventType::ApiKeyRolled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::InquiryCreated => "inquiry.created",
            EventType::InquiryCompleted => "inquiry.completed",
            EventType::InquiryFailed => "inquiry.failed",
            EventType::InquiryApproved => "inquiry.approved",
            EventType::InquiryDeclined => "inquiry.declined",
            EventType::InquiryExpired => "inquiry.expired",
            EventType::BridgeCreated => "organization-bridge.created",
            EventType::BridgeActivated => "organization-bridge.activated",
            EventType::BridgeDeactivated => "organization-bridge.deactivated",
            EventType::BridgeReactivated => "organization-bridge.reactivated",
            EventType::ShareTokenCreated => "share-token.created",
            EventType::ShareTokenSent => "share-token.sent",
            EventType::ShareTokenRedeemed => "share-token.redeemed",
            EventType::ShareTokenExpired => "share-token.expired",
            EventType::ShareTokenFailed => "share-token.failed",
            EventType::WorkflowRunCompleted => "workflow-run.completed",
            EventType::WorkflowRunFailed => "workflow-run.failed",
            EventType::OrganizationCreated => "organization.created",
            EventType::ApiKeyRolled => "organization.api-key-rolled",
        }
    }

    /// The type with this dotted name, if the playground records one.
    pub fn parse(name: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for EventType {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for EventType {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for EventType {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// An immutable record of a change, in the log of one org that may know about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: Id,
    /// Whose log this entry is in.
    pub org_id: Id,
    pub event_type: EventType,
    pub at: Timestamp,
    /// The org that acted; `None` when the playground clock caused it.
    pub actor_org_id: Option<Id>,
    pub object_id: Id,
    /// The object's JSON:API representation when the event happened (`None` for objects that
    /// have none, such as organizations, and in events saved before payloads existed).
    #[serde(default)]
    pub payload: Option<Payload>,
}

/// An object's JSON:API representation, kept as its JSON text. The log holds up to 20,000
/// events and startup reads them all: parsing each payload into a `serde_json::Value` tree
/// took most of startup (docs/performance.md), and a payload is only read when sent.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Payload(Box<RawValue>);

impl Payload {
    /// `None` only if `value` cannot be written as JSON (a map with non-string keys).
    pub fn of(value: &serde_json::Value) -> Option<Payload> {
        serde_json::value::to_raw_value(value).ok().map(Payload)
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        self.0.get()
    }

    /// The representation as a JSON value, parsed now.
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(self.json()).unwrap_or(serde_json::Value::Null)
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Payload) -> bool {
        self.json() == other.json()
    }
}

impl Eq for Payload {}

/// A share token as the destination's partner endpoint received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub id: Id,
    /// The destination org whose inbox holds it.
    pub org_id: Id,
    pub share_token_id: Id,
    pub sender_org_id: Id,
    pub received_at: Timestamp,
}
