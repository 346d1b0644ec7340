//! Browser tests of the stored form: version-2 data brought forward on load, and the room the
//! playground takes shown on the Sandbox screen.

#![cfg(target_arch = "wasm32")]

mod support;

use connect::stored::{Room, QUOTA};
use connect_playground::store::{LEGACY_V2_PREFIX, PREFIX};
use connect_playground::ui::pages::sandbox::{RoomMeter, RoomMeterProps};
use std::collections::BTreeMap;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn stored_keys() -> Vec<String> {
    (0..storage().length().unwrap_or(0))
        .filter_map(|i| storage().key(i).ok().flatten())
        .collect()
}

#[wasm_bindgen_test]
async fn version_2_records_load_and_are_stored_again_as_version_3_only() {
    clear_storage();
    let fixture: BTreeMap<String, String> = serde_json::from_str(include_str!(
        "../crates/connect/tests/fixtures/v2-records.json"
    ))
    .expect("fixture");
    for (key, value) in &fixture {
        storage()
            .set_item(&format!("{LEGACY_V2_PREFIX}{key}"), value)
            .expect("seed version-2 records");
    }
    let app = mount_at("/sandbox").await;
    wait_for("the Sandbox", || text("h1") == "Sandbox").await;
    let summary = text("#sandbox-summary");
    assert!(summary.contains("3 organizations"), "{summary}");
    assert!(summary.contains("3 share tokens"), "{summary}");
    assert!(find("#storage-banner").is_none(), "nothing was kept aside");

    let keys = stored_keys();
    assert!(
        keys.iter().all(|k| k.starts_with(PREFIX)),
        "only version-3 records are left: {keys:?}"
    );
    let meta = saved_meta().expect("meta");
    assert!(meta.starts_with("{\"version\":3"), "{meta}");
    assert!(
        meta.contains("\"revision\":13"),
        "the next revision: {meta}"
    );
    assert!(
        meta.contains("fixture0v2lineage"),
        "the lineage is kept: {meta}"
    );
    let token = fixture
        .keys()
        .filter_map(|k| k.strip_prefix("obj."))
        .find(|id| id.starts_with("cnst_"))
        .expect("a token in the fixture");
    assert!(saved().is_some_and(|raw| raw.contains(token)));

    // The meter counts what was just written.
    let used = text("#room-used");
    assert!(used.contains("of 5,242,880 characters (0 %)"), "{used}");
    assert!(find("#room-warning").is_none());
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_sandbox_meter_follows_a_change_and_has_a_label() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Sandbox", "Sandbox").await;
    let meter = get("#room-meter");
    let before: usize = meter
        .get_attribute("value")
        .and_then(|v| v.parse().ok())
        .expect("a value");
    assert!(before > 0);
    assert_eq!(meter.get_attribute("max"), Some(QUOTA.to_string()));
    assert!(find("label[for=room-meter]").is_some());

    add_acme().await;
    open("Sandbox", "Sandbox").await;
    let after: usize = get("#room-meter")
        .get_attribute("value")
        .and_then(|v| v.parse().ok())
        .expect("a value");
    assert!(
        after > before,
        "{after} after adding an organization, {before} before"
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_meter_near_the_quota_says_what_to_do() {
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let room = Room::of(&BTreeMap::from([(
        "cnst.00".to_string(),
        "x".repeat(QUOTA * 95 / 100),
    )]));
    let handle =
        yew::Renderer::<RoomMeter>::with_root_and_props(root.clone(), RoomMeterProps { room })
            .render();
    wait_for("the meter", || find("#room-meter").is_some()).await;
    let warning = text("#room-warning");
    assert!(warning.contains("almost full"), "{warning}");
    assert!(warning.contains("export the playground"), "{warning}");
    assert!(text("#room-used").contains("(95 %)"));
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn other_data_of_the_site_counts_against_the_room_and_is_named() {
    clear_storage();
    // Another page of the same site keeps most of the origin's quota.
    let other = "other-page.cache";
    storage()
        .set_item(other, &"x".repeat(QUOTA * 90 / 100))
        .expect("room for the other page's data");
    let app = mount_at("/sandbox").await;
    wait_for("the meter", || find("#room-meter").is_some()).await;
    let others = text("#room-others");
    let warning = find("#room-warning").map(|_| text("#room-warning"));
    // Every screen says so too, not only the Sandbox.
    let banner = find("#room-banner").map(|_| text("#room-banner"));
    // The meter and its percentage count all the site's data, not only the playground's.
    let total: usize = get("#room-meter")
        .get_attribute("value")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let used = text("#room-used");
    storage().remove_item(other).expect("clean up");
    assert!(total >= QUOTA * 90 / 100, "{total}");
    assert!(used.contains("(90 %)") || used.contains("(91 %)"), "{used}");
    assert!(others.contains("other data of this site"), "{others}");
    let banner = banner.expect("the almost-full banner under the header");
    assert!(banner.contains("almost full"), "{banner}");
    let warning = warning.expect("a warning: the origin's storage is almost full");
    assert!(warning.contains("almost full"), "{warning}");
    assert!(warning.contains("other data of this site"), "{warning}");
    app.unmount().await;
}

async fn add_acme() {
    open("Organizations", "Organizations").await;
    type_into("#create-organization [name=name]", "Acme Lending");
    click("#create-organization button[type=submit]");
    wait_for("Acme in the switcher", || {
        org_names().iter().any(|n| n == "Acme Lending")
    })
    .await;
}
