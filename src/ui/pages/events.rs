//! `/orgs/:org/events`: the org's event log, newest first; filter by type, open one to read the
//! object it carries as JSON.

use super::OrgProps;
use crate::ui::components::card::{Card, Table};
use crate::ui::view::EventRow;
use crate::ui::{use_playground, view};
use connect::EventType;
use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[function_component(Events)]
pub fn events(props: &OrgProps) -> Html {
    let playground = use_playground();
    let filter = use_state(String::new);
    let open = use_state(|| None::<Id>);
    let view = playground.world(|w, _| view::events(w, &props.org, &filter));
    let trimmed = view.trimmed;
    let onchange = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                filter.set(select.value());
            }
        })
    };
    let opened = view
        .rows
        .iter()
        .find(|row| Some(&row.event.id) == open.as_ref())
        .map(|row| row.event.clone());
    let rows: Vec<Html> = view
        .rows
        .iter()
        .map(|EventRow { event: e, actor }| {
            let onclick = {
                let (open, id) = (open.clone(), e.id.clone());
                Callback::from(move |_| open.set(Some(id.clone())))
            };
            html! {
                <tr key={e.id.to_string()} data-id={e.id.to_string()} data-type={e.event_type.as_str()}>
                    <td class="small">{ e.at.display() }</td>
                    <td><code>{ e.event_type.as_str() }</code></td>
                    <td>{ actor.clone() }</td>
                    <td><code>{ e.object_id.to_string() }</code></td>
                    <td><button type="button" data-action="open-event" {onclick}>{ "View JSON" }</button></td>
                </tr>
            }
        })
        .collect();

    html! {
        <>
            <h1>{ "Events" }</h1>
            <p class="lede">{ "Everything that happened that this organization may know about, newest first. Each event carries the object as it was then, in its API representation." }</p>
            if trimmed > 0 {
                <p class="small muted" id="events-trimmed">{ format!(
                    "The playground keeps the newest {}–{} events of all organizations so that local storage has room; {trimmed} older ones were let go.",
                    connect::world::EVENT_LOG_LIMIT,
                    connect::world::EVENT_LOG_LIMIT + connect::world::EVENT_TRIM_STEP
                ) }</p>
            }
            <Card>
                <label>{ "Event type" }
                    <select id="event-filter" {onchange}>
                        <option value="" selected={filter.is_empty()}>{ "All types" }</option>
                        { for EventType::ALL.map(EventType::as_str).iter().map(|t| html! {
                            <option value={*t} selected={*filter == *t}>{ *t }</option>
                        }) }
                    </select>
                </label>
                <Table id="events" headers={vec!["Time", "Type", "By", "Object", ""]} empty="No events yet." {rows} />
            </Card>
            if let Some(event) = opened {
                <Card id="event-detail" title={format!("{} · {}", event.event_type, event.id)}>
                    <pre id="event-json">{ pretty(&event) }</pre>
                </Card>
            }
        </>
    }
}

/// The event as a webhook receiver would get it.
fn pretty(event: &connect::Event) -> String {
    let body = connect::automation::body_of(event);
    serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or(body)
}
