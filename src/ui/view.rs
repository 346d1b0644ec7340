//! What each screen shows, read from the world into small structs. Screens read the world
//! only through these functions (given it by `PlaygroundContext::world`), so how the store
//! holds the world is one line's business.

use crate::ui::components::list::{id_matches, PageInfo};
use connect::api::examples::{examples, Example};
use connect::api::{ApiState, RequestLogEntry};
use connect::WorkflowRun;
use connect::{Action, BridgeChoice, Channel, Delivery, Trigger, WebhookEndpoint, Workflow};
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
        // Counted, not listed: a list would sort every object the org has.
        inquiries: world
            .inquiries
            .values()
            .filter(|i| &i.org_id == org)
            .count(),
        bridges: bridges.len(),
        active_bridges: bridges
            .iter()
            .filter(|b| b.status == BridgeStatus::Active)
            .count(),
        tokens_sent: world
            .share_tokens
            .values()
            .filter(|t| &t.source_org_id == org)
            .count(),
        tokens_received: world
            .share_tokens
            .values()
            .filter(|t| &t.destination_org_id == org)
            .count(),
        recent_events: world
            .recent_events_of(org, 8)
            .into_iter()
            .cloned()
            .collect(),
    })
}

/// A bridge and the name of its other side.
#[derive(Clone, PartialEq)]
pub struct BridgeRow {
    pub bridge: Bridge,
    pub other: String,
}

/// The ids of the bridges the org is the source of (`Side::Sent`) or the destination of,
/// newest first.
/// `status` ("" for any) and `id` (the start of an id, "" for any) narrow the list.
pub fn bridge_ids(world: &World, org: &Id, side: Side, status: &str, id: &str) -> Vec<Id> {
    world
        .bridges_of(org)
        .into_iter()
        .filter(|b| {
            // A bridge to this organization itself is in both lists, as the API's direction
            // filters answer it.
            let here = match side {
                Side::Sent => &b.source_org_id,
                Side::Received => &b.destination_org_id,
            };
            here == org
                && (status.is_empty() || b.status.as_str() == status)
                && id_matches(b.id.as_str(), id)
        })
        .map(|b| b.id.clone())
        .collect()
}

/// The rows of the bridges `ids` (one page), in that order.
pub fn bridge_rows(world: &World, org: &Id, ids: &[Id]) -> Vec<BridgeRow> {
    ids.iter()
        .filter_map(|id| world.bridges.get(id))
        .map(|b| {
            let other = if &b.source_org_id == org {
                &b.destination_org_id
            } else {
                &b.source_org_id
            };
            BridgeRow {
                other: world.org_name(other),
                bridge: b.clone(),
            }
        })
        .collect()
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
    /// The template the destination chose for redeems without a target, as the API shows it:
    /// none until it first activates the bridge.
    pub default_template: Option<String>,
    /// The template a redeem without a target would clone into now, which the destination's
    /// picker starts on.
    pub chosen_template: Option<Id>,
    /// The destination's templates it may choose from (empty for the source).
    pub templates: Vec<(Id, String)>,
}

pub fn bridge(world: &World, org: &Id, id: &Id) -> Option<BridgeView> {
    let b = world.bridge_visible_to(org, id)?;
    let templates = world
        .templates_of(org)
        .into_iter()
        .filter(|_| &b.destination_org_id == org)
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let chosen = world.default_template_of(b);
    Some(BridgeView {
        source: world.org_name(&b.source_org_id),
        destination: world.org_name(&b.destination_org_id),
        // As the API shows it: none until the destination first activates the bridge.
        default_template: chosen
            .filter(|_| b.default_template_id.is_some())
            .map(|t| t.name.clone()),
        chosen_template: chosen.map(|t| t.id.clone()),
        templates,
        bridge: b.clone(),
    })
}

