//! Browser test of the API console: set up a share by API calls typed into the console, see
//! the token in the Dashboard, copy the curl command, and find Dashboard actions in the log.

#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::Value;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Types `value` into the textarea found by `selector`.
fn type_area(selector: &str, value: &str) {
    let element = get(selector);
    let area: &web_sys::HtmlTextAreaElement = element.dyn_ref().expect("a textarea");
    area.set_value(value);
    fire(&element, "input");
}

fn area_value(selector: &str) -> String {
    get(selector)
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .map(|a| a.value())
        .unwrap_or_default()
}

/// Writes the request by hand (keeping the Authorization header the console prefilled), sends
/// it, and returns the status and the parsed answer.
async fn send(method: &str, path: &str, body: &str) -> (u16, Value) {
    choose("#api-request [name=method]", method);
    type_into("#api-request [name=path]", path);
    type_area("#api-request [name=body]", body);
    submit().await
}

/// Clicks Send and waits for a new answer.
async fn submit() -> (u16, Value) {
    let before = text("#api-response");
    click("#api-request button[type=submit]");
    wait_for("a new response", || {
        find("#api-response").is_some() && text("#api-response") != before
    })
    .await;
    let status = find("#api-response [data-status]")
        .and_then(|e| e.get_attribute("data-status"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let body = serde_json::from_str(&text("#response-body")).unwrap_or(Value::Null);
    (status, body)
}

fn id_of(body: &Value) -> String {
    body["data"]["id"].as_str().unwrap_or_default().to_string()
}

#[wasm_bindgen_test]
async fn a_token_created_in_the_console_shows_in_the_dashboard_and_its_curl_copies() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    let lumen = org_id("Lumen Pay");
    assert!(
        text("#api-key").contains("sk_test_"),
        "the Dashboard shows the key"
    );
    open("API console", "API console").await;
    assert!(area_value("#api-request [name=headers]").starts_with("Authorization: Bearer sk_test_"));

    let bridge_body =
        format!(r#"{{"data":{{"attributes":{{"destination-organization-id":"{lumen}"}}}}}}"#);
    let (status, bridge) = send("POST", "/api/v1/connect/organization-bridges", &bridge_body).await;
    assert_eq!(status, 201, "{bridge}");
    let bridge = id_of(&bridge);

    act_as("Lumen Pay").await;
    wait_for("Lumen's console", || text("h1") == "API console").await;
    let (status, active) = send(
        "POST",
        &format!("/api/v1/connect/organization-bridges/{bridge}/activate"),
        "",
    )
    .await;
    assert_eq!(status, 200, "{active}");
    assert_eq!(active["data"]["attributes"]["status"], "active");

    act_as("Northwind Bank").await;
    wait_for("Northwind's console", || text("h1") == "API console").await;
    let (_, templates) = send("GET", "/api/v1/inquiry-templates", "").await;
    let retail = templates["data"]
        .as_array()
        .and_then(|list| {
            list.iter()
                .find(|t| t["attributes"]["name"] == "Retail KYC")
        })
        .and_then(|t| t["id"].as_str())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("Retail KYC among the templates: {templates}"));
    let inquiry_body = format!(
        r#"{{"data":{{"attributes":{{"inquiry-template-id":"{retail}","fields":{{"name-first":"Alex","name-last":"Rivera","birthdate":"1994-03-14","identification-number":"D1234567"}},"evidence":["government-id","selfie"]}}}}}}"#
    );
    let (status, inquiry) = send("POST", "/api/v1/inquiries", &inquiry_body).await;
    assert_eq!(status, 201, "{inquiry}");
    let inquiry = id_of(&inquiry);
    let (_, completed) = send("POST", &format!("/api/v1/inquiries/{inquiry}/complete"), "").await;
    assert_eq!(completed["data"]["attributes"]["status"], "completed");

    // The endpoint list fills a ready request with what this org can use now.
    choose("#endpoint", "Share Tokens: create");
    wait_for("the create template", || {
        area_value("#api-request [name=body]").contains(&inquiry)
    })
    .await;
    assert!(area_value("#api-request [name=body]").contains(&bridge));
    let (status, token) = submit().await;
    assert_eq!(status, 201, "{token}");
    assert_eq!(token["data"]["type"], "connect/share-token");
    assert_eq!(token["data"]["attributes"]["created-via"], "api");
    let token = id_of(&token);
    assert!(text("#api-response").contains("Request-Id"));

    // The curl command is the request that was sent.
    let curl = text("#curl");
    assert!(
        curl.starts_with(
            "curl -g -X 'POST' 'https://api.withpersona.com/api/v1/connect/share-tokens'"
        ),
        "{curl}"
    );
    assert!(
        curl.contains("-H 'Authorization: Bearer sk_test_"),
        "{curl}"
    );
    assert!(
        curl.contains(&format!("\"bridge-id\": \"{bridge}\"")),
        "{curl}"
    );
    assert!(
        curl.contains(&format!("\"source-id\": \"{inquiry}\"")),
        "{curl}"
    );
    click("#copy-curl");
    wait_for("copy feedback", || text("#copy-curl") != "Copy curl").await;

    // Every call is in the log, newest first, and opens.
    assert_eq!(find_all("#request-log tr[data-origin=api]").len(), 5);
    click("#request-log tbody tr:first-child [data-action=open]");
    wait_for("the opened entry", || find("#log-entry").is_some()).await;
    assert!(text("#log-entry").contains(&token));

    // The Dashboard lists the token the API created.
    open("Share Tokens", "Share Tokens").await;
    let row = format!("#outbound-tokens tr[data-id={token}]");
    assert!(find(&format!("{row} [data-status=new]")).is_some());
    assert!(text(&row).contains("Lumen Pay"));

    // A Dashboard action: send the token to the destination's API. It is logged as such.
    click(&format!("{row} [data-action=send]"));
    wait_for("the send to be confirmed", || find(".flash").is_some()).await;
    assert!(
        text(".flash").contains("sent to the destination's API"),
        "{}",
        text(".flash")
    );
    open("API console", "API console").await;
    let dashboard_entry = get("#request-log tr[data-origin=dashboard]");
    assert!(dashboard_entry
        .text_content()
        .unwrap_or_default()
        .contains(&format!("POST /partners/{lumen}/share-tokens")));

    // It is in the destination's inbox with the sender, ready to redeem.
    act_as("Lumen Pay").await;
    open("Share Tokens", "Share Tokens").await;
    let inbox = format!("#partner-inbox tr[data-id={token}]");
    assert!(text(&inbox).contains("Northwind Bank"));
    click(&format!("{inbox} a"));
    wait_for("the Redeem form, prefilled", || {
        text("h1").contains("Redeem") && input_value("#redeem-share-token [name=token]") == token
    })
    .await;
    app.unmount().await;
}
