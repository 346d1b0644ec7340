//! A bridge's default clone template: picked by the destination when it activates (its first
//! template when it names none), changed by the destination alone, and used by a redeem that
//! names no target, through the Dashboard's commands and the API alike.

mod common;

use common::*;
use connect::api::{ApiRequest, Origin};
use connect::{Bridge, Command, ErrorKind, Id, Scopes};
use serde_json::{json, Value};

const BRIDGES: &str = "/api/v1/connect/organization-bridges";

fn set_default(bridge: &Id, template: &str) -> Command {
    Command::SetBridgeDefaultTemplate {
        bridge_id: bridge.to_string(),
        template_id: template.to_string(),
    }
}

fn call(f: &mut Fixture, org: &Id, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let secret = f.world.organizations[org].api_key.secret.clone();
    let mut request = ApiRequest::new(method, path).bearer(&secret);
    if let Some(body) = body {
        request = request.body(&body.to_string());
    }
    let response = f.call_api(&request, NOW);
    (response.status, response.json().unwrap_or(Value::Null))
}

fn template_attrs(template: &str) -> Value {
    json!({ "data": { "attributes": { "default-inquiry-template-id": template } } })
}

fn default_of(f: &Fixture, bridge: &Id) -> Option<String> {
    f.bridge(bridge)
        .default_template_id
        .as_ref()
        .map(Id::to_string)
}

#[test]
fn activating_without_a_template_picks_the_destinations_first_template_by_name() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.create_bridge(&bank, &lumen, Scopes::everything());
    assert_eq!(default_of(&f, &bridge), None, "none before activation");
    f.ok(&lumen, activate(&bridge));
    assert_eq!(
        default_of(&f, &bridge),
        Some(f.template(&lumen, "Lumen Basic"))
    );
}

#[test]
fn the_destination_picks_its_own_template_at_activation_and_keeps_it_across_a_reactivation() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.create_bridge(&bank, &lumen, Scopes::everything());
    let strict = f.template(&lumen, "Lumen Strict");
    let with = |template: &str| Command::ActivateBridge {
        bridge_id: bridge.to_string(),
        template_id: Some(template.to_string()),
    };

    let banks_own = f.template(&bank, "Retail KYC");
    let err = f.refuse(&lumen, with(&banks_own));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[&banks_own]);

    f.ok(&lumen, with(&strict));
    assert_eq!(default_of(&f, &bridge), Some(strict.clone()));
    f.ok(&bank, deactivate(&bridge));
    f.ok(&bank, reactivate(&bridge));
    f.ok(&lumen, activate(&bridge));
    assert_eq!(
        default_of(&f, &bridge),
        Some(strict),
        "an activation naming no template keeps the one picked before"
    );
}

#[test]
fn only_the_destination_changes_the_default_and_only_to_a_template_of_its_own() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let credit = f.template(&lumen, "Lumen Credit 21+");

    let err = f.refuse(&bank, set_default(&bridge, &credit));
    assert_error(
        &err,
        ErrorKind::Forbidden,
        "bridge.destination-picks-template",
        &["Only the destination organization", bridge.as_str()],
    );
    let err = f.refuse(&bazaar, set_default(&bridge, &credit));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[bridge.as_str()]);
    let others = f.template(&bazaar, "Seller onboarding");
    let err = f.refuse(&lumen, set_default(&bridge, &others));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[&others]);

    let events = f.ok(&lumen, set_default(&bridge, &credit));
    assert!(events.is_empty(), "the destination's own setting: no event");
    assert_eq!(default_of(&f, &bridge), Some(credit));
}

#[test]
fn a_redeem_naming_no_target_clones_into_the_bridges_default_template() {
    let mut f = Fixture::new();
    let lumen = f.lumen.clone();
    let (bridge, _, token) = f.token_setup(Scopes::everything(), "alex");
    let credit = f.template(&lumen, "Lumen Credit 21+");
    f.ok(&lumen, set_default(&bridge, &credit));

    let (status, redeemed) = call(
        &mut f,
        &lumen,
        "POST",
        &format!("/api/v1/connect/share-tokens/{token}/redeem"),
        Some(json!({ "data": { "attributes": {} } })),
    );
    assert_eq!(status, 200, "{redeemed}");
    let inquiry = f.token(&token).destination_inquiry_id.clone();
    let inquiry = inquiry.expect("redeemed into a new inquiry");
    assert_eq!(f.inquiry(&inquiry).template_id.to_string(), credit);
    assert_eq!(f.inquiry(&inquiry).org_id, lumen);
}

