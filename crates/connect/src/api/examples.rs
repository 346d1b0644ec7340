//! The console's endpoint list: each endpoint with a ready request, filled with ids the acting
//! org can use right now where it has some (placeholders such as `cnst_…` otherwise), the
//! playground extensions marked with why they exist; and the request headers the console
//! offers as choices (`Key-Inflection`, `Persona-Version`).

use super::inflection::{self, Inflection};
use super::{idempotency, persona, ApiRequest};
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
    // Tokens the destination can peek at and redeem.
    let inbound_new: Vec<&Id> = world
        .inbound_tokens(org)
        .into_iter()
        .filter(|t| world.peekable(t, org, now).is_some())
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
    let inquiry_in = |status: InquiryStatus| {
        first(
            inquiries
                .iter()
                .filter(|i| i.status == status)
                .map(|i| &i.id)
                .collect(),
            "inq_…",
        )
    };
    let open_inquiry = inquiry_in(InquiryStatus::Created);
    let any_inquiry = first(inquiries.iter().map(|i| &i.id).collect(), "inq_…");
    let to_review = inquiry_in(InquiryStatus::Completed);
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
            "Share Tokens: redeem into a new inquiry of a chosen template",
            format!("{T}/{inbound_new}/redeem?include=destination"),
            Some(json!({ "inquiry-template-id": template })),
        ),
        post(
            "Share Tokens: send to the destination's API",
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
            "Organization Bridges: change the default clone template (destination)",
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
            "Inquiries: complete",
            format!("{I}/{open_inquiry}/complete"),
            None,
        ),
        post(
            "Inquiries: mark for review",
            format!("{I}/{to_review}/mark-for-review"),
            None,
        ),
        post(
            "Inquiries: approve",
            format!("{I}/{to_review}/approve"),
            None,
        ),
        post(
            "Inquiries: decline",
            format!("{I}/{to_review}/decline"),
            None,
        ),
        get(
            "Inquiry Templates: list",
            "/api/v1/inquiry-templates".into(),
        ),
        get(
            "Inquiry Templates: retrieve",
            format!("/api/v1/inquiry-templates/{template}"),
        ),
    ]
}

const DEFAULT_TEMPLATE_WHY: &str = "Persona clones the source inquiry; the playground makes the copy from a destination template, picked here.";

/// Why `request` uses a playground extension (no such thing in Persona's API), when it does.
pub fn extension_of(request: &ApiRequest) -> Option<&'static str> {
    let path = request.path.trim();
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = request.method.trim().to_ascii_uppercase();
    let names = |attribute: &str| {
        serde_json::from_str::<Value>(&request.body)
            .ok()
            .and_then(|body| body.pointer("/data/attributes").cloned())
            .and_then(|attributes| attributes.as_object().cloned())
            .is_some_and(|a| a.keys().any(|k| inflection::to_kebab(k) == attribute))
    };
    match (method.as_str(), segments.as_slice()) {
        (_, ["partners", _, "share-tokens"]) => Some(
            "Stands in for the destination's own API: in a real integration you hand the token to your partner yourself.",
        ),
        ("POST", ["api", "v1", "inquiries", _, "complete"]) => Some(
            "Stands in for the end user finishing the inquiry flow; Persona's API has no such call.",
        ),
        ("PATCH", ["api", "v1", "connect", "organization-bridges", _]) => Some(DEFAULT_TEMPLATE_WHY),
        ("POST", ["api", "v1", "connect", "organization-bridges", _, "activate"])
            if names("default-inquiry-template-id") =>
        {
            Some(DEFAULT_TEMPLATE_WHY)
        }
        ("POST", ["api", "v1", "connect", "share-tokens", _, "redeem"])
            if names("inquiry-template-id") =>
        {
            Some("inquiry-template-id picks the template the new inquiry is made from; Persona's redeem has no such attribute.")
        }
        _ => None,
    }
}

/// Why a response header is a playground extension, when it is one.
pub fn extension_header(name: &str) -> Option<&'static str> {
    name.trim()
        .eq_ignore_ascii_case(idempotency::REPLAYED_HEADER)
        .then_some("Marks a replay of an earlier call with the same Idempotency-Key; Persona's API sends no such header.")
}

/// A request header the console offers as a pick list (the header editor still takes any value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderChoice {
    pub name: &'static str,
    /// The values the API accepts; the first is what it assumes when the header is left out.
    pub values: Vec<&'static str>,
}

pub fn header_choices() -> Vec<HeaderChoice> {
    vec![
        HeaderChoice {
            name: inflection::HEADER,
            values: Inflection::ALL.map(Inflection::as_str).to_vec(),
        },
        HeaderChoice {
            name: persona::VERSION_HEADER,
            values: persona::VERSIONS.iter().rev().copied().collect(),
        },
    ]
}

