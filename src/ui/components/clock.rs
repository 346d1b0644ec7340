//! The header's playground clock: the time every rule uses, whether it runs ahead of real time,
//! and the controls that move it (the rules are `connect::clock`'s).

use crate::ui::use_playground;
use connect::clock::{self, datetime_local, describe_offset, parse_datetime_local};
use connect::time::{DAY_MS, HOUR_MS};
use connect::{DomainError, Timestamp};
use gloo_timers::callback::Interval;
use yew::prelude::*;

fn real_now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// The playground clock, updated every second, with a small menu to move it.
#[function_component(Clock)]
pub fn clock_view() -> Html {
    let playground = use_playground();
    let (now, offset) = playground.read(|p| (p.now(), p.clock_offset_ms));
    let error = use_state(|| None::<String>);
    let jump = use_node_ref();
    let tick = use_force_update();
    use_effect_with((), move |_| {
        let interval = Interval::new(1_000, move || tick.force_update());
        move || drop(interval)
    });

    // Either the offset the user asked for, or the rule that refused it; nothing moves unless
    // the new offset was saved.
    let move_to = {
        let (playground, error) = (playground.clone(), error.clone());
        Callback::from(move |wanted: Result<i64, DomainError>| {
            let offset = match wanted {
                Ok(offset) => offset,
                Err(refused) => return error.set(Some(refused.message)),
            };
            let (playground, error) = (playground.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let saved = playground.locked(move |p| p.set_clock_offset(offset)).await;
                error.set(match saved {
                    Ok(Ok(())) => None,
                    Ok(Err(why)) => Some(crate::store::save_refused(
                        "The clock was not moved: the browser refused to save it",
                        &why.to_string(),
                    )),
                    Err(behind) => Some(behind.to_string()),
                });
            });
        })
    };
    let advance = |by_ms: i64| {
        let (playground, move_to) = (playground.clone(), move_to.clone());
        // Read the offset at click time: another tab may have moved the clock since this render.
        Callback::from(move |_: MouseEvent| {
            let current = playground.read(|p| p.clock_offset_ms);
            move_to.emit(clock::advance(current, by_ms));
        })
    };
    let on_jump = {
        let (move_to, error, jump) = (move_to.clone(), error.clone(), jump.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = jump
                .cast::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default();
            match parse_datetime_local(&text) {
                Some(target) => move_to.emit(clock::offset_to(target, real_now())),
                None => error.set(Some(
                    "Pick a date and time (UTC) to jump to: the field is empty or incomplete."
                        .into(),
                )),
            }
        })
    };
    let back = {
        let move_to = move_to.clone();
        Callback::from(move |_: MouseEvent| move_to.emit(Ok(0)))
    };

    let ahead = offset > 0;
    html! {
        <div class={classes!("clock", ahead.then_some("ahead"))} id="clock" data-offset={offset.to_string()}>
            <span class="clock-time" title="The playground clock: token and inquiry expiry follow it">
                { now.display() }
            </span>
            if ahead {
                <span class="clock-ahead" id="clock-ahead" title="The playground clock runs ahead of real time">
                    { describe_offset(offset) }
                </span>
            }
            <details class="clock-menu" id="clock-menu">
                <summary>{ "Move clock" }</summary>
                <div class="clock-panel">
                    <p class="small muted">{ "Move the playground ahead to watch share tokens and open inquiries expire. Times are UTC; the clock never runs behind real time." }</p>
                    <div class="actions">
                        <button type="button" data-advance="hour" onclick={advance(HOUR_MS)}>{ "+1 hour" }</button>
                        <button type="button" data-advance="day" onclick={advance(DAY_MS)}>{ "+1 day" }</button>
                        <button type="button" data-advance="30-days" onclick={advance(30 * DAY_MS)}>{ "+30 days" }</button>
                    </div>
                    // `min` guides the picker; `novalidate` lets the rule's own message explain a
                    // refusal instead of the browser's bare "must be … or later".
                    <form class="clock-jump" onsubmit={on_jump} novalidate=true>
                        <label>
                            { "Jump to… (UTC)" }
                            <input type="datetime-local" name="jump" ref={jump} min={datetime_local(real_now())} />
                        </label>
                        <button type="submit">{ "Jump" }</button>
                    </form>
                    <button type="button" class="back-to-real-time" onclick={back} disabled={!ahead}>{ "Back to real time" }</button>
                    if let Some(message) = &*error {
                        <p class="flash error" role="alert">{ message }</p>
                    }
                </div>
            </details>
        </div>
    }
}
