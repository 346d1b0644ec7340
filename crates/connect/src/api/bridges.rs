//! `/api/v1/connect/organization-bridges`: create, list, retrieve, activate, deactivate,
//! reactivate.

use super::errors::ApiError;
use super::http;
use super::paging::{filter, Page};
use super::router::{created, document, lost, not_found, Call, BRIDGES};
use super::{render, ApiResponse};
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::world::{Command, World};

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

    pub(super) fn create_bridge(
        &mut self,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
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

    pub(super) fn retrieve_bridge(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let bridge = self
            .world
            .bridges
            .get(&Id::parse(id))
            .filter(|b| &b.source_org_id == self.org || &b.destination_org_id == self.org)
            .ok_or_else(|| not_found("organization bridge", id))?;
        Ok(document(200, render::bridge(bridge)))
    }

    pub(super) fn bridge_action(
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
}

pub(super) fn bridge_response(
    world: &World,
    id: &Id,
    status: u16,
) -> Result<ApiResponse, ApiError> {
    let bridge = world
        .bridges
        .get(id)
        .ok_or_else(|| lost("organization bridge"))?;
    Ok(document(status, render::bridge(bridge)))
}
