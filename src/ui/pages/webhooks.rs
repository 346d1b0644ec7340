//! `/orgs/:org/webhooks`: endpoints (URL, event types, signing secret), the deliveries events
//! made, each with its body, signature header and outcome, and how a receiver verifies one.

use super::{checked, form_of, value_of, OrgProps};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::card::{Card, Table};
use crate::ui::components::copy::CopyText;
use crate::ui::components::list::labelled_choices;
use crate::ui::components::list::{pager, use_derived, use_list_query, PageInfo};
use crate::ui::components::pane::use_reveal;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, view};
use connect::automation::SIGNATURE_HEADER;
use connect::EventType;
use connect::{Command, Id, Timestamp};
use connect::{Delivery, DeliveryOutcome, WebhookEndpoint};
use yew::prelude::*;

/// The code the webhook receiver runs (tools/webhook/receiver.mjs), so what the page shows is
/// what the end-to-end run verifies deliveries with.
const VERIFY_SNIPPET: &str = include_str!("../../../tools/webhook/verify.mjs");

/// After this long without an answer, "sending…" says why one may never come.
const NO_ANSWER_MS: i64 = 60_000;

fn outcome_text(d: &Delivery, now: Timestamp) -> (String, &'static str) {
    let outcome = &d.outcome;
    let text = match outcome {
        // Only the tab that sent it records the answer: a reload or a closed tab leaves it so.
        DeliveryOutcome::Pending if now.0.saturating_sub(d.at.0) > NO_ANSWER_MS => {
            "sending… no answer after a minute: if the tab that sent it was closed or reloaded, none will be recorded".into()
        }
        DeliveryOutcome::Pending => "sending…".into(),
        DeliveryOutcome::Responded { status } => format!("HTTP {status}"),
        DeliveryOutcome::Failed { reason } => format!("not delivered: {reason}"),
    };
    (text, view::outcome_state(outcome))
}

/// The outcome filter's choices, (value, label).
const OUTCOMES: [(&str, &str); 3] = [
    ("pending", "sending"),
    ("responded", "answered (any HTTP status)"),
    ("failed", "not delivered"),
];

#[function_component(Webhooks)]
pub fn webhooks(props: &OrgProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let open = use_state(|| None::<Id>);
    use_reveal((*open).clone(), "delivery-detail");
    let view = playground.world(|w, _| view::webhooks(w, &props.org));
    let on_open = {
        let open = open.clone();
        Callback::from(move |id: Id| open.set(Some(id)))
    };
    let opened = open.as_ref().and_then(|id| {
        playground.world(|w, _| view::deliveries(w, std::slice::from_ref(id)).pop())
    });

    html! {
        <>
            <h1>{ "Webhooks" }</h1>
            <p class="lede">{ "Each event of a type an endpoint takes makes a delivery, signed with the endpoint's secret. When the browser can reach the URL (a receiver on localhost, say) it is POSTed and the answer recorded." }</p>
            { runner.flash() }
            { endpoints(&EndpointsProps { org: props.org.clone(), endpoints: view.endpoints, runner: runner.clone() }) }
            { create_webhook(&props.org, &runner) }
            <Deliveries org={props.org.clone()} {on_open} />
            if let Some(delivery) = opened {
                { delivery_detail(&delivery, playground.world(|_, now| now)) }
            }
            <Card title="Verifying a delivery">
                <p>{ "The signature is t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\"> keyed with the endpoint's secret. Check it over the raw body, and reject old timestamps." }</p>
                <pre id="verify-snippet">{ VERIFY_SNIPPET }</pre>
            </Card>
        </>
    }
}

/// What the list of endpoints shows (a function's arguments: stateless parts of a screen are
/// functions, not components, for the bundle's sake).
struct EndpointsProps {
    org: Id,
    endpoints: Vec<WebhookEndpoint>,
    runner: CommandRunner,
}

fn endpoints(props: &EndpointsProps) -> Html {
    let rows: Vec<Html> = props
        .endpoints
        .iter()
        .map(|w| {
            let delete = props.runner.on_click(
                &props.org,
                Command::DeleteWebhook {
                    webhook_id: w.id.to_string(),
                },
                "Endpoint deleted; its deliveries stay listed.",
            );
            let (label, action, done) = if w.enabled {
                ("Disable", "disable-webhook", "Endpoint disabled: events make no deliveries to it.")
            } else {
                ("Enable", "enable-webhook", "Endpoint enabled: matching events now make signed deliveries.")
            };
            let toggle = props.runner.on_click(
                &props.org,
                Command::SetWebhookEnabled {
                    webhook_id: w.id.to_string(),
                    enabled: !w.enabled,
                },
                done,
            );
            let state = if w.enabled { "enabled" } else { "disabled" };
            html! {
                <tr key={w.id.to_string()} data-id={w.id.to_string()} data-status={state}>
                    <td><code>{ w.url.clone() }</code></td>
                    <td class="small">{ w.event_types.join(", ") }</td>
                    <td><code class="secret">{ w.secret.clone() }</code>{ " " }<CopyText text={w.secret.clone()} label="Copy" /></td>
                    <td>{ badge(state) }</td>
                    <td class="actions">
                        <button type="button" data-action={action} onclick={toggle}>{ label }</button>
                        <button type="button" data-action="delete-webhook" onclick={delete}>{ "Delete" }</button>
                    </td>
                </tr>
            }
        })
        .collect();
    html! {
        <Table title="Endpoints" id="webhook-endpoints" headers={vec!["URL", "Events", "Secret", "Status", ""]} empty="No endpoints yet." {rows} />
    }
}

