//! Browser tests for the paths where saved data could be lost or misread: unreadable data kept
//! aside once and erased only after a confirmation, data a newer version saved, a load during
//! another tab's save, another lineage, an action before another tab's save has arrived; and
//! what an import would switch on.

#![cfg(target_arch = "wasm32")]

mod support;

use connect::api::ApiState;
use connect::clock::Clock;
use connect::exchange::{self, ImportError};
use connect::snapshot::Snapshot;
use connect::{Action, Command, Engine, RandomIds, Timestamp, Trigger, WorkflowSpec};
use connect_playground::store::{locks, sync, Playground, KEPT_ASIDE_KEY, LEGACY_V1_KEY, PREFIX};
use connect_playground::ui::gzip;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every key under which a copy of unreadable data is kept aside (this version's and older
/// versions' timestamped ones).
/// Waits for the banner a refused load shows, and returns what it says.
async fn refused_load_banner(what: &str) -> String {
    wait_for(what, || {
        text("#storage-banner").contains("could not be loaded")
    })
    .await;
    text("#storage-banner")
}

fn kept_aside_keys() -> Vec<String> {
    let storage = storage();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEPT_ASIDE_KEY))
        .collect()
}

fn stored(key: &str) -> Option<String> {
    storage().get_item(key).ok().flatten()
}

/// The playground's records, by full key.
fn records() -> BTreeMap<String, String> {
    let storage = storage();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .filter_map(|k| stored(&k).map(|v| (k, v)))
        .collect()
}

/// Makes the playground's records exactly `records`.
fn put_records(records: &BTreeMap<String, String>) {
    for key in self::records().keys() {
        storage().remove_item(key).expect("remove");
    }
    for (key, value) in records {
        storage().set_item(key, value).expect("write");
    }
}

/// Another tab saved `records`: they are what local storage holds, and this tab hears of it.
fn another_tab_saved(records: &BTreeMap<String, String>) {
    put_records(records);
    web_sys::window()
        .expect("window")
        .dispatch_event(&web_sys::Event::new("storage").expect("an event"))
        .expect("dispatch");
}

/// This tab opens on `records` (the playground as it was before another tab's change), at the
/// first organization's Workflows screen.
async fn reopen_workflows_at(records: &BTreeMap<String, String>) -> Mounted {
    put_records(records);
    let app = mount_at("/").await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Workflows", "Workflows").await;
    app
}

async fn add_org(name: &str) {
    open("Organizations", "Organizations").await;
    type_into("#create-organization [name=name]", name);
    click("#create-organization button[type=submit]");
    wait_for(&format!("{name} in the switcher"), || {
        org_names().contains(&name.to_string())
    })
    .await;
}

#[wasm_bindgen_test]
async fn unreadable_data_is_kept_aside_once_and_erased_only_after_a_confirmation() {
    clear_storage();
    let broken = "{\"version\":1,\"world\":{\"organizations\":[truncated";
    storage()
        .set_item(LEGACY_V1_KEY, broken)
        .expect("seed broken data");
    let app = mount_at("/").await;
    refused_load_banner("the banner").await;
    assert!(text("#storage-banner").contains(KEPT_ASIDE_KEY));

    // Acting in the fresh demo does not touch the unreadable data.
    bridge_to_lumen().await;
    assert_eq!(stored(LEGACY_V1_KEY).as_deref(), Some(broken));
    assert_eq!(saved(), None, "nothing else was saved");

    // Loading again (a reload, another tab) keeps the one copy.
    app.unmount_keep_storage().await;
    let app = mount_at("/").await;
    refused_load_banner("the banner again").await;
    assert_eq!(kept_aside_keys(), vec![KEPT_ASIDE_KEY.to_string()]);
    assert_eq!(stored(KEPT_ASIDE_KEY).as_deref(), Some(broken));

    // The first click only asks, saying what will be erased and offering the download.
    click("#start-fresh");
    wait_for("the confirmation", || {
        find("#start-fresh-confirmation").is_some()
    })
    .await;
    let asking = text("#start-fresh-confirmation");
    assert!(asking.contains("erases the saved data"), "{asking}");
    assert!(find("#download-then-start-fresh").is_some());
    assert_eq!(stored(LEGACY_V1_KEY).as_deref(), Some(broken));
    assert_eq!(stored(KEPT_ASIDE_KEY).as_deref(), Some(broken));
    click_text("#start-fresh-confirmation", "Cancel");
    wait_for("the question to go", || {
        find("#start-fresh-confirmation").is_none()
    })
    .await;
    assert_eq!(stored(LEGACY_V1_KEY).as_deref(), Some(broken));

    click("#start-fresh");
    wait_for("the confirmation", || {
        find("#confirm-start-fresh").is_some()
    })
    .await;
    click("#confirm-start-fresh");
    wait_for("the banner to go", || find("#storage-banner").is_none()).await;
    assert_eq!(stored(LEGACY_V1_KEY), None, "the original is erased");
    assert!(kept_aside_keys().is_empty(), "and so is its copy");
    assert!(saved_meta().is_some(), "the fresh demo is saved");
    app.unmount().await;
}

