//! Where keyboard focus goes when the page takes away the control that had it, and what Escape
//! closes. One keeper for the whole app, so no screen has to remember it:
//!
//! - A pressed button that disappears (Activate becomes Deactivate, a deleted row, a confirmed
//!   dialog, a screen the app opens after a command) or becomes disabled (the last page's
//!   "Older →", "Back to real time") would leave focus on the page's `<body>`: a keyboard user
//!   starts again at the top, and a screen reader says nothing. Focus goes instead to the first
//!   control of the nearest part of the page that is still there (the row, the card, the pager),
//!   to a confirmation that opened there, or to the screen's heading when the whole screen
//!   changed; in demo mode, after "Do it for me", to the next step's "Do it for me".
//! - Escape closes the open menu focus is in ("Move clock"), or cancels the confirmation focus is
//!   in (its `[data-action=cancel]` button); the clock's menu also closes when focus leaves it,
//!   so it never hides the control that has focus.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// What a keyboard user can land on, in document order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary";
/// The steps of demo mode's guide that a "Do it for me" hands focus on to.
const NEXT_DO_IT: [&str; 2] = [
    ".do-it-here:not([hidden])",
    ".guide-step[data-progress=current] [data-action=do-it]",
];

/// Keeps focus in the page while it lives (see the module's description); dropping it removes
/// its listeners.
pub struct FocusKeeper {
    observer: web_sys::MutationObserver,
    _on_change: Closure<dyn FnMut()>,
    _focusin: EventListener,
    _pointerdown: EventListener,
    /// The check waiting to run, cancelled with the keeper.
    _timer: Rc<RefCell<Option<Timeout>>>,
    _keydown: EventListener,
}

impl Drop for FocusKeeper {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Starts keeping focus in `document`; `None` when the browser has no body or refuses.
pub fn keep(document: &Document) -> Option<FocusKeeper> {
    let body = document.body()?;
    // The element that has focus and its ancestors, innermost first, as they were when it got
    // focus: once it is taken out of the page, its own parent is gone.
    let focused: Rc<RefCell<Vec<Element>>> = Rc::default();

    let focusin = {
        let (focused, here) = (focused.clone(), document.clone());
        EventListener::new(document.as_ref(), "focusin", move |event| {
            let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            close_menus_without(&here, &target);
            let mut chain = Vec::new();
            let mut at = Some(target);
            while let Some(element) = at {
                at = element.parent_element();
                chain.push(element);
            }
            if let Ok(mut focused) = focused.try_borrow_mut() {
                *focused = chain;
            }
        })
    };

    // Focus the user moved with a pointer (a click on the page's background included) is
    // theirs: nothing is given back to the element it left.
    let pointerdown = {
        let focused = focused.clone();
        EventListener::new(document.as_ref(), "pointerdown", move |_| {
            if let Ok(mut focused) = focused.try_borrow_mut() {
                focused.clear();
            }
        })
    };

    let keydown = {
        let here = document.clone();
        // Not passive: it may prevent the default (a passive listener's call would only log
        // an error in the console).
        let options = gloo_events::EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(document.as_ref(), "keydown", options, move |event| {
            let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            // A control that handled its own Escape (the inquiry picker's list) keeps it.
            if event.key() == "Escape"
                && !event.default_prevented()
                && !event.is_composing()
                && escape(&here)
            {
                event.prevent_default();
            }
        })
    };

    // The check waits for the browser's focus change to finish: a change of the page made
    // while focus moves (a list closing as its field loses focus to Tab) would otherwise see
    // focus on the body for a moment, between the blur and the next element's focus, and pull
    // it back into a trap. One check at a time, however many changes came before it.
    let (pending, timer): (Rc<Cell<bool>>, Rc<RefCell<Option<Timeout>>>) = Default::default();
    let on_change = {
        let (document, timer) = (document.clone(), timer.clone());
        Closure::<dyn FnMut()>::new(move || {
            if pending.replace(true) {
                return;
            }
            let (document, focused, pending) = (document.clone(), focused.clone(), pending.clone());
            let check = Timeout::new(0, move || {
                pending.set(false);
                // A copy: focusing the rescue target runs `focusin`, which records the new
                // chain.
                let chain = focused.try_borrow().map(|c| c.clone()).unwrap_or_default();
                rescue(&document, &chain);
            });
            // The one it replaces has run already.
            if let Ok(mut slot) = timer.try_borrow_mut() {
                *slot = Some(check);
            }
        })
    };
    let observer = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()).ok()?;
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    options.set_attributes(true);
    options.set_attribute_filter(&js_sys::Array::of2(
        &JsValue::from_str("disabled"),
        &JsValue::from_str("hidden"),
    ));
    observer.observe_with_options(&body, &options).ok()?;
    Some(FocusKeeper {
        observer,
        _on_change: on_change,
        _focusin: focusin,
        _pointerdown: pointerdown,
        _timer: timer,
        _keydown: keydown,
    })
}

