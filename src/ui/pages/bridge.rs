//! `/orgs/:org/connect/bridges/:id`: one bridge, its history and the tokens sent over it.

use super::inquiry::ObjectProps;
use super::{form_of, value_of};
use crate::ui::components::bridge_actions::BridgeActions;
use crate::ui::components::copy::CopyId;
use crate::ui::components::flash::{self, Flash};
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::{Command, Id};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(BridgePage)]
pub fn bridge_page(props: &ObjectProps) -> Html {
    let playground = use_playground();
    let result = use_state(|| None::<Flash>);
    let org_id = Id::parse(&props.org);
    let view = playground.read(|p| {
        let w = &p.world;
        let b = w.bridge_visible_to(&org_id, &Id::parse(&props.id))?.clone();
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
        // The destination picks which of its templates a redeem without a target clones into.
        let default_template = w.default_template_of(&b).map(|t| t.name.clone());
        let templates: Vec<_> = w
            .templates_of(&org_id)
            .into_iter()
            .filter(|_| b.destination_org_id == org_id)
            .map(|t| (t.id.to_string(), t.name.clone()))
            .collect();
        Some((
            w.org_name(&b.source_org_id),
            w.org_name(&b.destination_org_id),
            b,
            tokens,
            (default_template, templates),
        ))
    });
    let Some((source, destination, bridge, tokens, (default_template, templates))) = view else {
        return html! {
            <section class="card">
                <h1>{ "Bridge not found" }</h1>
                <p>{ format!("No bridge `{}` exists for this organization.", props.id) }</p>
            </section>
        };
    };
    let on_result = {
        let result = result.clone();
        Callback::from(move |flash: Flash| result.set(Some(flash)))
    };
    let set_default = {
        let (playground, org, bridge_id, on_result) = (
            playground.clone(),
            org_id.clone(),
            bridge.id.to_string(),
            on_result.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let command = Command::SetBridgeDefaultTemplate {
                bridge_id: bridge_id.clone(),
                template_id: value_of(&form, "[name=template]"),
            };
            let on_result = on_result.clone();
            playground.run(&org, command, move |outcome| {
                on_result.emit(match outcome {
                    Ok(_) => Flash::Done(html! { { "Default clone template set." } }),
                    Err(error) => Flash::Refused(error.to_string()),
                })
            });
        })
    };
    html! {
        <>
            <h1>{ format!("Bridge {source} → {destination}") }</h1>
            { flash::show(&result) }
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
                    if let Some(name) = default_template { <dt>{ "Default clone template" }</dt><dd id="bridge-default-template">{ name }</dd> }
                </dl>
                <BridgeActions bridge={bridge.clone()} org={org_id.clone()} {on_result} />
                if !templates.is_empty() {
                    <form id="bridge-set-default-template" class="row" onsubmit={set_default}>
                        <select name="template" aria-label="Default clone template">
                            { for templates.into_iter().map(|(id, name)| html! { <option key={id.clone()} value={id}>{ name }</option> }) }
                        </select>
                        <button type="submit" data-action="set-default-template">{ "Set default clone template" }</button>
                    </form>
                }
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
