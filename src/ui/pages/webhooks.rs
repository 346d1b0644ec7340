//! `/orgs/:org/webhooks`: endpoints (URL, event types, signing secret), the deliveries events
//! made, each with its body, signature header and outcome, and how a receiver verifies one.

use super::dashboard::OrgProps;
use super::{checked, form_of, value_of};
use crate::ui::components::flash::{self, Flash};
use crate::ui::components::status::badge;
use crate::ui::use_playground;
use connect::webhook::{DeliveryOutcome, SIGNATURE_HEADER};
use connect::workflow::EVENT_TYPES;
use connect::{Command, Id};
use yew::prelude::*;

/// The code the webhook receiver runs (tools/webhook/receiver.mjs), so what the page shows is
/// what the end-to-end run verifies deliveries with.
const VERIFY_SNIPPET: &str = include_str!("../../../tools/webhook/verify.mjs");

fn outcome_text(outcome: &DeliveryOutcome) -> (String, &'static str) {
    match outcome {
        DeliveryOutcome::Pending => ("sending…".into(), "pending"),
        DeliveryOutcome::Responded { status } => (format!("HTTP {status}"), "responded"),
        DeliveryOutcome::Failed { reason } => (format!("not delivered: {reason}"), "failed"),
    }
}

#[function_component(Webhooks)]
pub fn webhooks(props: &OrgProps) -> Html {
    let playground = use_playground();
    let result = use_state(|| None::<Flash>);
    let open = use_state(|| None::<Id>);
    let org_id = Id::parse(&props.org);
    let (endpoints, deliveries) = playground.read(|p| {
        let endpoints: Vec<_> = p.world.webhooks_of(&org_id).into_iter().cloned().collect();
        let deliveries: Vec<_> = p
            .world
            .deliveries_of(&org_id)
            .into_iter()
            .cloned()
            .collect();
        (endpoints, deliveries)
    });

    let onsubmit = {
        let (playground, result, org) = (playground.clone(), result.clone(), org_id.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let event_types = EVENT_TYPES
                .iter()
                .filter(|t| checked(&form, &format!("[name=\"type-{t}\"]")))
                .map(|t| t.to_string())
                .collect();
            let command = Command::CreateWebhook {
                url: value_of(&form, "[name=url]"),
                event_types,
            };
            let result = result.clone();
            playground.run(&org, command, move |outcome| {
                result.set(Some(match outcome {
                    Ok(_) => Flash::Done(
                        html! { { "Endpoint added. Matching events now make signed deliveries." } },
                    ),
                    Err(error) => Flash::Refused(error.to_string()),
                }))
            });
        })
    };
    let delete = |id: &Id| {
        let (playground, result, org, id) = (
            playground.clone(),
            result.clone(),
            org_id.clone(),
            id.clone(),
        );
        Callback::from(move |_| {
            let result = result.clone();
            let command = Command::DeleteWebhook {
                webhook_id: id.to_string(),
            };
            playground.run(&org, command, move |outcome| {
                result.set(Some(match outcome {
                    Ok(_) => {
                        Flash::Done(html! { { "Endpoint deleted; its deliveries stay listed." } })
                    }
                    Err(error) => Flash::Refused(error.to_string()),
                }))
            });
        })
    };
    let opened = deliveries
        .iter()
        .find(|d| Some(&d.id) == open.as_ref())
        .cloned();

    html! {
        <>
            <h1>{ "Webhooks" }</h1>
            <p class="lede">{ "Each event of a type an endpoint takes makes a delivery, signed with the endpoint's secret. When the browser can reach the URL (a receiver on localhost, say) it is POSTed and the answer recorded." }</p>
            { flash::show(&result) }
            <section class="card">
                <h2>{ "Endpoints" }</h2>
                if endpoints.is_empty() {
                    <p class="muted">{ "No endpoints yet." }</p>
                } else {
                    <table class="list" id="webhook-endpoints">
                        <thead><tr><th>{ "URL" }</th><th>{ "Events" }</th><th>{ "Secret" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for endpoints.iter().map(|w| html! {
                                <tr key={w.id.to_string()} data-id={w.id.to_string()}>
                                    <td><code>{ w.url.clone() }</code></td>
                                    <td class="small">{ w.event_types.join(", ") }</td>
                                    <td><code class="secret">{ w.secret.clone() }</code></td>
                                    <td><button type="button" data-action="delete-webhook" onclick={delete(&w.id)}>{ "Delete" }</button></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <section class="card">
                <h2>{ "Add an endpoint" }</h2>
                <form id="create-webhook" {onsubmit}>
                    <label>{ "URL" }
                        <input name="url" type="url" placeholder="http://localhost:8000/webhooks" autocomplete="off" />
                    </label>
                    <fieldset>
                        <legend>{ "Event types to send" }</legend>
                        { for EVENT_TYPES.iter().map(|t| html! {
                            <label class="check"><input type="checkbox" name={format!("type-{t}")} />{ *t }</label>
                        }) }
                    </fieldset>
                    <button type="submit" class="primary">{ "Add endpoint" }</button>
                </form>
            </section>
            <section class="card">
                <h2>{ "Deliveries" }</h2>
                if deliveries.is_empty() {
                    <p class="muted">{ "No deliveries yet." }</p>
                } else {
                    <table class="list" id="deliveries">
                        <thead><tr><th>{ "Time" }</th><th>{ "Event" }</th><th>{ "URL" }</th><th>{ "Outcome" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for deliveries.iter().map(|d| {
                                let (text, state) = outcome_text(&d.outcome);
                                let onclick = {
                                    let (open, id) = (open.clone(), d.id.clone());
                                    Callback::from(move |_| open.set(Some(id.clone())))
                                };
                                html! {
                                    <tr key={d.id.to_string()} data-id={d.id.to_string()} data-type={d.event_type.clone()} data-outcome={state}>
                                        <td class="small">{ d.at.display() }</td>
                                        <td><code>{ d.event_type.clone() }</code></td>
                                        <td class="small">{ d.url.clone() }</td>
                                        <td class="outcome">{ text }</td>
                                        <td><button type="button" data-action="open-delivery" {onclick}>{ "Details" }</button></td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            if let Some(d) = opened {
                <section class="card" id="delivery-detail">
                    <h2>{ format!("Delivery {}", d.id) }</h2>
                    <dl class="facts">
                        <dt>{ "POST" }</dt><dd><code>{ d.url.clone() }</code></dd>
                        <dt>{ "Outcome" }</dt><dd>{ badge(outcome_text(&d.outcome).1) }{ " " }{ outcome_text(&d.outcome).0 }</dd>
                    </dl>
                    <pre id="delivery-signature">{ format!("{SIGNATURE_HEADER}: {}", d.signature) }</pre>
                    <pre id="delivery-body">{ d.body.clone() }</pre>
                </section>
            }
            <section class="card">
                <h2>{ "Verifying a delivery" }</h2>
                <p>{ "The signature is t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\"> keyed with the endpoint's secret. Check it over the raw body, and reject old timestamps." }</p>
                <pre id="verify-snippet">{ VERIFY_SNIPPET }</pre>
            </section>
        </>
    }
}
