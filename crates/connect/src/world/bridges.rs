//! Organization bridges: created by the source, activated by the destination.

use super::access::{only_side, Side};
use super::World;
use crate::error::{required, DomainError, ErrorKind};
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;

impl World {
    pub(super) fn create_bridge(
        &mut self,
        actor: &Id,
        destination_org_id: &str,
        scopes: Scopes,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        if destination_org_id.trim().is_empty() {
            // The bridge's destination is `destination-organization-id` in Persona's API, and so
            // in this message; `destination-id` is the deprecated alias the API still reads.
            return Err(DomainError::new(
                ErrorKind::BadRequest,
                "attribute-required",
                "Give the destination organization's id: `destination-organization-id` is required.",
            )
            .on("destination-id"));
        }
        let destination = required(destination_org_id, "destination-id")?;
        if destination.prefix() != prefix::ORGANIZATION {
            return Err(DomainError::unprocessable(
                "bridge.destination-must-be-organization",
                format!(
                    "`{}` is not an organization id: organization ids start with `org_`.",
                    crate::error::shorten(destination.as_str())
                ),
            )
            .on("destination-id"));
        }
        if !self.organizations.contains_key(&destination) {
            return Err(DomainError::new(
                ErrorKind::NotFound,
                "not-found",
                format!(
                    "No organization with id `{}` exists in the playground.",
                    crate::error::shorten(destination.as_str())
                ),
            )
            .on("destination-id"));
        }
        if scopes.fields.is_empty() && scopes.verifications.is_empty() {
            return Err(DomainError::unprocessable(
                "bridge.scopes-required",
                "A bridge must share at least one field group or verification.",
            )
            .on("scopes"));
        }
        if let Some(kind) = scopes.verifications.iter().find(|k| !k.needs_evidence()) {
            return Err(DomainError::unprocessable(
                "bridge.scope-evidence-only",
                format!(
                    "`{}` carries no evidence to share; a destination re-runs it from the shared fields.",
                    kind.slug()
                ),
            )
            .on("scopes"));
        }
        if let Some(existing) = self
            .bridges
            .values()
            .find(|b| &b.source_org_id == actor && b.destination_org_id == destination)
        {
            return Err(DomainError::new(
                ErrorKind::Conflict,
                "bridge.one-per-pair",
                format!(
                    "A bridge from this organization to {destination} already exists ({}, {}). There is at most one bridge per source and destination.",
                    existing.id, existing.status
                ),
            )
            .on("destination-id"));
        }
        let id = ids.new_id(prefix::BRIDGE);
        self.touch(&id);
        self.bridges.insert(
            id.clone(),
            Bridge {
                id: id.clone(),
                source_org_id: actor.clone(),
                destination_org_id: destination.clone(),
                scopes,
                status: BridgeStatus::Pending,
                created_at: now,
                default_template_id: None,
                activated_at: None,
                deactivated_at: None,
            },
        );
        Ok(self.record(
            ids,
            now,
            Some(actor),
            EventType::BridgeCreated,
            &id,
            &[actor.clone(), destination],
        ))
    }

    fn set_bridge_status(
        &mut self,
        actor: &Id,
        id: Id,
        status: BridgeStatus,
        event: EventType,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let mut orgs = Vec::new();
        self.touch(&id);
        if let Some(bridge) = self.bridges.get_mut(&id) {
            bridge.status = status;
            match status {
                BridgeStatus::Active => bridge.activated_at = Some(now),
                BridgeStatus::Inactive => bridge.deactivated_at = Some(now),
                BridgeStatus::Pending => {}
            }
            orgs = vec![
                bridge.source_org_id.clone(),
                bridge.destination_org_id.clone(),
            ];
        }
        self.record(ids, now, Some(actor), event, &id, &orgs)
    }

    pub(super) fn activate_bridge(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        template_id: Option<&str>,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge =
            self.destination_bridge(actor, bridge_id, "bridge.destination-activates", "activate")?;
        match bridge.status {
            BridgeStatus::Pending => {}
            BridgeStatus::Active => {
                return Err(DomainError::unprocessable(
                    "bridge.activate-only-pending",
                    format!("Bridge {} is already active.", bridge.id),
                ))
            }
            BridgeStatus::Inactive => {
                return Err(DomainError::unprocessable(
                    "bridge.activate-only-pending",
                    format!(
                        "Bridge {} is inactive: the source must reactivate it before it can be activated again.",
                        bridge.id
                    ),
                ))
            }
        }
        let id = bridge.id.clone();
        let template = match template_id {
            Some(template_id) => Some(self.own_template(actor, template_id)?.id.clone()),
            None => self.default_template_of(bridge).map(|t| t.id.clone()),
        };
        if let Some(bridge) = self.bridges.get_mut(&id) {
            bridge.default_template_id = template;
        }
        Ok(self.set_bridge_status(
            actor,
            id,
            BridgeStatus::Active,
            EventType::BridgeActivated,
            now,
            ids,
        ))
    }

    pub(super) fn set_bridge_default_template(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        template_id: &str,
    ) -> Result<(), DomainError> {
        let bridge = self.destination_bridge(
            actor,
            bridge_id,
            "bridge.destination-picks-template",
            "pick the default template of",
        )?;
        let id = bridge.id.clone();
        let template = self.own_template(actor, template_id)?.id.clone();
        self.touch(&id);
        if let Some(bridge) = self.bridges.get_mut(&id) {
            bridge.default_template_id = Some(template);
        }
        Ok(())
    }

    pub(super) fn deactivate_bridge(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        if bridge.status == BridgeStatus::Inactive {
            return Err(DomainError::unprocessable(
                "bridge.deactivate-only-open",
                format!("Bridge {} is already inactive.", bridge.id),
            ));
        }
        let id = bridge.id.clone();
        Ok(self.set_bridge_status(
            actor,
            id,
            BridgeStatus::Inactive,
            EventType::BridgeDeactivated,
            now,
            ids,
        ))
    }

    pub(super) fn reactivate_bridge(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        only_side(
            bridge,
            actor,
            Side::Source,
            "bridge.source-reactivates",
            |b| {
                format!(
                    "Only the source organization can reactivate bridge {}.",
                    b.id
                )
            },
        )?;
        if bridge.status != BridgeStatus::Inactive {
            return Err(DomainError::unprocessable(
                "bridge.reactivate-only-inactive",
                format!(
                    "Bridge {} is {}; only an inactive bridge can be reactivated.",
                    bridge.id, bridge.status
                ),
            ));
        }
        let id = bridge.id.clone();
        Ok(self.set_bridge_status(
            actor,
            id,
            BridgeStatus::Pending,
            EventType::BridgeReactivated,
            now,
            ids,
        ))
    }
}
