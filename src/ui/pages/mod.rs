//! One file per screen.

pub mod bridge;
pub mod bridges;
pub mod console;
pub mod dashboard;
pub mod demo;
pub mod events;
pub mod home;
pub mod inquiries;
pub mod inquiry;
pub mod not_found;
pub mod organizations;
pub mod redeem;
pub mod sandbox;
pub mod share_token;
pub mod share_tokens;
pub mod webhooks;
pub mod workflows;

use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A screen of one organization; the route parsed its id.
#[derive(Properties, PartialEq)]
pub struct OrgProps {
    pub org: Id,
    /// Shown inside a demo pane: the screen stays where it is instead of opening another.
    #[prop_or_default]
    pub in_pane: bool,
}

/// A screen of one object an organization can see.
#[derive(Properties, PartialEq)]
pub struct ObjectProps {
    pub org: Id,
    /// As the URL gave it, for the "not found" message.
    pub id: String,
}

/// What a form control starts with: a checkbox's tick or a text field's value.
#[derive(Clone, PartialEq)]
pub(crate) enum Initial {
    Checked(bool),
    Value(String),
}

/// Gives the controls of a form (found by CSS selector inside the form `NodeRef` returned) their
/// starting values when it mounts and when `key` changes (another person picked, another
/// workflow opened), and at no other time: a checkbox rendered with `checked=` would be ticked
/// again by every re-render (a clock tick, a change in another tab), undoing what the user
/// changed and has not yet submitted.
#[hook]
pub(crate) fn use_initial<K: PartialEq + Clone + 'static>(
    key: K,
    values: Vec<(String, Initial)>,
) -> NodeRef {
    let form = use_node_ref();
    {
        let form = form.clone();
        use_effect_with(key, move |_| {
            let Some(form) = form.cast::<web_sys::Element>() else {
                return;
            };
            for (selector, initial) in values {
                let Some(input) = form
                    .query_selector(&selector)
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                else {
                    continue;
                };
                match initial {
                    Initial::Checked(on) => input.set_checked(on),
                    Initial::Value(text) => input.set_value(&text),
                }
            }
        });
    }
    form
}

/// Puts `prefill` (from the URL) into an uncontrolled input when it changes, so re-renders
/// never wipe what the user typed.
#[hook]
pub(crate) fn use_prefill(prefill: String) -> NodeRef {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(prefill, move |prefill| {
            if let Some(element) = input.cast::<web_sys::HtmlInputElement>() {
                if !prefill.is_empty() {
                    element.set_value(prefill);
                }
            }
        });
    }
    input
}

/// An id typed into a form field: ids are made in lower case, so one typed or pasted in capitals
/// (`INQ_9F…`, which the inquiry picker matches too) is read in lower case. Anything that is not
/// shaped like an id (`prefix_` and letters, digits, `_`) stays as typed, for the rule to name.
pub(crate) fn typed_id(root: &web_sys::Element, selector: &str) -> String {
    let text = value_of(root, selector);
    let trimmed = text.trim();
    let id_shaped = trimmed.split_once('_').is_some_and(|(prefix, rest)| {
        !prefix.is_empty()
            && prefix.bytes().all(|b| b.is_ascii_alphabetic())
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    if id_shaped {
        trimmed.to_ascii_lowercase()
    } else {
        text
    }
}

/// The current value of a form control found by CSS selector inside `root`.
pub(crate) fn value_of(root: &web_sys::Element, selector: &str) -> String {
    let Ok(Some(element)) = root.query_selector(selector) else {
        return String::new();
    };
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// Whether the checkbox found by `selector` inside `root` is checked.
pub(crate) fn checked(root: &web_sys::Element, selector: &str) -> bool {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

/// The form that sent a submit event.
pub(crate) fn form_of(event: &yew::SubmitEvent) -> Option<web_sys::Element> {
    event.prevent_default();
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}
