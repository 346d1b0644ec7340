//! Browser tests of demo mode: the split view on the same state, the guided flow's "Do it for
//! me" through the same command path, the live picture, and each scenario preset's outcome.

#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn picture_status(part: &str) -> String {
    find(&format!("#picture-{part}"))
        .and_then(|e| e.get_attribute("data-status"))
        .unwrap_or_default()
}

fn current_step() -> String {
    find(".guide-step[data-progress=current]")
        .and_then(|e| e.get_attribute("data-step"))
        .unwrap_or_default()
}

fn pane_org(side: &str) -> String {
    selected_text(&format!("#pane-{side} .pane-org select"))
}

/// Clicks "Do it for me" on the step `step` and waits until the guide has answered.
async fn do_it(step: &str) {
    let button = format!(".guide-step[data-step={step}] [data-action=do-it]");
    wait_for(&format!("“Do it for me” on {step}"), || {
        find(&button).is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    click(&button);
    // Done shows as a tick, a refusal as the rule's message.
    wait_for(&format!("{step} to be answered"), || {
        find(&format!(".guide-step[data-step={step}] .flash")).is_some()
            || find(&format!(
                ".guide-step[data-step={step}][data-progress=done]"
            ))
            .is_some()
    })
    .await;
}

/// Does the current step for the presenter until the guide has nothing current.
async fn finish_the_guide() {
    do_steps_until_one(|step| step.is_empty() || step == "verified-again").await;
}

/// Does "Do it for me" on each current step until `reached(current step)` holds.
async fn do_steps_until_one(reached: impl Fn(&str) -> bool) {
    for _ in 0..10 {
        let step = current_step();
        if reached(&step) {
            return;
        }
        do_it(&step).await;
        wait_for(&format!("{step} to be done"), || {
            find(&format!(
                ".guide-step[data-step={step}][data-progress=done]"
            ))
            .is_some()
        })
        .await;
    }
    panic!("the guide did not get there in 10 clicks");
}

async fn open_scenario(name: &str) -> Mounted {
    clear_storage();
    let app = mount_at(&format!("/demo?scenario={name}")).await;
    wait_for("the scenario to be ready", || {
        text(".demo > .flash").contains("is ready")
    })
    .await;
    app
}

#[wasm_bindgen_test]
async fn the_split_view_shows_both_organizations_on_one_state_and_the_guide_completes_the_flow() {
    clear_storage();
    let app = mount_at("/demo").await;
    wait_for("both panes", || {
        find("#pane-left").is_some() && find("#pane-right").is_some()
    })
    .await;
    assert_eq!(pane_org("left"), "Northwind Bank");
    assert_eq!(pane_org("right"), "Lumen Pay");
    assert_eq!(picture_status("bridge"), "none");
    assert_eq!(current_step(), "create-bridge");
    // The current step's real control is outlined in its pane.
    wait_for("the Create bridge button outlined", || {
        find("#pane-left #left-create-bridge button[type=submit][data-demo-highlight]").is_some()
    })
    .await;

    // A click in the left pane shows in the right pane: the same state.
    do_it("create-bridge").await;
    wait_for("the bridge pending on the destination's side", || {
        find("#pane-right #right-inbound-bridges [data-status=pending]").is_some()
    })
    .await;
    assert_eq!(picture_status("bridge"), "pending");

    do_it("activate-bridge").await;
    do_it("complete-inquiry").await;
    do_it("create-token").await;
    wait_for("the new token in the picture", || {
        picture_status("token") == "new"
    })
    .await;
    assert!(text("#picture-countdown").contains("expires in 23:59"));
    do_it("hand-over").await;
    wait_for("the token in the destination's Redeem form", || {
        find("#pane-right #right-redeem-share-token [name=token]")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.value().starts_with("cnst_"))
    })
    .await;
    do_it("redeem").await;
    wait_for("the token redeemed in the picture", || {
        picture_status("token") == "redeemed"
    })
    .await;
    assert_eq!(picture_status("destination-inquiry"), "completed");
    assert!(find(".guide-step[data-progress=current]").is_none());

    // Either pane's organization can change; the URL keeps it.
    choose("#pane-right .pane-org select", "Bazaar Market");
    wait_for("Bazaar Market on the right", || {
        pane_org("right") == "Bazaar Market"
    })
    .await;
    let bazaar = org_id("Bazaar Market");
    assert!(web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
        .contains(&format!("right={bazaar}")));
    assert_eq!(picture_status("bridge"), "none");
    app.unmount().await;
}

/// Ids more than one element on the page carries.
fn duplicate_ids() -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let all = document().query_selector_all("[id]").expect("query ids");
    for i in 0..all.length() {
        if let Some(e) = all
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            *seen.entry(e.id()).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
}

fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn both_panes_on_one_screen_keep_ids_unique_and_links_stay_in_the_pane() {
    clear_storage();
    let app = mount_at("/demo?lview=bridges&rview=bridges").await;
    wait_for("both panes on Bridges", || {
        find("#pane-left #left-create-bridge").is_some()
            && find("#pane-right #right-create-bridge").is_some()
    })
    .await;
    assert_eq!(duplicate_ids(), Vec::<String>::new());

    // The current step's "Do it for me" also sits beside its control, in its pane.
    wait_for("“Do it for me” beside the Create bridge button", || {
        find("#pane-left .pane-body .do-it-here:not([hidden])").is_some()
    })
    .await;
    assert!(find("#pane-right .do-it-here:not([hidden])").is_none());
    click("#pane-left .do-it-here:not([hidden])");
    wait_for("the bridge pending on the destination's side", || {
        find("#right-inbound-bridges [data-status=pending]").is_some()
    })
    .await;
    wait_for("the button beside Activate, in the right pane", || {
        find("#pane-right .do-it-here:not([hidden])").is_some()
            && find("#pane-left .do-it-here:not([hidden])").is_none()
    })
    .await;
    assert_eq!(duplicate_ids(), Vec::<String>::new());

    // The bridge's link opens it in the pane; the presenter stays in the split view.
    click("#right-inbound-bridges td:first-child a");
    wait_for("the bridge in the right pane", || {
        find("#pane-right #right-bridge-status").is_some()
    })
    .await;
    assert!(path().ends_with("/demo"), "left demo mode for {}", path());
    assert!(find("#pane-left #left-create-bridge").is_some());
    click("#pane-right .pane-back");
    wait_for("the right pane back on Bridges", || {
        find("#pane-right #right-inbound-bridges").is_some()
    })
    .await;

    // The browser's Back retraces the presenter's steps inside the demo: the bridge again,
    // then the list, never the page before the demo.
    let history = web_sys::window()
        .and_then(|w| w.history().ok())
        .expect("history");
    history.back().expect("back");
    wait_for("Back reopens the bridge in the right pane", || {
        find("#pane-right #right-bridge-status").is_some()
    })
    .await;
    history.back().expect("back");
    wait_for("Back again shows the right pane's Bridges", || {
        find("#pane-right #right-inbound-bridges").is_some()
    })
    .await;
    assert!(
        path().ends_with("/demo"),
        "Back left demo mode for {}",
        path()
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_do_it_for_me_too_early_is_refused_with_the_rules_message() {
    clear_storage();
    let app = mount_at("/demo").await;
    wait_for("the guide", || !current_step().is_empty()).await;
    do_it("create-token").await;
    let refusal = text(".guide-step[data-step=create-token] .flash.error");
    assert!(refusal.contains("bridge-id"), "{refusal}");
    assert_eq!(picture_status("token"), "none");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn happy_path_preset_completes_at_the_destination() {
    let app = open_scenario("happy-path").await;
    assert_eq!(current_step(), "create-token");
    finish_the_guide().await;
    wait_for("a completed destination inquiry", || {
        picture_status("destination-inquiry") == "completed"
    })
    .await;
    // What "Do it for me" redeemed is on screen: the right pane shows the new inquiry, and the
    // Redeem form no longer holds the used token.
    wait_for("the redeemed inquiry in the right pane", || {
        find("#pane-right #right-shared-from").is_some()
    })
    .await;
    click("#pane-right .pane-back");
    wait_for("the Redeem form again", || {
        find("#pane-right #right-redeem-share-token").is_some()
    })
    .await;
    assert_eq!(input_value("#right-redeem-share-token [name=token]"), "");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn stricter_rule_preset_fails_the_person_the_source_accepted() {
    let app = open_scenario("stricter-rule").await;
    assert_eq!(picture_status("source-inquiry"), "completed");
    finish_the_guide().await;
    wait_for("a failed destination inquiry", || {
        picture_status("destination-inquiry") == "failed"
    })
    .await;
    assert!(text("#picture-destination-inquiry").contains("minimum age 21: failed"));
    app.unmount().await;
}

/// Does "Do it for me" on each step until `step` is the current one.
async fn do_steps_until(step: &str) {
    do_steps_until_one(|current| current == step).await;
}

#[wasm_bindgen_test]
async fn the_outlined_redeem_button_clicked_by_hand_tells_the_guides_story() {
    let app = open_scenario("stricter-rule").await;
    do_steps_until("redeem").await;
    assert!(text(".guide-step[data-step=redeem]").contains("waiting"));
    // The presenter clicks the real control instead of "Do it for me".
    let submit = "#right-redeem-share-token button[type=submit]";
    wait_for(
        "the right pane's Redeem form, into the waiting inquiry",
        || {
            find(submit).is_some()
                && find("#right-redeem-share-token [name=mode][value=hydrate]")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .is_some_and(|radio| radio.checked())
        },
    )
    .await;
    click(submit);
    wait_for("a failed destination inquiry, as the guide told", || {
        picture_status("destination-inquiry") == "failed"
    })
    .await;
    assert!(text("#picture-destination-inquiry").contains("minimum age 21: failed"));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_token_sent_to_the_destinations_api_waits_in_its_redeem_form() {
    clear_storage();
    let app = mount_at("/demo?scenario=happy-path&handover=destination-api").await;
    wait_for("the scenario to be ready", || {
        text(".demo > .flash").contains("is ready")
    })
    .await;
    do_steps_until("redeem").await;
    let token = "#right-redeem-share-token [name=token]";
    wait_for(
        "the delivered token in the right pane's Redeem form",
        || find(token).is_some() && input_value(token).starts_with("cnst_"),
    )
    .await;
    click("#right-redeem-share-token button[type=submit]");
    wait_for("the token redeemed by the outlined button", || {
        picture_status("token") == "redeemed"
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn missing_data_preset_stays_pending_with_the_missing_data_listed() {
    let app = open_scenario("missing-data").await;
    finish_the_guide().await;
    wait_for("a pending destination inquiry", || {
        picture_status("destination-inquiry") == "pending"
    })
    .await;
    assert!(text("#picture-destination-inquiry").contains("missing: address"));
    assert!(text(".guide-step[data-step=verified-again]").contains("missing"));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn expiring_token_preset_expires_when_the_clock_moves_and_is_then_refused() {
    let app = open_scenario("expiring-token").await;
    wait_for("the new token counting down", || {
        picture_status("token") == "new" && text("#picture-countdown").contains("expires in 00:01")
    })
    .await;
    get("#clock-menu")
        .set_attribute("open", "")
        .expect("open the clock menu");
    click("#clock [data-advance=hour]");
    wait_for("the token expired in the picture", || {
        picture_status("token") == "expired"
    })
    .await;
    assert_eq!(current_step(), "create-token");
    do_it("redeem").await;
    let refusal = text(".guide-step[data-step=redeem] .flash.error");
    assert!(refusal.contains("expired"), "{refusal}");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn wrong_organization_preset_is_refused() {
    let app = open_scenario("wrong-organization").await;
    wait_for("Bazaar Market on the right", || {
        pane_org("right") == "Bazaar Market"
    })
    .await;
    assert!(text(".guide-step[data-step=redeem]").contains("addressed to Lumen Pay"));
    // The attempt is the step the guide points at, not a bridge to Bazaar Market.
    assert!(
        text(".guide-step.current")
            .contains("Bazaar Market tries to redeem Northwind Bank's token for Lumen Pay"),
        "{}",
        text(".guide-step.current")
    );
    // The picture shows the token Bazaar Market holds and whom it is for.
    assert_eq!(
        get("#picture-token")
            .get_attribute("data-status")
            .as_deref(),
        Some("new")
    );
    assert!(text("#picture-token").contains("addressed to Lumen Pay"));
    do_it("redeem").await;
    let refusal = text(".guide-step[data-step=redeem] .flash.error");
    assert!(refusal.contains("No share token"), "{refusal}");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn automated_preset_shares_and_redeems_after_one_verification() {
    let app = open_scenario("automated").await;
    // The preset opens on the paths it is made for: no choosing needed.
    wait_for("the workflow paths chosen", || {
        selected_text("#path-create") == "Workflow"
            && selected_text("#path-handover") == "Destination's workflow"
    })
    .await;
    wait_for("the inquiry step current", || {
        current_step() == "complete-inquiry"
    })
    .await;
    do_it("complete-inquiry").await;
    wait_for("the token redeemed by the workflows", || {
        picture_status("token") == "redeemed"
    })
    .await;
    assert_eq!(picture_status("destination-inquiry"), "completed");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_scenario_over_saved_work_asks_first_and_offers_an_export() {
    let app = open_scenario("happy-path").await;
    click_text(".scenarios", "Age ≥ 21 rule");
    wait_for("the confirmation", || {
        find("#scenario-confirmation").is_some()
    })
    .await;
    assert!(get("#scenario-export")
        .get_attribute("href")
        .is_some_and(|h| h.starts_with("data:application/json")));
    click_text("#scenario-confirmation", "Cancel");
    wait_for("the confirmation gone", || {
        find("#scenario-confirmation").is_none()
    })
    .await;
    assert_eq!(picture_status("source-inquiry"), "completed");
    assert!(text("#picture-source-inquiry").contains("Alex Rivera"));

    click_text(".scenarios", "Age ≥ 21 rule");
    wait_for("the confirmation", || {
        find("#scenario-confirmation").is_some()
    })
    .await;
    click("#confirm-scenario");
    wait_for("Jamie Chen at the source", || {
        text("#picture-source-inquiry").contains("Jamie Chen")
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_presenter_text_size_is_remembered() {
    clear_storage();
    let app = mount_at("/demo").await;
    click("#presenter-text");
    wait_for("presenter text on", || {
        document()
            .document_element()
            .is_some_and(|r| r.has_attribute("data-presenter"))
    })
    .await;
    app.unmount_keep_storage().await;
    let app = mount_at("/demo").await;
    wait_for("presenter text still on", || {
        get("#presenter-text")
            .get_attribute("aria-pressed")
            .as_deref()
            == Some("true")
    })
    .await;
    click("#presenter-text");
    app.unmount().await;
    assert!(!document()
        .document_element()
        .is_some_and(|r| r.has_attribute("data-presenter")));
}

/// Whether `inner`'s box lies within `outer`'s, vertically.
fn within(inner: &str, outer: &str) -> bool {
    match (find(inner), find(outer)) {
        (Some(i), Some(o)) => {
            let (i, o) = (i.get_bounding_client_rect(), o.get_bounding_client_rect());
            i.height() > 0.0 && i.top() >= o.top() - 1.0 && i.bottom() <= o.bottom() + 1.0
        }
        _ => false,
    }
}

#[wasm_bindgen_test]
async fn a_refusal_in_a_pane_scrolled_down_to_its_form_is_shown_in_view() {
    clear_storage();
    let app = mount_at("/demo?lview=bridges").await;
    wait_for("the left pane's bridge form", || {
        find("#pane-left #left-create-bridge").is_some()
    })
    .await;
    type_into("#left-create-bridge [name=destination]", "org_nobody");
    // A short pane, as on a small screen, scrolled down to the form's button.
    let body = get("#pane-left .pane-body");
    body.set_attribute("style", "height: 120px; max-height: 120px; overflow: auto")
        .expect("style");
    body.set_scroll_top(body.scroll_height());
    let scrolled = body.scroll_top();
    assert!(scrolled > 0, "the pane scrolls");
    click("#left-create-bridge button[type=submit]");
    wait_for("the refusal, in view in its pane", || {
        within("#pane-left .flash.error", "#pane-left .pane-body")
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_token_id_pasted_by_hand_into_the_redeem_form_ticks_the_hand_over() {
    let app = open_scenario("happy-path").await;
    do_it("create-token").await;
    wait_for("the hand-over step current", || {
        current_step() == "hand-over"
    })
    .await;
    let detail = text(".guide-step[data-step=hand-over]");
    let start = detail.find("cnst_").expect("the token's id in the step");
    let token: String = detail[start..].chars().take(37).collect();
    // The presenter copies the id from the left pane and pastes it on the right, by hand.
    wait_for("the right pane's Redeem form", || {
        find("#right-redeem-share-token [name=token]").is_some()
    })
    .await;
    type_into("#right-redeem-share-token [name=token]", &token);
    wait_for("the hand-over ticked", || {
        find(".guide-step[data-step=hand-over][data-progress=done]").is_some()
    })
    .await;
    assert_eq!(current_step(), "redeem");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_keyboard_walks_the_guide_focus_moves_to_the_next_do_it_for_me() {
    let app = open_scenario("happy-path").await;
    let beside = "#demo .do-it-here:not([hidden])";
    wait_for("“Do it for me” beside the control", || {
        find(beside).is_some()
    })
    .await;
    let button: web_sys::HtmlElement = get(beside).dyn_into().expect("a button");
    button.focus().expect("focus");
    button.click();
    wait_for("the token created", || picture_status("token") == "new").await;
    wait_for("focus on the next step's “Do it for me”", || {
        document()
            .active_element()
            .is_some_and(|e| e.get_attribute("data-action").as_deref() == Some("do-it"))
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn do_it_for_me_in_the_guide_hands_focus_to_the_guides_next_not_the_panes() {
    let app = open_scenario("happy-path").await;
    let in_guide = ".guide-step[data-progress=current] [data-action=do-it]";
    let beside = "#demo .do-it-here:not([hidden])";
    wait_for("both “Do it for me” buttons", || {
        find(in_guide).is_some() && find(beside).is_some()
    })
    .await;
    let button: web_sys::HtmlElement = get(in_guide).dyn_into().expect("a button");
    button.focus().expect("focus");
    button.click();
    wait_for("the token created", || picture_status("token") == "new").await;
    // Focus on the pane's button would scroll the page down to it, away from the picture.
    wait_for("focus on the guide's next “Do it for me”", || {
        find(beside).is_some()
            && document().active_element().is_some_and(|e| {
                e.get_attribute("data-action").as_deref() == Some("do-it")
                    && e.closest(".guide-step").ok().flatten().is_some()
            })
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_keyboard_walks_the_whole_guide_from_the_first_step_without_losing_focus() {
    clear_storage();
    let app = mount_at("/demo").await;
    let first = ".guide-step[data-progress=current] [data-action=do-it]";
    wait_for("the first “Do it for me”", || find(first).is_some()).await;
    let focused = || {
        document()
            .active_element()
            .filter(|e| !e.tag_name().eq_ignore_ascii_case("body"))
    };
    let on_do_it = || {
        focused().is_some_and(|e| {
            e.get_attribute("data-action").as_deref() == Some("do-it")
                || e.matches(".do-it-here").unwrap_or(false)
        })
    };
    get(first)
        .dyn_into::<web_sys::HtmlElement>()
        .expect("a button")
        .focus()
        .expect("focus");
    // Enter on whatever has focus, as a presenter at the keyboard would, step after step.
    for _ in 0..10 {
        let step = current_step();
        if step.is_empty() || step == "verified-again" {
            break;
        }
        wait_for(&format!("focus on “Do it for me” at {step}"), on_do_it).await;
        focused()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .expect("a focused button")
            .click();
        wait_for(&format!("{step} to be done"), || {
            find(&format!(
                ".guide-step[data-step={step}][data-progress=done]"
            ))
            .is_some()
        })
        .await;
    }
    assert_eq!(current_step(), "", "the guide is not finished");
    // The last step's button is gone too; focus stayed in the page.
    wait_for("focus kept in the page at the end", || focused().is_some()).await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn show_in_pane_brings_the_control_back_every_time_it_is_clicked() {
    clear_storage();
    let app = mount_at("/demo").await;
    let control = "#pane-left [data-demo-highlight]";
    wait_for("the create-bridge button outlined", || {
        find(control).is_some()
    })
    .await;
    // A short pane, as on a small screen.
    let body = get("#pane-left .pane-body");
    body.set_attribute("style", "height: 120px; max-height: 120px; overflow: auto")
        .expect("style");
    let show = ".guide-step[data-progress=current] [data-action=show]";
    for time in ["first", "second"] {
        // Back to the pane's top: the button sits below the screen's heading and fields.
        body.set_scroll_top(0);
        wait_for("the control scrolled out of the pane", || {
            !within(control, "#pane-left .pane-body")
        })
        .await;
        click(show);
        wait_for(
            &format!("the control in view after the {time} click"),
            || within(control, "#pane-left .pane-body"),
        )
        .await;
    }
    app.unmount().await;
}
