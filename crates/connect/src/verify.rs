//! Running an inquiry: each verification its template requires, then the template's rules.
//!
//! The outcome follows from the data alone, so a run is deterministic: the same fields,
//! evidence, template and clock always give the same result.

use crate::model::{
    FieldGroup, InquiryStatus, InquiryTemplate, PersonFields, RuleResult, VerificationKind,
    VerificationStatus,
};
use crate::time::{age_on, parse_date, Timestamp};
use std::collections::BTreeSet;

/// Something a verification or rule needs that the inquiry does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MissingData {
    Field(FieldGroup),
    Evidence(VerificationKind),
}

impl MissingData {
    pub fn label(self) -> String {
        match self {
            MissingData::Field(group) => group.label().to_string(),
            MissingData::Evidence(kind) => format!("{} evidence", kind.label()),
        }
    }
}

/// The result of one verification, before it gets an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedVerification {
    pub kind: VerificationKind,
    pub status: VerificationStatus,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutcome {
    pub status: InquiryStatus,
    pub verifications: Vec<CheckedVerification>,
    pub rule_results: Vec<RuleResult>,
    pub missing: Vec<MissingData>,
}

/// Runs `template` against the data. `now` decides ages.
pub fn run(
    template: &InquiryTemplate,
    fields: &PersonFields,
    evidence: &BTreeSet<VerificationKind>,
    now: Timestamp,
) -> RunOutcome {
    let mut missing = BTreeSet::new();
    let verifications: Vec<_> = template
        .verifications
        .iter()
        .map(|&kind| {
            let lacking: Vec<MissingData> = kind
                .fields()
                .iter()
                .filter(|g| !fields.has(**g))
                .map(|g| MissingData::Field(*g))
                .chain(
                    (kind.needs_evidence() && !evidence.contains(&kind))
                        .then_some(MissingData::Evidence(kind)),
                )
                .collect();
            if lacking.is_empty() {
                let failures = check(kind, fields, now);
                CheckedVerification {
                    kind,
                    status: if failures.is_empty() {
                        VerificationStatus::Passed
                    } else {
                        VerificationStatus::Failed
                    },
                    reasons: failures,
                }
            } else {
                let reasons = lacking
                    .iter()
                    .map(|m| format!("cannot run: {} is missing", m.label()))
                    .collect();
                missing.extend(lacking);
                CheckedVerification {
                    kind,
                    status: VerificationStatus::Initiated,
                    reasons,
                }
            }
        })
        .collect();

    let mut rule_results = Vec::new();
    if let Some(minimum) = template.rules.minimum_age {
        let rule = format!("minimum age {minimum}");
        rule_results.push(if !fields.has(FieldGroup::Birthdate) {
            missing.insert(MissingData::Field(FieldGroup::Birthdate));
            RuleResult {
                rule,
                passed: None,
                detail: "birthdate is missing".into(),
            }
        } else {
            match parse_date(&fields.birthdate) {
                None => RuleResult {
                    rule,
                    passed: Some(false),
                    detail: format!("birthdate `{}` is not a date", fields.birthdate),
                },
                Some(birth) if birth > now.date() => RuleResult {
                    rule,
                    passed: Some(false),
                    detail: format!("birthdate {} is in the future", fields.birthdate.trim()),
                },
                Some(birth) => {
                    let age = age_on(birth, now.date());
                    RuleResult {
                        rule,
                        passed: Some(age >= i64::from(minimum)),
                        detail: if age >= i64::from(minimum) {
                            format!("age {age} meets the minimum of {minimum}")
                        } else {
                            format!("age {age} is under the minimum of {minimum}")
                        },
                    }
                }
            }
        });
    }
    if let Some(allowed) = &template.rules.allowed_countries {
        let rule = format!("country in {}", allowed.join(", "));
        let country = fields.address_country_code.trim().to_ascii_uppercase();
        rule_results.push(if country.is_empty() {
            missing.insert(MissingData::Field(FieldGroup::Address));
            RuleResult {
                rule,
                passed: None,
                detail: "address country is missing".into(),
            }
        } else {
            let ok = allowed.iter().any(|c| c.eq_ignore_ascii_case(&country));
            RuleResult {
                rule,
                passed: Some(ok),
                detail: if ok {
                    format!("{country} is allowed")
                } else {
                    format!("{country} is not an allowed country")
                },
            }
        });
    }

    let any_failed = verifications
        .iter()
        .any(|v| v.status == VerificationStatus::Failed)
        || rule_results.iter().any(|r| r.passed == Some(false));
    let status = if any_failed {
        InquiryStatus::Failed
    } else if !missing.is_empty() {
        InquiryStatus::Pending
    } else {
        InquiryStatus::Completed
    };
    RunOutcome {
        status,
        verifications,
        rule_results,
        missing: missing.into_iter().collect(),
    }
}

/// The data checks of one verification whose data is all present; returns what failed.
fn check(kind: VerificationKind, fields: &PersonFields, now: Timestamp) -> Vec<String> {
    let mut failures = Vec::new();
    match kind {
        VerificationKind::GovernmentId => {
            match parse_date(&fields.birthdate) {
                None => failures.push(format!(
                    "birthdate `{}` on the ID is not a valid date",
                    fields.birthdate
                )),
                Some(birth) if birth > now.date() => {
                    failures.push("birthdate on the ID is in the future".into())
                }
                Some(_) => {}
            }
            let id_chars = fields
                .identification_number
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .count();
            if id_chars < 6 {
                failures.push(format!(
                    "identification number `{}` is too short to be a real ID (6+ letters or digits)",
                    fields.identification_number
                ));
            }
        }
        VerificationKind::Database => {
            if fields.address_postal_code.trim() == "00000" {
                failures.push(
                    "no record matches this name, birthdate and address in the simulated database (postal code 00000)"
                        .into(),
                );
            }
        }
        VerificationKind::Phone => {
            let number = fields.phone_number.trim();
            let digits = number.chars().filter(char::is_ascii_digit).count();
            if !number.starts_with('+') || !(8..=15).contains(&digits) {
                failures.push(format!(
                    "phone number `{number}` is not in international format (+ and 8 to 15 digits)"
                ));
            }
        }
        VerificationKind::Selfie | VerificationKind::Document => {}
    }
    failures
}
