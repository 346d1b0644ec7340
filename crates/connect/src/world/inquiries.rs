//! Inquiries: created, run over their template, reviewed.

use super::World;
use crate::error::DomainError;
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::verify::{self, MissingData};
use std::collections::BTreeSet;

impl World {
    pub(super) fn create_inquiry(
        &mut self,
        actor: &Id,
        template_id: &str,
        fields: PersonFields,
        evidence: BTreeSet<VerificationKind>,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let template_id = self.own_template(actor, template_id)?.id.clone();
        let evidence =
            crate::order::insert_all(evidence.into_iter().filter(|k| k.needs_evidence()));
        Ok(self
            .add_inquiry(actor, template_id, fields, evidence, now, ids)
            .1)
    }

    /// Adds a created inquiry of the actor's template and records `inquiry.created`: the one
    /// way an inquiry comes to be, whether a user creates it or a redeem clones into it.
    pub(crate) fn add_inquiry(
        &mut self,
        actor: &Id,
        template_id: Id,
        fields: PersonFields,
        evidence: BTreeSet<VerificationKind>,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> (Id, Vec<Event>) {
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
        let events = self.record(
            ids,
            now,
            Some(actor),
            EventType::InquiryCreated,
            &id,
            std::slice::from_ref(actor),
        );
        (id, events)
    }

    pub(super) fn run_inquiry(
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
            return Err(DomainError::unprocessable(
                "inquiry.run-only-open",
                format!(
                    "Inquiry {} is {status}; only a created or pending inquiry can be run.",
                    inquiry.id
                ),
            ));
        }
        let id = inquiry.id.clone();
        let template = self.template_of(inquiry)?;
        let explain = |m: MissingData| m.label();
        Ok(self.finish_run(actor, &id, &template, explain, now, ids))
    }

    /// The template an inquiry runs over.
    pub(crate) fn template_of(&self, inquiry: &Inquiry) -> Result<InquiryTemplate, DomainError> {
        self.templates
            .get(&inquiry.template_id)
            .cloned()
            .ok_or_else(|| DomainError::not_found("inquiry template", inquiry.template_id.as_str()))
    }

    /// Runs `template` over the inquiry's data and records the outcome. The caller has checked
    /// that the inquiry exists, so this cannot be refused.
    pub(crate) fn finish_run(
        &mut self,
        actor: &Id,
        inquiry_id: &Id,
        template: &InquiryTemplate,
        explain: impl Fn(MissingData) -> String,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let Some(inquiry) = self.inquiries.get(inquiry_id) else {
            return Vec::new();
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
            return Vec::new();
        };
        inquiry.status = outcome.status;
        inquiry.verifications = verifications;
        inquiry.rule_results = outcome.rule_results;
        inquiry.missing = outcome.missing.into_iter().map(explain).collect();
        let event = match outcome.status {
            InquiryStatus::Completed => {
                inquiry.completed_at = Some(now);
                Some(EventType::InquiryCompleted)
            }
            InquiryStatus::Failed => {
                inquiry.failed_at = Some(now);
                Some(EventType::InquiryFailed)
            }
            _ => None,
        };
        let org = inquiry.org_id.clone();
        event
            .map(|e| self.record(ids, now, Some(actor), e, inquiry_id, &[org]))
            .unwrap_or_default()
    }

    pub(super) fn review_inquiry(
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
            return Err(DomainError::unprocessable(
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
            (InquiryStatus::Approved, EventType::InquiryApproved)
        } else {
            (InquiryStatus::Declined, EventType::InquiryDeclined)
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
}
