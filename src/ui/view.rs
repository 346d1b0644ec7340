//! What each screen shows, read from the world into small structs. Screens read the world
//! only through these functions (given it by `PlaygroundContext::world`), so how the store
//! holds the world is one line's business.

use connect::api::examples::{examples, Example};
use connect::api::{ApiState, RequestLogEntry};
use connect::{Action, BridgeChoice, Delivery, Trigger, WebhookEndpoint, Workflow, WorkflowRun};
use connect::{
    Bridge, BridgeStatus, Event, Id, InboxEntry, Inquiry, InquiryStatus, InquiryTemplate,
    Organization, ShareToken, ShareTokenStatus, Timestamp, World,
};

/// The object a command's event of `event_type` is about: the id a form reports back.
pub fn created_id(events: &[Event], event_type: &str) -> Option<Id> {
    events
        .iter()
        .find(|e| e.event_type == event_type)
        .map(|e| e.object_id.clone())
}

/// An option of a select or datalist.
#[derive(Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn first_org(world: &World) -> Option<Id> {
    world.organizations_in_order().first().map(|o| o.id.clone())
}

pub fn organizations(world: &World) -> Vec<Organization> {
    world
        .organizations_in_order()
        .into_iter()
        .cloned()
        .collect()
}

/// Every organization as (id, name), for pickers.
pub fn org_choices(world: &World) -> Vec<Choice> {
    world
        .organizations_in_order()
        .into_iter()
        .map(|o| Choice {
            value: o.id.to_string(),
            label: o.name.clone(),
        })
        .collect()
}

pub fn organization(world: &World, org: &Id) -> Option<Organization> {
    world.organization(org).cloned()
}

pub struct DashboardView {
    pub org: Organization,
    pub inquiries: usize,
    pub bridges: usize,
    pub active_bridges: usize,
    pub tokens_sent: usize,
    pub tokens_received: usize,
    pub recent_events: Vec<Event>,
}

pub fn dashboard(world: &World, org: &Id) -> Option<DashboardView> {
    let bridges = world.bridges_of(org);
    Some(DashboardView {
        org: world.organization(org)?.clone(),
        inquiries: world.inquiries_of(org).len(),
        bridges: bridges.len(),
        active_bridges: bridges
            .iter()
            .filter(|b| b.status == BridgeStatus::Active)
            .count(),
        tokens_sent: world.outbound_tokens(org).len(),
        tokens_received: world.inbound_tokens(org).len(),
        recent_events: world.events_of(org).into_iter().take(8).cloned().collect(),
    })
}

/// A bridge and the name of its other side.
#[derive(Clone, PartialEq)]
pub struct BridgeRow {
    pub bridge: Bridge,
    pub other: String,
}

pub struct BridgesView {
    pub orgs: Vec<Choice>,
    pub outbound: Vec<BridgeRow>,
    pub inbound: Vec<BridgeRow>,
}

pub fn bridges(world: &World, org: &Id) -> BridgesView {
    let (mut outbound, mut inbound) = (Vec::new(), Vec::new());
    for b in world.bridges_of(org) {
        let is_source = &b.source_org_id == org;
        let other = if is_source {
            &b.destination_org_id
        } else {
            &b.source_org_id
        };
        let row = BridgeRow {
            bridge: b.clone(),
            other: world.org_name(other),
        };
        if is_source {
            outbound.push(row);
        } else {
            inbound.push(row);
        }
    }
    BridgesView {
        orgs: org_choices(world),
        outbound,
        inbound,
    }
}

/// A share token in a short list: id, status now, when it was made.
#[derive(Clone, PartialEq)]
pub struct TokenLine {
    pub id: Id,
    pub status: ShareTokenStatus,
    pub created_at: Timestamp,
}

pub struct BridgeView {
    pub bridge: Bridge,
    pub source: String,
    pub destination: String,
    pub tokens: Vec<TokenLine>,
    /// The template a redeem without a target clones into.
    pub default_template: Option<String>,
    /// The destination's templates it may choose from (empty for the source).
    pub templates: Vec<(Id, String)>,
}

