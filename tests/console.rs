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
    // The log filters by origin and finds a call by its id, in any case.
    choose("#request-log-origin", "dashboard");
    wait_for("only the Dashboard's calls", || {
        let rows = find_all("#request-log tbody tr");
        !rows.is_empty()
            && rows
                .iter()
                .all(|r| r.get_attribute("data-origin").as_deref() == Some("dashboard"))
    })
    .await;
    choose("#request-log-origin", "Any origin");
    wait_for("every origin again", || {
        find("#request-log tbody tr[data-origin=api]").is_some()
    })
    .await;
    let first = find("#request-log tbody tr[data-origin=api]")
        .and_then(|r| r.get_attribute("data-id"))
        .expect("a logged API call with its id");
    type_into("#request-log-search", &first.to_uppercase());
    wait_for("the one call", || {
        let rows = find_all("#request-log tbody tr");
        rows.len() == 1 && rows[0].get_attribute("data-id").as_deref() == Some(first.as_str())
    })
    .await;
    type_into("#request-log-search", "");

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

/// Sends the endpoint the list fills in for `label`, and returns the status and the answer.
async fn send_example(label: &str) -> (u16, Value) {
    choose("#endpoint", label);
    let path = find_all("#endpoint option")
        .into_iter()
        .find(|o| o.text_content().is_some_and(|t| t.contains(label)))
        .and_then(|o| o.text_content())
        .and_then(|t| t.rsplit(' ').next().map(str::to_string))
        .unwrap_or_default();
    let path = path.split('{').next().unwrap_or_default().to_string();
    wait_for("the picked request", || {
        input_value("#api-request [name=path]").starts_with(&path)
    })
    .await;
    submit().await
}

/// Every object key in `value`, at every depth.
fn keys(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| std::iter::once(k.clone()).chain(keys(v)))
            .collect(),
        Value::Array(list) => list.iter().flat_map(keys).collect(),
        _ => Vec::new(),
    }
}

fn response_header(name: &str) -> Option<String> {
    find(&format!("#api-response [data-header='{name}'] dd")).and_then(|e| e.text_content())
}

#[wasm_bindgen_test]
async fn a_new_user_speaks_snake_case_clones_with_an_empty_redeem_and_reads_a_missing_attribute() {
    let app = mount_fresh().await;
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    open("API console", "API console").await;

    // The choices are sent as headers, and the curl says so.
    assert_eq!(selected_text("#key-inflection"), "kebab (default)");
    assert_eq!(selected_text("#persona-version"), "2023-01-05 (default)");
    let headers = area_value("#api-request [name=headers]");
    assert!(headers.contains("Key-Inflection: kebab"), "{headers}");
    assert!(headers.contains("Persona-Version: 2023-01-05"), "{headers}");
    assert!(text("#curl").contains("-H 'Persona-Version: 2023-01-05'"));

    // The extensions are marked in the endpoint list, with why.
    let marked: Vec<String> = find_all("#endpoint optgroup[label^='Playground extensions'] option")
        .into_iter()
        .filter_map(|o| o.text_content())
        .collect();
    assert_eq!(marked.len(), 4, "{marked:?}");
    assert!(marked.iter().any(|o| o.contains("POST /partners/")));
    assert!(marked.iter().any(|o| o.contains("Inquiries: complete")));
    assert!(text(".extensions").contains("Idempotent-Replayed"));

    // Set up a share from the endpoint list, as it fills each request in.
    let (status, bridge) = send_example("Organization Bridges: create").await;
    assert_eq!(status, 201, "{bridge}");
    let bridge = id_of(&bridge);
    assert!(
        response_header("Request-Id").is_some_and(|v| v.starts_with("req_")),
        "{}",
        text("#api-response")
    );
    assert_eq!(
        response_header("Persona-Version").as_deref(),
        Some("2023-01-05")
    );
    assert!(response_header("Persona-Organization-Id").is_some_and(|v| v.starts_with("org_")));
    assert!(response_header("RateLimit-Remaining").is_some());

    act_as("Lumen Pay").await;
    wait_for("Lumen's console", || text("h1") == "API console").await;
    let (status, active) = send_example("Organization Bridges: activate").await;
    assert_eq!(status, 200, "{active}");

    act_as("Northwind Bank").await;
    wait_for("Northwind's console", || text("h1") == "API console").await;
    let (status, inquiry) = send_example("Inquiries: create").await;
    assert_eq!(status, 201, "{inquiry}");
    let inquiry = id_of(&inquiry);
    choose("#endpoint", "Inquiries: complete");
    wait_for("the extension's note", || {
        text("#extension-note").contains("end user")
    })
    .await;
    let (status, completed) = submit().await;
    assert_eq!(status, 200, "{completed}");

    // (a) snake_case keys in, Key-Inflection: snake, snake_case keys out.
    choose("#key-inflection", "snake");
    wait_for("the header to change", || {
        area_value("#api-request [name=headers]").contains("Key-Inflection: snake")
    })
    .await;
    assert!(text("#curl").contains("-H 'Key-Inflection: snake'"));
    let (status, token) = send(
        "POST",
        "/api/v1/connect/share-tokens",
        &format!(
            r#"{{"data":{{"attributes":{{"bridge_id":"{bridge}","source_id":"{inquiry}"}}}}}}"#
        ),
    )
    .await;
    assert_eq!(status, 201, "{token}");
    assert_eq!(token["data"]["attributes"]["created_via"], "api", "{token}");
    let kebab: Vec<String> = keys(&token)
        .into_iter()
        .filter(|k| k.contains('-'))
        .collect();
    assert!(
        kebab.is_empty(),
        "kebab-case keys in a snake answer: {kebab:?}"
    );
    let token = id_of(&token);

    // (b) The destination redeems with an empty attributes object: a clone into a new inquiry.
    act_as("Lumen Pay").await;
    wait_for("Lumen's console", || text("h1") == "API console").await;
    let (status, redeemed) = send(
        "POST",
        &format!("/api/v1/connect/share-tokens/{token}/redeem"),
        r#"{"data":{"attributes":{}}}"#,
    )
    .await;
    assert_eq!(status, 200, "{redeemed}");
    assert_eq!(redeemed["data"]["attributes"]["status"], "redeemed");
    let clone = redeemed["data"]["relationships"]["destination"]["data"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(clone.starts_with("inq_") && clone != inquiry, "{redeemed}");
    let (status, cloned) = send("GET", &format!("/api/v1/inquiries/{clone}"), "").await;
    assert_eq!(status, 200, "Lumen Pay owns the new inquiry: {cloned}");

    // (c) A create with a missing attribute says which, Persona's way.
    let (status, refused) = send(
        "POST",
        "/api/v1/connect/share-tokens",
        &format!(r#"{{"data":{{"attributes":{{"bridge-id":"{bridge}"}}}}}}"#),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    let error = &refused["errors"][0];
    assert_eq!(error["title"], "Parameter missing", "{refused}");
    assert!(
        error["details"].as_str().is_some_and(|d| !d.is_empty()),
        "{refused}"
    );
    assert_eq!(
        error["source"]["pointer"], "/data/attributes/source-id",
        "{refused}"
    );

    // The header editor takes any version, and the choice shows what it holds.
    let headers = area_value("#api-request [name=headers]").replace("2023-01-05", "2099-01-01");
    type_area("#api-request [name=headers]", &headers);
    wait_for("the typed version", || {
        selected_text("#persona-version").starts_with("2099-01-01")
    })
    .await;
    let (status, refused) = submit().await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["errors"][0]["source"]["header"], "Persona-Version");
    app.unmount().await;
}
