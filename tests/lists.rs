//! Browser tests of the lists: one page at a time, newest first, filters and an id search in
//! the URL, the inquiry picker, and a change that re-renders only the row it changed.

#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Each row's id and how many times it has rendered (`data-renders`, debug builds only).
fn renders(selector: &str) -> Vec<(String, u32)> {
    find_all(selector)
        .iter()
        .map(|row| {
            let id = row.get_attribute("data-id").unwrap_or_default();
            let count = row
                .get_attribute("data-renders")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            (id, count)
        })
        .collect()
}

fn row_ids(selector: &str) -> Vec<String> {
    renders(selector).into_iter().map(|(id, _)| id).collect()
}

fn press(selector: &str, key: &str) {
    let init = js_sys::Object::new();
    for (name, value) in [
        ("key", JsValue::from_str(key)),
        ("bubbles", JsValue::TRUE),
        ("cancelable", JsValue::TRUE),
    ] {
        js_sys::Reflect::set(&init, &name.into(), &value).expect("an init field");
    }
    let window = web_sys::window().expect("window");
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &"KeyboardEvent".into())
        .expect("KeyboardEvent")
        .unchecked_into();
    let event: web_sys::Event =
        js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&"keydown".into(), &init))
            .expect("a keyboard event")
            .unchecked_into();
    get(selector).dispatch_event(&event).expect("dispatch");
}

const SENT_ROWS: &str = "#outbound-tokens tbody tr";
const SENT_PAGER: &str = "#outbound-tokens + nav.pager";