/// The ids of the tokens made over the bridge `id`, newest first, if `org` may see it.
pub fn bridge_token_ids(
    world: &World,
    org: &Id,
    id: &Id,
    filter: &TokenFilter,
    now: Timestamp,
) -> Vec<Id> {
    let Some(b) = world.bridge_visible_to(org, id) else {
        return Vec::new();
    };
    let mut tokens: Vec<&ShareToken> = world
        .share_tokens
        .values()
        .filter(|t| t.bridge_id == b.id && filter.keeps(t, &t.destination_org_id, now))
        .collect();
    connect::order::sort_by_key_desc(&mut tokens, |t| t.created_at);
    tokens.into_iter().map(|t| t.id.clone()).collect()
}

/// The lines of the tokens `ids` (one page), in that order.
pub fn token_lines(world: &World, ids: &[Id], now: Timestamp) -> Vec<TokenLine> {
    ids.iter()
        .filter_map(|id| world.share_tokens.get(id))
        .map(|t| TokenLine {
            id: t.id.clone(),
            status: t.status_at(now),
            created_at: t.created_at,
        })
        .collect()
}

/// A bridge the create form offers; `preferred` is the one it starts with.
#[derive(Clone, PartialEq)]
pub struct BridgeOption {
    pub id: String,
    pub label: String,
    pub preferred: bool,
}

/// Which side of a share token an organization is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    /// It created the token.
    Sent,
    /// The token is addressed to it.
    Received,
}

/// What a share token list is narrowed to; "" leaves a filter out.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct TokenFilter {
    pub status: String,
    /// The organization on the other side.
    pub other: String,
    pub bridge: String,
    /// `dashboard`, `api` or `workflow`.
    pub via: String,
    /// The start of the token's id.
    pub id: String,
}

impl TokenFilter {
    fn keeps(&self, t: &ShareToken, other: &Id, now: Timestamp) -> bool {
        (self.status.is_empty() || t.status_at(now).as_str() == self.status)
            && (self.other.is_empty() || other.as_str() == self.other)
            && (self.bridge.is_empty() || t.bridge_id.as_str() == self.bridge)
            && (self.via.is_empty() || channel_name(t.created_via) == self.via)
            && id_matches(t.id.as_str(), &self.id)
    }
}

/// How a token came to be, as the created-via filter names it.
pub fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Dashboard => "dashboard",
        Channel::Api => "api",
        Channel::Workflow => "workflow",
    }
}

/// One page of a token list: where it sits in the list, and its tokens' ids.
pub type TokenPage = (PageInfo, Vec<Id>);

/// A page of each of the org's two token lists, newest first: `asked` is the (filter, page) of
/// the tokens it sent, then of those addressed to it. One pass over the tokens serves both
/// lists; only the pages are put in order and their ids copied (a screen shows 20 of up to
/// 20,000).
pub fn token_pages(
    world: &World,
    org: &Id,
    asked: &[(TokenFilter, usize); 2],
    now: Timestamp,
) -> [TokenPage; 2] {
    let [(sent_filter, sent_page), (received_filter, received_page)] = asked;
    let (mut sent, mut received) = (Vec::new(), Vec::new());
    for t in world.share_tokens.values() {
        if &t.source_org_id == org && sent_filter.keeps(t, &t.destination_org_id, now) {
            sent.push(t);
        }
        if &t.destination_org_id == org && received_filter.keeps(t, &t.source_org_id, now) {
            received.push(t);
        }
    }
    [
        newest_page(sent, *sent_page),
        newest_page(received, *received_page),
    ]
}

/// Page `page` of `tokens`, newest first.
fn newest_page(tokens: Vec<&ShareToken>, page: usize) -> TokenPage {
    let info = PageInfo::of(tokens.len(), page);
    let ids = connect::order::page_by_key_desc(tokens, |t| t.created_at.0, info.range())
        .into_iter()
        .map(|t| t.id.clone())
        .collect();
    (info, ids)
}

fn other_side(t: &ShareToken, side: Side) -> &Id {
    match side {
        Side::Sent => &t.destination_org_id,
        Side::Received => &t.source_org_id,
    }
}

