//! Workflows: an org's automations. A workflow is a trigger (an event type in the org's own log,
//! optionally narrowed by template, bridge, source org, or "addressed to us") and an ordered list
//! of actions. [`World::react`] runs the enabled workflows that events trigger, records each run,
//! and hands every event on to the org's webhooks.
//!
//! Rules this module decides (see `docs/workflows.md`):
//! - Each action is an ordinary [`Command`] applied as the workflow's org through the same path as
//!   the Dashboard (`api::apply_with_origin`, origin `workflow`), so no rule has a second home.
//! - A step that fails changes nothing (a refused command changes nothing) and stops its run; the
//!   steps before it were complete commands and stay applied. The run records the error.
//! - Events of a run can trigger further runs, to a bounded depth ([`MAX_CHAIN_DEPTH`]); a run
//!   past it does nothing and fails with "workflow chain stopped at depth 5".
//! - Runs happen in the same store action as the command that set them off: one lock, one save.

use crate::api::{self, Origin};
use crate::error::{DomainError, ErrorKind};
use crate::ids::{prefix, Id, IdSource};
use crate::model::{BridgeStatus, Channel};
use crate::time::Timestamp;
use crate::world::{Command, Event, RedeemTarget, World};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How many workflow runs deep a chain may go: runs set off by runs set off by … a command.
pub const MAX_CHAIN_DEPTH: usize = 5;
/// Runs kept per org; older ones are deleted (records included) so storage stays bounded.
pub const RUNS_KEPT_PER_ORG: usize = 100;
/// Actions one workflow may hold.
pub const MAX_ACTIONS: usize = 10;

/// Every event type the playground records: what a trigger or a webhook can name.
pub const EVENT_TYPES: &[&str] = &[
    "inquiry.created",
    "inquiry.completed",
    "inquiry.failed",
    "inquiry.approved",
    "inquiry.declined",
    "inquiry.expired",
    "organization-bridge.created",
    "organization-bridge.activated",
    "organization-bridge.deactivated",
    "organization-bridge.reactivated",
    "share-token.created",
    "share-token.sent",
    "share-token.redeemed",
    "share-token.expired",
    "share-token.failed",
    "workflow-run.completed",
    "workflow-run.failed",
    "organization.created",
    "organization.api-key-rolled",
];

/// When a workflow runs: an event in its org's log, of this type, passing every filter set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Trigger {
    pub event_type: String,
    /// Only events about an inquiry of this template.
    #[serde(default)]
    pub template_id: Option<Id>,
    /// Only events about this bridge, a token over it, or an inquiry redeemed through it.
    #[serde(default)]
    pub bridge_id: Option<Id>,
    /// Only events whose token, bridge or shared inquiry comes from this org.
    #[serde(default)]
    pub source_org_id: Option<Id>,
    /// Only tokens (or bridges) whose destination is the workflow's own org.
    #[serde(default)]
    pub addressed_to_us: bool,
}

/// Which bridge a created token goes over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "id")]
pub enum BridgeChoice {
    /// This bridge.
    Bridge(Id),
    /// Whichever bridge from the workflow's org to this destination org is active when the run
    /// happens: lets a workflow exist before its bridge does (the seeded one does).
    ActiveBridgeTo(Id),
}

/// One step of a workflow. Each works on the run's *subject*: the triggering event's object at
/// first, then the token a `create-share-token` step made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    /// Share the subject inquiry over a bridge (source side).
    CreateShareToken { bridge: BridgeChoice },
    /// Post the subject token to its destination's partner endpoint (source side).
    SendShareToken,
    /// Redeem the subject token into a new inquiry of this template (destination side).
    RedeemShareToken { template_id: Id },
}

/// What a user fills in to create or edit a workflow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WorkflowSpec {
    pub name: String,
    pub trigger: Trigger,
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    pub id: Id,
    pub org_id: Id,
    pub name: String,
    pub enabled: bool,
    pub trigger: Trigger,
    pub actions: Vec<Action>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunStatus {
    Completed,
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
        }
    }
}

