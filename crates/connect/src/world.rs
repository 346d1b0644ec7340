//! The aggregate: every object of the playground and the one [`World::apply`] that changes them.
//!
//! Each command handler validates everything first and mutates only after the last check, so a
//! refused command changes nothing.

use crate::error::{DomainError, ErrorKind};
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::verify::{self, MissingData};
use crate::webhook::{Delivery, WebhookEndpoint};
use crate::workflow::{Workflow, WorkflowRun, WorkflowSpec};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The event log keeps about this many of the newest events (all organizations together), so
/// that 10,000 share tokens still fit in local storage's 5 million characters.
pub const EVENT_LOG_LIMIT: usize = 400;
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
    CreateBridge {
        destination_org_id: String,
        scopes: Scopes,
    },
    ActivateBridge {
        bridge_id: String,
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
        via: Channel,
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
    DeleteWebhook {
        webhook_id: String,
    },
}

/// An immutable record of a change, in the log of one org that may know about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: Id,
    /// Whose log this entry is in.
    pub org_id: Id,
    /// e.g. `share-token.redeemed`.
    pub event_type: String,
    pub at: Timestamp,
    /// The org that acted; `None` when the playground clock caused it.
    pub actor_org_id: Option<Id>,
    pub object_id: Id,
    /// The object's JSON:API representation when the event happened (`None` for objects that
    /// have none, such as organizations, and in events saved before payloads existed).
    #[serde(default)]
    pub payload: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct World {
    pub organizations: BTreeMap<Id, Organization>,
    pub templates: BTreeMap<Id, InquiryTemplate>,
    pub inquiries: BTreeMap<Id, Inquiry>,
    pub bridges: BTreeMap<Id, Bridge>,
    pub share_tokens: BTreeMap<Id, ShareToken>,
    /// The newest events, oldest first: at most [`EVENT_LOG_LIMIT`] plus one step.
    pub events: Vec<Event>,
    /// How many older events were let go to keep the log within local storage's room.
    pub events_trimmed: usize,
    /// Ids of the objects changed since the store last saved.
    #[serde(skip)]
    pub touched: Touched,
    /// Tokens delivered to destinations' partner endpoints. Absent from data saved before the
    /// API existed, hence the default.
    #[serde(default)]
    pub partner_inbox: Vec<InboxEntry>,
    /// The simulated API's own records: request log, idempotency records, rate-limit windows.
    #[serde(default)]
    pub api: crate::api::ApiState,
    pub workflows: BTreeMap<Id, Workflow>,
    pub workflow_runs: BTreeMap<Id, WorkflowRun>,
    pub webhooks: BTreeMap<Id, WebhookEndpoint>,
    pub deliveries: BTreeMap<Id, Delivery>,
}

/// A share token as the destination's partner endpoint received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub id: Id,
    /// The destination org whose inbox holds it.
    pub org_id: Id,
    pub share_token_id: Id,
    pub sender_org_id: Id,
    pub received_at: Timestamp,
}

/// The ids of objects a command changed, so the store writes those and nothing else.
/// Bookkeeping rather than state: never saved, and ignored when worlds are compared.
#[derive(Clone, Debug, Default)]
pub struct Touched(BTreeSet<Id>);

