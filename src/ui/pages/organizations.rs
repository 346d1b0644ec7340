//! `/orgs`: every simulated organization, and a form to add one.

use super::{form_of, value_of};
use crate::ui::command::use_command;
use crate::ui::components::card::Card;
use crate::ui::components::copy::CopyId;
use crate::ui::{use_playground, view, Route};
use connect::{Command, Id};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Organizations)]
pub fn organizations() -> Html {
    let playground = use_playground();
    let runner = use_command();
    let orgs = playground.world(|w, _| view::organizations(w));

    let onsubmit =
        {
            let (runner, first) = (runner.clone(), orgs.first().map(|o| o.id.clone()));
            Callback::from(move |e: SubmitEvent| {
                let Some(form) = form_of(&e) else { return };
                let command = Command::CreateOrganization {
                    name: value_of(&form, "[name=name]"),
                    description: value_of(&form, "[name=description]"),
                };
                // Creating an org is a playground action; any existing org may perform it.
                let actor = first.clone().unwrap_or_else(|| Id::parse(""));
                runner.run(&actor, command, |events| {
                let id = events.first().map(|e| e.object_id.to_string()).unwrap_or_default();
                html! {
                    <>{ "Organization created: " }
                    <Link<Route> to={Route::Dashboard { org: id.clone() }}>{ id }</Link<Route>></>
                }
            });
            })
        };

    html! {
        <>
            <h1>{ "Organizations" }</h1>
            <p class="lede">{ "Each organization is a simulated Persona customer with its own Dashboard, templates and API key. Open two tabs to act as two of them at once." }</p>
            <div class="cards">
                { for orgs.iter().map(|o| html! {
                    <Card class="org" key={o.id.to_string()} title={o.name.clone()}>
                        <p>{ &o.description }</p>
                        <p><CopyId text={o.id.to_string()} /></p>
                        <Link<Route> to={Route::Dashboard { org: o.id.to_string() }} classes="button">{ format!("Act as {}", o.name) }</Link<Route>>
                    </Card>
                }) }
            </div>
            <Card title="Add an organization">
                { runner.flash() }
                <form id="create-organization" {onsubmit}>
                    <label>{ "Name" }<input name="name" required=true maxlength="80" placeholder="e.g. Acme Lending" /></label>
                    <label>{ "What it is (optional)" }<input name="description" placeholder="e.g. A lender that accepts bank verifications" /></label>
                    <button type="submit" class="primary">{ "Add organization" }</button>
                </form>
            </Card>
        </>
    }
}