pub fn bridge(world: &World, org: &Id, id: &Id, now: Timestamp) -> Option<BridgeView> {
    let b = world.bridge_visible_to(org, id)?;
    let tokens = world
        .share_tokens
        .values()
        .filter(|t| t.bridge_id == b.id)
        .map(|t| TokenLine {
            id: t.id.clone(),
            status: t.status_at(now),
            created_at: t.created_at,
        })
        .collect();
    let templates = world
        .templates_of(org)
        .into_iter()
        .filter(|_| &b.destination_org_id == org)
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    Some(BridgeView {
        source: world.org_name(&b.source_org_id),
        destination: world.org_name(&b.destination_org_id),
        default_template: world.default_template_of(b).map(|t| t.name.clone()),
        templates,
        bridge: b.clone(),
        tokens,
    })
}

/// A bridge the create form offers; `preferred` is the one it starts with.
#[derive(Clone, PartialEq)]
pub struct BridgeOption {
    pub id: String,
    pub label: String,
    pub preferred: bool,
}

/// A share token in a table: the token, its other side's name, its status now.
#[derive(Clone, PartialEq)]
pub struct TokenRow {
    pub token: ShareToken,
    pub other: String,
    pub status: ShareTokenStatus,
}

#[derive(Clone, PartialEq)]
pub struct InboxRow {
    pub entry: InboxEntry,
    pub sender: String,
    pub status: ShareTokenStatus,
}

pub struct ShareTokensView {
    pub bridges: Vec<BridgeOption>,
    pub inquiries: Vec<Choice>,
    pub outbound: Vec<TokenRow>,
    pub inbound: Vec<TokenRow>,
    pub inbox: Vec<InboxRow>,
}

pub fn share_tokens(world: &World, org: &Id, now: Timestamp) -> ShareTokensView {
    let outbound_bridges: Vec<&Bridge> = world
        .bridges_of(org)
        .into_iter()
        .filter(|b| &b.source_org_id == org)
        .collect();
    // Offer the newest active bridge first; without one, the newest bridge.
    let preferred = outbound_bridges
        .iter()
        .position(|b| b.status == BridgeStatus::Active)
        .unwrap_or(0);
    let bridges = outbound_bridges
        .iter()
        .enumerate()
        .map(|(i, b)| BridgeOption {
            id: b.id.to_string(),
            label: format!(
                "→ {} ({}, {})",
                world.org_name(&b.destination_org_id),
                b.status,
                b.id
            ),
            preferred: i == preferred,
        })
        .collect();
    let inquiries = world
        .inquiries_of(org)
        .into_iter()
        .map(|i| Choice {
            value: i.id.to_string(),
            label: format!("{} ({})", i.fields.full_name(), i.status),
        })
        .collect();
    let row = |t: &ShareToken, other: &Id| TokenRow {
        token: t.clone(),
        other: world.org_name(other),
        status: t.status_at(now),
    };
    let inbox = world
        .inbox_of(org)
        .into_iter()
        .filter_map(|e| {
            let token = world.share_tokens.get(&e.share_token_id)?;
            Some(InboxRow {
                entry: e.clone(),
                sender: world.org_name(&e.sender_org_id),
                status: token.status_at(now),
            })
        })
        .collect();
    ShareTokensView {
        bridges,
        inquiries,
        outbound: world
            .outbound_tokens(org)
            .into_iter()
            .map(|t| row(t, &t.destination_org_id))
            .collect(),
        inbound: world
            .inbound_tokens(org)
            .into_iter()
            .map(|t| row(t, &t.source_org_id))
            .collect(),
        inbox,
    }
}

pub struct ShareTokenView {
    pub token: ShareToken,
    pub source: String,
    pub destination: String,
    pub status: ShareTokenStatus,
}

pub fn share_token(world: &World, org: &Id, id: &Id, now: Timestamp) -> Option<ShareTokenView> {
    let t = world.token_visible_to(org, id)?;
    Some(ShareTokenView {
        source: world.org_name(&t.source_org_id),
        destination: world.org_name(&t.destination_org_id),
        status: t.status_at(now),
        token: t.clone(),
    })
}

