//! `/orgs/:org/events`: the org's event log, newest first; filter by type, open one to read the
//! object it carries as JSON.

use super::dashboard::OrgProps;
use crate::ui::use_playground;
use connect::EventType;
use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[function_component(Events)]
pub fn events(props: &OrgProps) -> Html {
    let playground = use_playground();
    let filter = use_state(String::new);
    let open = use_state(|| None::<Id>);
    let org_id = Id::parse(&props.org);
    let trimmed = playground.read(|p| p.world.events_trimmed);
    let rows: Vec<_> = playground.read(|p| {
        p.world
            .events_of(&org_id)
            .into_iter()
            .filter(|e| filter.is_empty() || e.event_type == *filter)
            .map(|e| {
                let actor = match &e.actor_org_id {
                    Some(actor) => p.world.org_name(actor),
                    None => "the playground clock".into(),
                };
                (e.clone(), actor)
            })
            .collect()
    });
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
    let opened = rows
        .iter()
        .find(|(e, _)| Some(&e.id) == open.as_ref())
        .map(|(e, _)| e.clone());

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
            <section class="card">
                <label>{ "Event type" }
                    <select id="event-filter" {onchange}>
                        <option value="" selected={filter.is_empty()}>{ "All types" }</option>
                        { for EventType::ALL.map(EventType::as_str).iter().map(|t| html! {
                            <option value={*t} selected={*filter == *t}>{ *t }</option>
                        }) }
                    </select>
                </label>
                if rows.is_empty() {
                    <p class="muted">{ "No events yet." }</p>
                } else {
                    <table class="list" id="events">
                        <thead><tr><th>{ "Time" }</th><th>{ "Type" }</th><th>{ "By" }</th><th>{ "Object" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for rows.iter().map(|(e, actor)| {
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
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            if let Some(event) = opened {
                <section class="card" id="event-detail">
                    <h2>{ format!("{} · {}", event.event_type, event.id) }</h2>
                    <pre id="event-json">{ pretty(&event) }</pre>
                </section>
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