/// The event log's stored chunks are read after the first screen is shown (`EventLog`): a
/// damaged one is still found, and the saved data is kept aside as a load would keep it.
#[wasm_bindgen_test]
async fn a_damaged_event_chunk_is_found_after_the_first_screen_and_kept_aside() {
    clear_storage();
    let app = mount_at("/").await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    bridge_to_lumen().await;
    app.unmount_keep_storage().await;
    let chunk = records()
        .into_keys()
        .find(|key| key.starts_with(&format!("{PREFIX}events.")))
        .expect("the bridge's events are saved");
    let record = chunk.trim_start_matches(PREFIX).to_string();
    storage()
        .set_item(&chunk, &connect::pack::pack("[]"))
        .expect("break the chunk");
    let damaged = records();

    let app = mount_at("/").await;
    let banner = refused_load_banner("the banner").await;
    assert!(
        banner.contains(&format!("record `{record}` holds 0 events where")),
        "{banner}"
    );
    assert_eq!(records(), damaged, "nothing saved over it");
    assert_eq!(kept_aside_keys(), vec![KEPT_ASIDE_KEY.to_string()]);
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn unreadable_data_too_big_for_a_copy_says_so_and_downloads_whole_as_a_file() {
    clear_storage();
    // Over half of local storage, so no second copy fits, and over the 2 MB at which Chromium
    // refuses a `data:` URL.
    let broken = format!("{{\"version\":1,\"world\":\"{}", "x".repeat(2_700_000));
    storage()
        .set_item(LEGACY_V1_KEY, &broken)
        .expect("seed broken data");
    let app = mount_at("/").await;
    let banner = refused_load_banner("the banner").await;
    assert!(
        banner.contains("there was no room to keep a copy aside"),
        "{banner}"
    );
    assert!(kept_aside_keys().is_empty());

    click("#download-kept-aside");
    wait_for("the saved file", || find("#kept-aside-file a").is_some()).await;
    let href = get("#kept-aside-file a")
        .get_attribute("href")
        .unwrap_or_default();
    assert!(href.starts_with("blob:"), "{href:.40}");
    assert!(
        fetch_text(&href).await == broken,
        "the file holds all of it"
    );

    click("#start-fresh");
    wait_for("the confirmation", || {
        find("#download-then-start-fresh").is_some()
    })
    .await;
    click("#download-then-start-fresh");
    wait_for("the banner to go", || find("#storage-banner").is_none()).await;
    assert_eq!(stored(LEGACY_V1_KEY), None);
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn data_a_newer_version_saved_is_left_alone_with_a_reload_notice() {
    const NEWER: &str = "A newer version of Connect Playground saved this data; reload to use it";
    clear_storage();
    let meta =
        "{\"version\":99,\"revision\":7,\"clock_offset_ms\":0,\"events\":0,\"lineage\":\"future\"}";
    storage()
        .set_item(&format!("{PREFIX}meta"), meta)
        .expect("write meta");
    storage()
        .set_item(&format!("{PREFIX}future"), "{\"new\":true}")
        .expect("write a record");
    let before = saved();
    let app = mount_at("/").await;
    wait_for("the notice", || text("#storage-banner").contains(NEWER)).await;
    assert!(!text("#storage-banner").contains("could not be loaded"));
    assert!(kept_aside_keys().is_empty(), "fine data is not kept aside");

    // The tab stays read-only: acting changes nothing in storage.
    bridge_to_lumen().await;
    assert_eq!(saved(), before);
    app.unmount().await;

    // A newer version that saves under its own prefix is seen too, and nothing is written
    // beside it.
    storage()
        .set_item("connect.v9.meta", "{\"version\":9}")
        .expect("write a newer meta");
    let app = mount_at("/").await;
    wait_for("the notice", || text("#storage-banner").contains(NEWER)).await;
    assert_eq!(saved(), None);
    assert_eq!(
        stored("connect.v9.meta").as_deref(),
        Some("{\"version\":9}")
    );
    app.unmount().await;
}

/// The playground's Web Lock, held as another tab half-way through a save holds it.
struct HeldLock {
    release: Function,
}

async fn hold_lock() -> HeldLock {
    let navigator = web_sys::window().expect("window").navigator();
    let locks_api = Reflect::get(&navigator, &"locks".into()).expect("navigator.locks");
    let request: Function = Reflect::get(&locks_api, &"request".into())
        .expect("locks.request")
        .dyn_into()
        .expect("a function");
    let release = Rc::new(RefCell::new(None::<Function>));
    let granted = Rc::new(Cell::new(false));
    let (slot, flag) = (release.clone(), granted.clone());
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        flag.set(true);
        Promise::new(&mut |resolve, _| *slot.borrow_mut() = Some(resolve))
    });
    request
        .call2(&locks_api, &locks::LOCK_NAME.into(), &callback)
        .expect("request the lock");
    wait_for("the lock", || granted.get()).await;
    let release = release.borrow_mut().take().expect("the release function");
    HeldLock { release }
}

