//! The objects of the simulation as plain data: organizations, inquiry templates, inquiries,
//! bridges and share tokens here; workflows and their runs, webhook endpoints and deliveries, and
//! events in the submodules. Each is addressed by its [`Id`]; relations are ids, never
//! positions. Nothing here decides a rule: the world does.

mod event;
mod webhook;
mod workflow;

pub use event::*;
pub use webhook::*;
pub use workflow::*;

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    Sandbox,
    Production,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: Id,
    pub secret: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredOrganization")]
pub struct Organization {
    pub id: Id,
    pub name: String,
    /// One line on what the org is in the demo, e.g. "a retail bank (usually the source)".
    pub description: String,
    pub environment: Environment,
    /// The org's one environment (`env_…`), drawn at random when the org is made.
    pub environment_id: Id,
    pub api_key: ApiKey,
    pub created_at: Timestamp,
}

/// An organization as stored: data saved before environments had ids of their own has none.
#[derive(Deserialize)]
struct StoredOrganization {
    id: Id,
    name: String,
    description: String,
    environment: Environment,
    #[serde(default)]
    environment_id: Option<Id>,
    api_key: ApiKey,
    created_at: Timestamp,
}

impl From<StoredOrganization> for Organization {
    fn from(stored: StoredOrganization) -> Organization {
        // The id those answers showed before it was stored: the org id's random part, so an
        // org keeps the environment id its API answers named.
        let environment_id = stored.environment_id.unwrap_or_else(|| {
            let random = stored
                .id
                .as_str()
                .rsplit_once('_')
                .map_or(stored.id.as_str(), |(_, r)| r);
            Id::parse(&format!("{}_{random}", crate::ids::prefix::ENVIRONMENT))
        });
        Organization {
            id: stored.id,
            name: stored.name,
            description: stored.description,
            environment: stored.environment,
            environment_id,
            api_key: stored.api_key,
            created_at: stored.created_at,
        }
    }
}

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
        [&self.name_first, &self.name_middle, &self.name_last]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim())
            .collect::<Vec<_>>()
            .join(" ")
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

/// What a bridge's source agrees to share.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    pub fields: BTreeSet<FieldGroup>,
    /// Evidence-bearing verification kinds ([`VerificationKind::WITH_EVIDENCE`]).
    pub verifications: BTreeSet<VerificationKind>,
}

impl Scopes {
    pub fn everything() -> Scopes {
        Scopes {
            fields: FieldGroup::ALL.into_iter().collect(),
            verifications: VerificationKind::WITH_EVIDENCE.into_iter().collect(),
        }
    }

    pub fn summary(&self) -> String {
        let fields: Vec<_> = self.fields.iter().map(|f| f.label()).collect();
        let kinds: Vec<_> = self.verifications.iter().map(|k| k.label()).collect();
        let show = |v: Vec<&str>| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        format!("fields: {}; evidence: {}", show(fields), show(kinds))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BridgeStatus {
    Pending,
    Active,
    Inactive,
}

impl BridgeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BridgeStatus::Pending => "pending",
            BridgeStatus::Active => "active",
            BridgeStatus::Inactive => "inactive",
        }
    }
}

impl fmt::Display for BridgeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A one-directional Organization Bridge, source → destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bridge {
    pub id: Id,
    pub source_org_id: Id,
    pub destination_org_id: Id,
    pub scopes: Scopes,
    pub status: BridgeStatus,
    pub created_at: Timestamp,
    /// The destination's template a redeem without a target clones into, which the destination
    /// picks when it activates the bridge and may change. Absent in data saved before it, and
    /// until the first activation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_template_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareTokenStatus {
    New,
    Pending,
    Redeemed,
    Expired,
    Failed,
}

impl ShareTokenStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareTokenStatus::New => "new",
            ShareTokenStatus::Pending => "pending",
            ShareTokenStatus::Redeemed => "redeemed",
            ShareTokenStatus::Expired => "expired",
            ShareTokenStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for ShareTokenStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a token came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Dashboard,
    Api,
    Workflow,
}

/// Who acted when a token was created: which API key, the Dashboard, or which workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Creator {
    ApiKey { key_id: Id },
    Dashboard,
    Workflow { workflow_id: Id },
}

impl Creator {
    pub fn channel(&self) -> Channel {
        match self {
            Creator::ApiKey { .. } => Channel::Api,
            Creator::Dashboard => Channel::Dashboard,
            Creator::Workflow { .. } => Channel::Workflow,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareToken {
    pub id: Id,
    pub bridge_id: Id,
    pub source_org_id: Id,
    pub destination_org_id: Id,
    /// The source Inquiry (`inq_…`).
    pub source_id: Id,
    pub status: ShareTokenStatus,
    pub created_via: Channel,
    /// Absent in tokens saved before the creator was recorded: they name only the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Creator>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// The destination Inquiry the redeem run filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_inquiry_id: Option<Id>,
}

impl ShareToken {
    /// The status as of `now`: a `new` token whose expiry has passed is expired, even before
    /// anything has recorded it.
    pub fn status_at(&self, now: Timestamp) -> ShareTokenStatus {
        if self.status == ShareTokenStatus::New && now >= self.expires_at {
            ShareTokenStatus::Expired
        } else {
            self.status
        }
    }
}
