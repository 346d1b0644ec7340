//! `/orgs/:org/connect/share-tokens`: create a share token as the source; see the tokens this
//! org sent and the ones addressed to it.

use super::{form_of, use_prefill, value_of, OrgProps};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::card::{id_link, Card, Table};
use crate::ui::components::copy::CopyId;
use crate::ui::components::pane::{use_scoped_id, ScreenLink};
use crate::ui::components::query_param;
use crate::ui::components::status::badge;
use crate::ui::view::{self, BridgeOption, Choice, InboxRow, TokenRow};
use crate::ui::{use_playground, Route};
use connect::time::describe_seconds;
use connect::{Command, Creator, Id, ShareTokenStatus};
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
    let runner = use_command();
    let org = &props.org;
    let view = playground.world(|w, now| view::share_tokens(w, org, now));
    html! {
        <>
            <h1>{ "Share Tokens" }</h1>
            <p class="lede">{ "A share token lets exactly one destination organization copy and re-verify one completed inquiry. Create it here, hand its id over, and the destination redeems it." }</p>
            { runner.flash() }
            <CreateToken org={org.clone()} bridges={view.bridges} inquiries={view.inquiries} runner={runner.clone()} />
            <SentTokens org={org.clone()} rows={view.outbound} {runner} />
            if !view.inbox.is_empty() {
                <Inbox org={org.clone()} rows={view.inbox} />
            }
            <ReceivedTokens org={org.clone()} rows={view.inbound} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CreateTokenProps {
    org: Id,
    bridges: Vec<BridgeOption>,
    inquiries: Vec<Choice>,
    runner: CommandRunner,
}

#[function_component(CreateToken)]
fn create_token(props: &CreateTokenProps) -> Html {
    let (form_id, created_id) = (
        use_scoped_id("create-share-token"),
        use_scoped_id("created-token"),
    );
    let inquiries_id = use_scoped_id("own-inquiries");
    let location = use_location();
    let custom_expiry = use_state(|| false);
    let prefill = location
        .as_ref()
        .and_then(|l| query_param(l.query_str(), "source"))
        .unwrap_or_default();
    let prefill_ref = use_prefill(prefill);
    let onsubmit = {
        let (runner, org, created_id) = (props.runner.clone(), props.org.clone(), created_id);
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
                        runner.refuse(format!(
                            "expires-in-seconds must be a whole number of seconds between 60 and 1814400 (21 days); `{text}` is not."
                        ));
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
            let created_id = created_id.clone();
            runner.run(&org, command, move |events| {
                let id = view::created_id(events, "share-token.created")
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                html! {
                    <span id={created_id}>{ "Share token created: " }<CopyId text={id} />
                    { " Hand it to the destination: only it can redeem the token." }</span>
                }
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
    html! {
        <Card title="Create a share token">
            <form id={form_id} {onsubmit}>
                <label>{ "Organization Bridge" }
                    <select name="bridge">
                        if props.bridges.is_empty() { <option value="">{ "No outbound bridge yet: create one under Bridges" }</option> }
                        { for props.bridges.iter().map(|b| html! { <option value={b.id.clone()} selected={b.preferred}>{ b.label.clone() }</option> }) }
                    </select>
                </label>
                <label>{ "Inquiry id (source-id)" }
                    <input name="source" list={inquiries_id.clone()} placeholder="inq_…" autocomplete="off" ref={prefill_ref} />
                    <datalist id={inquiries_id}>
                        { for props.inquiries.iter().map(|i| html! { <option value={i.value.clone()}>{ i.label.clone() }</option> }) }
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
        </Card>
    }
}

/// The Redeem screen's button, starting with `token`.
pub(super) fn redeem_link(org: &Id, token: &Id) -> Html {
    html! {
        <ScreenLink to={Route::Redeem { org: org.to_string() }} query={vec![("token", token.to_string())]} classes="button primary">{ "Redeem" }</ScreenLink>
    }
}

#[derive(Properties, PartialEq)]
struct SentProps {
    org: Id,
    rows: Vec<TokenRow>,
    runner: CommandRunner,
}

#[function_component(SentTokens)]
fn sent_tokens(props: &SentProps) -> Html {
    let (org, runner) = (&props.org, &props.runner);
    let rows: Vec<Html> = props.rows.iter().map(|TokenRow { token: t, other, status }| {
        let expire = runner.on_click(
            org,
            Command::ExpireShareToken { token_id: t.id.to_string() },
            format!("Share token {} expired: it can no longer be redeemed.", t.id),
        );
        let send = runner.on_click(
            org,
            Command::SendShareToken {
                token_id: t.id.to_string(),
                destination_org_id: t.destination_org_id.to_string(),
            },
            format!("Share token {} sent to the destination's API: it is in their inbox, ready to redeem.", t.id),
        );
        html! {
            <tr key={t.id.to_string()} data-id={t.id.to_string()}>
                <td>{ id_link(Route::share_token(org, &t.id), &t.id) }<br /><span class="small muted">{ format!("inquiry {}", t.source_id) }</span></td>
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
                    if *status == ShareTokenStatus::New {
                        <button type="button" data-action="send" onclick={send} title="POST the token to the destination's partner endpoint">{ "Send to destination's API" }</button>
                        <button type="button" data-action="expire" onclick={expire}>{ "Expire" }</button>
                    }
                </td>
            </tr>
        }
    }).collect();
    html! {
        <Table title="Sent by this organization" id="outbound-tokens" headers={vec!["Token", "Destination", "Status", "Expires", ""]} empty="No share tokens sent yet." {rows} />
    }
}

#[derive(Properties, PartialEq)]
struct InboxProps {
    org: Id,
    rows: Vec<InboxRow>,
}

#[function_component(Inbox)]
fn inbox(props: &InboxProps) -> Html {
    let rows: Vec<Html> = props
        .rows
        .iter()
        .map(
            |InboxRow {
                 entry,
                 sender,
                 status,
             }| {
                html! {
                    <tr key={entry.id.to_string()} data-id={entry.share_token_id.to_string()}>
                        <td><code>{ entry.share_token_id.to_string() }</code></td>
                        <td>{ sender.clone() }</td>
                        <td>{ entry.received_at.display() }</td>
                        <td>{ badge(status.as_str()) }</td>
                        <td class="actions">
                            if *status == ShareTokenStatus::New {
                                { redeem_link(&props.org, &entry.share_token_id) }
                            }
                        </td>
                    </tr>
                }
            },
        )
        .collect();
    html! {
        <Card title="Inbox: delivered to your API">
            <p class="small muted">{ "Tokens a source posted to this organization's partner endpoint." }</p>
            <Table id="partner-inbox" headers={vec!["Token", "Sender", "Received", "Status", ""]} {rows} />
        </Card>
    }
}

#[derive(Properties, PartialEq)]
struct ReceivedProps {
    org: Id,
    rows: Vec<TokenRow>,
}

#[function_component(ReceivedTokens)]
fn received_tokens(props: &ReceivedProps) -> Html {
    let org = &props.org;
    let rows: Vec<Html> = props
        .rows
        .iter()
        .map(|TokenRow { token: t, other, status }| {
            html! {
                <tr key={t.id.to_string()} data-id={t.id.to_string()}>
                    <td>{ id_link(Route::share_token(org, &t.id), &t.id) }</td>
                    <td>{ other }</td>
                    <td>{ badge(status.as_str()) }</td>
                    <td>{ t.expires_at.display() }</td>
                    <td class="actions">
                        if *status == ShareTokenStatus::New {
                            { redeem_link(org, &t.id) }
                        }
                        if let Some(inquiry) = &t.destination_inquiry_id {
                            <ScreenLink to={Route::inquiry(org, inquiry)}>{ "Resulting inquiry" }</ScreenLink>
                        }
                    </td>
                </tr>
            }
        })
        .collect();
    html! {
        <Table title="Addressed to this organization" id="inbound-tokens" headers={vec!["Token", "From", "Status", "Expires", ""]} empty="No share tokens received yet." {rows} />
    }
}
