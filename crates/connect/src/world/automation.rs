//! An org's automation settings: creating, editing, enabling and deleting workflows, and adding
//! and deleting webhook endpoints. What runs them is the automation layer above.

use crate::error::DomainError;
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;

use super::access::{only_side, Side};
use super::World;

/// Actions one workflow may hold.
pub const MAX_ACTIONS: usize = 10;
/// Endpoints one org may have.
pub const MAX_ENDPOINTS: usize = 10;
/// Workflows one org may have: with the runs-per-action cap, this keeps what one action sets
/// off small enough to show and save.
pub const MAX_WORKFLOWS_PER_ORG: usize = 20;

impl Action {
    /// The action in words, for forms, lists and run records.
    pub fn describe(&self, world: &World) -> String {
        match self {
            Action::CreateShareToken {
                bridge: BridgeChoice::Bridge(id),
            } => format!("Create a share token over bridge {id}"),
            Action::CreateShareToken {
                bridge: BridgeChoice::ActiveBridgeTo(org),
            } => format!(
                "Create a share token over the active bridge to {}",
                world.org_name(org)
            ),
            Action::SendShareToken => "Send the token to the destination's API".into(),
            Action::RedeemShareToken { template_id } => format!(
                "Redeem the token with template {}",
                world
                    .templates
                    .get(template_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| template_id.to_string())
            ),
        }
    }
}

