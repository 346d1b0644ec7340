//! Webhooks: an org's endpoints and the deliveries its events make.
//!
//! A delivery is recorded in the playground whatever happens to it: the body, the time, and a
//! `Persona-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` header made with the
//! endpoint's secret. The app then POSTs it when the browser can reach the URL and records the
//! answer ([`World::record_delivery_outcome`](crate::world::World::record_delivery_outcome)); this crate never does I/O, so a delivery can
//! neither block nor break the action that caused it.

use crate::clock::Clock;
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::world::World;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub use crate::model::SIGNATURE_HEADER;
/// Deliveries kept per org; older ones are deleted (records included).
pub const DELIVERIES_KEPT_PER_ORG: usize = 100;

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

/// Records a delivery for every enabled endpoint of each event's org that takes its type. The
/// delivery shows the playground time `clock.now`; its signature carries real time, which is
/// what a receiver's freshness check compares with.
pub(super) fn deliver(world: &mut World, events: &[Event], clock: Clock, ids: &mut dyn IdSource) {
    let now = clock.now;
    let mut seq = world.last_delivery_seq();
    for event in events {
        let endpoints: Vec<WebhookEndpoint> = world
            .webhooks
            .values()
            .filter(|w| {
                w.enabled
                    && w.org_id == event.org_id
                    && w.event_types.iter().any(|t| event.event_type == *t)
            })
            .cloned()
            .collect();
        if endpoints.is_empty() {
            continue;
        }
        let body = body_of(event);
        for endpoint in endpoints {
            seq = seq.saturating_add(1);
            let delivery = Delivery {
                id: ids.new_id(prefix::WEBHOOK_DELIVERY),
                org_id: endpoint.org_id.clone(),
                webhook_id: endpoint.id.clone(),
                event_id: event.id.clone(),
                event_type: event.event_type,
                url: endpoint.url.clone(),
                at: now,
                seq,
                signature: sign(&endpoint.secret, clock.real.0.div_euclid(1_000), &body),
                body: body.clone(),
                outcome: DeliveryOutcome::Pending,
                outcome_at: None,
            };
            world.touch(&delivery.id);
            world.deliveries.insert(delivery.id.clone(), delivery);
            prune_deliveries(world, &endpoint.org_id);
        }
    }
}

fn prune_deliveries(world: &mut World, org: &Id) {
    let mut mine: Vec<(u64, Id)> = world
        .deliveries
        .values()
        .filter(|d| &d.org_id == org)
        .map(|d| (d.seq, d.id.clone()))
        .collect();
    if mine.len() <= DELIVERIES_KEPT_PER_ORG {
        return;
    }
    crate::order::sort_by(&mut mine, Ord::cmp);
    let excess = mine.len() - DELIVERIES_KEPT_PER_ORG;
    for (_, id) in mine.into_iter().take(excess) {
        world.deliveries.remove(&id);
        world.touch(&id);
    }
}
