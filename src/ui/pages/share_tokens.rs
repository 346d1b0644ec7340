//! `/orgs/:org/connect/share-tokens`: create a share token as the source; see the tokens this
//! org sent and the ones addressed to it.

use super::dashboard::OrgProps;
use super::{form_of, use_prefill, value_of};
use crate::ui::components::copy::CopyId;
use crate::ui::components::flash::{self, Flash};
use crate::ui::components::query_param;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::time::describe_seconds;
use connect::{BridgeStatus, Command, Creator, Id, ShareToken, ShareTokenStatus};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

/// Lifetimes offered in the form, in seconds; "" is the 24-hour default.
const EXPIRY_CHOICES: [(&str, &str); 6] = [
    ("", "24 hours (default)"),
    ("60", "60 seconds"),
    ("3600", "1 hour"),
    ("604800", "7 days"),
    ("1814400", "21 days"),
    ("custom", "Other (seconds)…"),
];

#[function_component(ShareTokens)]
pub fn share_tokens(props: &OrgProps) -> Html {
    let playground = use_playground();
    let location = use_location();
    let result = use_state(|| None::<Flash>);
    let custom_expiry = use_state(|| false);
    let org_id = Id::parse(&props.org);
    let prefill = location
        .as_ref()
        .and_then(|l| query_param(l.query_str(), "source"))
        .unwrap_or_default();
    let prefill_ref = use_prefill(prefill);

    let (bridges, inquiries, outbound, inbound, inbox, now) = playground.read(|p| {
        let w = &p.world;
        let bridges: Vec<_> = w
            .bridges_of(&org_id)
            .into_iter()
            .filter(|b| b.source_org_id == org_id)
            .map(|b| {
                (
                    b.id.to_string(),
                    format!(
                        "→ {} ({}, {})",
                        w.org_name(&b.destination_org_id),
                        b.status,
                        b.id
                    ),
                    b.status == BridgeStatus::Active,
                )
            })
            .collect();
        // Offer the newest active bridge first; without one, the newest bridge.
        let preferred = bridges
            .iter()
            .position(|(_, _, active): &(String, String, bool)| *active)
            .unwrap_or(0);
        let bridges: Vec<_> = bridges
            .into_iter()
            .enumerate()
            .map(|(i, (id, label, _))| (id, label, i == preferred))
            .collect();
        let inquiries: Vec<_> = w
            .inquiries_of(&org_id)
            .into_iter()
            .map(|i| {
                (
                    i.id.to_string(),
                    format!("{} ({})", i.fields.full_name(), i.status),
                )
            })
            .collect();
        let row = |t: &ShareToken, other: &Id| (t.clone(), w.org_name(other));
        let outbound: Vec<_> = w
            .outbound_tokens(&org_id)
            .into_iter()
            .map(|t| row(t, &t.destination_org_id))
            .collect();
        let inbound: Vec<_> = w
            .inbound_tokens(&org_id)
            .into_iter()
            .map(|t| row(t, &t.source_org_id))
            .collect();
        let inbox: Vec<_> = w
            .inbox_of(&org_id)
            .into_iter()
            .filter_map(|e| {
                let token = w.share_tokens.get(&e.share_token_id)?;
                Some((
                    e.clone(),
                    w.org_name(&e.sender_org_id),
                    token.status_at(p.now()),
                ))
            })
            .collect();
        (bridges, inquiries, outbound, inbound, inbox, p.now())
    });

    let onsubmit = {
        let (playground, result, org) = (playground.clone(), result.clone(), org_id.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let choice = value_of(&form, "[name=expiry]");
            let seconds_text = if choice == "custom" {
                value_of(&form, "[name=expiry-seconds]")
            } else {
                choice
            };
            let expires_in_seconds = match seconds_text.trim() {
                "" => None,
                text => match text.parse::<i64>() {
                    Ok(seconds) => Some(seconds),
                    Err(_) => {
                        result.set(Some(Flash::Refused(format!(
                            "expires-in-seconds must be a whole number of seconds between 60 and 1814400 (21 days); `{text}` is not."
                        ))));
                        return;
                    }
                },
            };
            let command = Command::CreateShareToken {
                bridge_id: value_of(&form, "[name=bridge]"),
                source_id: value_of(&form, "[name=source]"),
                expires_in_seconds,
                creator: Creator::Dashboard,
            };
            let result = result.clone();
            playground.run(&org, command, move |outcome| {
                result.set(Some(match outcome {
                    Ok(events) => {
                        let id = events
                            .iter()
                            .find(|e| e.event_type == "share-token.created")
                            .map(|e| e.object_id.to_string())
                            .unwrap_or_default();
                        Flash::Done(html! {
                            <span id="created-token">{ "Share token created: " }<CopyId text={id} />
                            { " Hand it to the destination: only it can redeem the token." }</span>
                        })
                    }
                    Err(error) => Flash::Refused(error.to_string()),
                }))
            });
        })
    };
    let on_expiry = {
        let custom_expiry = custom_expiry.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                custom_expiry.set(select.value() == "custom");
            }
        })
    };
    let expire = |token: &Id| {
        let (playground, result, org, id) = (
            playground.clone(),
            result.clone(),
            org_id.clone(),
            token.to_string(),
        );
        Callback::from(move |_: MouseEvent| {
            let (result, id) = (result.clone(), id.clone());
            playground.run(&org, Command::ExpireShareToken { token_id: id.clone() }, move |outcome| result.set(Some(match outcome {
                Ok(_) => Flash::Done(html! { { format!("Share token {id} expired: it can no longer be redeemed.") } }),
                Err(error) => Flash::Refused(error.to_string()),
            })));
        })
    };

    let send = |token: &ShareToken| {
        let (playground, result, org) = (playground.clone(), result.clone(), org_id.clone());
        let (id, destination) = (token.id.to_string(), token.destination_org_id.to_string());
        Callback::from(move |_: MouseEvent| {
            let command = Command::SendShareToken {
                token_id: id.clone(),
                destination_org_id: destination.clone(),
            };
            let (result, id) = (result.clone(), id.clone());
            playground.run(&org, command, move |outcome| {
                result.set(Some(match outcome {
                    Ok(_) => Flash::Done(html! { { format!("Share token {id} sent to the destination's API: it is in their inbox, ready to redeem.") } }),
                    Err(error) => Flash::Refused(error.to_string()),
                }))
            });
        })
    };

    let token_link = |t: &ShareToken| {
        html! {
            <Link<Route> to={Route::ShareToken { org: props.org.clone(), id: t.id.to_string() }}><code>{ t.id.to_string() }</code></Link<Route>>
        }
    };

    html! {
        <>
            <h1>{ "Share Tokens" }</h1>
            <p class="lede">{ "A share token lets exactly one destination organization copy and re-verify one completed inquiry. Create it here, hand its id over, and the destination redeems it." }</p>
            { flash::show(&result) }
            <section class="card">
                <h2>{ "Create a share token" }</h2>
                <form id="create-share-token" {onsubmit}>
                    <label>{ "Organization Bridge" }
                        <select name="bridge">
                            if bridges.is_empty() { <option value="">{ "No outbound bridge yet: create one under Bridges" }</option> }
                            { for bridges.iter().map(|(id, label, preferred)| html! { <option value={id.clone()} selected={*preferred}>{ label.clone() }</option> }) }
                        </select>
                    </label>
                    <label>{ "Inquiry id (source-id)" }
                        <input name="source" list="own-inquiries" placeholder="inq_…" autocomplete="off" ref={prefill_ref} />
                        <datalist id="own-inquiries">
                            { for inquiries.iter().map(|(id, label)| html! { <option value={id.clone()}>{ label.clone() }</option> }) }
                        </datalist>
                    </label>
                    <label>{ "Expires in" }
                        <select name="expiry" onchange={on_expiry}>
                            { for EXPIRY_CHOICES.iter().map(|(value, label)| html! { <option value={*value} selected={value.is_empty()}>{ *label }</option> }) }
                        </select>
                    </label>
                    if *custom_expiry {
                        <label>{ "Seconds (60 to 1814400)" }<input name="expiry-seconds" type="number" min="60" max="1814400" /></label>
                    }
                    <button type="submit" class="primary">{ "Create share token" }</button>
                </form>
            </section>
            <section class="card">
                <h2>{ "Sent by this organization" }</h2>
                if outbound.is_empty() {
                    <p class="muted">{ "No share tokens sent yet." }</p>
                } else {
                    <table class="list" id="outbound-tokens">
                        <thead><tr><th>{ "Token" }</th><th>{ "Destination" }</th><th>{ "Status" }</th><th>{ "Expires" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for outbound.iter().map(|(t, other)| {
                                let status = t.status_at(now);
                                html! {
                                    <tr key={t.id.to_string()} data-id={t.id.to_string()}>
                                        <td>{ token_link(t) }<br /><span class="small muted">{ format!("inquiry {}", t.source_id) }</span></td>
                                        <td>{ other }</td>
                                        <td>
                                            { badge(status.as_str()) }
                                            if let (ShareTokenStatus::Redeemed, Some(at)) = (status, t.redeemed_at) {
                                                <br /><span class="small">{ format!("by {other} at {}", at.display()) }</span>
                                            }
                                        </td>
                                        <td>{ t.expires_at.display() }<br /><span class="small muted">{ describe_seconds((t.expires_at.0 - t.created_at.0) / 1000) }</span></td>
                                        <td class="actions">
                                            <CopyId text={t.id.to_string()} compact=true />
                                            if status == ShareTokenStatus::New {
                                                <button type="button" data-action="send" onclick={send(t)} title="POST the token to the destination's partner endpoint">{ "Send to destination's API" }</button>
                                                <button type="button" data-action="expire" onclick={expire(&t.id)}>{ "Expire" }</button>
                                            }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            if !inbox.is_empty() {
                <section class="card">
                    <h2>{ "Inbox: delivered to your API" }</h2>
                    <p class="small muted">{ "Tokens a source posted to this organization's partner endpoint." }</p>
                    <table class="list" id="partner-inbox">
                        <thead><tr><th>{ "Token" }</th><th>{ "Sender" }</th><th>{ "Received" }</th><th>{ "Status" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for inbox.iter().map(|(entry, sender, status)| html! {
                                <tr key={entry.id.to_string()} data-id={entry.share_token_id.to_string()}>
                                    <td><code>{ entry.share_token_id.to_string() }</code></td>
                                    <td>{ sender.clone() }</td>
                                    <td>{ entry.received_at.display() }</td>
                                    <td>{ badge(status.as_str()) }</td>
                                    <td class="actions">
                                        if *status == ShareTokenStatus::New {
                                            <Link<Route, TokenQuery> to={Route::Redeem { org: props.org.clone() }} query={Some(TokenQuery { token: entry.share_token_id.to_string() })} classes="button primary">{ "Redeem" }</Link<Route, TokenQuery>>
                                        }
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>
            }
            <section class="card">
                <h2>{ "Addressed to this organization" }</h2>
                if inbound.is_empty() {
                    <p class="muted">{ "No share tokens received yet." }</p>
                } else {
                    <table class="list" id="inbound-tokens">
                        <thead><tr><th>{ "Token" }</th><th>{ "From" }</th><th>{ "Status" }</th><th>{ "Expires" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for inbound.iter().map(|(t, other)| {
                                let status = t.status_at(now);
                                html! {
                                    <tr key={t.id.to_string()} data-id={t.id.to_string()}>
                                        <td>{ token_link(t) }</td>
                                        <td>{ other }</td>
                                        <td>{ badge(status.as_str()) }</td>
                                        <td>{ t.expires_at.display() }</td>
                                        <td class="actions">
                                            if status == ShareTokenStatus::New {
                                                <Link<Route, TokenQuery> to={Route::Redeem { org: props.org.clone() }} query={Some(TokenQuery { token: t.id.to_string() })} classes="button primary">{ "Redeem" }</Link<Route, TokenQuery>>
                                            }
                                            if let Some(inquiry) = &t.destination_inquiry_id {
                                                <Link<Route> to={Route::Inquiry { org: props.org.clone(), id: inquiry.to_string() }}>{ "Resulting inquiry" }</Link<Route>>
                                            }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            </section>
        </>
    }
}

/// `?token=cnst_…`: which token the Redeem screen starts with.
#[derive(Clone, PartialEq, serde::Serialize)]
pub struct TokenQuery {
    pub token: String,
}

/// `?source=inq_…`: which inquiry the create form starts with.
#[derive(Clone, PartialEq, serde::Serialize)]
pub struct SourceQuery {
    pub source: String,
}
