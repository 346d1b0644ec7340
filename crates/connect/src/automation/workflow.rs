//! Workflow runs: which enabled workflows an event sets off, and each run's steps.

use super::{webhook, RunStep, MAX_CHAIN_DEPTH, MAX_RUNS_PER_ACTION, RUNS_KEPT_PER_ORG};
use crate::clock::Clock;
use crate::error::DomainError;
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::world::{Command, RedeemTarget, World};
use std::collections::VecDeque;

/// Runs the enabled workflows `events` trigger, then those their runs' events trigger, down
/// to [`MAX_CHAIN_DEPTH`] and at most [`MAX_RUNS_PER_ACTION`] runs; then makes a webhook
/// delivery for every matching event, `events` included. Returns the events the runs appended.
/// Deterministic: events in order, workflows oldest first. Runs happen at `clock.now`;
/// deliveries are signed with `clock.real`.
pub fn react(
    world: &mut World,
    events: &[Event],
    clock: Clock,
    ids: &mut dyn IdSource,
    run_step: &mut RunStep<'_>,
) -> Vec<Event> {
    let now = clock.now;
    let mut appended = Vec::new();
    let mut runs = 0;
    let mut queue: VecDeque<(Event, usize)> = events.iter().cloned().map(|e| (e, 1)).collect();
    'events: while let Some((event, depth)) = queue.pop_front() {
        for workflow in triggered_by(world, &event) {
            if runs == MAX_RUNS_PER_ACTION {
                let refusal = format!(
                    "workflow runs stopped at {MAX_RUNS_PER_ACTION} for one action: “{}” was triggered by {} after {MAX_RUNS_PER_ACTION} runs had already happened, so it and any further runs did nothing. Check for workflows that trigger each other. [workflow.runs-per-action]",
                    workflow.name, event.event_type
                );
                let run = Run {
                    workflow: &workflow,
                    event: &event,
                    depth,
                };
                appended.extend(run_workflow(world, run_step, run, Some(refusal), now, ids));
                break 'events;
            }
            runs += 1;
            let refusal = (depth > MAX_CHAIN_DEPTH).then(|| format!(
                "workflow chain stopped at depth {MAX_CHAIN_DEPTH}: “{}” was triggered by {} from a chain of {MAX_CHAIN_DEPTH} workflow runs, so it did nothing. Check for workflows that trigger each other.",
                workflow.name, event.event_type
            ));
            let run = Run {
                workflow: &workflow,
                event: &event,
                depth,
            };
            let produced = run_workflow(world, run_step, run, refusal, now, ids);
            if depth <= MAX_CHAIN_DEPTH {
                queue.extend(produced.iter().cloned().map(|e| (e, depth + 1)));
            }
            appended.extend(produced);
        }
    }
    let mut all = events.to_vec();
    all.extend(appended.iter().cloned());
    webhook::deliver(world, &all, clock, ids);
    appended
}

/// What one run is: a workflow, the event that triggered it, and how deep in a chain.
struct Run<'a> {
    workflow: &'a Workflow,
    event: &'a Event,
    depth: usize,
}

/// The enabled workflows of the event's org that the event triggers, oldest first.
fn triggered_by(world: &World, event: &Event) -> Vec<Workflow> {
    let mut list: Vec<&Workflow> = world
        .workflows
        .values()
        .filter(|w| {
            w.enabled && w.org_id == event.org_id && matches(world, &w.trigger, &w.org_id, event)
        })
        .collect();
    crate::order::sort_by(&mut list, |a, b| {
        (a.created_at, &a.id).cmp(&(b.created_at, &b.id))
    });
    list.into_iter().cloned().collect()
}

