//! Drives the mounted app the way a person does: type into fields, pick options, click, and
//! wait until the screen shows the expected thing.

#![allow(dead_code)]

use connect_playground::store::PREFIX;
use connect_playground::ui::App;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// How long a condition may take to come true before the test fails.
const PATIENCE_MS: u32 = 5_000;

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

pub fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage in the test browser")
}

/// A mounted app; dropping it is not enough, call `unmount` so the DOM and storage are clean.
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
    root: Element,
}

/// Mounts the app at `path` (storage is left as it is).
pub async fn mount_at(path: &str) -> Mounted {
    let window = web_sys::window().expect("window");
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .expect("replaceState");
    // Browsers ignore history changes beyond about 200 in 10 seconds, which the suite passes;
    // webdriver.json turns that limit off for the test browsers. Said here if it comes back.
    let at = window.location().pathname().unwrap_or_default();
    let asked = path.split(['?', '#']).next().unwrap_or(path);
    assert_eq!(
        at, asked,
        "the browser ignored the test's history change (its navigation rate limit: see webdriver.json)"
    );
    // Empty storage stands for a new browser profile, which has no committed save in IndexedDB
    // either (else the app would say the saved playground is gone).
    if storage().length().unwrap_or(0) == 0 {
        connect_playground::store::sync::forget().await;
    }
    // A test that failed midway could not unmount its app; take its DOM away so this test
    // sees only its own.
    for stale in find_all(".test-root") {
        stale.remove();
    }
    let root = document().create_element("div").expect("div");
    root.set_class_name("test-root");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    let mounted = Mounted {
        handle: Some(handle),
        root,
    };
    wait_for("the app to render", || find(".shell").is_some()).await;
    mounted
}

/// Mounts the app on a fresh playground (empty storage).
pub async fn mount_fresh() -> Mounted {
    clear_storage();
    mount_at("/").await
}

pub fn clear_storage() {
    storage().clear().expect("clear storage");
}

impl Mounted {
    /// Removes the app from the page, keeping storage (as a reload would).
    pub async fn unmount_keep_storage(mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        yew::scheduler::flush().await;
    }

    /// Removes the app and everything it stored.
    pub async fn unmount(self) {
        self.unmount_keep_storage().await;
        clear_storage();
    }
}

/// Yields to the browser until `condition` holds; panics with `what` after the patience runs out.
pub async fn wait_for(what: &str, condition: impl FnMut() -> bool) {
    wait_for_ms(what, PATIENCE_MS, condition).await
}

/// [`wait_for`] with a patience of its own, for what the app itself waits seconds for.
pub async fn wait_for_ms(what: &str, patience_ms: u32, mut condition: impl FnMut() -> bool) {
    let mut waited = 0;
    loop {
        yew::scheduler::flush().await;
        if condition() {
            return;
        }
        if waited >= patience_ms {
            panic!(
                "waited {patience_ms} ms for {what}; the page shows:\n{}",
                document()
                    .body()
                    .map(|b| b.inner_text())
                    .unwrap_or_default()
            );
        }
        TimeoutFuture::new(20).await;
        waited += 20;
    }
}

