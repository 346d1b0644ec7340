//! The console's endpoint list: each endpoint with a ready request, filled with ids the acting
//! org can use right now where it has some (placeholders such as `cnst_…` otherwise).

use super::ApiRequest;
use crate::ids::Id;
use crate::model::{BridgeStatus, InquiryStatus, Scopes, ShareTokenStatus};
use crate::seed::sample_people;
use crate::time::Timestamp;
use crate::world::World;
use serde_json::{json, Value};

/// One entry of the endpoint list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub label: &'static str,
    pub request: ApiRequest,
}

fn body(attributes: Value) -> String {
    serde_json::to_string_pretty(&json!({ "data": { "attributes": attributes } }))
        .unwrap_or_default()
}

/// Every endpoint, with `secret` as the bearer key.
pub fn examples(world: &World, org: &Id, secret: &str, now: Timestamp) -> Vec<Example> {
    let first = |ids: Vec<&Id>, placeholder: &str| {
        ids.first()
            .map(|id| id.to_string())
            .unwrap_or_else(|| placeholder.to_string())
    };
    let outbound_new: Vec<_> = world
        .outbound_tokens(org)
        .into_iter()
        .filter(|t| t.status_at(now) == ShareTokenStatus::New)
        .collect();
    let inbound_new: Vec<&Id> = world
        .inbound_tokens(org)
        .into_iter()
        .filter(|t| t.status_at(now) == ShareTokenStatus::New)
        .map(|t| &t.id)
        .collect();
    let any_token = first(
        world
            .outbound_tokens(org)
            .into_iter()
            .chain(world.inbound_tokens(org))
            .map(|t| &t.id)
            .collect(),
        "cnst_…",
    );
    let bridges = world.bridges_of(org);
    let bridge_where = |keep: &dyn Fn(&&crate::model::Bridge) -> bool| {
        first(
            bridges.iter().filter(|b| keep(b)).map(|b| &b.id).collect(),
            "cnob_…",
        )
    };
    let active_outbound =
        bridge_where(&|b| &b.source_org_id == org && b.status == BridgeStatus::Active);
    let pending_inbound =
        bridge_where(&|b| &b.destination_org_id == org && b.status == BridgeStatus::Pending);
    let open_bridge = bridge_where(&|b| b.status != BridgeStatus::Inactive);
    let any_inbound = bridge_where(&|b| &b.destination_org_id == org);
    let inactive_outbound =
        bridge_where(&|b| &b.source_org_id == org && b.status == BridgeStatus::Inactive);
    let inquiries = world.inquiries_of(org);
    let completed = first(
        inquiries
            .iter()
            .filter(|i| i.status.is_shareable())
            .map(|i| &i.id)
            .collect(),
        "inq_…",
    );
    let open_inquiry = first(
        inquiries
            .iter()
            .filter(|i| i.status == InquiryStatus::Created)
            .map(|i| &i.id)
            .collect(),
        "inq_…",
    );
    let any_inquiry = first(inquiries.iter().map(|i| &i.id).collect(), "inq_…");
    let template = first(
        world.templates_of(org).into_iter().map(|t| &t.id).collect(),
        "itmpl_…",
    );
    let partner = world
        .organizations_in_order()
        .into_iter()
        .find(|o| {
            &o.id != org
                && !bridges
                    .iter()
                    .any(|b| &b.source_org_id == org && b.destination_org_id == o.id)
        })
        .map(|o| o.id.to_string())
        .unwrap_or_else(|| "org_…".to_string());
    let (send_to, send_token) = outbound_new
        .first()
        .map(|t| (t.destination_org_id.to_string(), t.id.to_string()))
        .unwrap_or_else(|| ("org_…".into(), "cnst_…".into()));
    let inbound_new = first(inbound_new, "cnst_…");
    let outbound_new = first(outbound_new.iter().map(|t| &t.id).collect(), "cnst_…");
    let alex = sample_people()
        .into_iter()
        .next()
        .map(|p| super::render::fields(&p.fields))
        .unwrap_or(Value::Null);

    let get = |label, path: String| Example {
        label,
        request: ApiRequest::new("GET", &path).bearer(secret),
    };
    let send = |method: &str, label, path: String, attributes: Option<Value>| {
        let request = ApiRequest::new(method, &path).bearer(secret);
        Example {
            label,
            request: match attributes {
                Some(a) => request
                    .header("Content-Type", "application/json")
                    .body(&body(a)),
                None => request,
            },
        }
    };
    let post = |label, path, attributes| send("POST", label, path, attributes);
    const T: &str = "/api/v1/connect/share-tokens";
    const B: &str = "/api/v1/connect/organization-bridges";
    const I: &str = "/api/v1/inquiries";
    vec![
        post(
            "Share Tokens: create",
            T.into(),
            Some(json!({ "bridge-id": active_outbound, "source-id": completed })),
        ),
        get("Share Tokens: list", format!("{T}?page[size]=10")),
        get("Share Tokens: retrieve", format!("{T}/{any_token}")),
        get(
            "Share Tokens: peek at the source data (destination)",
            format!("{T}/{inbound_new}?peek-source-data=true"),
        ),
        post(
            "Share Tokens: expire (source)",
            format!("{T}/{outbound_new}/expire"),
            None,
        ),
        post(
            "Share Tokens: redeem into a new inquiry (destination)",
            format!("{T}/{inbound_new}/redeem?include=destination"),
            Some(json!({})),
        ),
        post(
            "Share Tokens: redeem into a new inquiry of a chosen template (playground extension)",
            format!("{T}/{inbound_new}/redeem?include=destination"),
            Some(json!({ "inquiry-template-id": template })),
        ),
        post(
            "Share Tokens: send to the destination's API (playground extension)",
            format!("/partners/{send_to}/share-tokens"),
            Some(json!({ "share-token-id": send_token })),
        ),
        post(
            "Organization Bridges: create",
            B.into(),
            Some(json!({
                "destination-organization-id": partner,
                "scopes": super::render::scopes(&Scopes::everything()),
            })),
        ),
        get("Organization Bridges: list", B.into()),
        get(
            "Organization Bridges: retrieve",
            format!("{B}/{open_bridge}"),
        ),
        post(
            "Organization Bridges: activate (destination)",
            format!("{B}/{pending_inbound}/activate"),
            None,
        ),
        send(
            "PATCH",
            "Organization Bridges: change the default clone template (destination, playground extension)",
            format!("{B}/{any_inbound}"),
            Some(json!({ "default-inquiry-template-id": template })),
        ),
        post(
            "Organization Bridges: deactivate",
            format!("{B}/{open_bridge}/deactivate"),
            None,
        ),
        post(
            "Organization Bridges: reactivate (source)",
            format!("{B}/{inactive_outbound}/reactivate"),
            None,
        ),
        post(
            "Inquiries: create",
            I.into(),
            Some(json!({
                "inquiry-template-id": template,
                "fields": alex,
                "evidence": ["government-id", "selfie", "document"],
            })),
        ),
        get("Inquiries: list", I.into()),
        get("Inquiries: retrieve", format!("{I}/{any_inquiry}")),
        post(
            "Inquiries: complete (playground extension: the end user finishing)",
            format!("{I}/{open_inquiry}/complete"),
            None,
        ),
        get(
            "Inquiry Templates: list",
            "/api/v1/inquiry-templates".into(),
        ),
    ]
}

/// `Name: value` lines, as the console's headers box holds them. A line without a colon is a
/// header with an empty value, so nothing typed is silently dropped.
pub fn parse_headers(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(':') {
            Some((name, value)) => (name.trim().to_string(), value.trim().to_string()),
            None => (line.to_string(), String::new()),
        })
        .collect()
}

pub fn format_headers(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect::<Vec<_>>()
        .join("\n")
}
