//! Browser tests: the app mounted in a real browser, driven by typing and clicking.
//!
//! Each test starts from empty storage and removes its DOM and storage when done.

#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// As Northwind Bank: verify Alex Rivera with Retail KYC; returns the completed inquiry's id.
async fn completed_inquiry() -> String {
    complete_alex("Retail KYC").await
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

/// Unticks the bridge form's scope `checkbox`, once the form has ticked every scope.
async fn untick(checkbox: &str) {
    wait_for("every scope ticked to start", || {
        find(checkbox).is_some_and(|e| {
            e.dyn_into::<HtmlInputElement>()
                .is_ok_and(|input| input.checked())
        })
    })
    .await;
    get(checkbox)
        .dyn_into::<HtmlInputElement>()
        .expect("a checkbox")
        .set_checked(false);
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
    assert!(
        text(".flash.ok").contains("verified against your template: the inquiry is completed"),
        "{}",
        text(".flash.ok")
    );

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
async fn the_playground_screens_keep_the_organization_acted_as() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    act_as("Lumen Pay").await;
    open("Sandbox", "Sandbox").await;
    assert_eq!(selected_text("#org-switcher"), "Lumen Pay");
    open("Organizations", "Organizations").await;
    assert_eq!(selected_text("#org-switcher"), "Lumen Pay");
    // Its screens are one click away, as they were before.
    open("Share Tokens", "Share").await;
    assert!(
        path().contains(&format!("/orgs/{}", org_id("Lumen Pay"))),
        "{}",
        path()
    );
    open("Dashboard", "Lumen Pay").await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn scopes_unticked_for_a_bridge_stay_unticked_after_a_refusal() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Bridges", "Organization Bridges").await;
    let phone = "#create-bridge [name=scope-phone-number]";
    untick(phone).await;
    type_into("#create-bridge [name=destination]", "org_typo");
    click("#create-bridge button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    let still = get(phone)
        .dyn_into::<HtmlInputElement>()
        .expect("a checkbox")
        .checked();
    assert!(!still, "the refusal ticked the unticked scope again");

    type_into("#create-bridge [name=destination]", &org_id("Lumen Pay"));
    click("#create-bridge button[type=submit]");
    wait_for("the new bridge", || {
        find("#outbound-bridges [data-status=pending]").is_some()
    })
    .await;
    let shares = text("#outbound-bridges tbody tr");
    assert!(!shares.contains("phone"), "{shares}");
    assert!(shares.contains("email address"), "{shares}");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn redeem_says_verified_only_when_the_copy_passed_and_otherwise_what_waits() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    // A bridge that leaves out the identification number, which Lumen Basic requires.
    open("Bridges", "Organization Bridges").await;
    untick("#create-bridge [name=scope-identification-number]").await;
    type_into("#create-bridge [name=destination]", &org_id("Lumen Pay"));
    click("#create-bridge button[type=submit]");
    lumen_activates().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;

    act_as("Lumen Pay").await;
    redeem(&token, "Lumen Basic").await;
    wait_for("the copy, waiting for data", || {
        find("#redeem-result [data-status=pending]").is_some()
    })
    .await;
    let said = text(".flash.ok");
    assert!(
        said.contains(&format!("Share token {token} redeemed")),
        "{said}"
    );
    assert!(
        said.contains("the inquiry is pending (what is missing is below)"),
        "{said}"
    );
    assert!(!said.contains("verified"), "{said}");
    open("Share Tokens", "Share Tokens").await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_bridge_page_picker_starts_on_the_default_clone_template() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    act_as("Lumen Pay").await;
    open("Bridges", "Organization Bridges").await;
    click("#inbound-bridges tbody a");
    wait_for("the bridge's page", || text("h1").starts_with("Bridge ")).await;
    assert_eq!(text("#bridge-default-template"), "Lumen Basic");
    // Setting it without touching the picker keeps it: the picker shows the current one.
    assert_eq!(selected_text("[name=template]"), "Lumen Basic");
    click("[data-action=set-default-template]");
    wait_for("the confirmation", || find(".flash.ok").is_some()).await;
    assert_eq!(text("#bridge-default-template"), "Lumen Basic");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn redeem_over_an_inactive_bridge_is_warned_before_the_click() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    let token = create_token(&inquiry).await;
    act_as("Lumen Pay").await;
    open("Share Tokens", "Share Tokens").await;
    let row = format!("tr[data-id='{token}']");
    wait_for("the token with Redeem", || {
        find(&format!("{row} .button.primary")).is_some()
    })
    .await;
    assert!(find(&format!("{row} [data-warning=bridge-inactive]")).is_none());

    open("Bridges", "Organization Bridges").await;
    click("#inbound-bridges [data-action=deactivate]");
    wait_for("the bridge inactive", || {
        find("#inbound-bridges [data-status=inactive]").is_some()
    })
    .await;
    open("Share Tokens", "Share Tokens").await;
    wait_for("the warning beside Redeem", || {
        find(&format!("{row} [data-warning=bridge-inactive]")).is_some()
    })
    .await;
    assert!(text(&format!("{row} [data-warning=bridge-inactive]"))
        .contains("fails this token for good"));
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
async fn a_chosen_lifetime_left_empty_is_refused_and_1e3_means_1000_seconds() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    open("Share Tokens", "Share Tokens").await;
    let saved_before = saved();
    type_into("#create-share-token [name=source]", &inquiry);
    choose("#create-share-token [name=expiry]", "Other (seconds)…");
    wait_for("the seconds field", || {
        find("#create-share-token [name=expiry-seconds]").is_some()
    })
    .await;
    click("#create-share-token button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    assert!(
        text(".flash.error").contains("Give the token's lifetime in seconds"),
        "{}",
        text(".flash.error")
    );
    assert!(
        find("#outbound-tokens").is_none(),
        "no 24-hour token was made"
    );
    assert_eq!(saved(), saved_before, "nothing was saved");

    type_into("#create-share-token [name=expiry-seconds]", "1e3");
    click("#create-share-token button[type=submit]");
    wait_for("the new share token", || {
        find("#created-token code").is_some()
    })
    .await;
    let lifetime = connect::time::describe_seconds(1000);
    wait_for("the token listed with its lifetime", || {
        find("#outbound-tokens").is_some_and(|t| {
            t.text_content()
                .is_some_and(|t| t.contains(lifetime.as_str()))
        })
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn an_inquiry_id_typed_in_capitals_makes_its_token() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    open("Share Tokens", "Share Tokens").await;
    type_into(
        "#create-share-token [name=source]",
        &format!(" {} ", inquiry.to_uppercase()),
    );
    click("#create-share-token button[type=submit]");
    wait_for("the new share token", || {
        find("#created-token code").is_some()
    })
    .await;
    assert!(find(".flash.error").is_none());
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_token_over_a_pending_bridge_is_refused() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    bridge_to_lumen().await;
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
async fn switching_the_acting_org_starts_the_screen_afresh() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    type_into("#create-bridge [name=destination]", "org_nobody");
    click("#create-bridge button[type=submit]");
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    act_as("Lumen Pay").await;
    wait_for("Lumen Pay's bridges", || {
        path().contains(&lumen) && text("h1").contains("Organization Bridges")
    })
    .await;
    assert!(
        find(".flash").is_none(),
        "Northwind Bank's refusal is not Lumen Pay's: {}",
        page_text()
    );
    assert_ne!(
        input_value("#create-bridge [name=destination]"),
        "org_nobody"
    );
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
    // The id reads as code, not between backticks.
    assert!(text(".flash.error").contains(&format!("No share token with id {token} was found")));
    assert_eq!(text(".flash.error code"), token);

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
        text(".flash.error").contains("export the playground"),
        "it says how to make room"
    );
    // In words, with what the filler (the site's other data) takes; not the browser's
    // exception naming an internal key.
    let said = text(".flash.error");
    assert!(said.contains("local storage is full"), "{said}");
    assert!(said.contains("Other data of this site takes"), "{said}");
    assert!(!said.contains("QuotaExceededError"), "{said}");
    // The banner under the header says so at once, without a reload.
    wait_for("the almost-full banner", || find("#room-banner").is_some()).await;
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
async fn a_completed_inquiry_marked_for_review_is_approved_later() {
    let app = mount_fresh().await;
    completed_inquiry().await;
    assert!(
        find(".share-inquiry").is_some(),
        "a completed inquiry can be shared"
    );
    click("#mark-for-review");
    wait_for("the inquiry to wait for review", || {
        find("#inquiry-status [data-status=needs_review]").is_some()
    })
    .await;
    assert!(find("#mark-for-review").is_none(), "marked once");
    assert!(
        find(".share-inquiry").is_none(),
        "under review it is not offered for sharing"
    );
    click_text("#inquiry-summary .actions", "Approve");
    wait_for("the inquiry to be approved", || {
        find("#inquiry-status [data-status=approved]").is_some()
    })
    .await;
    open("Events", "Events").await;
    assert!(
        page_text().contains("inquiry.marked-for-review"),
        "the Events screen lists the review"
    );
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

// ---- the playground clock --------------------------------------------------------------------

/// Opens the header clock's menu (a `details` element) if it is closed.
fn open_clock_menu() {
    let open = find("#clock-menu").is_some_and(|d| d.has_attribute("open"));
    if !open {
        click("#clock-menu summary");
    }
}

#[wasm_bindgen_test]
async fn moving_the_clock_ahead_expires_a_token_with_no_other_click() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = completed_inquiry().await;
    open("Share Tokens", "Share Tokens").await;
    type_into("#create-share-token [name=source]", &inquiry);
    choose("#create-share-token [name=expiry]", "60 seconds");
    click("#create-share-token button[type=submit]");
    wait_for("the token", || find("#created-token code").is_some()).await;
    let row = format!(
        "#outbound-tokens tr[data-id={}]",
        text("#created-token code")
    );
    assert!(find(&format!("{row} [data-status=new]")).is_some());
    assert!(
        find("#clock-ahead").is_none(),
        "the clock starts at real time"
    );

    open_clock_menu();
    click_text("#clock", "+1 hour");
    wait_for("the token to turn expired by itself", || {
        find(&format!("{row} [data-status=expired]")).is_some()
    })
    .await;
    assert_eq!(text("#clock-ahead"), "+1 hour ahead");
    assert!(
        find(&format!("{row} [data-action=expire]")).is_none(),
        "an expired token offers no Expire"
    );

    click_text("#clock", "+1 day");
    wait_for("the clock a day and an hour ahead", || {
        text("#clock-ahead") == "+1 day 1 hour ahead"
    })
    .await;

    click_text("#clock", "Back to real time");
    wait_for("the clock back at real time", || {
        find("#clock-ahead").is_none()
            && get("#clock").get_attribute("data-offset").as_deref() == Some("0")
    })
    .await;
    // What the clock did stays done: the expiry was recorded.
    assert!(find(&format!("{row} [data-status=expired]")).is_some());
    assert!(saved_meta().is_some_and(|meta| meta.contains("\"clock-offset-ms\":0")));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn an_open_inquiry_expires_a_day_later_and_the_clock_never_goes_behind_real_time() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Inquiries", "Inquiries").await;
    choose("#create-inquiry [name=template]", "Retail KYC");
    choose("#create-inquiry [name=person]", "Alex Rivera");
    click("#create-inquiry [name=run]");
    click("#create-inquiry button[type=submit]");
    wait_for("the inquiry, not yet run", || {
        find("#inquiry-status [data-status=created]").is_some()
    })
    .await;
    assert!(find("#run-inquiry").is_some());

    // A time before real time is refused, and the clock stays where it was.
    open_clock_menu();
    type_into("#clock [name=jump]", "2001-01-01T00:00");
    click_text("#clock", "Jump");
    wait_for("the refusal", || find("#clock .flash.error").is_some()).await;
    assert!(
        text("#clock .flash.error").contains("before real time"),
        "{}",
        text("#clock .flash.error")
    );
    assert_eq!(
        get("#clock").get_attribute("data-offset").as_deref(),
        Some("0")
    );
    assert!(find("#inquiry-status [data-status=created]").is_some());

    // Two days and five minutes ahead, to the minute the field holds.
    let target = connect::Timestamp(js_sys::Date::now() as i64 + 2 * 86_400_000 + 5 * 60_000);
    type_into(
        "#clock [name=jump]",
        &connect::clock::datetime_local(target),
    );
    click_text("#clock", "Jump");
    wait_for("the clock two days ahead", || {
        text("#clock-ahead").starts_with("+2 days")
    })
    .await;
    assert!(find("#clock .flash.error").is_none(), "the refusal is gone");
    assert_eq!(text("#clock .clock-time").trim(), target.display());
    wait_for("the open inquiry to expire by itself", || {
        find("#inquiry-status [data-status=expired]").is_some()
    })
    .await;
    assert!(
        find("#run-inquiry").is_none(),
        "an expired inquiry cannot be run"
    );
    app.unmount().await;
}

// ---- the sandbox: export, import, reset ------------------------------------------------------

/// Adds "Acme Lending", so the playground differs from the seeded demo.
async fn add_acme() {
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Organizations", "Organizations").await;
    type_into("#create-organization [name=name]", "Acme Lending");
    click("#create-organization button[type=submit]");
    wait_for("Acme in the switcher", || {
        org_names().contains(&"Acme Lending".to_string())
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_export_imports_back_and_a_foreign_file_changes_nothing() {
    let app = mount_fresh().await;
    add_acme().await;
    open("Sandbox", "Sandbox").await;
    assert!(text("#sandbox-summary").contains("4 organizations"));

    click("#export-playground");
    // The buttons wait while the export is made (a busy playground's takes a second or two).
    yew::scheduler::flush().await;
    assert!(get("#export-playground").has_attribute("disabled"));
    assert!(text(".flash.ok").contains("Making the export"));
    wait_for("the exported file", || find("#export-file a").is_some()).await;
    wait_for("the buttons back", || {
        !get("#export-playground").has_attribute("disabled")
    })
    .await;
    let link = get("#export-file a");
    let file_name = link.get_attribute("download").unwrap_or_default();
    assert!(
        file_name.starts_with("connect-playground-") && file_name.ends_with(".json"),
        "{file_name}"
    );
    let exported = fetch_text(&link.get_attribute("href").unwrap_or_default()).await;
    assert!(
        exported.contains("\"app\": \"connect-playground\""),
        "{exported:.200}"
    );
    assert!(text(".flash.ok").contains("Exported 4 organizations"));

    // A foreign JSON file is refused with the reason, and nothing changes.
    let before = saved();
    choose_file(
        "#import-file",
        "package.json",
        r#"{"name":"my-app","version":"1.0.0"}"#,
    );
    wait_for("the refusal", || find(".flash.error").is_some()).await;
    let message = text(".flash.error");
    assert!(
        message.contains("package.json was not imported, and nothing was changed"),
        "{message}"
    );
    assert!(
        message.contains("not a Connect Playground export"),
        "{message}"
    );
    assert!(find("#import-preview").is_none());
    assert_eq!(saved(), before);
    assert_eq!(org_names().len(), 4);

    // Start over, then bring the export back.
    click("#reset-playground");
    wait_for("the confirmation", || find("#confirm-reset").is_some()).await;
    click("#confirm-reset");
    wait_for("the seeded demo", || org_names().len() == 3).await;
    choose_file("#import-file", &file_name, &exported);
    wait_for("what the file holds", || find("#import-preview").is_some()).await;
    assert!(
        text("#import-preview").contains("4 organizations"),
        "{}",
        text("#import-preview")
    );
    assert_eq!(
        org_names().len(),
        3,
        "nothing is imported before the confirmation"
    );
    click("#confirm-import");
    wait_for("the imported playground", || {
        org_names().contains(&"Acme Lending".to_string())
    })
    .await;
    assert!(text(".flash.ok").contains(&format!("Imported {file_name}")));
    assert!(text("#sandbox-summary").contains("4 organizations"));
    assert!(saved().is_some_and(|raw| raw.contains("Acme Lending")));
    app.unmount().await;
}

/// The API key secrets of the orgs in an export file, by org name.
fn api_secrets(file: &str) -> Vec<(String, String)> {
    let snapshot = connect::exchange::import(file).expect("an importable export");
    let orgs = snapshot.world.organizations.values();
    orgs.map(|o| (o.name.clone(), o.api_key.secret.clone()))
        .collect()
}

/// Clicks `button` on the Sandbox and returns the exported file's text.
async fn export_with(button: &str) -> String {
    let before = find("#export-file a").and_then(|a| a.get_attribute("href"));
    click(button);
    wait_for("a new exported file", || {
        find("#export-file a").and_then(|a| a.get_attribute("href")) != before
    })
    .await;
    fetch_text(
        &get("#export-file a")
            .get_attribute("href")
            .unwrap_or_default(),
    )
    .await
}

#[wasm_bindgen_test]
async fn an_export_warns_of_its_secrets_and_can_leave_them_out() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Sandbox", "Sandbox").await;
    let warning = text("#export-secrets-warning");
    assert!(
        warning.contains("every organization's API key and every webhook signing secret"),
        "{warning}"
    );

    let original = api_secrets(&export_with("#export-playground").await);
    assert_eq!(original.len(), 3);
    let shared = export_with("#export-without-secrets").await;
    assert!(
        text(".flash.ok").contains("without its 3 secrets"),
        "{}",
        text(".flash.ok")
    );
    for (org, secret) in &original {
        assert!(
            !shared.contains(secret.as_str()),
            "{org}'s key is in the file"
        );
    }
    assert_eq!(
        shared.matches(connect::exchange::secrets::LEFT_OUT).count(),
        3
    );

    choose_file("#import-file", "shared.json", &shared);
    wait_for("what the file holds", || find("#import-preview").is_some()).await;
    let preview = text("#import-preview");
    assert!(
        preview.contains("exported without secrets: its 3 left-out secrets are made anew"),
        "{preview}"
    );
    click("#confirm-import");
    wait_for("the import", || {
        text(".flash.ok").contains("Imported shared.json")
    })
    .await;

    let after = api_secrets(&export_with("#export-playground").await);
    let mut fresh: Vec<&str> = after.iter().map(|(_, s)| s.as_str()).collect();
    assert!(fresh.iter().all(|s| s.starts_with("sk_test_")), "{fresh:?}");
    assert!(
        original.iter().all(|(_, s)| !fresh.contains(&s.as_str())),
        "a left-out key came back"
    );
    fresh.sort_unstable();
    fresh.dedup();
    assert_eq!(fresh.len(), 3, "each org has its own new key");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn reset_asks_first_then_restores_the_three_seeded_orgs() {
    let app = mount_fresh().await;
    add_acme().await;
    open("Sandbox", "Sandbox").await;
    let before = saved();

    click("#reset-playground");
    wait_for("the confirmation", || find("#reset-confirmation").is_some()).await;
    assert!(text("#reset-confirmation").contains("erases every organization"));
    assert_eq!(org_names().len(), 4, "asking erases nothing");
    assert_eq!(saved(), before);
    click_text("#reset-confirmation", "Cancel");
    wait_for("the confirmation to go", || {
        find("#reset-confirmation").is_none()
    })
    .await;
    assert_eq!(org_names().len(), 4);

    let lumen = org_id("Lumen Pay");
    click("#reset-playground");
    wait_for("the confirmation", || find("#confirm-reset").is_some()).await;
    click_text("#reset-confirmation", "Yes, erase everything");
    wait_for("the seeded demo", || org_names().len() == 3).await;
    assert_eq!(
        org_names(),
        ["Northwind Bank", "Lumen Pay", "Bazaar Market"]
    );
    assert_eq!(
        org_id("Lumen Pay"),
        lumen,
        "a seeded organization keeps its id, so open tabs and bookmarks still find it"
    );
    assert!(text(".flash.ok").contains("seeded demo"));
    assert!(saved().is_some_and(|raw| !raw.contains("Acme Lending")));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_screen_opened_from_far_down_a_list_starts_at_its_top() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    completed_inquiry().await;
    open("Inquiries", "Inquiries").await;
    // A long page, scrolled down to the list, as with many inquiries.
    let window = web_sys::window().expect("window");
    let body = document().body().expect("body");
    body.set_attribute("style", "min-height: 5000px")
        .expect("style");
    window.scroll_to_with_x_and_y(0.0, 600.0);
    assert!(
        window.scroll_y().unwrap_or_default() > 0.0,
        "the page scrolls"
    );
    click("#inquiry-list td:first-child a");
    wait_for("the inquiry's page", || find("#inquiry-status").is_some()).await;
    let at = window.scroll_y().unwrap_or_default();
    body.remove_attribute("style").expect("style");
    assert_eq!(at, 0.0, "the inquiry's page opened scrolled to {at}");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_form_keeps_what_the_user_changed_when_the_playground_changes_underneath() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Inquiries", "Inquiries").await;
    choose("#create-inquiry [name=person]", "Alex Rivera");
    let selfie = "#create-inquiry [name=evidence-selfie]";
    let run = "#create-inquiry [name=run]";
    let is_checked = |selector: &str| {
        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(get(selector))
            .map(|i| i.checked())
            .unwrap_or_default()
    };
    wait_for("Alex's evidence ticked", || {
        is_checked(selfie) && is_checked(run)
    })
    .await;
    click(selfie);
    click(run);
    assert!(!is_checked(selfie) && !is_checked(run));
    // The playground changes underneath (the clock moves an hour): every screen re-renders.
    open_clock_menu();
    let before = text("#clock .clock-time");
    click("#clock [data-advance=hour]");
    wait_for("the clock an hour ahead", || {
        text("#clock .clock-time") != before
    })
    .await;
    assert!(
        !is_checked(selfie) && !is_checked(run),
        "the user's unticks were undone by a re-render"
    );
    // Picking another person starts from that person's evidence again.
    choose("#create-inquiry [name=person]", "Jamie Chen");
    wait_for("Jamie's evidence ticked", || is_checked(run)).await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_bridge_to_the_organization_itself_is_listed_both_ways_and_can_be_activated() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    let own = org_id("Northwind Bank");
    open("Bridges", "Organization Bridges").await;
    type_into("#create-bridge [name=destination]", &own);
    click("#create-bridge button[type=submit]");
    wait_for("the bridge under Outbound and under Inbound", || {
        find("#outbound-bridges [data-status=pending]").is_some()
            && find("#inbound-bridges [data-action=activate]").is_some()
    })
    .await;
    // As its destination, the organization activates its own bridge from the Inbound list.
    click("#inbound-bridges [data-action=activate]");
    wait_for("the bridge active in both lists", || {
        find("#inbound-bridges [data-status=active]").is_some()
            && find("#outbound-bridges [data-status=active]").is_some()
    })
    .await;
    app.unmount().await;
}
