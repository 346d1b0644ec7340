//! The simulated API (docs/api.md): contract of each endpoint, the authorization matrix,
//! idempotency, rate limits, the request log and the partner inbox.

mod common;

use common::*;
use connect::api::{self, ApiRequest, ApiResponse, Origin};
use connect::{Command, Id, Scopes, ShareTokenStatus, Timestamp};
use serde_json::{json, Value};

/// The fixture plus a way to call the API as one of its orgs.
struct Api {
    f: Fixture,
    now: Timestamp,
}

impl Api {
    fn new() -> Api {
        Api {
            f: Fixture::new(),
            now: NOW,
        }
    }

    fn key(&self, org: &Id) -> String {
        self.f.world.organizations[org].api_key.secret.clone()
    }

    fn send(&mut self, request: &ApiRequest) -> ApiResponse {
        self.f.call_api(request, self.now)
    }

    /// Calls as `org`; returns the status and the parsed body.
    fn call(&mut self, org: &Id, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = ApiRequest::new(method, path).bearer(&self.key(org));
        if let Some(body) = body {
            request = request.body(&body.to_string());
        }
        let response = self.send(&request);
        let json = response
            .json()
            .unwrap_or_else(|| panic!("{method} {path}: the body is JSON: {}", response.body));
        (response.status, json)
    }

    fn ok(&mut self, org: &Id, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, json) = self.call(org, method, path, body);
        assert!(
            (200..300).contains(&status),
            "{method} {path} answered {status}: {json}"
        );
        json
    }
}

fn attrs(body: Value) -> Value {
    json!({ "data": { "attributes": body } })
}

fn id_of(document: &Value) -> Id {
    Id::parse(document["data"]["id"].as_str().expect("data.id"))
}

