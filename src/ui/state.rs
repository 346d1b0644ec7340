//! The one state provider: the playground shared by every screen, re-rendered after each change.
//!
//! A command runs synchronously through [`PlaygroundContext::execute`], so the form that sent
//! it gets the rule's error or the new object at once; the revision counter then re-renders
//! every screen from the saved state.

use crate::store::{locks, sync, ActionError, Behind, LostSave, Persistence, Playground, PREFIX};
use connect::api::{ApiRequest, ApiResponse};
use connect::{Command, Event, Id, RandomIds, Timestamp, World};
use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long a tab waits for another tab's last save to reach its local storage before it
/// refuses the action (docs/rules.md, Bounds).
pub const CATCH_UP_MS: u32 = 2_000;

/// How long a tab that has just loaded waits, holding the lock, for local storage to show the
/// revision IndexedDB says was saved, before it judges that save lost (see
/// [`recover_lost_save`]).
pub const LOST_AFTER_MS: u32 = 3_000;

/// How often a delivery's outcome is offered to the lock before it is given up (each try
/// waits up to [`CATCH_UP_MS`]).
const RECORD_TRIES: usize = 3;

#[derive(Clone)]
pub struct PlaygroundContext {
    store: Rc<RefCell<Playground>>,
    revision: u64,
    refresh: Callback<()>,
}

impl PartialEq for PlaygroundContext {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && Rc::ptr_eq(&self.store, &other.store)
    }
}

impl PlaygroundContext {
    /// Runs `change` on the playground (see [`locked`]), then re-renders. `Behind` means it
    /// did not run.
    pub async fn locked<R: 'static>(
        &self,
        change: impl FnOnce(&mut Playground) -> R + 'static,
    ) -> Result<R, Behind> {
        let result = locked(self.store.clone(), change).await;
        self.refresh.emit(());
        send_deliveries(self.store.clone(), self.refresh.clone());
        result
    }

    /// Runs `command` as `actor` (see `locked`). Nothing changed when it returns an error.
    pub async fn execute(&self, actor: &Id, command: Command) -> Result<Vec<Event>, ActionError> {
        let actor = actor.clone();
        match self.locked(move |p| p.execute(&actor, command)).await {
            Ok(outcome) => outcome,
            Err(behind) => Err(ActionError::Behind(behind)),
        }
    }

    /// Runs `execute` in the background and hands its result to `done`: what a button does.
    pub fn run(
        &self,
        actor: &Id,
        command: Command,
        done: impl FnOnce(Result<Vec<Event>, ActionError>) + 'static,
    ) {
        self.run_dyn(actor, command, Box::new(done));
    }

    /// `run`'s body, compiled once rather than once per caller's `done`.
    fn run_dyn(
        &self,
        actor: &Id,
        command: Command,
        done: Box<dyn FnOnce(Result<Vec<Event>, ActionError>)>,
    ) {
        let (context, actor) = (self.clone(), actor.clone());
        wasm_bindgen_futures::spawn_local(async move {
            done(context.execute(&actor, command).await);
        });
    }

    /// Serves a simulated API call (the console) under the same lock as every action.
    pub async fn call_api(&self, request: ApiRequest) -> ApiResponse {
        match self.locked(move |p| p.call_api(&request)).await {
            Ok(response) => response,
            Err(behind) => connect::api::not_caught_up(&behind.to_string(), &mut RandomIds),
        }
    }

    /// Counts the changes this tab has seen: what derived lists are memoized by.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Reads the playground.
    pub fn read<R>(&self, f: impl FnOnce(&Playground) -> R) -> R {
        f(&self.store.borrow())
    }

    /// Reads the world at the playground clock's time: where every screen gets it from.
    pub fn world<R>(&self, f: impl FnOnce(&World, Timestamp) -> R) -> R {
        self.read(|p| f(&p.world, p.now()))
    }
}

/// POSTs the webhook deliveries the last action made, each in the background, and records what
/// came of it under the lock. The action was saved before this starts, so a slow or failing
/// receiver never holds it up or undoes it.
fn send_deliveries(store: Rc<RefCell<Playground>>, refresh: Callback<()>) {
    let outbox = store.borrow_mut().take_outbox();
    for delivery in outbox {
        let (store, refresh) = (store.clone(), refresh.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = crate::store::deliver::post(&delivery).await;
            for _ in 0..RECORD_TRIES {
                let (id, outcome) = (delivery.id.clone(), outcome.clone());
                if locked(store.clone(), move |p| p.record_delivery(&id, outcome))
                    .await
                    .is_ok()
                {
                    break;
                }
            }
            refresh.emit(());
        });
    }
}

