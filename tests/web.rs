//! Browser tests: the app mounted in a real browser, driven by typing and clicking.
//!
//! Each test starts from empty storage and removes its DOM and storage when done.

#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// As Northwind Bank: bridge to Lumen Pay, which activates it. Ends acting as Northwind Bank
/// on the Bridges screen.
async fn active_bridge_to_lumen() {
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    type_into("#create-bridge [name=destination]", &lumen);
    click("#create-bridge button[type=submit]");
    wait_for("the new bridge, pending", || {
        find("#outbound-bridges [data-status=pending]").is_some()
    })
    .await;

    act_as("Lumen Pay").await;
    wait_for("the inbound bridge with Activate", || {
        find("#inbound-bridges [data-action=activate]").is_some()
    })
    .await;
    click("#inbound-bridges [data-action=activate]");
    wait_for("the bridge to be active", || {
        find("#inbound-bridges [data-status=active]").is_some()
    })
    .await;
    act_as("Northwind Bank").await;
}

/// As Northwind Bank: verify Alex Rivera with Retail KYC; returns the completed inquiry's id.
async fn completed_inquiry() -> String {
    open("Inquiries", "Inquiries").await;
    choose("#create-inquiry [name=template]", "Retail KYC");
    choose("#create-inquiry [name=person]", "Alex Rivera");
    click("#create-inquiry button[type=submit]");
    wait_for("the inquiry to complete", || {
        find("#inquiry-status [data-status=completed]").is_some()
    })
    .await;
    let path = path();
    let id = path.rsplit('/').next().unwrap_or_default().to_string();
    assert!(
        id.starts_with("inq_"),
        "inquiry page URL ends in its id: {path}"
    );
    id
}

/// As Northwind Bank: create a share token for `inquiry`; returns the token id.
async fn create_token(inquiry: &str) -> String {
    open("Share Tokens", "Share Tokens").await;
    assert_eq!(
        selected_text("#create-share-token [name=expiry]"),
        "24 hours (default)"
    );
    assert!(
        selected_text("#create-share-token [name=bridge]").contains("(active,"),
        "the active bridge is offered first"
    );
    type_into("#create-share-token [name=source]", inquiry);
    click("#create-share-token button[type=submit]");
    wait_for("the new share token", || {
        find("#created-token code").is_some()
    })
    .await;
    let token = text("#created-token code");
    assert!(token.starts_with("cnst_"), "a share token id: {token}");
    token
}

/// As Lumen Pay: redeem `token` into a new inquiry of `template`.
async fn redeem(token: &str, template: &str) {
    open("Redeem", "Redeem a share token").await;
    type_into("#redeem-share-token [name=token]", token);
    choose("#redeem-share-token [name=template]", template);
    click("#redeem-share-token button[type=submit]");
}

