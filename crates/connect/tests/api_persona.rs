//! The API speaks Persona's dialect (docs/api.md, issue 12): error objects, clone by default,
//! Key-Inflection, paging both ways, include and fields, peek, the share token's shape, the
//! bridge's `destination-organization-id`, and Persona's headers.

mod common;

use common::*;
use connect::api::{ApiRequest, ApiResponse};
use connect::{Command, Id, Scopes, Timestamp};
use serde_json::{json, Value};

const TOKENS: &str = "/api/v1/connect/share-tokens";
const BRIDGES: &str = "/api/v1/connect/organization-bridges";

struct Api {
    f: Fixture,
}

impl Api {
    fn new() -> Api {
        Api { f: Fixture::new() }
    }

    fn request(&self, org: &Id, method: &str, path: &str, body: Option<Value>) -> ApiRequest {
        let secret = &self.f.world.organizations[org].api_key.secret;
        let request = ApiRequest::new(method, path).bearer(secret);
        match body {
            Some(body) => request.body(&body.to_string()),
            None => request,
        }
    }

    fn send(&mut self, request: &ApiRequest) -> (ApiResponse, Value) {
        let response = self.f.call_api(request, NOW);
        let json = response.json().unwrap_or(Value::Null);
        (response, json)
    }

    fn call(&mut self, org: &Id, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let request = self.request(org, method, path, body);
        let (response, json) = self.send(&request);
        (response.status, json)
    }

    /// A bank → Lumen active bridge and a completed bank inquiry.
    fn shareable(&mut self) -> (Id, Id) {
        let (bank, lumen) = (self.f.bank.clone(), self.f.lumen.clone());
        let bridge = self.f.active_bridge(&bank, &lumen, Scopes::everything());
        let inquiry = self.f.completed_inquiry(&bank, "Retail KYC", "alex");
        (bridge, inquiry)
    }
}

fn attrs(attributes: Value) -> Value {
    json!({ "data": { "attributes": attributes } })
}

fn token_body(bridge: &Id, inquiry: &Id) -> Value {
    attrs(json!({ "bridge-id": bridge.as_str(), "source-id": inquiry.as_str() }))
}

#[test]
fn a_missing_attribute_is_a_parameter_missing_error_with_details_and_a_pointer() {
    let mut a = Api::new();
    let (bridge, _) = a.shareable();
    let bank = a.f.bank.clone();
    let (status, body) = a.call(
        &bank,
        "POST",
        TOKENS,
        Some(attrs(json!({ "bridge-id": bridge.as_str() }))),
    );
    assert_eq!(status, 400);
    let error = &body["errors"][0];
    assert_eq!(error["title"], "Parameter missing");
    assert_eq!(error["details"], "`source-id` is required.");
    assert_eq!(error["source"]["pointer"], "/data/attributes/source-id");
    assert_eq!(error["code"], "request.attribute-required");
    assert!(error.get("detail").is_none(), "Persona says `details`");

    let (_, unknown) = a.call(&bank, "GET", &format!("{TOKENS}/cnst_nope"), None);
    assert_eq!(unknown["errors"][0]["title"], "Not found");
    let (_, invalid) = a.call(&bank, "POST", TOKENS, Some(token_body(&bridge, &bridge)));
    assert_eq!(invalid["errors"][0]["title"], "Record invalid");
    let anonymous = ApiRequest::new("GET", TOKENS);
    let (response, body) = a.send(&anonymous);
    assert_eq!(response.status, 401);
    assert_eq!(body["errors"][0]["title"], "Unauthorized");
}

