//! The steps of the guided share flow, derived from the world: which are done, what each
//! one's "Do it for me" sends, and the rule it demonstrates.

use super::GUIDE_PERSON;
use super::{Action, Control, CreatePath, HandOver, Paths, Progress, Screen, Side, Step, StepKind};
use crate::api::ApiRequest;
use crate::demo::Focus;
use crate::ids::Id;
use crate::model::{Action as WorkflowAction, BridgeChoice, Workflow};
use crate::model::{Channel, Creator, InquiryStatus, Scopes, ShareTokenStatus};
use crate::time::Timestamp;
use crate::world::{Command, RedeemTarget, World};

/// The steps of the share flow from `source` to `destination`, as the world shows them now.
/// `pasted` is the token id the destination's Redeem form holds, if the guide put one there.
pub fn steps(
    world: &World,
    source: &Id,
    destination: &Id,
    now: Timestamp,
    paths: Paths,
    pasted: Option<&Id>,
) -> Vec<Step> {
    let focus = Focus::of(world, source, destination);
    let (src, dst) = (world.org_name(source), world.org_name(destination));
    let bridge = focus.bridge;
    let token = focus.token.filter(|_| !focus.needs_token(now));
    let mut steps = Vec::new();

    let command = |actor: &Id, command: Command| {
        Some(Action::Command {
            actor: actor.clone(),
            command,
        })
    };
    let verify = || {
        world.templates_of(source).first().map(|t| Action::Verify {
            actor: source.clone(),
            template_id: t.id.clone(),
            person: GUIDE_PERSON,
        })
    };

    steps.push(Step {
        kind: StepKind::CreateBridge,
        title: format!("{src} creates a bridge to {dst}"),
        explanation: format!(
            "Only the source creates a bridge: it names the destination's organization id and the data it agrees to share. At most one bridge joins {src} to {dst}, and it starts pending."
        ),
        detail: bridge.map(|b| format!("Bridge {} is {}: {}.", b.id, b.status, b.scopes.summary())),
        rule: "Rule bridge.one-per-pair: one bridge per source and destination; the source names the destination (bridge.destination-must-be-organization) and what it shares (bridge.scopes-required).".into(),
        side: Side::Source,
        screen: Screen::Bridges,
        control: Control::new("create-bridge", "button[type=submit]"),
        progress: progress(bridge.is_some()),
        action: command(
            source,
            Command::CreateBridge {
                destination_org_id: destination.to_string(),
                scopes: Scopes::everything(),
            },
        ),
    });

    let inactive = bridge.is_some_and(|b| b.status == crate::BridgeStatus::Inactive);
    steps.push(Step {
        kind: StepKind::ActivateBridge,
        title: if inactive {
            format!("{src} reactivates the bridge, then {dst} activates it")
        } else {
            format!("{dst} activates the bridge")
        },
        explanation: if inactive {
            "Only the source reactivates an inactive bridge, and it is pending again until the destination activates it: tokens need an active bridge.".into()
        } else {
            "Only the destination activates a bridge, and share tokens can be created and redeemed only while it is active.".into()
        },
        detail: bridge.map(|b| format!("The bridge is {}.", b.status)),
        rule: if inactive {
            "Rule bridge.source-reactivates: only the source reactivates a bridge, and only an inactive one (bridge.reactivate-only-inactive); then the destination activates it again.".into()
        } else {
            "Rule bridge.destination-activates: only the destination activates a bridge, and only a pending one (bridge.activate-only-pending).".into()
        },
        side: if inactive { Side::Source } else { Side::Destination },
        screen: Screen::Bridges,
        control: match bridge {
            Some(b) if inactive => Control::new("outbound-bridges", format!("tr[data-id=\"{}\"] [data-action=reactivate]", b.id)),
            Some(b) => Control::new("inbound-bridges", format!("tr[data-id=\"{}\"] [data-action=activate]", b.id)),
            None => Control::whole("inbound-bridges"),
        },
        progress: progress(bridge.is_some_and(|b| b.status == crate::BridgeStatus::Active)),
        action: match bridge {
            Some(b) if inactive => command(source, Command::ReactivateBridge { bridge_id: b.id.to_string() }),
            Some(b) => command(destination, Command::ActivateBridge { bridge_id: b.id.to_string(), template_id: None }),
            // Nothing to activate yet: the rules would refuse, so the guide offers nothing.
            None => None,
        },
    });

    if paths.create == CreatePath::Workflow {
        let sharing = |w: &&Workflow| {
            &w.org_id == source
                && w.actions.iter().any(|a| match a {
                    WorkflowAction::CreateShareToken {
                        bridge: BridgeChoice::ActiveBridgeTo(to),
                    } => to == destination,
                    WorkflowAction::CreateShareToken {
                        bridge: BridgeChoice::Bridge(b),
                    } => bridge.is_some_and(|ours| &ours.id == b),
                    _ => false,
                })
        };
        let switch = WorkflowSwitch::of(world, sharing);
        steps.push(Step {
            kind: StepKind::EnableSourceWorkflow,
            title: format!("{src} switches on its sharing workflow"),
            explanation: format!(
                "A workflow belongs to one organization and acts as it: on inquiry.completed, {src}'s workflow creates a share token over the active bridge (and sends it to {dst}'s API), through the same rules as a click."
            ),
            detail: Some(switch.detail(|| format!("{src} has no workflow that shares with {dst}: create one on its Workflows screen."))),
            rule: "Rule workflow.bridge-source: a workflow acts as its own organization, so it creates tokens only over a bridge its organization is the source of, and only while that bridge is active (workflow.active-bridge-required).".into(),
            side: Side::Source,
            screen: Screen::Workflows,
            control: switch.control(),
            progress: progress(switch.enabled.is_some()),
            action: switch.action(source),
        });
    }

    if paths.hand_over == HandOver::DestinationWorkflow {
        let redeeming = |w: &&Workflow| {
            &w.org_id == destination
                && w.trigger.event_type == "share-token.created"
                && w.trigger.source_org_id.as_ref().is_none_or(|s| s == source)
                && w.actions
                    .iter()
                    .any(|a| matches!(a, WorkflowAction::RedeemShareToken { .. }))
        };
        let switch = WorkflowSwitch::of(world, redeeming);
        steps.push(Step {
            kind: StepKind::EnableDestinationWorkflow,
            title: format!("{dst} switches on its redeeming workflow"),
            explanation: format!(
                "On share-token.created for a token addressed to it, {dst}'s workflow redeems the token with the template it names. It must be on before the token is created."
            ),
            rule: "Rule share-token.destination-redeems: the workflow acts as the destination, so it may redeem only tokens addressed to its own organization, as a click would.".into(),
            detail: Some(switch.detail(|| format!("{dst} has no workflow that redeems tokens from {src}: create one on its Workflows screen."))),
            side: Side::Destination,
            screen: Screen::Workflows,
            control: switch.control(),
            progress: progress(switch.enabled.is_some()),
            action: switch.action(destination),
        });
    }

    let inquiry = focus.source_inquiry.filter(|i| i.status.is_shareable());
    steps.push(Step {
        kind: StepKind::CompleteInquiry,
        title: format!("{src} verifies a person"),
        explanation: "A share token can only carry a completed (or approved) inquiry of the source's own: the source verified this person first.".into(),
        detail: focus.source_inquiry.map(|i| format!("Inquiry {} for {} is {}.", i.id, i.fields.display_name(), i.status)),
        rule: "Rule share-token.inquiry-must-be-completed: a token carries only a completed or approved inquiry the source verified itself.".into(),
        side: Side::Source,
        screen: Screen::Inquiries,
        control: Control::new("create-inquiry", "button[type=submit]"),
        progress: progress(inquiry.is_some()),
        action: verify(),
    });

    // Once the token exists, the step says how it was made, whichever path is chosen now.
    let made_by = token.map(|t| match t.created_via {
        Channel::Dashboard => CreatePath::Dashboard,
        Channel::Api => CreatePath::Api,
        Channel::Workflow => CreatePath::Workflow,
    });
    let create_title = match made_by.unwrap_or(paths.create) {
        CreatePath::Dashboard => format!("{src} creates a share token on its Dashboard"),
        CreatePath::Api => format!("{src} creates a share token with its API key"),
        CreatePath::Workflow => format!("{src}'s workflow creates the share token"),
    };
    let (create_action, create_control, create_screen) = match paths.create {
        CreatePath::Dashboard => (
            command(
                source,
                Command::CreateShareToken {
                    bridge_id: bridge.map(|b| b.id.to_string()).unwrap_or_default(),
                    source_id: inquiry.map(|i| i.id.to_string()).unwrap_or_default(),
                    expires_in_seconds: None,
                    creator: Creator::Dashboard,
                },
            ),
            Control::new("create-share-token", "button[type=submit]"),
            Screen::ShareTokens,
        ),
        CreatePath::Api => (
            world.organization(source).map(|org| Action::Api {
                actor: source.clone(),
                request: ApiRequest::new("POST", "/api/v1/connect/share-tokens")
                    .bearer(&org.api_key.secret)
                    .header("Content-Type", "application/json")
                    .body(
                        &serde_json::json!({ "data": { "attributes": {
                            "bridge-id": bridge.map(|b| b.id.to_string()).unwrap_or_default(),
                            "source-id": inquiry.map(|i| i.id.to_string()).unwrap_or_default(),
                        } } })
                        .to_string(),
                    ),
            }),
            Control::whole("create-share-token"),
            Screen::ShareTokens,
        ),
        CreatePath::Workflow => (
            verify(),
            Control::new("create-inquiry", "button[type=submit]"),
            Screen::Inquiries,
        ),
    };
    steps.push(Step {
        kind: StepKind::CreateToken,
        title: create_title,
        explanation: match paths.create {
            CreatePath::Workflow => "The workflow runs when an inquiry completes: verify another person and it creates the token. Only the bridge's source may create it, over an active bridge, from a completed inquiry of its own.".into(),
            _ => format!("Only the bridge's source may create a token, over an active bridge, for a completed inquiry of its own (source-id must be an Inquiry). Only {dst} will be able to redeem it; it expires in 24 hours unless told otherwise."),
        },
        detail: match focus.token {
            Some(t) if token.is_none() => Some(format!("Share token {} is {}: create a new one.", t.id, t.status_at(now))),
            Some(t) => Some(format!("Share token {} is {} (created via {}).", t.id, t.status_at(now), channel_label(t.created_via))),
            None => None,
        },
        side: Side::Source,
        rule: "Rule share-token.source-creates: only the bridge's source creates a token, over an active bridge (share-token.bridge-must-be-active), from an inquiry of its own (share-token.source-must-be-inquiry).".into(),
        screen: create_screen,
        control: create_control,
        progress: progress(token.is_some()),
        action: create_action,
    });

    let status = token.map(|t| t.status_at(now));
    let received = token.is_some_and(|t| {
        world
            .partner_inbox
            .iter()
            .any(|e| e.share_token_id == t.id && &e.org_id == destination)
    });
    let used = status.is_some_and(|s| s != ShareTokenStatus::New);
    let handed = used
        || match paths.hand_over {
            HandOver::CopyPaste => token.is_some_and(|t| pasted == Some(&t.id)),
            HandOver::DestinationApi => received,
            HandOver::DestinationWorkflow => false,
        };
    // Sent to the destination's API (by a click or the source's workflow): the step says so.
    let shown_hand_over = if received {
        HandOver::DestinationApi
    } else {
        paths.hand_over
    };
    steps.push(Step {
        kind: StepKind::HandOver,
        title: match shown_hand_over {
            HandOver::CopyPaste => format!("{src} hands the token id to {dst}"),
            HandOver::DestinationApi => format!("{src} sends the token to {dst}'s API"),
            HandOver::DestinationWorkflow => format!("{dst}'s workflow is told about the token"),
        },
        explanation: match paths.hand_over {
            HandOver::CopyPaste => "Any secure channel will do: the id alone is no use to anyone but the destination, because only the bridge's destination can redeem it.".into(),
            HandOver::DestinationApi => format!("The source posts the token to {dst}'s partner endpoint; it lands in {dst}'s inbox with the sender and the time. Only the source may send it, only to the bridge's destination, and only while it is new."),
            HandOver::DestinationWorkflow => "Nothing to send: the destination's workflow hears share-token.created for a token addressed to it and redeems it at once, as the destination.".into(),
        },
        rule: match paths.hand_over {
            HandOver::DestinationApi => "Rule share-token.source-sends: only the source sends a token, and only to its destination (share-token.send-to-its-destination) while it is new (share-token.send-only-new).".into(),
            _ => "Rule share-token.destination-redeems: the token is addressed to one organization; anyone else who holds its id is refused.".into(),
        },
        detail: token.map(|t| {
            if received {
                format!("Share token {} is in {dst}'s inbox.", t.id)
            } else {
                format!("Share token {} is {}.", t.id, t.status_at(now))
            }
        }),
        side: match paths.hand_over {
            HandOver::DestinationApi => Side::Source,
            _ => Side::Destination,
        },
        screen: match paths.hand_over {
            HandOver::DestinationApi => Screen::ShareTokens,
            HandOver::CopyPaste => Screen::Redeem,
            HandOver::DestinationWorkflow => Screen::Workflows,
        },
        control: match (paths.hand_over, token) {
            (HandOver::DestinationApi, Some(t)) => Control::new(
                "outbound-tokens",
                format!("tr[data-id=\"{}\"] [data-action=send]", t.id),
            ),
            (HandOver::CopyPaste, _) => Control::new("redeem-share-token", "[name=token]"),
            (HandOver::DestinationWorkflow, _) => Control::whole("workflows"),
            (HandOver::DestinationApi, None) => Control::whole("outbound-tokens"),
        },
        progress: progress(handed),
        action: match (paths.hand_over, token) {
            (HandOver::CopyPaste, Some(t)) => Some(Action::Paste { token: t.id.clone() }),
            (HandOver::DestinationApi, Some(t)) => command(
                source,
                Command::SendShareToken {
                    token_id: t.id.to_string(),
                    destination_org_id: destination.to_string(),
                },
            ),
            _ => None,
        },
    });

    // Without a token of its own the destination can still try the source's newest token that
    // went elsewhere: the rules refuse it, which is the point of that demo.
    let redeemable = focus.held_token(world, source, now);
    let waiting = world
        .inquiries
        .values()
        .filter(|i| {
            &i.org_id == destination
                && i.shared_from.is_none()
                && i.status_at(now) == InquiryStatus::Created
        })
        .max_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let template = world
        .templates_of(destination)
        .first()
        .map(|t| (*t).clone());
    let target = match (waiting, &template) {
        (Some(i), _) => Some((
            RedeemTarget::Hydrate {
                destination_id: i.id.to_string(),
            },
            world
                .templates
                .get(&i.template_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
        )),
        (None, Some(t)) => Some((
            RedeemTarget::Clone {
                template_id: t.id.to_string(),
            },
            t.name.clone(),
        )),
        (None, None) => None,
    };
    // No bridge joins the pair, and the destination holds the source's token addressed to
    // another organization (the wrong-organization demo): trying it is what the pair can show
    // now, so the redeem attempt is the current step. Once a bridge joins them, the flow is the
    // usual one again.
    let elsewhere = redeemable
        .filter(|t| bridge.is_none() && t.destination_org_id != *destination)
        .map(|t| world.org_name(&t.destination_org_id));
    let redeemed_into = focus
        .destination_inquiry
        .and_then(|i| world.templates.get(&i.template_id))
        .map(|t| t.name.as_str());
    steps.push(Step {
        kind: StepKind::Redeem,
        title: match (redeemed_into, &elsewhere, &target) {
            // Done: the template the redeem really used, not the one a new redeem would take.
            (Some(name), _, _) => format!("{dst} redeems it into a “{name}” inquiry"),
            (None, Some(other), _) => format!("{dst} tries to redeem {src}'s token for {other}"),
            (None, None, Some((RedeemTarget::Hydrate { .. }, name))) => format!("{dst} redeems it into its waiting “{name}” inquiry"),
            (None, None, Some((_, name))) => format!("{dst} redeems it with its “{name}” template"),
            (None, None, None) => format!("{dst} redeems it"),
        },
        explanation: "Only the bridge's destination can redeem a token, and only once, while it is new: the source gets forbidden, any other organization not found, and an expired or used token says its status.".into(),
        detail: match redeemable {
            Some(t) if t.destination_org_id != *destination => Some(format!(
                "Share token {} is addressed to {}, not {dst}.",
                t.id,
                world.org_name(&t.destination_org_id)
            )),
            Some(t) => Some(format!("Share token {} is {}.", t.id, t.status_at(now))),
            None => None,
        },
        rule: "Rule share-token.destination-redeems: only the bridge's destination redeems, once (share-token.redeem-once), while the token is new (share-token.redeem-only-new).".into(),
        side: Side::Destination,
        screen: Screen::Redeem,
        control: Control::new("redeem-share-token", "button[type=submit]"),
        progress: progress(used || focus.destination_inquiry.is_some()),
        action: match (redeemable, target) {
            (Some(t), Some((target, _))) => command(
                destination,
                Command::RedeemShareToken { token_id: t.id.to_string(), target },
            ),
            _ => None,
        },
    });

    let ran = focus
        .destination_inquiry
        .filter(|i| i.status != InquiryStatus::Created);
    steps.push(Step {
        kind: StepKind::VerifiedAgain,
        title: format!("{dst} verifies the person again"),
        explanation: "The copied data (only what the bridge shares) runs against the destination's own template: a stricter rule can fail a person the source accepted, and missing data leaves the inquiry pending.".into(),
        detail: ran.map(verdict),
        side: Side::Destination,
        screen: Screen::Inquiries,
        rule: "Rule: a redeem copies only the fields and evidence the bridge's scopes share, then runs the destination's own template; its verdict, not the source's, decides.".into(),
        control: ran
            .map(|i| Control::new("inquiry-list", format!("tr[data-id=\"{}\"]", i.id)))
            .unwrap_or_else(|| Control::whole("inquiry-list")),
        progress: progress(ran.is_some()),
        action: None,
    });

    let current = if elsewhere.is_some() {
        steps.iter_mut().find(|s| s.kind == StepKind::Redeem)
    } else {
        steps.iter_mut().find(|s| s.progress == Progress::Later)
    };
    if let Some(step) = current {
        step.progress = Progress::Current;
    }
    steps
}

/// A step that switches on one of an organization's workflows: the first matching workflow
/// that is on, else the first that is off (the one the step switches on).
struct WorkflowSwitch<'w> {
    enabled: Option<&'w Workflow>,
    off: Option<&'w Workflow>,
}

