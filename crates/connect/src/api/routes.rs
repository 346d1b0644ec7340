//! The endpoints: which path and method does what, each a [`Command`] through [`World::apply`]
//! or a read of the world; and the API call each Dashboard command is equivalent to.

use super::errors::ApiError;
use super::http::{self, Target};
use super::{peek, render, ApiRequest, ApiResponse};
use crate::error::DomainError;
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::world::{Command, RedeemTarget, TwoSided, World};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const TOKENS: &str = "/api/v1/connect/share-tokens";
const BRIDGES: &str = "/api/v1/connect/organization-bridges";
const INQUIRIES: &str = "/api/v1/inquiries";
const TEMPLATES: &str = "/api/v1/inquiry-templates";

/// Default and largest `page[size]`.
pub const PAGE_SIZE_DEFAULT: usize = 10;
pub const PAGE_SIZE_MAX: usize = 100;

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
pub fn dispatch(
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

fn target_path(path: &str) -> &str {
    path.trim().split('?').next().unwrap_or_default()
}

/// Echoed input is cut, so a huge path cannot make a huge answer.
fn shorten(text: &str) -> String {
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(120).collect::<String>())
    } else {
        text.to_string()
    }
}

fn document(status: u16, data: Value) -> ApiResponse {
    ApiResponse {
        status,
        headers: Vec::new(),
        body: json!({ "data": data }).to_string(),
    }
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::from(DomainError::not_found(what, &shorten(id)))
}

/// The id of the object an accepted command created, from its events.
fn created(events: &[Event], event_type: &str) -> Option<Id> {
    events
        .iter()
        .find(|e| e.event_type == event_type)
        .map(|e| e.object_id.clone())
}

fn lost(what: &str) -> ApiError {
    // The command was accepted, so its object exists; reaching this is a bug worth naming.
    ApiError::new(
        500,
        "internal.object-missing",
        format!("The {what} was saved but could not be read back."),
    )
}

struct Call<'a> {
    world: &'a mut World,
    org: &'a Id,
    target: &'a Target,
    body: &'a str,
    now: Timestamp,
}

/// A list, newest first, after `page[after]`, at most `page[size]` long, with `links.next`.
struct Page {
    base: &'static str,
    allowed: &'static [&'static str],
}

impl Page {
    fn check_params(&self, target: &Target) -> Result<usize, ApiError> {
        for (key, _) in &target.query {
            let structured = key.starts_with("filter[") || key.starts_with("page[");
            if (structured || key == "peek-source-data") && !self.allowed.contains(&key.as_str()) {
                let detail = if key == "peek-source-data" {
                    "`peek-source-data` is only for retrieving one share token, never for lists."
                        .to_string()
                } else {
                    format!(
                        "`{}` is not a parameter of this list; it takes {}.",
                        shorten(key),
                        self.allowed.join(", ")
                    )
                };
                return Err(
                    ApiError::bad_request("request.unknown-parameter", detail).parameter(key)
                );
            }
        }
        match target.param("page[size]") {
            None => Ok(PAGE_SIZE_DEFAULT),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=PAGE_SIZE_MAX).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "request.page-size",
                        format!(
                            "page[size] must be a whole number from 1 to {PAGE_SIZE_MAX}; `{}` is not.",
                            shorten(text)
                        ),
                    )
                    .parameter("page[size]")
                }),
        }
    }

    /// `visible` is everything the org may list (unfiltered), `keep` the filter.
    fn render<T>(
        &self,
        target: &Target,
        mut visible: Vec<&T>,
        key: impl Fn(&T) -> (Timestamp, Id),
        keep: impl Fn(&T) -> bool,
        show: impl Fn(&T) -> Value,
    ) -> Result<ApiResponse, ApiError> {
        let size = self.check_params(target)?;
        visible.sort_by_key(|item| std::cmp::Reverse(key(item)));
        let cursor = match target.param("page[after]") {
            None => None,
            Some(after) => Some(
                visible
                    .iter()
                    .map(|item| key(item))
                    .find(|(_, id)| id.as_str() == after)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "request.page-after",
                            format!(
                                "page[after] must be the id of an item of this list; `{}` is not.",
                                shorten(after)
                            ),
                        )
                        .parameter("page[after]")
                    })?,
            ),
        };
        let rest: Vec<&T> = visible
            .into_iter()
            .filter(|item| keep(item))
            .filter(|item| cursor.as_ref().is_none_or(|c| key(item) < *c))
            .collect();
        let more = rest.len() > size;
        let page: Vec<&T> = rest.into_iter().take(size).collect();
        let next = match page.last() {
            Some(last) if more => {
                let mut query: Vec<String> = target
                    .query
                    .iter()
                    .filter(|(k, _)| k != "page[after]")
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                query.push(format!("page[after]={}", key(last).1));
                json!(format!("{}?{}", self.base, query.join("&")))
            }
            _ => Value::Null,
        };
        let data: Vec<Value> = page.into_iter().map(show).collect();
        Ok(ApiResponse {
            status: 200,
            headers: Vec::new(),
            body: json!({ "data": data, "links": { "next": next } }).to_string(),
        })
    }
}