#[test]
fn a_redeem_without_destination_id_clones_into_the_default_template_and_includes_only_when_asked() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let first = a.f.create_token(&bank, &bridge, &inquiry);
    let second = a.f.create_token(&bank, &bridge, &inquiry);

    let (status, plain) = a.call(
        &lumen,
        "POST",
        &format!("{TOKENS}/{first}/redeem"),
        Some(attrs(json!({}))),
    );
    assert_eq!(status, 200, "{plain}");
    assert_eq!(plain["data"]["attributes"]["status"], "redeemed");
    assert!(plain.get("included").is_none(), "{plain}");
    let clone = a.f.token(&first).destination_inquiry_id.clone();
    let clone = clone.map(|id| a.f.inquiry(&id).template_id.clone());
    let default = a.f.world.templates_of(&lumen)[0].id.clone();
    assert_eq!(
        clone,
        Some(default),
        "the first template, as the Dashboard lists them"
    );

    let (status, with) = a.call(
        &lumen,
        "POST",
        &format!("{TOKENS}/{second}/redeem?include=destination"),
        None,
    );
    assert_eq!(status, 200, "{with}");
    let included = with["included"].as_array().cloned().unwrap_or_default();
    assert_eq!(included.len(), 1, "{with}");
    assert_eq!(
        included[0]["id"],
        with["data"]["relationships"]["destination"]["data"]["id"]
    );
    assert_eq!(included[0]["type"], "inquiry");
}

#[test]
fn key_inflection_reads_every_casing_and_answers_in_the_one_asked_for() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let bank = a.f.bank.clone();
    let snake = a
        .request(
            &bank,
            "POST",
            TOKENS,
            Some(attrs(
                json!({ "bridge_id": bridge.as_str(), "source_id": inquiry.as_str(), "expires_in_seconds": 600 }),
            )),
        )
        .header("Key-Inflection", "snake");
    let (response, body) = a.send(&snake);
    assert_eq!(response.status, 201, "{body}");
    assert_eq!(
        body["data"]["attributes"]["expires_at"],
        "2026-11-28T23:35:55.000Z"
    );
    assert!(body["data"]["relationships"]
        .get("destination_organization")
        .is_some());

    let camel = a
        .request(
            &bank,
            "POST",
            TOKENS,
            Some(attrs(json!({ "bridgeId": bridge.as_str() }))),
        )
        .header("Key-Inflection", "camel");
    let (response, body) = a.send(&camel);
    assert_eq!(response.status, 400);
    assert_eq!(
        body["errors"][0]["source"]["pointer"],
        "/data/attributes/sourceId"
    );
    // The details name the attribute as the pointer does, in the caller's casing.
    let details = body["errors"][0]["details"].as_str().unwrap_or_default();
    assert!(details.contains("`sourceId`"), "{details}");
    assert!(!details.contains("`source-id`"), "{details}");

    let camel_read = a
        .request(
            &bank,
            "GET",
            &format!("{TOKENS}?filter[bridgeId]={bridge}"),
            None,
        )
        .header("Key-Inflection", "camel");
    let (response, body) = a.send(&camel_read);
    assert_eq!(response.status, 200, "{body}");
    assert!(body["data"][0]["attributes"].get("createdAt").is_some());

    let wrong = a
        .request(&bank, "GET", TOKENS, None)
        .header("Key-Inflection", "pascal");
    let (response, body) = a.send(&wrong);
    assert_eq!(response.status, 400);
    assert_eq!(body["errors"][0]["source"]["header"], "Key-Inflection");
}

#[test]
fn lists_page_forward_with_after_and_back_with_before() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let bank = a.f.bank.clone();
    // Created a minute apart, so newest first is the reverse of creation.
    let tokens: Vec<Id> = (0..5)
        .map(|i| {
            a.f.create_token_at(&bank, &bridge, &inquiry, None, NOW.plus_seconds(60 * i))
        })
        .collect();
    let ids = |body: &Value| -> Vec<String> {
        body["data"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["id"].as_str().map(str::to_string))
            .collect()
    };
    let (_, after) = a.call(
        &bank,
        "GET",
        &format!("{TOKENS}?page[size]=2&page[after]={}", tokens[4]),
        None,
    );
    assert_eq!(ids(&after), [tokens[3].to_string(), tokens[2].to_string()]);
    let (_, before) = a.call(
        &bank,
        "GET",
        &format!("{TOKENS}?page[size]=2&page[before]={}", tokens[1]),
        None,
    );
    assert_eq!(ids(&before), [tokens[3].to_string(), tokens[2].to_string()]);
    assert_eq!(
        before["links"]["prev"],
        json!(format!("{TOKENS}?page[size]=2&page[before]={}", tokens[3]))
    );
    assert_eq!(
        before["links"]["next"],
        json!(format!("{TOKENS}?page[size]=2&page[after]={}", tokens[2]))
    );
    // The links carry the query as it was sent: what was escaped stays escaped.
    let (status, shaped) = a.call(
        &bank,
        "GET",
        &format!("{TOKENS}?page[size]=2&fields[connect/share-token]=status,created-at%26x%20y"),
        None,
    );
    assert_eq!(status, 200, "{shaped}");
    assert_eq!(
        shaped["links"]["next"],
        json!(format!(
            "{TOKENS}?page[size]=2&fields[connect/share-token]=status,created-at%26x%20y&page[after]={}",
            tokens[3]
        ))
    );
    let (_, newest) = a.call(&bank, "GET", &format!("{TOKENS}?page[size]=100"), None);
    assert_eq!(newest["links"]["prev"], Value::Null);
    for size in ["0", "101"] {
        let (status, _) = a.call(&bank, "GET", &format!("{TOKENS}?page[size]={size}"), None);
        assert_eq!(status, 400, "page[size]={size}");
    }
    let (status, both) = a.call(
        &bank,
        "GET",
        &format!(
            "{TOKENS}?page[after]={}&page[before]={}",
            tokens[4], tokens[0]
        ),
        None,
    );
    assert_eq!(status, 400);
    assert_eq!(both["errors"][0]["code"], "request.page-cursors");
}