/// Checks a JSON:API error document: one error with this status, rule and pointer.
#[track_caller]
fn assert_api_error((status, body): &(u16, Value), want: u16, rule: &str, pointer: Option<&str>) {
    assert_eq!(*status, want, "status of {body}");
    let errors = body["errors"].as_array().expect("an errors array");
    assert_eq!(errors.len(), 1, "{body}");
    let error = &errors[0];
    assert_eq!(error["status"], json!(want.to_string()), "{body}");
    assert_eq!(error["code"], json!(rule), "{body}");
    assert!(error["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(error["details"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(
        error["source"]["pointer"].as_str(),
        pointer,
        "pointer of {body}"
    );
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

const TOKENS: &str = "/api/v1/connect/share-tokens";
const BRIDGES: &str = "/api/v1/connect/organization-bridges";

/// bank → Lumen bridge (active), a completed bank inquiry. Returns (bridge, inquiry).
fn shareable(a: &mut Api) -> (Id, Id) {
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let bridge = a.f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = a.f.completed_inquiry(&bank, "Retail KYC", "alex");
    (bridge, inquiry)
}

fn create_body(bridge: &Id, inquiry: &Id) -> Value {
    attrs(json!({ "bridge-id": bridge.as_str(), "source-id": inquiry.as_str() }))
}

// ---- share tokens ------------------------------------------------------------------------

#[test]
fn creating_a_token_by_api_gives_the_json_api_shape_and_shows_in_the_dashboard_lists() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let (status, body) = a.call(&bank, "POST", TOKENS, Some(create_body(&bridge, &inquiry)));
    assert_eq!(status, 201, "{body}");
    let data = &body["data"];
    assert_eq!(data["type"], "connect/share-token");
    assert!(data["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("cnst_")));
    assert_eq!(
        keys(&data["attributes"]),
        [
            "created-at",
            "created-via",
            "direction",
            "expired-at",
            "expires-at",
            "failed-at",
            "failure-reason",
            "pending-at",
            "redeemed-at",
            "status",
            "updated-at"
        ]
    );
    assert_eq!(data["attributes"]["status"], "new");
    assert_eq!(data["attributes"]["created-via"], "api");
    assert_eq!(data["attributes"]["created-at"], "2026-11-28T23:25:55.000Z");
    assert_eq!(data["attributes"]["expires-at"], "2026-11-29T23:25:55.000Z");
    assert_eq!(
        keys(&data["relationships"]),
        [
            "bridge",
            "creator",
            "destination",
            "destination-organization",
            "source",
            "source-organization"
        ]
    );
    assert_eq!(data["attributes"]["direction"], "outbound");
    assert_eq!(data["attributes"]["updated-at"], "2026-11-28T23:25:55.000Z");
    let key = a.f.world.organizations[&bank].api_key.id.clone();
    assert_eq!(
        data["relationships"]["creator"],
        json!({ "data": { "type": "api-key", "id": key.as_str() }, "meta": { "actor": "api-key" } })
    );
    assert_eq!(
        data["relationships"]["bridge"]["data"],
        json!({"type": "connect/organization-bridge", "id": bridge.as_str()})
    );
    assert_eq!(
        data["relationships"]["source"]["data"],
        json!({"type": "inquiry", "id": inquiry.as_str()})
    );
    assert_eq!(
        data["relationships"]["source-organization"]["data"]["id"],
        json!(bank.as_str())
    );
    assert_eq!(data["relationships"]["destination"]["data"], Value::Null);

    // The same token the Dashboard lists, for both sides.
    let id = id_of(&body);
    assert_eq!(a.f.world.outbound_tokens(&bank)[0].id, id);
    assert_eq!(a.f.world.inbound_tokens(&lumen)[0].id, id);
}

#[test]
fn create_token_refusals_point_at_the_attribute() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let bank = a.f.bank.clone();
    let before = a.f.world.share_tokens.clone();

    let missing = a.call(
        &bank,
        "POST",
        TOKENS,
        Some(attrs(json!({"bridge-id": bridge.as_str()}))),
    );
    assert_api_error(
        &missing,
        400,
        "request.attribute-required",
        Some("/data/attributes/source-id"),
    );

    let mistyped = a.call(
        &bank,
        "POST",
        TOKENS,
        Some(attrs(json!({"bridge-id": bridge.as_str(), "source-id": inquiry.as_str(), "expires-in-seconds": "3600"}))),
    );
    assert_api_error(
        &mistyped,
        400,
        "request.attribute-type",
        Some("/data/attributes/expires-in-seconds"),
    );

    let not_inquiry = a.call(&bank, "POST", TOKENS, Some(create_body(&bridge, &bridge)));
    assert_api_error(
        &not_inquiry,
        422,
        "share-token.source-must-be-inquiry",
        Some("/data/attributes/source-id"),
    );
    assert!(not_inquiry.1["errors"][0]["details"]
        .as_str()
        .is_some_and(|d| d.contains("The source must be an Inquiry")));

    let too_long = a.call(
        &bank,
        "POST",
        TOKENS,
        Some(attrs(json!({"bridge-id": bridge.as_str(), "source-id": inquiry.as_str(), "expires-in-seconds": 30}))),
    );
    assert_api_error(
        &too_long,
        422,
        "share-token.expiry-range",
        Some("/data/attributes/expires-in-seconds"),
    );

    let unknown_bridge = a.call(
        &bank,
        "POST",
        TOKENS,
        Some(create_body(&unknown_id("cnob"), &inquiry)),
    );
    assert_api_error(
        &unknown_bridge,
        404,
        "not-found",
        Some("/data/attributes/bridge-id"),
    );

    let malformed = a.send(
        &ApiRequest::new("POST", TOKENS)
            .bearer(&a.key(&bank))
            .body("{\"data\": {"),
    );
    assert_eq!(malformed.status, 400);
    assert!(malformed.body.contains("request.malformed-json"));

    assert_eq!(a.f.world.share_tokens, before, "no refusal created a token");
}

#[test]
fn lists_are_newest_first_filtered_and_paged_with_a_next_link() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let mut created = Vec::new();
    for minute in 0..5 {
        a.now = Timestamp(NOW.0 + minute * 60_000);
        created.push(id_of(&a.ok(
            &bank,
            "POST",
            TOKENS,
            Some(create_body(&bridge, &inquiry)),
        )));
    }
    a.ok(
        &bank,
        "POST",
        &format!("{TOKENS}/{}/expire", created[1]),
        None,
    );
    created.reverse();

    let page = a.ok(&bank, "GET", &format!("{TOKENS}?page[size]=2"), None);
    let ids: Vec<&str> = page["data"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, [created[0].as_str(), created[1].as_str()]);
    let next = page["links"]["next"].as_str().expect("a next link");
    assert_eq!(
        next,
        format!("{TOKENS}?page[size]=2&page[after]={}", created[1])
    );
    let page2 = a.ok(&bank, "GET", next, None);
    assert_eq!(page2["data"][0]["id"], json!(created[2].as_str()));
    let last = a.ok(
        &bank,
        "GET",
        &format!("{TOKENS}?page[size]=2&page[after]={}", created[3]),
        None,
    );
    assert_eq!(last["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["links"]["next"], Value::Null);

    let expired = a.ok(
        &bank,
        "GET",
        &format!("{TOKENS}?filter[status]=expired"),
        None,
    );
    assert_eq!(expired["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(expired["data"][0]["id"], json!(created[3].as_str()));
    let encoded = a.ok(
        &bank,
        "GET",
        &format!("{TOKENS}?filter%5Bstatus%5D=expired"),
        None,
    );
    assert_eq!(encoded, expired, "percent-encoded brackets read the same");

    let inbound = a.ok(
        &lumen,
        "GET",
        &format!("{TOKENS}?filter[direction]=inbound"),
        None,
    );
    assert_eq!(inbound["data"].as_array().map(Vec::len), Some(5));
    let outbound = a.ok(
        &lumen,
        "GET",
        &format!("{TOKENS}?filter[direction]=outbound"),
        None,
    );
    assert_eq!(outbound["data"].as_array().map(Vec::len), Some(0));
    let by_bridge = a.ok(
        &bank,
        "GET",
        &format!("{TOKENS}?filter[bridge-id]={bridge}"),
        None,
    );
    assert_eq!(by_bridge["data"].as_array().map(Vec::len), Some(5));
    let bazaar = a.f.bazaar.clone();
    let none = a.ok(&bazaar, "GET", TOKENS, None);
    assert_eq!(none["data"], json!([]), "a third org lists nothing");

    let bad_status = a.call(&bank, "GET", &format!("{TOKENS}?filter[status]=used"), None);
    assert_api_error(&bad_status, 400, "request.filter-value", None);
    assert_eq!(
        bad_status.1["errors"][0]["source"]["parameter"],
        "filter[status]"
    );
    let bad_size = a.call(&bank, "GET", &format!("{TOKENS}?page[size]=0"), None);
    assert_api_error(&bad_size, 400, "request.page-size", None);
    let bad_after = a.call(
        &bank,
        "GET",
        &format!("{TOKENS}?page[after]=cnst_nope"),
        None,
    );
    assert_api_error(&bad_after, 400, "request.page-cursor", None);
    let peek_in_list = a.call(
        &lumen,
        "GET",
        &format!("{TOKENS}?peek-source-data=true"),
        None,
    );
    assert_api_error(&peek_in_list, 400, "request.unknown-parameter", None);
}

#[test]
fn the_destination_peeks_at_masked_source_data_and_only_what_the_bridge_shares() {
    let mut a = Api::new();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let scopes = Scopes {
        fields: [
            connect::FieldGroup::Name,
            connect::FieldGroup::Birthdate,
            connect::FieldGroup::IdentificationNumber,
        ]
        .into_iter()
        .collect(),
        verifications: [connect::VerificationKind::GovernmentId]
            .into_iter()
            .collect(),
    };
    let (_, _, token) = a.f.token_setup(scopes, "alex");
    let path = format!("{TOKENS}/{token}?peek-source-data=true");
    let body = a.ok(&lumen, "GET", &path, None);
    assert_eq!(
        body["data"]["attributes"]["source-data"],
        json!({
            "name-initials": "A. R.",
            "birth-year": 1994,
            "identification-number": "••••4567",
            "evidence": ["government-id"],
            "inquiry-status": "completed",
        })
    );
    assert!(!body.to_string().contains("Rivera"), "no full name leaks");
    assert!(
        !body.to_string().contains("1994-03-14"),
        "no birthdate leaks"
    );

    let plain = a.ok(&lumen, "GET", &format!("{TOKENS}/{token}"), None);
    assert!(plain["data"]["attributes"].get("source-data").is_none());
    // Where peeking is not allowed the token comes without its source data, as in Persona.
    let by_source = a.ok(&bank, "GET", &path, None);
    assert!(by_source["data"]["attributes"].get("source-data").is_none());
    a.f.ok(&bank, expire(&token));
    let expired = a.ok(&lumen, "GET", &path, None);
    assert_eq!(expired["data"]["attributes"]["status"], "expired");
    assert!(expired["data"]["attributes"].get("source-data").is_none());
    let bad = a.call(
        &lumen,
        "GET",
        &format!("{TOKENS}/{token}?peek-source-data=yes"),
        None,
    );
    assert_api_error(&bad, 400, "request.peek-value", None);
}

#[test]
fn redeem_by_clone_includes_the_new_inquiry_and_by_hydrate_fills_the_given_one() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let first = id_of(&a.ok(&bank, "POST", TOKENS, Some(create_body(&bridge, &inquiry))));
    let second = id_of(&a.ok(&bank, "POST", TOKENS, Some(create_body(&bridge, &inquiry))));
    let basic = a.f.template(&lumen, "Lumen Basic");

    let redeemed = a.ok(
        &lumen,
        "POST",
        &format!("{TOKENS}/{first}/redeem?include=destination"),
        Some(attrs(json!({ "inquiry-template-id": basic }))),
    );
    assert_eq!(redeemed["data"]["attributes"]["status"], "redeemed");
    assert_eq!(
        redeemed["data"]["attributes"]["redeemed-at"],
        "2026-11-28T23:25:55.000Z"
    );
    let destination = redeemed["data"]["relationships"]["destination"]["data"]["id"].clone();
    assert_eq!(redeemed["included"][0]["id"], destination);
    assert_eq!(redeemed["included"][0]["attributes"]["status"], "completed");
    assert_eq!(
        redeemed["included"][0]["attributes"]["fields"]["name-last"],
        "Rivera"
    );

    let again = a.call(
        &lumen,
        "POST",
        &format!("{TOKENS}/{first}/redeem"),
        Some(attrs(json!({ "inquiry-template-id": basic }))),
    );
    assert_api_error(&again, 409, "share-token.redeem-once", None);

    let fresh = id_of(&a.ok(
        &lumen,
        "POST",
        "/api/v1/inquiries",
        Some(attrs(json!({ "inquiry-template-id": basic }))),
    ));
    let hydrated = a.ok(
        &lumen,
        "POST",
        &format!("{TOKENS}/{second}/redeem"),
        Some(attrs(json!({ "destination-id": fresh.as_str() }))),
    );
    assert_eq!(
        hydrated["data"]["relationships"]["destination"]["data"]["id"],
        json!(fresh.as_str())
    );

    assert!(
        hydrated.get("included").is_none(),
        "nothing is included unless asked for"
    );
    let both = a.call(
        &lumen,
        "POST",
        &format!("{TOKENS}/{second}/redeem"),
        Some(attrs(
            json!({ "inquiry-template-id": basic, "destination-id": fresh.as_str() }),
        )),
    );
    assert_api_error(
        &both,
        400,
        "redeem.one-target",
        Some("/data/attributes/inquiry-template-id"),
    );
    let wrong_template = a.call(
        &lumen,
        "POST",
        &format!("{TOKENS}/{second}/redeem"),
        Some(attrs(json!({ "inquiry-template-id": "itmpl_nope" }))),
    );
    // The token is already redeemed, and that is said first.
    assert_api_error(&wrong_template, 409, "share-token.redeem-once", None);
}

#[test]
fn a_blank_redeem_target_is_refused_as_blank_and_the_token_stays_new() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let token = id_of(&a.ok(&bank, "POST", TOKENS, Some(create_body(&bridge, &inquiry))));
    for (name, leave_out) in [
        ("destination-id", "to clone instead of hydrating"),
        (
            "inquiry-template-id",
            "to clone into the bridge's default template",
        ),
    ] {
        for blank in ["", "  "] {
            let refused = a.call(
                &lumen,
                "POST",
                &format!("{TOKENS}/{token}/redeem"),
                Some(attrs(json!({ name: blank }))),
            );
            let pointer = format!("/data/attributes/{name}");
            assert_api_error(&refused, 400, "redeem.attribute-blank", Some(&pointer));
            let details = refused.1["errors"][0]["details"].clone();
            assert_eq!(
                details,
                json!(format!(
                    "`{name}` is blank: give an id, or leave `{name}` out {leave_out}."
                ))
            );
        }
    }
    let kept = a.ok(&lumen, "GET", &format!("{TOKENS}/{token}"), None);
    assert_eq!(kept["data"]["attributes"]["status"], "new");
    // Left out, the token clones into the bridge's default template.
    let redeemed = a.ok(&lumen, "POST", &format!("{TOKENS}/{token}/redeem"), None);
    assert_eq!(redeemed["data"]["attributes"]["status"], "redeemed");
}

#[test]
fn peek_on_a_create_says_it_is_for_retrieving_one_token() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let bank = a.f.bank.clone();
    let refused = a.call(
        &bank,
        "POST",
        &format!("{TOKENS}?peek-source-data=true"),
        Some(create_body(&bridge, &inquiry)),
    );
    assert_api_error(&refused, 400, "request.unknown-parameter", None);
    let details = refused.1["errors"][0]["details"].clone();
    assert_eq!(
        details,
        "`peek-source-data` is only for retrieving one share token (`GET /api/v1/connect/share-tokens/{id}`), not for this endpoint."
    );
}

// ---- the authorization matrix --------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Source,
    Destination,
    Third,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Retrieve,
    Peek,
    Expire,
    Redeem,
}

/// A token in `status` (new, redeemed, expired, failed), plus the world around it.
fn token_in(status: ShareTokenStatus) -> (Api, Id) {
    let mut a = Api::new();
    let (bridge, _, token) = a.f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    match status {
        ShareTokenStatus::New => {}
        ShareTokenStatus::Redeemed => {
            a.f.redeem_clone(&token, "Lumen Basic");
        }
        ShareTokenStatus::Expired => {
            a.f.ok(&bank, expire(&token));
        }
        ShareTokenStatus::Failed => {
            a.f.ok(&bank, deactivate(&bridge));
            let template_id = a.f.template(&lumen, "Lumen Basic");
            a.f.ok(
                &lumen,
                redeem(&token, connect::RedeemTarget::Clone { template_id }),
            );
        }
        ShareTokenStatus::Pending => unreachable!("a redeem run finishes at once"),
    }
    assert_eq!(a.f.token(&token).status, status);
    (a, token)
}

fn expected(role: Role, status: ShareTokenStatus, action: Action) -> u16 {
    use ShareTokenStatus::*;
    match (role, action) {
        (Role::Third, _) => 404,
        (_, Action::Retrieve) => 200,
        (_, Action::Peek) => 200,
        (Role::Source, Action::Redeem) => 403,
        (Role::Destination, Action::Expire) => 403,
        (Role::Source, Action::Expire) => {
            if status == New {
                200
            } else {
                422
            }
        }
        (Role::Destination, Action::Redeem) => match status {
            New => 200,
            Redeemed => 409,
            _ => 422,
        },
    }
}

#[test]
fn the_authorization_matrix_through_the_api() {
    use ShareTokenStatus::*;
    let mut checked = 0;
    for status in [New, Redeemed, Expired, Failed] {
        for role in [Role::Source, Role::Destination, Role::Third] {
            for action in [
                Action::Retrieve,
                Action::Peek,
                Action::Expire,
                Action::Redeem,
            ] {
                let (mut a, token) = token_in(status);
                let org = match role {
                    Role::Source => a.f.bank.clone(),
                    Role::Destination => a.f.lumen.clone(),
                    Role::Third => a.f.bazaar.clone(),
                };
                let template =
                    a.f.world
                        .templates_of(&org)
                        .first()
                        .map(|t| t.id.to_string())
                        .unwrap_or_default();
                let tokens_before = a.f.world.share_tokens.clone();
                let (method, path, body) = match action {
                    Action::Retrieve => ("GET", format!("{TOKENS}/{token}"), None),
                    Action::Peek => (
                        "GET",
                        format!("{TOKENS}/{token}?peek-source-data=true"),
                        None,
                    ),
                    Action::Expire => ("POST", format!("{TOKENS}/{token}/expire"), None),
                    Action::Redeem => (
                        "POST",
                        format!("{TOKENS}/{token}/redeem"),
                        Some(attrs(json!({ "inquiry-template-id": template }))),
                    ),
                };
                let (got, body) = a.call(&org, method, &path, body);
                let want = expected(role, status, action);
                assert_eq!(got, want, "{role:?} × {status:?} × {action:?}: {body}");
                if want >= 400 {
                    assert_eq!(body["errors"][0]["status"], json!(want.to_string()));
                    assert_eq!(
                        a.f.world.share_tokens, tokens_before,
                        "a refusal changes nothing"
                    );
                    if want == 422 || want == 409 {
                        let detail = body["errors"][0]["details"].as_str().unwrap_or_default();
                        assert!(
                            detail.contains(status.as_str()),
                            "names the status: {detail}"
                        );
                    }
                } else {
                    assert_eq!(body["data"]["id"], json!(token.as_str()));
                    let peeked = body["data"]["attributes"].get("source-data").is_some();
                    let may_peek =
                        action == Action::Peek && role == Role::Destination && status == New;
                    assert_eq!(peeked, may_peek, "{role:?} × {status:?} × {action:?}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 48);
}

// ---- bridges, inquiries, templates -------------------------------------------------------

#[test]
fn bridges_through_their_whole_life_by_api() {
    let mut a = Api::new();
    let (bank, lumen, bazaar) = (a.f.bank.clone(), a.f.lumen.clone(), a.f.bazaar.clone());
    let body = attrs(json!({
        "destination-organization-id": lumen.as_str(),
        "scopes": { "fields": ["name", "birthdate"], "verifications": ["government-id"] }
    }));
    let (status, created) = a.call(&bank, "POST", BRIDGES, Some(body.clone()));
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["data"]["type"], "connect/organization-bridge");
    assert_eq!(created["data"]["attributes"]["status"], "pending");
    assert_eq!(
        created["data"]["attributes"]["scopes"],
        json!({ "fields": ["name", "birthdate"], "verifications": ["government-id"] })
    );
    assert_eq!(
        keys(&created["data"]["relationships"]),
        [
            "default-inquiry-template",
            "destination-organization",
            "source-organization"
        ]
    );
    assert_eq!(
        created["data"]["relationships"]["default-inquiry-template"],
        json!({ "data": null }),
        "no template is picked before the destination activates"
    );
    let bridge = id_of(&created);

    let duplicate = a.call(&bank, "POST", BRIDGES, Some(body));
    assert_api_error(
        &duplicate,
        409,
        "bridge.one-per-pair",
        Some("/data/attributes/destination-organization-id"),
    );
    let by_source = a.call(&bank, "POST", &format!("{BRIDGES}/{bridge}/activate"), None);
    assert_api_error(&by_source, 403, "bridge.destination-activates", None);
    let by_third = a.call(&bazaar, "GET", &format!("{BRIDGES}/{bridge}"), None);
    assert_api_error(&by_third, 404, "not-found", None);
    let bad_scope = a.call(
        &bank,
        "POST",
        BRIDGES,
        Some(attrs(
            json!({ "destination-organization-id": bazaar.as_str(), "scopes": { "fields": ["shoe-size"] } }),
        )),
    );
    assert_api_error(
        &bad_scope,
        400,
        "request.attribute-value",
        Some("/data/attributes/scopes/fields/0"),
    );

    let active = a.ok(
        &lumen,
        "POST",
        &format!("{BRIDGES}/{bridge}/activate"),
        None,
    );
    assert_eq!(active["data"]["attributes"]["status"], "active");
    assert_eq!(
        active["data"]["attributes"]["activated-at"],
        "2026-11-28T23:25:55.000Z"
    );
    let off = a.ok(
        &lumen,
        "POST",
        &format!("{BRIDGES}/{bridge}/deactivate"),
        None,
    );
    assert_eq!(off["data"]["attributes"]["status"], "inactive");
    let again = a.call(
        &lumen,
        "POST",
        &format!("{BRIDGES}/{bridge}/deactivate"),
        None,
    );
    assert_api_error(&again, 422, "bridge.deactivate-only-open", None);
    let back = a.ok(
        &bank,
        "POST",
        &format!("{BRIDGES}/{bridge}/reactivate"),
        None,
    );
    assert_eq!(back["data"]["attributes"]["status"], "pending");

    let inbound = a.ok(
        &lumen,
        "GET",
        &format!("{BRIDGES}?filter[direction]=inbound"),
        None,
    );
    assert_eq!(inbound["data"][0]["id"], json!(bridge.as_str()));
    let active_only = a.ok(
        &bank,
        "GET",
        &format!("{BRIDGES}?filter[status]=active"),
        None,
    );
    assert_eq!(active_only["data"], json!([]));
}

#[test]
fn inquiries_are_created_with_a_template_completed_and_listed() {
    let mut a = Api::new();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let templates = a.ok(&bank, "GET", "/api/v1/inquiry-templates", None);
    let names: Vec<&str> = templates["data"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["attributes"]["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Premium KYC", "Retail KYC"]);
    assert_eq!(templates["data"][1]["type"], "inquiry-template");
    let retail = a.f.template(&bank, "Retail KYC");
    let alex = person("alex").fields;
    let body = attrs(json!({
        "inquiry-template-id": retail,
        "fields": {
            "name-first": alex.name_first, "name-last": alex.name_last, "birthdate": alex.birthdate,
            "identification-number": alex.identification_number, "address-country-code": "US"
        },
        "evidence": ["government-id", "selfie"]
    }));
    let (status, created) = a.call(&bank, "POST", "/api/v1/inquiries", Some(body));
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["data"]["attributes"]["status"], "created");
    assert_eq!(
        created["data"]["attributes"]["fields"]["name-first"],
        "Alex"
    );
    assert_eq!(
        created["data"]["attributes"]["fields"]["email-address"],
        Value::Null
    );
    let id = id_of(&created);

    // A token for an inquiry that has not completed is refused.
    let bridge = a.f.active_bridge(&bank, &lumen, Scopes::everything());
    let early = a.call(&bank, "POST", TOKENS, Some(create_body(&bridge, &id)));
    assert_api_error(
        &early,
        422,
        "share-token.inquiry-must-be-completed",
        Some("/data/attributes/source-id"),
    );

    let done = a.ok(
        &bank,
        "POST",
        &format!("/api/v1/inquiries/{id}/complete"),
        None,
    );
    assert_eq!(done["data"]["attributes"]["status"], "completed");
    assert_eq!(
        done["data"]["relationships"]["verifications"]["data"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let listed = a.ok(
        &bank,
        "GET",
        "/api/v1/inquiries?filter[status]=completed",
        None,
    );
    assert_eq!(listed["data"][0]["id"], json!(id.as_str()));
    let other = a.call(&lumen, "GET", &format!("/api/v1/inquiries/{id}"), None);
    assert_api_error(&other, 404, "not-found", None);
    let not_inquiry = a.call(
        &bank,
        "POST",
        &format!("/api/v1/inquiries/{bridge}/complete"),
        None,
    );
    assert_api_error(&not_inquiry, 422, "inquiry-id-prefix", None);
    let unknown_field = a.call(
        &bank,
        "POST",
        "/api/v1/inquiries",
        Some(attrs(
            json!({ "inquiry-template-id": retail, "fields": { "shoe-size": "42" } }),
        )),
    );
    assert_api_error(
        &unknown_field,
        400,
        "inquiry.unknown-field",
        Some("/data/attributes/fields/shoe-size"),
    );
    let other_template = a.f.template(&lumen, "Lumen Basic");
    let foreign = a.call(
        &bank,
        "POST",
        "/api/v1/inquiries",
        Some(attrs(json!({ "inquiry-template-id": other_template }))),
    );
    assert_api_error(
        &foreign,
        404,
        "not-found",
        Some("/data/attributes/inquiry-template-id"),
    );
}

// ---- auth, routes ------------------------------------------------------------------------

#[test]
fn a_missing_wrong_or_rolled_key_is_401_and_every_answer_has_a_request_id() {
    let mut a = Api::new();
    let bank = a.f.bank.clone();
    let old = a.key(&bank);
    for request in [
        ApiRequest::new("GET", TOKENS),
        ApiRequest::new("GET", TOKENS).header("Authorization", &old),
        ApiRequest::new("GET", TOKENS).bearer("sk_test_not_a_key"),
        ApiRequest::new("GET", TOKENS).bearer(""),
    ] {
        let response = a.send(&request);
        assert_eq!(response.status, 401, "{request:?}");
        assert!(response
            .header_value("Request-Id")
            .is_some_and(|r| r.starts_with("req_")));
        assert!(response.body.contains("\"status\":\"401\""));
    }
    assert!(
        a.f.api.log_of(&bank).is_empty(),
        "no org to log an unauthenticated call for"
    );

    a.f.ok(&bank, Command::RollApiKey);
    let new = a.key(&bank);
    assert_ne!(new, old);
    assert_eq!(
        a.send(&ApiRequest::new("GET", TOKENS).bearer(&old)).status,
        401
    );
    let response =
        a.send(&ApiRequest::new("GET", TOKENS).header("authorization", &format!("bearer {new}")));
    assert_eq!(
        response.status, 200,
        "header name and scheme are case-insensitive"
    );
    assert!(response
        .header_value("Request-Id")
        .is_some_and(|r| r.starts_with("req_")));
    assert_eq!(
        a.f.logged(&bank, "organization.api-key-rolled", &bank)
            .len(),
        1
    );
}

#[test]
fn unknown_paths_are_404_and_wrong_methods_405_with_allow() {
    let mut a = Api::new();
    let bank = a.f.bank.clone();
    let nowhere = a.call(&bank, "GET", "/api/v1/connect/share-token", None);
    assert_api_error(&nowhere, 404, "route.not-found", None);
    let response = a.send(&ApiRequest::new("DELETE", TOKENS).bearer(&a.key(&bank)));
    assert_eq!(response.status, 405);
    assert_eq!(response.header_value("Allow"), Some("GET, POST"));
    assert!(response.body.contains("route.method-not-allowed"));
}

// ---- idempotency -------------------------------------------------------------------------

#[test]
fn the_same_idempotency_key_and_body_replays_the_first_answer() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let bank = a.f.bank.clone();
    let request = ApiRequest::new("POST", TOKENS)
        .bearer(&a.key(&bank))
        .header("Idempotency-Key", "order-1001")
        .body(&create_body(&bridge, &inquiry).to_string());
    let first = a.send(&request);
    assert_eq!(first.status, 201);
    // The same JSON with other spacing is the same body.
    let mut retry = request.clone();
    retry.body = serde_json::to_string_pretty(&create_body(&bridge, &inquiry)).unwrap_or_default();
    let second = a.send(&retry);
    assert_eq!(second.status, 201);
    assert_eq!(second.body, first.body);
    assert_eq!(second.header_value("Idempotent-Replayed"), Some("true"));
    assert_ne!(
        second.header_value("Request-Id"),
        first.header_value("Request-Id")
    );
    assert_eq!(
        a.f.world.outbound_tokens(&bank).len(),
        1,
        "one token, not two"
    );

    let mut other = request.clone();
    other.body = attrs(json!({"bridge-id": bridge.as_str(), "source-id": inquiry.as_str(), "expires-in-seconds": 60})).to_string();
    let mismatch = a.send(&other);
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("idempotency.key-reused"));
    assert_eq!(a.f.world.outbound_tokens(&bank).len(), 1);

    // Another org may use the same key for its own request.
    let lumen = a.f.lumen.clone();
    let theirs = a.send(
        &ApiRequest::new("POST", TOKENS)
            .bearer(&a.key(&lumen))
            .header("Idempotency-Key", "order-1001")
            .body("{}"),
    );
    assert_eq!(theirs.status, 400);
}

#[test]
fn a_retry_is_the_same_request_in_any_key_casing_and_without_a_body_as_with_an_empty_one() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let create = ApiRequest::new("POST", TOKENS)
        .bearer(&a.key(&bank))
        .header("Idempotency-Key", "casing")
        .body(&create_body(&bridge, &inquiry).to_string());
    let first = a.send(&create);
    assert_eq!(first.status, 201);
    let mut camel = create.clone();
    camel.body =
        attrs(json!({ "bridgeId": bridge.as_str(), "sourceId": inquiry.as_str() })).to_string();
    let replayed = a.send(&camel);
    assert_eq!(
        replayed.header_value("Idempotent-Replayed"),
        Some("true"),
        "{}",
        replayed.body
    );
    assert_eq!(replayed.body, first.body);
    assert_eq!(
        a.f.world.outbound_tokens(&bank).len(),
        1,
        "one token, not two"
    );

    let token = id_of(&first.json().expect("JSON"));
    let redeem = ApiRequest::new("POST", &format!("{TOKENS}/{token}/redeem"))
        .bearer(&a.key(&lumen))
        .header("Idempotency-Key", "no-body");
    let redeemed = a.send(&redeem);
    assert_eq!(redeemed.status, 200, "{}", redeemed.body);
    let again = a.send(&redeem.clone().body("{}"));
    assert_eq!(
        again.header_value("Idempotent-Replayed"),
        Some("true"),
        "{}",
        again.body
    );
    assert_eq!(again.body, redeemed.body);
}

#[test]
fn a_key_given_in_two_casings_is_refused_and_names_both() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let bank = a.f.bank.clone();
    let twice = a.call(
        &bank,
        "POST",
        TOKENS,
        Some(attrs(json!({ "bridge-id": bridge.as_str(), "bridgeId": "cnob_nope", "source-id": inquiry.as_str() }))),
    );
    assert_api_error(
        &twice,
        400,
        "request.key-in-two-casings",
        Some("/data/attributes/bridge-id"),
    );
    assert_eq!(
        twice.1["errors"][0]["details"],
        "`bridge-id` and `bridgeId` are one key, `bridge-id`, in two casings: give it once."
    );
    assert!(
        a.f.world.outbound_tokens(&bank).is_empty(),
        "nothing created"
    );

    let template = a.f.template(&bank, "Retail KYC");
    let nested = a.call(
        &bank,
        "POST",
        "/api/v1/inquiries",
        Some(attrs(json!({
            "inquiry-template-id": template,
            "fields": { "address_street_1": "1 Main", "addressStreet1": "2 Main" },
        }))),
    );
    assert_api_error(
        &nested,
        400,
        "request.key-in-two-casings",
        Some("/data/attributes/fields/address-street-1"),
    );
}

#[test]
fn errors_are_replayed_too() {
    let mut a = Api::new();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let inquiry = a.f.completed_inquiry(&bank, "Retail KYC", "alex");
    let bridge = a.f.create_bridge(&bank, &lumen, Scopes::everything());
    let request = ApiRequest::new("POST", TOKENS)
        .bearer(&a.key(&bank))
        .header("Idempotency-Key", "k-1")
        .body(&create_body(&bridge, &inquiry).to_string());
    let first = a.send(&request);
    assert_eq!(first.status, 422, "the bridge is still pending");
    a.f.ok(&lumen, activate(&bridge));
    let second = a.send(&request);
    assert_eq!((second.status, &second.body), (422, &first.body));
    assert!(a.f.world.outbound_tokens(&bank).is_empty());
    let fresh_key = a.send(&ApiRequest {
        headers: vec![
            ("Authorization".into(), format!("Bearer {}", a.key(&bank))),
            ("Idempotency-Key".into(), "k-2".into()),
        ],
        ..request
    });
    assert_eq!(fresh_key.status, 201);
}

#[test]
fn rate_limit_is_300_a_minute_on_the_playground_clock_and_429_is_not_replayed() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let bank = a.f.bank.clone();
    let list = ApiRequest::new("GET", TOKENS).bearer(&a.key(&bank));
    for n in 1..=300 {
        let response = a.send(&list);
        assert_eq!(response.status, 200);
        assert_eq!(response.header_value("RateLimit-Limit"), Some("300"));
        assert_eq!(
            response.header_value("RateLimit-Remaining"),
            Some((300 - n).to_string().as_str())
        );
    }
    let post = ApiRequest::new("POST", TOKENS)
        .bearer(&a.key(&bank))
        .header("Idempotency-Key", "during-limit")
        .body(&create_body(&bridge, &inquiry).to_string());
    a.now = Timestamp(NOW.0 + 20_000);
    let limited = a.send(&post);
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("rate-limit.per-minute"));
    assert_eq!(limited.header_value("RateLimit-Remaining"), Some("0"));
    assert_eq!(limited.header_value("RateLimit-Reset"), Some("40"));
    // Another org has its own budget.
    let lumen = a.f.lumen.clone();
    assert_eq!(
        a.send(&ApiRequest::new("GET", TOKENS).bearer(&a.key(&lumen)))
            .status,
        200
    );

    a.now = Timestamp(NOW.0 + 60_000);
    let after = a.send(&post);
    assert_eq!(after.status, 201, "the 429 was not kept for replay");
    assert_eq!(after.header_value("RateLimit-Remaining"), Some("299"));
}