/// Whether `event` (in `org`'s log) passes `trigger`. A filter the event's object has no
/// answer to (a template filter on a token event) does not pass.
pub fn matches(world: &World, trigger: &Trigger, org: &Id, event: &Event) -> bool {
    if event.event_type != trigger.event_type {
        return false;
    }
    let id = &event.object_id;
    let token = world.share_tokens.get(id);
    let bridge = world.bridges.get(id);
    let inquiry = world.inquiries.get(id);
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

/// Runs one workflow for one event and records the run; a `refusal` records a failed run
/// that did nothing. Returns the events it appended: its steps' and its own `workflow-run.*`.
fn run_workflow(
    world: &mut World,
    run_step: &mut RunStep<'_>,
    run: Run<'_>,
    refusal: Option<String>,
    now: Timestamp,
    ids: &mut dyn IdSource,
) -> Vec<Event> {
    let Run {
        workflow,
        event,
        depth,
    } = run;
    let mut produced = Vec::new();
    let mut steps = Vec::new();
    let mut error = refusal;
    let mut subject = event.object_id.clone();
    if error.is_none() {
        for (n, action) in workflow.actions.iter().enumerate() {
            let label = action.describe(world);
            let outcome = command_for(world, workflow, action, &subject)
                .and_then(|command| run_step(world, &workflow.org_id, command, ids));
            // A redeem whose run could not start (its bridge is no longer active) is a
            // command that succeeded, but the step did not do what it is for: the token is
            // now failed. The run stops there and says why.
            let failed_token = outcome.as_ref().ok().and_then(|events| {
                events
                    .iter()
                    .find(|e| e.event_type == EventType::ShareTokenFailed)
                    .and_then(|e| world.share_tokens.get(&e.object_id))
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
                        .find(|e| e.event_type == EventType::ShareTokenCreated)
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
    let seq = world
        .workflow_runs
        .values()
        .map(|r| r.seq)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let run = WorkflowRun {
        id: ids.new_id(prefix::WORKFLOW_RUN),
        seq,
        org_id: workflow.org_id.clone(),
        workflow_id: workflow.id.clone(),
        workflow_name: workflow.name.clone(),
        trigger_event_id: event.id.clone(),
        trigger_event_type: event.event_type,
        subject_id: event.object_id.clone(),
        depth,
        at: now,
        status,
        steps,
        error,
    };
    let run_id = run.id.clone();
    world.touch(&run_id);
    world.workflow_runs.insert(run_id.clone(), run);
    prune_runs(world, &workflow.org_id);
    let event_type = match status {
        RunStatus::Completed => EventType::WorkflowRunCompleted,
        RunStatus::Failed => EventType::WorkflowRunFailed,
    };
    produced.extend(world.record(
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
    world: &World,
    workflow: &Workflow,
    action: &Action,
    subject: &Id,
) -> Result<Command, DomainError> {
    let token_subject = || {
        world.share_tokens.get(subject).ok_or_else(|| {
            DomainError::unprocessable(
                "workflow.subject-share-token",
                format!("This action needs a share token, and {subject} is not one: trigger it on a share-token event or put a create-share-token step before it."),
            )
        })
    };
    Ok(match action {
        Action::CreateShareToken { bridge } => {
            if subject.prefix() != prefix::INQUIRY {
                return Err(DomainError::unprocessable(
                    "workflow.subject-inquiry",
                    format!("Creating a share token needs an Inquiry, and {subject} is not one: trigger it on an inquiry event."),
                ));
            }
            let bridge_id = match bridge {
                BridgeChoice::Bridge(id) => id.clone(),
                BridgeChoice::ActiveBridgeTo(destination) => {
                    // At most one bridge joins a source to a destination (bridge.one-per-pair).
                    // The active one if any (an imported file may hold more than one).
                    let existing = world
                        .bridges
                        .values()
                        .filter(|b| {
                            b.source_org_id == workflow.org_id
                                && &b.destination_org_id == destination
                        })
                        .max_by_key(|b| b.status == BridgeStatus::Active);
                    let (from, to) = (
                        world.org_name(&workflow.org_id),
                        world.org_name(destination),
                    );
                    match existing {
                        Some(b) if b.status == BridgeStatus::Active => b.id.clone(),
                        // What to do depends on where the bridge stands: "create one" would be
                        // refused when one exists.
                        found => {
                            let todo = match found.map(|b| (b.status, &b.id)) {
                                None => format!("create one and have {to} activate it"),
                                Some((BridgeStatus::Pending, id)) => {
                                    format!("bridge {id} is pending: {to} must activate it")
                                }
                                Some((_, id)) => format!(
                                    "bridge {id} is inactive: {from} must reactivate it and {to} activate it again"
                                ),
                            };
                            return Err(DomainError::unprocessable(
                                "workflow.active-bridge-required",
                                format!("There is no active bridge from {from} to {to}: {todo}."),
                            ));
                        }
                    }
                }
            };
            Command::CreateShareToken {
                bridge_id: bridge_id.to_string(),
                source_id: subject.to_string(),
                expires_in_seconds: None,
                creator: Creator::Workflow {
                    workflow_id: workflow.id.clone(),
                },
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
fn prune_runs(world: &mut World, org: &Id) {
    let mut mine: Vec<(u64, Id)> = world
        .workflow_runs
        .values()
        .filter(|r| &r.org_id == org)
        .map(|r| (r.seq, r.id.clone()))
        .collect();
    if mine.len() <= RUNS_KEPT_PER_ORG {
        return;
    }
    crate::order::sort_by(&mut mine, Ord::cmp);
    let excess = mine.len() - RUNS_KEPT_PER_ORG;
    for (_, id) in mine.into_iter().take(excess) {
        world.workflow_runs.remove(&id);
        world.touch(&id);
    }
}
