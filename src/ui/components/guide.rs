//! The guided share flow beside the split view: the steps of `connect::demo::guide`, ticked
//! from the shared state, each with the rule it demonstrates and a "Do it for me" that sends the
//! same command as the real control, through the same `PlaygroundContext` path, so the rules
//! can refuse it with the same message. [`use_do_it`] is that one path: the guide's buttons and
//! the one the demo puts beside the highlighted control both run through it.

use super::flash::{Flash, FlashMessage};
use crate::ui::use_playground;
use crate::ui::PlaygroundContext;
use connect::demo::guide::{self, Action, Paths, Progress, Screen, Side, Step, StepKind};
use connect::{Command, Id};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GuideProps {
    pub source: AttrValue,
    pub destination: AttrValue,
    pub paths: Paths,
    /// The token id the guide put into the destination's Redeem form.
    pub pasted: Option<AttrValue>,
    /// Runs a step's "Do it for me".
    pub do_it: DoIt,
    /// Shows a step's control: its pane, its screen.
    pub on_show: Callback<(Side, Screen)>,
}

/// "Do it for me": whether an action is under way, what the last one came to (by step slug),
/// and the callback that runs a step's action.
#[derive(Clone, PartialEq)]
pub struct DoIt {
    pub busy: bool,
    pub outcome: Option<(String, Flash)>,
    pub run: Callback<Step>,
}

/// The one way a step's action is sent, wherever its button is. `on_paste` puts a token id into
/// the destination's Redeem form; `on_show` brings the step's pane and screen into view first.
#[hook]
pub fn use_do_it(on_paste: Callback<Id>, on_show: Callback<(Side, Screen)>) -> DoIt {
    let playground = use_playground();
    // With the stored revision it left: any later change (a scenario replacing the playground,
    // a click in a pane, another tab) makes it old news, so no step shows it.
    let outcome = use_state(|| None::<(String, Flash, u64)>);
    let busy = use_state(|| false);
    let run = {
        let (outcome, busy, context) = (outcome.clone(), busy.clone(), playground.clone());
        Callback::from(move |step: Step| {
            let Some(action) = step.action else { return };
            on_show.emit((step.side, step.screen));
            let (playground, outcome, busy, on_paste) = (
                context.clone(),
                outcome.clone(),
                busy.clone(),
                on_paste.clone(),
            );
            let slug = step.kind.slug().to_string();
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let flash = perform(playground.clone(), action, on_paste).await;
                outcome.set(Some((slug, flash, playground.read(|p| p.revision()))));
                busy.set(false);
            });
        })
    };
    let now = playground.read(|p| p.revision());
    DoIt {
        busy: *busy,
        outcome: (*outcome)
            .clone()
            .filter(|(_, _, at)| *at == now)
            .map(|(slug, flash, _)| (slug, flash)),
        run,
    }
}

/// What the API answered, when it refused: its `details`, as the console shows them.
fn api_refusal(status: u16, body: &str) -> String {
    let details = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.pointer("/errors/0/details")
                .and_then(|d| d.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| body.to_string());
    format!("The API answered {status}: {details}")
}

/// Sends a step's action and says what came of it, as the real control's screen would.
async fn perform(playground: PlaygroundContext, action: Action, on_paste: Callback<Id>) -> Flash {
    match action {
        Action::Command { actor, command } => match playground.execute(&actor, command).await {
            Ok(_) => Flash::Done(html! { { "Done." } }),
            Err(error) => Flash::Refused(error.to_string()),
        },
        Action::Verify {
            actor,
            template_id,
            person,
        } => {
            let Some(sample) = connect::seed::sample_people()
                .into_iter()
                .find(|p| p.key == person)
            else {
                return Flash::Refused(format!("No sample person `{person}` exists."));
            };
            let name = sample.fields.full_name();
            let command = Command::CreateInquiry {
                template_id: template_id.to_string(),
                fields: Box::new(sample.fields),
                evidence: sample.evidence,
            };
            let created = match playground.execute(&actor, command).await {
                Ok(events) => events
                    .into_iter()
                    .find(|e| e.event_type == "inquiry.created")
                    .map(|e| e.object_id),
                Err(error) => return Flash::Refused(error.to_string()),
            };
            let Some(id) = created else {
                return Flash::Refused("The inquiry was not created.".into());
            };
            let run = Command::RunInquiry {
                inquiry_id: id.to_string(),
            };
            match playground.execute(&actor, run).await {
                Ok(_) => Flash::Done(html! { { format!("{name} verified: inquiry {id}.") } }),
                Err(error) => Flash::Refused(format!(
                    "Inquiry {id} was created, but running it was refused: {error}"
                )),
            }
        }
        Action::Api { request, .. } => {
            let response = playground.call_api(request).await;
            if response.status < 300 {
                Flash::Done(html! { { format!("The API answered {}.", response.status) } })
            } else {
                Flash::Refused(api_refusal(response.status, &response.body))
            }
        }
        Action::Paste { token } => {
            on_paste.emit(token.clone());
            Flash::Done(html! { { format!("Token {token} is in the destination's Redeem form.") } })
        }
    }
}

