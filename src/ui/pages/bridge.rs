//! `/orgs/:org/connect/bridges/:id`: one bridge, its history and the tokens sent over it.

use super::inquiry::ObjectProps;
use crate::ui::command::use_command;
use crate::ui::components::bridge_actions::BridgeActions;
use crate::ui::components::copy::CopyId;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::Id;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(BridgePage)]
pub fn bridge_page(props: &ObjectProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let org_id = Id::parse(&props.org);
    let view = playground.read(|p| {
        let w = &p.world;
        let b = w
            .bridges
            .get(&Id::parse(&props.id))
            .filter(|b| b.source_org_id == org_id || b.destination_org_id == org_id)?
            .clone();
        let tokens: Vec<_> = w
            .share_tokens
            .values()
            .filter(|t| t.bridge_id == b.id)
            .map(|t| {
                (
                    t.id.to_string(),
                    t.status_at(p.now()).to_string(),
                    t.created_at.display(),
                )
            })
            .collect();
        Some((
            w.org_name(&b.source_org_id),
            w.org_name(&b.destination_org_id),
            b,
            tokens,
        ))
    });
    let Some((source, destination, bridge, tokens)) = view else {
        return html! {
            <section class="card">
                <h1>{ "Bridge not found" }</h1>
                <p>{ format!("No bridge `{}` exists for this organization.", props.id) }</p>
            </section>
        };
    };
    html! {
        <>
            <h1>{ format!("Bridge {source} → {destination}") }</h1>
            { runner.flash() }
            <section class="card">
                <dl class="facts">
                    <dt>{ "Bridge id" }</dt><dd><CopyId text={bridge.id.to_string()} /></dd>
                    <dt>{ "Status" }</dt><dd id="bridge-status">{ badge(bridge.status.as_str()) }</dd>
                    <dt>{ "Source" }</dt><dd>{ format!("{source} ({})", bridge.source_org_id) }</dd>
                    <dt>{ "Destination" }</dt><dd>{ format!("{destination} ({})", bridge.destination_org_id) }</dd>
                    <dt>{ "Shares" }</dt><dd>{ bridge.scopes.summary() }</dd>
                    <dt>{ "Created" }</dt><dd>{ bridge.created_at.display() }</dd>
                    if let Some(at) = bridge.activated_at { <dt>{ "Last activated" }</dt><dd>{ at.display() }</dd> }
                    if let Some(at) = bridge.deactivated_at { <dt>{ "Last deactivated" }</dt><dd>{ at.display() }</dd> }
                </dl>
                <BridgeActions bridge={bridge.clone()} org={org_id.clone()} runner={runner.clone()} />
            </section>
            <section class="card">
                <h2>{ "Share tokens over this bridge" }</h2>
                if tokens.is_empty() {
                    <p class="muted">{ "None yet." }</p>
                } else {
                    <ul>
                        { for tokens.into_iter().map(|(id, status, at)| html! {
                            <li key={id.clone()}>
                                <Link<Route> to={Route::ShareToken { org: props.org.clone(), id: id.clone() }}><code>{ id }</code></Link<Route>>
                                { " " }{ badge(&status) }{ format!(" created {at}") }
                            </li>
                        }) }
                    </ul>
                }
            </section>
        </>
    }
}