#[wasm_bindgen_test]
async fn share_tokens_page_filter_search_and_rerender_one_row() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = complete_alex("Retail KYC").await;

    // The picker offers the newest completed inquiry by the person's name; the keyboard picks it.
    open("Share Tokens", "Share Tokens").await;
    assert!(
        text("#create-share-token [data-action=use-newest]").contains(&inquiry),
        "the newest completed inquiry is offered"
    );
    type_into("#create-share-token [name=source]", "alex");
    wait_for("the matching inquiry", || {
        find(&format!("#source-options [role=option][data-id={inquiry}]")).is_some()
    })
    .await;
    press("#create-share-token [name=source]", "ArrowDown");
    yew::scheduler::flush().await;
    press("#create-share-token [name=source]", "Enter");
    wait_for("the picked id in the field", || {
        input_value("#create-share-token [name=source]") == inquiry
    })
    .await;

    let mut made = Vec::new();
    for n in 1..=30 {
        click("#create-share-token button[type=submit]");
        wait_for(&format!("share token {n}"), || {
            let id = text("#created-token code");
            !id.is_empty() && !made.contains(&id)
        })
        .await;
        made.push(text("#created-token code"));
    }
    let newest_first: Vec<String> = made.iter().rev().cloned().collect();

    // Page 1: the 20 newest; page 2 (in the URL): the 10 oldest.
    wait_for("the newest token listed", || {
        row_ids(SENT_ROWS).first() == newest_first.first()
    })
    .await;
    assert_eq!(row_ids(SENT_ROWS), newest_first[..20].to_vec());
    assert_eq!(text(&format!("{SENT_PAGER} .count")), "1–20 of 30");
    click(&format!("{SENT_PAGER} [data-action=older]"));
    wait_for("page 2", || {
        text(&format!("{SENT_PAGER} .count")) == "21–30 of 30"
    })
    .await;
    assert_eq!(row_ids(SENT_ROWS), newest_first[20..].to_vec());
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    assert!(
        query.contains("sent-page=2"),
        "the page is in the URL: {query}"
    );
    // A token opened from page 2: its "← Share Tokens" link comes back to page 2.
    let opened = newest_first[25].clone();
    click(&format!("{SENT_ROWS}[data-id={opened}] td a"));
    wait_for("the token's page", || path().ends_with(&opened)).await;
    click(".back-to a");
    wait_for("page 2 again", || {
        find(SENT_PAGER).is_some() && text(&format!("{SENT_PAGER} .count")) == "21–30 of 30"
    })
    .await;
    click(&format!("{SENT_PAGER} [data-action=newer]"));
    wait_for("page 1", || {
        text(&format!("{SENT_PAGER} .count")) == "1–20 of 30"
    })
    .await;
    // The last page and the first, one click each.
    click(&format!("{SENT_PAGER} [data-action=oldest]"));
    wait_for("the last page", || {
        text(&format!("{SENT_PAGER} .count")) == "21–30 of 30"
    })
    .await;
    click(&format!("{SENT_PAGER} [data-action=newest]"));
    wait_for("the first page", || {
        text(&format!("{SENT_PAGER} .count")) == "1–20 of 30"
    })
    .await;

    // Expiring one token re-renders its row and no other.
    let before = renders(SENT_ROWS);
    assert!(
        before.iter().all(|(_, n)| *n >= 1),
        "rows count their renders: {before:?}"
    );
    let target = newest_first[2].clone();
    click(&format!(
        "{SENT_ROWS}[data-id={target}] [data-action=expire]"
    ));
    wait_for("the token to expire", || {
        find(&format!(
            "{SENT_ROWS}[data-id={target}] [data-status=expired]"
        ))
        .is_some()
    })
    .await;
    let after = renders(SENT_ROWS);
    assert_eq!(after.len(), before.len());
    for ((id, was), (same_id, now)) in before.iter().zip(&after) {
        assert_eq!(id, same_id, "the rows stay in order");
        if *id == target {
            assert!(now > was, "the expired token's row rendered again");
        } else {
            assert_eq!(now, was, "row {id} did not change and did not render again");
        }
    }

    // A status filter narrows the list to the expired token; an id search finds one token.
    choose("#outbound-tokens-status", "expired");
    wait_for("only the expired token", || {
        row_ids(SENT_ROWS) == vec![target.clone()]
    })
    .await;
    assert_eq!(text(&format!("{SENT_PAGER} .count")), "1–1 of 1");
    choose("#outbound-tokens-status", "Any status");
    let wanted = newest_first[25].clone();
    type_into("#outbound-tokens-search", &wanted[..13]);
    wait_for("the token searched for", || {
        row_ids(SENT_ROWS) == vec![wanted.clone()]
    })
    .await;
    type_into("#outbound-tokens-search", "cnst_no-such-token");
    wait_for("no token", || find("#outbound-tokens").is_none()).await;
    assert!(page_text().contains("No share token matches these filters."));

    // A token made while page 2 is shown: the list goes to page 1, where the new token is.
    type_into("#outbound-tokens-search", "");
    wait_for("the whole list again", || {
        find(SENT_PAGER).is_some() && text(&format!("{SENT_PAGER} .count")) == "1–20 of 30"
    })
    .await;
    click(&format!("{SENT_PAGER} [data-action=older]"));
    wait_for("page 2", || {
        text(&format!("{SENT_PAGER} .count")) == "21–30 of 30"
    })
    .await;
    type_into("#create-share-token [name=source]", &inquiry);
    click("#create-share-token button[type=submit]");
    wait_for("the new token first on page 1", || {
        let made = text("#created-token code");
        text(&format!("{SENT_PAGER} .count")) == "1–20 of 31"
            && !made.is_empty()
            && row_ids(SENT_ROWS).first() == Some(&made)
    })
    .await;

    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_filter_from_the_url_that_is_no_choice_is_shown_and_can_be_cleared() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let bank = org_id("Northwind Bank");
    app.unmount_keep_storage().await;
    // A bookmark from another playground, or a typo.
    let app = mount_at(&format!(
        "/orgs/{bank}/connect/share-tokens?sent-status=bogus"
    ))
    .await;
    wait_for("the filter shown as it is", || {
        find("#outbound-tokens-status").is_some()
            && selected_text("#outbound-tokens-status").contains("bogus")
    })
    .await;
    assert!(page_text().contains("No share token matches these filters."));
    choose("#outbound-tokens-status", "Any status");
    wait_for("the filter cleared from the URL", || {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|q| !q.contains("bogus"))
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_event_log_pages_and_filters_by_type() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    open("Events", "Events").await;
    let pager = "#events + nav.pager";
    wait_for("events", || !find_all("#events tbody tr").is_empty()).await;
    let total: usize = text(&format!("{pager} .count"))
        .rsplit(' ')
        .next()
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or(0);
    assert!(total > 0, "the pager counts the events");
    assert_eq!(find_all("#events tbody tr").len(), total.min(20));
    let oldest_type = find_all("#events tbody tr")
        .last()
        .and_then(|r| r.get_attribute("data-type"))
        .unwrap_or_default();
    choose("#event-filter", &oldest_type);
    wait_for(&format!("only {oldest_type}"), || {
        let types: Vec<String> = find_all("#events tbody tr")
            .iter()
            .filter_map(|r| r.get_attribute("data-type"))
            .collect();
        !types.is_empty() && types.iter().all(|t| *t == oldest_type)
    })
    .await;
    let first = get("#events tbody tr")
        .dyn_into::<web_sys::Element>()
        .ok()
        .and_then(|r| r.get_attribute("data-id"))
        .unwrap_or_default();
    type_into("#event-search", &first);
    wait_for("the one event", || find_all("#events tbody tr").len() == 1).await;

    // The id a row shows is its object's: searching it (in capitals) finds the object's events.
    let object = text("#events tbody tr td:nth-child(4)");
    type_into("#event-search", &object.to_uppercase());
    wait_for("the object's events", || {
        let rows = find_all("#events tbody tr");
        !rows.is_empty()
            && rows.iter().all(|r| {
                r.text_content()
                    .is_some_and(|t| t.contains(object.as_str()))
            })
    })
    .await;
    // An object with a screen is a link to it: the bridge made above, from its event.
    choose("#event-filter", "organization-bridge.activated");
    type_into("#event-search", "");
    wait_for("the bridge's activation", || {
        find("#events tbody tr[data-type=\"organization-bridge.activated\"] td:nth-child(4) a")
            .is_some()
    })
    .await;
    let bridge = text("#events tbody tr td:nth-child(4) a");
    assert!(bridge.starts_with("cnob_"), "{bridge}");
    click("#events tbody tr td:nth-child(4) a");
    wait_for("the bridge's screen", || path().ends_with(&bridge)).await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn the_inquiry_picker_offers_approved_inquiries_and_says_when_nothing_matches() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = complete_alex("Retail KYC").await;
    click_text("#inquiry-summary .actions", "Approve");
    wait_for("the inquiry to be approved", || {
        find("#inquiry-status [data-status=approved]").is_some()
    })
    .await;

    open("Share Tokens", "Share Tokens").await;
    assert!(
        text("#create-share-token [data-action=use-newest]").contains(&inquiry),
        "the approved inquiry is the newest that can be shared"
    );
    let typed = inquiry.get(..12).map(str::to_uppercase).unwrap_or_default();
    type_into("#create-share-token [name=source]", &typed);
    wait_for("the approved inquiry offered", || {
        find(&format!("#source-options [role=option][data-id={inquiry}]"))
            .is_some_and(|o| o.text_content().is_some_and(|t| t.contains("approved")))
    })
    .await;

    type_into("#create-share-token [name=source]", "zzz");
    wait_for("the no-match hint", || {
        find(".picker-hint")
            .is_some_and(|h| !h.has_attribute("hidden") && text(".picker-hint").contains("zzz"))
    })
    .await;
    assert!(
        text(".picker-hint").contains("No completed or approved inquiry matches"),
        "{}",
        text(".picker-hint")
    );
    // A click on Create takes the field's focus first: the hint stays, so the button does not
    // move from under the pointer and the click lands (it used to need a second click).
    let submit = "#create-share-token button[type=submit]";
    let top = |selector: &str| get(selector).get_bounding_client_rect().top();
    let before = top(submit);
    fire(&get("#create-share-token [name=source]"), "blur");
    yew::scheduler::flush().await;
    assert!(
        find(".picker-hint").is_some_and(|h| !h.has_attribute("hidden")),
        "the hint stays when the field loses focus"
    );
    assert_eq!(top(submit), before, "the button stayed where it was");
    click(submit);
    wait_for("the rule's refusal on the first click", || {
        find(".flash.error")
            .and_then(|f| f.text_content())
            .is_some_and(|t| t.contains("zzz") && t.contains("Inquiry"))
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_bridges_tokens_filter_by_status_and_id() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    let inquiry = complete_alex("Retail KYC").await;
    open("Share Tokens", "Share Tokens").await;
    type_into("#create-share-token [name=source]", &inquiry);
    let mut made: Vec<String> = Vec::new();
    for n in 1..=2 {
        click("#create-share-token button[type=submit]");
        wait_for(&format!("share token {n}"), || {
            let id = text("#created-token code");
            !id.is_empty() && !made.contains(&id)
        })
        .await;
        made.push(text("#created-token code"));
    }
    let expired = made[0].clone();
    click(&format!(
        "{SENT_ROWS}[data-id={expired}] [data-action=expire]"
    ));
    wait_for("the token to expire", || {
        find(&format!(
            "{SENT_ROWS}[data-id={expired}] [data-status=expired]"
        ))
        .is_some()
    })
    .await;

    open("Bridges", "Organization Bridges").await;
    click("#outbound-bridges tbody tr td a");
    wait_for("the bridge's tokens", || {
        find_all("#bridge-token-filters ~ ul li").len() == 2
    })
    .await;
    choose("#bridge-tokens-status", "expired");
    wait_for("only the expired token", || {
        let items = find_all("#bridge-token-filters ~ ul li");
        items.len() == 1
            && items[0]
                .text_content()
                .is_some_and(|t| t.contains(&expired))
    })
    .await;
    choose("#bridge-tokens-status", "Any status");
    type_into("#bridge-tokens-search", &made[1][..12].to_uppercase());
    wait_for("the token searched for", || {
        let items = find_all("#bridge-token-filters ~ ul li");
        items.len() == 1
            && items[0]
                .text_content()
                .is_some_and(|t| t.contains(&made[1]))
    })
    .await;
    type_into("#bridge-tokens-search", "cnst_none");
    wait_for("no token", || {
        page_text().contains("No share token matches these filters.")
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn bridges_filter_by_status_and_id() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    open("Bridges", "Organization Bridges").await;
    wait_for("the active bridge", || {
        find("#outbound-bridges [data-status=active]").is_some()
    })
    .await;
    let bridge = find("#outbound-bridges tbody tr")
        .and_then(|r| r.get_attribute("data-id"))
        .unwrap_or_default();
    choose("#outbound-bridges-status", "pending");
    wait_for("no pending bridge", || {
        page_text().contains("No bridge matches these filters.")
    })
    .await;
    choose("#outbound-bridges-status", "active");
    wait_for("the active bridge again", || {
        find_all("#outbound-bridges tbody tr").len() == 1
    })
    .await;
    choose("#outbound-bridges-status", "Any status");
    type_into("#outbound-bridges-search", &bridge[..10].to_uppercase());
    wait_for("the bridge by its id", || {
        find(&format!("#outbound-bridges tbody tr[data-id={bridge}]")).is_some()
    })
    .await;
    type_into("#outbound-bridges-search", "cnob_none");
    wait_for("no bridge", || {
        find_all("#outbound-bridges tbody tr").is_empty()
    })
    .await;
    app.unmount().await;
}
