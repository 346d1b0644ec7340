//! The objects of the simulation as plain data: inquiry templates and inquiries here;
//! organizations, bridges and share tokens, workflows and their runs, webhook endpoints and deliveries, and
//! events in the submodules. Each is addressed by its [`Id`]; relations are ids, never
//! positions. Nothing here decides a rule: the world does.

mod event;
mod event_log;
mod organization;
mod sharing;
mod webhook;
mod workflow;

pub use event::*;
pub use event_log::{ChunkText, EventLog};
pub use organization::*;
pub use sharing::*;
pub use webhook::*;
pub use workflow::*;

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// The groups of end-user fields a bridge can share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldGroup {
    Name,
    Birthdate,
    Address,
    Email,
    Phone,
    IdentificationNumber,
}

impl FieldGroup {
    pub const ALL: [FieldGroup; 6] = [
        FieldGroup::Name,
        FieldGroup::Birthdate,
        FieldGroup::Address,
        FieldGroup::Email,
        FieldGroup::Phone,
        FieldGroup::IdentificationNumber,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FieldGroup::Name => "name",
            FieldGroup::Birthdate => "birthdate",
            FieldGroup::Address => "address",
            FieldGroup::Email => "email address",
            FieldGroup::Phone => "phone number",
            FieldGroup::IdentificationNumber => "identification number",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            FieldGroup::Name => "name",
            FieldGroup::Birthdate => "birthdate",
            FieldGroup::Address => "address",
            FieldGroup::Email => "email-address",
            FieldGroup::Phone => "phone-number",
            FieldGroup::IdentificationNumber => "identification-number",
        }
    }
}

/// Kinds of verification a template can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerificationKind {
    GovernmentId,
    Selfie,
    Database,
    Document,
    Phone,
}

impl VerificationKind {
    pub const ALL: [VerificationKind; 5] = [
        VerificationKind::GovernmentId,
        VerificationKind::Selfie,
        VerificationKind::Database,
        VerificationKind::Document,
        VerificationKind::Phone,
    ];

    /// Kinds that rest on something the end user captured (a photo or a document) and that a
    /// bridge can therefore share as evidence. Database and phone checks re-run on fields alone.
    pub const WITH_EVIDENCE: [VerificationKind; 3] = [
        VerificationKind::GovernmentId,
        VerificationKind::Selfie,
        VerificationKind::Document,
    ];

    pub fn needs_evidence(self) -> bool {
        Self::WITH_EVIDENCE.contains(&self)
    }

    pub fn label(self) -> &'static str {
        match self {
            VerificationKind::GovernmentId => "government ID",
            VerificationKind::Selfie => "selfie",
            VerificationKind::Database => "database check",
            VerificationKind::Document => "proof of address document",
            VerificationKind::Phone => "phone check",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            VerificationKind::GovernmentId => "government-id",
            VerificationKind::Selfie => "selfie",
            VerificationKind::Database => "database",
            VerificationKind::Document => "document",
            VerificationKind::Phone => "phone",
        }
    }

    /// The field groups this verification reads.
    pub fn fields(self) -> &'static [FieldGroup] {
        match self {
            VerificationKind::GovernmentId => &[
                FieldGroup::Name,
                FieldGroup::Birthdate,
                FieldGroup::IdentificationNumber,
            ],
            VerificationKind::Selfie => &[],
            VerificationKind::Database => {
                &[FieldGroup::Name, FieldGroup::Birthdate, FieldGroup::Address]
            }
            VerificationKind::Document => &[FieldGroup::Name, FieldGroup::Address],
            VerificationKind::Phone => &[FieldGroup::Phone],
        }
    }
}

/// What a template requires beyond its verifications.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRules {
    pub minimum_age: Option<u32>,
    /// ISO 3166 alpha-2 codes; `None` allows every country.
    pub allowed_countries: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryTemplate {
    pub id: Id,
    pub org_id: Id,
    pub name: String,
    pub verifications: Vec<VerificationKind>,
    pub rules: TemplateRules,
}

impl InquiryTemplate {
    /// `government ID + selfie; age ≥ 21; countries US, CA`.
    pub fn summary(&self) -> String {
        let mut parts = vec![self
            .verifications
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" + ")];
        if let Some(age) = self.rules.minimum_age {
            parts.push(format!("age ≥ {age}"));
        }
        if let Some(countries) = &self.rules.allowed_countries {
            parts.push(format!("countries {}", countries.join(", ")));
        }
        parts.join("; ")
    }
}

/// An end user's personal data as an inquiry collected it. Empty means not collected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonFields {
    pub name_first: String,
    pub name_middle: String,
    pub name_last: String,
    /// `YYYY-MM-DD`.
    pub birthdate: String,
    pub address_street: String,
    pub address_city: String,
    pub address_subdivision: String,
    pub address_postal_code: String,
    /// ISO 3166 alpha-2.
    pub address_country_code: String,
    pub email_address: String,
    pub phone_number: String,
    pub identification_number: String,
}

impl PersonFields {
    pub fn full_name(&self) -> String {
        let mut name = String::new();
        self.write_full_name(&mut name);
        name
    }

    /// Appends [`Self::full_name`] to `out`: a search over thousands of people reuses one
    /// buffer instead of a string each.
    pub fn write_full_name(&self, out: &mut String) {
        let parts = [&self.name_first, &self.name_middle, &self.name_last].map(|s| s.trim());
        for (i, part) in parts.into_iter().filter(|s| !s.is_empty()).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
    }

    /// The full name, or "no name given" where an inquiry has none yet: what screens show.
    pub fn display_name(&self) -> String {
        match self.full_name() {
            name if name.is_empty() => "no name given".to_string(),
            name => name,
        }
    }

