//! The markup every screen repeats: a card, a list table, the line that stands in for an empty
//! one, the "not found" card, and an id that links to its object.

use super::pane::{scoped, use_pane, ScreenLink};
use crate::ui::Route;
use connect::Id;
use std::fmt::Display;
use wasm_bindgen::JsCast;
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
    let node = use_node_ref();
    {
        // On a phone the rows stack and the head row is hidden (styles/main.css): each cell
        // carries its column's name to show beside it, and table roles that keep the
        // structure for screen readers whatever the CSS display.
        let (node, headers) = (node.clone(), props.headers.clone());
        use_effect(move || label_cells(&node, &headers));
    }
    match &props.title {
        Some(title) => {
            html! { <Card title={title.clone()}>{ table_or_empty(props, id, node) }</Card> }
        }
        None => table_or_empty(props, id, node),
    }
}

fn table_or_empty(props: &TableProps, id: Option<AttrValue>, node: NodeRef) -> Html {
    if let (true, Some(text)) = (props.rows.is_empty(), &props.empty) {
        return empty(text.clone());
    }
    html! {
        <table class={classes!("list", props.class.clone())} {id} role="table" ref={node}>
            if !props.headers.is_empty() {
                // A column of buttons has no title on screen; a screen reader still names it
                // ("Controls": the Workflows list has an "Actions" column of its own).
                <thead><tr role="row">{ for props.headers.iter().map(|h| match *h {
                    "" => html! { <th role="columnheader"><span class="visually-hidden">{ "Controls" }</span></th> },
                    h => html! { <th role="columnheader">{ h }</th> },
                }) }</tr></thead>
            }
            <tbody>{ for props.rows.iter().cloned() }</tbody>
        </table>
    }
}

/// Gives each body row `role=row` and each cell `role=cell` and its column's name as
/// `data-label`.
fn label_cells(node: &NodeRef, headers: &[&'static str]) {
    let Some(table) = node.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(rows) = table.query_selector_all(":scope > tbody > tr") else {
        return;
    };
    for r in 0..rows.length() {
        let Some(row) = rows
            .item(r)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let _ = row.set_attribute("role", "row");
        let cells = row.children();
        for c in 0..cells.length() {
            if let Some(cell) = cells.item(c) {
                let _ = cell.set_attribute("role", "cell");
                match headers.get(c as usize).filter(|h| !h.is_empty()) {
                    Some(header) => {
                        let _ = cell.set_attribute("data-label", header);
                    }
                    None => {
                        let _ = cell.remove_attribute("data-label");
                    }
                }
            }
        }
    }
}

/// What stands in for a list with nothing in it. A function, not a component: it holds no
/// state, and each component costs its own copy of yew's lifecycle in the bundle.
pub fn empty(text: impl Into<AttrValue>) -> Html {
    html! { <p class="muted">{ text.into() }</p> }
}

/// An object this organization cannot see, or that does not exist: the two look the same.
/// `more` follows the message (e.g. a link to somewhere that exists).
pub fn missing(title: &str, message: String, more: Html) -> Html {
    html! {
        <section class="card">
            <h1>{ title.to_string() }</h1>
            <p>{ message }</p>
            { more }
        </section>
    }
}

/// An object's id, linking to its screen (inside a demo pane, to the object in the pane).
pub fn id_link(to: Route, id: impl Display) -> Html {
    html! { <ScreenLink {to}><code>{ id.to_string() }</code></ScreenLink> }
}

/// An event's object: a link to its screen when it has one, else its id.
pub fn object_link(org: &Id, id: &Id) -> Html {
    match Route::object(org, id) {
        Some(to) => id_link(to, id),
        None => html! { <code>{ id.to_string() }</code> },
    }
}