#[test]
fn include_returns_exactly_the_related_objects_asked_for_and_fields_trims_attributes() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let token = a.f.create_token(&bank, &bridge, &inquiry);

    let (_, source_side) = a.call(
        &bank,
        "GET",
        &format!("{TOKENS}/{token}?include=bridge,source&fields[connect/share-token]=status"),
        None,
    );
    let included: Vec<(String, String)> = source_side["included"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| (o["type"].to_string(), o["id"].to_string()))
        .collect();
    assert_eq!(
        included,
        [
            (
                json!("connect/organization-bridge").to_string(),
                json!(bridge.as_str()).to_string()
            ),
            (
                json!("inquiry").to_string(),
                json!(inquiry.as_str()).to_string()
            ),
        ]
    );
    assert_eq!(
        source_side["data"]["attributes"],
        json!({ "status": "new" }),
        "fields trims the token's attributes"
    );

    // The destination may not read the source's inquiry: it is left out, not an error.
    let (status, destination_side) = a.call(
        &lumen,
        "GET",
        &format!("{TOKENS}/{token}?include=source"),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(destination_side["included"], json!([]));

    let (status, unknown) = a.call(
        &bank,
        "GET",
        &format!("{TOKENS}/{token}?include=creator"),
        None,
    );
    assert_eq!(status, 400);
    assert_eq!(unknown["errors"][0]["source"]["parameter"], "include");

    // Verifications are plain linkage; their state comes with include=verifications.
    let (_, inq) = a.call(
        &bank,
        "GET",
        &format!("/api/v1/inquiries/{inquiry}?include=verifications"),
        None,
    );
    let linkage = &inq["data"]["relationships"]["verifications"]["data"][0];
    let mut keys: Vec<&String> = linkage
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    keys.sort();
    assert_eq!(keys, ["id", "type"]);
    assert_eq!(inq["included"][0]["id"], linkage["id"]);
    assert_eq!(inq["included"][0]["attributes"]["status"], "passed");
}

#[test]
fn peek_fills_source_data_for_the_destination_of_a_new_token_and_leaves_it_out_otherwise() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let token = a.f.create_token(&bank, &bridge, &inquiry);
    let path = format!("{TOKENS}/{token}?peek-source-data=true");
    let (_, peeked) = a.call(&lumen, "GET", &path, None);
    assert_eq!(
        peeked["data"]["attributes"]["source-data"]["name-initials"],
        "A. R."
    );
    let (status, by_source) = a.call(&bank, "GET", &path, None);
    assert_eq!(status, 200);
    assert!(by_source["data"]["attributes"].get("source-data").is_none());
    a.f.redeem_clone(&token, "Lumen Basic");
    let (status, redeemed) = a.call(&lumen, "GET", &path, None);
    assert_eq!(status, 200);
    assert!(redeemed["data"]["attributes"].get("source-data").is_none());
}