    /// Whether the group holds what a verification needs (the optional middle name and
    /// subdivision aside).
    pub fn has(&self, group: FieldGroup) -> bool {
        let filled = |s: &String| !s.trim().is_empty();
        match group {
            FieldGroup::Name => filled(&self.name_first) && filled(&self.name_last),
            FieldGroup::Birthdate => filled(&self.birthdate),
            FieldGroup::Address => {
                filled(&self.address_street)
                    && filled(&self.address_city)
                    && filled(&self.address_postal_code)
                    && filled(&self.address_country_code)
            }
            FieldGroup::Email => filled(&self.email_address),
            FieldGroup::Phone => filled(&self.phone_number),
            FieldGroup::IdentificationNumber => filled(&self.identification_number),
        }
    }

    /// Copies one group of fields from `other`.
    pub fn copy_group(&mut self, other: &PersonFields, group: FieldGroup) {
        match group {
            FieldGroup::Name => {
                self.name_first.clone_from(&other.name_first);
                self.name_middle.clone_from(&other.name_middle);
                self.name_last.clone_from(&other.name_last);
            }
            FieldGroup::Birthdate => self.birthdate.clone_from(&other.birthdate),
            FieldGroup::Address => {
                self.address_street.clone_from(&other.address_street);
                self.address_city.clone_from(&other.address_city);
                self.address_subdivision
                    .clone_from(&other.address_subdivision);
                self.address_postal_code
                    .clone_from(&other.address_postal_code);
                self.address_country_code
                    .clone_from(&other.address_country_code);
            }
            FieldGroup::Email => self.email_address.clone_from(&other.email_address),
            FieldGroup::Phone => self.phone_number.clone_from(&other.phone_number),
            FieldGroup::IdentificationNumber => self
                .identification_number
                .clone_from(&other.identification_number),
        }
    }

    /// `(label, value)` pairs of every field, for display.
    pub fn rows(&self) -> [(&'static str, &str); 12] {
        [
            ("First name", &self.name_first),
            ("Middle name", &self.name_middle),
            ("Last name", &self.name_last),
            ("Birthdate", &self.birthdate),
            ("Street", &self.address_street),
            ("City", &self.address_city),
            ("Subdivision", &self.address_subdivision),
            ("Postal code", &self.address_postal_code),
            ("Country", &self.address_country_code),
            ("Email", &self.email_address),
            ("Phone", &self.phone_number),
            ("ID number", &self.identification_number),
        ]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InquiryStatus {
    Created,
    Pending,
    Completed,
    Failed,
    Expired,
    NeedsReview,
    Approved,
    Declined,
}

impl InquiryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InquiryStatus::Created => "created",
            InquiryStatus::Pending => "pending",
            InquiryStatus::Completed => "completed",
            InquiryStatus::Failed => "failed",
            InquiryStatus::Expired => "expired",
            InquiryStatus::NeedsReview => "needs_review",
            InquiryStatus::Approved => "approved",
            InquiryStatus::Declined => "declined",
        }
    }

    /// Completed or approved: the states a share token may be created from.
    pub fn is_shareable(self) -> bool {
        matches!(self, InquiryStatus::Completed | InquiryStatus::Approved)
    }
}

impl fmt::Display for InquiryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    Initiated,
    Submitted,
    Passed,
    Failed,
    RequiresRetry,
    Skipped,
}

impl VerificationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Initiated => "initiated",
            VerificationStatus::Submitted => "submitted",
            VerificationStatus::Passed => "passed",
            VerificationStatus::Failed => "failed",
            VerificationStatus::RequiresRetry => "requires_retry",
            VerificationStatus::Skipped => "skipped",
        }
    }
}

/// One verification of an inquiry and why it ended as it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub id: Id,
    pub kind: VerificationKind,
    pub status: VerificationStatus,
    /// Human-readable reasons: checks that failed, or data that is missing.
    pub reasons: Vec<String>,
}

/// A template rule (minimum age, allowed countries) and its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule: String,
    /// `None` when the data the rule needs is missing.
    pub passed: Option<bool>,
    pub detail: String,
}

/// Where a destination inquiry's data came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareOrigin {
    pub share_token_id: Id,
    pub source_org_id: Id,
    pub bridge_id: Id,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    pub id: Id,
    pub org_id: Id,
    pub template_id: Id,
    pub status: InquiryStatus,
    pub fields: PersonFields,
    /// Verifications the end user captured evidence for (ID photo, selfie, document).
    pub evidence: BTreeSet<VerificationKind>,
    pub verifications: Vec<Verification>,
    pub rule_results: Vec<RuleResult>,
    /// What is required but missing, e.g. "birthdate (not shared by the bridge)".
    pub missing: Vec<String>,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_from: Option<ShareOrigin>,
    /// When the playground clock expired it (created-at + 24 h). Absent in data saved before
    /// inquiries could expire, hence the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<Timestamp>,
}

/// How long an inquiry may stay `created` or `pending` before it expires: 24 hours.
pub const INQUIRY_LIFETIME_MS: i64 = 24 * 3_600_000;

impl Inquiry {
    /// When an inquiry that is still open (created or pending) expires.
    pub fn expires_at(&self) -> Timestamp {
        Timestamp(self.created_at.0.saturating_add(INQUIRY_LIFETIME_MS))
    }

    /// The status as of `now`: an open inquiry the clock has carried past [`Self::expires_at`]
    /// is expired, even before anything has recorded it (as for share tokens).
    pub fn status_at(&self, now: Timestamp) -> InquiryStatus {
        let open = matches!(self.status, InquiryStatus::Created | InquiryStatus::Pending);
        if open && now >= self.expires_at() {
            InquiryStatus::Expired
        } else {
            self.status
        }
    }
}
