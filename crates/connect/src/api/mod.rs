//! The simulated Connect API: a JSON:API surface shaped like Persona's, served inside the app.
//!
//! [`handle`] turns one [`ApiRequest`] into one [`ApiResponse`]. It owns what only the API has
//! (authentication by API key, rate limits, idempotency, the per-org request log, kept in
//! [`ApiState`] beside the world) and nothing else: every change to an object is a [`Command`]
//! applied through [`World::apply`], the same path the Dashboard takes, so each rule is enforced
//! in one place. [`log_command`] records a command accepted elsewhere (a Dashboard action, a
//! workflow step) in the same request log, as the API call it is equivalent to. What happens
//! around a call (due expiries, workflows, webhooks) is the engine's business.

mod bridges;
pub mod curl;
mod equivalence;
mod errors;
pub mod examples;
mod http;
mod idempotency;
mod inbox;
mod inflection;
mod inquiries;
mod log;
mod paging;
mod peek;
mod persona;
mod rate_limit;
mod router;
mod shape;
mod share_tokens;
mod templates;

pub use errors::{reason_phrase, ApiError};
pub use idempotency::KEY_MAX_CHARS as IDEMPOTENCY_KEY_MAX_CHARS;
pub use log::{RequestLogEntry, LOG_LIMIT_PER_ORG, REQUEST_BODY_LIMIT, RESPONSE_BODY_LIMIT};
pub use rate_limit::{RateWindow, RATE_LIMIT_PER_MINUTE};

use crate::id_map::IdMap;
use crate::ids::{prefix, Id, IdSource};
use crate::model::Event;
use crate::render;
use crate::time::Timestamp;
use crate::world::{Command, World};
use idempotency::IdempotencyRecord;
use serde::{Deserialize, Serialize};

/// Id prefix of a request log entry.
pub const REQUEST_PREFIX: &str = "req";
/// Id prefix of a partner inbox entry (a delivery to a destination's endpoint).
pub const INBOX_PREFIX: &str = prefix::INBOX;

/// One HTTP request as the console (or a test) writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiRequest {
    pub method: String,
    /// The path with its query string, e.g. `/api/v1/connect/share-tokens?page[size]=5`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl ApiRequest {
    pub fn new(method: &str, path: &str) -> ApiRequest {
        ApiRequest {
            method: method.to_string(),
            path: path.to_string(),
            headers: Vec::new(),
            body: String::new(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> ApiRequest {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn bearer(self, secret: &str) -> ApiRequest {
        self.header("Authorization", &format!("Bearer {secret}"))
    }

    pub fn body(mut self, body: &str) -> ApiRequest {
        self.body = body.to_string();
        self
    }

    /// The first header named `name`, compared without regard to case as HTTP does.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// One HTTP response: status, headers and the JSON body as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl ApiResponse {
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The body indented for reading (unchanged when it is not JSON).
    pub fn pretty_body(&self) -> String {
        self.json()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| self.body.clone())
    }

    fn set_header(&mut self, name: &str, value: String) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value));
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Who made a logged call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The console or any other caller of [`handle`].
    Api,
    /// A Dashboard action, logged as the API call it is equivalent to.
    Dashboard,
    /// A workflow step.
    Workflow,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Api => "api",
            Origin::Dashboard => "dashboard",
            Origin::Workflow => "workflow",
        }
    }
}

/// What the API keeps between calls. Every part is bounded (see the constants it names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiState {
    /// Every org's logged calls, oldest first; at most [`LOG_LIMIT_PER_ORG`] per org.
    pub log: Vec<RequestLogEntry>,
    /// Responses kept for `Idempotency-Key` replays.
    pub idempotency: Vec<IdempotencyRecord>,
    /// Each org's current rate-limit window.
    pub rate_limits: IdMap<RateWindow>,
}

impl ApiState {
    /// The org's logged calls, newest first.
    pub fn log_of(&self, org: &Id) -> Vec<&RequestLogEntry> {
        let mut list: Vec<_> = self.log.iter().filter(|e| &e.org_id == org).collect();
        list.reverse();
        list
    }
}

