//! Webhooks: an org's endpoints and the deliveries its events make.
//!
//! A delivery is recorded in the playground whatever happens to it: the body, the time, and a
//! `Persona-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` header made with the
//! endpoint's secret. The app then POSTs it when the browser can reach the URL and records the
//! answer ([`World::record_delivery_outcome`]); this crate never does I/O, so a delivery can
//! neither block nor break the action that caused it.

use crate::error::{DomainError, ErrorKind};
use crate::ids::{prefix, Id, IdSource};
use crate::time::Timestamp;
use crate::workflow::EVENT_TYPES;
use crate::world::{Event, World};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The header a delivery's signature travels in.
pub const SIGNATURE_HEADER: &str = "Persona-Signature";
/// Deliveries kept per org; older ones are deleted (records included).
pub const DELIVERIES_KEPT_PER_ORG: usize = 100;
/// Endpoints one org may have.
pub const MAX_ENDPOINTS: usize = 10;

/// How a receiver checks a delivery (Node.js), shown beside the deliveries.
pub const VERIFY_SNIPPET: &str = r#"// Node.js: verify a Connect Playground webhook delivery
const crypto = require("crypto");

function verify(rawBody, header, secret, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=")));
  const expected = crypto
    .createHmac("sha256", secret)
    .update(`${parts.t}.${rawBody}`)
    .digest("hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= toleranceSeconds;
  return fresh && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}
// verify(req.rawBody, req.headers["persona-signature"], "whsec_…")"#;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    pub id: Id,
    pub org_id: Id,
    pub url: String,
    /// The event types sent to this endpoint.
    pub event_types: Vec<String>,
    /// Signs every delivery; shown to the org so its receiver can verify.
    pub secret: String,
    pub created_at: Timestamp,
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
    pub event_type: String,
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

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with secret>`.
pub fn sign(secret: &str, unix_seconds: i64, body: &str) -> String {
    format!(
        "t={unix_seconds},v1={}",
        hex(&mac(secret, unix_seconds, body))
    )
}

fn mac(secret: &str, unix_seconds: i64, body: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail; an empty MAC would fail every
    // verification rather than panic.
    match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(format!("{unix_seconds}.{body}").as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Whether `header` is a valid signature of `body` under `secret` (constant-time compare).
pub fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = Some(value),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    let Ok(mut check) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    check.update(format!("{t}.{body}").as_bytes());
    match unhex(v1) {
        Some(bytes) => check.verify_slice(&bytes).is_ok(),
        None => false,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The body POSTed for `event`: Persona's webhook shape, the event's object inside.
pub fn body_of(event: &Event) -> String {
    serde_json::json!({
        "data": {
            "type": "event",
            "id": event.id.as_str(),
            "attributes": {
                "name": event.event_type,
                "created-at": event.at.iso8601(),
                "actor-organization-id": event.actor_org_id.as_ref().map(Id::as_str),
                "payload": { "data": event.payload },
            }
        }
    })
    .to_string()
}

fn invalid(rule: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::new(ErrorKind::Unprocessable, rule, message)
}

impl World {
    pub(crate) fn create_webhook(
        &mut self,
        actor: &Id,
        url: &str,
        event_types: Vec<String>,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Id, DomainError> {
        let url = url.trim();
        let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
        if !scheme_ok || url.len() > 2_000 || url.chars().any(char::is_whitespace) {
            return Err(invalid(
                "webhook.url-http",
                "A webhook URL must be an http:// or https:// address without spaces (at most 2000 characters).",
            )
            .on("url"));
        }
        let mut types: Vec<String> = event_types.iter().map(|t| t.trim().to_string()).collect();
        types.sort();
        types.dedup();
        if types.is_empty() {
            return Err(invalid(
                "webhook.event-types-required",
                "Pick at least one event type to send to this endpoint.",
            )
            .on("event-types"));
        }
        if let Some(unknown) = types.iter().find(|t| !EVENT_TYPES.contains(&t.as_str())) {
            return Err(invalid(
                "webhook.event-type-known",
                format!("`{unknown}` is not an event type the playground records."),
            )
            .on("event-types"));
        }
        if self
            .webhooks
            .values()
            .filter(|w| &w.org_id == actor)
            .count()
            >= MAX_ENDPOINTS
        {
            return Err(invalid(
                "webhook.endpoint-limit",
                format!("An organization can have at most {MAX_ENDPOINTS} webhook endpoints; delete one first."),
            ));
        }
        let id = ids.new_id(prefix::WEBHOOK);
        let secret = ids.new_id(prefix::WEBHOOK_SECRET).to_string();
        self.touch(&id);
        self.webhooks.insert(
            id.clone(),
            WebhookEndpoint {
                id: id.clone(),
                org_id: actor.clone(),
                url: url.to_string(),
                event_types: types,
                secret,
                created_at: now,
            },
        );
        Ok(id)
    }

    /// Deletes the endpoint; its deliveries stay as a record of what was sent.
    pub(crate) fn delete_webhook(
        &mut self,
        actor: &Id,
        webhook_id: &str,
    ) -> Result<Id, DomainError> {
        let id = Id::parse(webhook_id);
        if self.webhooks.get(&id).is_none_or(|w| &w.org_id != actor) {
            return Err(DomainError::not_found("webhook endpoint", id.as_str()));
        }
        self.touch(&id);
        self.webhooks.remove(&id);
        Ok(id)
    }

    /// Records a delivery for every endpoint of each event's org that takes its type.
    pub(crate) fn deliver_webhooks(
        &mut self,
        events: &[Event],
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) {
        let mut seq = self.last_delivery_seq();
        for event in events {
            let endpoints: Vec<WebhookEndpoint> = self
                .webhooks
                .values()
                .filter(|w| w.org_id == event.org_id && w.event_types.contains(&event.event_type))
                .cloned()
                .collect();
            if endpoints.is_empty() {
                continue;
            }
            let body = body_of(event);
            for endpoint in endpoints {
                seq += 1;
                let delivery = Delivery {
                    id: ids.new_id(prefix::WEBHOOK_DELIVERY),
                    org_id: endpoint.org_id.clone(),
                    webhook_id: endpoint.id.clone(),
                    event_id: event.id.clone(),
                    event_type: event.event_type.clone(),
                    url: endpoint.url.clone(),
                    at: now,
                    seq,
                    signature: sign(&endpoint.secret, now.0.div_euclid(1_000), &body),
                    body: body.clone(),
                    outcome: DeliveryOutcome::Pending,
                    outcome_at: None,
                };
                self.touch(&delivery.id);
                self.deliveries.insert(delivery.id.clone(), delivery);
                self.prune_deliveries(&endpoint.org_id);
            }
        }
    }

    fn prune_deliveries(&mut self, org: &Id) {
        let mut mine: Vec<(u64, Id)> = self
            .deliveries
            .values()
            .filter(|d| &d.org_id == org)
            .map(|d| (d.seq, d.id.clone()))
            .collect();
        if mine.len() <= DELIVERIES_KEPT_PER_ORG {
            return;
        }
        mine.sort();
        let excess = mine.len() - DELIVERIES_KEPT_PER_ORG;
        for (_, id) in mine.into_iter().take(excess) {
            self.deliveries.remove(&id);
            self.touch(&id);
        }
    }

    /// Records what the POST of delivery `id` came to. Returns false when the delivery is gone
    /// (pushed out by newer ones, or the playground was reset meanwhile).
    pub fn record_delivery_outcome(
        &mut self,
        id: &Id,
        outcome: DeliveryOutcome,
        at: Timestamp,
    ) -> bool {
        let Some(delivery) = self.deliveries.get_mut(id) else {
            return false;
        };
        delivery.outcome = outcome;
        delivery.outcome_at = Some(at);
        self.touch(id);
        true
    }

    /// The org's endpoints, oldest first.
    pub fn webhooks_of(&self, org: &Id) -> Vec<&WebhookEndpoint> {
        let mut list: Vec<_> = self
            .webhooks
            .values()
            .filter(|w| &w.org_id == org)
            .collect();
        list.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        list
    }

    /// The org's deliveries, newest first.
    pub fn deliveries_of(&self, org: &Id) -> Vec<&Delivery> {
        let mut list: Vec<_> = self
            .deliveries
            .values()
            .filter(|d| &d.org_id == org)
            .collect();
        list.sort_by_key(|d| std::cmp::Reverse(d.seq));
        list
    }

    /// The newest delivery's sequence number (0 when there is none): deliveries numbered above
    /// it were made after this call.
    pub fn last_delivery_seq(&self) -> u64 {
        self.deliveries.values().map(|d| d.seq).max().unwrap_or(0)
    }

    /// Deliveries made after [`World::last_delivery_seq`] returned `seq`, oldest first.
    pub fn deliveries_after(&self, seq: u64) -> Vec<&Delivery> {
        let mut list: Vec<_> = self.deliveries.values().filter(|d| d.seq > seq).collect();
        list.sort_by_key(|d| d.seq);
        list
    }

    /// Deliveries still waiting for their POST, oldest first.
    pub fn pending_deliveries(&self) -> Vec<&Delivery> {
        let mut list: Vec<_> = self
            .deliveries
            .values()
            .filter(|d| d.outcome == DeliveryOutcome::Pending)
            .collect();
        list.sort_by_key(|d| d.seq);
        list
    }
}
