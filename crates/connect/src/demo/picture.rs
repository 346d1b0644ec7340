//! What the live picture of the share flow draws: the two organizations, the bridge, the
//! source inquiry, the token with its status and time left, and the destination inquiry with
//! its verification results. The app draws it as SVG; this module decides what it says.

use super::Focus;
use crate::ids::Id;
use crate::model::{BridgeStatus, InquiryStatus, ShareTokenStatus};
use crate::time::Timestamp;
use crate::world::World;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgPart {
    pub id: Id,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BridgePart {
    pub id: Id,
    pub status: BridgeStatus,
    /// Field groups shared, e.g. `["name", "birthdate"]`.
    pub fields: Vec<String>,
    /// Evidence shared, e.g. `["government ID", "selfie"]`.
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InquiryPart {
    pub id: Id,
    pub person: String,
    pub status: InquiryStatus,
    pub template: String,
    /// Each verification and rule with its outcome, e.g. `("minimum age 21", "failed")`.
    pub results: Vec<(String, String)>,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPart {
    pub id: Id,
    pub status: ShareTokenStatus,
    /// Seconds until it expires, while it is new.
    pub expires_in_seconds: Option<i64>,
    pub failure_reason: Option<String>,
    /// The organization the token is addressed to, when that is not the picture's destination
    /// (a token the destination holds but may not redeem).
    pub addressed_to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub source: OrgPart,
    pub destination: OrgPart,
    pub bridge: Option<BridgePart>,
    pub source_inquiry: Option<InquiryPart>,
    pub token: Option<TokenPart>,
    pub destination_inquiry: Option<InquiryPart>,
}

impl Picture {
    pub fn of(world: &World, source: &Id, destination: &Id, now: Timestamp) -> Picture {
        let focus = Focus::of(world, source, destination);
        // Without a token of the pair, the one the destination holds all the same (addressed to
        // another organization) is drawn, with its own source inquiry.
        let token = focus.held_token(world, source, now);
        let org = |id: &Id| OrgPart {
            id: id.clone(),
            name: world.org_name(id),
        };
        let inquiry = |i: &crate::Inquiry| {
            let mut results: Vec<(String, String)> = i
                .verifications
                .iter()
                .map(|v| (v.kind.label().to_string(), v.status.as_str().to_string()))
                .collect();
            results.extend(i.rule_results.iter().map(|r| {
                let outcome = match r.passed {
                    Some(true) => "passed",
                    Some(false) => "failed",
                    None => "missing data",
                };
                (r.rule.clone(), outcome.to_string())
            }));
            InquiryPart {
                id: i.id.clone(),
                person: i.fields.display_name(),
                status: i.status_at(now),
                template: world
                    .templates
                    .get(&i.template_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                results,
                missing: i.missing.clone(),
            }
        };
        Picture {
            source: org(source),
            destination: org(destination),
            bridge: focus.bridge.map(|b| BridgePart {
                id: b.id.clone(),
                status: b.status,
                fields: b
                    .scopes
                    .fields
                    .iter()
                    .map(|f| f.label().to_string())
                    .collect(),
                evidence: b
                    .scopes
                    .verifications
                    .iter()
                    .map(|k| k.label().to_string())
                    .collect(),
            }),
            source_inquiry: match (focus.token, token) {
                (None, Some(t)) => world.inquiries.get(&t.source_id),
                _ => focus.source_inquiry,
            }
            .map(inquiry),
            token: token.map(|t| {
                let status = t.status_at(now);
                TokenPart {
                    id: t.id.clone(),
                    status,
                    expires_in_seconds: (status == ShareTokenStatus::New)
                        .then(|| (t.expires_at.0 - now.0).div_euclid(1000).max(0)),
                    failure_reason: t.failure_reason.clone(),
                    addressed_to: (&t.destination_org_id != destination)
                        .then(|| world.org_name(&t.destination_org_id)),
                }
            }),
            destination_inquiry: focus.destination_inquiry.map(inquiry),
        }
    }
}

/// `23:59:58`, `1 d 02:03:04`: time left, as a countdown reads.
pub fn countdown(seconds: i64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    );
    if days > 0 {
        format!("{days} d {clock}")
    } else {
        clock
    }
}