/// Runs `change` on the playground while holding the lock every tab shares, once this tab has
/// caught up with every tab's last save, and records the new revision for the other tabs and
/// tells them. When local storage has not caught up within [`CATCH_UP_MS`], `change` does not
/// run: applied to stale data, it would undo the other tab's save.
async fn locked<R: 'static>(
    store: Rc<RefCell<Playground>>,
    change: impl FnOnce(&mut Playground) -> R + 'static,
) -> Result<R, Behind> {
    // The work under the lock is compiled once (`locked_dyn`), not once per caller's `R`
    // and closure: that async code is large, and there are about ten callers.
    let out = Rc::new(RefCell::new(None));
    let slot = out.clone();
    locked_dyn(
        store,
        Box::new(move |p| *slot.borrow_mut() = Some(change(p))),
    )
    .await?;
    let result = out.borrow_mut().take();
    result.ok_or(Behind)
}

async fn locked_dyn(
    store: Rc<RefCell<Playground>>,
    change: Box<dyn FnOnce(&mut Playground)>,
) -> Result<(), Behind> {
    locks::exclusive(move || async move {
        if let Some((lineage, committed)) = sync::committed().await {
            // Local storage reaches this tab a little after another tab wrote it. A committed
            // revision of another lineage (storage was cleared since) says nothing about it.
            let caught_up = sync::wait_until(
                || {
                    Playground::stored_revision().is_none_or(|(seen_lineage, seen)| {
                        seen_lineage != lineage || seen >= committed
                    })
                },
                CATCH_UP_MS,
            )
            .await;
            if !caught_up {
                return Err(Behind);
            }
        }
        let saved = |p: &Playground| (p.lineage().to_string(), p.revision());
        // Holding the lock, caught up: no save is half-way through.
        store.borrow_mut().settle();
        let before = saved(&store.borrow());
        change(&mut store.borrow_mut());
        let (lineage, after) = saved(&store.borrow());
        if (lineage.as_str(), after) != (before.0.as_str(), before.1) {
            sync::commit(&lineage, after).await;
            sync::announce(&lineage, after);
        }
        Ok(())
    })
    .await
}

/// At load, finds a save that IndexedDB recorded but local storage lost: the browser made the
/// IndexedDB transaction durable, then ended (a crash, a killed process) before it wrote local
/// storage to disk. Every action would wait for that revision (see [`locked`]) and be refused,
/// on every reload. Holding the lock, no tab is half-way through a save, so a revision still
/// missing after [`LOST_AFTER_MS`] (another tab's save reaches local storage within
/// milliseconds) is lost: the revision local storage holds is recorded as the committed one,
/// actions work again, and the user is told what was lost.
///
/// It asks for the lock before anything else of the tab does (it starts at mount, the first
/// screen's catch-up only after the first paint): otherwise that catch-up would first wait
/// [`CATCH_UP_MS`] for the lost revision, and be refused.
async fn recover_lost_save(store: Rc<RefCell<Playground>>, refresh: Callback<()>) {
    fn behind(lineage: &str, recorded: u64) -> bool {
        Playground::stored_revision()
            .is_some_and(|(seen_lineage, seen)| seen_lineage == lineage && seen < recorded)
    }
    let started_empty = store.borrow().started_empty;
    let found = locks::exclusive(move || async move {
        let (lineage, recorded) = sync::committed().await?;
        // This tab found local storage empty and seeded a new playground (a new lineage),
        // while IndexedDB still records a save of the old one: that playground is gone.
        if started_empty {
            let (now, kept) = Playground::stored_revision()?;
            if now == lineage {
                return None;
            }
            sync::commit(&now, kept).await;
            return Some(LostSave {
                kept,
                recorded,
                whole: true,
            });
        }
        if sync::wait_until(|| !behind(&lineage, recorded), LOST_AFTER_MS).await {
            return None;
        }
        let (lineage, kept) = Playground::stored_revision()?;
        sync::commit(&lineage, kept).await;
        Some(LostSave {
            kept,
            recorded,
            whole: false,
        })
    })
    .await;
    if let Some(lost) = found {
        store.borrow_mut().lost_save = Some(lost);
        refresh.emit(());
    }
}