// ---- the request log, the Dashboard's calls ------------------------------------------------

#[test]
fn every_call_is_logged_per_org_newest_first_with_the_key_masked() {
    let mut a = Api::new();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let key = a.key(&bank);
    let response = a.send(&ApiRequest::new("GET", "/api/v1/inquiries").bearer(&key));
    a.send(&ApiRequest::new("GET", "/nowhere").bearer(&key));
    let log = a.f.api.log_of(&bank);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].request.path, "/nowhere");
    assert_eq!(log[0].response.status, 404);
    assert_eq!(log[1].origin, Origin::Api);
    assert_eq!(
        Some(log[1].id.as_str()),
        response.header_value("Request-Id")
    );
    assert_eq!(
        log[1].request.headers[0].1,
        format!("Bearer …{}", &key[key.len() - 4..])
    );
    assert!(a.f.api.log_of(&lumen).is_empty());

    for _ in 0..api::LOG_LIMIT_PER_ORG + 5 {
        a.send(&ApiRequest::new("GET", "/api/v1/inquiries").bearer(&key));
    }
    assert_eq!(
        a.f.api.log_of(&bank).len(),
        api::LOG_LIMIT_PER_ORG,
        "bounded"
    );
    assert!(
        a.f.api
            .log_of(&bank)
            .iter()
            .all(|e| e.request.path != "/nowhere"),
        "oldest dropped first"
    );
}

