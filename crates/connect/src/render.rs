//! JSON:API resource objects: kebab-case attributes, `type` values like `connect/share-token`,
//! relationships by id, ISO-8601 times.

use crate::ids::Id;
use crate::model::*;
use crate::time::Timestamp;
use serde_json::{json, Value};

pub const SHARE_TOKEN: &str = "connect/share-token";
pub const BRIDGE: &str = "connect/organization-bridge";
pub const INQUIRY: &str = "inquiry";
pub const TEMPLATE: &str = "inquiry-template";
pub const ORGANIZATION: &str = "organization";
pub const INBOX_ENTRY: &str = "partner/share-token-delivery";
/// Verification types are `verification/<kind>`, e.g. `verification/government-id`.
pub const VERIFICATION_PREFIX: &str = "verification/";

fn time(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| json!(t.iso8601()))
}

fn one(kind: &str, id: &Id) -> Value {
    json!({ "data": { "type": kind, "id": id.as_str() } })
}

fn one_opt(kind: &str, id: Option<&Id>) -> Value {
    match id {
        Some(id) => one(kind, id),
        None => json!({ "data": null }),
    }
}

/// A token the clock expired shows when, even before anything recorded it.
fn expired_at(token: &ShareToken, now: Timestamp) -> Option<Timestamp> {
    token
        .expired_at
        .or((token.status_at(now) == ShareTokenStatus::Expired).then_some(token.expires_at))
}

/// The token's latest transition (an expiry by the clock counts when the clock passed it).
fn updated_at(token: &ShareToken, now: Timestamp) -> Timestamp {
    [
        token.pending_at,
        token.redeemed_at,
        expired_at(token, now),
        token.failed_at,
    ]
    .into_iter()
    .flatten()
    .fold(token.created_at, Timestamp::max)
}

/// Who created the token: the API key or workflow that acted (an object the API does not serve,
/// so it is linkage only), or the Dashboard. A token saved before creators were recorded names
/// its channel and no object.
fn creator(token: &ShareToken) -> Value {
    let actor = match token.created_via {
        Channel::Api => "api-key",
        Channel::Dashboard => "dashboard",
        Channel::Workflow => "workflow",
    };
    let data = match &token.creator {
        Some(Creator::ApiKey { key_id }) => json!({ "type": "api-key", "id": key_id.as_str() }),
        Some(Creator::Workflow { workflow_id }) => {
            json!({ "type": "workflow", "id": workflow_id.as_str() })
        }
        Some(Creator::Dashboard) | None => Value::Null,
    };
    json!({ "data": data, "meta": { "actor": actor } })
}

pub fn share_token(token: &ShareToken, now: Timestamp) -> Value {
    json!({
        "type": SHARE_TOKEN,
        "id": token.id.as_str(),
        "attributes": {
            "status": token.status_at(now).as_str(),
            "created-via": match token.created_via {
                Channel::Dashboard => "dashboard",
                Channel::Api => "api",
                Channel::Workflow => "workflow",
            },
            "created-at": token.created_at.iso8601(),
            "expires-at": token.expires_at.iso8601(),
            "pending-at": time(token.pending_at),
            "redeemed-at": time(token.redeemed_at),
            "expired-at": time(expired_at(token, now)),
            "failed-at": time(token.failed_at),
            "failure-reason": token.failure_reason,
            "updated-at": updated_at(token, now).iso8601(),
        },
        "relationships": {
            "bridge": one(BRIDGE, &token.bridge_id),
            "source": one(INQUIRY, &token.source_id),
            "destination": one_opt(INQUIRY, token.destination_inquiry_id.as_ref()),
            "source-organization": one(ORGANIZATION, &token.source_org_id),
            "destination-organization": one(ORGANIZATION, &token.destination_org_id),
            "creator": creator(token),
        }
    })
}

pub fn scopes(scopes: &Scopes) -> Value {
    json!({
        "fields": scopes.fields.iter().map(|f| f.slug()).collect::<Vec<_>>(),
        "verifications": scopes.verifications.iter().map(|k| k.slug()).collect::<Vec<_>>(),
    })
}

pub fn bridge(bridge: &Bridge) -> Value {
    json!({
        "type": BRIDGE,
        "id": bridge.id.as_str(),
        "attributes": {
            "status": bridge.status.as_str(),
            "scopes": scopes(&bridge.scopes),
            "created-at": bridge.created_at.iso8601(),
            "activated-at": time(bridge.activated_at),
            "deactivated-at": time(bridge.deactivated_at),
        },
        "relationships": {
            "source-organization": one(ORGANIZATION, &bridge.source_org_id),
            "destination-organization": one(ORGANIZATION, &bridge.destination_org_id),
            "default-inquiry-template": one_opt(TEMPLATE, bridge.default_template_id.as_ref()),
        }
    })
}