/// Runs `then` after the browser has painted what is rendered now: in a task queued from the
/// next animation frame's callback (which runs just before that paint). At once if there is no
/// window. If the browser refuses the frame, `then` does not run: what it settles is settled
/// by the next change, which takes the lock.
pub fn after_paint(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return then();
    };
    let frame = Closure::once_into_js(move || Timeout::new(0, then).forget());
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// Catches up with another tab's save in the background, under the lock, and re-renders if
/// anything changed. A request that comes while one runs makes it run once more after.
fn catch_up_later(store: Rc<RefCell<Playground>>, refresh: Callback<()>, running: Rc<Cell<u8>>) {
    const IDLE: u8 = 0;
    const RUNNING: u8 = 1;
    const AGAIN: u8 = 2;
    if running.get() != IDLE {
        running.set(AGAIN);
        return;
    }
    running.set(RUNNING);
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let settled_before = !store.borrow().unsettled();
            let shown = |p: &Playground| (p.persistence == Persistence::Saved, p.revision());
            let shown_before = shown(&store.borrow());
            let changed = locked(store.clone(), |p| p.refresh_from_storage()).await;
            // Settling may have found a damaged event chunk (and stopped saving, or read
            // storage again).
            if changed == Ok(true)
                || (!settled_before && !store.borrow().unsettled())
                || shown(&store.borrow()) != shown_before
            {
                refresh.emit(());
                send_deliveries(store.clone(), refresh.clone());
            }
            if running.get() == AGAIN {
                running.set(RUNNING);
            } else {
                running.set(IDLE);
                break;
            }
        }
        // Another tab's save was read with its event chunks left for later: read them once
        // this screen is painted, rather than in the next change.
        if store.borrow().events_unchecked() {
            after_paint(move || catch_up_later(store, refresh, running));
        }
    });
}

/// The playground shared by the screens below this provider.
#[hook]
pub fn use_playground() -> PlaygroundContext {
    match use_context::<PlaygroundContext>() {
        Some(context) => context,
        None => {
            // Only a programming error (a page mounted outside the provider) gets here.
            panic!("use_playground needs a PlaygroundProvider above it")
        }
    }
}

/// Counts changes; a new value re-renders every consumer. A reducer (not a plain state) so that
/// callbacks made at mount time still count up from the current value.
#[derive(Default, PartialEq)]
struct Revision(u64);

impl Reducible for Revision {
    type Action = ();

    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Revision(self.0.wrapping_add(1)))
    }
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    pub children: Html,
}

#[function_component(PlaygroundProvider)]
pub fn playground_provider(props: &ProviderProps) -> Html {
    let store = use_mut_ref(Playground::load);
    let revision = use_reducer(Revision::default);
    let refresh = {
        let bump = revision.dispatcher();
        Callback::from(move |_| bump.dispatch(()))
    };

    {
        // Tokens expire when the playground clock passes them, with no user action; other tabs'
        // changes show up here as soon as the browser reports them.
        let (store, refresh) = (store.clone(), refresh.clone());
        use_effect_with((), move |_| {
            let ticker = {
                let (store, refresh) = (store.clone(), refresh.clone());
                Interval::new(1_000, move || {
                    let (store, refresh) = (store.clone(), refresh.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        // Only take the lock every tab shares when there is something to record.
                        let due = store.borrow().world.has_due(store.borrow().now());
                        if due && locked(store.clone(), |p| p.expire_due()).await == Ok(true) {
                            refresh.emit(());
                            send_deliveries(store, refresh);
                        }
                    });
                })
            };
            {
                let (store, refresh) = (store.clone(), refresh.clone());
                wasm_bindgen_futures::spawn_local(recover_lost_save(store, refresh));
            }
            let running = Rc::new(Cell::new(0));
            // Storage that looked unreadable at load is judged under the lock, and the event
            // log's stored chunks are read, as soon as the first screen is painted.
            if store.borrow().unsettled() || store.borrow().events_unchecked() {
                let (store, refresh, running) = (store.clone(), refresh.clone(), running.clone());
                after_paint(move || catch_up_later(store, refresh, running));
            }
            let listener = web_sys::window().map(|window| {
                let (store, refresh, running) = (store.clone(), refresh.clone(), running.clone());
                EventListener::new(&window, "storage", move |event| {
                    let key = js_sys::Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    // Every save writes `meta` last; `None` means another tab cleared storage.
                    let ours = match key.as_deref() {
                        Some(key) => key == format!("{PREFIX}meta"),
                        None => true,
                    };
                    if ours {
                        catch_up_later(store.clone(), refresh.clone(), running.clone());
                    }
                })
            });
            let announcements = sync::listen(move |saved| {
                let known = store.borrow().lineage() == saved.lineage
                    && store.borrow().revision() == saved.revision;
                if !known {
                    catch_up_later(store.clone(), refresh.clone(), running.clone());
                }
            });
            move || {
                drop(ticker);
                drop(listener);
                drop(announcements);
            }
        });
    }

    let context = PlaygroundContext {
        store,
        revision: revision.0,
        refresh,
    };
    html! {
        <ContextProvider<PlaygroundContext> {context}>
            { props.children.clone() }
        </ContextProvider<PlaygroundContext>>
    }
}