#[test]
fn dashboard_commands_are_logged_as_their_api_equivalent_and_refusals_are_not() {
    let mut a = Api::new();
    let (bridge, inquiry) = shareable(&mut a);
    let bank = a.f.bank.clone();
    let events =
        a.f.flow_at(&bank, create_token(&bridge, inquiry.as_str(), None), NOW)
            .expect("accepted");
    let token = object_of(&events, "share-token.created");
    let log = a.f.api.log_of(&bank);
    assert_eq!(log.len(), 1);
    let entry = log[0].clone();
    assert_eq!(entry.origin, Origin::Dashboard);
    assert_eq!(entry.request.method, "POST");
    assert_eq!(entry.request.path, TOKENS);
    assert_eq!(
        serde_json::from_str::<Value>(&entry.request.body).ok(),
        Some(create_body(&bridge, &inquiry))
    );
    assert_eq!(entry.response.status, 201);
    assert!(entry.response.body.contains(token.as_str()));

    let before = (a.f.world.clone(), a.f.api.clone());
    let refused =
        a.f.flow_at(&bank, create_token(&bridge, bridge.as_str(), None), NOW);
    assert!(refused.is_err());
    assert_eq!(
        (a.f.world.clone(), a.f.api.clone()),
        before,
        "a refused Dashboard action changes nothing, the log included"
    );

    // Re-sending the logged request through the API does what the Dashboard did.
    let mut again = entry.request.clone();
    again = again.bearer(&a.key(&bank));
    let response = a.send(&again);
    assert_eq!(response.status, 201);
    assert_eq!(a.f.world.outbound_tokens(&bank).len(), 2);
}

