//! Which path and method does what: the route table, and the call every handler serves.
//! Each change is a [`Command`] through [`World::apply`]; reads look at the world.

use super::errors::ApiError;
use super::http::Target;
use super::{ApiRequest, ApiResponse};
use crate::error::DomainError;
use crate::ids::{Id, IdSource};
use crate::time::Timestamp;
use crate::world::{Command, Event, World};
use serde_json::{json, Value};

pub(super) const TOKENS: &str = "/api/v1/connect/share-tokens";
pub(super) const BRIDGES: &str = "/api/v1/connect/organization-bridges";
pub(super) const INQUIRIES: &str = "/api/v1/inquiries";
pub(super) const TEMPLATES: &str = "/api/v1/inquiry-templates";

enum Resource {
    Tokens,
    Token(String),
    TokenAction(String, String),
    Bridges,
    Bridge(String),
    BridgeAction(String, String),
    Inquiries,
    Inquiry(String),
    InquiryAction(String, String),
    Templates,
    Template(String),
    PartnerTokens(String),
}

const COLLECTION: &[&str] = &["GET", "POST"];
const READ: &[&str] = &["GET"];
const WRITE: &[&str] = &["POST"];

fn resolve(segments: &[String]) -> Option<(Resource, &'static [&'static str])> {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let owned = |x: &str| x.to_string();
    Some(match s.as_slice() {
        ["api", "v1", "connect", "share-tokens"] => (Resource::Tokens, COLLECTION),
        ["api", "v1", "connect", "share-tokens", id] => (Resource::Token(owned(id)), READ),
        ["api", "v1", "connect", "share-tokens", id, action @ ("expire" | "redeem")] => {
            (Resource::TokenAction(owned(id), owned(action)), WRITE)
        }
        ["api", "v1", "connect", "organization-bridges"] => (Resource::Bridges, COLLECTION),
        ["api", "v1", "connect", "organization-bridges", id] => (Resource::Bridge(owned(id)), READ),
        ["api", "v1", "connect", "organization-bridges", id, action @ ("activate" | "deactivate" | "reactivate")] => {
            (Resource::BridgeAction(owned(id), owned(action)), WRITE)
        }
        ["api", "v1", "inquiries"] => (Resource::Inquiries, COLLECTION),
        ["api", "v1", "inquiries", id] => (Resource::Inquiry(owned(id)), READ),
        ["api", "v1", "inquiries", id, action @ ("complete" | "approve" | "decline")] => {
            (Resource::InquiryAction(owned(id), owned(action)), WRITE)
        }
        ["api", "v1", "inquiry-templates"] => (Resource::Templates, READ),
        ["api", "v1", "inquiry-templates", id] => (Resource::Template(owned(id)), READ),
        ["partners", org, "share-tokens"] => (Resource::PartnerTokens(owned(org)), WRITE),
        _ => return None,
    })
}

/// Serves an authenticated call as `org`.
pub(super) fn dispatch(
    world: &mut World,
    org: &Id,
    method: &str,
    request: &ApiRequest,
    now: Timestamp,
    ids: &mut dyn IdSource,
) -> ApiResponse {
    let target = Target::parse(&request.path);
    let Some((resource, allowed)) = resolve(&target.segments) else {
        return ApiError::new(
            404,
            "route.not-found",
            format!(
                "No endpoint at `{}`. The endpoints are listed in docs/api.md.",
                shorten(request.path.trim())
            ),
        )
        .response();
    };
    if !allowed.contains(&method) {
        let mut error = ApiError::new(
            405,
            "route.method-not-allowed",
            format!(
                "`{}` does not answer {}; it answers {}.",
                shorten(target_path(&request.path)),
                shorten(method),
                allowed.join(", ")
            ),
        );
        error.headers.push(("Allow".into(), allowed.join(", ")));
        return error.response();
    }
    let mut s = Call {
        world,
        org,
        target: &target,
        body: &request.body,
        now,
    };
    let result = match (resource, method) {
        (Resource::Tokens, "GET") => s.list_tokens(),
        (Resource::Tokens, _) => s.create_token(ids),
        (Resource::Token(id), _) => s.retrieve_token(&id),
        (Resource::TokenAction(id, action), _) => s.token_action(&id, &action, ids),
        (Resource::Bridges, "GET") => s.list_bridges(),
        (Resource::Bridges, _) => s.create_bridge(ids),
        (Resource::Bridge(id), _) => s.retrieve_bridge(&id),
        (Resource::BridgeAction(id, action), _) => s.bridge_action(&id, &action, ids),
        (Resource::Inquiries, "GET") => s.list_inquiries(),
        (Resource::Inquiries, _) => s.create_inquiry(ids),
        (Resource::Inquiry(id), _) => s.retrieve_inquiry(&id),
        (Resource::InquiryAction(id, action), _) => s.inquiry_action(&id, &action, ids),
        (Resource::Templates, _) => s.list_templates(),
        (Resource::Template(id), _) => s.retrieve_template(&id),
        (Resource::PartnerTokens(destination), _) => s.send_token(&destination, ids),
    };
    result.unwrap_or_else(|error| error.response())
}

pub(super) fn target_path(path: &str) -> &str {
    path.trim().split('?').next().unwrap_or_default()
}

/// Echoed input is cut, so a huge path cannot make a huge answer.
pub(super) fn shorten(text: &str) -> String {
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(120).collect::<String>())
    } else {
        text.to_string()
    }
}

pub(super) fn document(status: u16, data: Value) -> ApiResponse {
    ApiResponse {
        status,
        headers: Vec::new(),
        body: json!({ "data": data }).to_string(),
    }
}

pub(super) fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::from(DomainError::not_found(what, &shorten(id)))
}

/// The id of the object an accepted command created, from its events.
pub(super) fn created(events: &[Event], event_type: &str) -> Option<Id> {
    events
        .iter()
        .find(|e| e.event_type == event_type)
        .map(|e| e.object_id.clone())
}

pub(super) fn lost(what: &str) -> ApiError {
    // The command was accepted, so its object exists; reaching this is a bug worth naming.
    ApiError::new(
        500,
        "internal.object-missing",
        format!("The {what} was saved but could not be read back."),
    )
}

pub(super) struct Call<'a> {
    pub(super) world: &'a mut World,
    pub(super) org: &'a Id,
    pub(super) target: &'a Target,
    pub(super) body: &'a str,
    pub(super) now: Timestamp,
}

pub(super) fn refuse(
    names: &'static [(&'static str, Option<&'static str>)],
) -> impl Fn(DomainError) -> ApiError {
    move |error| ApiError::from_domain(error, names)
}

impl Call<'_> {
    pub(super) fn apply(
        &mut self,
        command: Command,
        ids: &mut dyn IdSource,
        names: &'static [(&'static str, Option<&'static str>)],
    ) -> Result<Vec<Event>, ApiError> {
        self.world
            .apply(self.org, command, self.now, ids)
            .map_err(refuse(names))
    }
}
