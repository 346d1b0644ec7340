//! Who acted and where, as recorded rather than guessed: a share token's creator (kept across a
//! key roll, carried by events and webhook deliveries), the delivery's attempt headers, the
//! org's stored environment id, and `Persona-Version` on 401 and 429 answers.

mod common;

use common::*;
use connect::api::{ApiRequest, RATE_LIMIT_PER_MINUTE};
use connect::automation::webhook;
use connect::{Channel, Command, EventType, Organization, Scopes, ShareToken};
use serde_json::{json, Value};

const TOKENS: &str = "/api/v1/connect/share-tokens";

fn token_body(bridge: &connect::Id, inquiry: &connect::Id) -> String {
    json!({ "data": { "attributes": { "bridge-id": bridge.as_str(), "source-id": inquiry.as_str() } } })
        .to_string()
}

#[test]
fn a_token_names_the_api_key_that_created_it_even_after_a_key_roll() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let first_key = f.world.organizations[&bank].api_key.clone();
    let created = f.call_api(
        &ApiRequest::new("POST", TOKENS)
            .bearer(&first_key.secret)
            .body(&token_body(&bridge, &inquiry)),
        NOW,
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let token = created.json().expect("json")["data"]["id"]
        .as_str()
        .map(connect::Id::parse)
        .expect("an id");

    f.flow_at(&bank, Command::RollApiKey, NOW).expect("rolled");
    let new_key = f.world.organizations[&bank].api_key.clone();
    assert_ne!(new_key.id, first_key.id);
    let read = f.call_api(
        &ApiRequest::new("GET", &format!("{TOKENS}/{token}")).bearer(&new_key.secret),
        NOW,
    );
    assert_eq!(read.status, 200);
    assert_eq!(
        read.json().expect("json")["data"]["relationships"]["creator"],
        json!({
            "data": { "type": "api-key", "id": first_key.id.as_str() },
            "meta": { "actor": "api-key" }
        }),
        "the key that acted, not the org's current one"
    );
}

#[test]
fn a_token_saved_before_creators_were_recorded_loads_and_names_its_channel_only() {
    let mut f = Fixture::new();
    let lumen = f.lumen.clone();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let mut stored = serde_json::to_value(f.token(&token)).expect("serializes");
    let fields = stored.as_object_mut().expect("an object");
    fields.remove("creator");
    fields.insert("created_via".into(), json!("api"));
    let loaded: ShareToken = serde_json::from_value(stored).expect("old data loads");
    assert_eq!(loaded.creator, None);
    assert_eq!(loaded.created_via, Channel::Api);
    f.world.share_tokens.insert(token.clone(), loaded);
    let secret = f.world.organizations[&lumen].api_key.secret.clone();
    let read = f.call_api(
        &ApiRequest::new("GET", &format!("{TOKENS}/{token}")).bearer(&secret),
        NOW,
    );
    assert_eq!(
        read.json().expect("json")["data"]["relationships"]["creator"],
        json!({ "data": null, "meta": { "actor": "api-key" } })
    );
}

#[test]
fn events_and_webhook_deliveries_carry_the_creator_and_the_attempt_headers() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    f.flow_at(
        &lumen,
        Command::CreateWebhook {
            url: "https://example.test/hooks".into(),
            event_types: vec!["share-token.created".into()],
        },
        NOW,
    )
    .expect("webhook");
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    f.flow_at(&bank, create_token(&bridge, inquiry.as_str(), None), NOW)
        .expect("created");
    let event = f
        .world
        .events
        .iter()
        .find(|e| e.event_type == EventType::ShareTokenCreated && e.org_id == lumen)
        .expect("the destination's event");
    let payload = event.payload.as_ref().map_or(Value::Null, |p| p.value());
    assert_eq!(
        payload["relationships"]["creator"],
        json!({ "data": null, "meta": { "actor": "dashboard" } })
    );

    let delivery = f.world.deliveries.values().next().expect("one delivery");
    let body: Value = serde_json::from_str(&delivery.body).expect("json");
    assert_eq!(
        body["data"]["attributes"]["payload"]["data"]["relationships"]["creator"]["meta"]["actor"],
        "dashboard"
    );
    let headers = delivery.headers();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("Persona-Webhook-Attempts-Made"), Some("1"));
    assert_eq!(header("Persona-Webhook-Attempts-Left"), Some("0"));
    assert_eq!(
        header(webhook::SIGNATURE_HEADER),
        Some(delivery.signature.as_str())
    );
    assert_eq!(header("Content-Type"), Some("application/json"));
}

