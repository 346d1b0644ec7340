//! `/orgs/:org/workflows`: the org's workflows (create, edit, enable or disable, delete) and
//! their runs, each with its trigger, every step's result and the error that stopped it.

use super::{checked, form_of, use_initial, value_of, Initial, OrgProps};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::card::{Card, Table};
use crate::ui::components::flash::{Flash, FlashMessage};
use crate::ui::components::list::named_choices;
use crate::ui::components::list::{pager, use_derived, use_list_query, PageInfo};
use crate::ui::components::pane::use_reveal;
use crate::ui::components::pane::use_scoped_id;
use crate::ui::components::status::badge;
use crate::ui::use_playground;
use crate::ui::view::{self, WorkflowRow};
use connect::world::MAX_ACTIONS;
use connect::{Action, BridgeChoice, EventType, Trigger, Workflow, WorkflowRun, WorkflowSpec};
use connect::{Command, Id};
use std::collections::BTreeMap;
use yew::prelude::*;

/// Action slots in a new workflow's form: enough for the flows the guide describes. A workflow
/// being edited gets one per action and one spare, up to the bound.
const SLOTS: usize = 3;

/// An action as the value of a form option, and back.
fn encode(action: &Action) -> String {
    match action {
        Action::CreateShareToken {
            bridge: BridgeChoice::Bridge(id),
        } => format!("create-bridge:{id}"),
        Action::CreateShareToken {
            bridge: BridgeChoice::ActiveBridgeTo(org),
        } => format!("create-to:{org}"),
        Action::SendShareToken => "send".into(),
        Action::RedeemShareToken { template_id } => format!("redeem:{template_id}"),
    }
}