/// A share token in a table: what its row shows, and nothing else, so an unchanged row is
/// equal to itself and is not rendered again.
#[derive(Clone, PartialEq)]
pub struct TokenRow {
    pub id: Id,
    pub source_id: Id,
    pub destination_org_id: Id,
    /// The other side's name.
    pub other: String,
    pub status: ShareTokenStatus,
    pub redeemed_at: Option<Timestamp>,
    pub expires_at: Timestamp,
    pub lifetime_seconds: i64,
    pub destination_inquiry_id: Option<Id>,
    /// Whether its bridge is active: a redeem over an inactive one fails the token for good.
    pub bridge_active: bool,
}

/// The rows of the tokens `ids` (one page), in that order.
pub fn token_rows(world: &World, ids: &[Id], side: Side, now: Timestamp) -> Vec<TokenRow> {
    ids.iter()
        .filter_map(|id| world.share_tokens.get(id))
        .map(|t| TokenRow {
            id: t.id.clone(),
            source_id: t.source_id.clone(),
            destination_org_id: t.destination_org_id.clone(),
            other: world.org_name(other_side(t, side)),
            status: t.status_at(now),
            redeemed_at: t.redeemed_at,
            expires_at: t.expires_at,
            lifetime_seconds: (t.expires_at.0 - t.created_at.0) / 1000,
            destination_inquiry_id: t.destination_inquiry_id.clone(),
            bridge_active: bridge_active(world, t),
        })
        .collect()
}

fn bridge_active(world: &World, token: &ShareToken) -> bool {
    world
        .bridges
        .get(&token.bridge_id)
        .is_some_and(|b| b.status == BridgeStatus::Active)
}

#[derive(Clone, PartialEq)]
pub struct InboxRow {
    pub entry: InboxEntry,
    pub sender: String,
    pub status: ShareTokenStatus,
    /// Whether the token's bridge is active (see [`TokenRow::bridge_active`]).
    pub bridge_active: bool,
}

/// What the Share Tokens screen shows besides its two lists.
#[derive(PartialEq)]
pub struct ShareTokensView {
    pub bridges: Vec<BridgeOption>,
    /// Every bridge of the org, for the bridge filter.
    pub all_bridges: Vec<Choice>,
    pub orgs: Vec<Choice>,
}

pub fn share_tokens(world: &World, org: &Id) -> ShareTokensView {
    let all: Vec<&Bridge> = world.bridges_of(org);
    let outbound_bridges: Vec<&&Bridge> = all.iter().filter(|b| &b.source_org_id == org).collect();
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
    let all_bridges = all
        .iter()
        .map(|b| Choice {
            value: b.id.to_string(),
            label: format!(
                "{} → {} ({})",
                world.org_name(&b.source_org_id),
                world.org_name(&b.destination_org_id),
                b.id
            ),
        })
        .collect();
    ShareTokensView {
        bridges,
        all_bridges,
        orgs: org_choices(world)
            .into_iter()
            .filter(|o| o.value != org.as_str())
            .collect(),
    }
}

/// The org's partner inbox, newest first.
pub fn inbox(world: &World, org: &Id, now: Timestamp) -> Vec<InboxRow> {
    world
        .inbox_of(org)
        .into_iter()
        .filter_map(|e| {
            let token = world.share_tokens.get(&e.share_token_id)?;
            Some(InboxRow {
                entry: e.clone(),
                sender: world.org_name(&e.sender_org_id),
                status: token.status_at(now),
                bridge_active: bridge_active(world, token),
            })
        })
        .collect()
}

/// An inquiry a share token may be made for: completed or approved.
#[derive(Clone, PartialEq)]
pub struct InquiryChoice {
    pub id: Id,
    /// What the option shows: the person's name, or "no name given".
    pub name: String,
    pub status: InquiryStatus,
    pub created: String,
}

