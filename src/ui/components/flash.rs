//! The outcome of the last action on a screen: what happened, or which rule refused it.

use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub enum Flash {
    Done(Html),
    Refused(String),
}

#[derive(Properties, PartialEq)]
pub struct FlashProps {
    pub flash: Option<Flash>,
}

/// The one rendering of a flash; nothing when there is none.
#[function_component(FlashMessage)]
pub fn flash_message(props: &FlashProps) -> Html {
    match &props.flash {
        None => html! {},
        Some(Flash::Done(message)) => {
            html! { <div class="flash ok" role="status">{ message.clone() }</div> }
        }
        Some(Flash::Refused(message)) => {
            html! { <div class="flash error" role="alert">{ message }</div> }
        }
    }
}