fn decode(value: &str) -> Option<Action> {
    let (kind, id) = value.split_once(':').unwrap_or((value, ""));
    let id = Id::parse(id);
    match kind {
        "create-bridge" => Some(Action::CreateShareToken {
            bridge: BridgeChoice::Bridge(id),
        }),
        "create-to" => Some(Action::CreateShareToken {
            bridge: BridgeChoice::ActiveBridgeTo(id),
        }),
        "send" => Some(Action::SendShareToken),
        "redeem" => Some(Action::RedeemShareToken { template_id: id }),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    org: Id,
    /// The workflow being edited; `None` creates a new one.
    editing: Option<Workflow>,
    runner: CommandRunner,
    /// Called once the workflow is saved.
    on_saved: Callback<()>,
}

#[function_component(WorkflowForm)]
fn workflow_form(props: &FormProps) -> Html {
    let form_id = use_scoped_id("workflow-form");
    let playground = use_playground();
    let offered = playground.world(|w, _| view::workflow_form(w, &props.org));
    let editing = props.editing.clone();
    // A new workflow starts from the source side's usual trigger. Every select names its
    // chosen option: Yew inserts options last-first, so without one the browser shows the last.
    let trigger = editing
        .as_ref()
        .map(|w| w.trigger.clone())
        .unwrap_or_else(|| Trigger {
            event_type: "inquiry.completed".into(),
            ..Trigger::default()
        });
    let actions = editing
        .as_ref()
        .map(|w| w.actions.clone())
        .unwrap_or_default();
    let slots = (actions.len() + 1).clamp(SLOTS, MAX_ACTIONS);
    // What the user picked in each select, by its name: a re-render (another tab's change that
    // adds an option, a clock tick) shows their picks, not the starting ones again. The form is
    // keyed by the workflow it edits, so these start afresh with it.
    let picks = use_mut_ref(BTreeMap::<String, String>::new);
    let onchange = {
        let picks = picks.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                picks.borrow_mut().insert(select.name(), select.value());
            }
        })
    };
    let pick = |name: &str, start: String| picks.borrow().get(name).cloned().unwrap_or(start);
    let on_cancel = {
        let on_saved = props.on_saved.clone();
        Callback::from(move |_: MouseEvent| on_saved.emit(()))
    };
    let onsubmit = {
        let (runner, org, on_saved, editing) = (
            props.runner.clone(),
            props.org.clone(),
            props.on_saved.clone(),
            editing.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let optional = |selector: &str| {
                let value = value_of(&form, selector);
                (!value.trim().is_empty()).then(|| Id::parse(&value))
            };
            let spec = WorkflowSpec {
                name: value_of(&form, "[name=name]"),
                trigger: Trigger {
                    event_type: value_of(&form, "[name=event-type]"),
                    template_id: optional("[name=template]"),
                    bridge_id: optional("[name=bridge]"),
                    source_org_id: optional("[name=source-org]"),
                    addressed_to_us: checked(&form, "[name=addressed-to-us]"),
                },
                actions: (1..=slots)
                    .filter_map(|n| decode(&value_of(&form, &format!("[name=action-{n}]"))))
                    .collect(),
            };
            let command = match &editing {
                Some(w) => Command::UpdateWorkflow {
                    workflow_id: w.id.to_string(),
                    spec,
                },
                None => Command::CreateWorkflow { spec },
            };
            let (on_saved, created) = (on_saved.clone(), editing.is_none());
            runner.run(&org, command, move |_| {
                on_saved.emit(());
                if created {
                    html! { { "Workflow created. It is disabled until you enable it." } }
                } else {
                    html! { { "Workflow saved." } }
                }
            });
        })
    };
    // The name and the tick start from the workflow opened (or blank), then are the user's.
    let form_ref = use_initial(
        editing.as_ref().map(|w| w.id.clone()),
        vec![
            (
                "[name=name]".into(),
                Initial::Value(editing.as_ref().map(|w| w.name.clone()).unwrap_or_default()),
            ),
            (
                "[name=addressed-to-us]".into(),
                Initial::Checked(trigger.addressed_to_us),
            ),
        ],
    );
    let event_type = pick("event-type", trigger.event_type.clone());
    let id_pick = |name: &str, start: &Option<Id>| {
        pick(name, start.as_ref().map(Id::to_string).unwrap_or_default())
    };
    let (template, bridge, source_org) = (
        id_pick("template", &trigger.template_id),
        id_pick("bridge", &trigger.bridge_id),
        id_pick("source-org", &trigger.source_org_id),
    );
    html! {
        <form id={form_id} {onsubmit} {onchange} ref={form_ref}>
            <label>{ "Name" }
                <input name="name" autocomplete="off" />
            </label>
            <label>{ "Trigger: event type" }
                <select name="event-type">
                    { for EventType::ALL.map(EventType::as_str).iter().map(|t| html! {
                        <option value={*t} selected={event_type == *t}>{ *t }</option>
                    }) }
                </select>
            </label>
            <fieldset>
                <legend>{ "Only when (optional)" }</legend>
                <label>{ "Inquiry template" }
                    <select name="template">
                        <option value="" selected={template.is_empty()}>{ "any" }</option>
                        { for offered.templates.iter().map(|t| html! {
                            <option value={t.value.clone()} selected={template == t.value}>{ t.label.clone() }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Bridge" }
                    <select name="bridge">
                        <option value="" selected={bridge.is_empty()}>{ "any" }</option>
                        { for offered.bridges.iter().map(|id| html! {
                            <option value={id.to_string()} selected={bridge == id.as_str()}>{ id.to_string() }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Source organization" }
                    <select name="source-org">
                        <option value="" selected={source_org.is_empty()}>{ "any" }</option>
                        { for offered.orgs.iter().map(|o| html! {
                            <option value={o.value.clone()} selected={source_org == o.value}>{ o.label.clone() }</option>
                        }) }
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="addressed-to-us" />{ "Only share tokens addressed to this organization" }</label>
            </fieldset>
            <fieldset>
                <legend>{ "Actions, in order" }</legend>
                { for (1..=slots).map(|n| {
                    let current = pick(
                        &format!("action-{n}"),
                        actions.get(n - 1).map(encode).unwrap_or_default(),
                    );
                    html! {
                        <label>{ format!("Step {n}") }
                            <select name={format!("action-{n}")}>
                                <option value="" selected={current.is_empty()}>{ "—" }</option>
                                { for offered.actions.iter().map(|choice| {
                                    let value = encode(&choice.action);
                                    html! { <option value={value.clone()} selected={value == current}>{ choice.label.clone() }</option> }
                                }) }
                            </select>
                        </label>
                    }
                }) }
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{ if editing.is_some() { "Save workflow" } else { "Create workflow" } }</button>
                if editing.is_some() {
                    <button type="button" data-action="cancel-edit" onclick={on_cancel}>{ "Cancel" }</button>
                }
            </div>
        </form>
    }
}

#[function_component(Workflows)]
pub fn workflows(props: &OrgProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let editing = use_state(|| None::<Id>);
    let open_run = use_state(|| None::<Id>);
    use_reveal((*open_run).clone(), "run-detail");
    let org = &props.org;
    let view = playground.world(|w, _| view::workflows(w, org));
    let on_saved = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(None))
    };
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |id: Id| editing.set(Some(id)))
    };
    let on_open = {
        let open_run = open_run.clone();
        Callback::from(move |id: Id| open_run.set(Some(id)))
    };
    let edited = view
        .workflows
        .iter()
        .find(|row| Some(&row.workflow.id) == editing.as_ref())
        .map(|row| row.workflow.clone());
    let opened = open_run
        .as_ref()
        .and_then(|id| playground.world(|w, _| view::runs(w, std::slice::from_ref(id)).pop()));
    // The workflow being edited is gone (deleted in another tab, or by a reset there): say so,
    // rather than turn the user's edit into an empty create form without a word.
    let gone = editing.as_ref().filter(|_| edited.is_none()).cloned();

    html! {
        <>
            <h1>{ "Workflows" }</h1>
            if let Some(id) = gone {
                <p class="flash error" role="alert" id="edited-workflow-gone">
                    { format!("Workflow {id} was deleted while you edited it; your changes were not saved.") }
                </p>
            }
            <p class="lede">{ "A workflow runs its actions, as this organization, when an event of its trigger type reaches this organization's log. A step that fails stops its run and changes nothing; steps before it stay done." }</p>
            { runner.flash() }
            { workflow_list(&ListProps { org: org.clone(), rows: view.workflows, runner: runner.clone(), on_edit }) }
            <Card title={match &edited { Some(w) => format!("Edit “{}”", w.name), None => "Create a workflow".to_string() }}>
                <WorkflowForm key={edited.as_ref().map(|w| w.id.to_string()).unwrap_or_default()} org={org.clone()} editing={edited.clone()} {runner} {on_saved} />
            </Card>
            <RunList org={org.clone()} {on_open} />
            if let Some(run) = opened {
                { run_detail(&run) }
            }
        </>
    }
}

/// What the list of workflows shows (a function's arguments, not a component's props).
struct ListProps {
    org: Id,
    rows: Vec<WorkflowRow>,
    runner: CommandRunner,
    on_edit: Callback<Id>,
}

fn workflow_list(props: &ListProps) -> Html {
    let command_button = |label: &str, action: &str, command: Command, done: &str| {
        let onclick = props.runner.on_click(&props.org, command, done);
        html! { <button type="button" data-action={action.to_string()} {onclick}>{ label.to_string() }</button> }
    };
    let rows: Vec<Html> = props.rows.iter().map(|WorkflowRow { workflow: w, trigger, actions }| {
        let id = w.id.to_string();
        let toggle = if w.enabled {
            command_button("Disable", "disable", Command::SetWorkflowEnabled { workflow_id: id.clone(), enabled: false }, "Workflow disabled.")
        } else {
            command_button("Enable", "enable", Command::SetWorkflowEnabled { workflow_id: id.clone(), enabled: true }, "Workflow enabled.")
        };
        let edit = {
            let (on_edit, wid) = (props.on_edit.clone(), w.id.clone());
            Callback::from(move |_| on_edit.emit(wid.clone()))
        };
        html! {
            <tr key={id.clone()} data-id={id.clone()} data-name={w.name.clone()}>
                <td>{ w.name.clone() }</td>
                <td class="small">{ trigger.clone() }</td>
                <td class="small"><ol>{ for actions.iter().map(|a| html! { <li>{ a.clone() }</li> }) }</ol></td>
                <td>{ badge(if w.enabled { "enabled" } else { "disabled" }) }</td>
                <td class="actions">
                    { toggle }
                    <button type="button" data-action="edit" onclick={edit}>{ "Edit" }</button>
                    { command_button("Delete", "delete", Command::DeleteWorkflow { workflow_id: id.clone() }, "Workflow deleted; its runs stay listed.") }
                </td>
            </tr>
        }
    }).collect();
    html! {
        <Table title="This organization's workflows" id="workflows" headers={vec!["Workflow", "Trigger", "Actions", "Status", ""]} empty="No workflows yet." {rows} />
    }
}

#[derive(Properties, PartialEq)]
struct RunListProps {
    org: Id,
    on_open: Callback<Id>,
}

/// One page of the org's workflow runs, newest first.
#[function_component(RunList)]
fn run_list(props: &RunListProps) -> Html {
    let playground = use_playground();
    let query = use_list_query("runs-");
    let status = query.get("status");
    let ids = {
        let org = props.org.clone();
        use_derived((org.clone(), status.clone()), move |w, _| {
            view::run_ids(w, &org, &status)
        })
    };
    let statuses = named_choices(
        [connect::RunStatus::Completed, connect::RunStatus::Failed].map(connect::RunStatus::as_str),
    );
    let empty = if query.get("status").is_empty() {
        "No runs yet."
    } else {
        "No run matches this filter."
    };
    let info = PageInfo::of(ids.len(), query.page());
    let runs = playground.world(|w, _| view::runs(w, &ids[info.range()]));
    let rows: Vec<Html> = runs
        .iter()
        .map(|r| {
            let onclick = {
                let (on_open, id) = (props.on_open.clone(), r.id.clone());
                Callback::from(move |_| on_open.emit(id.clone()))
            };
            html! {
                <tr key={r.id.to_string()} data-id={r.id.to_string()} data-workflow={r.workflow_name.clone()}>
                    <td class="small">{ r.at.display() }</td>
                    <td>{ r.workflow_name.clone() }</td>
                    <td><code class="type">{ r.trigger_event_type.as_str() }</code></td>
                    <td>{ badge(r.status.as_str()) }</td>
                    <td class="small">{ r.error.clone().unwrap_or_default() }</td>
                    <td><button type="button" data-action="open-run" {onclick}>{ "Details" }</button></td>
                </tr>
            }
        })
        .collect();
    html! {
        <Card title="Runs">
            <div class="filters" id={query.id("runs-filters")}>
                { query.select("Status", "runs-status", "Any status", &statuses, "status") }
            </div>
            <Table id="workflow-runs" headers={vec!["Time", "Workflow", "Trigger", "Status", "Error", ""]} {empty} {rows} />
            { pager(info, query.on_page(), "runs") }
        </Card>
    }
}

fn run_detail(run: &WorkflowRun) -> Html {
    html! {
        <Card id="run-detail" title={format!("Run {}", run.id)}>
            <dl class="facts">
                <dt>{ "Workflow" }</dt><dd>{ run.workflow_name.clone() }</dd>
                <dt>{ "Trigger" }</dt><dd><code>{ format!("{} {} (about {})", run.trigger_event_type, run.trigger_event_id, run.subject_id) }</code></dd>
                <dt>{ "Chain depth" }</dt><dd>{ run.depth }</dd>
                <dt>{ "Status" }</dt><dd>{ badge(run.status.as_str()) }</dd>
            </dl>
            <ol class="steps">
                { for run.steps.iter().map(|s| html! {
                    <li data-ok={s.ok.to_string()}>{ badge(if s.ok { "completed" } else { "failed" }) }{ " " }{ s.action.clone() }{ ": " }{ s.detail.clone() }</li>
                }) }
            </ol>
            <FlashMessage flash={run.error.clone().map(Flash::Refused)} />
        </Card>
    }
}
