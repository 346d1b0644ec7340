//! Browser tests of where keyboard focus goes when the page takes away the control that had it,
//! what Escape closes, and each screen's title (src/ui/focus.rs, the Layout).

#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Focuses the element `selector` finds and clicks it, as Enter on a focused button does.
fn press(selector: &str) {
    focus_on(selector);
    get(selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

/// Focuses the element `selector` finds.
fn focus_on(selector: &str) {
    get(selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .focus()
        .expect("focus");
}

/// Presses Escape where focus is.
fn escape() {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    let target = focused().unwrap_or_else(|| get("body"));
    target.dispatch_event(&event).expect("dispatch");
}

/// The element that has focus, unless it is the page's body (focus lost).
fn focused() -> Option<Element> {
    document()
        .active_element()
        .filter(|e| !e.tag_name().eq_ignore_ascii_case("body"))
}

fn describe(element: Option<Element>) -> String {
    element.map_or("<body>".into(), |e| {
        format!(
            "<{} id={:?} class={:?}> {:?}",
            e.tag_name().to_lowercase(),
            e.id(),
            e.class_name(),
            e.text_content().unwrap_or_default().trim()
        )
    })
}

#[wasm_bindgen_test]
async fn a_pressed_button_that_is_replaced_hands_focus_to_its_replacement() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    wait_for("Deactivate", || {
        find("#outbound-bridges [data-action=deactivate]").is_some()
    })
    .await;
    press("#outbound-bridges [data-action=deactivate]");
    wait_for("the bridge to be inactive", || {
        find("#outbound-bridges [data-status=inactive]").is_some()
    })
    .await;
    wait_for("focus on Reactivate", || {
        focused().is_some_and(|e| e.get_attribute("data-action").as_deref() == Some("reactivate"))
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_pressed_button_that_becomes_disabled_hands_focus_beside_it() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    get("#clock-menu")
        .set_attribute("open", "")
        .expect("open the menu");
    press("#clock-menu [data-advance=hour]");
    wait_for("the clock ahead", || find("#clock-ahead").is_some()).await;
    press("#clock-menu .back-to-real-time");
    wait_for("the clock back at real time", || {
        find("#clock-ahead").is_none()
    })
    .await;
    wait_for("focus on “+1 hour”, beside the disabled button", || {
        focused().and_then(|e| e.get_attribute("data-advance")) == Some("hour".to_string())
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn escape_closes_the_clock_menu_and_leaving_it_closes_it_too() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    let menu = get("#clock-menu");
    menu.set_attribute("open", "").expect("open the menu");
    focus_on("#clock-menu [data-advance=day]");
    escape();
    assert!(!menu.has_attribute("open"), "Escape left the menu open");
    assert_eq!(
        focused().map(|e| e.tag_name().to_lowercase()),
        Some("summary".to_string()),
        "{}",
        describe(focused())
    );

    // Tabbing on out of an open menu closes it: it would float over the control focused next.
    menu.set_attribute("open", "").expect("open the menu");
    focus_on("#clock-menu [data-advance=day]");
    focus_on("nav.side a");
    assert!(!menu.has_attribute("open"), "the menu stayed open");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_confirmation_takes_focus_escape_cancels_it_and_focus_returns() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    open("Sandbox", "Sandbox").await;
    press("#reset-playground");
    wait_for("the confirmation", || find("#confirm-reset").is_some()).await;
    wait_for("focus on the question, not its answer", || {
        focused().is_some_and(|e| e.matches(".confirm").unwrap_or(false))
    })
    .await;
    escape();
    wait_for("the confirmation gone", || find("#confirm-reset").is_none()).await;
    assert_eq!(org_names().len(), 3, "Escape erased nothing");
    wait_for("focus back on the button that asked", || {
        focused().is_some_and(|e| e.id() == "reset-playground")
    })
    .await;
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_screen_the_app_opens_takes_focus_at_its_heading_and_has_its_title() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    assert_eq!(
        document().title(),
        "Dashboard · Northwind Bank · Connect Playground"
    );
    open("Inquiries", "Inquiries").await;
    assert_eq!(
        document().title(),
        "Inquiries · Northwind Bank · Connect Playground"
    );
    choose("#create-inquiry [name=template]", "Retail KYC");
    choose("#create-inquiry [name=person]", "Alex Rivera");
    press("#create-inquiry button[type=submit]");
    wait_for("the inquiry's page", || path().contains("/inquiries/inq_")).await;
    wait_for("focus on its heading", || {
        focused().is_some_and(|e| e.tag_name().eq_ignore_ascii_case("h1"))
    })
    .await;
    assert_eq!(
        document().title(),
        "Inquiry · Northwind Bank · Connect Playground"
    );
    open("Sandbox", "Sandbox").await;
    assert_eq!(document().title(), "Sandbox · Connect Playground");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn details_opened_below_a_list_take_focus() {
    let app = mount_fresh().await;
    wait_for("the Dashboard", || text("h1") == "Northwind Bank").await;
    complete_alex("Retail KYC").await;
    open("Events", "Events").await;
    wait_for("an event", || find("[data-action=open-event]").is_some()).await;
    press("[data-action=open-event]");
    wait_for("focus on the event's details", || {
        focused().is_some_and(|e| e.id() == "event-detail")
    })
    .await;
    app.unmount().await;
}
