//! `/orgs/:org/api`: the API console. Pick an endpoint (or write the request by hand), choose
//! the key casing and API version it is sent with, send it as this organization, read the
//! answer (status, Persona's headers, body), copy the equivalent `curl`, and browse the org's
//! request log (API calls and Dashboard actions) to open or re-send any entry.
//!
//! Requests go through the store like every Dashboard action, so what they change is saved
//! and shows on every screen.

use super::{form_of, value_of, OrgProps};
use crate::ui::components::card::{Card, Table};
use crate::ui::components::copy::CopyText;
use crate::ui::components::list::named_choices;
use crate::ui::components::list::{pager, use_list_query};
use crate::ui::components::pane::use_reveal;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, view};
use connect::api::curl::{self, REAL_API_BASE};
use connect::api::examples::{
    extension_header, extension_of, format_headers, header_choices, header_in, keep_choices,
    parse_headers, set_header, HeaderChoice,
};
use connect::api::Origin;
use connect::api::{ApiRequest, ApiResponse, RequestLogEntry};
use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// What the composer holds, as the user typed it.
#[derive(Clone, PartialEq)]
struct Draft {
    method: String,
    path: String,
    headers: String,
    body: String,
}

impl Draft {
    fn of(request: &ApiRequest) -> Draft {
        Draft {
            method: request.method.clone(),
            path: request.path.clone(),
            headers: format_headers(&request.headers),
            body: request.body.clone(),
        }
    }

    fn request(&self) -> ApiRequest {
        ApiRequest {
            method: self.method.trim().to_string(),
            path: self.path.trim().to_string(),
            headers: parse_headers(&self.headers),
            body: self.body.clone(),
        }
    }
}

/// One change to the draft. A reducer (not a plain state) so that two edits made before the
/// next render both count: each applies to the latest draft, not the one the callback saw.
enum Edit {
    Replace(Draft),
    /// A picked endpoint: its request, sent with the header choices made so far.
    Pick(Draft),
    Header(&'static str, String),
    Method(String),
    Path(String),
    Headers(String),
    Body(String),
}

impl Reducible for Draft {
    type Action = Edit;

