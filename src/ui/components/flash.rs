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

/// The one rendering of a flash; nothing when there is none. A new flash scrolls into view
/// (as little as it takes): a refusal shown above a form the user scrolled down to, in a page
/// or a demo pane, would otherwise look like nothing happened.
#[function_component(FlashMessage)]
pub fn flash_message(props: &FlashProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.flash.clone(), move |flash| {
            if let (Some(_), Some(element)) = (flash, node.cast::<web_sys::Element>()) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    match &props.flash {
        None => html! {},
        Some(Flash::Done(message)) => {
            html! { <div class="flash ok" role="status" ref={node}>{ message.clone() }</div> }
        }
        Some(Flash::Refused(message)) => {
            html! { <div class="flash error" role="alert" ref={node}>{ with_code(message) }</div> }
        }
    }
}

/// A rule's message with its `quoted` names (ids, attributes, values) set as code, as the
/// docs write them, instead of showing the backticks. An odd count leaves the text as it is.
fn with_code(message: &str) -> Html {
    if message.matches('`').count() % 2 == 1 {
        return html! { message };
    }
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            1 => html! { <code>{ part }</code> },
            _ => html! { part },
        })
        .collect()
}