/// The newest `shown` of the org's inquiries a share token may be made for (completed or
/// approved) that match `typed` by the start of their id or a part of the person's name,
/// ignoring case; and how many more match. One pass over the inquiries: only the options
/// shown are put in order and described.
pub fn shareable_matches(
    world: &World,
    org: &Id,
    typed: &str,
    shown: usize,
) -> (Vec<InquiryChoice>, usize) {
    let typed = typed.trim();
    let lowered = typed.to_lowercase();
    let mut name = String::new();
    let matching: Vec<&Inquiry> = world
        .inquiries
        .values()
        .filter(|i| {
            &i.org_id == org
                && i.status.is_shareable()
                && (id_matches(i.id.as_str(), typed) || name_contains(i, &lowered, &mut name))
        })
        .collect();
    let total = matching.len();
    let choices: Vec<InquiryChoice> =
        connect::order::page_by_key_desc(matching, |i| i.created_at.0, 0..shown)
            .into_iter()
            .map(|i| InquiryChoice {
                id: i.id.clone(),
                name: i.fields.display_name(),
                status: i.status,
                created: i.created_at.display(),
            })
            .collect();
    let more = total - choices.len();
    (choices, more)
}

/// Whether the person's full name, lowercased, contains `lowered`. `name` is a buffer reused
/// from one inquiry to the next; an ASCII name (most) is lowercased in it, which is what
/// `to_lowercase` would give.
fn name_contains(inquiry: &Inquiry, lowered: &str, name: &mut String) -> bool {
    name.clear();
    inquiry.fields.write_full_name(name);
    if name.is_ascii() {
        name.make_ascii_lowercase();
        name.contains(lowered)
    } else {
        name.to_lowercase().contains(lowered)
    }
}

pub struct ShareTokenView {
    pub token: ShareToken,
    pub source: String,
    pub destination: String,
    pub status: ShareTokenStatus,
    /// Whether its bridge is active (see [`TokenRow::bridge_active`]).
    pub bridge_active: bool,
}