/// The inquiry fields under their API names, which the create body uses too.
pub const FIELD_NAMES: [&str; 12] = [
    "name-first",
    "name-middle",
    "name-last",
    "birthdate",
    "address-street-1",
    "address-city",
    "address-subdivision",
    "address-postal-code",
    "address-country-code",
    "email-address",
    "phone-number",
    "identification-number",
];

pub fn field_mut<'a>(fields: &'a mut PersonFields, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "name-first" => &mut fields.name_first,
        "name-middle" => &mut fields.name_middle,
        "name-last" => &mut fields.name_last,
        "birthdate" => &mut fields.birthdate,
        "address-street-1" => &mut fields.address_street,
        "address-city" => &mut fields.address_city,
        "address-subdivision" => &mut fields.address_subdivision,
        "address-postal-code" => &mut fields.address_postal_code,
        "address-country-code" => &mut fields.address_country_code,
        "email-address" => &mut fields.email_address,
        "phone-number" => &mut fields.phone_number,
        "identification-number" => &mut fields.identification_number,
        _ => return None,
    })
}

pub fn fields(fields: &PersonFields) -> Value {
    let mut copy = fields.clone();
    let map: serde_json::Map<String, Value> =
        crate::order::insert_all(FIELD_NAMES.iter().map(|name| {
            let value = field_mut(&mut copy, name).map(|v| v.clone());
            let value = value.filter(|v| !v.is_empty());
            (name.to_string(), json!(value))
        }));
    Value::Object(map)
}

pub fn inquiry(inquiry: &Inquiry) -> Value {
    let verifications: Vec<Value> = inquiry
        .verifications
        .iter()
        .map(|v| json!({ "type": verification_type(v), "id": v.id.as_str() }))
        .collect();
    json!({
        "type": INQUIRY,
        "id": inquiry.id.as_str(),
        "attributes": {
            "status": inquiry.status.as_str(),
            "fields": fields(&inquiry.fields),
            "evidence": inquiry.evidence.iter().map(|k| k.slug()).collect::<Vec<_>>(),
            "missing": inquiry.missing,
            "rule-results": inquiry.rule_results.iter().map(|r| json!({
                "rule": r.rule, "passed": r.passed, "detail": r.detail,
            })).collect::<Vec<_>>(),
            "created-at": inquiry.created_at.iso8601(),
            "completed-at": time(inquiry.completed_at),
            "failed-at": time(inquiry.failed_at),
            "expired-at": time(inquiry.expired_at),
        },
        "relationships": {
            "inquiry-template": one(TEMPLATE, &inquiry.template_id),
            "verifications": { "data": verifications },
            "share-token": one_opt(SHARE_TOKEN, inquiry.shared_from.as_ref().map(|s| &s.share_token_id)),
            "source-organization": one_opt(ORGANIZATION, inquiry.shared_from.as_ref().map(|s| &s.source_org_id)),
        }
    })
}

fn verification_type(verification: &Verification) -> String {
    format!("{VERIFICATION_PREFIX}{}", verification.kind.slug())
}

pub fn verification(verification: &Verification) -> Value {
    json!({
        "type": verification_type(verification),
        "id": verification.id.as_str(),
        "attributes": {
            "status": verification.status.as_str(),
            "reasons": verification.reasons,
        }
    })
}

pub fn template(template: &InquiryTemplate) -> Value {
    json!({
        "type": TEMPLATE,
        "id": template.id.as_str(),
        "attributes": {
            "name": template.name,
            "verifications": template.verifications.iter().map(|k| k.slug()).collect::<Vec<_>>(),
            "minimum-age": template.rules.minimum_age,
            "allowed-countries": template.rules.allowed_countries,
        }
    })
}

/// An inbox entry; `sender_name` is the sending org's display name.
pub fn inbox_entry(entry: &InboxEntry, sender_name: &str) -> Value {
    json!({
        "type": INBOX_ENTRY,
        "id": entry.id.as_str(),
        "attributes": {
            "received-at": entry.received_at.iso8601(),
            "sender-name": sender_name,
        },
        "relationships": {
            "share-token": one(SHARE_TOKEN, &entry.share_token_id),
            "sender": one(ORGANIZATION, &entry.sender_org_id),
            "recipient": one(ORGANIZATION, &entry.org_id),
        }
    })
}

/// A workflow run (what `workflow-run.*` events carry).
pub fn workflow_run(run: &WorkflowRun) -> Value {
    json!({
        "type": "workflow-run",
        "id": run.id.as_str(),
        "attributes": {
            "status": run.status.as_str(),
            "workflow-name": run.workflow_name,
            "trigger-event-type": run.trigger_event_type,
            "depth": run.depth,
            "created-at": run.at.iso8601(),
            "steps": run.steps.iter().map(|s| json!({
                "action": s.action, "ok": s.ok, "detail": s.detail,
            })).collect::<Vec<_>>(),
            "error": run.error,
        },
        "relationships": {
            "workflow": { "data": { "type": "workflow", "id": run.workflow_id.as_str() } },
            "trigger-event": { "data": { "type": "event", "id": run.trigger_event_id.as_str() } },
        }
    })
}