impl World {
    /// Checks a workflow's spec as `actor` would own it; everything it names must exist and be
    /// the actor's to use. Creating, editing and importing a workflow all ask this.
    pub fn check_workflow_spec(
        &self,
        actor: &Id,
        spec: WorkflowSpec,
    ) -> Result<WorkflowSpec, DomainError> {
        let name = spec.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(DomainError::unprocessable(
                "workflow.name-length",
                "A workflow needs a name of 1 to 80 characters.",
            )
            .on("name"));
        }
        let event_type = spec.trigger.event_type.trim().to_string();
        if EventType::parse(&event_type).is_none() {
            return Err(DomainError::unprocessable(
                "workflow.trigger-known-event",
                format!("`{}` is not an event type the playground records; pick one of the listed types.", crate::error::shorten(&event_type)),
            )
            .on("trigger"));
        }
        if spec.actions.is_empty() || spec.actions.len() > MAX_ACTIONS {
            return Err(DomainError::unprocessable(
                "workflow.actions-count",
                format!("A workflow needs 1 to {MAX_ACTIONS} actions."),
            )
            .on("actions"));
        }
        let own_template = |id: &Id| {
            self.template_owned_by(actor, id)
                .map(|_| ())
                .ok_or_else(|| {
                    DomainError::not_found("inquiry template", id.as_str()).on("template-id")
                })
        };
        if let Some(t) = &spec.trigger.template_id {
            own_template(t)?;
        }
        let visible_bridge = |id: &Id| {
            self.bridge_visible_to(actor, id)
                .ok_or_else(|| DomainError::not_found("organization bridge", id.as_str()))
        };
        if let Some(b) = &spec.trigger.bridge_id {
            visible_bridge(b)?;
        }
        let known_org = |id: &Id| {
            if self.organizations.contains_key(id) {
                Ok(())
            } else {
                Err(DomainError::not_found("organization", id.as_str()))
            }
        };
        if let Some(o) = &spec.trigger.source_org_id {
            known_org(o)?;
        }
        for action in &spec.actions {
            match action {
                Action::CreateShareToken {
                    bridge: BridgeChoice::Bridge(id),
                } => {
                    only_side(
                        visible_bridge(id)?,
                        actor,
                        Side::Source,
                        "workflow.bridge-source",
                        |b| {
                            format!("Only bridge {}'s source organization can create share tokens over it.", b.id)
                        },
                    )?;
                }
                Action::CreateShareToken {
                    bridge: BridgeChoice::ActiveBridgeTo(org),
                } => known_org(org)?,
                Action::SendShareToken => {}
                Action::RedeemShareToken { template_id } => own_template(template_id)?,
            }
        }
        Ok(WorkflowSpec {
            name,
            trigger: Trigger {
                event_type,
                ..spec.trigger
            },
            actions: spec.actions,
        })
    }

    pub(super) fn create_workflow(
        &mut self,
        actor: &Id,
        spec: WorkflowSpec,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Id, DomainError> {
        let spec = self.check_workflow_spec(actor, spec)?;
        if self.workflows_of(actor).len() >= MAX_WORKFLOWS_PER_ORG {
            return Err(workflow_limit());
        }
        Ok(self.add_workflow(actor, spec, false, now, ids))
    }

    /// Adds a workflow without checks: used by seeding and by the checked command.
    pub fn add_workflow(
        &mut self,
        org: &Id,
        spec: WorkflowSpec,
        enabled: bool,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Id {
        let id = ids.new_id(prefix::WORKFLOW);
        self.touch(&id);
        self.workflows.insert(
            id.clone(),
            Workflow {
                id: id.clone(),
                org_id: org.clone(),
                name: spec.name,
                enabled,
                trigger: spec.trigger,
                actions: spec.actions,
                created_at: now,
                updated_at: now,
            },
        );
        id
    }

    pub(super) fn update_workflow(
        &mut self,
        actor: &Id,
        workflow_id: &str,
        spec: WorkflowSpec,
        now: Timestamp,
    ) -> Result<Id, DomainError> {
        let id = self.own_workflow(actor, workflow_id)?;
        let spec = self.check_workflow_spec(actor, spec)?;
        self.touch(&id);
        if let Some(w) = self.workflows.get_mut(&id) {
            w.name = spec.name;
            w.trigger = spec.trigger;
            w.actions = spec.actions;
            w.updated_at = now;
        }
        Ok(id)
    }

    pub(super) fn set_workflow_enabled(
        &mut self,
        actor: &Id,
        workflow_id: &str,
        enabled: bool,
        now: Timestamp,
    ) -> Result<Id, DomainError> {
        let id = self.own_workflow(actor, workflow_id)?;
        self.touch(&id);
        if let Some(w) = self.workflows.get_mut(&id) {
            w.enabled = enabled;
            w.updated_at = now;
        }
        Ok(id)
    }

    /// Deletes the workflow; its runs stay (they name it) until newer runs push them out.
    pub(super) fn delete_workflow(
        &mut self,
        actor: &Id,
        workflow_id: &str,
    ) -> Result<Id, DomainError> {
        let id = self.own_workflow(actor, workflow_id)?;
        self.touch(&id);
        self.workflows.remove(&id);
        Ok(id)
    }

    pub(super) fn create_webhook(
        &mut self,
        actor: &Id,
        url: &str,
        event_types: Vec<String>,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Id, DomainError> {
        check_no_credentials(url)?;
        let (url, types) = check_webhook(url, &event_types)?;
        if self.webhooks_of(actor).len() >= MAX_ENDPOINTS {
            return Err(DomainError::unprocessable(
                "webhook.endpoint-limit",
                format!("An organization can have at most {MAX_ENDPOINTS} webhook endpoints; delete one first."),
            ));
        }
        let id = ids.new_id(prefix::WEBHOOK);
        let secret = ids.new_id(prefix::WEBHOOK_SECRET).to_string();
        self.touch(&id);
        self.webhooks.insert(
            id.clone(),
            WebhookEndpoint {
                id: id.clone(),
                org_id: actor.clone(),
                url,
                event_types: types,
                secret,
                enabled: true,
                created_at: now,
            },
        );
        Ok(id)
    }

    pub(super) fn set_webhook_enabled(
        &mut self,
        actor: &Id,
        webhook_id: &str,
        enabled: bool,
    ) -> Result<Id, DomainError> {
        let id = self.own_webhook(actor, webhook_id)?;
        self.touch(&id);
        if let Some(w) = self.webhooks.get_mut(&id) {
            w.enabled = enabled;
        }
        Ok(id)
    }

    /// Deletes the endpoint; its deliveries stay as a record of what was sent.
    pub(super) fn delete_webhook(
        &mut self,
        actor: &Id,
        webhook_id: &str,
    ) -> Result<Id, DomainError> {
        let id = self.own_webhook(actor, webhook_id)?;
        self.touch(&id);
        self.webhooks.remove(&id);
        Ok(id)
    }

    /// The org's workflows, oldest first.
    pub fn workflows_of(&self, org: &Id) -> Vec<&Workflow> {
        let mut list: Vec<_> = self
            .workflows
            .values()
            .filter(|w| &w.org_id == org)
            .collect();
        crate::order::sort_by(&mut list, |a, b| {
            (a.created_at, &a.id).cmp(&(b.created_at, &b.id))
        });
        list
    }

    /// The org's workflow runs, newest first.
    pub fn runs_of(&self, org: &Id) -> Vec<&WorkflowRun> {
        let mut list: Vec<_> = self
            .workflow_runs
            .values()
            .filter(|r| &r.org_id == org)
            .collect();
        crate::order::sort_by_key_desc(&mut list, |r| r.seq);
        list
    }

    /// The org's endpoints, oldest first.
    pub fn webhooks_of(&self, org: &Id) -> Vec<&WebhookEndpoint> {
        let mut list: Vec<_> = self
            .webhooks
            .values()
            .filter(|w| &w.org_id == org)
            .collect();
        crate::order::sort_by(&mut list, |a, b| {
            (a.created_at, &a.id).cmp(&(b.created_at, &b.id))
        });
        list
    }

    /// The org's deliveries, newest first.
    pub fn deliveries_of(&self, org: &Id) -> Vec<&Delivery> {
        let mut list: Vec<_> = self
            .deliveries
            .values()
            .filter(|d| &d.org_id == org)
            .collect();
        crate::order::sort_by_key_desc(&mut list, |d| d.seq);
        list
    }

    /// The newest delivery's sequence number (0 when there is none): deliveries numbered above
    /// it were made after this call.
    pub fn last_delivery_seq(&self) -> u64 {
        self.deliveries.values().map(|d| d.seq).max().unwrap_or(0)
    }

    /// Deliveries made after [`World::last_delivery_seq`] returned `seq`, oldest first.
    pub fn deliveries_after(&self, seq: u64) -> Vec<&Delivery> {
        let mut list: Vec<_> = self.deliveries.values().filter(|d| d.seq > seq).collect();
        crate::order::sort_by_key(&mut list, |d| d.seq);
        list
    }

    /// Records what the POST of delivery `id` came to. Returns false when the delivery is gone
    /// (pushed out by newer ones, or the playground was reset meanwhile).
    pub fn record_delivery_outcome(
        &mut self,
        id: &Id,
        outcome: DeliveryOutcome,
        at: Timestamp,
    ) -> bool {
        let Some(delivery) = self.deliveries.get_mut(id) else {
            return false;
        };
        delivery.outcome = outcome;
        delivery.outcome_at = Some(at);
        self.touch(id);
        true
    }
}

/// The refusal of a workflow past [`MAX_WORKFLOWS_PER_ORG`].
fn workflow_limit() -> DomainError {
    DomainError::unprocessable(
        "workflow.limit-per-org",
        format!(
            "An organization can have at most {MAX_WORKFLOWS_PER_ORG} workflows; delete one first."
        ),
    )
}

/// What follows `http://` or `https://` (any case) in `url`.
fn after_scheme(url: &str) -> Option<&str> {
    ["http://", "https://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .and_then(|_| url.get(scheme.len()..))
    })
}

/// A new endpoint's URL names no user or password (`https://user:pw@host/`): the browser
/// refuses to POST to such a URL, and the password would show in every list. (A later rule
/// than [`check_webhook`]'s, so the command's only: an earlier export still imports.)
fn check_no_credentials(url: &str) -> Result<(), DomainError> {
    let authority = after_scheme(url.trim())
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    if authority.contains('@') {
        return Err(DomainError::unprocessable(
            "webhook.url-credentials",
            "A webhook URL cannot carry a user name or password (`user:password@`): the browser refuses to send to it. Check deliveries with the signature instead.",
        )
        .on("url"));
    }
    Ok(())
}

/// Checks a webhook endpoint's URL and event types; returns them as stored (trimmed, sorted,
/// without repeats). Creating and importing an endpoint both ask this.
pub fn check_webhook(
    url: &str,
    event_types: &[String],
) -> Result<(String, Vec<String>), DomainError> {
    let url = url.trim();
    // A scheme (in any case, as URLs allow) and then a host: `http://` alone, or
    // `http:///path`, names no server.
    let host_ok = after_scheme(url).is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !host_ok || url.chars().count() > 2_000 || url.chars().any(char::is_whitespace) {
        return Err(DomainError::unprocessable(
            "webhook.url-http",
            "A webhook URL must be an http:// or https:// address with a host and without spaces (at most 2000 characters).",
        )
        .on("url"));
    }
    let mut types: Vec<String> = event_types.iter().map(|t| t.trim().to_string()).collect();
    crate::order::sort_by(&mut types, Ord::cmp);
    types.dedup();
    if types.is_empty() {
        return Err(DomainError::unprocessable(
            "webhook.event-types-required",
            "Pick at least one event type to send to this endpoint.",
        )
        .on("event-types"));
    }
    if let Some(unknown) = types.iter().find(|t| EventType::parse(t).is_none()) {
        return Err(DomainError::unprocessable(
            "webhook.event-type-known",
            format!(
                "`{}` is not an event type the playground records.",
                crate::error::shorten(unknown)
            ),
        )
        .on("event-types"));
    }
    Ok((url.to_string(), types))
}