pub fn share_token(world: &World, org: &Id, id: &Id, now: Timestamp) -> Option<ShareTokenView> {
    let t = world.token_visible_to(org, id)?;
    Some(ShareTokenView {
        source: world.org_name(&t.source_org_id),
        destination: world.org_name(&t.destination_org_id),
        status: t.status_at(now),
        bridge_active: bridge_active(world, t),
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

/// An inquiry in a table: what its row shows.
#[derive(Clone, PartialEq)]
pub struct InquiryRow {
    pub id: Id,
    pub person: String,
    pub template: String,
    pub status: InquiryStatus,
    pub created_at: Timestamp,
}

/// What the inquiry list is narrowed to; "" leaves a filter out.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct InquiryFilter {
    pub status: String,
    pub template: String,
    pub id: String,
}

pub fn templates(world: &World, org: &Id) -> Vec<InquiryTemplate> {
    world.templates_of(org).into_iter().cloned().collect()
}

/// The ids of the org's inquiries `filter` keeps, newest first.
pub fn inquiry_ids(world: &World, org: &Id, filter: &InquiryFilter, now: Timestamp) -> Vec<Id> {
    world
        .inquiries_of(org)
        .into_iter()
        .filter(|i| {
            (filter.status.is_empty() || i.status_at(now).as_str() == filter.status)
                && (filter.template.is_empty() || i.template_id.as_str() == filter.template)
                && id_matches(i.id.as_str(), &filter.id)
        })
        .map(|i| i.id.clone())
        .collect()
}

/// The rows of the inquiries `ids` (one page), in that order.
pub fn inquiry_rows(world: &World, ids: &[Id], now: Timestamp) -> Vec<InquiryRow> {
    ids.iter()
        .filter_map(|id| world.inquiries.get(id))
        .map(|i| InquiryRow {
            id: i.id.clone(),
            person: i.fields.display_name(),
            template: world
                .templates
                .get(&i.template_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            status: i.status_at(now),
            created_at: i.created_at,
        })
        .collect()
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
                    i.fields.display_name(),
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

/// Where an event sits in the world's log, and its id (which says the log has not moved).
pub type EventKey = (usize, Id);

/// The org's events, newest first; only those of `event_type` unless it is empty, and those
/// whose own id or whose object's id (the id a row shows) starts with `id`.
pub fn event_keys(world: &World, org: &Id, event_type: &str, id: &str) -> Vec<EventKey> {
    let mut keys: Vec<(usize, &Event)> = world
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            &e.org_id == org
                && (event_type.is_empty() || e.event_type == event_type)
                && (id_matches(e.id.as_str(), id) || id_matches(e.object_id.as_str(), id))
        })
        .collect();
    // The log is oldest first; among events of the same moment, the later one is newer.
    keys.reverse();
    connect::order::sort_by_key_desc(&mut keys, |(_, e)| e.at);
    keys.into_iter().map(|(i, e)| (i, e.id.clone())).collect()
}

/// The rows of the events `keys` (one page), in that order.
pub fn event_rows(world: &World, keys: &[EventKey]) -> Vec<EventRow> {
    keys.iter()
        .filter_map(|(i, id)| world.events.get(*i).filter(|e| &e.id == id))
        .map(|e| EventRow {
            actor: match &e.actor_org_id {
                Some(actor) => world.org_name(actor),
                None => "the playground clock".into(),
            },
            event: e.clone(),
        })
        .collect()
}

/// How many events of all organizations were let go to make room.
pub fn events_trimmed(world: &World) -> usize {
    world.events_trimmed
}

/// One of the org's events, by id.
pub fn event(world: &World, org: &Id, id: &Id) -> Option<Event> {
    world
        .events
        .iter()
        .rev()
        .find(|e| &e.id == id && &e.org_id == org)
        .cloned()
}

#[derive(Clone, PartialEq)]
pub struct WorkflowRow {
    pub workflow: Workflow,
    pub trigger: String,
    pub actions: Vec<String>,
}

pub struct WorkflowsView {
    pub workflows: Vec<WorkflowRow>,
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
    }
}

/// The ids of the org's workflow runs, newest first.
pub fn run_ids(world: &World, org: &Id, status: &str) -> Vec<Id> {
    world
        .runs_of(org)
        .into_iter()
        .filter(|r| status.is_empty() || r.status.as_str() == status)
        .map(|r| r.id.clone())
        .collect()
}

/// The runs `ids` (one page), in that order.
pub fn runs(world: &World, ids: &[Id]) -> Vec<WorkflowRun> {
    ids.iter()
        .filter_map(|id| world.workflow_runs.get(id))
        .cloned()
        .collect()
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
}

pub fn webhooks(world: &World, org: &Id) -> WebhooksView {
    WebhooksView {
        endpoints: world.webhooks_of(org).into_iter().cloned().collect(),
    }
}

/// The ids of the org's webhook deliveries, newest first.
pub fn delivery_ids(world: &World, org: &Id, outcome: &str) -> Vec<Id> {
    world
        .deliveries_of(org)
        .into_iter()
        .filter(|d| outcome.is_empty() || outcome_state(&d.outcome) == outcome)
        .map(|d| d.id.clone())
        .collect()
}

/// A delivery's outcome as one word: `pending`, `responded` or `failed` (its badge, and the
/// value of the Deliveries list's outcome filter).
pub fn outcome_state(outcome: &connect::DeliveryOutcome) -> &'static str {
    match outcome {
        connect::DeliveryOutcome::Pending => "pending",
        connect::DeliveryOutcome::Responded { .. } => "responded",
        connect::DeliveryOutcome::Failed { .. } => "failed",
    }
}

/// The deliveries `ids` (one page), in that order.
pub fn deliveries(world: &World, ids: &[Id]) -> Vec<Delivery> {
    ids.iter()
        .filter_map(|id| world.deliveries.get(id))
        .cloned()
        .collect()
}

pub struct ConsoleView {
    /// The org's API key, put into every example and re-sent request.
    pub secret: String,
    pub catalogue: Vec<Example>,
    /// Page `page` of the org's request log, newest first.
    pub log: Vec<RequestLogEntry>,
    pub page: PageInfo,
}