// ---- the partner inbox -------------------------------------------------------------------

#[test]
fn the_source_sends_a_token_to_the_destinations_api_and_it_lands_in_its_inbox() {
    let mut a = Api::new();
    let (bank, lumen, bazaar) = (a.f.bank.clone(), a.f.lumen.clone(), a.f.bazaar.clone());
    let (_, _, token) = a.f.token_setup(Scopes::everything(), "alex");
    a.now = Timestamp(NOW.0 + 5_000);
    let body = attrs(json!({ "share-token-id": token.as_str() }));
    let (status, sent) = a.call(
        &bank,
        "POST",
        &format!("/partners/{lumen}/share-tokens"),
        Some(body.clone()),
    );
    assert_eq!(status, 202, "{sent}");
    assert_eq!(sent["data"]["type"], "partner/share-token-delivery");
    assert_eq!(sent["data"]["attributes"]["sender-name"], "Northwind Bank");
    assert_eq!(
        sent["data"]["attributes"]["received-at"],
        "2026-11-28T23:26:00.000Z"
    );
    let inbox = a.f.world.inbox_of(&lumen);
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (&inbox[0].share_token_id, &inbox[0].sender_org_id),
        (&token, &bank)
    );
    assert!(a.f.world.inbox_of(&bank).is_empty());

    // Sent again later: still one token to redeem, shown at its latest delivery.
    a.now = Timestamp(NOW.0 + 9_000);
    let again = a.call(
        &bank,
        "POST",
        &format!("/partners/{lumen}/share-tokens"),
        Some(body.clone()),
    );
    assert_eq!(again.0, 202, "{}", again.1);
    let inbox = a.f.world.inbox_of(&lumen);
    assert_eq!(inbox.len(), 1, "one entry per token");
    assert_eq!(inbox[0].received_at, a.now);

    let wrong = a.call(
        &bank,
        "POST",
        &format!("/partners/{bazaar}/share-tokens"),
        Some(body.clone()),
    );
    assert_api_error(&wrong, 422, "share-token.send-to-its-destination", None);
    let by_destination = a.call(
        &lumen,
        "POST",
        &format!("/partners/{lumen}/share-tokens"),
        Some(body.clone()),
    );
    assert_api_error(&by_destination, 403, "share-token.source-sends", None);
    let nobody = a.call(
        &bank,
        "POST",
        "/partners/org_nobody/share-tokens",
        Some(body),
    );
    assert_api_error(&nobody, 404, "partner.unknown-organization", None);
    let unknown = a.call(
        &bank,
        "POST",
        &format!("/partners/{lumen}/share-tokens"),
        Some(attrs(json!({ "share-token-id": "cnst_nope" }))),
    );
    assert_api_error(
        &unknown,
        404,
        "not-found",
        Some("/data/attributes/share-token-id"),
    );
    assert_eq!(
        a.f.world.partner_inbox.len(),
        1,
        "one entry for the token sent twice, and none for a refused send"
    );
}