impl<'w> WorkflowSwitch<'w> {
    fn of(world: &'w World, matches: impl Fn(&&'w Workflow) -> bool) -> WorkflowSwitch<'w> {
        let candidates: Vec<&Workflow> = world.workflows.values().filter(matches).collect();
        WorkflowSwitch {
            enabled: candidates.iter().find(|w| w.enabled).copied(),
            off: candidates.iter().find(|w| !w.enabled).copied(),
        }
    }

    /// Which workflow is on or off; `none` when there is no matching workflow.
    fn detail(&self, none: impl FnOnce() -> String) -> String {
        match (self.enabled, self.off) {
            (Some(w), _) => format!("“{}” is on.", w.name),
            (None, Some(w)) => format!("“{}” is off.", w.name),
            (None, None) => none(),
        }
    }

    fn control(&self) -> Control {
        self.off
            .map(|w| {
                Control::new(
                    "workflows",
                    format!("tr[data-id=\"{}\"] [data-action=enable]", w.id),
                )
            })
            .unwrap_or_else(|| Control::whole("workflows"))
    }

    /// Switching on the workflow that is off, as `owner` (its organization).
    fn action(&self, owner: &Id) -> Option<Action> {
        self.off.map(|w| Action::Command {
            actor: owner.clone(),
            command: Command::SetWorkflowEnabled {
                workflow_id: w.id.to_string(),
                enabled: true,
            },
        })
    }
}

