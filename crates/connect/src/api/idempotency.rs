//! `Idempotency-Key` on POST: the same key with the same request replays the first response;
//! the same key with a different request is refused. Records last 24 hours of playground time
//! and each org keeps its newest [`RECORDS_PER_ORG`].

use super::errors::ApiError;
use super::{ApiRequest, ApiResponse};
use crate::ids::Id;
use crate::time::{Timestamp, DAY_MS};
use serde::{Deserialize, Serialize};

pub const RECORDS_PER_ORG: usize = 100;
pub const KEY_MAX_CHARS: usize = 255;
/// Marks a replayed answer (a playground extension: Persona's API sends no such header).
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub org_id: Id,
    pub key: String,
    /// Method, path and body (as canonical JSON when it is JSON), hashed.
    pub fingerprint: String,
    pub at: Timestamp,
    pub status: u16,
    pub body: String,
}

pub enum Lookup {
    Replay(ApiResponse),
    Mismatch(ApiError),
    Fresh(String),
}

/// The key of a POST, if it sent one; other methods are idempotent already and ignore it.
pub fn key_of(method: &str, request: &ApiRequest) -> Result<Option<String>, ApiError> {
    if method != "POST" {
        return Ok(None);
    }
    match request.header_value("Idempotency-Key") {
        None => Ok(None),
        Some(key) if key.is_empty() || key.chars().count() > KEY_MAX_CHARS => {
            Err(ApiError::bad_request(
                "idempotency.key-length",
                format!("An Idempotency-Key must be 1 to {KEY_MAX_CHARS} characters."),
            )
            .header("Idempotency-Key"))
        }
        Some(key) => Ok(Some(key.to_string())),
    }
}

/// FNV-1a over method, path and body: equal requests give equal fingerprints. The body is
/// compared as the API reads it: its keys in kebab case whatever casing they came in, and no
/// body the same as `{}`. (Not a security measure: it only tells whether a retry is the same
/// request.)
fn fingerprint(method: &str, request: &ApiRequest) -> String {
    let text = Some(request.body.trim())
        .filter(|b| !b.is_empty())
        .unwrap_or("{}");
    let body = super::router::kebab_body(text).unwrap_or_else(|_| request.body.clone());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [method, "\n", request.path.trim(), "\n", &body]
        .iter()
        .flat_map(|s| s.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

pub fn lookup(
    records: &[IdempotencyRecord],
    org: &Id,
    key: &str,
    method: &str,
    request: &ApiRequest,
    now: Timestamp,
) -> Lookup {
    let print = fingerprint(method, request);
    match records
        .iter()
        .find(|r| &r.org_id == org && r.key == key && now.0 < r.at.0.saturating_add(DAY_MS))
    {
        None => Lookup::Fresh(print),
        Some(record) if record.fingerprint == print => Lookup::Replay(ApiResponse {
            status: record.status,
            headers: Vec::new(),
            body: record.body.clone(),
        }),
        Some(record) => Lookup::Mismatch(
            ApiError::new(
                422,
                "idempotency.key-reused",
                format!(
                    "Idempotency-Key `{key}` was first used at {} for a different request (method, path or body); use a new key for a new request.",
                    record.at
                ),
            )
            .header("Idempotency-Key"),
        ),
    }
}

/// Keeps the response for replays; rate-limit refusals are not kept (a retry should get
/// through once the window resets), and neither are answers without an org (401).
pub fn remember(
    records: &mut Vec<IdempotencyRecord>,
    org: &Id,
    key: String,
    fingerprint: String,
    response: &ApiResponse,
    now: Timestamp,
) {
    if matches!(response.status, 401 | 429 | 503) {
        return;
    }
    records
        .retain(|r| now.0 < r.at.0.saturating_add(DAY_MS) && !(&r.org_id == org && r.key == key));
    records.push(IdempotencyRecord {
        org_id: org.clone(),
        key,
        fingerprint,
        at: now,
        status: response.status,
        body: response.body.clone(),
    });
    let mine = records.iter().filter(|r| &r.org_id == org).count();
    if mine > RECORDS_PER_ORG {
        let mut drop = mine - RECORDS_PER_ORG;
        records.retain(|r| {
            if drop > 0 && &r.org_id == org {
                drop -= 1;
                false
            } else {
                true
            }
        });
    }
}