/// The value of a `filter[…]` parameter, checked against the values it may take.
fn filter<'t>(
    target: &'t Target,
    name: &str,
    values: &[&str],
) -> Result<Option<&'t str>, ApiError> {
    match target.param(name) {
        None => Ok(None),
        Some(v) if values.contains(&v) => Ok(Some(v)),
        Some(v) => Err(ApiError::bad_request(
            "request.filter-value",
            format!(
                "{name} must be one of {}; `{}` is not.",
                values.join(", "),
                shorten(v)
            ),
        )
        .parameter(name)),
    }
}

fn refuse(
    names: &'static [(&'static str, Option<&'static str>)],
) -> impl Fn(DomainError) -> ApiError {
    move |error| ApiError::from_domain(error, names)
}

impl Call<'_> {
    fn apply(
        &mut self,
        command: Command,
        ids: &mut dyn IdSource,
        names: &'static [(&'static str, Option<&'static str>)],
    ) -> Result<Vec<Event>, ApiError> {
        self.world
            .apply(self.org, command, self.now, ids)
            .map_err(refuse(names))
    }

    // ---- share tokens ------------------------------------------------------------------

    fn list_tokens(&self) -> Result<ApiResponse, ApiError> {
        let status = filter(
            self.target,
            "filter[status]",
            &["new", "pending", "redeemed", "expired", "failed"],
        )?;
        let direction = filter(self.target, "filter[direction]", &["inbound", "outbound"])?;
        let bridge = self.target.param("filter[bridge-id]");
        let org = self.org;
        let visible: Vec<&ShareToken> = self
            .world
            .share_tokens
            .values()
            .filter(|t| t.has_side(org))
            .collect();
        let now = self.now;
        Page {
            base: TOKENS,
            allowed: &[
                "filter[status]",
                "filter[bridge-id]",
                "filter[direction]",
                "page[size]",
                "page[after]",
            ],
        }
        .render(
            self.target,
            visible,
            |t| (t.created_at, t.id.clone()),
            |t| {
                status.is_none_or(|s| t.status_at(now).as_str() == s)
                    && bridge.is_none_or(|b| t.bridge_id.as_str() == b)
                    && match direction {
                        Some("inbound") => &t.destination_org_id == org,
                        Some(_) => &t.source_org_id == org,
                        None => true,
                    }
            },
            |t| render::share_token(t, now),
        )
    }

    fn create_token(&mut self, ids: &mut dyn IdSource) -> Result<ApiResponse, ApiError> {
        let attrs = http::attributes(self.body, true)?;
        let bridge_id = http::string(&attrs, "bridge-id")?;
        let source_id = http::string(&attrs, "source-id")?;
        let expires_in_seconds = http::opt_integer(&attrs, "expires-in-seconds")?;
        let events = self.apply(
            Command::CreateShareToken {
                bridge_id,
                source_id,
                expires_in_seconds,
                via: Channel::Api,
            },
            ids,
            &[],
        )?;
        let id = created(&events, "share-token.created").ok_or_else(|| lost("share token"))?;
        token_response(self.world, &id, 201, self.now)
    }

    fn visible_token(&self, id: &str) -> Result<&ShareToken, ApiError> {
        self.world
            .token_visible_to(self.org, &Id::parse(id))
            .ok_or_else(|| not_found("share token", id))
    }

    fn retrieve_token(&self, id: &str) -> Result<ApiResponse, ApiError> {
        Page {
            base: TOKENS,
            allowed: &["peek-source-data"],
        }
        .check_params(self.target)?;
        let token = self.visible_token(id)?;
        let peek = match self.target.param("peek-source-data") {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(ApiError::bad_request(
                    "request.peek-value",
                    format!(
                        "peek-source-data must be `true` or `false`; `{}` is not.",
                        shorten(other)
                    ),
                )
                .parameter("peek-source-data"))
            }
        };
        let mut data = render::share_token(token, self.now);
        if peek {
            if &token.destination_org_id != self.org {
                return Err(ApiError::new(
                    403,
                    "share-token.peek-destination-only",
                    format!(
                        "Only the destination organization can peek at the source data of share token {}; the source already holds it.",
                        token.id
                    ),
                ));
            }
            let status = token.status_at(self.now);
            if status != ShareTokenStatus::New {
                return Err(ApiError::new(
                    422,
                    "share-token.peek-only-new",
                    format!(
                        "Share token {} is {status}; the source data can be previewed only while the token is new.",
                        token.id
                    ),
                ));
            }
            let source = self.world.inquiries.get(&token.source_id);
            let bridge = self.world.bridges.get(&token.bridge_id);
            let (Some(source), Some(bridge)) = (source, bridge) else {
                return Err(lost("share token's source"));
            };
            if let Some(attributes) = data.get_mut("attributes").and_then(Value::as_object_mut) {
                attributes.insert(
                    "source-data-preview".into(),
                    peek::preview(source, &bridge.scopes),
                );
            }
        }
        Ok(document(200, data))
    }

    fn token_action(
        &mut self,
        id: &str,
        action: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        let command = if action == "expire" {
            http::attributes(self.body, false)?;
            Command::ExpireShareToken {
                token_id: id.to_string(),
            }
        } else {
            let attrs = http::attributes(self.body, true)?;
            let destination = http::opt_string(&attrs, "destination-id")?;
            let template = http::opt_string(&attrs, "inquiry-template-id")?;
            let target = match (destination, template) {
                (Some(destination_id), None) => RedeemTarget::Hydrate { destination_id },
                (None, Some(template_id)) => RedeemTarget::Clone { template_id },
                (Some(_), Some(_)) => {
                    return Err(ApiError::bad_request(
                        "redeem.one-target",
                        "Give either `destination-id` (an Inquiry you created: hydrate) or `inquiry-template-id` (a new Inquiry: clone), not both.",
                    )
                    .pointer("/data/attributes"))
                }
                (None, None) => {
                    return Err(ApiError::bad_request(
                        "redeem.target-required",
                        "Give `destination-id` (an Inquiry you created: hydrate) or `inquiry-template-id` (a new Inquiry from that template: clone).",
                    )
                    .pointer("/data/attributes"))
                }
            };
            Command::RedeemShareToken {
                token_id: id.to_string(),
                target,
            }
        };
        self.apply(command, ids, &[("token-id", None)])?;
        token_response(self.world, &Id::parse(id), 200, self.now)
    }

    fn send_token(
        &mut self,
        destination: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        if !self
            .world
            .organizations
            .contains_key(&Id::parse(destination))
        {
            return Err(ApiError::new(
                404,
                "partner.unknown-organization",
                format!(
                    "No organization `{}` has a partner endpoint in this playground.",
                    shorten(destination)
                ),
            ));
        }
        let attrs = http::attributes(self.body, true)?;
        let token_id = http::string(&attrs, "share-token-id")?;
        self.apply(
            Command::SendShareToken {
                token_id: token_id.clone(),
                destination_org_id: destination.to_string(),
            },
            ids,
            &[("token-id", Some("share-token-id"))],
        )?;
        inbox_response(self.world, &Id::parse(&token_id))
    }

    // ---- bridges -----------------------------------------------------------------------

    fn list_bridges(&self) -> Result<ApiResponse, ApiError> {
        let status = filter(
            self.target,
            "filter[status]",
            &["pending", "active", "inactive"],
        )?;
        let direction = filter(self.target, "filter[direction]", &["inbound", "outbound"])?;
        let org = self.org;
        let visible: Vec<&Bridge> = self.world.bridges_of(org);
        Page {
            base: BRIDGES,
            allowed: &[
                "filter[status]",
                "filter[direction]",
                "page[size]",
                "page[after]",
            ],
        }
        .render(
            self.target,
            visible,
            |b| (b.created_at, b.id.clone()),
            |b| {
                status.is_none_or(|s| b.status.as_str() == s)
                    && match direction {
                        Some("inbound") => &b.destination_org_id == org,
                        Some(_) => &b.source_org_id == org,
                        None => true,
                    }
            },
            render::bridge,
        )
    }

    fn create_bridge(&mut self, ids: &mut dyn IdSource) -> Result<ApiResponse, ApiError> {
        let attrs = http::attributes(self.body, true)?;
        let destination_org_id = http::string(&attrs, "destination-id")?;
        let scopes = match http::opt_object(&attrs, "scopes")? {
            None => Scopes::everything(),
            Some(scopes) => Scopes {
                fields: http::opt_slugs(
                    scopes.get("fields"),
                    "scopes/fields",
                    |s| FieldGroup::ALL.into_iter().find(|f| f.slug() == s),
                    "name, birthdate, address, email-address, phone-number, identification-number",
                )?
                .unwrap_or_default()
                .into_iter()
                .collect(),
                verifications: http::opt_slugs(
                    scopes.get("verifications"),
                    "scopes/verifications",
                    |s| VerificationKind::ALL.into_iter().find(|k| k.slug() == s),
                    "government-id, selfie, document",
                )?
                .unwrap_or_default()
                .into_iter()
                .collect(),
            },
        };
        let events = self.apply(
            Command::CreateBridge {
                destination_org_id,
                scopes,
            },
            ids,
            &[],
        )?;
        let id = created(&events, "organization-bridge.created")
            .ok_or_else(|| lost("organization bridge"))?;
        bridge_response(self.world, &id, 201)
    }

    fn retrieve_bridge(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let bridge = self
            .world
            .bridge_visible_to(self.org, &Id::parse(id))
            .ok_or_else(|| not_found("organization bridge", id))?;
        Ok(document(200, render::bridge(bridge)))
    }

    fn bridge_action(
        &mut self,
        id: &str,
        action: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        http::attributes(self.body, false)?;
        let bridge_id = id.to_string();
        let command = match action {
            "activate" => Command::ActivateBridge { bridge_id },
            "deactivate" => Command::DeactivateBridge { bridge_id },
            _ => Command::ReactivateBridge { bridge_id },
        };
        self.apply(command, ids, &[("bridge-id", None)])?;
        bridge_response(self.world, &Id::parse(id), 200)
    }

    // ---- inquiries ---------------------------------------------------------------------

    fn list_inquiries(&self) -> Result<ApiResponse, ApiError> {
        let status = filter(
            self.target,
            "filter[status]",
            &[
                "created",
                "pending",
                "completed",
                "failed",
                "expired",
                "needs_review",
                "approved",
                "declined",
            ],
        )?;
        Page {
            base: INQUIRIES,
            allowed: &["filter[status]", "page[size]", "page[after]"],
        }
        .render(
            self.target,
            self.world.inquiries_of(self.org),
            |i| (i.created_at, i.id.clone()),
            |i| status.is_none_or(|s| i.status.as_str() == s),
            render::inquiry,
        )
    }

    fn create_inquiry(&mut self, ids: &mut dyn IdSource) -> Result<ApiResponse, ApiError> {
        let attrs = http::attributes(self.body, true)?;
        let template_id = http::string(&attrs, "inquiry-template-id")?;
        let mut fields = PersonFields::default();
        if let Some(given) = http::opt_object(&attrs, "fields")? {
            for (name, value) in given {
                let at = format!("/data/attributes/fields/{name}");
                let Some(slot) = render::field_mut(&mut fields, name) else {
                    return Err(ApiError::bad_request(
                        "inquiry.unknown-field",
                        format!(
                            "`{}` is not an inquiry field; the fields are {}.",
                            shorten(name),
                            render::FIELD_NAMES.join(", ")
                        ),
                    )
                    .pointer(&at));
                };
                match value {
                    Value::String(text) => *slot = text.trim().to_string(),
                    Value::Null => {}
                    other => {
                        return Err(ApiError::bad_request(
                            "request.attribute-type",
                            format!(
                                "`fields.{name}` must be a string, not {}.",
                                http::short(other)
                            ),
                        )
                        .pointer(&at))
                    }
                }
            }
        }
        let evidence: BTreeSet<VerificationKind> = http::opt_slugs(
            attrs.get("evidence"),
            "evidence",
            |s| {
                VerificationKind::WITH_EVIDENCE
                    .into_iter()
                    .find(|k| k.slug() == s)
            },
            "government-id, selfie, document",
        )?
        .unwrap_or_default()
        .into_iter()
        .collect();
        let events = self.apply(
            Command::CreateInquiry {
                template_id,
                fields: Box::new(fields),
                evidence,
            },
            ids,
            &[],
        )?;
        let id = created(&events, "inquiry.created").ok_or_else(|| lost("inquiry"))?;
        inquiry_response(self.world, &id, 201)
    }

    fn retrieve_inquiry(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let inquiry = self
            .world
            .inquiry_owned_by(self.org, &Id::parse(id))
            .ok_or_else(|| not_found("inquiry", id))?;
        Ok(document(200, render::inquiry(inquiry)))
    }

    fn inquiry_action(
        &mut self,
        id: &str,
        action: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        http::attributes(self.body, false)?;
        let inquiry_id = id.to_string();
        let command = match action {
            "complete" => Command::RunInquiry { inquiry_id },
            "approve" => Command::ApproveInquiry { inquiry_id },
            _ => Command::DeclineInquiry { inquiry_id },
        };
        self.apply(command, ids, &[("inquiry-id", None)])?;
        inquiry_response(self.world, &Id::parse(id), 200)
    }

    // ---- templates ---------------------------------------------------------------------

    fn list_templates(&self) -> Result<ApiResponse, ApiError> {
        Page {
            base: TEMPLATES,
            allowed: &[],
        }
        .check_params(self.target)?;
        let data: Vec<Value> = self
            .world
            .templates_of(self.org)
            .into_iter()
            .map(render::template)
            .collect();
        Ok(ApiResponse {
            status: 200,
            headers: Vec::new(),
            body: json!({ "data": data, "links": { "next": null } }).to_string(),
        })
    }

    fn retrieve_template(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let template = self
            .world
            .template_owned_by(self.org, &Id::parse(id))
            .ok_or_else(|| not_found("inquiry template", id))?;
        Ok(document(200, render::template(template)))
    }
}

