//! Inquiries: created, run over their template, reviewed.

use super::World;
use crate::error::{DomainError, ErrorKind};
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::verify::{self, MissingData};
use std::collections::BTreeSet;

/// The most characters one field of a person may hold (a name, a street, an email address…).
pub const MAX_PERSON_FIELD: usize = 200;

/// Where each field of `PersonFields::rows` sits among the API's attributes, in that order.
const FIELD_ATTRIBUTES: [&str; 12] = [
    "fields/name-first",
    "fields/name-middle",
    "fields/name-last",
    "fields/birthdate",
    "fields/address-street-1",
    "fields/address-city",
    "fields/address-subdivision",
    "fields/address-postal-code",
    "fields/address-country-code",
    "fields/email-address",
    "fields/phone-number",
    "fields/identification-number",
];

/// Every field of a person within [`MAX_PERSON_FIELD`] characters, and a birthdate, when
/// given, a real calendar date (`YYYY-MM-DD`).
pub fn check_person_fields(fields: &PersonFields) -> Result<(), DomainError> {
    let too_long = fields
        .rows()
        .into_iter()
        .zip(crate::render::FIELD_NAMES.into_iter().zip(FIELD_ATTRIBUTES))
        .find(|((_, value), _)| value.chars().count() > MAX_PERSON_FIELD);
    match too_long {
        Some(((label, value), (name, attribute))) => Err(DomainError::new(
            ErrorKind::BadRequest,
            "inquiry.field-length",
            format!(
                "{label} (`{name}`) is {} characters long; a field of a person holds at most {MAX_PERSON_FIELD}.",
                value.chars().count()
            ),
        )
        .on(attribute)),
        None => {
            check_birthdate(&fields.birthdate)?;
            check_country(&fields.address_country_code)
        }
    }
}

/// A country is an ISO 3166 alpha-2 code, two letters, as the templates' country rules list
/// them: `usa` could never pass a rule of `US`. Blank is allowed, as for the birthdate.
fn check_country(code: &str) -> Result<(), DomainError> {
    let code = code.trim();
    if code.is_empty() || (code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic())) {
        return Ok(());
    }
    Err(DomainError::new(
        ErrorKind::BadRequest,
        "inquiry.country-two-letters",
        format!(
            "Country (`address-country-code`) `{}` is not a country code: give its two letters (ISO 3166), for example US.",
            crate::error::shorten(code)
        ),
    )
    .on("fields/address-country-code"))
}

/// A birthdate the verifications could never read is refused when it is given, not found out
/// when the inquiry runs. Blank is allowed: the inquiry then lacks it (see `verify`).
fn check_birthdate(birthdate: &str) -> Result<(), DomainError> {
    if birthdate.trim().is_empty() || crate::time::parse_date(birthdate).is_some() {
        return Ok(());
    }
    Err(DomainError::new(
        ErrorKind::BadRequest,
        "inquiry.birthdate-is-a-date",
        format!("Birthdate (`birthdate`) `{birthdate}` is not a date: give it as YYYY-MM-DD, a day that exists (for example 1994-02-28)."),
    )
    .on("fields/birthdate"))
}

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
        check_person_fields(&fields)?;
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
        review: Review,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let inquiry = self.own_inquiry(actor, inquiry_id, "inquiry-id")?;
        use InquiryStatus::{Completed, Failed, NeedsReview};
        let (allowed, when, status, event): (&[InquiryStatus], _, _, _) = match review {
            Review::Approve => (
                &[Completed, NeedsReview],
                "completed or needs_review",
                InquiryStatus::Approved,
                EventType::InquiryApproved,
            ),
            Review::Decline => (
                &[Completed, NeedsReview, Failed],
                "completed, needs_review or failed",
                InquiryStatus::Declined,
                EventType::InquiryDeclined,
            ),
            Review::MarkForReview => (
                &[Completed],
                "completed",
                NeedsReview,
                EventType::InquiryMarkedForReview,
            ),
        };
        if !allowed.contains(&inquiry.status) {
            return Err(DomainError::unprocessable(
                "inquiry.review-state",
                format!(
                    "Inquiry {} is {}; it can be {} only when {when}.",
                    inquiry.id,
                    inquiry.status,
                    review.done()
                ),
            ));
        }
        let id = inquiry.id.clone();
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

/// A review decision on a finished inquiry: what `approve`, `decline` and `mark-for-review` ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Review {
    Approve,
    Decline,
    /// Sends a completed inquiry to a person's review (`needs_review`), to be approved or
    /// declined later. (A failed one stays failed: a review cannot make it shareable.)
    MarkForReview,
}

impl Review {
    /// How the refusal names the decision: "it can be {done} only when …".
    fn done(self) -> &'static str {
        match self {
            Review::Approve => "approved",
            Review::Decline => "declined",
            Review::MarkForReview => "marked for review",
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_field_points_at_its_api_attribute() {
        for (attribute, name) in super::FIELD_ATTRIBUTES
            .iter()
            .zip(crate::render::FIELD_NAMES)
        {
            assert_eq!(*attribute, format!("fields/{name}"));
        }
    }
}
