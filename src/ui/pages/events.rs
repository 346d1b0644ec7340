//! `/orgs/:org/events`: the org's event log, newest first; filter by type, open one to read the
//! object it carries as JSON.

use super::OrgProps;
use crate::ui::components::card::{object_link, Card, Table};
use crate::ui::components::list::named_choices;
use crate::ui::components::list::{pager, use_render_count, PageInfo};
use crate::ui::components::list::{use_derived, use_list_query};
use crate::ui::components::pane::use_reveal;
use crate::ui::view::EventRow;
use crate::ui::{use_playground, view};
use connect::EventType;
use connect::Id;
use yew::prelude::*;

#[function_component(Events)]
pub fn events(props: &OrgProps) -> Html {
    let playground = use_playground();
    let query = use_list_query("");
    let open = use_state(|| None::<Id>);
    let (event_type, search) = (query.get("type"), query.get("id"));
    let keys = {
        let (org, event_type, search) = (props.org.clone(), event_type.clone(), search.clone());
        use_derived(
            (props.org.clone(), event_type.clone(), search.clone()),
            move |w, _| view::event_keys(w, &org, &event_type, &search),
        )
    };
    let on_open = {
        let open = open.clone();
        use_callback((), move |id: Id, _| open.set(Some(id)))
    };
    use_reveal((*open).clone(), "event-detail");
    let info = PageInfo::of(keys.len(), query.page());
    let (trimmed, rows, opened) = playground.world(|w, _| {
        (
            view::events_trimmed(w),
            view::event_rows(w, &keys[info.range()]),
            open.as_ref().and_then(|id| view::event(w, &props.org, id)),
        )
    });
    let types = named_choices(EventType::ALL.map(EventType::as_str));
    let rows: Vec<Html> = rows
        .into_iter()
        .map(|row| {
            let key = row.event.id.to_string();
            html! { <EventLine {key} org={props.org.clone()} {row} on_open={on_open.clone()} /> }
        })
        .collect();

    // An empty page under a filter says so, not that nothing ever happened.
    let empty = if query.get("type").is_empty() && query.get("id").is_empty() {
        "No events yet."
    } else {
        "No event matches these filters."
    };
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
                <div class="filters">
                    { query.select("Event type", "event-filter", "All types", &types, "type") }
                    { query.search("event-search", "evt_… or the object's id") }
                </div>
                <Table id="events" headers={vec!["Time", "Type", "By", "Object", ""]} empty={empty} {rows} />
                { pager(info, query.on_page(), "events") }
            </Card>
            if let Some(event) = opened {
                <Card id="event-detail" title={format!("{} · {}", event.event_type, event.id)}>
                    <pre id="event-json" class="json">{ pretty(&event) }</pre>
                </Card>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EventLineProps {
    org: Id,
    row: EventRow,
    on_open: Callback<Id>,
}

#[function_component(EventLine)]
fn event_line(props: &EventLineProps) -> Html {
    let renders = use_render_count();
    let EventRow { event: e, actor } = &props.row;
    let onclick = {
        let (on_open, id) = (props.on_open.clone(), e.id.clone());
        Callback::from(move |_| on_open.emit(id.clone()))
    };
    html! {
        <tr data-id={e.id.to_string()} data-type={e.event_type.as_str()} data-renders={renders}>
            <td class="small">{ e.at.display() }</td>
            <td><code class="type">{ e.event_type.as_str() }</code></td>
            <td>{ actor.clone() }</td>
            <td>{ object_link(&props.org, &e.object_id) }</td>
            <td><button type="button" data-action="open-event" {onclick}>{ "View JSON" }</button></td>
        </tr>
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