/// Serves one API call at playground time `now`: authenticates it, counts it against the
/// rate limit, replays or remembers it under its `Idempotency-Key`, routes it, and logs it.
///
/// Always answers (never panics on any input): a JSON:API document, or a JSON:API error.
/// Authenticated calls are logged in the caller's request log, errors included; a call without
/// a known key has no org to log it for.
pub fn handle(
    world: &mut World,
    api: &mut ApiState,
    request: &ApiRequest,
    now: Timestamp,
    ids: &mut dyn IdSource,
) -> ApiResponse {
    let request_id = ids.new_id(REQUEST_PREFIX);
    // Refusals made before the dialect is read still name the version they were served in,
    // when the request asked for one the API speaks.
    let version = persona::version(request).ok();
    let (org, key_id) = match authenticate(world, request) {
        Ok(caller) => caller,
        Err(error) => {
            let mut response = error.response();
            persona::echo_version(version, &mut response);
            return finish(response, &request_id);
        }
    };
    let method = request.method.trim().to_ascii_uppercase();
    let (allowed, window) = rate_limit::count(&mut api.rate_limits, &org, now);
    let mut response = if !allowed {
        ApiError::too_many_requests(&window, now).response()
    } else {
        // The dialect is read before a replay, so a header the API cannot speak is refused on
        // every try (and never kept for replays), and a replay keeps the retry's headers.
        match router::dialect(request) {
            Err(error) => error.response(),
            Ok(dialect) => match idempotency::key_of(&method, request) {
                Err(error) => router::respond_in(dialect.0, error.response()),
                Ok(None) => {
                    router::dispatch(world, &org, &key_id, &method, request, now, ids, dialect.0)
                }
                Ok(Some(key)) => {
                    match idempotency::lookup(&api.idempotency, &org, &key, &method, request, now) {
                        idempotency::Lookup::Replay(mut stored) => {
                            stored.set_header(idempotency::REPLAYED_HEADER, "true".into());
                            stored
                        }
                        idempotency::Lookup::Mismatch(error) => {
                            router::respond_in(dialect.0, error.response())
                        }
                        idempotency::Lookup::Fresh(fingerprint) => {
                            let response = router::dispatch(
                                world, &org, &key_id, &method, request, now, ids, dialect.0,
                            );
                            idempotency::remember(
                                &mut api.idempotency,
                                &org,
                                key,
                                fingerprint,
                                &response,
                                now,
                            );
                            response
                        }
                    }
                }
            },
        }
    };
    // Every authenticated answer, refusals and replays included, names the version it was
    // served in (when the request asked for one the API speaks) and the org that served it.
    persona::echo_version(version, &mut response);
    persona::identity_headers(world, &org, &mut response);
    rate_limit::headers(&mut response, &window, now);
    let response = finish(response, &request_id);
    log::append(
        &mut api.log,
        RequestLogEntry::new(request_id, &org, Origin::Api, now, request, &response),
    );
    response
}

/// Logs `command`, which `actor` had accepted with `events` as its result, in the actor's
/// request log as the API call it is equivalent to, marked with `origin`. Commands with no API
/// equivalent (creating an organization, rolling the key, automation settings) are not logged.
#[allow(clippy::too_many_arguments)]
pub fn log_command(
    world: &World,
    api: &mut ApiState,
    actor: &Id,
    command: &Command,
    origin: Origin,
    events: &[Event],
    now: Timestamp,
    ids: &mut dyn IdSource,
) {
    let Some((request, primary)) = equivalence::equivalent(command) else {
        return;
    };
    let response = equivalence::after_command(world, actor, &primary, events, now);
    let request_id = ids.new_id(REQUEST_PREFIX);
    let response = finish(response, &request_id);
    log::append(
        &mut api.log,
        RequestLogEntry::new(request_id, actor, origin, now, &request, &response),
    );
}

/// The answer when the browser refused to save what a call changed: nothing changed.
pub fn storage_refused(why: &str, served: &ApiResponse) -> ApiResponse {
    let response = ApiError::new(
        503,
        "storage.write-refused",
        format!("Nothing was changed: the browser refused to save the playground ({why})."),
    )
    .response();
    match served.header_value("Request-Id") {
        Some(id) => finish(response, &Id::parse(id)),
        None => response,
    }
}

/// The 503 for a call this tab could not serve: another tab's save is not readable here yet,
/// so nothing was changed (`storage.not-caught-up`). It has a Request-Id like every answer.
pub fn not_caught_up(why: &str, ids: &mut dyn IdSource) -> ApiResponse {
    let response = ApiError::new(503, "storage.not-caught-up", why.to_string()).response();
    finish(response, &ids.new_id(REQUEST_PREFIX))
}

/// The org whose key is the bearer token, and that key's id.
fn authenticate(world: &World, request: &ApiRequest) -> Result<(Id, Id), ApiError> {
    let Some(value) = request.header_value("Authorization") else {
        return Err(ApiError::unauthorized(
            "auth.key-required",
            "Send your organization's API key as `Authorization: Bearer <api key>`.",
        ));
    };
    let secret = match value.split_once(' ') {
        Some((scheme, secret)) if scheme.eq_ignore_ascii_case("bearer") => secret.trim(),
        _ => {
            return Err(ApiError::unauthorized(
                "auth.bearer-scheme",
                "The Authorization header must read `Bearer <api key>`.",
            ))
        }
    };
    world
        .organizations
        .values()
        .find(|o| !secret.is_empty() && o.api_key.secret == secret)
        .map(|o| (o.id.clone(), o.api_key.id.clone()))
        .ok_or_else(|| {
            ApiError::unauthorized(
                "auth.key-unknown",
                "No organization has this API key (a rolled key stops working at once). Copy the current key from the Dashboard.",
            )
        })
}

fn finish(mut response: ApiResponse, request_id: &Id) -> ApiResponse {
    response.set_header("Content-Type", "application/json; charset=utf-8".into());
    response.set_header("Request-Id", request_id.to_string());
    response
}