/// Deactivating a bridge stops the sharing: the destination no longer sees the source's data,
/// even masked, until the bridge is active again.
#[test]
fn peek_leaves_source_data_out_while_the_bridge_is_not_active() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let token = a.f.create_token(&bank, &bridge, &inquiry);
    let path = format!("{TOKENS}/{token}?peek-source-data=true");
    a.f.ok(&bank, deactivate(&bridge));
    let (status, deactivated) = a.call(&lumen, "GET", &path, None);
    assert_eq!(status, 200);
    assert_eq!(deactivated["data"]["attributes"]["status"], "new");
    assert!(deactivated["data"]["attributes"]
        .get("source-data")
        .is_none());
    a.f.ok(
        &bank,
        Command::ReactivateBridge {
            bridge_id: bridge.to_string(),
        },
    );
    let (_, pending) = a.call(&lumen, "GET", &path, None);
    assert!(pending["data"]["attributes"].get("source-data").is_none());
    a.f.ok(
        &lumen,
        Command::ActivateBridge {
            bridge_id: bridge.to_string(),
            template_id: None,
        },
    );
    let (_, active) = a.call(&lumen, "GET", &path, None);
    assert_eq!(
        active["data"]["attributes"]["source-data"]["name-initials"],
        "A. R."
    );
}

/// The console's ready-made peek names a new token over an active bridge, so sending it shows
/// `source-data`, not the newest new token whatever its bridge.
#[test]
fn the_consoles_peek_example_names_a_token_the_destination_may_peek_at() {
    let mut a = Api::new();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let own = a.f.active_bridge(&lumen, &lumen, Scopes::everything());
    let lumens = a.f.completed_inquiry(&lumen, "Lumen Basic", "alex");
    let peekable = a.f.create_token(&lumen, &own, &lumens);
    let (bridge, inquiry) = a.shareable();
    let later = Timestamp(NOW.0 + 60_000);
    let newest = a.f.create_token_at(&bank, &bridge, &inquiry, None, later);
    a.f.ok_at(&bank, deactivate(&bridge), later);
    let secret = a.f.world.organizations[&lumen].api_key.secret.clone();
    let examples = connect::api::examples::examples(&a.f.world, &lumen, &secret, later);
    let peek = examples
        .iter()
        .find(|e| e.label == "Share Tokens: peek at the source data (destination)")
        .expect("the console offers a peek");
    assert!(
        peek.request.path.contains(peekable.as_str()),
        "{}",
        peek.request.path
    );
    assert!(!peek.request.path.contains(newest.as_str()));
    let (status, peeked) = a.call(&lumen, "GET", &peek.request.path, None);
    assert_eq!(status, 200);
    assert!(peeked["data"]["attributes"].get("source-data").is_some());
}

#[test]
fn a_share_token_has_updated_at_a_caller_relative_direction_and_a_creator() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let by_dashboard = a.f.create_token(&bank, &bridge, &inquiry);
    let (_, source_view) = a.call(&bank, "GET", &format!("{TOKENS}/{by_dashboard}"), None);
    let (_, destination_view) = a.call(&lumen, "GET", &format!("{TOKENS}/{by_dashboard}"), None);
    assert_eq!(source_view["data"]["attributes"]["direction"], "outbound");
    assert_eq!(
        destination_view["data"]["attributes"]["direction"],
        "inbound"
    );
    assert_eq!(
        source_view["data"]["relationships"]["creator"],
        json!({ "data": null, "meta": { "actor": "dashboard" } })
    );
    a.f.ok(&bank, expire(&by_dashboard));
    let (_, expired) = a.call(&bank, "GET", &format!("{TOKENS}/{by_dashboard}"), None);
    assert_eq!(
        expired["data"]["attributes"]["updated-at"],
        expired["data"]["attributes"]["expired-at"]
    );

    let (_, by_api) = a.call(&bank, "POST", TOKENS, Some(token_body(&bridge, &inquiry)));
    let key = a.f.world.organizations[&bank].api_key.id.clone();
    assert_eq!(
        by_api["data"]["relationships"]["creator"]["data"],
        json!({ "type": "api-key", "id": key.as_str() })
    );
}