fn token_response(
    world: &World,
    id: &Id,
    status: u16,
    now: Timestamp,
) -> Result<ApiResponse, ApiError> {
    let token = world
        .share_tokens
        .get(id)
        .ok_or_else(|| lost("share token"))?;
    let mut body = json!({ "data": render::share_token(token, now) });
    // After a redeem the destination's new Inquiry comes along, as the real API includes it.
    if let Some(inquiry) = token
        .destination_inquiry_id
        .as_ref()
        .and_then(|i| world.inquiries.get(i))
        .filter(|_| status == 200)
    {
        body["included"] = json!([render::inquiry(inquiry)]);
    }
    Ok(ApiResponse {
        status,
        headers: Vec::new(),
        body: body.to_string(),
    })
}

fn bridge_response(world: &World, id: &Id, status: u16) -> Result<ApiResponse, ApiError> {
    let bridge = world
        .bridges
        .get(id)
        .ok_or_else(|| lost("organization bridge"))?;
    Ok(document(status, render::bridge(bridge)))
}

fn inquiry_response(world: &World, id: &Id, status: u16) -> Result<ApiResponse, ApiError> {
    let inquiry = world.inquiries.get(id).ok_or_else(|| lost("inquiry"))?;
    Ok(document(status, render::inquiry(inquiry)))
}

