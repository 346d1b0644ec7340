//! Which path and method does what: the route table, and the call every handler serves.
//! Each change is a [`Command`] through [`World::apply`]; reads look at the world.

use super::errors::ApiError;
use super::http::{self, Target};
use super::inflection::{self, Inflection};
use super::shape::Shape;
use super::{persona, render, ApiRequest, ApiResponse};
use crate::error::DomainError;
use crate::ids::{Id, IdSource};
use crate::model::Event;
use crate::time::Timestamp;
use crate::world::{Command, World};
use serde_json::{json, Value};

pub(super) const TOKENS: &str = "/api/v1/connect/share-tokens";
pub(super) const BRIDGES: &str = "/api/v1/connect/organization-bridges";
pub(super) const INQUIRIES: &str = "/api/v1/inquiries";

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

impl Resource {
    /// The type of the objects the endpoint answers with.
    fn kind(&self) -> &'static str {
        match self {
            Resource::Tokens | Resource::Token(_) | Resource::TokenAction(..) => {
                render::SHARE_TOKEN
            }
            Resource::Bridges | Resource::Bridge(_) | Resource::BridgeAction(..) => render::BRIDGE,
            Resource::Inquiries | Resource::Inquiry(_) | Resource::InquiryAction(..) => {
                render::INQUIRY
            }
            Resource::Templates | Resource::Template(_) => render::TEMPLATE,
            Resource::PartnerTokens(_) => render::INBOX_ENTRY,
        }
    }
}

const COLLECTION: &[&str] = &["GET", "POST"];
const READ: &[&str] = &["GET"];
const WRITE: &[&str] = &["POST"];
const READ_UPDATE: &[&str] = &["GET", "PATCH"];

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
        ["api", "v1", "connect", "organization-bridges", id] => {
            (Resource::Bridge(owned(id)), READ_UPDATE)
        }
        ["api", "v1", "connect", "organization-bridges", id, action @ ("activate" | "deactivate" | "reactivate")] => {
            (Resource::BridgeAction(owned(id), owned(action)), WRITE)
        }
        ["api", "v1", "inquiries"] => (Resource::Inquiries, COLLECTION),
        ["api", "v1", "inquiries", id] => (Resource::Inquiry(owned(id)), READ),
        ["api", "v1", "inquiries", id, action @ ("complete" | "approve" | "decline" | "mark-for-review")] => {
            (Resource::InquiryAction(owned(id), owned(action)), WRITE)
        }
        ["api", "v1", "inquiry-templates"] => (Resource::Templates, READ),
        ["api", "v1", "inquiry-templates", id] => (Resource::Template(owned(id)), READ),
        ["partners", org, "share-tokens"] => (Resource::PartnerTokens(owned(org)), WRITE),
        _ => return None,
    })
}

/// The dialect a request asks for: its `Key-Inflection` casing and its `Persona-Version`.
pub(super) fn dialect(request: &ApiRequest) -> Result<(Inflection, &'static str), ApiError> {
    let inflection = Inflection::from_header(request.header_value(inflection::HEADER))?;
    Ok((inflection, persona::version(request)?))
}

/// Serves an authenticated call as `org`: every answer, errors included, has its keys in the
/// `inflection` the request asked for (see [`dialect`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn dispatch(
    world: &mut World,
    org: &Id,
    key: &Id,
    method: &str,
    request: &ApiRequest,
    now: Timestamp,
    ids: &mut dyn IdSource,
    inflection: Inflection,
) -> ApiResponse {
    let response =
        route(world, org, key, method, request, now, ids).unwrap_or_else(|error| error.response());
    respond_in(inflection, response)
}

/// `response` with its keys in `inflection`'s casing.
pub(super) fn respond_in(inflection: Inflection, mut response: ApiResponse) -> ApiResponse {
    if let Some(body) = response.json() {
        response.body = inflection.response(body).to_string();
    }
    response
}

/// The request's body with its keys read as kebab case, refused when it gives a key in two
/// casings; a body that is not JSON is left for the handler to refuse with the reason.
pub(super) fn kebab_body(body: &str) -> Result<String, ApiError> {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => {
            inflection::one_casing(&value, "")?;
            Ok(inflection::rekey(value, &inflection::to_kebab).to_string())
        }
        Err(_) => Ok(body.to_string()),
    }
}