#[test]
fn a_bridge_is_created_with_destination_organization_id_and_the_old_name_still_reads() {
    let mut a = Api::new();
    let (bank, lumen, bazaar) = (a.f.bank.clone(), a.f.lumen.clone(), a.f.bazaar.clone());
    let (status, created) = a.call(
        &bank,
        "POST",
        BRIDGES,
        Some(attrs(
            json!({ "destination-organization-id": lumen.as_str() }),
        )),
    );
    assert_eq!(status, 201, "{created}");
    let (status, _) = a.call(
        &bank,
        "POST",
        BRIDGES,
        Some(attrs(json!({ "destination-id": bazaar.as_str() }))),
    );
    assert_eq!(status, 201, "the deprecated alias");
    let (status, both) = a.call(
        &lumen,
        "POST",
        BRIDGES,
        Some(attrs(
            json!({ "destination-id": bank.as_str(), "destination-organization-id": bazaar.as_str() }),
        )),
    );
    assert_eq!(status, 400);
    assert_eq!(both["errors"][0]["code"], "bridge.destination-twice");
    let (status, missing) = a.call(&lumen, "POST", BRIDGES, Some(attrs(json!({}))));
    assert_eq!(status, 400);
    assert_eq!(
        missing["errors"][0]["source"]["pointer"],
        "/data/attributes/destination-organization-id"
    );
}

#[test]
fn persona_version_is_echoed_an_unknown_one_refused_and_the_org_headers_sent() {
    let mut a = Api::new();
    let bank = a.f.bank.clone();
    let asked = a
        .request(&bank, "GET", TOKENS, None)
        .header("Persona-Version", "2023-01-05");
    let (response, _) = a.send(&asked);
    assert_eq!(response.status, 200);
    assert_eq!(response.header_value("Persona-Version"), Some("2023-01-05"));
    assert_eq!(
        response.header_value("Persona-Organization-Id"),
        Some(bank.as_str())
    );
    assert!(response
        .header_value("Persona-Environment-Id")
        .is_some_and(|e| e.starts_with("env_")));

    let (response, _) = a.send(&a.request(&bank, "GET", TOKENS, None));
    assert_eq!(
        response.header_value("Persona-Version"),
        Some("2023-01-05"),
        "the default is echoed too"
    );

    let unknown = a
        .request(&bank, "GET", TOKENS, None)
        .header("Persona-Version", "1999-12-31");
    let (response, body) = a.send(&unknown);
    assert_eq!(response.status, 400);
    assert_eq!(body["errors"][0]["title"], "Invalid header");
    assert_eq!(body["errors"][0]["source"]["header"], "Persona-Version");
    assert!(body["errors"][0]["details"]
        .as_str()
        .is_some_and(|d| d.contains("2023-01-05")));
}

/// Persona's headers on `response`: the version it was served in and the org that served it.
fn persona_headers(response: &ApiResponse) -> (Option<&str>, Option<&str>, bool) {
    (
        response.header_value("Persona-Version"),
        response.header_value("Persona-Organization-Id"),
        response.header_value("Persona-Environment-Id").is_some(),
    )
}

#[test]
fn replays_and_refusals_before_routing_carry_persona_headers_and_a_bad_header_is_never_replayed() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let bank = a.f.bank.clone();
    let expected = (Some("2023-01-05"), Some(bank.as_str()), true);
    let create = a
        .request(&bank, "POST", TOKENS, Some(token_body(&bridge, &inquiry)))
        .header("Idempotency-Key", "order-7");

    // A header the API cannot speak is refused before the key is looked at, so fixing the
    // header gets the call through: the refusal was not kept for replays.
    let (refused, body) = a.send(&create.clone().header("Key-Inflection", "shout"));
    assert_eq!(refused.status, 400);
    assert_eq!(body["errors"][0]["source"]["header"], "Key-Inflection");
    assert_eq!(
        persona_headers(&refused),
        expected,
        "the version is still named"
    );
    let (first, _) = a.send(&create);
    assert_eq!(first.status, 201, "{}", first.body);

    let (replay, _) = a.send(&create);
    assert_eq!(replay.header_value("Idempotent-Replayed"), Some("true"));
    assert_eq!(replay.body, first.body);
    assert_eq!(persona_headers(&replay), expected);

    // A retry in a version the API does not speak is refused, not replayed.
    let (unknown, body) = a.send(&create.clone().header("Persona-Version", "2099-01-01"));
    assert_eq!(unknown.status, 400);
    assert_eq!(body["errors"][0]["source"]["header"], "Persona-Version");
    assert_eq!(unknown.header_value("Idempotent-Replayed"), None);

    // The key's own refusals name the org and version too.
    let (reused, _) = a.send(
        &a.request(&bank, "POST", TOKENS, Some(json!({})))
            .header("Idempotency-Key", "order-7"),
    );
    assert_eq!(reused.status, 422);
    assert_eq!(persona_headers(&reused), expected);
    let long_key = "k".repeat(256);
    let too_long = a
        .request(&bank, "POST", TOKENS, Some(token_body(&bridge, &inquiry)))
        .header("Idempotency-Key", &long_key);
    let (too_long, _) = a.send(&too_long);
    assert_eq!(too_long.status, 400);
    assert_eq!(persona_headers(&too_long), expected);
    assert_eq!(
        a.f.world.outbound_tokens(&bank).len(),
        1,
        "one token in all"
    );
}

