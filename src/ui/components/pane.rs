//! A demo pane around the real screens. Both panes may show the same screen at once, so inside
//! a pane every element id a screen gives carries the pane's prefix (ids stay unique on the
//! page, and a `<label for>` or a test finds the right one), and a link to an object opens it
//! in the pane instead of leaving the split view. Outside a pane nothing changes.

use crate::ui::Route;
use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

/// What a demo pane tells the screens inside it.
#[derive(Clone, PartialEq)]
pub struct PaneScope {
    /// Put before every id a screen renders in this pane, e.g. `left-`.
    pub prefix: &'static str,
    /// Shows `route` (with its query string, if any) in this pane.
    pub open: Callback<(Route, Option<String>)>,
    /// The Redeem form in this pane now holds this share token id, typed or pasted by hand:
    /// the guide counts it as handed over, as when "Do it for me" pastes it.
    pub holds_token: Callback<Id>,
}

/// The pane the calling screen is shown in, if any.
#[hook]
pub fn use_pane() -> Option<PaneScope> {
    use_context::<PaneScope>()
}

/// `id` as the element must carry it where `pane` shows it.
pub fn scoped(pane: Option<&PaneScope>, id: &str) -> AttrValue {
    match pane {
        Some(pane) => AttrValue::from(format!("{}{id}", pane.prefix)),
        None => AttrValue::from(id.to_string()),
    }
}

/// An element id of the calling screen, scoped to the pane it is shown in.
#[hook]
pub fn use_scoped_id(id: &'static str) -> AttrValue {
    scoped(use_pane().as_ref(), id)
}

/// Brings the element `id` (scoped to the pane) into view whenever `opened` becomes another
/// `Some`: details a click opens below a long list (an event's JSON, a run, a delivery) would
/// otherwise open out of sight and look like nothing happened. Focus moves there too, so a
/// keyboard user is where the details are and a screen reader reads them.
#[hook]
pub fn use_reveal<K: PartialEq + Clone + 'static>(opened: Option<K>, id: &'static str) {
    let id = use_scoped_id(id);
    use_effect_with(opened, move |opened| {
        if opened.is_some() {
            if let Some(element) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
            {
                element.scroll_into_view();
                if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
                    if !element.has_attribute("tabindex") {
                        let _ = element.set_attribute("tabindex", "-1");
                    }
                    let _ = element.focus();
                }
            }
        }
    });
}

/// A link's query, pairs in the order they are written. Every link with a query uses this one
/// type: each type of query compiles another copy of yew-router's `Link` component.
pub type QueryPairs = Vec<(String, String)>;

#[derive(Properties, PartialEq)]
pub struct ScreenLinkProps {
    pub to: Route,
    /// Pairs for the URL's query, e.g. `("token", "cnst_…")`.
    #[prop_or_default]
    pub query: Vec<(&'static str, String)>,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a screen: the full screen outside demo mode, the same screen in its pane inside.
#[function_component(ScreenLink)]
pub fn screen_link(props: &ScreenLinkProps) -> Html {
    let pane = use_pane();
    let navigator = use_navigator();
    let Some(pane) = pane else {
        let query = (!props.query.is_empty()).then(|| {
            props
                .query
                .iter()
                .map(|(key, value)| (key.to_string(), value.clone()))
                .collect()
        });
        return html! {
            <Link<Route, QueryPairs> to={props.to.clone()} {query} classes={props.classes.clone()}>
                { props.children.clone() }
            </Link<Route, QueryPairs>>
        };
    };
    let basename = navigator
        .as_ref()
        .and_then(|n| n.basename().map(str::to_string))
        .unwrap_or_default();
    let search = (!props.query.is_empty()).then(|| {
        props
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
            .collect::<Vec<_>>()
            .join("&")
    });
    // The href stays the full screen's, so "open in a new tab" still works.
    let href = match &search {
        Some(search) => format!("{basename}{}?{search}", props.to.to_path()),
        None => format!("{basename}{}", props.to.to_path()),
    };
    let onclick = {
        let (to, open) = (props.to.clone(), pane.open.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.emit((to.clone(), search.clone()));
        })
    };
    html! { <a {href} {onclick} class={props.classes.clone()}>{ props.children.clone() }</a> }
}

#[derive(Properties, PartialEq)]
pub struct BackToProps {
    /// The name of the list the page belongs to ([`Route::section`]).
    pub label: AttrValue,
}

/// "← Inquiries" above an object's page, back to its list. A demo pane has its own Back
/// button, so there it is nothing.
#[function_component(BackTo)]
pub fn back_to(props: &BackToProps) -> Html {
    let (route, pane) = (use_route::<Route>(), use_pane());
    let Some(to) = route.filter(|_| pane.is_none()).map(|r| r.section()) else {
        return Html::default();
    };
    // Back to the page and filters the list showed, not to its first page.
    let query = Some(super::list::last_query_of(&to))
        .filter(|q| !q.is_empty())
        .map(|q| q.into_iter().collect());
    html! {
        <p class="back-to">
            <Link<Route, QueryPairs> to={to} {query}>{ format!("← {}", props.label) }</Link<Route, QueryPairs>>
        </p>
    }
}