fn inbox_response(world: &World, token: &Id) -> Result<ApiResponse, ApiError> {
    let entry = world
        .partner_inbox
        .iter()
        .rev()
        .find(|e| &e.share_token_id == token)
        .ok_or_else(|| lost("delivery"))?;
    Ok(document(
        202,
        render::inbox_entry(entry, &world.org_name(&entry.sender_org_id)),
    ))
}

// ---- the Dashboard's equivalents -----------------------------------------------------------

/// What a Dashboard command's answer is about.
pub enum Primary {
    Created(&'static str),
    Token(Id),
    Bridge(Id),
    Inquiry(Id),
    Delivery(Id),
}

fn attributes_body(attributes: Value) -> String {
    json!({ "data": { "attributes": attributes } }).to_string()
}

/// The API call a Dashboard `command` is equivalent to, and what its answer shows; `None` for
/// commands the API does not offer. It carries no Authorization header: the Dashboard acts
/// in the org's session, and a re-send from the console adds the org's current key.
pub fn equivalent(command: &Command) -> Option<(ApiRequest, Primary)> {
    let post = |path: String, body: Option<Value>| {
        let request = ApiRequest::new("POST", &path);
        match body {
            Some(attributes) => request
                .header("Content-Type", "application/json")
                .body(&attributes_body(attributes)),
            None => request,
        }
    };
    let token = |id: &str| Id::parse(id);
    Some(match command {
        // Workflows and webhooks are configured in the Dashboard only: the simulated API has
        // no endpoints for them.
        Command::CreateOrganization { .. }
        | Command::RollApiKey
        | Command::CreateWorkflow { .. }
        | Command::UpdateWorkflow { .. }
        | Command::SetWorkflowEnabled { .. }
        | Command::DeleteWorkflow { .. }
        | Command::CreateWebhook { .. }
        | Command::DeleteWebhook { .. } => return None,
        Command::CreateInquiry {
            template_id,
            fields,
            evidence,
        } => (
            post(
                INQUIRIES.to_string(),
                Some(json!({
                    "inquiry-template-id": template_id,
                    "fields": render::fields(fields),
                    "evidence": evidence.iter().map(|k| k.slug()).collect::<Vec<_>>(),
                })),
            ),
            Primary::Created("inquiry.created"),
        ),
        Command::RunInquiry { inquiry_id }
        | Command::ApproveInquiry { inquiry_id }
        | Command::DeclineInquiry { inquiry_id } => {
            let action = match command {
                Command::RunInquiry { .. } => "complete",
                Command::ApproveInquiry { .. } => "approve",
                _ => "decline",
            };
            (
                post(format!("{INQUIRIES}/{}/{action}", inquiry_id.trim()), None),
                Primary::Inquiry(token(inquiry_id)),
            )
        }
        Command::CreateBridge {
            destination_org_id,
            scopes,
        } => (
            post(
                BRIDGES.to_string(),
                Some(json!({
                    "destination-id": destination_org_id,
                    "scopes": render::scopes(scopes),
                })),
            ),
            Primary::Created("organization-bridge.created"),
        ),
        Command::ActivateBridge { bridge_id }
        | Command::DeactivateBridge { bridge_id }
        | Command::ReactivateBridge { bridge_id } => {
            let action = match command {
                Command::ActivateBridge { .. } => "activate",
                Command::DeactivateBridge { .. } => "deactivate",
                _ => "reactivate",
            };
            (
                post(format!("{BRIDGES}/{}/{action}", bridge_id.trim()), None),
                Primary::Bridge(token(bridge_id)),
            )
        }
        Command::CreateShareToken {
            bridge_id,
            source_id,
            expires_in_seconds,
            ..
        } => {
            let mut attributes = Map::new();
            attributes.insert("bridge-id".into(), json!(bridge_id));
            attributes.insert("source-id".into(), json!(source_id));
            if let Some(seconds) = expires_in_seconds {
                attributes.insert("expires-in-seconds".into(), json!(seconds));
            }
            (
                post(TOKENS.to_string(), Some(Value::Object(attributes))),
                Primary::Created("share-token.created"),
            )
        }
        Command::ExpireShareToken { token_id } => (
            post(format!("{TOKENS}/{}/expire", token_id.trim()), None),
            Primary::Token(token(token_id)),
        ),
        Command::RedeemShareToken { token_id, target } => {
            let attributes = match target {
                RedeemTarget::Clone { template_id } => {
                    json!({ "inquiry-template-id": template_id })
                }
                RedeemTarget::Hydrate { destination_id } => {
                    json!({ "destination-id": destination_id })
                }
            };
            (
                post(
                    format!("{TOKENS}/{}/redeem", token_id.trim()),
                    Some(attributes),
                ),
                Primary::Token(token(token_id)),
            )
        }
        Command::SendShareToken {
            token_id,
            destination_org_id,
        } => (
            post(
                format!("/partners/{}/share-tokens", destination_org_id.trim()),
                Some(json!({ "share-token-id": token_id })),
            ),
            Primary::Delivery(token(token_id)),
        ),
    })
}

/// The answer the API would have given to an accepted Dashboard command.
pub fn after_command(
    world: &World,
    primary: &Primary,
    events: &[Event],
    now: Timestamp,
) -> ApiResponse {
    let result = match primary {
        Primary::Created(event_type) => match created(events, event_type) {
            Some(id) => match *event_type {
                "inquiry.created" => inquiry_response(world, &id, 201),
                "organization-bridge.created" => bridge_response(world, &id, 201),
                _ => token_response(world, &id, 201, now),
            },
            None => Err(lost("object")),
        },
        Primary::Token(id) => token_response(world, id, 200, now),
        Primary::Bridge(id) => bridge_response(world, id, 200),
        Primary::Inquiry(id) => inquiry_response(world, id, 200),
        Primary::Delivery(id) => inbox_response(world, id),
    };
    result.unwrap_or_else(|error| error.response())
}
