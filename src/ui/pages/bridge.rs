//! `/orgs/:org/connect/bridges/:id`: one bridge, its history and the tokens sent over it.

use super::{form_of, value_of, ObjectProps};
use crate::ui::command::use_command;
use crate::ui::components::bridge_actions::bridge_actions;
use crate::ui::components::card::{empty, id_link, missing, Card};
use crate::ui::components::copy::CopyId;
use crate::ui::components::list::{pager, use_derived, use_list_query, PageInfo};
use crate::ui::components::pane::{use_scoped_id, BackTo};
use crate::ui::components::status::badge;
use crate::ui::{use_playground, view, Route};
use connect::{Command, Id};
use yew::prelude::*;

#[function_component(BridgePage)]
pub fn bridge_page(props: &ObjectProps) -> Html {
    let (status_id, template_id) = (
        use_scoped_id("bridge-status"),
        use_scoped_id("bridge-default-template"),
    );
    let form_id = use_scoped_id("bridge-set-default-template");
    let playground = use_playground();
    let runner = use_command();
    let org = &props.org;
    let query = use_list_query("tokens-");
    let bridge_id = Id::parse(&props.id);
    // Only the filters that can tell this bridge's tokens apart: its counterpart and bridge are
    // the page's own.
    let filter = view::TokenFilter {
        status: query.get("status"),
        via: query.get("via"),
        id: query.get("id"),
        ..Default::default()
    };
    let filtered = filter != view::TokenFilter::default();
    let ids = {
        let (org, bridge_id, filter) = (org.clone(), bridge_id.clone(), filter.clone());
        use_derived(
            (org.clone(), bridge_id.clone(), filter.clone()),
            move |w, now| view::bridge_token_ids(w, &org, &bridge_id, &filter, now),
        )
    };
    let info = PageInfo::of(ids.len(), query.page());
    let (found, tokens) = playground.world(|w, now| {
        (
            view::bridge(w, org, &bridge_id),
            view::token_lines(w, &ids[info.range()], now),
        )
    });
    let Some(view::BridgeView {
        bridge,
        source,
        destination,
        default_template,
        chosen_template,
        templates,
    }) = found
    else {
        return html! {
            { missing("Bridge not found", format!("No bridge `{}` exists for this organization.", props.id), Html::default()) }
        };
    };
    // The destination picks which of its templates a redeem without a target clones into.
    let set_default = {
        let (runner, org, bridge_id) = (runner.clone(), org.clone(), bridge.id.to_string());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let command = Command::SetBridgeDefaultTemplate {
                bridge_id: bridge_id.clone(),
                template_id: value_of(&form, "[name=template]"),
            };
            runner.run(
                &org,
                command,
                |_| html! { { "Default clone template set." } },
            );
        })
    };
    html! {
        <>
            <BackTo label="Organization Bridges" />
            <h1>{ format!("Bridge {source} → {destination}") }</h1>
            { runner.flash() }
            <Card>
                <dl class="facts">
                    <dt>{ "Bridge id" }</dt><dd><CopyId text={bridge.id.to_string()} /></dd>
                    <dt>{ "Status" }</dt><dd id={status_id}>{ badge(bridge.status.as_str()) }</dd>
                    <dt>{ "Source" }</dt><dd>{ format!("{source} ({})", bridge.source_org_id) }</dd>
                    <dt>{ "Destination" }</dt><dd>{ format!("{destination} ({})", bridge.destination_org_id) }</dd>
                    <dt>{ "Shares" }</dt><dd>{ bridge.scopes.summary() }</dd>
                    <dt>{ "Created" }</dt><dd>{ bridge.created_at.display() }</dd>
                    if let Some(at) = bridge.activated_at { <dt>{ "Last activated" }</dt><dd>{ at.display() }</dd> }
                    if let Some(at) = bridge.deactivated_at { <dt>{ "Last deactivated" }</dt><dd>{ at.display() }</dd> }
                    <dt>{ "Default clone template" }</dt>
                    <dd id={template_id}>{ default_template.unwrap_or_else(|| "none yet: the destination's first template is set when it activates the bridge".to_string()) }</dd>
                </dl>
                { bridge_actions(&bridge, org, &runner) }
                if !templates.is_empty() {
                    <form id={form_id} class="row" onsubmit={set_default}>
                        <select name="template" aria-label="Default clone template">
                            { for templates.into_iter().map(|(id, name)| {
                                let selected = chosen_template.as_ref() == Some(&id);
                                html! { <option key={id.to_string()} value={id.to_string()} {selected}>{ name }</option> }
                            }) }
                        </select>
                        <button type="submit" data-action="set-default-template">{ "Set default clone template" }</button>
                    </form>
                }
            </Card>
            <Card title="Share tokens over this bridge">
                if tokens.is_empty() && !filtered {
                    { empty("None yet.") }
                } else {
                    <div class="filters" id={query.id("bridge-token-filters")}>
                        { query.select("Status", "bridge-tokens-status", "Any status", &super::share_tokens::status_choices(), "status") }
                        { query.select("Created via", "bridge-tokens-via", "Any way", &super::share_tokens::channel_choices(), "via") }
                        { query.search("bridge-tokens-search", "cnst_…") }
                    </div>
                    if tokens.is_empty() {
                        { empty("No share token matches these filters.") }
                    }
                    <ul>
                        { for tokens.into_iter().map(|t| html! {
                            <li key={t.id.to_string()}>
                                { id_link(Route::share_token(org, &t.id), &t.id) }
                                { " " }{ badge(t.status.as_str()) }{ format!(" created {}", t.created_at.display()) }
                            </li>
                        }) }
                    </ul>
                    { pager(info, query.on_page(), "share tokens") }
                }
            </Card>
        </>
    }
}