/// The value of the first line of `text` (the header editor's lines) naming `name`.
pub fn header_in(text: &str, name: &str) -> Option<String> {
    super::find_header(&parse_headers(text), name).map(str::to_string)
}

/// `text` with `name` set to `value`: on the first line naming it (later ones go, since the API
/// reads only the first), or on a new last line.
pub fn set_header(text: &str, name: &str, value: &str) -> String {
    let mut headers = parse_headers(text);
    let mut seen = false;
    headers.retain_mut(|(n, v)| {
        if !n.eq_ignore_ascii_case(name) {
            return true;
        }
        let first = !seen;
        if first {
            value.clone_into(v);
        }
        seen = true;
        first
    });
    if !seen {
        headers.push((name.to_string(), value.to_string()));
    }
    format_headers(&headers)
}

/// `next` (a freshly picked endpoint's headers) with every choice header in it: as `previous`
/// had it, so a choice outlives a change of endpoint; else as `next` has it; else its default.
pub fn keep_choices(previous: &str, next: &str) -> String {
    header_choices()
        .iter()
        .fold(next.to_string(), |text, choice| {
            let value = header_in(previous, choice.name)
                .or_else(|| header_in(&text, choice.name))
                .or_else(|| choice.values.first().map(|v| v.to_string()));
            match value {
                Some(value) => set_header(&text, choice.name, &value),
                None => text,
            }
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_replaces_its_header_line_or_adds_one() {
        let text = "Authorization: Bearer k\nkey-inflection: camel\nKey-Inflection: kebab";
        assert_eq!(
            set_header(text, "Key-Inflection", "snake"),
            "Authorization: Bearer k\nkey-inflection: snake"
        );
        assert_eq!(
            set_header("Authorization: Bearer k", "Persona-Version", "2023-01-05"),
            "Authorization: Bearer k\nPersona-Version: 2023-01-05"
        );
        assert_eq!(header_in(text, "KEY-INFLECTION").as_deref(), Some("camel"));
    }

    #[test]
    fn choices_outlive_a_change_of_endpoint_and_default_when_unset() {
        let fresh = keep_choices("", "Authorization: Bearer k");
        assert_eq!(
            fresh,
            "Authorization: Bearer k\nKey-Inflection: kebab\nPersona-Version: 2023-01-05"
        );
        let chosen = set_header(&fresh, "Persona-Version", "2099-01-01");
        let chosen = set_header(&chosen, "Key-Inflection", "snake");
        assert_eq!(
            keep_choices(&chosen, "Authorization: Bearer k\nContent-Type: application/json"),
            "Authorization: Bearer k\nContent-Type: application/json\nKey-Inflection: snake\nPersona-Version: 2099-01-01"
        );
    }

    #[test]
    fn the_extensions_and_only_they_say_why_they_exist() {
        let world = crate::seed::demo_world(Timestamp(0), &mut crate::ids::RandomIds);
        let org = world.organizations_in_order()[0].id.clone();
        let marked: Vec<_> = examples(&world, &org, "sk_test_k", Timestamp(0))
            .into_iter()
            .filter(|e| extension_of(&e.request).is_some())
            .map(|e| format!("{} {}", e.request.method, e.request.path))
            .collect();
        assert_eq!(marked.len(), 4, "{marked:?}");
        assert!(marked.iter().any(|r| r.starts_with("POST /partners/")));
        assert!(marked.iter().any(|r| r.ends_with("/complete")));
        assert!(marked.iter().any(|r| r.starts_with("PATCH ")));
        assert!(marked.iter().any(|r| r.contains("/redeem")));
        let snake = ApiRequest::new(
            "post",
            "/api/v1/connect/share-tokens/cnst_1/redeem?include=destination",
        )
        .body(r#"{"data":{"attributes":{"inquiry_template_id":"itmpl_1"}}}"#);
        assert!(extension_of(&snake).is_some());
        let clone = snake.body(r#"{"data":{"attributes":{}}}"#);
        assert!(extension_of(&clone).is_none());
    }

    #[test]
    fn every_choice_is_a_value_the_api_accepts() {
        for choice in header_choices() {
            assert!(!choice.values.is_empty(), "{}", choice.name);
            for value in &choice.values {
                let request = ApiRequest::new("GET", "/").header(choice.name, value);
                let accepted = match choice.name {
                    inflection::HEADER => {
                        Inflection::from_header(request.header_value(choice.name)).is_ok()
                    }
                    _ => persona::version(&request).is_ok(),
                };
                assert!(accepted, "{}: {value}", choice.name);
            }
        }
        assert!(extension_header("idempotent-replayed").is_some());
        assert!(extension_header("Request-Id").is_none());
    }
}
