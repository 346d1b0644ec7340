//! The plain data of webhooks: an org's endpoints and the deliveries its events made.

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The header a delivery's signature travels in.
pub const SIGNATURE_HEADER: &str = "Persona-Signature";
/// How many times a delivery has been tried, this one included.
pub const ATTEMPTS_MADE_HEADER: &str = "Persona-Webhook-Attempts-Made";
/// How many more tries follow if this one fails.
pub const ATTEMPTS_LEFT_HEADER: &str = "Persona-Webhook-Attempts-Left";
/// A delivery is POSTed once: the playground does not retry (a browser tab may be gone by then).
pub const DELIVERY_ATTEMPTS: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    pub id: Id,
    pub org_id: Id,
    pub url: String,
    /// The event types sent to this endpoint.
    pub event_types: Vec<String>,
    /// Signs every delivery; shown to the org so its receiver can verify.
    pub secret: String,
    /// Only enabled endpoints receive deliveries. Endpoints saved before the flag existed were
    /// all live, so stored data reads as enabled; an imported endpoint arrives disabled.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    pub created_at: Timestamp,
}

fn enabled_by_default() -> bool {
    true
}

/// What became of a delivery's POST.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum DeliveryOutcome {
    /// Recorded; the app has not heard back from the POST yet.
    Pending,
    /// The receiver answered with this HTTP status.
    Responded { status: u16 },
    /// The POST did not get an answer (network, CORS); the browser's reason.
    Failed { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: Id,
    pub org_id: Id,
    pub webhook_id: Id,
    pub event_id: Id,
    pub event_type: crate::model::EventType,
    pub url: String,
    pub at: Timestamp,
    /// Orders deliveries of the same instant.
    pub seq: u64,
    /// The exact bytes POSTed, which the signature covers.
    pub body: String,
    /// The `Persona-Signature` header value.
    pub signature: String,
    pub outcome: DeliveryOutcome,
    pub outcome_at: Option<Timestamp>,
}

impl Delivery {
    /// The headers its POST carries, besides what the browser adds.
    pub fn headers(&self) -> [(&'static str, String); 4] {
        let made: u32 = 1;
        [
            ("Content-Type", "application/json".to_string()),
            (SIGNATURE_HEADER, self.signature.clone()),
            (ATTEMPTS_MADE_HEADER, made.to_string()),
            (
                ATTEMPTS_LEFT_HEADER,
                DELIVERY_ATTEMPTS.saturating_sub(made).to_string(),
            ),
        ]
    }
}
