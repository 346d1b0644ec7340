//! Lists show one page at a time, newest first, so a screen costs what is on it: the paging
//! helper, the hook that keeps a list's page and filters in the URL query (a page is linkable),
//! the memo that derives a list once per revision, and the "Newer · 21–40 of 20,000 · Older"
//! bar with its filters.

use super::pane::{scoped, use_pane, PaneScope};
use super::show_choice;
use crate::ui::{use_playground, Route};
use connect::{Timestamp, World};
use std::collections::BTreeMap;
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

/// Rows on one page of a list.
pub const PAGE_SIZE: usize = 20;

/// Where one page sits in a list.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct PageInfo {
    /// From 1.
    pub page: usize,
    pub pages: usize,
    /// The index of the page's first row.
    pub first: usize,
    pub shown: usize,
    pub total: usize,
}

impl PageInfo {
    /// Page `page` (from 1; one past the end shows the last) of a list of `total` rows.
    pub fn of(total: usize, page: usize) -> PageInfo {
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = page.clamp(1, pages);
        let first = (page - 1) * PAGE_SIZE;
        PageInfo {
            page,
            pages,
            first,
            shown: total.saturating_sub(first).min(PAGE_SIZE),
            total,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.first..self.first + self.shown
    }
}

pub use crate::store::thousands;

/// `one` for 1, else `many`: the noun after a count.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// A list's page and filters, read from the URL query under the list's prefix (`sent-page=2`).
/// In the demo's split view, whose URL belongs to the demo, each pane keeps them in its own state.
#[derive(Clone, PartialEq)]
pub struct ListQuery {
    prefix: &'static str,
    /// The demo pane the list is shown in, if any: its element ids carry the pane's prefix.
    pane: Option<PaneScope>,
    params: Rc<BTreeMap<String, String>>,
    set: Callback<(Vec<(String, String)>, bool)>,
}

impl ListQuery {
    /// The filter `name`, "" when unset.
    pub fn get(&self, name: &str) -> String {
        self.params
            .get(&format!("{}{name}", self.prefix))
            .cloned()
            .unwrap_or_default()
    }

    /// The page the URL asks for: 1 when it names none or no number; a number too large to
    /// hold is past the end, so it shows the last page like any page past the end.
    pub fn page(&self) -> usize {
        page_number(&self.get("page"))
    }

    /// `id` as an element of this list must carry it (scoped to its demo pane).
    pub fn id(&self, id: &str) -> String {
        scoped(self.pane.as_ref(), id).to_string()
    }

    /// A filter select for the filter `name`; `choices` are (value, label), "" is `all`.
    pub fn select(
        &self,
        label: &str,
        id: &str,
        all: &str,
        choices: &[(String, String)],
        name: &str,
    ) -> Html {
        html! {
            <FilterSelect label={label.to_string()} id={self.id(id)} all={all.to_string()}
                choices={Rc::new(choices.to_vec())} current={self.get(name)} on_change={self.on_filter(name)} />
        }
    }

    /// The search by id, kept as the filter `id`.
    pub fn search(&self, id: &str, placeholder: &str) -> Html {
        id_search(
            &self.id(id),
            placeholder,
            &self.get("id"),
            self.on_filter("id"),
        )
    }

    /// Goes to a page; a new history entry, so Back returns to the page before.
    pub fn on_page(&self) -> Callback<usize> {
        let (set, key) = (self.set.clone(), format!("{}page", self.prefix));
        Callback::from(move |page: usize| {
            let value = if page <= 1 {
                String::new()
            } else {
                page.to_string()
            };
            set.emit((vec![(key.clone(), value)], true));
        })
    }

    /// Sets the filter `name` and starts again at the newest page.
    pub fn on_filter(&self, name: &str) -> Callback<String> {
        let set = self.set.clone();
        let key = format!("{}{name}", self.prefix);
        let page = format!("{}page", self.prefix);
        Callback::from(move |value: String| {
            set.emit((
                vec![(key.clone(), value), (page.clone(), String::new())],
                false,
            ));
        })
    }
}

/// A filter's choices, (value, label), where each label is its value: statuses, event types,
/// origins.
pub fn named_choices<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}

