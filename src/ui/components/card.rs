//! The markup every screen repeats: a card, a list table, the line that stands in for an empty
//! one, the "not found" card, and an id that links to its object.

use super::pane::{scoped, use_pane, ScreenLink};
use crate::ui::Route;
use std::fmt::Display;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Classes besides `card`.
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Card)]
pub fn card(props: &CardProps) -> Html {
    let pane = use_pane();
    let id = props.id.as_ref().map(|id| scoped(pane.as_ref(), id));
    html! {
        <section class={classes!("card", props.class.clone())} {id}>
            if let Some(title) = &props.title {
                <h2>{ title.clone() }</h2>
            }
            { props.children.clone() }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    /// Makes the table a card of its own, under this heading.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Classes besides `list`.
    #[prop_or_default]
    pub class: Classes,
    /// Column headings; none leaves out the head row.
    #[prop_or_default]
    pub headers: Vec<&'static str>,
    /// Said instead of the table when there are no rows; without it an empty table shows.
    #[prop_or_default]
    pub empty: Option<AttrValue>,
    /// One `<tr>` each, keyed.
    pub rows: Vec<Html>,
}

#[function_component(Table)]
pub fn table(props: &TableProps) -> Html {
    let pane = use_pane();
    let id = props.id.as_ref().map(|id| scoped(pane.as_ref(), id));
    match &props.title {
        Some(title) => html! { <Card title={title.clone()}>{ table_or_empty(props, id) }</Card> },
        None => table_or_empty(props, id),
    }
}

fn table_or_empty(props: &TableProps, id: Option<AttrValue>) -> Html {
    if let (true, Some(empty)) = (props.rows.is_empty(), &props.empty) {
        return html! { <Empty text={empty.clone()} /> };
    }
    html! {
        <table class={classes!("list", props.class.clone())} {id}>
            if !props.headers.is_empty() {
                <thead><tr>{ for props.headers.iter().map(|h| html! { <th>{ *h }</th> }) }</tr></thead>
            }
            <tbody>{ for props.rows.iter().cloned() }</tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmptyProps {
    pub text: AttrValue,
}

/// What stands in for a list with nothing in it.
#[function_component(Empty)]
pub fn empty(props: &EmptyProps) -> Html {
    html! { <p class="muted">{ props.text.clone() }</p> }
}

#[derive(Properties, PartialEq)]
pub struct MissingProps {
    pub title: AttrValue,
    pub message: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

/// An object this organization cannot see, or that does not exist: the two look the same.
#[function_component(Missing)]
pub fn missing(props: &MissingProps) -> Html {
    html! {
        <section class="card">
            <h1>{ props.title.clone() }</h1>
            <p>{ props.message.clone() }</p>
            { props.children.clone() }
        </section>
    }
}

/// An object's id, linking to its screen (inside a demo pane, to the object in the pane).
pub fn id_link(to: Route, id: impl Display) -> Html {
    html! { <ScreenLink {to}><code>{ id.to_string() }</code></ScreenLink> }
}
