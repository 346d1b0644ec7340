//! The core: every object of the playground and the one [`World::apply`] that changes them.
//!
//! Each command handler validates everything first and mutates only after the last check, so a
//! refused command changes nothing. The handlers live beside their aggregate (organizations,
//! inquiries, bridges, share tokens, redeem, automation settings); who may see what is decided
//! once, in [`access`].

pub mod access;
mod automation;
mod bridges;
mod inquiries;
mod organizations;
mod queries;
mod redeem;
mod share_tokens;

pub use access::{Side, TwoSided};
pub use automation::{check_webhook, MAX_ACTIONS, MAX_ENDPOINTS, MAX_WORKFLOWS_PER_ORG};
pub use inquiries::{check_person_fields, Review, MAX_PERSON_FIELD};
pub use organizations::{check_organization_name, organization_name_key, MAX_ORGANIZATION_NAME};

use crate::error::{DomainError, ErrorKind};
use crate::id_map::{IdMap, IdSet};
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The event log keeps about this many of the newest events (all organizations together): with
/// 20,000 share tokens and 5,000 inquiries they still fit in local storage, packed as schema 3
/// stores them (docs/performance.md).
pub const EVENT_LOG_LIMIT: usize = 20_000;
/// Old events are let go this many at a time (one stored chunk).
pub const EVENT_TRIM_STEP: usize = 100;

/// Where the event log stands: how many events were ever recorded, and how many were let go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventsMark {
    pub total: usize,
    pub trimmed: usize,
}

/// Default lifetime of a share token: 24 hours.
pub const DEFAULT_TOKEN_LIFETIME_SECONDS: i64 = 24 * 3_600;
/// Shortest lifetime a token may be given: 60 seconds.
pub const MIN_TOKEN_LIFETIME_SECONDS: i64 = 60;
/// Longest lifetime a token may be given: 21 days.
pub const MAX_TOKEN_LIFETIME_SECONDS: i64 = 21 * 24 * 3_600;

/// How the destination redeems: into a new inquiry from one of its templates, or into an
/// inquiry it created earlier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedeemTarget {
    /// Clone into a new Inquiry of this template (the Dashboard flow).
    Clone { template_id: String },
    /// Hydrate an existing, not yet run Inquiry of the destination.
    Hydrate { destination_id: String },
}

