//! `/orgs/:org/connect/share-tokens/:id`: one share token, as its source or its destination
//! sees it. Any other organization gets "not found".

use super::inquiry::ObjectProps;
use super::share_tokens::TokenQuery;
use crate::ui::command::use_command;
use crate::ui::components::copy::CopyId;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::{Command, Id, ShareTokenStatus};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(ShareTokenPage)]
pub fn share_token_page(props: &ObjectProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let org_id = Id::parse(&props.org);
    let view = playground.read(|p| {
        let w = &p.world;
        let t = w
            .share_tokens
            .get(&Id::parse(&props.id))
            .filter(|t| t.source_org_id == org_id || t.destination_org_id == org_id)?
            .clone();
        Some((
            w.org_name(&t.source_org_id),
            w.org_name(&t.destination_org_id),
            t.status_at(p.now()),
            t,
        ))
    });
    let Some((source, destination, status, token)) = view else {
        return html! {
            <section class="card">
                <h1>{ "Share token not found" }</h1>
                <p>{ format!("No share token `{}` exists for this organization.", props.id) }</p>
            </section>
        };
    };
    let is_source = token.source_org_id == org_id;
    let expire = runner.on_click(
        &org_id,
        Command::ExpireShareToken {
            token_id: token.id.to_string(),
        },
        "Share token expired.",
    );
    let org = props.org.clone();
    let time = |label: &str, at: Option<connect::Timestamp>| match at {
        Some(at) => html! { <><dt>{ label.to_string() }</dt><dd>{ at.display() }</dd></> },
        None => html! {},
    };
    html! {
        <>
            <h1>{ format!("Share token {source} → {destination}") }</h1>
            { runner.flash() }
            <section class="card">
                <dl class="facts">
                    <dt>{ "Share token id" }</dt><dd><CopyId text={token.id.to_string()} /></dd>
                    <dt>{ "Status" }</dt><dd id="token-status">{ badge(status.as_str()) }</dd>
                    <dt>{ "Source" }</dt><dd>{ format!("{source} ({})", token.source_org_id) }</dd>
                    <dt>{ "Destination" }</dt><dd>{ format!("{destination} ({})", token.destination_org_id) }</dd>
                    <dt>{ "Bridge" }</dt>
                    <dd><Link<Route> to={Route::Bridge { org: org.clone(), id: token.bridge_id.to_string() }}><code>{ token.bridge_id.to_string() }</code></Link<Route>></dd>
                    <dt>{ "Source inquiry" }</dt>
                    <dd>
                        if is_source {
                            <Link<Route> to={Route::Inquiry { org: org.clone(), id: token.source_id.to_string() }}><code>{ token.source_id.to_string() }</code></Link<Route>>
                        } else {
                            <code>{ token.source_id.to_string() }</code>
                        }
                    </dd>
                    <dt>{ "Created via" }</dt><dd>{ format!("{:?}", token.created_via).to_lowercase() }</dd>
                    { time("Created", Some(token.created_at)) }
                    { time("Expires", Some(token.expires_at)) }
                    { time("Pending", token.pending_at) }
                    { time("Redeemed", token.redeemed_at) }
                    { time("Expired", token.expired_at.or((status == ShareTokenStatus::Expired).then_some(token.expires_at))) }
                    { time("Failed", token.failed_at) }
                    if let Some(reason) = &token.failure_reason { <dt>{ "Failure reason" }</dt><dd>{ reason }</dd> }
                    if let Some(inquiry) = &token.destination_inquiry_id {
                        <dt>{ "Destination inquiry" }</dt>
                        <dd>
                            if is_source {
                                <code>{ inquiry.to_string() }</code>{ format!(" (owned by {destination})") }
                            } else {
                                <Link<Route> to={Route::Inquiry { org: org.clone(), id: inquiry.to_string() }}><code>{ inquiry.to_string() }</code></Link<Route>>
                            }
                        </dd>
                    }
                </dl>
                <div class="actions">
                    if is_source && status == ShareTokenStatus::New {
                        <button type="button" data-action="expire" onclick={expire}>{ "Expire" }</button>
                    }
                    if !is_source && status == ShareTokenStatus::New {
                        <Link<Route, TokenQuery> to={Route::Redeem { org: org.clone() }} query={Some(TokenQuery { token: token.id.to_string() })} classes="button primary">{ "Redeem" }</Link<Route, TokenQuery>>
                    }
                </div>
            </section>
        </>
    }
}
