//! `/orgs/:org`: who this organization is, what it holds, and the share flow in steps.

use super::OrgProps;
use crate::store::thousands;
use crate::ui::command::use_command;
use crate::ui::components::card::{object_link, Card, Table};
use crate::ui::components::copy::CopyId;
use crate::ui::components::list::plural;
use crate::ui::{use_playground, view, Route};
use connect::Command;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Dashboard)]
pub fn dashboard(props: &OrgProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let org_id = &props.org;
    let Some(view) = playground.world(|w, _| view::dashboard(w, org_id)) else {
        return html! {};
    };
    let org = org_id.to_string();
    let o = &view.org;
    let roll = runner.on_click(
        org_id,
        Command::RollApiKey,
        "API key rolled: the old key stops working now. Update anything that used it.",
    );
    let events: Vec<Html> = view
        .recent_events
        .iter()
        .map(|e| {
            html! {
                <tr key={e.id.to_string()}><td>{ e.event_type.as_str() }</td><td>{ object_link(org_id, &e.object_id) }</td><td>{ e.at.display() }</td></tr>
            }
        })
        .collect();
    html! {
        <>
            <h1>{ &o.name }</h1>
            <p class="lede">{ &o.description }</p>
            <Card>
                <dl class="facts">
                    <dt>{ "Organization id" }</dt><dd><CopyId text={o.id.to_string()} /></dd>
                    <dt>{ "Environment" }</dt><dd>{ format!("{:?}", o.environment).to_ascii_lowercase() }</dd>
                    <dt>{ "API key" }</dt>
                    <dd id="api-key">
                        <CopyId text={o.api_key.secret.clone()} />
                        <span class="small muted">{ format!(" ({}) ", o.api_key.id) }</span>
                        <button type="button" id="roll-api-key" onclick={roll}>{ "Roll key" }</button>
                        <br /><span class="small muted">{ "Send it as " }<code>{ "Authorization: Bearer <key>" }</code>{ " to act as this organization in the " }<Link<Route> to={Route::Console { org: org.clone() }}>{ "API console" }</Link<Route>>{ "." }</span>
                    </dd>
                </dl>
                { runner.flash() }
            </Card>
            <div class="stats">
                <Link<Route> to={Route::Inquiries { org: org.clone() }} classes="stat"><strong>{ thousands(view.inquiries) }</strong>{ plural(view.inquiries, "inquiry", "inquiries") }</Link<Route>>
                <Link<Route> to={Route::Bridges { org: org.clone() }} classes="stat"><strong>{ format!("{}/{}", thousands(view.active_bridges), thousands(view.bridges)) }</strong>{ "bridges active" }</Link<Route>>
                <Link<Route> to={Route::ShareTokens { org: org.clone() }} classes="stat"><strong>{ thousands(view.tokens_sent) }</strong>{ plural(view.tokens_sent, "token sent", "tokens sent") }</Link<Route>>
                <Link<Route> to={Route::ShareTokens { org: org.clone() }} classes="stat"><strong>{ thousands(view.tokens_received) }</strong>{ plural(view.tokens_received, "token received", "tokens received") }</Link<Route>>
            </div>
            <Card title="The share flow">
                <ol class="steps">
                    <li>{ "As the source, " }<Link<Route> to={Route::Bridges { org: org.clone() }}>{ "create a bridge" }</Link<Route>>{ " to the destination's organization id, choosing what to share." }</li>
                    <li>{ "Switch to the destination and activate the bridge." }</li>
                    <li>{ "As the source, " }<Link<Route> to={Route::Inquiries { org: org.clone() }}>{ "verify a person" }</Link<Route>>{ " until the inquiry is completed." }</li>
                    <li><Link<Route> to={Route::ShareTokens { org: org.clone() }}>{ "Create a share token" }</Link<Route>>{ " over the bridge for that inquiry and copy its id." }</li>
                    <li>{ "As the destination, " }<Link<Route> to={Route::Redeem { org: org.clone() }}>{ "redeem the token" }</Link<Route>>{ " with one of its templates: the data is copied and verified again." }</li>
                </ol>
            </Card>
            <Table title="Recent events" headers={vec!["Event", "Object", "Time"]} empty="Nothing has happened in this organization yet." rows={events} />
        </>
    }
}