#[test]
fn a_bridge_saved_before_the_default_loads_and_clones_into_the_first_template() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let mut stored = serde_json::to_value(f.bridge(&bridge)).expect("serializes");
    stored
        .as_object_mut()
        .expect("an object")
        .remove("default_template_id");
    let loaded: Bridge = serde_json::from_value(stored).expect("old data loads");
    assert_eq!(loaded.default_template_id, None);
    assert_eq!(
        f.world
            .default_template_of(&loaded)
            .map(|t| t.id.to_string()),
        Some(f.template(&lumen, "Lumen Basic"))
    );
}

#[test]
fn the_api_activates_with_a_template_and_patches_it_as_the_destination_only() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let bridge = f.create_bridge(&bank, &lumen, Scopes::everything());
    let (strict, credit) = (
        f.template(&lumen, "Lumen Strict"),
        f.template(&lumen, "Lumen Credit 21+"),
    );
    let path = format!("{BRIDGES}/{bridge}");

    let (status, active) = call(
        &mut f,
        &lumen,
        "POST",
        &format!("{path}/activate"),
        Some(template_attrs(&strict)),
    );
    assert_eq!(status, 200, "{active}");
    assert_eq!(
        active["data"]["relationships"]["default-inquiry-template"]["data"],
        json!({ "type": "inquiry-template", "id": strict })
    );

    let (status, by_source) = call(&mut f, &bank, "PATCH", &path, Some(template_attrs(&credit)));
    assert_eq!(status, 403);
    assert_eq!(
        by_source["errors"][0]["code"],
        "bridge.destination-picks-template"
    );
    let (status, _) = call(
        &mut f,
        &bazaar,
        "PATCH",
        &path,
        Some(template_attrs(&credit)),
    );
    assert_eq!(status, 404);
    let others = f.template(&bank, "Retail KYC");
    let (status, foreign) = call(
        &mut f,
        &lumen,
        "PATCH",
        &path,
        Some(template_attrs(&others)),
    );
    assert_eq!(status, 404);
    assert_eq!(
        foreign["errors"][0]["source"]["pointer"],
        "/data/attributes/default-inquiry-template-id"
    );
    let (status, scopes) = call(
        &mut f,
        &lumen,
        "PATCH",
        &path,
        Some(json!({ "data": { "attributes": { "status": "inactive" } } })),
    );
    assert_eq!(status, 400);
    assert_eq!(
        scopes["errors"][0]["source"]["pointer"],
        "/data/attributes/status"
    );
    assert_eq!(
        default_of(&f, &bridge),
        Some(strict),
        "refusals changed nothing"
    );

    let (status, patched) = call(
        &mut f,
        &lumen,
        "PATCH",
        &path,
        Some(template_attrs(&credit)),
    );
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        patched["data"]["relationships"]["default-inquiry-template"]["data"]["id"],
        credit.as_str()
    );
    let (status, included) = call(
        &mut f,
        &lumen,
        "GET",
        &format!("{path}?include=default-inquiry-template"),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(
        included["included"][0]["attributes"]["name"],
        "Lumen Credit 21+"
    );
    let (_, for_source) = call(
        &mut f,
        &bank,
        "GET",
        &format!("{path}?include=default-inquiry-template"),
        None,
    );
    assert_eq!(
        for_source["included"],
        json!([]),
        "the source may not read the destination's template"
    );
}

#[test]
fn a_dashboard_change_of_the_default_is_logged_as_the_patch_it_equals() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let strict = f.template(&lumen, "Lumen Strict");
    f.flow_at(&lumen, set_default(&bridge, &strict), NOW)
        .expect("accepted");
    let log = f.api.log_of(&lumen);
    let entry = log.first().expect("logged");
    assert_eq!(entry.origin, Origin::Dashboard);
    assert_eq!(entry.request.method, "PATCH");
    assert_eq!(entry.request.path, format!("{BRIDGES}/{bridge}"));
    assert!(
        entry.request.body.contains(&strict),
        "{}",
        entry.request.body
    );
    assert_eq!(entry.response.status, 200);
}

#[test]
fn the_consoles_example_patch_changes_the_default_as_sent() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let secret = f.world.organizations[&lumen].api_key.secret.clone();
    let example = connect::api::examples::examples(&f.world, &lumen, &secret, NOW)
        .into_iter()
        .find(|e| e.request.method == "PATCH")
        .expect("the console offers the PATCH");
    let answer = f.call_api(&example.request, NOW);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        default_of(&f, &bridge),
        Some(f.template(&lumen, "Lumen Basic"))
    );
}
