//! The one way a form or button runs a command and shows what came of it: the success in the
//! screen's own words, or the rule's error as the crate wrote it.

use crate::ui::components::flash::{Flash, FlashMessage};
use crate::ui::{use_playground, PlaygroundContext};
use connect::{Command, Event, Id};
use std::future::Future;
use yew::prelude::*;

/// A screen's command runner and the flash its last outcome left.
#[derive(Clone, PartialEq)]
pub struct CommandRunner {
    playground: PlaygroundContext,
    flash: UseStateHandle<Option<Flash>>,
}

impl CommandRunner {
    /// Runs `command` as `actor` in the background; `done` words its success.
    pub fn run(&self, actor: &Id, command: Command, done: impl FnOnce(&[Event]) -> Html + 'static) {
        self.run_then(actor, command, move |events| Flash::Done(done(&events)));
    }

    /// Like [`run`](Self::run), for a success that may still be worth a warning.
    pub fn run_then(
        &self,
        actor: &Id,
        command: Command,
        outcome: impl FnOnce(Vec<Event>) -> Flash + 'static,
    ) {
        let flash = self.flash.clone();
        self.playground.run(actor, command, move |result| {
            flash.set(Some(match result {
                Ok(events) => outcome(events),
                Err(error) => Flash::Refused(error.to_string()),
            }))
        });
    }

    /// What a button does: run `command` as `actor`, then say `done`.
    pub fn on_click(
        &self,
        actor: &Id,
        command: Command,
        done: impl Into<String>,
    ) -> Callback<MouseEvent> {
        let (runner, actor, done) = (self.clone(), actor.clone(), done.into());
        Callback::from(move |_: MouseEvent| {
            let done = done.clone();
            runner.run(&actor, command.clone(), move |_| html! { { done } });
        })
    }

    /// Runs other work (an import, a chain of commands) in the background and shows the flash
    /// it ends with, if any.
    pub fn spawn(&self, work: impl Future<Output = Option<Flash>> + 'static) {
        let flash = self.flash.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(outcome) = work.await {
                flash.set(Some(outcome));
            }
        });
    }

    pub fn show(&self, outcome: Flash) {
        self.flash.set(Some(outcome));
    }

    pub fn clear(&self) {
        self.flash.set(None);
    }

    pub fn refuse(&self, why: impl Into<String>) {
        self.show(Flash::Refused(why.into()));
    }

    pub fn playground(&self) -> &PlaygroundContext {
        &self.playground
    }

    /// The last outcome, where the screen shows it.
    pub fn flash(&self) -> Html {
        html! { <FlashMessage flash={(*self.flash).clone()} /> }
    }
}

/// A runner for one screen; its flash lasts as long as the screen.
#[hook]
pub fn use_command() -> CommandRunner {
    let playground = use_playground();
    let flash = use_state(|| None::<Flash>);
    CommandRunner { playground, flash }
}