impl PartialEq for Touched {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Touched {}

fn unprocessable(rule: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::new(ErrorKind::Unprocessable, rule, message)
}

fn forbidden(rule: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::new(ErrorKind::Forbidden, rule, message)
}

fn required(value: &str, attribute: &'static str) -> Result<Id, DomainError> {
    if value.trim().is_empty() {
        let what = match attribute {
            "bridge-id" => "an Organization Bridge",
            "source-id" => "the source Inquiry id",
            "token-id" => "a share token id",
            "template-id" => "an inquiry template",
            "destination-id" => "the destination",
            _ => "an inquiry id",
        };
        Err(DomainError::new(
            ErrorKind::BadRequest,
            "attribute-required",
            format!("Give {what}: `{attribute}` is required."),
        )
        .on(attribute))
    } else {
        Ok(Id::parse(value))
    }
}

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
                format!("No organization `{actor}` exists to act as."),
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
                self.review_inquiry(actor, &inquiry_id, true, now, ids)
            }
            Command::DeclineInquiry { inquiry_id } => {
                self.review_inquiry(actor, &inquiry_id, false, now, ids)
            }
            Command::CreateBridge {
                destination_org_id,
                scopes,
            } => self.create_bridge(actor, &destination_org_id, scopes, now, ids),
            Command::ActivateBridge { bridge_id } => {
                self.activate_bridge(actor, &bridge_id, now, ids)
            }
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
                via,
            } => self.create_share_token(
                actor,
                &bridge_id,
                &source_id,
                expires_in_seconds,
                via,
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
            // Configuration, not a state change of the shared objects: no event (domain.md's
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
            self.touched.0.insert(id.clone());
            let (at, orgs) = (
                token.expires_at,
                [
                    token.source_org_id.clone(),
                    token.destination_org_id.clone(),
                ],
            );
            events.extend(self.record(ids, at, None, "share-token.expired", &id, &orgs));
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
            self.touched.0.insert(id.clone());
            let (at, org) = (inquiry.expires_at(), inquiry.org_id.clone());
            events.extend(self.record(ids, at, None, "inquiry.expired", &id, &[org]));
        }
        events
    }

    /// Returns the ids of the objects changed since the last call, and forgets them.
    pub fn take_touched(&mut self) -> BTreeSet<Id> {
        std::mem::take(&mut self.touched.0)
    }

    pub(crate) fn touch(&mut self, id: &Id) {
        self.touched.0.insert(id.clone());
    }

    /// The JSON:API representation an event about `id` carries, as of `at`.
    fn payload_of(&self, id: &Id, at: Timestamp) -> Option<serde_json::Value> {
        use crate::api::render;
        match id.prefix() {
            prefix::SHARE_TOKEN => self
                .share_tokens
                .get(id)
                .map(|t| render::share_token(t, at)),
            prefix::BRIDGE => self.bridges.get(id).map(render::bridge),
            prefix::INQUIRY => self.inquiries.get(id).map(render::inquiry),
            prefix::WORKFLOW_RUN => self.workflow_runs.get(id).map(crate::workflow::render_run),
            _ => None,
        }
    }

    pub(crate) fn record(
        &mut self,
        ids: &mut dyn IdSource,
        at: Timestamp,
        actor: Option<&Id>,
        event_type: &str,
        object_id: &Id,
        orgs: &[Id],
    ) -> Vec<Event> {
        let mut seen = BTreeSet::new();
        let payload = self.payload_of(object_id, at);
        let events: Vec<Event> = orgs
            .iter()
            .filter(|org| seen.insert((*org).clone()))
            .map(|org| Event {
                id: ids.new_id(prefix::EVENT),
                org_id: org.clone(),
                event_type: event_type.to_string(),
                at,
                actor_org_id: actor.cloned(),
                object_id: object_id.clone(),
                payload: payload.clone(),
            })
            .collect();
        self.events.extend(events.iter().cloned());
        if self.events.len() >= EVENT_LOG_LIMIT + EVENT_TRIM_STEP {
            let drop = (self.events.len() - EVENT_LOG_LIMIT) / EVENT_TRIM_STEP * EVENT_TRIM_STEP;
            self.events.drain(..drop);
            self.events_trimmed += drop;
        }
        events
    }

    /// The events recorded since `mark`.
    pub fn events_since(&self, mark: EventsMark) -> &[Event] {
        let start = mark.total.saturating_sub(self.events_trimmed);
        self.events.get(start..).unwrap_or_default()
    }

    /// Where the event log stands now; the store saves what was added since.
    pub fn events_mark(&self) -> EventsMark {
        EventsMark {
            total: self.events_trimmed + self.events.len(),
            trimmed: self.events_trimmed,
        }
    }

    // ---- organizations -------------------------------------------------------------------

    /// Adds an organization with its own API key. Used by seeding and by the command.
    pub fn add_organization(
        &mut self,
        name: &str,
        description: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Id {
        let id = ids.new_id(prefix::ORGANIZATION);
        let api_key = ApiKey {
            id: ids.new_id(prefix::API_KEY),
            secret: ids.new_id(prefix::SECRET).to_string(),
        };
        self.touch(&id);
        self.organizations.insert(
            id.clone(),
            Organization {
                id: id.clone(),
                name: name.trim().to_string(),
                description: description.trim().to_string(),
                environment: Environment::Sandbox,
                api_key,
                created_at: now,
            },
        );
        id
    }

    fn create_organization(
        &mut self,
        actor: &Id,
        name: &str,
        description: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(DomainError::new(
                ErrorKind::BadRequest,
                "organization.name-length",
                "An organization needs a name of 1 to 80 characters.",
            )
            .on("name"));
        }
        if self
            .organizations
            .values()
            .any(|o| o.name.eq_ignore_ascii_case(name))
        {
            return Err(DomainError::new(
                ErrorKind::Conflict,
                "organization.name-unique",
                format!("An organization named “{name}” already exists; pick another name."),
            )
            .on("name"));
        }
        let id = self.add_organization(name, description, now, ids);
        // Every org starts with one template so it can verify people and redeem tokens.
        self.add_template(
            &id,
            "Standard KYC",
            vec![VerificationKind::GovernmentId, VerificationKind::Selfie],
            TemplateRules {
                minimum_age: Some(18),
                allowed_countries: None,
            },
            ids,
        );
        Ok(self.record(
            ids,
            now,
            Some(actor),
            "organization.created",
            &id,
            std::slice::from_ref(&id),
        ))
    }

    pub fn add_template(
        &mut self,
        org: &Id,
        name: &str,
        verifications: Vec<VerificationKind>,
        rules: TemplateRules,
        ids: &mut dyn IdSource,
    ) -> Id {
        let id = ids.new_id(prefix::TEMPLATE);
        self.touch(&id);
        self.templates.insert(
            id.clone(),
            InquiryTemplate {
                id: id.clone(),
                org_id: org.clone(),
                name: name.to_string(),
                verifications,
                rules,
            },
        );
        id
    }

    // ---- inquiries -----------------------------------------------------------------------

    fn own_template(&self, actor: &Id, template_id: &str) -> Result<&InquiryTemplate, DomainError> {
        let id = required(template_id, "template-id")?;
        self.templates
            .get(&id)
            .filter(|t| &t.org_id == actor)
            .ok_or_else(|| {
                DomainError::not_found("inquiry template", id.as_str()).on("template-id")
            })
    }

    fn own_inquiry(
        &self,
        actor: &Id,
        inquiry_id: &str,
        attribute: &'static str,
    ) -> Result<&Inquiry, DomainError> {
        let id = required(inquiry_id, attribute)?;
        if id.prefix() != prefix::INQUIRY {
            return Err(unprocessable(
                "inquiry-id-prefix",
                format!("`{id}` is not an Inquiry id: Inquiry ids start with `inq_`."),
            )
            .on(attribute));
        }
        self.inquiries
            .get(&id)
            .filter(|i| &i.org_id == actor)
            .ok_or_else(|| DomainError::not_found("inquiry", id.as_str()).on(attribute))
    }

    fn create_inquiry(
        &mut self,
        actor: &Id,
        template_id: &str,
        fields: PersonFields,
        evidence: BTreeSet<VerificationKind>,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let template_id = self.own_template(actor, template_id)?.id.clone();
        let evidence = evidence
            .into_iter()
            .filter(|k| k.needs_evidence())
            .collect();
        let id = ids.new_id(prefix::INQUIRY);
        self.touch(&id);
        self.inquiries.insert(
            id.clone(),
            Inquiry {
                id: id.clone(),
                org_id: actor.clone(),
                template_id,
                status: InquiryStatus::Created,
                fields,
                evidence,
                verifications: Vec::new(),
                rule_results: Vec::new(),
                missing: Vec::new(),
                created_at: now,
                completed_at: None,
                failed_at: None,
                shared_from: None,
                expired_at: None,
            },
        );
        Ok(self.record(
            ids,
            now,
            Some(actor),
            "inquiry.created",
            &id,
            std::slice::from_ref(actor),
        ))
    }

    fn run_inquiry(
        &mut self,
        actor: &Id,
        inquiry_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let inquiry = self.own_inquiry(actor, inquiry_id, "inquiry-id")?;
        // The clock may have expired it before anything recorded that.
        let status = inquiry.status_at(now);
        if !matches!(status, InquiryStatus::Created | InquiryStatus::Pending) {
            return Err(unprocessable(
                "inquiry.run-only-open",
                format!(
                    "Inquiry {} is {status}; only a created or pending inquiry can be run.",
                    inquiry.id
                ),
            ));
        }
        let id = inquiry.id.clone();
        let explain = |m: MissingData| m.label();
        self.finish_run(actor, &id, explain, now, ids)
    }

    /// Runs the inquiry's template over its data and records the outcome.
    fn finish_run(
        &mut self,
        actor: &Id,
        inquiry_id: &Id,
        explain: impl Fn(MissingData) -> String,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let Some(inquiry) = self.inquiries.get(inquiry_id) else {
            return Err(DomainError::not_found("inquiry", inquiry_id.as_str()));
        };
        let Some(template) = self.templates.get(&inquiry.template_id) else {
            return Err(DomainError::not_found(
                "inquiry template",
                inquiry.template_id.as_str(),
            ));
        };
        let outcome = verify::run(template, &inquiry.fields, &inquiry.evidence, now);
        let verifications = outcome
            .verifications
            .into_iter()
            .map(|v| Verification {
                id: ids.new_id(prefix::VERIFICATION),
                kind: v.kind,
                status: v.status,
                reasons: v.reasons,
            })
            .collect();
        self.touch(inquiry_id);
        let Some(inquiry) = self.inquiries.get_mut(inquiry_id) else {
            return Err(DomainError::not_found("inquiry", inquiry_id.as_str()));
        };
        inquiry.status = outcome.status;
        inquiry.verifications = verifications;
        inquiry.rule_results = outcome.rule_results;
        inquiry.missing = outcome.missing.into_iter().map(explain).collect();
        let event = match outcome.status {
            InquiryStatus::Completed => {
                inquiry.completed_at = Some(now);
                Some("inquiry.completed")
            }
            InquiryStatus::Failed => {
                inquiry.failed_at = Some(now);
                Some("inquiry.failed")
            }
            _ => None,
        };
        let org = inquiry.org_id.clone();
        Ok(event
            .map(|e| self.record(ids, now, Some(actor), e, inquiry_id, &[org]))
            .unwrap_or_default())
    }

    fn review_inquiry(
        &mut self,
        actor: &Id,
        inquiry_id: &str,
        approve: bool,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let inquiry = self.own_inquiry(actor, inquiry_id, "inquiry-id")?;
        let allowed = if approve {
            matches!(
                inquiry.status,
                InquiryStatus::Completed | InquiryStatus::NeedsReview
            )
        } else {
            matches!(
                inquiry.status,
                InquiryStatus::Completed | InquiryStatus::NeedsReview | InquiryStatus::Failed
            )
        };
        if !allowed {
            return Err(unprocessable(
                "inquiry.review-state",
                format!(
                    "Inquiry {} is {}; it can be {} only when {}.",
                    inquiry.id,
                    inquiry.status,
                    if approve { "approved" } else { "declined" },
                    if approve {
                        "completed or needs_review"
                    } else {
                        "completed, needs_review or failed"
                    }
                ),
            ));
        }
        let id = inquiry.id.clone();
        let (status, event) = if approve {
            (InquiryStatus::Approved, "inquiry.approved")
        } else {
            (InquiryStatus::Declined, "inquiry.declined")
        };
        self.touch(&id);
        if let Some(inquiry) = self.inquiries.get_mut(&id) {
            inquiry.status = status;
        }
        Ok(self.record(
            ids,
            now,
            Some(actor),
            event,
            &id,
            std::slice::from_ref(actor),
        ))
    }

    // ---- bridges -------------------------------------------------------------------------

    /// A bridge the actor is a side of; anyone else gets *not found*.
    fn visible_bridge(&self, actor: &Id, bridge_id: &str) -> Result<&Bridge, DomainError> {
        let id = required(bridge_id, "bridge-id")?;
        self.bridges
            .get(&id)
            .filter(|b| &b.source_org_id == actor || &b.destination_org_id == actor)
            .ok_or_else(|| {
                DomainError::not_found("organization bridge", id.as_str()).on("bridge-id")
            })
    }

    fn create_bridge(
        &mut self,
        actor: &Id,
        destination_org_id: &str,
        scopes: Scopes,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let destination = required(destination_org_id, "destination-id")?;
        if destination.prefix() != prefix::ORGANIZATION {
            return Err(unprocessable(
                "bridge.destination-must-be-organization",
                format!("`{destination}` is not an organization id: organization ids start with `org_`."),
            )
            .on("destination-id"));
        }
        if !self.organizations.contains_key(&destination) {
            return Err(DomainError::new(
                ErrorKind::NotFound,
                "not-found",
                format!("No organization with id `{destination}` exists in the playground."),
            )
            .on("destination-id"));
        }
        if scopes.fields.is_empty() && scopes.verifications.is_empty() {
            return Err(unprocessable(
                "bridge.scopes-required",
                "A bridge must share at least one field group or verification.",
            )
            .on("scopes"));
        }
        if let Some(kind) = scopes.verifications.iter().find(|k| !k.needs_evidence()) {
            return Err(unprocessable(
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
                activated_at: None,
                deactivated_at: None,
            },
        );
        Ok(self.record(
            ids,
            now,
            Some(actor),
            "organization-bridge.created",
            &id,
            &[actor.clone(), destination],
        ))
    }

    fn set_bridge_status(
        &mut self,
        actor: &Id,
        id: Id,
        status: BridgeStatus,
        event: &str,
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

    fn activate_bridge(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        if &bridge.destination_org_id != actor {
            return Err(forbidden(
                "bridge.destination-activates",
                format!(
                    "Only the destination organization can activate bridge {}; ask {} to activate it.",
                    bridge.id, bridge.destination_org_id
                ),
            ));
        }
        match bridge.status {
            BridgeStatus::Pending => {}
            BridgeStatus::Active => {
                return Err(unprocessable(
                    "bridge.activate-only-pending",
                    format!("Bridge {} is already active.", bridge.id),
                ))
            }
            BridgeStatus::Inactive => {
                return Err(unprocessable(
                    "bridge.activate-only-pending",
                    format!(
                        "Bridge {} is inactive: the source must reactivate it before it can be activated again.",
                        bridge.id
                    ),
                ))
            }
        }
        let id = bridge.id.clone();
        Ok(self.set_bridge_status(
            actor,
            id,
            BridgeStatus::Active,
            "organization-bridge.activated",
            now,
            ids,
        ))
    }

    fn deactivate_bridge(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        if bridge.status == BridgeStatus::Inactive {
            return Err(unprocessable(
                "bridge.deactivate-only-open",
                format!("Bridge {} is already inactive.", bridge.id),
            ));
        }
        let id = bridge.id.clone();
        Ok(self.set_bridge_status(
            actor,
            id,
            BridgeStatus::Inactive,
            "organization-bridge.deactivated",
            now,
            ids,
        ))
    }

    fn reactivate_bridge(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        if &bridge.source_org_id != actor {
            return Err(forbidden(
                "bridge.source-reactivates",
                format!(
                    "Only the source organization can reactivate bridge {}.",
                    bridge.id
                ),
            ));
        }
        if bridge.status != BridgeStatus::Inactive {
            return Err(unprocessable(
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
            "organization-bridge.reactivated",
            now,
            ids,
        ))
    }

    // ---- share tokens --------------------------------------------------------------------

    /// A token the actor is a side of; anyone else gets *not found*.
    fn visible_token(&self, actor: &Id, token_id: &str) -> Result<&ShareToken, DomainError> {
        let id = required(token_id, "token-id")?;
        self.share_tokens
            .get(&id)
            .filter(|t| &t.source_org_id == actor || &t.destination_org_id == actor)
            .ok_or_else(|| DomainError::not_found("share token", id.as_str()).on("token-id"))
    }

    #[allow(clippy::too_many_arguments)]
    fn create_share_token(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        source_id: &str,
        expires_in_seconds: Option<i64>,
        via: Channel,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        if &bridge.source_org_id != actor {
            return Err(forbidden(
                "share-token.source-creates",
                format!(
                    "Only the bridge's source organization ({}) can create share tokens over bridge {}.",
                    bridge.source_org_id, bridge.id
                ),
            )
            .on("bridge-id"));
        }
        let source = required(source_id, "source-id")?;
        if source.prefix() != prefix::INQUIRY {
            return Err(unprocessable(
                "share-token.source-must-be-inquiry",
                format!("The source must be an Inquiry: `{source}` is not an Inquiry id (Inquiry ids start with `inq_`)."),
            )
            .on("source-id"));
        }
        let inquiry = self.own_inquiry(actor, source.as_str(), "source-id")?;
        if !inquiry.status.is_shareable() {
            return Err(unprocessable(
                "share-token.inquiry-must-be-completed",
                format!(
                    "Inquiry {} is {}: only a completed (or approved) Inquiry can be shared.",
                    inquiry.id, inquiry.status
                ),
            )
            .on("source-id"));
        }
        if bridge.status != BridgeStatus::Active {
            return Err(unprocessable(
                "share-token.bridge-must-be-active",
                format!(
                    "Bridge {} is {}: share tokens can be created only over an active bridge.",
                    bridge.id, bridge.status
                ),
            )
            .on("bridge-id"));
        }
        let lifetime = expires_in_seconds.unwrap_or(DEFAULT_TOKEN_LIFETIME_SECONDS);
        if !(MIN_TOKEN_LIFETIME_SECONDS..=MAX_TOKEN_LIFETIME_SECONDS).contains(&lifetime) {
            return Err(unprocessable(
                "share-token.expiry-range",
                format!(
                    "expires-in-seconds must be between 60 seconds and 21 days ({MIN_TOKEN_LIFETIME_SECONDS} to {MAX_TOKEN_LIFETIME_SECONDS}); {lifetime} is outside it."
                ),
            )
            .on("expires-in-seconds"));
        }
        let token = ShareToken {
            id: ids.new_id(prefix::SHARE_TOKEN),
            bridge_id: bridge.id.clone(),
            source_org_id: actor.clone(),
            destination_org_id: bridge.destination_org_id.clone(),
            source_id: inquiry.id.clone(),
            status: ShareTokenStatus::New,
            created_via: via,
            created_at: now,
            expires_at: now.plus_seconds(lifetime),
            pending_at: None,
            redeemed_at: None,
            expired_at: None,
            failed_at: None,
            failure_reason: None,
            destination_inquiry_id: None,
        };
        let (id, orgs) = (
            token.id.clone(),
            [actor.clone(), token.destination_org_id.clone()],
        );
        self.touch(&id);
        self.share_tokens.insert(id.clone(), token);
        Ok(self.record(ids, now, Some(actor), "share-token.created", &id, &orgs))
    }

    fn expire_share_token(
        &mut self,
        actor: &Id,
        token_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let token = self.visible_token(actor, token_id)?;
        if &token.source_org_id != actor {
            return Err(forbidden(
                "share-token.source-expires",
                format!(
                    "Only the source organization can expire share token {}.",
                    token.id
                ),
            ));
        }
        let status = token.status_at(now);
        if status != ShareTokenStatus::New {
            return Err(unprocessable(
                "share-token.expire-only-new",
                format!(
                    "Share token {} is {status}; only a new token can be expired.",
                    token.id
                ),
            ));
        }
        let id = token.id.clone();
        let orgs = [
            token.source_org_id.clone(),
            token.destination_org_id.clone(),
        ];
        self.touch(&id);
        if let Some(token) = self.share_tokens.get_mut(&id) {
            token.status = ShareTokenStatus::Expired;
            token.expired_at = Some(now);
        }
        Ok(self.record(ids, now, Some(actor), "share-token.expired", &id, &orgs))
    }

    fn redeem_share_token(
        &mut self,
        actor: &Id,
        token_id: &str,
        target: RedeemTarget,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let token = self.visible_token(actor, token_id)?;
        if &token.destination_org_id != actor {
            return Err(forbidden(
                "share-token.destination-redeems",
                format!(
                    "Share token {} is for {}: only the bridge's destination organization can redeem it.",
                    token.id, token.destination_org_id
                ),
            ));
        }
        let status = token.status_at(now);
        match status {
            ShareTokenStatus::New => {}
            ShareTokenStatus::Redeemed => {
                return Err(DomainError::new(
                    ErrorKind::Conflict,
                    "share-token.redeem-once",
                    format!(
                        "Share token {} is already redeemed; a token can be redeemed only once.",
                        token.id
                    ),
                ))
            }
            other => {
                return Err(unprocessable(
                    "share-token.redeem-only-new",
                    format!(
                        "Share token {} is {other}; only a new token can be redeemed.",
                        token.id
                    ),
                ))
            }
        }
        let token = token.clone();
        // Where the copied data goes, checked before anything changes.
        let (template_id, hydrate) = match &target {
            RedeemTarget::Clone { template_id } => {
                (self.own_template(actor, template_id)?.id.clone(), None)
            }
            RedeemTarget::Hydrate { destination_id } => {
                let inquiry = self.own_inquiry(actor, destination_id, "destination-id")?;
                let status = inquiry.status_at(now);
                if status != InquiryStatus::Created || inquiry.shared_from.is_some() {
                    return Err(unprocessable(
                        "redeem.hydrate-fresh-inquiry",
                        format!(
                            "Inquiry {} is {status}: only an inquiry that has not run yet can be hydrated.",
                            inquiry.id
                        ),
                    )
                    .on("destination-id"));
                }
                (inquiry.template_id.clone(), Some(inquiry.id.clone()))
            }
        };
        let source = self
            .inquiries
            .get(&token.source_id)
            .cloned()
            .ok_or_else(|| DomainError::not_found("inquiry", token.source_id.as_str()))?;
        let bridge = self.bridges.get(&token.bridge_id).cloned().ok_or_else(|| {
            DomainError::not_found("organization bridge", token.bridge_id.as_str())
        })?;
        let orgs = [
            token.source_org_id.clone(),
            token.destination_org_id.clone(),
        ];

        if bridge.status != BridgeStatus::Active {
            // The run cannot start: the token fails, and says why.
            self.touch(&token.id);
            if let Some(t) = self.share_tokens.get_mut(&token.id) {
                t.status = ShareTokenStatus::Failed;
                t.pending_at = Some(now);
                t.failed_at = Some(now);
                t.failure_reason = Some(format!(
                    "Bridge {} is {}: a share token can be redeemed only over an active bridge.",
                    bridge.id, bridge.status
                ));
            }
            return Ok(self.record(
                ids,
                now,
                Some(actor),
                "share-token.failed",
                &token.id,
                &orgs,
            ));
        }

        let mut events = Vec::new();
        let inquiry_id = match hydrate {
            Some(id) => id,
            None => {
                let id = ids.new_id(prefix::INQUIRY);
                self.touch(&id);
                self.inquiries.insert(
                    id.clone(),
                    Inquiry {
                        id: id.clone(),
                        org_id: actor.clone(),
                        template_id,
                        status: InquiryStatus::Created,
                        fields: PersonFields::default(),
                        evidence: BTreeSet::new(),
                        verifications: Vec::new(),
                        rule_results: Vec::new(),
                        missing: Vec::new(),
                        created_at: now,
                        completed_at: None,
                        failed_at: None,
                        shared_from: None,
                        expired_at: None,
                    },
                );
                events.extend(self.record(
                    ids,
                    now,
                    Some(actor),
                    "inquiry.created",
                    &id,
                    std::slice::from_ref(actor),
                ));
                id
            }
        };
        self.touch(&inquiry_id);
        if let Some(destination) = self.inquiries.get_mut(&inquiry_id) {
            // A group the source never collected is not copied: it would blank what the
            // destination's own inquiry already holds (hydrate).
            for group in bridge
                .scopes
                .fields
                .iter()
                .filter(|g| source.fields.has(**g))
            {
                destination.fields.copy_group(&source.fields, *group);
            }
            destination.evidence.extend(
                source
                    .evidence
                    .intersection(&bridge.scopes.verifications)
                    .copied(),
            );
            destination.shared_from = Some(ShareOrigin {
                share_token_id: token.id.clone(),
                source_org_id: token.source_org_id.clone(),
                bridge_id: bridge.id.clone(),
            });
        }
        let explain = |m: MissingData| {
            let (shared, collected) = match m {
                MissingData::Field(g) => (bridge.scopes.fields.contains(&g), source.fields.has(g)),
                MissingData::Evidence(k) => (
                    bridge.scopes.verifications.contains(&k),
                    source.evidence.contains(&k),
                ),
            };
            let why = if !shared {
                "not shared by the bridge"
            } else if !collected {
                "never collected by the source"
            } else {
                "missing"
            };
            format!("{} ({why})", m.label())
        };
        let run_events = self.finish_run(actor, &inquiry_id, explain, now, ids)?;
        self.touch(&token.id);
        if let Some(t) = self.share_tokens.get_mut(&token.id) {
            t.status = ShareTokenStatus::Redeemed;
            t.pending_at = Some(now);
            t.redeemed_at = Some(now);
            t.destination_inquiry_id = Some(inquiry_id);
        }
        events.extend(self.record(
            ids,
            now,
            Some(actor),
            "share-token.redeemed",
            &token.id,
            &orgs,
        ));
        events.extend(run_events);
        Ok(events)
    }

    fn send_share_token(
        &mut self,
        actor: &Id,
        token_id: &str,
        destination_org_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let token = self.visible_token(actor, token_id)?;
        if &token.source_org_id != actor {
            return Err(forbidden(
                "share-token.source-sends",
                format!(
                    "Only the source organization can send share token {} to its destination.",
                    token.id
                ),
            ));
        }
        if token.destination_org_id.as_str() != destination_org_id.trim() {
            // Posting to another org's endpoint would hand the token to someone who cannot
            // redeem it; the real partner would reject it just the same.
            return Err(unprocessable(
                "share-token.send-to-its-destination",
                format!(
                    "Share token {} is for {}: send it to that organization's endpoint, not to `{}`.",
                    token.id,
                    token.destination_org_id,
                    destination_org_id.trim()
                ),
            ));
        }
        let status = token.status_at(now);
        if status != ShareTokenStatus::New {
            return Err(unprocessable(
                "share-token.send-only-new",
                format!(
                    "Share token {} is {status}; only a new token is worth sending.",
                    token.id
                ),
            ));
        }
        let entry = InboxEntry {
            id: ids.new_id(crate::api::INBOX_PREFIX),
            org_id: token.destination_org_id.clone(),
            share_token_id: token.id.clone(),
            sender_org_id: actor.clone(),
            received_at: now,
        };
        let (id, orgs) = (
            token.id.clone(),
            [actor.clone(), token.destination_org_id.clone()],
        );
        self.partner_inbox.push(entry);
        Ok(self.record(ids, now, Some(actor), "share-token.sent", &id, &orgs))
    }

    // ---- api keys ------------------------------------------------------------------------

    fn roll_api_key(&mut self, actor: &Id, now: Timestamp, ids: &mut dyn IdSource) -> Vec<Event> {
        let key = ApiKey {
            id: ids.new_id(prefix::API_KEY),
            secret: ids.new_id(prefix::SECRET).to_string(),
        };
        self.touch(actor);
        match self.organizations.get_mut(actor) {
            Some(org) => org.api_key = key,
            // `apply` checked the actor exists; nothing to roll otherwise.
            None => return Vec::new(),
        }
        self.record(
            ids,
            now,
            Some(actor),
            "organization.api-key-rolled",
            actor,
            std::slice::from_ref(actor),
        )
    }

    /// Tokens delivered to the org's partner endpoint, newest first.
    pub fn inbox_of(&self, org: &Id) -> Vec<&InboxEntry> {
        let mut list: Vec<_> = self
            .partner_inbox
            .iter()
            .filter(|e| &e.org_id == org)
            .collect();
        list.reverse();
        list.sort_by_key(|e| std::cmp::Reverse(e.received_at));
        list
    }

    // ---- queries for screens ---------------------------------------------------------------

    pub fn organization(&self, id: &Id) -> Option<&Organization> {
        self.organizations.get(id)
    }

    /// The org's display name, or its id when it is unknown.
    pub fn org_name(&self, id: &Id) -> String {
        self.organizations
            .get(id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Organizations, oldest first (the seeded ones lead).
    pub fn organizations_in_order(&self) -> Vec<&Organization> {
        let mut orgs: Vec<_> = self.organizations.values().collect();
        orgs.sort_by(|a, b| (a.created_at, &a.name).cmp(&(b.created_at, &b.name)));
        orgs
    }

    pub fn templates_of(&self, org: &Id) -> Vec<&InquiryTemplate> {
        let mut list: Vec<_> = self
            .templates
            .values()
            .filter(|t| &t.org_id == org)
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    }

    /// The org's inquiries, newest first.
    pub fn inquiries_of(&self, org: &Id) -> Vec<&Inquiry> {
        newest_first(self.inquiries.values().filter(|i| &i.org_id == org), |i| {
            i.created_at
        })
    }

    /// Bridges the org is a side of, newest first.
    pub fn bridges_of(&self, org: &Id) -> Vec<&Bridge> {
        newest_first(
            self.bridges
                .values()
                .filter(|b| &b.source_org_id == org || &b.destination_org_id == org),
            |b| b.created_at,
        )
    }

    /// Tokens the org created, newest first.
    pub fn outbound_tokens(&self, org: &Id) -> Vec<&ShareToken> {
        newest_first(
            self.share_tokens
                .values()
                .filter(|t| &t.source_org_id == org),
            |t| t.created_at,
        )
    }

    /// Tokens addressed to the org, newest first.
    pub fn inbound_tokens(&self, org: &Id) -> Vec<&ShareToken> {
        newest_first(
            self.share_tokens
                .values()
                .filter(|t| &t.destination_org_id == org),
            |t| t.created_at,
        )
    }

    /// The org's event log, newest first.
    pub fn events_of(&self, org: &Id) -> Vec<&Event> {
        let mut list: Vec<_> = self.events.iter().filter(|e| &e.org_id == org).collect();
        list.reverse();
        list.sort_by_key(|e| std::cmp::Reverse(e.at));
        list
    }
}

fn newest_first<'a, T>(
    items: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> Timestamp,
) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.collect();
    list.sort_by_key(|item| std::cmp::Reverse(key(item)));
    list
}
