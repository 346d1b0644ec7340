//! `/orgs/:org/connect/bridges`: create a bridge as the source; activate, deactivate and
//! reactivate the bridges this org is a side of.

use super::dashboard::OrgProps;
use super::{checked, form_of, value_of};
use crate::ui::command::use_command;
use crate::ui::components::bridge_actions::BridgeActions;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::{Command, FieldGroup, Id, Scopes, VerificationKind};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Bridges)]
pub fn bridges(props: &OrgProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let org_id = Id::parse(&props.org);
    let (others, bridges) = playground.read(|p| {
        let w = &p.world;
        let others: Vec<_> = w
            .organizations_in_order()
            .into_iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect();
        let bridges: Vec<_> = w
            .bridges_of(&org_id)
            .into_iter()
            .map(|b| {
                let other = if b.source_org_id == org_id {
                    &b.destination_org_id
                } else {
                    &b.source_org_id
                };
                (b.clone(), w.org_name(other))
            })
            .collect();
        (others, bridges)
    });

    let onsubmit = {
        let (runner, org) = (runner.clone(), org_id.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let scopes = Scopes {
                fields: FieldGroup::ALL
                    .into_iter()
                    .filter(|g| checked(&form, &format!("[name=scope-{}]", g.slug())))
                    .collect(),
                verifications: VerificationKind::WITH_EVIDENCE
                    .into_iter()
                    .filter(|k| checked(&form, &format!("[name=scope-{}]", k.slug())))
                    .collect(),
            };
            let command = Command::CreateBridge {
                destination_org_id: value_of(&form, "[name=destination]"),
                scopes,
            };
            runner.run(&org, command, |events| {
                let id = events.first().map(|e| e.object_id.to_string()).unwrap_or_default();
                html! { { format!("Bridge {id} created. It is pending until the destination activates it.") } }
            });
        })
    };

    let section = |title: &str, outbound: bool| {
        let rows: Vec<_> = bridges
            .iter()
            .filter(|(b, _)| (b.source_org_id == org_id) == outbound)
            .collect();
        html! {
            <section class="card">
                <h2>{ title }</h2>
                if rows.is_empty() {
                    <p class="muted">{ if outbound { "No outbound bridges yet." } else { "No partner has bridged to this organization yet." } }</p>
                } else {
                    <table class="list" id={if outbound { "outbound-bridges" } else { "inbound-bridges" }}>
                        <thead><tr><th>{ "Bridge" }</th><th>{ if outbound { "To" } else { "From" } }</th><th>{ "Status" }</th><th>{ "Shares" }</th><th>{ "" }</th></tr></thead>
                        <tbody>
                            { for rows.into_iter().map(|(b, other)| html! {
                                <tr key={b.id.to_string()} data-id={b.id.to_string()}>
                                    <td><Link<Route> to={Route::Bridge { org: props.org.clone(), id: b.id.to_string() }}><code>{ b.id.to_string() }</code></Link<Route>></td>
                                    <td>{ other }</td>
                                    <td>{ badge(b.status.as_str()) }</td>
                                    <td class="small">{ b.scopes.summary() }</td>
                                    <td><BridgeActions bridge={b.clone()} org={org_id.clone()} runner={runner.clone()} /></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
        }
    };

    html! {
        <>
            <h1>{ "Organization Bridges" }</h1>
            <p class="lede">{ "A bridge lets this organization (the source) share verified data with one destination. The destination activates it; either side can deactivate it." }</p>
            { runner.flash() }
            { section("Outbound: this organization shares", true) }
            { section("Inbound: partners share with this organization", false) }
            <section class="card">
                <h2>{ "Create a bridge" }</h2>
                <form id="create-bridge" {onsubmit}>
                    <label>{ "Destination organization id" }
                        <input name="destination" list="known-orgs" placeholder="org_…" autocomplete="off" />
                        <datalist id="known-orgs">
                            { for others.iter().map(|(id, name)| html! { <option value={id.clone()}>{ name.clone() }</option> }) }
                        </datalist>
                    </label>
                    <fieldset>
                        <legend>{ "Fields to share" }</legend>
                        { for FieldGroup::ALL.into_iter().map(|g| html! {
                            <label class="check"><input type="checkbox" name={format!("scope-{}", g.slug())} checked=true />{ g.label() }</label>
                        }) }
                    </fieldset>
                    <fieldset>
                        <legend>{ "Verification evidence to share" }</legend>
                        { for VerificationKind::WITH_EVIDENCE.into_iter().map(|k| html! {
                            <label class="check"><input type="checkbox" name={format!("scope-{}", k.slug())} checked=true />{ k.label() }</label>
                        }) }
                    </fieldset>
                    <button type="submit" class="primary">{ "Create bridge" }</button>
                </form>
            </section>
        </>
    }
}
