//! `/orgs/:org/connect/bridges`: create a bridge as the source; activate, deactivate and
//! reactivate the bridges this org is a side of.

use super::{checked, form_of, typed_id, use_initial, Initial, OrgProps};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::bridge_actions::bridge_actions;
use crate::ui::components::card::{empty, id_link, Card, Table};
use crate::ui::components::list::named_choices;
use crate::ui::components::list::{pager, use_derived, use_list_query, PageInfo};
use crate::ui::components::pane::use_scoped_id;
use crate::ui::components::status::badge;
use crate::ui::view::{BridgeRow, Choice, Side};
use crate::ui::{use_playground, view, Route};
use connect::{BridgeStatus, Command, FieldGroup, Id, Scopes, VerificationKind};
use yew::prelude::*;

#[function_component(Bridges)]
pub fn bridges(props: &OrgProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let orgs = playground.world(|w, _| view::org_choices(w));
    html! {
        <>
            <h1>{ "Organization Bridges" }</h1>
            <p class="lede">{ "A bridge lets its source organization share verified data with one destination. The source creates it, the destination activates it, and either side can deactivate it." }</p>
            { runner.flash() }
            <BridgeList title="Outbound: this organization shares" id="outbound-bridges" headers={vec!["Bridge", "To", "Status", "Shares", ""]}
                empty="No outbound bridges yet." side={Side::Sent} org={props.org.clone()} runner={runner.clone()} />
            <BridgeList title="Inbound: partners share with this organization" id="inbound-bridges" headers={vec!["Bridge", "From", "Status", "Shares", ""]}
                empty="No partner has bridged to this organization yet." side={Side::Received} org={props.org.clone()} runner={runner.clone()} />
            <CreateBridge org={props.org.clone()} {orgs} {runner} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BridgeListProps {
    title: AttrValue,
    id: AttrValue,
    headers: Vec<&'static str>,
    empty: AttrValue,
    side: Side,
    org: Id,
    runner: CommandRunner,
}

/// One page of the bridges this org is the source (or the destination) of, newest first.
#[function_component(BridgeList)]
fn bridge_list(props: &BridgeListProps) -> Html {
    let playground = use_playground();
    let side = props.side;
    let query = use_list_query(match side {
        Side::Sent => "outbound-",
        Side::Received => "inbound-",
    });
    let (status, id) = (query.get("status"), query.get("id"));
    let filtered = !status.is_empty() || !id.is_empty();
    let ids = {
        let (org, key) = (props.org.clone(), (status.clone(), id.clone()));
        use_derived((org.clone(), side, key), move |w, _| {
            view::bridge_ids(w, &org, side, &status, &id)
        })
    };
    let info = PageInfo::of(ids.len(), query.page());
    let bridges = playground.world(|w, _| view::bridge_rows(w, &props.org, &ids[info.range()]));
    if bridges.is_empty() && !filtered {
        return html! { <Card title={props.title.clone()}>{ empty(props.empty.clone()) }</Card> };
    }
    let statuses = named_choices(
        [
            BridgeStatus::Pending,
            BridgeStatus::Active,
            BridgeStatus::Inactive,
        ]
        .map(BridgeStatus::as_str),
    );
    let rows: Vec<Html> = bridges
        .iter()
        .map(|BridgeRow { bridge: b, other }| {
            html! {
                <tr key={b.id.to_string()} data-id={b.id.to_string()}>
                    <td>{ id_link(Route::bridge(&props.org, &b.id), &b.id) }</td>
                    <td>{ other }</td>
                    <td>{ badge(b.status.as_str()) }</td>
                    <td class="small">{ b.scopes.summary() }</td>
                    <td>{ bridge_actions(b, &props.org, &props.runner) }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <Card title={props.title.clone()}>
            <div class="filters" id={query.id(&format!("{}-filters", props.id))}>
                { query.select("Status", &format!("{}-status", props.id), "Any status", &statuses, "status") }
                { query.search(&format!("{}-search", props.id), "cnob_…") }
            </div>
            <Table id={props.id.clone()} headers={props.headers.clone()} empty="No bridge matches these filters." {rows} />
            { pager(info, query.on_page(), "bridges") }
        </Card>
    }
}

#[derive(Properties, PartialEq)]
struct CreateBridgeProps {
    org: Id,
    orgs: Vec<Choice>,
    runner: CommandRunner,
}

#[function_component(CreateBridge)]
fn create_bridge(props: &CreateBridgeProps) -> Html {
    let (form_id, orgs_id) = (use_scoped_id("create-bridge"), use_scoped_id("known-orgs"));
    let onsubmit = {
        let (runner, org) = (props.runner.clone(), props.org.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let scopes = Scopes {
                fields: connect::order::insert_all(
                    FieldGroup::ALL
                        .into_iter()
                        .filter(|g| checked(&form, &format!("[name=scope-{}]", g.slug()))),
                ),
                verifications: connect::order::insert_all(
                    VerificationKind::WITH_EVIDENCE
                        .into_iter()
                        .filter(|k| checked(&form, &format!("[name=scope-{}]", k.slug()))),
                ),
            };
            let command = Command::CreateBridge {
                destination_org_id: typed_id(&form, "[name=destination]"),
                scopes,
            };
            runner.run(&org, command, |events| {
                let id = events.first().map(|e| e.object_id.to_string()).unwrap_or_default();
                html! { { format!("Bridge {id} created. It is pending until the destination activates it.") } }
            });
        })
    };
    // Every scope starts ticked, once: ticks rendered with `checked=` came back on every
    // re-render (a refused submit, another tab's change), and the bridge shared what the user
    // had unticked.
    let form_ref = use_initial(
        (),
        FieldGroup::ALL
            .into_iter()
            .map(|g| g.slug())
            .chain(
                VerificationKind::WITH_EVIDENCE
                    .into_iter()
                    .map(|k| k.slug()),
            )
            .map(|slug| (format!("[name=scope-{slug}]"), Initial::Checked(true)))
            .collect(),
    );
    html! {
        <Card title="Create a bridge">
            <form id={form_id} {onsubmit} ref={form_ref}>
                <label>{ "Destination organization id" }
                    <input name="destination" list={orgs_id.clone()} placeholder="org_…" autocomplete="off" />
                    <datalist id={orgs_id}>
                        { for props.orgs.iter().map(|o| html! { <option value={o.value.clone()}>{ o.label.clone() }</option> }) }
                    </datalist>
                </label>
                <fieldset>
                    <legend>{ "Fields to share" }</legend>
                    { for FieldGroup::ALL.into_iter().map(|g| html! {
                        <label class="check"><input type="checkbox" name={format!("scope-{}", g.slug())} />{ g.label() }</label>
                    }) }
                </fieldset>
                <fieldset>
                    <legend>{ "Verification evidence to share" }</legend>
                    { for VerificationKind::WITH_EVIDENCE.into_iter().map(|k| html! {
                        <label class="check"><input type="checkbox" name={format!("scope-{}", k.slug())} />{ k.label() }</label>
                    }) }
                </fieldset>
                <button type="submit" class="primary">{ "Create bridge" }</button>
            </form>
        </Card>
    }
}