/// A filter's choices from fixed (value, label) pairs.
pub fn labelled_choices(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

/// Changes to a demo pane's list query, applied to the newest one (two quick edits both count).
struct Changes(Vec<(String, String)>);

#[derive(Default, PartialEq)]
struct Own(BTreeMap<String, String>);

impl Reducible for Own {
    type Action = Changes;

    fn reduce(self: Rc<Self>, changes: Changes) -> Rc<Self> {
        let mut next = self.0.clone();
        apply(&mut next, changes.0);
        Rc::new(Own(next))
    }
}

fn apply(params: &mut BTreeMap<String, String>, changes: Vec<(String, String)>) {
    for (key, value) in changes {
        if value.is_empty() {
            params.remove(&key);
        } else {
            params.insert(key, value);
        }
    }
}

fn url_query() -> BTreeMap<String, String> {
    BrowserHistory::new()
        .location()
        .query::<BTreeMap<String, String>>()
        .unwrap_or_default()
}

#[hook]
pub fn use_list_query(prefix: &'static str) -> ListQuery {
    // Subscribes this list to URL changes.
    let location = use_location();
    let navigator = use_navigator();
    let route = use_route::<Route>();
    let own = use_reducer(Own::default);
    let pane = use_pane();
    let in_demo = matches!(route, Some(Route::Demo));
    let params = if in_demo {
        own.0.clone()
    } else {
        location
            .and_then(|l| l.query::<BTreeMap<String, String>>().ok())
            .unwrap_or_default()
    };
    if let (Some(route), false) = (&route, in_demo) {
        remember_query(route, prefix, &params);
    }
    let set = Callback::from(move |(changes, push): (Vec<(String, String)>, bool)| {
        match (&navigator, &route) {
            (Some(navigator), Some(route)) if !in_demo => {
                // The URL as it is now, not as this render saw it: an edit made before the
                // next render must not undo the one before it.
                let mut next = url_query();
                apply(&mut next, changes);
                // A refused history change leaves the list where it is; nothing to report.
                let _ = if push {
                    navigator.push_with_query(route, &next)
                } else {
                    navigator.replace_with_query(route, &next)
                };
            }
            _ => own.dispatch(Changes(changes)),
        }
    });
    ListQuery {
        prefix,
        pane,
        params: Rc::new(params),
        set,
    }
}

thread_local! {
    /// Each list screen's query (page, filters, search) as last shown, by the screen's path.
    static LAST_QUERY: std::cell::RefCell<BTreeMap<String, BTreeMap<String, String>>> =
        Default::default();
}

/// What a list keeps in the URL, after its prefix: its page and its filters. Anything else in
/// a screen's query (a form's prefill, `source=inq_…`) is not the list's to bring back.
const LIST_PARAMS: [&str; 10] = [
    "page", "status", "org", "bridge", "via", "id", "type", "template", "outcome", "origin",
];

/// Records the list `prefix`'s part of the query; a screen's other lists keep theirs.
fn remember_query(route: &Route, prefix: &str, params: &BTreeMap<String, String>) {
    let ours = |key: &str| {
        key.strip_prefix(prefix)
            .is_some_and(|name| LIST_PARAMS.contains(&name))
    };
    LAST_QUERY.with(|last| {
        let mut last = last.borrow_mut();
        let kept = last.entry(route.to_path()).or_default();
        kept.retain(|key, _| !ours(key));
        kept.extend(
            params
                .iter()
                .filter(|(key, _)| ours(key))
                .map(|(key, value)| (key.clone(), value.clone())),
        );
    });
}

/// The page and filters `route`'s list showed last in this tab (empty if never shown): an
/// object's "← list" link goes back to them.
pub fn last_query_of(route: &Route) -> BTreeMap<String, String> {
    LAST_QUERY.with(|last| {
        last.borrow()
            .get(&route.to_path())
            .cloned()
            .unwrap_or_default()
    })
}

/// `derive` run over the world once per playground revision and `key` (the org, the filters),
/// not once per render: what a list screen sorts and filters.
#[hook]
pub fn use_derived<K, T>(key: K, derive: impl FnOnce(&World, Timestamp) -> T) -> Rc<T>
where
    K: PartialEq + 'static,
    T: 'static,
{
    let playground = use_playground();
    let revision = playground.revision();
    use_memo((revision, key), move |_| playground.world(derive))
}

/// How many times the calling row has rendered, as a `data-renders` value in debug builds (the
/// browser tests count them to see that a change re-renders only its row); release builds
/// leave the attribute out.
#[hook]
pub fn use_render_count() -> Option<AttrValue> {
    let count = use_mut_ref(|| 0_u32);
    if !cfg!(debug_assertions) {
        return None;
    }
    *count.borrow_mut() += 1;
    let renders = *count.borrow();
    Some(renders.to_string().into())
}

/// A page number from the URL's text (see [`ListQuery::page`]).
fn page_number(text: &str) -> usize {
    let text = text.trim();
    text.parse().unwrap_or_else(|_| {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            usize::MAX
        } else {
            1
        }
    })
}

