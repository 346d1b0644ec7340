//! The per-org request log: every API call and every Dashboard action, newest kept.
//!
//! Bounded so it fits in local storage: each org keeps its newest [`LOG_LIMIT_PER_ORG`]
//! entries, and bodies longer than the limits below are cut (and marked so).

use super::{ApiRequest, ApiResponse, Origin};
use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

pub const LOG_LIMIT_PER_ORG: usize = 50;
/// Characters of a request body kept in the log.
pub const REQUEST_BODY_LIMIT: usize = 1_000;
/// Characters of a response body kept in the log.
pub const RESPONSE_BODY_LIMIT: usize = 2_000;
/// A header value kept in the log: room for the longest Idempotency-Key the API accepts.
pub const HEADER_VALUE_LIMIT: usize = super::idempotency::KEY_MAX_CHARS + 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLogEntry {
    /// `req_…`, also sent as the response's `Request-Id`.
    pub id: Id,
    pub org_id: Id,
    pub origin: Origin,
    pub at: Timestamp,
    /// The request, with the API key masked and a long body cut.
    pub request: ApiRequest,
    pub response: ApiResponse,
    /// Whether the request body was cut (a cut body cannot be re-sent as it was).
    #[serde(default)]
    pub request_truncated: bool,
    #[serde(default)]
    pub response_truncated: bool,
}

/// `sk_test_…` shown as its last four characters only: the log is not a place for secrets.
pub fn mask_authorization(value: &str) -> String {
    let secret = value
        .split_once(' ')
        .map(|(_, s)| s.trim())
        .unwrap_or(value);
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("Bearer …{tail}")
}

fn cut(text: &str, limit: usize) -> (String, bool) {
    if text.chars().count() <= limit {
        (text.to_string(), false)
    } else {
        (text.chars().take(limit).collect(), true)
    }
}

impl RequestLogEntry {
    pub fn new(
        id: Id,
        org: &Id,
        origin: Origin,
        at: Timestamp,
        request: &ApiRequest,
        response: &ApiResponse,
    ) -> RequestLogEntry {
        // Anything cut makes the request one the console cannot re-send as it was: a re-send of
        // a shortened Idempotency-Key or path would be another request.
        let (request_body, mut request_truncated) = cut(&request.body, REQUEST_BODY_LIMIT);
        let (response_body, response_truncated) = cut(&response.body, RESPONSE_BODY_LIMIT);
        let mut keep = |text: &str, limit: usize| {
            let (kept, was_cut) = cut(text, limit);
            request_truncated |= was_cut;
            kept
        };
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name.trim().eq_ignore_ascii_case("authorization") {
                    mask_authorization(value)
                } else {
                    keep(value, HEADER_VALUE_LIMIT)
                };
                (keep(name, 100), value)
            })
            .collect();
        let method = keep(request.method.trim(), 20).to_ascii_uppercase();
        let path = keep(request.path.trim(), 500);
        RequestLogEntry {
            id,
            org_id: org.clone(),
            origin,
            at,
            request: ApiRequest {
                method,
                path,
                headers,
                body: request_body,
            },
            response: ApiResponse {
                status: response.status,
                headers: response.headers.clone(),
                body: response_body,
            },
            request_truncated,
            response_truncated,
        }
    }
}

/// Appends `entry` and drops the org's oldest entries beyond the limit.
pub fn append(log: &mut Vec<RequestLogEntry>, entry: RequestLogEntry) {
    let org = entry.org_id.clone();
    log.push(entry);
    let mine = log.iter().filter(|e| e.org_id == org).count();
    if mine > LOG_LIMIT_PER_ORG {
        let mut drop = mine - LOG_LIMIT_PER_ORG;
        log.retain(|e| {
            if drop > 0 && e.org_id == org {
                drop -= 1;
                false
            } else {
                true
            }
        });
    }
}
