//! `/api/v1/connect/organization-bridges`: create, list, retrieve, activate, deactivate,
//! reactivate.

use super::errors::ApiError;
use super::http;
use super::paging::{filter, on_side, Page};
use super::router::{created, lost, read_back, retrieved, shorten, Call, BRIDGES};
use super::{render, ApiResponse};
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::world::{Command, World};
use serde_json::{Map, Value};

/// The destination's organization id, as Persona names it in a bridge create.
pub(super) const DESTINATION: &str = "destination-organization-id";
/// The destination's default clone template for the bridge (a playground extension).
pub(super) const DEFAULT_TEMPLATE: &str = "default-inquiry-template-id";
/// How a refusal about the template names the attribute.
const TEMPLATE_NAMES: &[(&str, Option<&str>)] =
    &[("bridge-id", None), ("template-id", Some(DEFAULT_TEMPLATE))];
/// The playground's first name for it, still read so older requests (and saved console
/// requests) keep working.
const DESTINATION_DEPRECATED: &str = "destination-id";

fn destination(attrs: &Map<String, Value>) -> Result<String, ApiError> {
    let current = http::opt_string(attrs, DESTINATION)?;
    let deprecated = http::opt_string(attrs, DESTINATION_DEPRECATED)?;
    match (current, deprecated) {
        // Each is checked under the name the caller gave, so a blank one is pointed at.
        (Some(_), None) => http::string(attrs, DESTINATION),
        (None, Some(_)) => http::string(attrs, DESTINATION_DEPRECATED),
        (Some(a), Some(b)) if a.trim() == b.trim() => http::string(attrs, DESTINATION),
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "bridge.destination-twice",
            "`destination-id` is the deprecated name of `destination-organization-id`; give one of them.",
        )
        .pointer(&format!("/data/attributes/{DESTINATION_DEPRECATED}"))),
        (None, None) => http::string(attrs, DESTINATION),
    }
}

impl Call<'_> {
    pub(super) fn list_bridges(&self) -> Result<ApiResponse, ApiError> {
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
            filters: &["filter[status]", "filter[direction]"],
        }
        .render(
            self.target,
            visible,
            |b| (b.created_at, b.id.clone()),
            |b| {
                status.is_none_or(|s| b.status.as_str() == s)
                    && on_side(direction, org, &b.source_org_id, &b.destination_org_id)
            },
            render::bridge,
        )
    }

    pub(super) fn create_bridge(
        &mut self,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        let attrs = http::attributes(self.body, true)?;
        let destination_org_id = destination(&attrs)?;
        let scopes = match http::opt_object(&attrs, "scopes")? {
            None => Scopes::everything(),
            Some(scopes) => Scopes {
                fields: http::opt_slugs(
                    scopes.get("fields"),
                    "scopes/fields",
                    |s| FieldGroup::ALL.into_iter().find(|f| f.slug() == s),
                    "name, birthdate, address, email-address, phone-number, identification-number",
                )?
                .map(crate::order::insert_all)
                .unwrap_or_default(),
                verifications: http::opt_slugs(
                    scopes.get("verifications"),
                    "scopes/verifications",
                    |s| VerificationKind::ALL.into_iter().find(|k| k.slug() == s),
                    "government-id, selfie, document",
                )?
                .map(crate::order::insert_all)
                .unwrap_or_default(),
            },
        };
        let events = self.apply(
            Command::CreateBridge {
                destination_org_id,
                scopes,
            },
            ids,
            &[("destination-id", Some(DESTINATION))],
        )?;
        let id = created(&events, "organization-bridge.created")
            .ok_or_else(|| lost("organization bridge"))?;
        bridge_response(self.world, &id, 201)
    }

    pub(super) fn retrieve_bridge(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let visible = self.world.bridge_visible_to(self.org, &Id::parse(id));
        retrieved(visible, "organization bridge", id, render::bridge)
    }

    pub(super) fn bridge_action(
        &mut self,
        id: &str,
        action: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        let bridge_id = id.to_string();
        if action == "activate" {
            let attrs = http::attributes(self.body, false)?;
            let template_id = http::opt_string(&attrs, DEFAULT_TEMPLATE)?;
            let command = Command::ActivateBridge {
                bridge_id,
                template_id,
            };
            self.apply(command, ids, TEMPLATE_NAMES)?;
        } else {
            let command = match action {
                "deactivate" => Command::DeactivateBridge { bridge_id },
                _ => Command::ReactivateBridge { bridge_id },
            };
            self.act(command, ids, &[("bridge-id", None)])?;
        }
        bridge_response(self.world, &Id::parse(id), 200)
    }

    /// `PATCH …/organization-bridges/{id}`: the destination changes its default clone
    /// template, the one attribute a bridge lets anyone change.
    pub(super) fn update_bridge(
        &mut self,
        id: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        let attrs = http::attributes(self.body, true)?;
        if let Some(other) = attrs.keys().find(|name| *name != DEFAULT_TEMPLATE) {
            return Err(ApiError::bad_request(
                "bridge.update-only-default-template",
                format!(
                    "`{}` cannot be changed; a bridge's only changeable attribute is `{DEFAULT_TEMPLATE}`.",
                    shorten(other)
                ),
            )
            .pointer(&format!("/data/attributes/{}", http::pointer_token(other))));
        }
        let template_id = http::string(&attrs, DEFAULT_TEMPLATE)?;
        let command = Command::SetBridgeDefaultTemplate {
            bridge_id: id.to_string(),
            template_id,
        };
        self.apply(command, ids, TEMPLATE_NAMES)?;
        bridge_response(self.world, &Id::parse(id), 200)
    }
}

pub(super) fn bridge_response(
    world: &World,
    id: &Id,
    status: u16,
) -> Result<ApiResponse, ApiError> {
    read_back(
        status,
        "organization bridge",
        world.bridges.get(id).map(render::bridge),
    )
}