#[test]
fn an_org_has_a_stored_environment_id_and_older_data_gets_the_one_it_showed_before() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    f.ok(
        &bank,
        Command::CreateOrganization {
            name: "Harbor Credit".into(),
            description: "new".into(),
        },
    );
    let org = f
        .world
        .organizations
        .values()
        .find(|o| o.name == "Harbor Credit")
        .expect("created")
        .clone();
    let random = |id: &connect::Id| id.as_str().split_once('_').map(|(_, r)| r.to_string());
    assert_eq!(org.environment_id.prefix(), "env");
    assert_ne!(
        random(&org.environment_id),
        random(&org.id),
        "drawn at random, not made from the org id"
    );
    let answer = f.call_api(
        &ApiRequest::new("GET", TOKENS).bearer(&org.api_key.secret),
        NOW,
    );
    assert_eq!(
        answer.header_value("Persona-Environment-Id"),
        Some(org.environment_id.as_str())
    );

    let mut stored = serde_json::to_value(&org).expect("serializes");
    stored
        .as_object_mut()
        .expect("an object")
        .remove("environment_id");
    let loaded: Organization = serde_json::from_value(stored).expect("old data loads");
    assert_eq!(
        loaded.environment_id.to_string(),
        format!("env_{}", random(&org.id).expect("a random part"))
    );
}

#[test]
fn answers_401_and_429_echo_the_persona_version() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let unauthorized = f.call_api(
        &ApiRequest::new("GET", TOKENS).header("Persona-Version", "2023-01-05"),
        NOW,
    );
    assert_eq!(unauthorized.status, 401);
    assert_eq!(
        unauthorized.header_value("Persona-Version"),
        Some("2023-01-05")
    );
    let unknown = f.call_api(
        &ApiRequest::new("GET", TOKENS).header("Persona-Version", "1999-12-31"),
        NOW,
    );
    assert_eq!(unknown.status, 401, "the key is checked first");
    assert_eq!(
        unknown.header_value("Persona-Version"),
        None,
        "a version the API does not speak is not echoed"
    );

    let secret = f.world.organizations[&bank].api_key.secret.clone();
    let list = ApiRequest::new("GET", TOKENS).bearer(&secret);
    for _ in 0..RATE_LIMIT_PER_MINUTE {
        assert_eq!(f.call_api(&list, NOW).status, 200);
    }
    let limited = f.call_api(&list, NOW);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header_value("Persona-Version"), Some("2023-01-05"));
    assert_eq!(
        limited.header_value("Persona-Organization-Id"),
        Some(bank.as_str())
    );
    let bad_version = f.call_api(&list.clone().header("Persona-Version", "1999-12-31"), NOW);
    assert_eq!(bad_version.status, 429, "still over the limit");
    assert_eq!(bad_version.header_value("Persona-Version"), None);
}

#[test]
fn an_unknown_version_from_a_known_key_is_a_clear_400() {
    let mut f = Fixture::new();
    let secret = f.world.organizations[&f.bank].api_key.secret.clone();
    let answer = f.call_api(
        &ApiRequest::new("GET", TOKENS)
            .bearer(&secret)
            .header("Persona-Version", "1999-12-31"),
        NOW,
    );
    assert_eq!(answer.status, 400);
    let body = answer.json().expect("json");
    assert_eq!(body["errors"][0]["title"], "Invalid header");
    assert_eq!(body["errors"][0]["source"]["header"], "Persona-Version");
}