/// "⇤ · Newer · 21–40 of 20,000 · Older · ⇥" under a list of `noun` (only the count when it is
/// one page; nothing for an empty list). A function rather than a component: a component whose whole output is empty confuses Yew's
/// placement of the nodes after it when a demo pane swaps screens.
pub fn pager(info: PageInfo, on_page: Callback<usize>, noun: &str) -> Html {
    if info.total == 0 {
        return Html::default();
    }
    let go = |page: usize| {
        let on_page = on_page.clone();
        Callback::from(move |_: MouseEvent| on_page.emit(page))
    };
    let count = format!(
        "{}–{} of {}",
        thousands(info.first + 1),
        thousands(info.first + info.shown),
        thousands(info.total)
    );
    html! {
        <nav class="pager" aria-label={format!("Pages of {noun}")}>
            // One page: only the count shows; buttons that can never be pressed would be noise.
            <button type="button" data-action="newest" hidden={info.pages <= 1} disabled={info.page <= 1} onclick={go(1)} title="The first page" aria-label="Newest page">{ "⇤" }</button>
            <button type="button" data-action="newer" hidden={info.pages <= 1} disabled={info.page <= 1} onclick={go(info.page.saturating_sub(1))}>{ "← Newer" }</button>
            <span class="count" aria-live="polite">{ count }</span>
            <button type="button" data-action="older" hidden={info.pages <= 1} disabled={info.page >= info.pages} onclick={go(info.page + 1)}>{ "Older →" }</button>
            <button type="button" data-action="oldest" hidden={info.pages <= 1} disabled={info.page >= info.pages} onclick={go(info.pages)} title="The last page" aria-label="Oldest page">{ "⇥" }</button>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct FilterSelectProps {
    label: AttrValue,
    id: AttrValue,
    /// The first choice's text, "" as its value: no filter.
    all: AttrValue,
    /// (value, label).
    choices: Rc<Vec<(String, String)>>,
    current: AttrValue,
    on_change: Callback<String>,
}

/// A filter select. The URL (Back, a link) moves its choice as much as a pick does, so after
/// each render it shows the current filter as a pick would (`show_choice`): Firefox keeps a
/// picked option otherwise.
#[function_component(FilterSelect)]
fn filter_select(props: &FilterSelectProps) -> Html {
    let select = use_node_ref();
    {
        let (select, current) = (select.clone(), props.current.clone());
        use_effect(move || show_choice(&select, &current));
    }
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                on_change.emit(select.value());
            }
        })
    };
    let current = props.current.as_str();
    // A value from the URL that is no choice here (a bookmark from another playground, a typo)
    // still filters: it is shown, so the user sees why nothing matches and can pick "Any".
    let unknown = !current.is_empty() && !props.choices.iter().any(|(value, _)| value == current);
    html! {
        <label>{ props.label.clone() }
            <select id={props.id.clone()} {onchange} ref={select}>
                <option value="" selected={current.is_empty()}>{ props.all.clone() }</option>
                if unknown {
                    <option value={current.to_string()} selected=true>{ format!("“{}” (matches nothing)", connect::error::shorten(current)) }</option>
                }
                { for props.choices.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={current == value}>{ text.clone() }</option>
                }) }
            </select>
        </label>
    }
}

/// The search by id (the start of it is enough).
fn id_search(id: &str, placeholder: &str, current: &str, on_input: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            on_input.emit(input.value());
        }
    });
    html! {
        <label>{ "Id starts with" }
            <input id={id.to_string()} type="search" placeholder={placeholder.to_string()} value={current.to_string()} {oninput} autocomplete="off" spellcheck="false" />
        </label>
    }
}

/// Whether `id` matches a search: the whole id or its start, with or without the prefix
/// (`cnst_`), in any case (`CNST_AB` finds `cnst_ab…`).
pub fn id_matches(id: &str, search: &str) -> bool {
    fn starts(text: &str, start: &str) -> bool {
        text.as_bytes()
            .get(..start.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(start.as_bytes()))
    }
    let search = search.trim();
    search.is_empty()
        || starts(id, search)
        || id
            .split_once('_')
            .is_some_and(|(_, rest)| starts(rest, search))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_clamped_to_the_list_and_counts_its_rows() {
        let second = PageInfo::of(30, 2);
        assert_eq!((second.first, second.shown, second.pages), (20, 10, 2));
        assert_eq!(second.range(), 20..30);
        assert_eq!(PageInfo::of(30, 9).page, 2, "past the end is the last page");
        assert_eq!(PageInfo::of(0, 3).range(), 0..0);
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn a_page_number_too_large_to_hold_is_past_the_end() {
        assert_eq!(page_number("3"), 3);
        assert_eq!(page_number(""), 1);
        assert_eq!(page_number("x"), 1);
        assert_eq!(page_number("-2"), 1);
        assert_eq!(page_number("99999999999999999999"), usize::MAX);
        assert_eq!(
            PageInfo::of(30, usize::MAX).page,
            2,
            "so the last page shows"
        );
    }

    #[test]
    fn an_id_matches_by_its_start_with_or_without_the_prefix() {
        assert!(id_matches("cnst_ab12", "cnst_ab"));
        assert!(id_matches("cnst_ab12", "ab1"));
        assert!(id_matches("cnst_ab12", " "));
        assert!(!id_matches("cnst_ab12", "b12"));
        assert!(id_matches("cnst_ab12", "CNST_AB"));
        assert!(id_matches("cnst_ab12", "AB12"));
        assert!(!id_matches("cnst_ab12", "AB123"));
        assert!(
            !id_matches("cnst_é", "cnst_\u{c9}"),
            "only ASCII case is ignored"
        );
    }
}
