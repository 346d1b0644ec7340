//! `/api/v1/connect/share-tokens`: create, list, retrieve (and peek), expire, redeem.

use super::errors::ApiError;
use super::http;
use super::paging::{check_params, filter, on_side, Page};
use super::router::{created, document, lost, not_found, read_back, shorten, Call, TOKENS};
use super::{peek, render, ApiResponse};
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::world::{Command, RedeemTarget, TwoSided, World};
use serde_json::Value;

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
            .filter(|t| t.has_side(org))
            .collect();
        let now = self.now;
        Page {
            base: TOKENS,
            filters: &["filter[status]", "filter[bridge-id]", "filter[direction]"],
        }
        .render(
            self.target,
            visible,
            |t| (t.created_at, t.id.clone()),
            |t| {
                status.is_none_or(|s| t.status_at(now).as_str() == s)
                    && bridge.is_none_or(|b| t.bridge_id.as_str() == b)
                    && on_side(direction, org, &t.source_org_id, &t.destination_org_id)
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
                creator: Creator::ApiKey {
                    key_id: self.key.clone(),
                },
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

    /// With `peek-source-data=true`, the destination of a `new` token also gets
    /// `attributes.source-data`: what the bridge shares, personal data masked, while the bridge
    /// is active (deactivating it stops the sharing). Anyone else, a token past `new` or a
    /// bridge not active gets the token without it.
    pub(super) fn retrieve_token(&self, id: &str) -> Result<ApiResponse, ApiError> {
        check_params(self.target, &["peek-source-data"])?;
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
        let peeked = peek
            .then(|| self.world.peekable(token, self.org, self.now))
            .flatten();
        if let Some((source, bridge)) = peeked {
            if let Some(attributes) = data.get_mut("attributes").and_then(Value::as_object_mut) {
                attributes.insert("source-data".into(), peek::preview(source, &bridge.scopes));
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
            Command::RedeemShareToken {
                token_id: id.to_string(),
                target: self.redeem_target(id)?,
            }
        };
        self.apply(command, ids, &[("token-id", None)])?;
        token_response(self.world, &Id::parse(id), 200, self.now)
    }

    /// `destination-id` hydrates that Inquiry; without it the token clones into a new Inquiry,
    /// of `inquiry-template-id` (a playground extension) or else the bridge's default template.
    fn redeem_target(&self, id: &str) -> Result<RedeemTarget, ApiError> {
        let attrs = http::attributes(self.body, false)?;
        let destination = http::opt_string(&attrs, "destination-id")?;
        let template = http::opt_string(&attrs, "inquiry-template-id")?;
        // Given but blank is neither "leave it out" nor an id: say which it should be.
        let blank = [
            (
                "destination-id",
                &destination,
                "to clone instead of hydrating",
            ),
            (
                "inquiry-template-id",
                &template,
                "to clone into the bridge's default template",
            ),
        ]
        .into_iter()
        .find(|(_, value, _)| value.as_ref().is_some_and(|v| v.trim().is_empty()));
        if let Some((name, _, without)) = blank {
            return Err(ApiError::bad_request(
                "redeem.attribute-blank",
                format!("`{name}` is blank: give an id, or leave `{name}` out {without}."),
            )
            .pointer(&format!("/data/attributes/{name}")));
        }
        match (destination, template) {
            (Some(destination_id), None) => Ok(RedeemTarget::Hydrate { destination_id }),
            (None, Some(template_id)) => Ok(RedeemTarget::Clone { template_id }),
            (Some(_), Some(_)) => Err(ApiError::bad_request(
                "redeem.one-target",
                "Give `destination-id` (an Inquiry you created: hydrate) or, to clone, nothing or `inquiry-template-id`; not both.",
            )
            .pointer("/data/attributes/inquiry-template-id")),
            (None, None) => {
                // Another org's token stays not found, before any talk of templates.
                let token = self.visible_token(id)?;
                let template_id = self
                    .world
                    .bridges
                    .get(&token.bridge_id)
                    .and_then(|bridge| self.world.default_template_of(bridge))
                    .filter(|_| &token.destination_org_id == self.org);
                Ok(RedeemTarget::Clone {
                    template_id: template_id.map(|t| t.id.to_string()).unwrap_or_default(),
                })
            }
        }
    }
}

pub(super) fn token_response(
    world: &World,
    id: &Id,
    status: u16,
    now: Timestamp,
) -> Result<ApiResponse, ApiError> {
    let token = world.share_tokens.get(id);
    read_back(
        status,
        "share token",
        token.map(|t| render::share_token(t, now)),
    )
}