pub fn find(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

pub fn find_all(selector: &str) -> Vec<Element> {
    let Ok(list) = document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

pub fn get(selector: &str) -> Element {
    find(selector).unwrap_or_else(|| panic!("no element matches `{selector}`"))
}

pub fn text(selector: &str) -> String {
    find(selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

pub fn page_text() -> String {
    document()
        .body()
        .and_then(|b| b.text_content())
        .unwrap_or_default()
}

/// Dispatches a bubbling `kind` event on `element`, as the browser does when a person types.
pub fn fire(element: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("event");
    element.dispatch_event(&event).expect("dispatch");
}

/// Types `value` into the input found by `selector`.
pub fn type_into(selector: &str, value: &str) {
    let element = get(selector);
    let input: &HtmlInputElement = element.dyn_ref().expect("an input");
    input.set_value(value);
    fire(&element, "input");
    fire(&element, "change");
}

/// The current text of an input.
pub fn input_value(selector: &str) -> String {
    get(selector)
        .dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// The visible text of a select's chosen option.
pub fn selected_text(selector: &str) -> String {
    let index = get(selector)
        .dyn_into::<HtmlSelectElement>()
        .map(|s| s.selected_index())
        .unwrap_or(-1);
    usize::try_from(index)
        .ok()
        .and_then(|i| find_all(&format!("{selector} option")).get(i).cloned())
        .and_then(|o| o.text_content())
        .unwrap_or_default()
}

/// Picks the option whose visible text contains `label`.
pub fn choose(selector: &str, label: &str) {
    let element = get(selector);
    let select: &HtmlSelectElement = element.dyn_ref().expect("a select");
    let index = find_all(&format!("{selector} option"))
        .iter()
        .position(|o| o.text_content().is_some_and(|t| t.contains(label)))
        .unwrap_or_else(|| panic!("`{selector}` has no option containing `{label}`"));
    select.set_selected_index(index as i32);
    fire(&element, "change");
}

pub fn click(selector: &str) {
    let element = get(selector);
    element
        .dyn_ref::<HtmlElement>()
        .expect("a clickable element")
        .click();
}

/// Clicks the link or button inside `scope` whose text is exactly `label`.
pub fn click_text(scope: &str, label: &str) {
    let target = find_all(&format!("{scope} a, {scope} button"))
        .into_iter()
        .find(|e| e.text_content().is_some_and(|t| t.trim() == label))
        .unwrap_or_else(|| panic!("no `{label}` link or button in `{scope}`"));
    target.dyn_ref::<HtmlElement>().expect("clickable").click();
}

/// The org id behind a name in the switcher.
pub fn org_id(name: &str) -> String {
    find_all("#org-switcher option")
        .into_iter()
        .find(|o| o.text_content().as_deref() == Some(name))
        .and_then(|o| o.get_attribute("value"))
        .unwrap_or_else(|| panic!("no organization `{name}` in the switcher"))
}

/// Switches the acting organization with the header's switcher, and waits for its screen.
pub async fn act_as(name: &str) {
    let id = org_id(name);
    choose("#org-switcher", name);
    wait_for(&format!("acting as {name}"), || {
        path().contains(&format!("/orgs/{id}")) && find("main h1").is_some()
    })
    .await;
}

/// Goes to a screen through the side navigation and waits for its heading.
pub async fn open(nav_label: &str, heading: &str) {
    click_text("nav.side", nav_label);
    wait_for(&format!("the {heading} screen"), || {
        text("h1").contains(heading)
    })
    .await;
}

pub fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Every saved record of the playground, as `key=value` lines in key order, each value
/// unpacked to its JSON (`meta` is stored plain); `None` when nothing is saved.
pub fn saved() -> Option<String> {
    let storage = storage();
    let mut keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    keys.sort();
    let lines: Vec<String> = keys
        .iter()
        .map(|k| {
            let value = storage.get_item(k).ok().flatten().unwrap_or_default();
            let json = if k.ends_with(".meta") {
                value
            } else {
                connect::pack::unpack(&value).unwrap_or(value)
            };
            format!("{k}={json}")
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The saved `meta` record: schema version, revision, clock, event count.
pub fn saved_meta() -> Option<String> {
    storage().get_item(&format!("{PREFIX}meta")).ok().flatten()
}

/// The names of the organizations in the header's switcher (not its "Choose…" prompt).
pub fn org_names() -> Vec<String> {
    find_all("#org-switcher option")
        .into_iter()
        .filter(|o| o.get_attribute("value").is_some_and(|v| !v.is_empty()))
        .filter_map(|o| o.text_content())
        .collect()
}

/// Picks a file for the file input found by `selector`, as a user choosing `name` holding
/// `contents` would: the input's files are set (through a DataTransfer, the only way a page can
/// build a FileList) and it fires `change`.
pub fn choose_file(selector: &str, name: &str, contents: &str) {
    choose_bytes(selector, name, "application/json", contents.as_bytes());
}

/// As [`choose_file`], a file of any bytes and type (a `.json.gz` is `application/gzip`).
pub fn choose_bytes(selector: &str, name: &str, kind: &str, contents: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(contents));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(kind);
    let file = web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &options)
        .expect("a file");
    let transfer = web_sys::DataTransfer::new().expect("a DataTransfer");
    transfer.items().add_with_file(&file).expect("add the file");
    let element = get(selector);
    let input: &HtmlInputElement = element.dyn_ref().expect("a file input");
    input.set_files(transfer.files().as_ref());
    fire(&element, "change");
}

/// A blob holding `bytes`.
pub fn blob_of(bytes: &[u8]) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a blob")
}

/// The bytes `blob` holds.
pub async fn bytes_of(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .expect("the blob's bytes");
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// The text behind a URL the page made (e.g. a download's `blob:` URL).
pub async fn fetch_text(url: &str) -> String {
    let window = web_sys::window().expect("window");
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .expect("fetch");
    let response: web_sys::Response = response.dyn_into().expect("a Response");
    wasm_bindgen_futures::JsFuture::from(response.text().expect("text()"))
        .await
        .ok()
        .and_then(|t| t.as_string())
        .expect("text")
}

/// As the acting org, on the Bridges screen: create a bridge to Lumen Pay (pending until Lumen
/// Pay activates it).
pub async fn bridge_to_lumen() {
    let lumen = org_id("Lumen Pay");
    open("Bridges", "Organization Bridges").await;
    type_into("#create-bridge [name=destination]", &lumen);
    click("#create-bridge button[type=submit]");
    wait_for("the bridge", || find("#outbound-bridges").is_some()).await;
}

/// As Northwind Bank: bridge to Lumen Pay, which activates it. Ends acting as Northwind Bank
/// on the Bridges screen.
pub async fn active_bridge_to_lumen() {
    wait_for("the source's Dashboard", || text("h1") == "Northwind Bank").await;
    bridge_to_lumen().await;
    lumen_activates().await;
}

/// Northwind Bank's new bridge, pending, activated by Lumen Pay. Ends acting as Northwind Bank
/// on the Bridges screen.
pub async fn lumen_activates() {
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

/// As the acting org: verify Alex Rivera with `template`, wait for the inquiry to complete, and
/// return its id (the inquiry page's URL ends in it).
pub async fn complete_alex(template: &str) -> String {
    open("Inquiries", "Inquiries").await;
    choose("#create-inquiry [name=template]", template);
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

/// As the acting org: adds a webhook endpoint at `url` for `inquiry.completed` on the Webhooks
/// screen, and waits for it to be listed, enabled.
pub async fn add_webhook(url: &str) {
    open("Webhooks", "Webhooks").await;
    type_into("#create-webhook [name=url]", url);
    click("#create-webhook [name=\"type-inquiry.completed\"]");
    click("#create-webhook button[type=submit]");
    wait_for("the endpoint, enabled", || {
        find("#webhook-endpoints tr[data-status=enabled]").is_some()
    })
    .await;
}
