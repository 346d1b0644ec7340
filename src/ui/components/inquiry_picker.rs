//! The inquiry field of a form: a text input (its value is the inquiry id the form sends) with
//! a short list of the newest matching inquiries that can be shared (completed or approved), by
//! id or person, so an id never
//! needs typing and a playground with thousands of inquiries renders ten options, not all.

use crate::ui::components::list::use_derived;
use crate::ui::components::pane::{scoped, use_pane};
use crate::ui::pages::use_prefill;
use crate::ui::view;
use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Options shown at once.
const SHOWN: usize = 10;

/// How far the "more match" hint counts.
const MORE_COUNTED: usize = 100;

#[derive(Properties, PartialEq)]
pub struct InquiryPickerProps {
    pub org: Id,
    /// The input's name in its form.
    pub name: AttrValue,
    pub label: AttrValue,
    /// An id the URL asked for, put into the input.
    #[prop_or_default]
    pub prefill: String,
}

#[function_component(InquiryPicker)]
pub fn inquiry_picker(props: &InquiryPickerProps) -> Html {
    let input = use_prefill(props.prefill.clone());
    let pane = use_pane();
    let typed = use_state(|| props.prefill.clone());
    let open = use_state(|| false);
    let active = use_state(|| None::<usize>);
    let found = {
        let (org, typed) = (props.org.clone(), (*typed).clone());
        use_derived((props.org.clone(), typed.clone()), move |w, _| {
            view::shareable_matches(w, &org, &typed, SHOWN)
        })
    };
    let matches = &found.0;
    // Said up to a hundred: past that, "at least 100" says as much.
    let more = found.1.min(MORE_COUNTED);

    let pick = {
        let (input, typed, open, active) =
            (input.clone(), typed.clone(), open.clone(), active.clone());
        Callback::from(move |id: String| {
            if let Some(element) = input.cast::<web_sys::HtmlInputElement>() {
                element.set_value(&id);
            }
            typed.set(id);
            open.set(false);
            active.set(None);
        })
    };
    let oninput = {
        let (typed, open, active) = (typed.clone(), open.clone(), active.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(element) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                typed.set(element.value());
                open.set(true);
                active.set(None);
            }
        })
    };
    let onfocus = {
        let open = open.clone();
        Callback::from(move |_: FocusEvent| open.set(true))
    };
    let onblur = {
        let (open, active) = (open.clone(), active.clone());
        Callback::from(move |_: FocusEvent| {
            open.set(false);
            active.set(None);
        })
    };
    let onkeydown = {
        let (open, active, pick) = (open.clone(), active.clone(), pick.clone());
        let ids: Vec<String> = matches.iter().map(|c| c.id.to_string()).collect();
        Callback::from(move |e: KeyboardEvent| {
            let last = ids.len().checked_sub(1);
            match e.key().as_str() {
                "ArrowDown" => {
                    e.prevent_default();
                    open.set(true);
                    active.set(match (*active, last) {
                        (_, None) => None,
                        (Some(i), Some(last)) => Some((i + 1).min(last)),
                        (None, Some(_)) => Some(0),
                    });
                }
                "ArrowUp" => {
                    e.prevent_default();
                    active.set(active.and_then(|i| i.checked_sub(1)));
                }
                // Enter submits the form unless an option is highlighted: then it picks it.
                "Enter" => {
                    if let Some(id) = active.and_then(|i| ids.get(i)).filter(|_| *open) {
                        e.prevent_default();
                        pick.emit(id.clone());
                    }
                }
                "Escape" => {
                    open.set(false);
                    active.set(None);
                }
                _ => {}
            }
        })
    };
    // With nothing typed, every shareable inquiry matches: the first is the newest.
    let offered = matches.first().filter(|_| typed.is_empty()).cloned();
    let use_newest = {
        let (pick, id) = (pick.clone(), offered.as_ref().map(|c| c.id.to_string()));
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = &id {
                pick.emit(id.clone());
            }
        })
    };
    let listbox = scoped(pane.as_ref(), &format!("{}-options", props.name)).to_string();
    let option_id = |i: usize| scoped(pane.as_ref(), &format!("{}-option-{i}", props.name));
    // Once the field holds a whole id there is nothing left to choose.
    let chosen = matches
        .iter()
        .any(|c| c.id.as_str().eq_ignore_ascii_case(typed.trim()));
    let expanded = *open && !matches.is_empty() && !chosen;
    // Said under the field once something is typed: why nothing is offered, or that more than
    // ten match. It stays when the field loses focus: a hint that vanished on the mouse-down of
    // a click on the form's button moved the button from under the pointer, and the click
    // missed.
    let hint = match (matches.is_empty(), more) {
        _ if chosen || typed.trim().is_empty() => None,
        (true, _) => Some(format!(
            "No completed or approved inquiry matches “{}”.",
            typed.trim()
        )),
        (false, 0) => None,
        (false, more) => Some(format!(
            "The newest {} shown; {}{more} more match: type more of the name or id.",
            matches.len(),
            if more >= MORE_COUNTED {
                "at least "
            } else {
                ""
            },
        )),
    };
    html! {
        <div class="picker">
            <label>{ props.label.clone() }
                <input name={props.name.clone()} ref={input} placeholder="inq_… or a person's name" autocomplete="off" spellcheck="false"
                    role="combobox" aria-autocomplete="list" aria-controls={listbox.clone()} aria-expanded={expanded.to_string()}
                    aria-activedescendant={active.filter(|_| expanded).map(option_id)}
                    {oninput} {onfocus} {onblur} {onkeydown} />
            </label>
            // Both stay in the DOM, hidden when empty: inserting them next to the form's other
            // fields in the demo's panes tripped Yew's sibling bookkeeping.
            <ul id={listbox} role="listbox" class="options" aria-label="Inquiries that can be shared, newest first" hidden={!expanded}>
                { for matches.iter().enumerate().map(|(i, c)| {
                    let id = c.id.to_string();
                    // On mouse down, before the input's blur closes the list.
                    let onmousedown = {
                        let (pick, id) = (pick.clone(), id.clone());
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            pick.emit(id.clone());
                        })
                    };
                    html! {
                        <li key={id.clone()} id={option_id(i)} role="option" data-id={id.clone()} aria-selected={(*active == Some(i)).to_string()} {onmousedown}>
                            <code>{ id }</code>{ " " }{ c.name.clone() }<span class="small muted">{ format!(" · {}, created {}", c.status, c.created) }</span>
                        </li>
                    }
                }) }
            </ul>
            <p class="small muted picker-hint" role="status" hidden={hint.is_none()}>{ hint.clone().unwrap_or_default() }</p>
            <p class="small muted" hidden={offered.is_none()}>{ format!("Newest {}: ", offered.as_ref().map_or("completed", |c| c.status.as_str())) }
                <button type="button" class="link" data-action="use-newest" onclick={use_newest}>
                    { offered.map(|c| format!("{} ({})", c.name, c.id)).unwrap_or_default() }
                </button>
            </p>
        </div>
    }
}