/// Why a redeem left `token` failed without an inquiry, if it did.
pub fn redeem_failure(world: &World, token: &Id) -> Option<String> {
    let t = world.share_tokens.get(token)?;
    if t.destination_inquiry_id.is_some() {
        return None;
    }
    let reason = t.failure_reason.as_ref()?;
    Some(format!(
        "Redeem failed: share token {} is now {}. {reason}",
        t.id, t.status
    ))
}

#[derive(Clone, PartialEq)]
pub struct InquiryRow {
    pub inquiry: Inquiry,
    pub template: String,
    pub status: InquiryStatus,
}

pub struct InquiriesView {
    pub templates: Vec<InquiryTemplate>,
    pub inquiries: Vec<InquiryRow>,
}

pub fn inquiries(world: &World, org: &Id, now: Timestamp) -> InquiriesView {
    InquiriesView {
        templates: world.templates_of(org).into_iter().cloned().collect(),
        inquiries: world
            .inquiries_of(org)
            .into_iter()
            .map(|i| InquiryRow {
                template: world
                    .templates
                    .get(&i.template_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                status: i.status_at(now),
                inquiry: i.clone(),
            })
            .collect(),
    }
}

pub struct InquiryView {
    pub inquiry: Inquiry,
    pub template: Option<InquiryTemplate>,
    /// The source organization's name, for an inquiry a share token made.
    pub shared_by: Option<String>,
    /// The clock may have expired it a moment before the tick records it.
    pub status: InquiryStatus,
}

pub fn inquiry(world: &World, org: &Id, id: &Id, now: Timestamp) -> Option<InquiryView> {
    let inquiry = world.inquiry_owned_by(org, id)?;
    Some(InquiryView {
        template: world.templates.get(&inquiry.template_id).cloned(),
        shared_by: inquiry
            .shared_from
            .as_ref()
            .map(|s| world.org_name(&s.source_org_id)),
        status: inquiry.status_at(now),
        inquiry: inquiry.clone(),
    })
}

pub struct RedeemView {
    pub templates: Vec<Choice>,
    /// Inquiries made but not yet run: what a hydrate can fill.
    pub fresh_inquiries: Vec<Choice>,
    pub redeemed: Option<Inquiry>,
}

pub fn redeem(world: &World, org: &Id, redeemed: Option<&Id>) -> RedeemView {
    RedeemView {
        templates: world
            .templates_of(org)
            .into_iter()
            .map(|t| Choice {
                value: t.id.to_string(),
                label: format!("{} ({})", t.name, t.summary()),
            })
            .collect(),
        fresh_inquiries: world
            .inquiries_of(org)
            .into_iter()
            .filter(|i| i.status == InquiryStatus::Created && i.shared_from.is_none())
            .map(|i| Choice {
                value: i.id.to_string(),
                label: format!(
                    "{} ({}, created {})",
                    i.id,
                    i.fields.full_name(),
                    i.created_at.display()
                ),
            })
            .collect(),
        redeemed: redeemed.and_then(|id| world.inquiries.get(id)).cloned(),
    }
}

/// An event and who caused it.
#[derive(Clone, PartialEq)]
pub struct EventRow {
    pub event: Event,
    pub actor: String,
}

pub struct EventsView {
    /// How many events of all organizations were let go to make room.
    pub trimmed: usize,
    pub rows: Vec<EventRow>,
}

/// The org's events, newest first; only those of `event_type` unless it is empty.
pub fn events(world: &World, org: &Id, event_type: &str) -> EventsView {
    EventsView {
        trimmed: world.events_trimmed,
        rows: world
            .events_of(org)
            .into_iter()
            .filter(|e| event_type.is_empty() || e.event_type == event_type)
            .map(|e| EventRow {
                actor: match &e.actor_org_id {
                    Some(actor) => world.org_name(actor),
                    None => "the playground clock".into(),
                },
                event: e.clone(),
            })
            .collect(),
    }
}

#[derive(Clone, PartialEq)]
pub struct WorkflowRow {
    pub workflow: Workflow,
    pub trigger: String,
    pub actions: Vec<String>,
}

pub struct WorkflowsView {
    pub workflows: Vec<WorkflowRow>,
    pub runs: Vec<WorkflowRun>,
}

pub fn workflows(world: &World, org: &Id) -> WorkflowsView {
    WorkflowsView {
        workflows: world
            .workflows_of(org)
            .into_iter()
            .map(|wf| WorkflowRow {
                trigger: trigger_summary(world, &wf.trigger),
                actions: wf.actions.iter().map(|a| a.describe(world)).collect(),
                workflow: wf.clone(),
            })
            .collect(),
        runs: world.runs_of(org).into_iter().cloned().collect(),
    }
}

fn trigger_summary(world: &World, trigger: &Trigger) -> String {
    let mut parts = vec![format!("on {}", trigger.event_type)];
    if let Some(t) = &trigger.template_id {
        let name = world.templates.get(t).map(|t| t.name.clone());
        parts.push(format!(
            "template {}",
            name.unwrap_or_else(|| t.to_string())
        ));
    }
    if let Some(b) = &trigger.bridge_id {
        parts.push(format!("bridge {b}"));
    }
    if let Some(o) = &trigger.source_org_id {
        parts.push(format!("from {}", world.org_name(o)));
    }
    if trigger.addressed_to_us {
        parts.push("addressed to this organization".into());
    }
    parts.join(", ")
}

/// An action the workflow form offers, with its label.
#[derive(Clone, PartialEq)]
pub struct ActionChoice {
    pub action: Action,
    pub label: String,
}

/// What the workflow form offers this org.
#[derive(Clone, PartialEq)]
pub struct WorkflowFormView {
    pub actions: Vec<ActionChoice>,
    pub templates: Vec<Choice>,
    pub bridges: Vec<Id>,
    pub orgs: Vec<Choice>,
}

pub fn workflow_form(world: &World, org: &Id) -> WorkflowFormView {
    WorkflowFormView {
        actions: action_choices(world, org),
        templates: world
            .templates_of(org)
            .into_iter()
            .map(|t| Choice {
                value: t.id.to_string(),
                label: t.name.clone(),
            })
            .collect(),
        bridges: world
            .bridges_of(org)
            .into_iter()
            .map(|b| b.id.clone())
            .collect(),
        orgs: org_choices(world),
    }
}

/// Every action this org could pick.
fn action_choices(world: &World, org: &Id) -> Vec<ActionChoice> {
    let choice = |action: Action| ActionChoice {
        label: action.describe(world),
        action,
    };
    let mut choices = Vec::new();
    for b in world.bridges_of(org) {
        if &b.source_org_id == org {
            let mut offered = choice(Action::CreateShareToken {
                bridge: BridgeChoice::Bridge(b.id.clone()),
            });
            offered.label = format!(
                "{} (to {})",
                offered.label,
                world.org_name(&b.destination_org_id)
            );
            choices.push(offered);
        }
    }
    for o in world.organizations_in_order() {
        choices.push(choice(Action::CreateShareToken {
            bridge: BridgeChoice::ActiveBridgeTo(o.id.clone()),
        }));
    }
    choices.push(choice(Action::SendShareToken));
    for t in world.templates_of(org) {
        choices.push(choice(Action::RedeemShareToken {
            template_id: t.id.clone(),
        }));
    }
    choices
}

pub struct WebhooksView {
    pub endpoints: Vec<WebhookEndpoint>,
    pub deliveries: Vec<Delivery>,
}

pub fn webhooks(world: &World, org: &Id) -> WebhooksView {
    WebhooksView {
        endpoints: world.webhooks_of(org).into_iter().cloned().collect(),
        deliveries: world.deliveries_of(org).into_iter().cloned().collect(),
    }
}

pub struct ConsoleView {
    /// The org's API key, put into every example and re-sent request.
    pub secret: String,
    pub catalogue: Vec<Example>,
    pub log: Vec<RequestLogEntry>,
}

/// The console's examples and the newest `shown` entries of the org's request log.
pub fn console(
    world: &World,
    api: &ApiState,
    org: &Id,
    now: Timestamp,
    shown: usize,
) -> ConsoleView {
    let secret = world
        .organization(org)
        .map(|o| o.api_key.secret.clone())
        .unwrap_or_default();
    ConsoleView {
        catalogue: examples(world, org, &secret, now),
        log: api.log_of(org).into_iter().take(shown).cloned().collect(),
        secret,
    }
}