/// After the page changed: when focus fell to the body because its element left, moves it to
/// where the user was (see the module's description).
fn rescue(document: &Document, chain: &[Element]) {
    let Some(lost) = chain.first() else {
        return;
    };
    // Focus out of the page (the address bar, another window) is the user's: nothing is
    // pulled back in.
    if !document.has_focus().unwrap_or(false) {
        return;
    }
    let on_body = document
        .active_element()
        .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
    if on_body && usable(lost) {
        // Still there, but moved or hidden for a moment (demo mode's "Do it for me" beside
        // its next control): it takes focus back. (A click on the page's background, the
        // user's own choice, forgot it: see `keep`.)
        focus(lost);
        return;
    }
    // A focused button just disabled still has focus until the browser's next rendering step.
    let leaving = document.active_element().as_ref() == Some(lost) && !usable(lost);
    if !on_body && !leaving {
        return;
    }
    if let Some(target) = rescue_target(document, lost, chain) {
        focus(&target);
    }
}

fn rescue_target(document: &Document, lost: &Element, chain: &[Element]) -> Option<Element> {
    if lost
        .matches("[data-action=do-it], .do-it-here")
        .unwrap_or(false)
    {
        // The next one where the pressed one was first: from the guide's list to the guide's,
        // so the page does not scroll away from the picture the audience is watching to the
        // button beside the pane's control (and from that one to the pane's next).
        let mut order = NEXT_DO_IT;
        if !lost.matches(".do-it-here").unwrap_or(false) {
            order.reverse();
        }
        let next = order
            .into_iter()
            .find_map(|selector| visible(document.query_selector(selector).ok().flatten()));
        let guide_goes_on = document
            .query_selector(".guide-step[data-progress=current]")
            .ok()
            .flatten()
            .is_some();
        // While the guide has a step to do, its "Do it for me" is where focus belongs; if it
        // is not drawn yet (its pane still changing), the next change of the page tries again.
        if next.is_some() || guide_goes_on {
            return next;
        }
    }
    let nearest = chain[1..].iter().find(|e| e.is_connected())?;
    // The app itself went (a test unmounting it): nothing to keep.
    if nearest.matches("body").unwrap_or(true) {
        return None;
    }
    // The whole screen changed (a new page opened): its heading, as a page load would read.
    if nearest.matches("main, .pane-body").unwrap_or(false) {
        return nearest
            .query_selector("h1")
            .ok()
            .flatten()
            .or_else(|| Some(nearest.clone()));
    }
    // A confirmation that opened in place of the pressed button: the question, not its
    // destructive answer, so a second Enter erases nothing.
    // (One with a Cancel: a warning styled as a confirmation is not one.)
    if let Some(confirm) = nearest.query_selector_all(".confirm").ok().and_then(|all| {
        (0..all.length())
            .filter_map(|i| all.item(i)?.dyn_into::<Element>().ok())
            .find(|c| {
                c.query_selector("[data-action=cancel]")
                    .ok()
                    .flatten()
                    .is_some()
            })
    }) {
        return Some(confirm);
    }
    chain[1..]
        .iter()
        .filter(|e| e.is_connected())
        .find_map(first_focusable)
        .or_else(|| document.query_selector("main h1").ok().flatten())
}

/// Whether `element` can still hold focus where it is.
fn usable(element: &Element) -> bool {
    element.is_connected()
        && !element.has_attribute("disabled")
        && !element.has_attribute("hidden")
        && element.get_client_rects().length() > 0
}

fn visible(element: Option<Element>) -> Option<Element> {
    element.filter(|e| e.get_client_rects().length() > 0)
}

fn first_focusable(scope: &Element) -> Option<Element> {
    let all = scope.query_selector_all(FOCUSABLE).ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<Element>().ok())
        // HTML only: the picture's SVG links cannot be focused from here.
        .find(|e| e.is_instance_of::<HtmlElement>() && e.get_client_rects().length() > 0)
}

/// Focuses `element`, making it focusable from script first when it is not (a heading, a
/// confirmation's box).
fn focus(element: &Element) {
    let Some(element) = element.dyn_ref::<HtmlElement>() else {
        return;
    };
    // Only what is not a control of its own (a heading, a confirmation's box): a control
    // disabled for a moment must not lose its place in the Tab order.
    let control = element
        .matches("a, button, input, select, textarea, summary, [tabindex]")
        .unwrap_or(true);
    if !control {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
}

/// Escape: closes the open menu focus is in, else cancels the confirmation focus is in. Whether
/// it did either.
fn escape(document: &Document) -> bool {
    let Some(active) = document.active_element() else {
        return false;
    };
    if let Some(menu) = active.closest("details[open]").ok().flatten() {
        let _ = menu.remove_attribute("open");
        if let Some(summary) = menu.query_selector("summary").ok().flatten() {
            focus(&summary);
        }
        return true;
    }
    let cancel = active
        .closest(".confirm")
        .ok()
        .flatten()
        .and_then(|c| c.query_selector("[data-action=cancel]").ok().flatten())
        .and_then(|b| b.dyn_into::<HtmlElement>().ok());
    match cancel {
        Some(cancel) => {
            cancel.click();
            true
        }
        None => false,
    }
}

/// Closes the header's "Move clock" menu when focus moves out of it: it floats over the page,
/// and would hide the control that now has focus.
fn close_menus_without(document: &Document, target: &Element) {
    let Ok(open) = document.query_selector_all(".clock-menu[open]") else {
        return;
    };
    for menu in (0..open.length()).filter_map(|i| open.item(i)?.dyn_into::<Element>().ok()) {
        if !menu.contains(Some(target)) {
            let _ = menu.remove_attribute("open");
        }
    }
}