impl HeldLock {
    fn release(self) {
        self.release
            .call0(&JsValue::NULL)
            .expect("release the lock");
    }
}

#[wasm_bindgen_test]
async fn a_tab_that_loads_during_another_tabs_save_waits_for_it() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let before = records();
    add_org("Acme Lending").await;
    let after = records();
    let (lineage, revision) = Playground::stored_revision().expect("a saved revision");
    app.unmount_keep_storage().await;

    // Another tab holds the lock and has written its records but not yet `meta`.
    let meta_key = format!("{PREFIX}meta");
    let mut half = after.clone();
    half.insert(meta_key.clone(), before[&meta_key].clone());
    put_records(&half);
    let lock = hold_lock().await;
    let app = mount_at("/").await;
    wait_for("the tab to say it waits", || {
        text("#storage-banner").contains("another tab may be saving")
    })
    .await;
    assert!(!text("#storage-banner").contains("could not be loaded"));

    // The other tab finishes its save.
    storage()
        .set_item(&meta_key, &after[&meta_key])
        .expect("write meta");
    sync::commit(&lineage, revision).await;
    lock.release();
    wait_for("the saved playground", || {
        org_names().contains(&"Acme Lending".to_string()) && find("#storage-banner").is_none()
    })
    .await;
    assert!(kept_aside_keys().is_empty(), "fine data is not kept aside");
    assert_eq!(records(), after);
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn another_lineage_at_the_same_revision_is_loaded_not_ignored() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    add_org("Acme Lending").await;
    let other = records();
    let (_, other_revision) = Playground::stored_revision().expect("a saved revision");
    app.unmount().await;

    // A new playground (new lineage) one save in, like the other.
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    add_org("Beta Credit").await;
    assert_eq!(
        Playground::stored_revision().map(|(_, revision)| revision),
        Some(other_revision)
    );

    // Another tab cleared storage and saved the other playground.
    another_tab_saved(&other);
    wait_for("the other playground", || {
        let names = org_names();
        names.contains(&"Acme Lending".to_string()) && !names.contains(&"Beta Credit".to_string())
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn an_action_is_refused_while_another_tabs_last_save_has_not_arrived() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    let (lineage, revision) = Playground::stored_revision().expect("a saved revision");
    let before = saved();
    // The tab's check at load (a save lost by a browser that ended) has had the lock: what
    // follows happens while the tab is open, where a missing save is only late.
    hold_lock().await.release();

    // Another tab committed a save this tab's local storage never shows.
    sync::commit(&lineage, revision + 1).await;
    type_into("#create-bridge [name=destination]", &lumen);
    click("#create-bridge button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    let refusal = text(".flash.error");
    assert!(
        refusal.contains("another tab's last change has not reached this tab yet — try again"),
        "{refusal}"
    );
    assert!(find("#outbound-bridges").is_none());
    assert_eq!(saved(), before, "nothing was applied to stale data");

    sync::commit(&lineage, revision).await;
    click("#create-bridge button[type=submit]");
    wait_for("the bridge, once caught up", || {
        find("#outbound-bridges").is_some()
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_save_recorded_in_indexeddb_but_lost_from_local_storage_is_let_go_at_load() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    add_org("Acme Lending").await;
    let (lineage, revision) = Playground::stored_revision().expect("a saved revision");
    app.unmount_keep_storage().await;

    // The browser made the next save's IndexedDB record durable, then ended before it wrote
    // local storage to disk: every action of every later load would wait for that save.
    sync::commit(&lineage, revision + 1).await;
    let app = mount_at("/").await;
    // The app waits LOST_AFTER_MS (3 s) for the revision before it lets it go.
    wait_for_ms("the lost save to be told", 10_000, || {
        find("#lost-save-banner").is_some()
    })
    .await;
    let told = text("#lost-save-banner");
    assert!(
        told.contains(&format!(
            "recorded revision {} of this playground as saved, but local storage holds revision {revision}",
            revision + 1
        )),
        "{told}"
    );
    assert_eq!(sync::committed().await, Some((lineage.clone(), revision)));

    // Actions work again, from the revision local storage kept.
    add_org("Beta Credit").await;
    assert!(org_names().contains(&"Acme Lending".to_string()));
    assert_eq!(
        Playground::stored_revision(),
        Some((lineage.clone(), revision + 1))
    );
    assert_eq!(sync::committed().await, Some((lineage, revision + 1)));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_saved_playground_the_browser_dropped_whole_is_told_at_load_once() {
    // The browser kept IndexedDB's record of a save, but this site's local storage lost every
    // playground record (another page's data is still there, so this is no new profile).
    clear_storage();
    storage().set_item("other-page.cache", "x").expect("room");
    sync::commit("a-lineage-before", 7).await;
    let app = mount_at("/").await;
    wait_for("the lost playground to be told", || {
        find("#lost-save-banner").is_some()
    })
    .await;
    let told = text("#lost-save-banner");
    assert!(told.contains("The saved playground is gone"), "{told}");
    assert!(told.contains("revision 7"), "{told}");
    // The new playground is recorded as the committed one: the next load says nothing.
    let (lineage, revision) = Playground::stored_revision().expect("a saved revision");
    assert_eq!(sync::committed().await, Some((lineage, revision)));
    app.unmount_keep_storage().await;
    let app = mount_at("/").await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    assert!(find("#lost-save-banner").is_none());
    storage().remove_item("other-page.cache").expect("clean up");
    app.unmount().await;
}

/// An export file in which Northwind Bank has an enabled webhook endpoint and workflow.
fn file_with_automation() -> String {
    let now = Timestamp(js_sys::Date::now() as i64);
    let world = connect::seed::demo_playground(now, &mut RandomIds);
    let bank = world
        .organizations
        .values()
        .find(|o| o.name == "Northwind Bank")
        .map(|o| o.id.clone())
        .expect("the seeded bank");
    let mut engine = Engine::new(world, ApiState::default());
    let clock = Clock::ahead(now, 0);
    let mut run = |command| {
        engine
            .command(&bank, command, clock, &mut RandomIds)
            .expect("accepted");
    };
    run(Command::CreateWebhook {
        url: "https://collector.example.test/inquiries".into(),
        event_types: vec!["inquiry.completed".into(), "share-token.redeemed".into()],
    });
    run(Command::CreateWorkflow {
        spec: WorkflowSpec {
            name: "Forward every token".into(),
            trigger: Trigger {
                event_type: "inquiry.completed".into(),
                ..Trigger::default()
            },
            actions: vec![Action::SendShareToken],
        },
    });
    let snapshot = Snapshot::with_api(engine.world.clone(), engine.api.clone(), 0);
    exchange::export(&snapshot).expect("an export")
}

#[wasm_bindgen_test]
async fn gzip_unpacks_what_it_packed_and_stops_at_its_limit() {
    let text = file_with_automation();
    let plain = blob_of(text.as_bytes());
    let packed = gzip::compress(&plain).await.expect("compressed");
    let bytes = bytes_of(&packed).await;
    assert!(exchange::is_gzip(&bytes), "{:?}", &bytes[..4]);
    assert!(
        bytes.len() < text.len() / 3,
        "{} of {}",
        bytes.len(),
        text.len()
    );
    let unpacked = gzip::decompress(&packed, text.len()).await;
    assert_eq!(unpacked.as_deref(), Ok(text.as_bytes()));
    // One byte less than it unpacks to is refused, never cut short.
    assert_eq!(
        gzip::decompress(&packed, text.len() - 1).await,
        Err(ImportError::UnpacksTooLarge)
    );
    match gzip::decompress(&plain, usize::MAX).await {
        Err(ImportError::NotGzip(why)) => assert!(!why.is_empty()),
        other => panic!("plain JSON unpacked: {:?}", other.map(|b| b.len())),
    }
}

#[wasm_bindgen_test]
async fn a_compressed_export_imports_and_a_damaged_one_changes_nothing() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Sandbox", "Sandbox").await;
    let packed = bytes_of(
        &gzip::compress(&blob_of(file_with_automation().as_bytes()))
            .await
            .expect("compressed"),
    )
    .await;

    // A gzip header followed by what is not deflate data.
    let mut damaged = packed[..10].to_vec();
    damaged.extend_from_slice(b"this is not what gzip wrote");
    let before = saved();
    choose_bytes(
        "#import-file",
        "damaged.json.gz",
        "application/gzip",
        &damaged,
    );
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    let message = text(".flash.error");
    assert!(
        message.contains("damaged.json.gz was not imported, and nothing was changed"),
        "{message}"
    );
    assert!(message.contains("could not be unpacked"), "{message}");
    assert!(find("#import-preview").is_none());
    assert_eq!(saved(), before);

    choose_bytes(
        "#import-file",
        "shared.json.gz",
        "application/gzip",
        &packed,
    );
    wait_for("the preview", || find("#import-preview").is_some()).await;
    let preview = text("#import-preview");
    assert!(preview.contains("shared.json.gz holds"), "{preview}");
    assert!(text("#import-workflows").contains("Forward every token"));
    click("#confirm-import");
    wait_for("the import", || find(".flash.ok").is_some()).await;
    assert!(
        text(".flash.ok").contains("Imported shared.json.gz"),
        "{}",
        text(".flash.ok")
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_import_preview_lists_webhooks_and_workflows_which_arrive_disabled() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Sandbox", "Sandbox").await;
    choose_file("#import-file", "shared.json", &file_with_automation());
    wait_for("the preview", || find("#import-preview").is_some()).await;
    let hooks = text("#import-webhooks");
    assert!(hooks.contains("Northwind Bank"), "{hooks}");
    assert!(
        hooks.contains("https://collector.example.test/inquiries"),
        "{hooks}"
    );
    assert!(
        hooks.contains("inquiry.completed, share-token.redeemed"),
        "{hooks}"
    );
    let flows = text("#import-workflows");
    assert!(
        flows.contains("Northwind Bank") && flows.contains("Forward every token"),
        "{flows}"
    );
    assert!(flows.contains("inquiry.completed"), "{flows}");
    assert!(text("#import-automation").contains("They arrive disabled"));

    click("#confirm-import");
    wait_for("the import", || find(".flash.ok").is_some()).await;
    act_as("Northwind Bank").await;
    open("Webhooks", "Webhooks").await;
    wait_for("the imported endpoint, disabled", || {
        find("#webhook-endpoints tr[data-status=disabled]").is_some()
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn an_endpoint_can_be_disabled_and_enabled_again() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    add_webhook("http://127.0.0.1:9/hooks").await;
    wait_for("the endpoint, enabled", || {
        find("#webhook-endpoints tr[data-status=enabled]").is_some()
    })
    .await;
    assert!(text("#webhook-endpoints tr[data-status=enabled]").contains("enabled"));

    click("#webhook-endpoints [data-action=disable-webhook]");
    wait_for("the endpoint, disabled", || {
        find("#webhook-endpoints tr[data-status=disabled] [data-action=enable-webhook]").is_some()
    })
    .await;
    // It is saved: a reload shows it disabled.
    let here = path();
    app.unmount_keep_storage().await;
    let app = mount_at(&here).await;
    wait_for("the endpoint, still disabled", || {
        find("#webhook-endpoints tr[data-status=disabled]").is_some()
    })
    .await;

    click("#webhook-endpoints [data-action=enable-webhook]");
    wait_for("the endpoint, enabled again", || {
        find("#webhook-endpoints tr[data-status=enabled] [data-action=disable-webhook]").is_some()
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_workflow_form_keeps_its_picks_when_another_tab_adds_a_choice() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let before = records();
    add_org("Acme Lending").await;
    let after = records();
    app.unmount_keep_storage().await;

    // This tab knows the playground without Acme, and starts a workflow.
    let app = reopen_workflows_at(&before).await;
    let form = "#workflow-form";
    choose(&format!("{form} [name=source-org]"), "Lumen Pay");
    let redeem = find_all(&format!("{form} [name=action-1] option"))
        .into_iter()
        .find_map(|o| {
            let label = o.text_content().unwrap_or_default();
            label.starts_with("Redeem").then_some(label)
        })
        .expect("a redeem action offered");
    choose(&format!("{form} [name=action-1]"), &redeem);

    // Another tab adds Acme: the source organization select gains an option.
    another_tab_saved(&after);
    wait_for("Acme offered as a source", || {
        find_all(&format!("{form} [name=source-org] option"))
            .iter()
            .any(|o| o.text_content().is_some_and(|t| t == "Acme Lending"))
    })
    .await;
    yew::scheduler::flush().await;
    assert_eq!(
        selected_text(&format!("{form} [name=source-org]")),
        "Lumen Pay"
    );
    assert_eq!(selected_text(&format!("{form} [name=action-1]")), redeem);
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_workflow_deleted_in_another_tab_while_edited_here_is_said() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Workflows", "Workflows").await;
    let name = "Share completed inquiries with Lumen Pay";
    let row = format!("#workflows tr[data-name=\"{name}\"]");
    wait_for("the seeded workflow", || find(&row).is_some()).await;
    let before = records();
    click(&format!("{row} [data-action=delete]"));
    wait_for("the workflow deleted", || find(&row).is_none()).await;
    let after = records();
    app.unmount_keep_storage().await;

    // This tab still has it, and opens it to edit.
    let app = reopen_workflows_at(&before).await;
    wait_for("the seeded workflow", || find(&row).is_some()).await;
    click(&format!("{row} [data-action=edit]"));
    wait_for("the edit form", || {
        find("#workflow-form [data-action=cancel-edit]").is_some()
    })
    .await;

    // Another tab deletes it.
    another_tab_saved(&after);
    wait_for("the notice that the edited workflow is gone", || {
        find("#edited-workflow-gone").is_some()
    })
    .await;
    assert!(text("#edited-workflow-gone").contains("your changes were not saved"));
    app.unmount().await;
}