    fn reduce(self: std::rc::Rc<Self>, edit: Edit) -> std::rc::Rc<Self> {
        let mut next = (*self).clone();
        match edit {
            Edit::Replace(draft) => next = draft,
            Edit::Pick(draft) => {
                next = Draft {
                    headers: keep_choices(&self.headers, &draft.headers),
                    ..draft
                }
            }
            Edit::Header(name, value) => next.headers = set_header(&next.headers, name, &value),
            Edit::Method(v) => next.method = v,
            Edit::Path(v) => next.path = v,
            Edit::Headers(v) => next.headers = v,
            Edit::Body(v) => next.body = v,
        }
        next.into()
    }
}

/// The value of the input, select or textarea that fired `event`.
fn field_value(event: &Event) -> String {
    let Some(target) = event.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// `entry`'s request with this org's current key in place of the masked one.
fn with_current_key(request: &ApiRequest, secret: &str) -> ApiRequest {
    let mut request = request.clone();
    request
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
    request
        .headers
        .insert(0, ("Authorization".into(), format!("Bearer {secret}")));
    request
}

fn status_text(status: u16) -> String {
    format!("{status} {}", connect::api::reason_phrase(status))
}

fn status_badge(status: u16) -> Html {
    let class = if status < 300 { "good" } else { "bad" };
    html! { <span class={classes!("badge", class)} data-status={status.to_string()}>{ status_text(status) }</span> }
}

/// Status, headers and body of an answer: the headers beside the body where there is room.
fn response_view(response: &ApiResponse) -> Html {
    html! {
        <div class="response">
            <p class="response-status">{ status_badge(response.status) }</p>
            <pre class="json response-body" id="response-body">{ response.pretty_body() }</pre>
            <dl class="response-headers">
                { for response.headers.iter().map(|(name, value)| html! {
                    <div data-header={name.clone()}>
                        <dt>
                            { name.clone() }
                            if let Some(why) = extension_header(name) {
                                { " " }<span class="badge ext" title={why}>{ "playground extension" }</span>
                            }
                        </dt>
                        <dd><code>{ value.clone() }</code></dd>
                    </div>
                }) }
            </dl>
        </div>
    }
}

/// A pick list for one header of the draft. It shows the value the headers box holds, and is
/// rebuilt when that changes, since a select keeps the user's last pick over a new `selected`.
fn choice_select(choice: &HeaderChoice, headers: &str, on_change: Callback<Event>) -> Html {
    let current = header_in(headers, choice.name);
    let typed = current.clone().filter(|v| {
        !choice
            .values
            .iter()
            .any(|known| known.eq_ignore_ascii_case(v))
    });
    html! {
        <label class="choice">{ choice.name }
            <select id={choice.name.to_ascii_lowercase()} key={current.clone().unwrap_or_default()} onchange={on_change}>
                { for choice.values.iter().enumerate().map(|(i, value)| {
                    let selected = match &current {
                        Some(current) => current.eq_ignore_ascii_case(value),
                        None => i == 0,
                    };
                    let text = if i == 0 { format!("{value} (default)") } else { value.to_string() };
                    html! { <option value={*value} selected={selected}>{ text }</option> }
                }) }
                if let Some(typed) = typed {
                    <option value="" selected=true disabled=true>{ format!("{typed} (as typed under Headers)") }</option>
                }
            </select>
        </label>
    }
}

#[function_component(Console)]
pub fn console(props: &OrgProps) -> Html {
    let playground = use_playground();
    let log_query = use_list_query("log-");
    let view::ConsoleView {
        secret,
        catalogue,
        log,
        page,
    } = playground.read(|p| {
        view::console(
            &p.world,
            &p.api,
            &props.org,
            p.now(),
            log_query.page(),
            (&log_query.get("origin"), &log_query.get("id")),
        )
    });
    let log_filtered = !log_query.get("origin").is_empty() || !log_query.get("id").is_empty();
    let origins =
        named_choices([Origin::Api, Origin::Dashboard, Origin::Workflow].map(Origin::as_str));
    let draft = {
        let start = catalogue
            .get(1)
            .map(|e| Draft::of(&e.request))
            .unwrap_or_else(|| Draft::of(&ApiRequest::new("GET", "/api/v1/connect/share-tokens")));
        let start = Draft {
            headers: keep_choices("", &start.headers),
            ..start
        };
        use_reducer(move || start)
    };
    let sent = use_state(|| None::<(ApiRequest, ApiResponse)>);
    let opened = use_state(|| None::<Id>);
    use_reveal((*opened).clone(), "log-entry");

    let on_pick = {
        let (draft, catalogue) = (draft.clone(), catalogue.clone());
        Callback::from(move |e: Event| {
            let chosen = field_value(&e)
                .parse::<usize>()
                .ok()
                .and_then(|i| catalogue.get(i));
            if let Some(example) = chosen {
                draft.dispatch(Edit::Pick(Draft::of(&example.request)));
            }
        })
    };
    let choose = |name: &'static str| {
        let draft = draft.dispatcher();
        Callback::from(move |e: Event| draft.dispatch(Edit::Header(name, field_value(&e))))
    };
    let edit = |make: fn(String) -> Edit| {
        let draft = draft.dispatcher();
        Callback::from(move |e: Event| draft.dispatch(make(field_value(&e))))
    };
    let edit_input = |make: fn(String) -> Edit| {
        let on_change = edit(make);
        Callback::from(move |e: InputEvent| on_change.emit(e.into()))
    };
    let send = {
        let (playground, draft, sent) = (playground.clone(), draft.clone(), sent.clone());
        Callback::from(move |e: SubmitEvent| {
            // What the form shows is what is sent, even when an edit has not re-rendered yet.
            let Some(form) = form_of(&e) else { return };
            let typed = Draft {
                method: value_of(&form, "[name=method]"),
                path: value_of(&form, "[name=path]"),
                headers: value_of(&form, "[name=headers]"),
                body: value_of(&form, "[name=body]"),
            };
            let request = typed.request();
            draft.dispatch(Edit::Replace(typed));
            let (playground, sent) = (playground.clone(), sent.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let response = playground.call_api(request.clone()).await;
                sent.set(Some((request, response)));
            });
        })
    };
    let resend = |entry: &RequestLogEntry| {
        let (playground, sent, draft) = (playground.clone(), sent.clone(), draft.clone());
        let request = with_current_key(&entry.request, &secret);
        Callback::from(move |_: MouseEvent| {
            draft.dispatch(Edit::Replace(Draft::of(&request)));
            let (playground, sent, request) = (playground.clone(), sent.clone(), request.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let response = playground.call_api(request.clone()).await;
                sent.set(Some((request, response)));
            });
        })
    };
    let open = |id: &Id| {
        let (opened, id) = (opened.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            opened.set(if opened.as_ref() == Some(&id) {
                None
            } else {
                Some(id.clone())
            })
        })
    };

    let request = draft.request();
    let curl_text = curl::command(&request, REAL_API_BASE);
    let option = |(i, e): (usize, &connect::api::examples::Example)| {
        html! {
            <option value={i.to_string()} title={extension_of(&e.request)}>{ format!("{} — {} {}", e.label, e.request.method, e.request.path.split('?').next().unwrap_or_default()) }</option>
        }
    };
    let (extensions, persona): (Vec<_>, Vec<_>) = catalogue
        .iter()
        .enumerate()
        .partition(|(_, e)| extension_of(&e.request).is_some());
    let opened_entry = opened
        .as_ref()
        .and_then(|id| log.iter().find(|e| &e.id == id))
        .cloned();

    let log_rows: Vec<Html> = log
        .iter()
        .map(|entry| {
            html! {
                <tr key={entry.id.to_string()} data-id={entry.id.to_string()} data-origin={entry.origin.as_str()}>
                    <td class="small">{ entry.at.display() }<br /><code class="muted">{ entry.id.to_string() }</code></td>
                    <td>{ badge(entry.origin.as_str()) }</td>
                    <td><code>{ format!("{} {}", entry.request.method, entry.request.path) }</code></td>
                    <td>{ status_badge(entry.response.status) }</td>
                    <td class="actions">
                        <button type="button" data-action="open" onclick={open(&entry.id)}>{ if opened.as_ref() == Some(&entry.id) { "Close" } else { "Open" } }</button>
                        if !entry.request_truncated {
                            <button type="button" data-action="resend" onclick={resend(entry)}>{ "Re-send" }</button>
                        }
                    </td>
                </tr>
            }
        })
        .collect();

    html! {
        <>
            <h1>{ "API console" }</h1>
            <p class="lede">{ "Call this organization's simulated Connect API: the same rules as the Dashboard, answered in JSON:API. Your API key (from the Dashboard) picks the organization. Everything you send is saved and logged." }</p>
            <Card title="Request">
                <form id="api-request" class="wide" onsubmit={send}>
                    <label>{ "Endpoint" }
                        <select id="endpoint" onchange={on_pick}>
                            <option value="" selected=true>{ "Pick an endpoint to start from…" }</option>
                            <optgroup label="Persona's API">
                                { for persona.iter().copied().map(option) }
                            </optgroup>
                            <optgroup label="Playground extensions (not in Persona's API)">
                                { for extensions.iter().copied().map(option) }
                            </optgroup>
                        </select>
                    </label>
                    <details class="extensions small">
                        <summary>{ "Playground extensions: what they are and why they exist" }</summary>
                        <p class="muted">{ "Not in Persona's API: the playground keeps them because the simulation needs them. Leave them out of a real integration." }</p>
                        <ul>
                            { for extensions.iter().map(|(_, e)| html! {
                                <li><strong>{ e.label }</strong>{ " — " }{ extension_of(&e.request).unwrap_or_default() }</li>
                            }) }
                            <li><strong>{ "Idempotent-Replayed (response header)" }</strong>{ " — " }{ extension_header("Idempotent-Replayed").unwrap_or_default() }</li>
                        </ul>
                    </details>
                    if let Some(why) = extension_of(&request) {
                        <p class="extension-note small" id="extension-note"><span class="badge ext">{ "playground extension" }</span>{ " " }{ why }</p>
                    }
                    <div class="row">
                        <label class="method">{ "Method" }
                            <select name="method" onchange={edit(Edit::Method)}>
                                { for METHODS.iter().map(|m| html! { <option value={*m} selected={draft.method.eq_ignore_ascii_case(m)}>{ *m }</option> }) }
                            </select>
                        </label>
                        <label class="grow">{ "Path" }
                            <input name="path" value={draft.path.clone()} oninput={edit_input(Edit::Path)} autocomplete="off" spellcheck="false" />
                        </label>
                    </div>
                    <div class="row choices">
                        { for header_choices().iter().map(|choice| choice_select(choice, &draft.headers, choose(choice.name))) }
                    </div>
                    <p class="small muted hint">{ "Key-Inflection sets the casing of the answer's keys (request keys are read in any casing). Both choices are sent as headers; type any other value under Headers to see how the API answers it." }</p>
                    <label>{ "Headers (one per line, Name: value)" }
                        <textarea name="headers" rows="5" value={draft.headers.clone()} oninput={edit_input(Edit::Headers)} spellcheck="false" />
                    </label>
                    <label>{ "Body (JSON)" }
                        <textarea name="body" rows="8" value={draft.body.clone()} oninput={edit_input(Edit::Body)} spellcheck="false" />
                    </label>
                    <button type="submit" class="primary">{ "Send" }</button>
                </form>
                <h3>{ "Equivalent curl" }</h3>
                <p class="small muted">{ format!("As you would run it against the real API ({REAL_API_BASE}); the playground answers it here.") }</p>
                <pre class="curl" id="curl">{ curl_text.clone() }</pre>
                <CopyText text={curl_text} label="Copy curl" id="copy-curl" />
            </Card>
            if let Some((_, response)) = &*sent {
                <Card id="api-response" title="Response">
                    { response_view(response) }
                </Card>
            }
            <Card title="Request log">
                <p class="small muted">{ format!("This organization's calls, newest first: API calls and Dashboard actions (as the API call they equal). The newest {} are kept.", connect::api::LOG_LIMIT_PER_ORG) }</p>
                <div class="filters" id={log_query.id("request-log-filters")}>
                    { log_query.select("Origin", "request-log-origin", "Any origin", &origins, "origin") }
                    { log_query.search("request-log-search", "req_…") }
                </div>
                <Table id="request-log" headers={vec!["Time", "Origin", "Request", "Status", ""]} empty={if log_filtered { "No call matches these filters." } else { "No calls yet." }} rows={log_rows} />
                { pager(page, log_query.on_page(), "logged calls") }
                if let Some(entry) = opened_entry {
                    <div class="log-entry" id="log-entry">
                        <h3>{ format!("{} · {} · {}", entry.id, entry.origin.as_str(), entry.at.display()) }</h3>
                        <pre class="json">{ format!("{} {}\n{}\n\n{}", entry.request.method, entry.request.path, format_headers(&entry.request.headers), entry.request.body) }</pre>
                        if entry.request_truncated { <p class="small muted">{ "The request (its body, path or a header) was cut for the log, so it cannot be re-sent as it was." }</p> }
                        { response_view(&entry.response) }
                        if entry.response_truncated { <p class="small muted">{ "The response body was cut for the log." }</p> }
                        <h3>{ "curl" }</h3>
                        <pre class="curl">{ curl::command(&with_current_key(&entry.request, &secret), REAL_API_BASE) }</pre>
                    </div>
                }
            </Card>
        </>
    }
}
