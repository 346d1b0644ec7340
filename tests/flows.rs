//! Browser tests of the automated share flow: the seeded workflows, switched on, take a
//! completed inquiry all the way to a redeemed token with no other click; webhook deliveries are
//! signed, really POSTed, and their outcome recorded.

#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Enables the acting org's workflow named `name` on the Workflows screen.
async fn enable_workflow(name: &str) {
    open("Workflows", "Workflows").await;
    let row = format!("#workflows tr[data-name=\"{name}\"]");
    wait_for(&format!("the workflow “{name}”"), || {
        find(&row).is_some()
    })
    .await;
    assert!(
        find(&format!("{row} [data-status=disabled]")).is_some(),
        "seeded disabled"
    );
    click(&format!("{row} [data-action=enable]"));
    wait_for("the workflow to be enabled", || {
        find(&format!("{row} [data-status=enabled]")).is_some()
    })
    .await;
}

fn event_types_listed() -> Vec<String> {
    find_all("#events tr[data-type]")
        .iter()
        .filter_map(|row| row.get_attribute("data-type"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_seeded_workflows_share_and_redeem_a_completed_inquiry_with_no_other_click() {
    let app = mount_fresh().await;
    active_bridge_to_lumen().await;
    enable_workflow("Share completed inquiries with Lumen Pay").await;
    act_as("Lumen Pay").await;
    enable_workflow("Redeem tokens from Northwind Bank").await;
    act_as("Northwind Bank").await;

    complete_alex("Retail KYC").await;

    // The source's token was created by the workflow and redeemed by the destination's.
    open("Share Tokens", "Share Tokens").await;
    wait_for("the workflow's token, redeemed", || {
        find("#outbound-tokens [data-status=redeemed]").is_some()
    })
    .await;
    assert!(text("#outbound-tokens").contains("Lumen Pay"));
    open("Events", "Events").await;
    let source_log = event_types_listed();
    for t in [
        "inquiry.completed",
        "share-token.created",
        "share-token.sent",
        "workflow-run.completed",
        "share-token.redeemed",
    ] {
        assert!(
            source_log.iter().any(|e| e == t),
            "the source's log shows {t}: {source_log:?}"
        );
    }
    // Open an event: its JSON carries the object.
    click("#events tr[data-type=\"share-token.redeemed\"] [data-action=open-event]");
    wait_for("the event's JSON", || find("#event-json").is_some()).await;
    assert!(text("#event-json").contains("\"redeemed\""));

    act_as("Lumen Pay").await;
    open("Inquiries", "Inquiries").await;
    wait_for("the destination's completed inquiry", || {
        find("#inquiry-list [data-status=completed]").is_some()
    })
    .await;
    assert!(text("#inquiry-list").contains("Alex Rivera"));
    assert!(text("#inquiry-list").contains("Lumen Basic"));
    open("Events", "Events").await;
    let destination_log = event_types_listed();
    for t in [
        "share-token.created",
        "share-token.redeemed",
        "inquiry.completed",
        "workflow-run.completed",
    ] {
        assert!(
            destination_log.iter().any(|e| e == t),
            "the destination's log shows {t}: {destination_log:?}"
        );
    }
    choose("#event-filter", "workflow-run.completed");
    wait_for("only workflow runs listed", || {
        event_types_listed()
            .iter()
            .all(|t| t == "workflow-run.completed")
    })
    .await;
    open("Workflows", "Workflows").await;
    assert!(find("#workflow-runs [data-status=completed]").is_some());
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_failing_run_shows_why_and_changes_nothing() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    // No bridge to Lumen Pay: the source workflow cannot create a token.
    enable_workflow("Share completed inquiries with Lumen Pay").await;
    complete_alex("Retail KYC").await;
    open("Workflows", "Workflows").await;
    wait_for("the failed run", || {
        find("#workflow-runs [data-status=failed]").is_some()
    })
    .await;
    // The runs filter by status: no completed run, the failed one under "failed".
    choose("#runs-status", "completed");
    wait_for("no completed run", || {
        page_text().contains("No run matches this filter.")
    })
    .await;
    choose("#runs-status", "failed");
    wait_for("the failed run again", || {
        find("#workflow-runs [data-status=failed]").is_some()
    })
    .await;
    click("#workflow-runs [data-action=open-run]");
    wait_for("the run's details", || find("#run-detail").is_some()).await;
    assert!(text("#run-detail").contains("no active bridge from Northwind Bank to Lumen Pay"));
    open("Share Tokens", "Share Tokens").await;
    assert!(find("#outbound-tokens").is_none(), "no token was created");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn webhook_deliveries_are_signed_posted_and_their_outcome_recorded() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    // This page's own server: reachable, and it has nothing at this path.
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let url = format!("{origin}/no-such-webhook-receiver");
    add_webhook(&url).await;
    let secret = text("#webhook-endpoints code.secret");
    assert!(secret.starts_with("whsec_"), "{secret}");

    complete_alex("Retail KYC").await;
    let outcome = delivery_outcome().await;
    assert!(
        outcome.starts_with("HTTP ") || outcome.starts_with("not delivered: "),
        "{outcome}"
    );
    assert_eq!(
        find_all("#deliveries tbody tr").len(),
        1,
        "only subscribed types"
    );

    click("#deliveries [data-action=open-delivery]");
    wait_for("the delivery's details", || {
        find("#delivery-body").is_some()
    })
    .await;
    assert!(
        text("#delivery-headers").contains("Persona-Webhook-Attempts-Made: 1"),
        "{}",
        text("#delivery-headers")
    );
    let header = text("#delivery-signature");
    let signature = header
        .strip_prefix("Persona-Signature: ")
        .unwrap_or_else(|| panic!("a signature header: {header}"));
    let body = get("#delivery-body")
        .dyn_into::<web_sys::HtmlElement>()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(body.contains("inquiry.completed"));
    assert!(
        connect::automation::verify(&secret, signature, &body),
        "the signature verifies with the endpoint's secret"
    );
    assert_eq!(
        text("#verify-snippet"),
        include_str!("../tools/webhook/verify.mjs"),
        "the page shows the code the receiver runs"
    );
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_new_workflow_starts_unfiltered_on_inquiry_completed() {
    let app = mount_fresh().await;
    open("Workflows", "Workflows").await;
    assert_eq!(
        selected_text("#workflow-form [name=event-type]"),
        "inquiry.completed"
    );
    for filter in ["template", "bridge", "source-org"] {
        assert_eq!(
            selected_text(&format!("#workflow-form [name={filter}]")),
            "any",
            "the {filter} filter starts at any"
        );
    }
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_delivery_that_gets_no_answer_says_what_that_can_mean() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    // Port 9 (discard): browsers refuse it, so no answer can come.
    add_webhook("http://127.0.0.1:9/hook").await;
    complete_alex("Retail KYC").await;
    let outcome = delivery_outcome().await;
    assert!(outcome.starts_with("not delivered: "), "{outcome}");
    assert!(
        outcome.contains("nothing listens at that address"),
        "{outcome}"
    );
    assert!(outcome.contains("CORS"), "{outcome}");
    // The deliveries filter by outcome.
    choose("#deliveries-outcome", "answered (any HTTP status)");
    wait_for("no answered delivery", || {
        page_text().contains("No delivery matches this filter.")
    })
    .await;
    choose("#deliveries-outcome", "not delivered");
    wait_for("the failed delivery again", || {
        find("#deliveries tr[data-outcome=failed]").is_some()
    })
    .await;
    app.unmount().await;
}

/// On the Webhooks screen: the recorded outcome of the `inquiry.completed` delivery, once it
/// has one.
async fn delivery_outcome() -> String {
    open("Webhooks", "Webhooks").await;
    wait_for("the delivery's outcome to be recorded", || {
        find("#deliveries tr[data-type=\"inquiry.completed\"]")
            .and_then(|row| row.get_attribute("data-outcome"))
            .is_some_and(|outcome| outcome != "pending")
    })
    .await;
    text("#deliveries td.outcome")
}

#[wasm_bindgen_test]
async fn editing_a_workflow_keeps_every_action_and_can_be_cancelled() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    open("Workflows", "Workflows").await;
    let name = "Share completed inquiries with Lumen Pay";
    let row = format!("#workflows tr[data-name=\"{name}\"]");
    wait_for("the seeded workflow", || find(&row).is_some()).await;
    let steps = || find_all(&format!("{row} ol li")).len();
    let seeded = steps();
    assert!(seeded >= 2, "the seeded workflow has its actions");

    // Edit: a slot for each action and a spare; add one in the spare.
    click(&format!("{row} [data-action=edit]"));
    let slot = |n: usize| format!("#workflow-form [name=action-{n}]");
    wait_for("the edit form", || find(&slot(seeded + 1)).is_some()).await;
    let send = find_all(&format!("{} option", slot(seeded + 1)))
        .into_iter()
        .find_map(|o| {
            let label = o.text_content().unwrap_or_default();
            label.starts_with("Send").then_some(label)
        })
        .expect("the send action offered");
    choose(&slot(seeded + 1), &send);
    click("#workflow-form button[type=submit]");
    wait_for("the workflow saved with one more action", || {
        steps() == seeded + 1
    })
    .await;

    // Edited again, every action is in the form, and Cancel leaves it as it was.
    click(&format!("{row} [data-action=edit]"));
    wait_for("a slot for each action and a spare", || {
        find(&slot(seeded + 2)).is_some()
    })
    .await;
    assert_eq!(selected_text(&slot(seeded + 1)), send);
    click("#workflow-form [data-action=cancel-edit]");
    wait_for("the create form again", || {
        find("#workflow-form [data-action=cancel-edit]").is_none()
    })
    .await;
    assert_eq!(steps(), seeded + 1);
    app.unmount().await;
}