fn create_webhook(org: &Id, runner: &CommandRunner) -> Html {
    let onsubmit = {
        let (runner, org) = (runner.clone(), org.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let event_types = EventType::ALL
                .map(EventType::as_str)
                .iter()
                .filter(|t| checked(&form, &format!("[name=\"type-{t}\"]")))
                .map(|t| t.to_string())
                .collect();
            let command = Command::CreateWebhook {
                url: value_of(&form, "[name=url]"),
                event_types,
            };
            runner.run(&org, command, |_| {
                html! { { "Endpoint added. Matching events now make signed deliveries." } }
            });
        })
    };
    html! {
        <Card title="Add an endpoint">
            <form id="create-webhook" {onsubmit}>
                <label>{ "URL" }
                    <input name="url" type="url" placeholder="http://localhost:8000/webhooks" autocomplete="off" />
                </label>
                <fieldset class="event-types">
                    <legend>{ "Event types to send" }</legend>
                    { for EventType::ALL.map(EventType::as_str).iter().map(|t| html! {
                        <label class="check"><input type="checkbox" name={format!("type-{t}")} />{ *t }</label>
                    }) }
                </fieldset>
                <button type="submit" class="primary">{ "Add endpoint" }</button>
            </form>
        </Card>
    }
}

#[derive(Properties, PartialEq)]
struct DeliveriesProps {
    org: Id,
    on_open: Callback<Id>,
}

/// One page of the org's deliveries, newest first.
#[function_component(Deliveries)]
fn deliveries(props: &DeliveriesProps) -> Html {
    let playground = use_playground();
    let query = use_list_query("deliveries-");
    let outcome = query.get("outcome");
    let ids = {
        let org = props.org.clone();
        use_derived((org.clone(), outcome.clone()), move |w, _| {
            view::delivery_ids(w, &org, &outcome)
        })
    };
    let outcomes = labelled_choices(&OUTCOMES);
    let empty = if query.get("outcome").is_empty() {
        "No deliveries yet."
    } else {
        "No delivery matches this filter."
    };
    let info = PageInfo::of(ids.len(), query.page());
    let (deliveries, now) =
        playground.world(|w, now| (view::deliveries(w, &ids[info.range()]), now));
    let rows: Vec<Html> = deliveries
        .iter()
        .map(|d| {
            let (text, state) = outcome_text(d, now);
            let onclick = {
                let (on_open, id) = (props.on_open.clone(), d.id.clone());
                Callback::from(move |_| on_open.emit(id.clone()))
            };
            html! {
                <tr key={d.id.to_string()} data-id={d.id.to_string()} data-type={d.event_type.as_str()} data-outcome={state}>
                    <td class="small">{ d.at.display() }</td>
                    <td><code class="type">{ d.event_type.as_str() }</code></td>
                    <td class="small">{ d.url.clone() }</td>
                    <td class="outcome">{ text }</td>
                    <td><button type="button" data-action="open-delivery" {onclick}>{ "Details" }</button></td>
                </tr>
            }
        })
        .collect();
    html! {
        <Card title="Deliveries">
            <div class="filters" id={query.id("deliveries-filters")}>
                { query.select("Outcome", "deliveries-outcome", "Any outcome", &outcomes, "outcome") }
            </div>
            <Table id="deliveries" headers={vec!["Time", "Event", "URL", "Outcome", ""]} {empty} {rows} />
            { pager(info, query.on_page(), "deliveries") }
        </Card>
    }
}

fn delivery_detail(d: &Delivery, now: Timestamp) -> Html {
    let (text, state) = outcome_text(d, now);
    html! {
        <Card id="delivery-detail" title={format!("Delivery {}", d.id)}>
            <dl class="facts">
                <dt>{ "POST" }</dt><dd><code>{ d.url.clone() }</code></dd>
                <dt>{ "Event" }</dt><dd><code>{ format!("{} {}", d.event_type.as_str(), d.event_id) }</code></dd>
                <dt>{ "Outcome" }</dt><dd>{ badge(state) }{ " " }{ text }</dd>
            </dl>
            // Every header the POST carries; the signature on its own line, to copy or check.
            <pre id="delivery-headers" class="curl">{
                d.headers()
                    .iter()
                    .filter(|(name, _)| *name != SIGNATURE_HEADER)
                    .map(|(name, value)| format!("{name}: {value}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            }</pre>
            <pre id="delivery-signature" class="curl">{ format!("{SIGNATURE_HEADER}: {}", d.signature) }</pre>
            <pre id="delivery-body" class="json">{ d.body.clone() }</pre>
        </Card>
    }
}