fn progress(done: bool) -> Progress {
    if done {
        Progress::Done
    } else {
        Progress::Later
    }
}

fn channel_label(via: Channel) -> &'static str {
    match via {
        Channel::Dashboard => "Dashboard",
        Channel::Api => "API",
        Channel::Workflow => "workflow",
    }
}

/// `Inquiry inq_… is failed: rule minimum age 21: age 19 is under the minimum of 21.`
pub fn verdict(inquiry: &crate::Inquiry) -> String {
    let mut reasons: Vec<String> = inquiry
        .rule_results
        .iter()
        .filter(|r| r.passed != Some(true))
        .map(|r| format!("rule {}: {}", r.rule, r.detail))
        .collect();
    reasons.extend(
        inquiry
            .verifications
            .iter()
            .filter(|v| v.status == crate::VerificationStatus::Failed)
            .map(|v| format!("{}: {}", v.kind.label(), v.reasons.join("; "))),
    );
    if !inquiry.missing.is_empty() {
        reasons.push(format!("missing {}", inquiry.missing.join(", ")));
    }
    if reasons.is_empty() {
        format!(
            "Inquiry {} is {}: every required verification passed.",
            inquiry.id, inquiry.status
        )
    } else {
        format!(
            "Inquiry {} is {}: {}.",
            inquiry.id,
            inquiry.status,
            reasons.join("; ")
        )
    }
}
