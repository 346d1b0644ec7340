//! Events: the immutable records of changes, and the closed list of their types.

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::cell::RefCell;
use std::fmt;
use std::sync::{Arc, OnceLock};

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
    #[serde(rename = "inquiry.marked-for-review")]
    InquiryMarkedForReview,
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
    pub const ALL: [EventType; 20] = [
        EventType::InquiryCreated,
        EventType::InquiryCompleted,
        EventType::InquiryFailed,
        EventType::InquiryApproved,
        EventType::InquiryDeclined,
        EventType::InquiryMarkedForReview,
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
            EventType::InquiryMarkedForReview => "inquiry.marked-for-review",
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

/// An object's JSON:API representation, kept as its JSON text. A payload read from a stored
/// event chunk stays in that chunk's packed text until something reads it (a webhook, an
/// export, the chunk's next save): at 20,000 events, copying every payload out at startup put
/// 18 MB of fresh memory in the way of the first render (docs/performance.md).
#[derive(Clone, Debug)]
pub struct Payload(Repr);

#[derive(Clone, Debug)]
enum Repr {
    Text(Box<RawValue>),
    /// Bytes `start..end` of the JSON that `chunk` unpacks to, checked to be one JSON value when
    /// the chunk was read; `text` holds them once read.
    Stored {
        chunk: Arc<StoredChunk>,
        start: u32,
        end: u32,
        text: OnceLock<Box<RawValue>>,
    },
}

/// The packed text of a stored event chunk whose payloads have not all been read.
pub struct StoredChunk {
    packed: String,
    json: OnceLock<String>,
}

impl fmt::Debug for StoredChunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoredChunk({} packed characters)", self.packed.len())
    }
}

thread_local! {
    /// The chunk being read by [`read_chunk`], and where its JSON is in memory.
    static READING: RefCell<Option<(Arc<StoredChunk>, usize, usize)>> = const { RefCell::new(None) };
}

/// A stored event chunk's packed text, not read yet.
pub(crate) fn stored_chunk(packed: String) -> Arc<StoredChunk> {
    Arc::new(StoredChunk {
        packed,
        json: OnceLock::new(),
    })
}

/// Reads the events of a stored chunk: unpacks it and parses its events, whose payloads stay
/// in the chunk's packed text (kept, not copied).
pub(crate) fn read_chunk(chunk: &Arc<StoredChunk>) -> Result<Vec<Event>, String> {
    let json = crate::pack::unpack(&chunk.packed)?;
    let base = json.as_ptr() as usize;
    READING.with(|r| *r.borrow_mut() = Some((chunk.clone(), base, json.len())));
    let events = serde_json::from_str(&json).map_err(|e| e.to_string());
    READING.with(|r| *r.borrow_mut() = None);
    events
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Payload, D::Error> {
        let Some((chunk, base, len)) = READING.with(|r| r.borrow().clone()) else {
            return Box::<RawValue>::deserialize(deserializer).map(|raw| Payload(Repr::Text(raw)));
        };
        let raw = <&RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        let start = (text.as_ptr() as usize).wrapping_sub(base);
        let end = start.wrapping_add(text.len());
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start32), Ok(end32)) if start <= end && end <= len => Ok(Payload(Repr::Stored {
                chunk,
                start: start32,
                end: end32,
                text: OnceLock::new(),
            })),
            // Not inside the chunk's text after all: keep a copy.
            _ => Ok(Payload(Repr::Text(raw.to_owned()))),
        }
    }
}

impl Serialize for Payload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw().serialize(serializer)
    }
}

impl Payload {
    /// `None` only if `value` cannot be written as JSON (a map with non-string keys).
    pub fn of(value: &serde_json::Value) -> Option<Payload> {
        serde_json::value::to_raw_value(value)
            .ok()
            .map(|raw| Payload(Repr::Text(raw)))
    }

    fn raw(&self) -> &RawValue {
        match &self.0 {
            Repr::Text(raw) => raw,
            Repr::Stored {
                chunk,
                start,
                end,
                text,
            } => text.get_or_init(|| {
                // The chunk unpacked and its payloads parsed when it was read, and unpacking
                // the same text again gives the same bytes: neither fallback is ever taken.
                let json = chunk
                    .json
                    .get_or_init(|| crate::pack::unpack(&chunk.packed).unwrap_or_default());
                let value = json.get(*start as usize..*end as usize).unwrap_or("null");
                RawValue::from_string(value.to_owned()).unwrap_or_default()
            }),
        }
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        self.raw().get()
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
