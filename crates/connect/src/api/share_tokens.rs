//! `/api/v1/connect/share-tokens`: create, list, retrieve (and peek), expire, redeem.

use super::errors::ApiError;
use super::http;
use super::paging::{filter, Page};
use super::router::{created, document, lost, not_found, shorten, Call, TOKENS};
use super::{peek, render, ApiResponse};
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::world::{Command, RedeemTarget, World};
use serde_json::{json, Value};

impl Call<'_> {
    pub(super) fn list_tokens(&self) -> Result<ApiResponse, ApiError> {
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
            .filter(|t| &t.source_org_id == org || &t.destination_org_id == org)
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

    pub(super) fn create_token(&mut self, ids: &mut dyn IdSource) -> Result<ApiResponse, ApiError> {
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

    pub(super) fn visible_token(&self, id: &str) -> Result<&ShareToken, ApiError> {
        self.world
            .share_tokens
            .get(&Id::parse(id))
            .filter(|t| &t.source_org_id == self.org || &t.destination_org_id == self.org)
            .ok_or_else(|| not_found("share token", id))
    }

    pub(super) fn retrieve_token(&self, id: &str) -> Result<ApiResponse, ApiError> {
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

    pub(super) fn token_action(
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
}

pub(super) fn token_response(
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