/// Everything a user (through the Dashboard, the API or a Workflow) can ask for.
/// Ids arrive as the text a user gave; `apply` checks what they name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "command")]
pub enum Command {
    CreateOrganization {
        name: String,
        description: String,
    },
    CreateInquiry {
        template_id: String,
        fields: Box<PersonFields>,
        evidence: BTreeSet<VerificationKind>,
    },
    /// Submit the inquiry and run its verifications (the API's "complete").
    RunInquiry {
        inquiry_id: String,
    },
    ApproveInquiry {
        inquiry_id: String,
    },
    DeclineInquiry {
        inquiry_id: String,
    },
    /// Sends a completed or failed inquiry to review (`needs_review`).
    MarkInquiryForReview {
        inquiry_id: String,
    },
    CreateBridge {
        destination_org_id: String,
        scopes: Scopes,
    },
    /// The destination activates; `template_id` is its default clone template for the bridge
    /// (absent: the one it had, or else its first template).
    ActivateBridge {
        bridge_id: String,
        template_id: Option<String>,
    },
    /// The destination changes the template a redeem without a target clones into.
    SetBridgeDefaultTemplate {
        bridge_id: String,
        template_id: String,
    },
    DeactivateBridge {
        bridge_id: String,
    },
    ReactivateBridge {
        bridge_id: String,
    },
    CreateShareToken {
        bridge_id: String,
        source_id: String,
        expires_in_seconds: Option<i64>,
        /// Who acts; its channel becomes the token's `created-via`.
        creator: Creator,
    },
    ExpireShareToken {
        token_id: String,
    },
    RedeemShareToken {
        token_id: String,
        target: RedeemTarget,
    },
    /// The source posts a token to the destination's (simulated) partner endpoint, which puts
    /// it in the destination's inbox.
    SendShareToken {
        token_id: String,
        destination_org_id: String,
    },
    /// Replaces the acting org's API key; the old secret stops working at once.
    RollApiKey,
    /// Adds a workflow, disabled until the org enables it.
    CreateWorkflow {
        spec: WorkflowSpec,
    },
    UpdateWorkflow {
        workflow_id: String,
        spec: WorkflowSpec,
    },
    SetWorkflowEnabled {
        workflow_id: String,
        enabled: bool,
    },
    DeleteWorkflow {
        workflow_id: String,
    },
    CreateWebhook {
        url: String,
        event_types: Vec<String>,
    },
    /// Starts or stops deliveries to an endpoint (imported endpoints arrive stopped).
    SetWebhookEnabled {
        webhook_id: String,
        enabled: bool,
    },
    DeleteWebhook {
        webhook_id: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct World {
    pub organizations: IdMap<Organization>,
    pub templates: IdMap<InquiryTemplate>,
    pub inquiries: IdMap<Inquiry>,
    pub bridges: IdMap<Bridge>,
    pub share_tokens: IdMap<ShareToken>,
    /// The newest events, oldest first: at most [`EVENT_LOG_LIMIT`] plus one step.
    pub events: EventLog,
    /// How many older events were let go to keep the log within local storage's room.
    pub events_trimmed: usize,
    /// Ids of the objects changed since the store last saved.
    pub touched: Touched,
    /// Tokens delivered to destinations' partner endpoints.
    pub partner_inbox: Vec<InboxEntry>,
    pub workflows: IdMap<Workflow>,
    pub workflow_runs: IdMap<WorkflowRun>,
    pub webhooks: IdMap<WebhookEndpoint>,
    pub deliveries: IdMap<Delivery>,
}

/// The ids of objects a command changed, so the store writes those and nothing else.
/// Bookkeeping rather than state: never saved, and ignored when worlds are compared.
#[derive(Clone, Debug, Default)]
pub struct Touched(IdSet);

impl PartialEq for Touched {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Touched {}

impl World {
    /// Applies `command` as `actor` at playground time `now`. On success returns the events it
    /// appended; on error nothing changed.
    pub fn apply(
        &mut self,
        actor: &Id,
        command: Command,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        if !self.organizations.contains_key(actor) {
            return Err(DomainError::new(
                ErrorKind::NotFound,
                "actor-unknown",
                format!(
                    "No organization `{}` exists to act as.",
                    crate::error::shorten(actor.as_str())
                ),
            ));
        }
        match command {
            Command::CreateOrganization { name, description } => {
                self.create_organization(actor, &name, &description, now, ids)
            }
            Command::CreateInquiry {
                template_id,
                fields,
                evidence,
            } => self.create_inquiry(actor, &template_id, *fields, evidence, now, ids),
            Command::RunInquiry { inquiry_id } => self.run_inquiry(actor, &inquiry_id, now, ids),
            Command::ApproveInquiry { inquiry_id } => {
                self.review_inquiry(actor, &inquiry_id, Review::Approve, now, ids)
            }
            Command::DeclineInquiry { inquiry_id } => {
                self.review_inquiry(actor, &inquiry_id, Review::Decline, now, ids)
            }
            Command::MarkInquiryForReview { inquiry_id } => {
                self.review_inquiry(actor, &inquiry_id, Review::MarkForReview, now, ids)
            }
            Command::CreateBridge {
                destination_org_id,
                scopes,
            } => self.create_bridge(actor, &destination_org_id, scopes, now, ids),
            Command::ActivateBridge {
                bridge_id,
                template_id,
            } => self.activate_bridge(actor, &bridge_id, template_id.as_deref(), now, ids),
            // The destination's own setting, of no concern to the source: no event.
            Command::SetBridgeDefaultTemplate {
                bridge_id,
                template_id,
            } => self
                .set_bridge_default_template(actor, &bridge_id, &template_id)
                .map(|_| Vec::new()),
            Command::DeactivateBridge { bridge_id } => {
                self.deactivate_bridge(actor, &bridge_id, now, ids)
            }
            Command::ReactivateBridge { bridge_id } => {
                self.reactivate_bridge(actor, &bridge_id, now, ids)
            }
            Command::CreateShareToken {
                bridge_id,
                source_id,
                expires_in_seconds,
                creator,
            } => self.create_share_token(
                actor,
                &bridge_id,
                &source_id,
                expires_in_seconds,
                creator,
                now,
                ids,
            ),
            Command::ExpireShareToken { token_id } => {
                self.expire_share_token(actor, &token_id, now, ids)
            }
            Command::RedeemShareToken { token_id, target } => {
                self.redeem_share_token(actor, &token_id, target, now, ids)
            }
            Command::SendShareToken {
                token_id,
                destination_org_id,
            } => self.send_share_token(actor, &token_id, &destination_org_id, now, ids),
            Command::RollApiKey => Ok(self.roll_api_key(actor, now, ids)),
            // Configuration, not a state change of the shared objects: no event (the rules'
            // list has none), and the caller sees the result on the screen.
            Command::CreateWorkflow { spec } => self
                .create_workflow(actor, spec, now, ids)
                .map(|_| Vec::new()),
            Command::UpdateWorkflow { workflow_id, spec } => self
                .update_workflow(actor, &workflow_id, spec, now)
                .map(|_| Vec::new()),
            Command::SetWorkflowEnabled {
                workflow_id,
                enabled,
            } => self
                .set_workflow_enabled(actor, &workflow_id, enabled, now)
                .map(|_| Vec::new()),
            Command::DeleteWorkflow { workflow_id } => self
                .delete_workflow(actor, &workflow_id)
                .map(|_| Vec::new()),
            Command::CreateWebhook { url, event_types } => self
                .create_webhook(actor, &url, event_types, now, ids)
                .map(|_| Vec::new()),
            Command::SetWebhookEnabled {
                webhook_id,
                enabled,
            } => self
                .set_webhook_enabled(actor, &webhook_id, enabled)
                .map(|_| Vec::new()),
            Command::DeleteWebhook { webhook_id } => {
                self.delete_webhook(actor, &webhook_id).map(|_| Vec::new())
            }
        }
    }

    /// Whether the clock has passed something `expire_due` would record.
    pub fn has_due(&self, now: Timestamp) -> bool {
        self.share_tokens.values().any(|t| {
            t.status == ShareTokenStatus::New && t.status_at(now) == ShareTokenStatus::Expired
        }) || self.inquiries.values().any(|i| {
            i.status != InquiryStatus::Expired && i.status_at(now) == InquiryStatus::Expired
        })
    }

    /// Records the expiry of every `new` token whose `expires-at` the clock has passed, and of
    /// every inquiry left created or pending for 24 hours.
    pub fn expire_due(&mut self, now: Timestamp, ids: &mut dyn IdSource) -> Vec<Event> {
        let due: Vec<Id> = self
            .share_tokens
            .values()
            .filter(|t| {
                t.status_at(now) == ShareTokenStatus::Expired && t.status == ShareTokenStatus::New
            })
            .map(|t| t.id.clone())
            .collect();
        let mut events = Vec::new();
        for id in due {
            let Some(token) = self.share_tokens.get_mut(&id) else {
                continue;
            };
            token.status = ShareTokenStatus::Expired;
            token.expired_at = Some(token.expires_at);
            self.touched.0.insert(id.clone(), ());
            let (at, orgs) = (
                token.expires_at,
                [
                    token.source_org_id.clone(),
                    token.destination_org_id.clone(),
                ],
            );
            events.extend(self.record(ids, at, None, EventType::ShareTokenExpired, &id, &orgs));
        }
        // Inquiries left open (created or pending) for 24 hours expire the same way.
        let due: Vec<Id> = self
            .inquiries
            .values()
            .filter(|i| {
                i.status != InquiryStatus::Expired && i.status_at(now) == InquiryStatus::Expired
            })
            .map(|i| i.id.clone())
            .collect();
        for id in due {
            let Some(inquiry) = self.inquiries.get_mut(&id) else {
                continue;
            };
            inquiry.status = InquiryStatus::Expired;
            inquiry.expired_at = Some(inquiry.expires_at());
            self.touched.0.insert(id.clone(), ());
            let (at, org) = (inquiry.expires_at(), inquiry.org_id.clone());
            events.extend(self.record(ids, at, None, EventType::InquiryExpired, &id, &[org]));
        }
        events
    }

    /// Returns the ids of the objects changed since the last call, and forgets them.
    pub fn take_touched(&mut self) -> IdSet {
        std::mem::take(&mut self.touched.0)
    }

    pub(crate) fn touch(&mut self, id: &Id) {
        self.touched.0.insert(id.clone(), ());
    }

    /// The JSON:API representation an event about `id` carries, as of `at`.
    fn payload_of(&self, id: &Id, at: Timestamp) -> Option<Payload> {
        use crate::render;
        let value = match id.prefix() {
            prefix::SHARE_TOKEN => self
                .share_tokens
                .get(id)
                .map(|t| render::share_token(t, at)),
            prefix::BRIDGE => self.bridges.get(id).map(render::bridge),
            prefix::INQUIRY => self.inquiries.get(id).map(render::inquiry),
            prefix::WORKFLOW_RUN => self.workflow_runs.get(id).map(render::workflow_run),
            _ => None,
        };
        value.as_ref().and_then(Payload::of)
    }

    pub(crate) fn record(
        &mut self,
        ids: &mut dyn IdSource,
        at: Timestamp,
        actor: Option<&Id>,
        event_type: EventType,
        object_id: &Id,
        orgs: &[Id],
    ) -> Vec<Event> {
        let mut seen = IdSet::new();
        let payload = self.payload_of(object_id, at);
        let events: Vec<Event> = orgs
            .iter()
            .filter(|org| seen.insert((*org).clone(), ()).is_none())
            .map(|org| Event {
                id: ids.new_id(prefix::EVENT),
                org_id: org.clone(),
                event_type,
                at,
                actor_org_id: actor.cloned(),
                object_id: object_id.clone(),
                payload: payload.clone(),
            })
            .collect();
        self.events.extend(events.iter().cloned());
        if self.events.len() >= EVENT_LOG_LIMIT + EVENT_TRIM_STEP {
            let drop = (self.events.len() - EVENT_LOG_LIMIT) / EVENT_TRIM_STEP * EVENT_TRIM_STEP;
            self.events.drop_oldest(drop);
            self.events_trimmed = self.events_trimmed.saturating_add(drop);
        }
        events
    }

    /// The events recorded since `mark`.
    pub fn events_since(&self, mark: EventsMark) -> Vec<Event> {
        let start = mark.total.saturating_sub(self.events_trimmed);
        self.events.iter_from(start).cloned().collect()
    }

    /// Where the event log stands now; the store saves what was added since.
    /// Lets go of the room the collections kept for growing (see [`IdMap::shrink_to_fit`]).
    pub fn shrink_to_fit(&mut self) {
        self.organizations.shrink_to_fit();
        self.templates.shrink_to_fit();
        self.inquiries.shrink_to_fit();
        self.bridges.shrink_to_fit();
        self.share_tokens.shrink_to_fit();
        self.workflows.shrink_to_fit();
        self.workflow_runs.shrink_to_fit();
        self.webhooks.shrink_to_fit();
        self.deliveries.shrink_to_fit();
    }

    pub fn events_mark(&self) -> EventsMark {
        EventsMark {
            total: self.events_trimmed.saturating_add(self.events.len()),
            trimmed: self.events_trimmed,
        }
    }
}