// ---- stored data -------------------------------------------------------------------------

#[test]
fn a_world_saved_before_the_api_existed_still_loads() {
    let a = Api::new();
    let saved = connect::snapshot::Snapshot::new(a.f.world.clone(), 0);
    let mut value = serde_json::to_value(&saved).expect("encodes");
    let object = value["world"].as_object_mut().expect("an object");
    object.remove("api");
    object.remove("partner_inbox");
    let loaded = connect::snapshot::Snapshot::decode(&value.to_string())
        .expect("decodes without the new fields");
    assert_eq!(loaded.world, a.f.world);
}

#[test]
fn the_console_lists_a_working_request_for_every_inquiry_and_template_endpoint() {
    let mut a = Api::new();
    let bank = a.f.bank.clone();
    a.f.completed_inquiry(&bank, "Retail KYC", "alex");
    let secret = a.key(&bank);
    let examples = api::examples::examples(&a.f.world, &bank, &secret, NOW);
    let labels: Vec<&str> = examples.iter().map(|e| e.label).collect();
    for wanted in [
        "Inquiries: approve",
        "Inquiries: decline",
        "Inquiries: mark for review",
        "Inquiry Templates: retrieve",
    ] {
        assert!(labels.contains(&wanted), "{wanted} missing from {labels:?}");
    }
    // Each ready request names a real endpoint and ids the org can use, on the state the list
    // was made for.
    let before = a.f.world.clone();
    let sent: Vec<_> = examples.iter().filter(|e| wanted_now(e.label)).collect();
    assert_eq!(
        sent.len(),
        5,
        "templates list and retrieve, approve, decline, mark for review"
    );
    for example in sent {
        a.f.world = before.clone();
        let response = a.send(&example.request);
        assert!(
            response.status < 400,
            "{}: {} {}",
            example.label,
            response.status,
            response.body
        );
    }
}

/// The examples the test above sends: those the fixture has ids for.
fn wanted_now(label: &str) -> bool {
    label.starts_with("Inquiry Templates")
        || label.ends_with("approve")
        || label.ends_with("decline")
        || label.ends_with("mark for review")
}