#[wasm_bindgen_test]
async fn the_whole_share_flow_by_clicking() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;

    // One click copies the id; the button says what happened (the clipboard may be denied
    // to a page driven by WebDriver, and then the user is told to select the id instead).
    click("#created-token button.copy");
    wait_for("copy feedback", || {
        text("#created-token button.copy") != "Copy"
    })
    .await;
    assert!(text(&format!("#outbound-tokens tr[data-id={token}]")).contains("Lumen Pay"));
    assert!(find(&format!(
        "#outbound-tokens tr[data-id={token}] [data-status=new]"
    ))
    .is_some());

    act_as("Lumen Pay").await;
    redeem(&token, "Lumen Basic").await;
    wait_for("the destination inquiry to complete", || {
        find("#redeem-result [data-status=completed]").is_some()
    })
    .await;
    assert!(text("#redeem-result").contains("Alex Rivera"));

    // The destination's inquiry links back to the token and the source org.
    click("#redeem-result a");
    wait_for("the destination inquiry page", || {
        find("#shared-from").is_some()
    })
    .await;
    assert!(text("#shared-from").contains("Northwind Bank"));
    assert!(text("#shared-from").contains(&token));
    assert!(
        text("#inquiry-fields").contains("1994-03-14"),
        "copied fields are shown"
    );

    // The destination sees the inbound token, redeemed.
    open("Share Tokens", "Share Tokens").await;
    assert!(find(&format!(
        "#inbound-tokens tr[data-id={token}] [data-status=redeemed]"
    ))
    .is_some());

    // The source sees its token redeemed, by whom.
    act_as("Northwind Bank").await;
    wait_for("the source's token list", || {
        find("#outbound-tokens").is_some()
    })
    .await;
    let row = format!("#outbound-tokens tr[data-id={token}]");
    assert!(find(&format!("{row} [data-status=redeemed]")).is_some());
    assert!(text(&row).contains("by Lumen Pay at"));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_reload_keeps_the_page_and_the_data() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;
    click(&format!("#outbound-tokens tr[data-id={token}] a"));
    wait_for("the token page", || find("#token-status").is_some()).await;
    let page = path();
    assert!(page.ends_with(&token), "the token has its own URL: {page}");
    app.unmount_keep_storage().await;

    let app = mount_at(&page).await;
    wait_for("the same token page after reload", || {
        find("#token-status [data-status=new]").is_some()
    })
    .await;
    assert_eq!(path(), page);
    assert!(text("h1").contains("Northwind Bank → Lumen Pay"));
    assert!(saved().is_some_and(|raw| raw.contains(&token)));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_source_that_is_not_an_inquiry_is_refused_and_creates_nothing() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    open("Share Tokens", "Share Tokens").await;
    let saved_before = saved();
    // A bridge id is a real id, but not an Inquiry's.
    let bridge = get("#create-share-token [name=bridge]")
        .get_attribute("value")
        .or_else(|| {
            find("#create-share-token [name=bridge] option").and_then(|o| o.get_attribute("value"))
        })
        .unwrap_or_default();
    type_into("#create-share-token [name=source]", &bridge);
    click("#create-share-token button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    assert!(text(".flash.error").contains("The source must be an Inquiry"));
    assert!(find("#outbound-tokens").is_none(), "no token was created");
    assert_eq!(
        input_value("#create-share-token [name=source]"),
        bridge,
        "what the user typed stays for them to correct"
    );
    assert_eq!(saved(), saved_before, "nothing was saved");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_token_over_a_pending_bridge_is_refused() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    type_into("#create-bridge [name=destination]", &lumen);
    click("#create-bridge button[type=submit]");
    wait_for("the bridge", || find("#outbound-bridges").is_some()).await;
    let inquiry = completed_inquiry().await;
    open("Share Tokens", "Share Tokens").await;
    type_into("#create-share-token [name=source]", &inquiry);
    click("#create-share-token button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    assert!(text(".flash.error")
        .contains("is pending: share tokens can be created only over an active bridge"));
    assert!(find("#outbound-tokens").is_none());
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn redeeming_twice_or_as_another_org_is_refused_with_the_status_named() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;

    // A third organization cannot even see the token.
    act_as("Bazaar Market").await;
    redeem(&token, "Seller onboarding").await;
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    assert!(text(".flash.error").contains(&format!("No share token with id `{token}`")));

    act_as("Lumen Pay").await;
    redeem(&token, "Lumen Credit 21+").await;
    wait_for("the first redeem", || find("#redeem-result").is_some()).await;
    redeem(&token, "Lumen Basic").await;
    wait_for("the second redeem's refusal", || {
        find(".flash.error").is_some()
    })
    .await;
    assert!(text(".flash.error").contains("is already redeemed"));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn unreadable_saved_data_is_kept_aside_not_overwritten() {
    clear_storage();
    let broken = "{\"version\":1,\"world\":{\"organizations\":[truncated";
    storage()
        .set_item(connect_playground::store::LEGACY_V1_KEY, broken)
        .expect("seed broken data");
    let app = mount_at("/").await;
    wait_for("the banner", || find("#storage-banner").is_some()).await;
    assert!(text("#storage-banner").contains("could not be loaded"));

    // Acting in the fresh demo does not touch the unreadable data.
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    type_into("#create-bridge [name=destination]", &lumen);
    click("#create-bridge button[type=submit]");
    wait_for("the bridge", || find("#outbound-bridges").is_some()).await;
    assert_eq!(
        storage()
            .get_item(connect_playground::store::LEGACY_V1_KEY)
            .ok()
            .flatten()
            .as_deref(),
        Some(broken)
    );
    assert_eq!(saved(), None, "nothing else was saved");
    let kept: Vec<String> = (0..storage().length().unwrap_or(0))
        .filter_map(|i| storage().key(i).ok().flatten())
        .filter(|k| k.starts_with(connect_playground::store::BACKUP_KEY_PREFIX))
        .collect();
    assert_eq!(kept.len(), 1, "one copy kept aside");
    assert_eq!(
        storage().get_item(&kept[0]).ok().flatten().as_deref(),
        Some(broken)
    );

    click_text("#storage-banner", "Start fresh (saves from now on)");
    wait_for("the banner to go", || find("#storage-banner").is_none()).await;
    assert!(saved_meta().is_some_and(|meta| meta.starts_with("{\"version\":2")));
    app.unmount().await;
}

/// Fills local storage until the browser refuses more; returns the filler keys.
fn fill_storage() -> Vec<String> {
    let mut keys = Vec::new();
    let mut size = 1 << 20;
    while size >= 8 {
        let key = format!("test-filler-{}", keys.len());
        if storage().set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 4;
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn a_refused_write_changes_nothing_and_says_why() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    let saved_before = saved();
    let fillers = fill_storage();

    type_into("#create-bridge [name=destination]", &lumen);
    click("#create-bridge button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    assert!(text(".flash.error").contains("the browser refused to save it"));
    assert!(
        find("#outbound-bridges").is_none(),
        "the screen shows what is saved"
    );
    assert_eq!(saved(), saved_before);

    for key in fillers {
        let _ = storage().remove_item(&key);
    }
    click("#create-bridge button[type=submit]");
    wait_for("the bridge, once there is room", || {
        find("#outbound-bridges").is_some()
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn an_added_organization_gets_its_own_dashboard_and_copyable_id() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    assert_eq!(
        find_all("#org-switcher option").len(),
        3,
        "three seeded orgs"
    );
    open("Organizations", "Organizations").await;
    type_into("#create-organization [name=name]", "Acme Lending");
    click("#create-organization button[type=submit]");
    wait_for("the new org in the switcher", || {
        find_all("#org-switcher option")
            .iter()
            .any(|o| o.text_content().as_deref() == Some("Acme Lending"))
    })
    .await;
    act_as("Acme Lending").await;
    let id = org_id("Acme Lending");
    assert!(id.starts_with("org_"));
    wait_for("Acme's Dashboard", || text("main h1") == "Acme Lending").await;
    assert_eq!(text(".acting-id code"), id, "the acting org's id is shown");
    assert!(find(".acting-id button.copy").is_some(), "and copyable");
    open("Inquiries", "Inquiries").await;
    assert!(
        text("main").contains("Standard KYC"),
        "a new org can verify at once"
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_typed_person_with_an_invalid_id_number_fails_and_says_why() {
    let app = mount_fresh().await;
    open("Inquiries", "Inquiries").await;
    choose("#create-inquiry [name=template]", "Retail KYC");
    choose("#create-inquiry [name=person]", "Type the person's data");
    wait_for("the typed fields", || {
        find("#create-inquiry [name=name_first]").is_some()
    })
    .await;
    for (field, value) in [
        ("name_first", "Pat"),
        ("name_last", "Lee"),
        ("birthdate", "1990-05-05"),
        ("identification_number", "X1"),
    ] {
        type_into(&format!("#create-inquiry [name={field}]"), value);
    }
    click("#create-inquiry button[type=submit]");
    wait_for("the inquiry to fail", || {
        find("#inquiry-status [data-status=failed]").is_some()
    })
    .await;
    let government_id = text("#verifications [data-kind=government-id]");
    assert!(government_id.contains("failed"), "{government_id}");
    assert!(government_id.contains("too short"), "{government_id}");
    assert!(text("#inquiry-fields").contains("Pat"));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn either_side_deactivates_and_only_the_source_reactivates() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    act_as("Lumen Pay").await;
    assert!(
        find("#inbound-bridges [data-action=reactivate]").is_none(),
        "the destination is not offered reactivate"
    );
    click("#inbound-bridges [data-action=deactivate]");
    wait_for("inactive", || {
        find("#inbound-bridges [data-status=inactive]").is_some()
    })
    .await;
    assert!(find("#inbound-bridges [data-action=reactivate]").is_none());

    act_as("Northwind Bank").await;
    click("#outbound-bridges [data-action=reactivate]");
    wait_for("pending again", || {
        find("#outbound-bridges [data-status=pending]").is_some()
    })
    .await;
    assert!(
        find("#outbound-bridges [data-action=activate]").is_none(),
        "the source cannot activate"
    );

    act_as("Lumen Pay").await;
    click("#inbound-bridges [data-action=activate]");
    wait_for("active again", || {
        find("#inbound-bridges [data-status=active]").is_some()
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn an_expired_token_cannot_be_redeemed() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    open("Share Tokens", "Share Tokens").await;
    type_into("#create-share-token [name=source]", &inquiry);
    choose("#create-share-token [name=expiry]", "60 seconds");
    click("#create-share-token button[type=submit]");
    wait_for("the token", || find("#created-token code").is_some()).await;
    let token = text("#created-token code");
    let row = format!("#outbound-tokens tr[data-id={token}]");
    assert!(
        text(&row).contains("1 minute"),
        "the chosen lifetime is shown"
    );

    click(&format!("{row} [data-action=expire]"));
    wait_for("expired", || {
        find(&format!("{row} [data-status=expired]")).is_some()
    })
    .await;

    act_as("Lumen Pay").await;
    redeem(&token, "Lumen Basic").await;
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    assert!(
        text(".flash.error").contains("is expired"),
        "{}",
        text(".flash.error")
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn redeeming_over_a_deactivated_bridge_fails_the_token() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;
    act_as("Lumen Pay").await;
    open("Bridges", "Organization Bridges").await;
    click("#inbound-bridges [data-action=deactivate]");
    wait_for("inactive", || {
        find("#inbound-bridges [data-status=inactive]").is_some()
    })
    .await;

    redeem(&token, "Lumen Basic").await;
    wait_for("the failure", || find(".flash.error").is_some()).await;
    let message = text(".flash.error");
    assert!(message.contains("is now failed"), "{message}");
    assert!(message.contains("inactive"), "{message}");
    act_as("Northwind Bank").await;
    open("Share Tokens", "Share Tokens").await;
    assert!(find(&format!(
        "#outbound-tokens tr[data-id={token}] [data-status=failed]"
    ))
    .is_some());
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn hydrate_fills_an_inquiry_the_destination_created_earlier() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;

    act_as("Lumen Pay").await;
    open("Inquiries", "Inquiries").await;
    choose("#create-inquiry [name=template]", "Lumen Strict");
    choose("#create-inquiry [name=person]", "Type the person's data");
    wait_for("the typed fields", || {
        find("#create-inquiry [name=email_address]").is_some()
    })
    .await;
    type_into("#create-inquiry [name=email_address]", "alex@lumen.example");
    click("#create-inquiry [name=run]");
    click("#create-inquiry button[type=submit]");
    wait_for("the waiting inquiry", || {
        find("#inquiry-status [data-status=created]").is_some()
    })
    .await;
    let waiting = path().rsplit('/').next().unwrap_or_default().to_string();

    open("Redeem", "Redeem a share token").await;
    type_into("#redeem-share-token [name=token]", &token);
    click("#redeem-share-token [name=mode][value=hydrate]");
    wait_for("the inquiry picker", || {
        find("#redeem-share-token [name=inquiry]").is_some()
    })
    .await;
    choose("#redeem-share-token [name=inquiry]", &waiting);
    click("#redeem-share-token button[type=submit]");
    wait_for("the result", || find("#redeem-result").is_some()).await;
    assert!(
        text("#redeem-result").contains(&waiting),
        "the same inquiry was filled"
    );
    assert!(text("#redeem-result").contains("Alex Rivera"));
    click("#redeem-result a");
    wait_for("the inquiry page", || find("#shared-from").is_some()).await;
    assert!(
        text("#inquiry-fields").contains("alex.rivera@example.com"),
        "shared fields fill the inquiry"
    );
    assert!(
        text("#inquiry-fields").contains("Rivera"),
        "shared fields arrived"
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn back_and_forward_move_between_screens() {
    let app = mount_fresh().await;
    open("Bridges", "Organization Bridges").await;
    open("Share Tokens", "Share Tokens").await;
    let history = web_sys::window()
        .and_then(|w| w.history().ok())
        .expect("history");
    history.back().expect("back");
    wait_for("Bridges after back", || {
        text("main h1") == "Organization Bridges"
    })
    .await;
    history.forward().expect("forward");
    wait_for("Share Tokens after forward", || {
        text("main h1") == "Share Tokens"
    })
    .await;
    app.unmount().await;
}
