//! The one state provider: the playground shared by every screen, re-rendered after each change.
//!
//! A command runs synchronously through [`PlaygroundContext::execute`], so the form that sent
//! it gets the rule's error or the new object at once; the revision counter then re-renders
//! every screen from the saved state.

use crate::store::{ActionError, Playground};
use connect::api::{ApiRequest, ApiResponse};
use connect::{Command, Event, Id};
use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

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
    /// Runs `command` as `actor`, then re-renders. Nothing changed when it returns an error.
    pub fn execute(&self, actor: &Id, command: Command) -> Result<Vec<Event>, ActionError> {
        let result = self.store.borrow_mut().execute(actor, command);
        self.refresh.emit(());
        result
    }

    /// Serves a simulated API call (the console), then re-renders.
    pub fn call_api(&self, request: &ApiRequest) -> ApiResponse {
        let response = self.store.borrow_mut().call_api(request);
        self.refresh.emit(());
        response
    }

    /// Reads the playground.
    pub fn read<R>(&self, f: impl FnOnce(&Playground) -> R) -> R {
        f(&self.store.borrow())
    }

    /// Changes the playground outside a command (the storage banner's choices).
    pub fn update<R>(&self, f: impl FnOnce(&mut Playground) -> R) -> R {
        let result = f(&mut self.store.borrow_mut());
        self.refresh.emit(());
        result
    }
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
                    if store.borrow_mut().expire_due() {
                        refresh.emit(());
                    }
                })
            };
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let key = js_sys::Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    if key.as_deref() == Some(crate::store::STORAGE_KEY)
                        && store.borrow_mut().refresh_from_storage()
                    {
                        refresh.emit(());
                    }
                })
            });
            move || {
                drop(ticker);
                drop(listener);
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