/// One action's outcome within a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// The action in words, e.g. "Create a share token over cnob_…".
    pub action: String,
    pub ok: bool,
    /// What it made or changed, or the error that stopped the run.
    pub detail: String,
    /// The object the step made or changed, when it succeeded.
    #[serde(default)]
    pub object_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRun {
    pub id: Id,
    pub org_id: Id,
    pub workflow_id: Id,
    /// Kept so a run still reads well after its workflow is deleted.
    pub workflow_name: String,
    pub trigger_event_id: Id,
    pub trigger_event_type: String,
    pub subject_id: Id,
    /// 1 for a run set off by a user's command, 2 for one set off by that run, …
    pub depth: usize,
    /// Orders runs of the same instant (a chain happens at one playground time).
    pub seq: u64,
    pub at: Timestamp,
    pub status: RunStatus,
    pub steps: Vec<StepResult>,
    pub error: Option<String>,
}

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

fn invalid(rule: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::new(ErrorKind::Unprocessable, rule, message)
}

/// The JSON:API representation of a run (what `workflow-run.*` events carry).
pub fn render_run(run: &WorkflowRun) -> serde_json::Value {
    serde_json::json!({
        "type": "workflow-run",
        "id": run.id.as_str(),
        "attributes": {
            "status": run.status.as_str(),
            "workflow-name": run.workflow_name,
            "trigger-event-type": run.trigger_event_type,
            "depth": run.depth,
            "created-at": run.at.iso8601(),
            "steps": run.steps.iter().map(|s| serde_json::json!({
                "action": s.action, "ok": s.ok, "detail": s.detail,
            })).collect::<Vec<_>>(),
            "error": run.error,
        },
        "relationships": {
            "workflow": { "data": { "type": "workflow", "id": run.workflow_id.as_str() } },
            "trigger-event": { "data": { "type": "event", "id": run.trigger_event_id.as_str() } },
        }
    })
}