#[test]
fn a_blank_attribute_is_named_as_the_api_spells_it() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let (bank, lumen) = (a.f.bank.clone(), a.f.lumen.clone());
    let token = a.f.create_token(&bank, &bridge, &inquiry);
    let (status, body) = a.call(
        &lumen,
        "POST",
        &format!("{TOKENS}/{token}/redeem"),
        Some(attrs(json!({ "inquiry-template-id": " " }))),
    );
    assert_eq!(status, 400, "{body}");
    let error = &body["errors"][0];
    // Given but blank: not missing (the attribute is optional), but not an id either.
    assert_eq!(error["title"], "Invalid parameter");
    assert_eq!(error["code"], "redeem.attribute-blank");
    assert_eq!(
        error["source"]["pointer"],
        "/data/attributes/inquiry-template-id"
    );
    let details = error["details"].as_str().unwrap_or_default();
    assert!(
        details.contains("`inquiry-template-id` is blank"),
        "{details}"
    );
    assert!(!details.contains("`template-id`"), "{details}");
}

#[test]
fn a_number_that_is_not_a_whole_number_is_named_in_the_error() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let bank = a.f.bank.clone();
    for (sent, shown) in [
        (json!(3600.5), "not the number 3600.5"),
        (
            json!(18_446_744_073_709_551_615_u64),
            "up to 9223372036854775807, not the number 18446744073709551615",
        ),
    ] {
        let body = attrs(
            json!({ "bridge-id": bridge.as_str(), "source-id": inquiry.as_str(), "expires-in-seconds": sent }),
        );
        let (status, body) = a.call(&bank, "POST", TOKENS, Some(body));
        assert_eq!(status, 400, "{body}");
        let details = body["errors"][0]["details"].as_str().unwrap_or_default();
        assert!(details.contains(shown), "{details}");
        assert_eq!(
            body["errors"][0]["source"]["pointer"],
            "/data/attributes/expires-in-seconds"
        );
    }
}

#[test]
fn a_pointer_to_an_attribute_escapes_slash_and_tilde() {
    let mut a = Api::new();
    let (bridge, _) = a.shareable();
    let lumen = a.f.lumen.clone();
    let (status, body) = a.call(
        &lumen,
        "PATCH",
        &format!("{BRIDGES}/{bridge}"),
        Some(attrs(json!({ "a/b~c": 1 }))),
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["errors"][0]["source"]["pointer"],
        "/data/attributes/a~1b~0c"
    );
}

#[test]
fn every_endpoint_refuses_a_paging_or_filter_parameter_it_does_not_take() {
    let mut a = Api::new();
    let (bridge, inquiry) = a.shareable();
    let bank = a.f.bank.clone();
    let token = a.f.create_token(&bank, &bridge, &inquiry);
    for path in [
        format!("{TOKENS}/{token}"),
        format!("{BRIDGES}/{bridge}"),
        format!("/api/v1/inquiries/{inquiry}"),
    ] {
        let (status, body) = a.call(&bank, "GET", &format!("{path}?page[size]=1"), None);
        assert_eq!(status, 400, "{path}: {body}");
        let error = &body["errors"][0];
        assert_eq!(error["code"], "request.unknown-parameter");
        assert_eq!(error["source"]["parameter"], "page[size]");
        let details = error["details"].as_str().unwrap_or_default();
        assert!(details.contains("of this endpoint"), "{path}: {details}");
    }
}
