//! `/orgs/:org`: who this organization is, what it holds, and the share flow in steps.

use crate::ui::components::copy::CopyId;
use crate::ui::components::flash::{self, Flash};
use crate::ui::{use_playground, Route};
use connect::{BridgeStatus, Command, Id};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OrgProps {
    pub org: String,
    /// Shown inside a demo pane: the screen stays where it is instead of opening another.
    #[prop_or_default]
    pub in_pane: bool,
}

#[function_component(Dashboard)]
pub fn dashboard(props: &OrgProps) -> Html {
    let playground = use_playground();
    let rolled = use_state(|| None::<Flash>);
    let org_id = Id::parse(&props.org);
    let org = props.org.clone();
    let roll = {
        let (playground, rolled, org_id) = (playground.clone(), rolled.clone(), org_id.clone());
        Callback::from(move |_: MouseEvent| {
            let rolled = rolled.clone();
            playground.run(&org_id, Command::RollApiKey, move |outcome| {
                rolled.set(Some(match outcome {
                    Ok(_) => Flash::Done(html! { { "API key rolled: the old key stops working now. Update anything that used it." } }),
                    Err(error) => Flash::Refused(error.to_string()),
                }))
            });
        })
    };
    let view = playground.read(|p| {
        let w = &p.world;
        let o = w.organization(&org_id)?.clone();
        let bridges = w.bridges_of(&org_id);
        let active = bridges
            .iter()
            .filter(|b| b.status == BridgeStatus::Active)
            .count();
        let events: Vec<_> = w
            .events_of(&org_id)
            .into_iter()
            .take(8)
            .map(|e| {
                (
                    e.id.to_string(),
                    e.event_type.clone(),
                    e.object_id.to_string(),
                    e.at.display(),
                )
            })
            .collect();
        Some((
            o,
            w.inquiries_of(&org_id).len(),
            bridges.len(),
            active,
            w.outbound_tokens(&org_id).len(),
            w.inbound_tokens(&org_id).len(),
            events,
        ))
    });
    let Some((o, inquiries, bridges, active, outbound, inbound, events)) = view else {
        return html! {};
    };
    html! {
        <>
            <h1>{ &o.name }</h1>
            <p class="lede">{ &o.description }</p>
            <section class="card">
                <dl class="facts">
                    <dt>{ "Organization id" }</dt><dd><CopyId text={o.id.to_string()} /></dd>
                    <dt>{ "Environment" }</dt><dd>{ format!("{:?}", o.environment).to_lowercase() }</dd>
                    <dt>{ "API key" }</dt>
                    <dd id="api-key">
                        <CopyId text={o.api_key.secret.clone()} />
                        <span class="small muted">{ format!(" ({}) ", o.api_key.id) }</span>
                        <button type="button" id="roll-api-key" onclick={roll}>{ "Roll key" }</button>
                        <br /><span class="small muted">{ "Send it as " }<code>{ "Authorization: Bearer <key>" }</code>{ " to act as this organization in the " }<Link<Route> to={Route::Console { org: org.clone() }}>{ "API console" }</Link<Route>>{ "." }</span>
                    </dd>
                </dl>
                { flash::show(&rolled) }
            </section>
            <div class="stats">
                <Link<Route> to={Route::Inquiries { org: org.clone() }} classes="stat"><strong>{ inquiries }</strong>{ "inquiries" }</Link<Route>>
                <Link<Route> to={Route::Bridges { org: org.clone() }} classes="stat"><strong>{ format!("{active}/{bridges}") }</strong>{ "bridges active" }</Link<Route>>
                <Link<Route> to={Route::ShareTokens { org: org.clone() }} classes="stat"><strong>{ outbound }</strong>{ "tokens sent" }</Link<Route>>
                <Link<Route> to={Route::ShareTokens { org: org.clone() }} classes="stat"><strong>{ inbound }</strong>{ "tokens received" }</Link<Route>>
            </div>
            <section class="card">
                <h2>{ "The share flow" }</h2>
                <ol class="steps">
                    <li>{ "As the source, " }<Link<Route> to={Route::Bridges { org: org.clone() }}>{ "create a bridge" }</Link<Route>>{ " to the destination's organization id, choosing what to share." }</li>
                    <li>{ "Switch to the destination and activate the bridge." }</li>
                    <li>{ "As the source, " }<Link<Route> to={Route::Inquiries { org: org.clone() }}>{ "verify a person" }</Link<Route>>{ " until the inquiry is completed." }</li>
                    <li><Link<Route> to={Route::ShareTokens { org: org.clone() }}>{ "Create a share token" }</Link<Route>>{ " over the bridge for that inquiry and copy its id." }</li>
                    <li>{ "As the destination, " }<Link<Route> to={Route::Redeem { org: org.clone() }}>{ "redeem the token" }</Link<Route>>{ " with one of its templates: the data is copied and verified again." }</li>
                </ol>
            </section>
            <section class="card">
                <h2>{ "Recent events" }</h2>
                if events.is_empty() {
                    <p class="muted">{ "Nothing has happened in this organization yet." }</p>
                } else {
                    <table class="list">
                        <thead><tr><th>{ "Event" }</th><th>{ "Object" }</th><th>{ "Time" }</th></tr></thead>
                        <tbody>
                            { for events.into_iter().map(|(id, kind, object, at)| html! {
                                <tr key={id}><td>{ kind }</td><td><code>{ object }</code></td><td>{ at }</td></tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
        </>
    }
}