impl World {
    /// Checks a workflow's spec as `actor` would own it; everything it names must exist and be
    /// the actor's to use.
    fn checked_spec(&self, actor: &Id, spec: WorkflowSpec) -> Result<WorkflowSpec, DomainError> {
        let name = spec.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(invalid(
                "workflow.name-length",
                "A workflow needs a name of 1 to 80 characters.",
            )
            .on("name"));
        }
        let event_type = spec.trigger.event_type.trim().to_string();
        if !EVENT_TYPES.contains(&event_type.as_str()) {
            return Err(invalid(
                "workflow.trigger-known-event",
                format!("`{event_type}` is not an event type the playground records; pick one of the listed types."),
            )
            .on("trigger"));
        }
        if spec.actions.is_empty() || spec.actions.len() > MAX_ACTIONS {
            return Err(invalid(
                "workflow.actions-count",
                format!("A workflow needs 1 to {MAX_ACTIONS} actions."),
            )
            .on("actions"));
        }
        let own_template = |id: &Id| {
            self.templates
                .get(id)
                .filter(|t| &t.org_id == actor)
                .map(|_| ())
                .ok_or_else(|| {
                    DomainError::not_found("inquiry template", id.as_str()).on("template-id")
                })
        };
        if let Some(t) = &spec.trigger.template_id {
            own_template(t)?;
        }
        let visible_bridge = |id: &Id| {
            self.bridges
                .get(id)
                .filter(|b| &b.source_org_id == actor || &b.destination_org_id == actor)
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
                    if &visible_bridge(id)?.source_org_id != actor {
                        return Err(DomainError::new(
                            ErrorKind::Forbidden,
                            "workflow.bridge-source",
                            format!("Only bridge {id}'s source organization can create share tokens over it."),
                        ));
                    }
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

    fn own_workflow(&self, actor: &Id, workflow_id: &str) -> Result<Id, DomainError> {
        let id = Id::parse(workflow_id);
        self.workflows
            .get(&id)
            .filter(|w| &w.org_id == actor)
            .map(|w| w.id.clone())
            .ok_or_else(|| DomainError::not_found("workflow", id.as_str()))
    }

    pub(crate) fn create_workflow(
        &mut self,
        actor: &Id,
        spec: WorkflowSpec,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Id, DomainError> {
        let spec = self.checked_spec(actor, spec)?;
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

    pub(crate) fn update_workflow(
        &mut self,
        actor: &Id,
        workflow_id: &str,
        spec: WorkflowSpec,
        now: Timestamp,
    ) -> Result<Id, DomainError> {
        let id = self.own_workflow(actor, workflow_id)?;
        let spec = self.checked_spec(actor, spec)?;
        self.touch(&id);
        if let Some(w) = self.workflows.get_mut(&id) {
            w.name = spec.name;
            w.trigger = spec.trigger;
            w.actions = spec.actions;
            w.updated_at = now;
        }
        Ok(id)
    }

    pub(crate) fn set_workflow_enabled(
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
    pub(crate) fn delete_workflow(
        &mut self,
        actor: &Id,
        workflow_id: &str,
    ) -> Result<Id, DomainError> {
        let id = self.own_workflow(actor, workflow_id)?;
        self.touch(&id);
        self.workflows.remove(&id);
        Ok(id)
    }

    /// Applies `command` from `origin` (as `api::apply_with_origin` does), then what its events
    /// set off: workflow runs and webhook deliveries. On error nothing changed.
    pub fn apply_with_workflows(
        &mut self,
        actor: &Id,
        command: Command,
        origin: Origin,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let mut events = api::apply_with_origin(self, actor, command, origin, now, ids)?;
        let more = self.react(&events, now, ids);
        events.extend(more);
        Ok(events)
    }

    /// Runs the enabled workflows `events` trigger, then those their runs' events trigger, down
    /// to [`MAX_CHAIN_DEPTH`]; then makes a webhook delivery for every matching event, `events`
    /// included. Returns the events the runs appended. Deterministic: events in order,
    /// workflows oldest first.
    pub fn react(
        &mut self,
        events: &[Event],
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let mut appended = Vec::new();
        let mut queue: VecDeque<(Event, usize)> = events.iter().cloned().map(|e| (e, 1)).collect();
        while let Some((event, depth)) = queue.pop_front() {
            for workflow in self.triggered_by(&event) {
                let produced = self.run_workflow(&workflow, &event, depth, now, ids);
                if depth <= MAX_CHAIN_DEPTH {
                    queue.extend(produced.iter().cloned().map(|e| (e, depth + 1)));
                }
                appended.extend(produced);
            }
        }
        let mut all = events.to_vec();
        all.extend(appended.iter().cloned());
        self.deliver_webhooks(&all, now, ids);
        appended
    }

    /// The enabled workflows of the event's org that the event triggers, oldest first.
    fn triggered_by(&self, event: &Event) -> Vec<Workflow> {
        let mut list: Vec<&Workflow> = self
            .workflows
            .values()
            .filter(|w| {
                w.enabled && w.org_id == event.org_id && self.matches(&w.trigger, &w.org_id, event)
            })
            .collect();
        list.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        list.into_iter().cloned().collect()
    }

    /// Whether `event` (in `org`'s log) passes `trigger`. A filter the event's object has no
    /// answer to (a template filter on a token event) does not pass.
    pub fn matches(&self, trigger: &Trigger, org: &Id, event: &Event) -> bool {
        if event.event_type != trigger.event_type {
            return false;
        }
        let id = &event.object_id;
        let token = self.share_tokens.get(id);
        let bridge = self.bridges.get(id);
        let inquiry = self.inquiries.get(id);
        let shared = inquiry.and_then(|i| i.shared_from.as_ref());
        if let Some(t) = &trigger.template_id {
            if inquiry.map(|i| &i.template_id) != Some(t) {
                return false;
            }
        }
        if let Some(b) = &trigger.bridge_id {
            let of_event = token
                .map(|t| &t.bridge_id)
                .or(bridge.map(|b| &b.id))
                .or(shared.map(|s| &s.bridge_id));
            if of_event != Some(b) {
                return false;
            }
        }
        if let Some(o) = &trigger.source_org_id {
            let of_event = token
                .map(|t| &t.source_org_id)
                .or(bridge.map(|b| &b.source_org_id))
                .or(shared.map(|s| &s.source_org_id));
            if of_event != Some(o) {
                return false;
            }
        }
        if trigger.addressed_to_us {
            let to = token
                .map(|t| &t.destination_org_id)
                .or(bridge.map(|b| &b.destination_org_id));
            if to != Some(org) {
                return false;
            }
        }
        true
    }

    /// Runs one workflow for one event and records the run. Returns the events it appended:
    /// its steps' and its own `workflow-run.*`.
    fn run_workflow(
        &mut self,
        workflow: &Workflow,
        event: &Event,
        depth: usize,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let mut produced = Vec::new();
        let mut steps = Vec::new();
        let mut error = None;
        let mut subject = event.object_id.clone();
        if depth > MAX_CHAIN_DEPTH {
            error = Some(format!(
                "workflow chain stopped at depth {MAX_CHAIN_DEPTH}: “{}” was triggered by {} from a chain of {MAX_CHAIN_DEPTH} workflow runs, so it did nothing. Check for workflows that trigger each other.",
                workflow.name, event.event_type
            ));
        } else {
            for (n, action) in workflow.actions.iter().enumerate() {
                let label = action.describe(self);
                let outcome = self
                    .command_for(workflow, action, &subject)
                    .and_then(|command| {
                        api::apply_with_origin(
                            self,
                            &workflow.org_id,
                            command,
                            Origin::Workflow,
                            now,
                            ids,
                        )
                    });
                // A redeem whose run could not start (its bridge is no longer active) is a
                // command that succeeded, but the step did not do what it is for: the token is
                // now failed. The run stops there and says why.
                let failed_token = outcome.as_ref().ok().and_then(|events| {
                    events
                        .iter()
                        .find(|e| e.event_type == "share-token.failed")
                        .and_then(|e| self.share_tokens.get(&e.object_id))
                        .map(|t| (t.id.clone(), t.failure_reason.clone().unwrap_or_default()))
                });
                if let (Some((token, reason)), Ok(events)) = (failed_token, &outcome) {
                    error = Some(format!(
                        "Step {} ({label}) failed: share token {token} is now failed. {reason} [workflow.redeem-failed]",
                        n + 1
                    ));
                    steps.push(StepResult {
                        action: label,
                        ok: false,
                        detail: format!("share token {token} is now failed. {reason}"),
                        object_id: Some(token),
                    });
                    produced.extend(events.iter().cloned());
                    break;
                }
                match outcome {
                    Ok(events) => {
                        let made = events
                            .iter()
                            .find(|e| e.event_type == "share-token.created")
                            .map(|e| e.object_id.clone());
                        if let Some(token) = &made {
                            subject = token.clone();
                        }
                        let detail = match events.first() {
                            Some(e) => format!("{} {}", e.event_type, e.object_id),
                            None => "done".into(),
                        };
                        steps.push(StepResult {
                            action: label,
                            ok: true,
                            detail,
                            object_id: Some(subject.clone()),
                        });
                        produced.extend(events);
                    }
                    Err(e) => {
                        error = Some(format!(
                            "Step {} ({label}) failed: {} [{}]",
                            n + 1,
                            e.message,
                            e.rule
                        ));
                        steps.push(StepResult {
                            action: label,
                            ok: false,
                            detail: e.message.clone(),
                            object_id: None,
                        });
                        break;
                    }
                }
            }
        }
        let status = if error.is_some() {
            RunStatus::Failed
        } else {
            RunStatus::Completed
        };
        let seq = self
            .workflow_runs
            .values()
            .map(|r| r.seq)
            .max()
            .unwrap_or(0)
            + 1;
        let run = WorkflowRun {
            id: ids.new_id(prefix::WORKFLOW_RUN),
            seq,
            org_id: workflow.org_id.clone(),
            workflow_id: workflow.id.clone(),
            workflow_name: workflow.name.clone(),
            trigger_event_id: event.id.clone(),
            trigger_event_type: event.event_type.clone(),
            subject_id: event.object_id.clone(),
            depth,
            at: now,
            status,
            steps,
            error,
        };
        let run_id = run.id.clone();
        self.touch(&run_id);
        self.workflow_runs.insert(run_id.clone(), run);
        self.prune_runs(&workflow.org_id);
        let event_type = match status {
            RunStatus::Completed => "workflow-run.completed",
            RunStatus::Failed => "workflow-run.failed",
        };
        produced.extend(self.record(
            ids,
            now,
            Some(&workflow.org_id),
            event_type,
            &run_id,
            std::slice::from_ref(&workflow.org_id),
        ));
        produced
    }

    /// The command an action stands for, given the run's subject.
    fn command_for(
        &self,
        workflow: &Workflow,
        action: &Action,
        subject: &Id,
    ) -> Result<Command, DomainError> {
        let token_subject = || {
            self.share_tokens.get(subject).ok_or_else(|| {
                invalid(
                    "workflow.subject-share-token",
                    format!("This action needs a share token, and {subject} is not one: trigger it on a share-token event or put a create-share-token step before it."),
                )
            })
        };
        Ok(match action {
            Action::CreateShareToken { bridge } => {
                if subject.prefix() != prefix::INQUIRY {
                    return Err(invalid(
                        "workflow.subject-inquiry",
                        format!("Creating a share token needs an Inquiry, and {subject} is not one: trigger it on an inquiry event."),
                    ));
                }
                let bridge_id = match bridge {
                    BridgeChoice::Bridge(id) => id.clone(),
                    BridgeChoice::ActiveBridgeTo(destination) => self
                        .bridges
                        .values()
                        .find(|b| {
                            b.source_org_id == workflow.org_id
                                && &b.destination_org_id == destination
                                && b.status == BridgeStatus::Active
                        })
                        .map(|b| b.id.clone())
                        .ok_or_else(|| {
                            invalid(
                                "workflow.active-bridge-required",
                                format!(
                                    "There is no active bridge from {} to {}: create one and have {} activate it.",
                                    self.org_name(&workflow.org_id),
                                    self.org_name(destination),
                                    self.org_name(destination)
                                ),
                            )
                        })?,
                };
                Command::CreateShareToken {
                    bridge_id: bridge_id.to_string(),
                    source_id: subject.to_string(),
                    expires_in_seconds: None,
                    via: Channel::Workflow,
                }
            }
            Action::SendShareToken => {
                let token = token_subject()?;
                Command::SendShareToken {
                    token_id: token.id.to_string(),
                    destination_org_id: token.destination_org_id.to_string(),
                }
            }
            Action::RedeemShareToken { template_id } => Command::RedeemShareToken {
                token_id: token_subject()?.id.to_string(),
                target: RedeemTarget::Clone {
                    template_id: template_id.to_string(),
                },
            },
        })
    }

    /// Deletes the org's oldest runs beyond [`RUNS_KEPT_PER_ORG`], records included.
    fn prune_runs(&mut self, org: &Id) {
        let mut mine: Vec<(u64, Id)> = self
            .workflow_runs
            .values()
            .filter(|r| &r.org_id == org)
            .map(|r| (r.seq, r.id.clone()))
            .collect();
        if mine.len() <= RUNS_KEPT_PER_ORG {
            return;
        }
        mine.sort();
        let excess = mine.len() - RUNS_KEPT_PER_ORG;
        for (_, id) in mine.into_iter().take(excess) {
            self.workflow_runs.remove(&id);
            self.touch(&id);
        }
    }

    /// The org's workflows, oldest first.
    pub fn workflows_of(&self, org: &Id) -> Vec<&Workflow> {
        let mut list: Vec<_> = self
            .workflows
            .values()
            .filter(|w| &w.org_id == org)
            .collect();
        list.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        list
    }

    /// The org's workflow runs, newest first.
    pub fn runs_of(&self, org: &Id) -> Vec<&WorkflowRun> {
        let mut list: Vec<_> = self
            .workflow_runs
            .values()
            .filter(|r| &r.org_id == org)
            .collect();
        list.sort_by_key(|r| std::cmp::Reverse(r.seq));
        list
    }
}