fn route(
    world: &mut World,
    org: &Id,
    key: &Id,
    method: &str,
    request: &ApiRequest,
    now: Timestamp,
    ids: &mut dyn IdSource,
) -> Result<ApiResponse, ApiError> {
    let mut target = Target::parse(&request.path);
    for (key, _) in &mut target.query {
        *key = inflection::to_kebab(key);
    }
    let Some((resource, allowed)) = resolve(&target.segments) else {
        return Err(ApiError::new(
            404,
            "route.not-found",
            format!(
                "No endpoint at `{}`. The API console lists every endpoint, with an example of each.",
                shorten(request.path.trim())
            ),
        ));
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
        return Err(error);
    }
    // Lists and the share token's retrieve check their own parameters; every other endpoint
    // takes no `filter[…]`, `page[…]` or `peek-source-data`, and says so.
    let checks_its_own = matches!(
        (&resource, method),
        (
            Resource::Tokens | Resource::Bridges | Resource::Inquiries,
            "GET"
        ) | (Resource::Token(_) | Resource::Templates, _)
    );
    if !checks_its_own {
        super::paging::check_params(&target, &[])?;
    }
    let shape = Shape::from_target(&target, resource.kind())?;
    let body = kebab_body(&request.body)?;
    let mut s = Call {
        world,
        org,
        key,
        target: &target,
        body: &body,
        now,
    };
    let mut response = match (resource, method) {
        (Resource::Tokens, "GET") => s.list_tokens(),
        (Resource::Tokens, _) => s.create_token(ids),
        (Resource::Token(id), _) => s.retrieve_token(&id),
        (Resource::TokenAction(id, action), _) => s.token_action(&id, &action, ids),
        (Resource::Bridges, "GET") => s.list_bridges(),
        (Resource::Bridges, _) => s.create_bridge(ids),
        (Resource::Bridge(id), "GET") => s.retrieve_bridge(&id),
        (Resource::Bridge(id), _) => s.update_bridge(&id, ids),
        (Resource::BridgeAction(id, action), _) => s.bridge_action(&id, &action, ids),
        (Resource::Inquiries, "GET") => s.list_inquiries(),
        (Resource::Inquiries, _) => s.create_inquiry(ids),
        (Resource::Inquiry(id), _) => s.retrieve_inquiry(&id),
        (Resource::InquiryAction(id, action), _) => s.inquiry_action(&id, &action, ids),
        (Resource::Templates, _) => s.list_templates(),
        (Resource::Template(id), _) => s.retrieve_template(&id),
        (Resource::PartnerTokens(destination), _) => s.send_token(&destination, ids),
    }?;
    if let Some(mut body) = response.json() {
        shape.apply(world, org, now, &mut body);
        response.body = body.to_string();
    }
    Ok(response)
}

pub(super) fn target_path(path: &str) -> &str {
    path.trim().split('?').next().unwrap_or_default()
}

pub(super) use crate::error::shorten;

pub(super) fn document(status: u16, data: Value) -> ApiResponse {
    ApiResponse {
        status,
        headers: Vec::new(),
        body: json!({ "data": data }).to_string(),
    }
}

/// The answer for an object a command just changed, rendered by the caller.
pub(super) fn read_back(
    status: u16,
    what: &str,
    rendered: Option<Value>,
) -> Result<ApiResponse, ApiError> {
    rendered
        .map(|data| document(status, data))
        .ok_or_else(|| lost(what))
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
    /// The API key the call authenticated with.
    pub(super) key: &'a Id,
    pub(super) target: &'a Target,
    pub(super) body: &'a str,
    pub(super) now: Timestamp,
}

pub(super) fn refuse(
    names: &'static [(&'static str, Option<&'static str>)],
) -> impl Fn(DomainError) -> ApiError {
    move |error| ApiError::from_domain(error, names)
}

/// A retrieve's answer: the object `org` may see, or not found.
pub(super) fn retrieved<T>(
    visible: Option<&T>,
    what: &str,
    id: &str,
    render: impl Fn(&T) -> Value,
) -> Result<ApiResponse, ApiError> {
    let object = visible.ok_or_else(|| not_found(what, id))?;
    Ok(document(200, render(object)))
}

impl Call<'_> {
    /// An action endpoint (`…/activate`, `…/complete`): no body needed, one command.
    pub(super) fn act(
        &mut self,
        command: Command,
        ids: &mut dyn IdSource,
        names: &'static [(&'static str, Option<&'static str>)],
    ) -> Result<(), ApiError> {
        http::attributes(self.body, false)?;
        self.apply(command, ids, names).map(|_| ())
    }

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