/// The console's examples and page `page` of the org's request log, newest first.
/// `origin` ("" for any) and `id` (the start of a `req_…` id, "" for any) narrow the request log.
pub fn console(
    world: &World,
    api: &ApiState,
    org: &Id,
    now: Timestamp,
    page: usize,
    (origin, id): (&str, &str),
) -> ConsoleView {
    let mut log = api.log_of(org);
    log.retain(|e| {
        (origin.is_empty() || e.origin.as_str() == origin) && id_matches(e.id.as_str(), id)
    });
    let page = PageInfo::of(log.len(), page);
    let secret = world
        .organization(org)
        .map(|o| o.api_key.secret.clone())
        .unwrap_or_default();
    ConsoleView {
        catalogue: examples(world, org, &secret, now),
        log: log[page.range()].iter().map(|e| (*e).clone()).collect(),
        page,
        secret,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect::generate::{busy_playground, Size};
    use connect::RandomIds;

    const NOW: Timestamp = Timestamp(1_800_000_000_000);

    /// A generated playground whose tokens and inquiries were made at seven moments, so many
    /// share one: the newest-first order keeps those in the order the world lists them.
    fn busy() -> World {
        let size = Size {
            share_tokens: 130,
            inquiries: 45,
            event_log: 1_000,
        };
        let mut world = match busy_playground(size, NOW, &mut RandomIds) {
            Ok(busy) => busy.world,
            Err(why) => panic!("a generated playground: {why}"),
        };
        for (i, t) in world.share_tokens.values_mut().enumerate() {
            t.created_at = Timestamp(NOW.0 - 60_000 * (i % 7) as i64);
        }
        for (i, inquiry) in world.inquiries.values_mut().enumerate() {
            inquiry.created_at = Timestamp(NOW.0 - 60_000 * (i % 7) as i64);
        }
        world
    }

    #[test]
    fn token_pages_are_pages_of_the_lists_sorted_newest_first() {
        let world = busy();
        let ids = |tokens: Vec<&ShareToken>| -> Vec<Id> {
            tokens.into_iter().map(|t| t.id.clone()).collect()
        };
        let starting_a = TokenFilter {
            id: "a".into(),
            ..TokenFilter::default()
        };
        for org in world.organizations.keys() {
            let sent = ids(world.outbound_tokens(org));
            let received = ids(world.inbound_tokens(org));
            for page in [1, 2, 3, 7, 8, 100] {
                let asked = [
                    (TokenFilter::default(), page),
                    (TokenFilter::default(), page),
                ];
                let [(sent_info, sent_page), (received_info, received_page)] =
                    token_pages(&world, org, &asked, NOW);
                assert_eq!(sent_info, PageInfo::of(sent.len(), page));
                assert_eq!(sent_page, sent[sent_info.range()]);
                assert_eq!(received_info, PageInfo::of(received.len(), page));
                assert_eq!(received_page, received[received_info.range()]);
            }
            let expected: Vec<Id> = world
                .outbound_tokens(org)
                .into_iter()
                .filter(|t| id_matches(t.id.as_str(), "a"))
                .map(|t| t.id.clone())
                .collect();
            let asked = [(starting_a.clone(), 1), (TokenFilter::default(), 1)];
            let [(info, page), _] = token_pages(&world, org, &asked, NOW);
            assert_eq!(
                (info.total, page),
                (expected.len(), expected[info.range()].to_vec())
            );
        }
    }

    #[test]
    fn the_picker_offers_the_newest_ten_matches_and_counts_the_rest() {
        let world = busy();
        for org in world.organizations.keys() {
            let shareable: Vec<&Inquiry> = world
                .inquiries_of(org)
                .into_iter()
                .filter(|i| i.status.is_shareable())
                .collect();
            let some_id = shareable
                .first()
                .map(|i| i.id.to_string())
                .unwrap_or_default();
            for typed in [
                "",
                " ",
                "a",
                "ALEX",
                "inq_",
                &some_id[..some_id.len().min(8)],
                "zzz",
            ] {
                let lowered = typed.trim().to_lowercase();
                let matching: Vec<Id> = shareable
                    .iter()
                    .filter(|i| {
                        id_matches(i.id.as_str(), typed.trim())
                            || i.fields.full_name().to_lowercase().contains(&lowered)
                    })
                    .map(|i| i.id.clone())
                    .collect();
                let (shown, more) = shareable_matches(&world, org, typed, 10);
                let shown: Vec<Id> = shown.into_iter().map(|c| c.id).collect();
                assert_eq!(shown, matching[..matching.len().min(10)], "{typed:?}");
                assert_eq!(more, matching.len() - shown.len(), "{typed:?}");
            }
        }
    }
}
