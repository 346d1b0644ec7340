//! The outcome of the last action on a screen: what happened, or which rule refused it.

use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub enum Flash {
    Done(Html),
    Refused(String),
}

pub fn show(flash: &Option<Flash>) -> Html {
    match flash {
        None => html! {},
        Some(Flash::Done(message)) => {
            html! { <div class="flash ok" role="status">{ message.clone() }</div> }
        }
        Some(Flash::Refused(message)) => {
            html! { <div class="flash error" role="alert">{ message }</div> }
        }
    }
}
