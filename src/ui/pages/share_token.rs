//! `/orgs/:org/connect/share-tokens/:id`: one share token, as its source or its destination
//! sees it. Any other organization gets "not found".

use super::share_tokens::redeem_link;
use super::ObjectProps;
use crate::ui::command::use_command;
use crate::ui::components::card::{id_link, missing, Card};
use crate::ui::components::copy::CopyId;
use crate::ui::components::pane::{use_scoped_id, BackTo};
use crate::ui::components::status::badge;
use crate::ui::view::ShareTokenView;
use crate::ui::{use_playground, view, Route};
use connect::{Command, Id, ShareTokenStatus};
use yew::prelude::*;

#[function_component(ShareTokenPage)]
pub fn share_token_page(props: &ObjectProps) -> Html {
    let status_id = use_scoped_id("token-status");
    let playground = use_playground();
    let runner = use_command();
    let org = &props.org;
    let found = playground.world(|w, now| view::share_token(w, org, &Id::parse(&props.id), now));
    let Some(ShareTokenView {
        token,
        source,
        destination,
        status,
        bridge_active,
    }) = found
    else {
        return html! {
            { missing("Share token not found", format!("No share token `{}` exists for this organization.", props.id), Html::default()) }
        };
    };
    let is_source = &token.source_org_id == org;
    let expire = runner.on_click(
        org,
        Command::ExpireShareToken {
            token_id: token.id.to_string(),
        },
        "Share token expired.",
    );
    let time = |label: &str, at: Option<connect::Timestamp>| match at {
        Some(at) => html! { <><dt>{ label.to_string() }</dt><dd>{ at.display() }</dd></> },
        None => html! {},
    };
    html! {
        <>
            <BackTo label="Share Tokens" />
            <h1>{ format!("Share token {source} → {destination}") }</h1>
            { runner.flash() }
            <Card>
                <dl class="facts">
                    <dt>{ "Share token id" }</dt><dd><CopyId text={token.id.to_string()} /></dd>
                    <dt>{ "Status" }</dt><dd id={status_id}>{ badge(status.as_str()) }</dd>
                    <dt>{ "Source" }</dt><dd>{ format!("{source} ({})", token.source_org_id) }</dd>
                    <dt>{ "Destination" }</dt><dd>{ format!("{destination} ({})", token.destination_org_id) }</dd>
                    <dt>{ "Bridge" }</dt>
                    <dd>{ id_link(Route::bridge(org, &token.bridge_id), &token.bridge_id) }</dd>
                    <dt>{ "Source inquiry" }</dt>
                    <dd>
                        if is_source {
                            { id_link(Route::inquiry(org, &token.source_id), &token.source_id) }
                        } else {
                            <code>{ token.source_id.to_string() }</code>
                        }
                    </dd>
                    <dt>{ "Created via" }</dt><dd>{ super::share_tokens::channel_label(token.created_via) }</dd>
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
                                { id_link(Route::inquiry(org, inquiry), inquiry) }
                            }
                        </dd>
                    }
                </dl>
                <div class="actions">
                    if is_source && status == ShareTokenStatus::New {
                        <button type="button" data-action="expire" onclick={expire}>{ "Expire" }</button>
                    }
                    if !is_source && status == ShareTokenStatus::New {
                        { redeem_link(org, &token.id, bridge_active) }
                    }
                </div>
            </Card>
        </>
    }
}