#[function_component(Guide)]
pub fn guide_list(props: &GuideProps) -> Html {
    let playground = use_playground();
    let (source, destination) = (Id::parse(&props.source), Id::parse(&props.destination));
    let pasted = props.pasted.as_ref().map(|t| Id::parse(t));
    let steps = playground.read(|p| {
        guide::steps(
            &p.world,
            &source,
            &destination,
            p.now(),
            props.paths,
            pasted.as_ref(),
        )
    });
    let done = steps
        .iter()
        .filter(|s| s.progress == Progress::Done)
        .count();
    let current = steps
        .iter()
        .find(|s| s.progress == Progress::Current)
        .map(|s| s.kind.slug());
    // Where the list scrolls (a laptop), its current step stays in view.
    use_effect_with(current, |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let find = |selector: &str| {
            document
                .as_ref()
                .and_then(|d| d.query_selector(selector).ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        };
        if let Some(list) = find("#guide") {
            // With every step done, the last step's outcome (what the redeem came to) shows,
            // under the count the heading keeps in view.
            // Under the heading, which stays in view (taller with the presenter's text).
            let heading = find("#guide-title").map_or(48, |h| h.offset_height() + 12);
            let top = find(".guide-step.current")
                .map_or(list.scroll_height(), |step| step.offset_top() - heading);
            list.set_scroll_top(top.max(0));
        }
    });

    let do_it = |step: &Step| {
        let (run, step) = (props.do_it.run.clone(), step.clone());
        Callback::from(move |_: MouseEvent| run.emit(step.clone()))
    };
    let show = |step: &Step| {
        let (on_show, side, screen) = (props.on_show.clone(), step.side, step.screen);
        Callback::from(move |_: MouseEvent| on_show.emit((side, screen)))
    };

    html! {
        <section class="guide card" id="guide" aria-labelledby="guide-title">
            <h2 id="guide-title">{ format!("Guided share flow · {done} of {} done", steps.len()) }</h2>
            <ol class="guide-steps">
                { for steps.iter().map(|step| {
                    let progress = match step.progress {
                        Progress::Done => "done",
                        Progress::Current => "current",
                        Progress::Later => "later",
                    };
                    let pane = match step.side { Side::Source => "left pane", Side::Destination => "right pane" };
                    // A step that is done shows its tick; only a refusal needs more words.
                    let flash_here = props.do_it.outcome
                        .as_ref()
                        .filter(|(slug, f)| slug == step.kind.slug() && (step.progress != Progress::Done || matches!(f, Flash::Refused(_))))
                        .map(|(_, f)| f.clone());
                    let detail = step.detail.as_ref().filter(|_| step.progress != Progress::Done || step.kind == StepKind::VerifiedAgain);
                    html! {
                        <li key={step.kind.slug()} class={classes!("guide-step", progress)} data-step={step.kind.slug()} data-progress={progress}>
                            <span class="tick" aria-hidden="true">{ if step.progress == Progress::Done { "✓" } else { "" } }</span>
                            <div class="guide-body">
                                <strong class="guide-title">{ &step.title }</strong>
                                <span class="visually-hidden">{ format!(" ({progress})") }</span>
                                if step.progress != Progress::Done {
                                    <p class="guide-why">{ &step.explanation }</p>
                                }
                                if step.progress != Progress::Done {
                                    <p class="guide-rule">{ &step.rule }</p>
                                }
                                if let Some(detail) = detail {
                                    <p class="guide-detail small">{ detail }</p>
                                }
                                // Always there: Yew loses its place when a component that
                                // renders nothing sits between nodes that come and go.
                                <div class="guide-outcome"><FlashMessage flash={flash_here} /></div>
                                if step.progress != Progress::Done {
                                    <div class="actions">
                                        if step.action.is_some() {
                                            <button type="button" class={classes!((step.progress == Progress::Current).then_some("primary"))} data-action="do-it" disabled={props.do_it.busy} onclick={do_it(step)}>{ "Do it for me" }</button>
                                        }
                                        <button type="button" data-action="show" onclick={show(step)} title={format!("Show the control in the {pane}")}>{ format!("Show in {pane}") }</button>
                                    </div>
                                }
                            </div>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
