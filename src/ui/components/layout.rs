//! The frame around every screen: who you act as, where you can go, and storage notices.

use super::card::Missing;
use super::clock::Clock;
use super::copy::CopyId;
use super::room::RoomNotice;
use crate::store::Persistence;
use crate::ui::{use_playground, view, Route};
use connect::Id;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub org: Option<AttrValue>,
    pub children: Html,
}

/// The same screen for another organization, so switching keeps the user's place.
fn same_screen(route: Option<Route>, org: String) -> Route {
    match route {
        Some(Route::Inquiries { .. } | Route::Inquiry { .. }) => Route::Inquiries { org },
        Some(Route::Bridges { .. } | Route::Bridge { .. }) => Route::Bridges { org },
        Some(Route::ShareTokens { .. } | Route::ShareToken { .. }) => Route::ShareTokens { org },
        Some(Route::Redeem { .. }) => Route::Redeem { org },
        Some(Route::Console { .. }) => Route::Console { org },
        Some(Route::Events { .. }) => Route::Events { org },
        Some(Route::Workflows { .. }) => Route::Workflows { org },
        Some(Route::Webhooks { .. }) => Route::Webhooks { org },
        _ => Route::Dashboard { org },
    }
}

#[function_component(Layout)]
pub fn layout(props: &LayoutProps) -> Html {
    let playground = use_playground();
    let navigator = use_navigator();
    let route = use_route::<Route>();
    let org = props.org.as_ref().map(|o| Id::parse(o));
    let (orgs, acting) = playground.world(|w, _| {
        let acting = org.as_ref().and_then(|id| view::organization(w, id));
        (view::org_choices(w), acting)
    });

    let on_switch = {
        let route = route.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            if let Some(navigator) = &navigator {
                navigator.push(&same_screen(route.clone(), select.value()));
            }
        })
    };

    let nav = match &acting {
        Some(o) => {
            let org = o.id.to_string();
            let link = |to: Route, label: &str| {
                let current = route.as_ref() == Some(&to);
                html! {
                    <Link<Route> to={to} classes={classes!("nav-link", current.then_some("current"))}>{ label.to_string() }</Link<Route>>
                }
            };
            html! {
                <nav class="side" aria-label="Dashboard">
                    { link(Route::Dashboard { org: org.clone() }, "Dashboard") }
                    { link(Route::Inquiries { org: org.clone() }, "Inquiries") }
                    <span class="nav-group">{ "Connect" }</span>
                    { link(Route::Bridges { org: org.clone() }, "Bridges") }
                    { link(Route::ShareTokens { org: org.clone() }, "Share Tokens") }
                    { link(Route::Redeem { org: org.clone() }, "Redeem") }
                    <span class="nav-group">{ "Automation" }</span>
                    { link(Route::Events { org: org.clone() }, "Events") }
                    { link(Route::Workflows { org: org.clone() }, "Workflows") }
                    { link(Route::Webhooks { org: org.clone() }, "Webhooks") }
                    <span class="nav-group">{ "Developers" }</span>
                    { link(Route::Console { org: org.clone() }, "API console") }
                    <span class="nav-group">{ "Playground" }</span>
                    { link(Route::Organizations, "Organizations") }
                    { link(Route::Sandbox, "Sandbox") }
                </nav>
            }
        }
        None => html! {
            <nav class="side" aria-label="Playground">
                <Link<Route> to={Route::Organizations} classes={classes!("nav-link", (route == Some(Route::Organizations)).then_some("current"))}>{ "Organizations" }</Link<Route>>
                <Link<Route> to={Route::Sandbox} classes={classes!("nav-link", (route == Some(Route::Sandbox)).then_some("current"))}>{ "Sandbox" }</Link<Route>>
            </nav>
        },
    };

    let body = match (&props.org, &acting) {
        (Some(wanted), None) => html! {
            <Missing title="Organization not found" message={format!("No organization `{wanted}` exists in this playground.")}>
                <Link<Route> to={Route::Organizations}>{ "Pick an organization" }</Link<Route>>
            </Missing>
        },
        _ => props.children.clone(),
    };

    html! {
        <div class="shell">
            <header class="top">
                <Link<Route> to={Route::Home} classes="brand">{ "Connect Playground" }</Link<Route>>
                <Link<Route> to={Route::Demo} classes={classes!("demo-link", (route == Some(Route::Demo)).then_some("current"))}>{ "Demo mode" }</Link<Route>>
                <label class="switcher">
                    <span>{ "Acting as" }</span>
                    <select id="org-switcher" onchange={on_switch} aria-label="Acting as organization">
                        if acting.is_none() {
                            <option value="" selected=true disabled=true>{ "Choose an organization" }</option>
                        }
                        { for orgs.iter().map(|o| html! {
                            <option value={o.value.clone()} selected={acting.as_ref().map(|a| a.id.as_str()) == Some(o.value.as_str())}>{ o.label.clone() }</option>
                        }) }
                    </select>
                </label>
                if let Some(o) = &acting {
                    <span class="acting-id" title="Your organization id: give it to a source that wants to bridge to you">
                        <CopyId text={o.id.to_string()} />
                    </span>
                }
                <Clock />
            </header>
            <StorageNotice />
            <RoomNotice />
            <div class="frame">
                { nav }
                <main class="content">{ body }</main>
            </div>
        </div>
    }
}

/// Tells the user when saved data could not be read or changes are not being saved.
#[function_component(StorageNotice)]
fn storage_notice() -> Html {
    let playground = use_playground();
    let (persistence, kept) = playground.read(|p| (p.persistence.clone(), p.kept_aside.clone()));
    let failure = use_state(|| None::<String>);

    if let Some(kept) = kept {
        let download = download_link(&kept.raw);
        let start_fresh = {
            let (playground, failure) = (playground.clone(), failure.clone());
            Callback::from(move |_: MouseEvent| {
                let (playground, failure) = (playground.clone(), failure.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(why) = playground.locked(|p| p.start_fresh()).await {
                        failure.set(Some(format!("Could not start fresh: {why}")));
                    }
                });
            })
        };
        return html! {
            <div class="banner error" role="alert" id="storage-banner">
                <strong>{ "Your saved playground could not be loaded. " }</strong>
                { format!("Reason: {}. ", kept.reason) }
                { match &kept.backup_key {
                    Some(key) => format!("It was left untouched, and a copy is kept under the local-storage key `{key}`. "),
                    None => "It was left untouched (no room for a backup copy). ".to_string(),
                } }
                { "Until you choose, this tab shows a fresh demo and saves nothing. " }
                if let Some(href) = download {
                    <a class="button" href={href} download="connect-playground-saved-data.json">{ "Download the saved data" }</a>
                }
                <button type="button" class="button" onclick={start_fresh}>{ "Start fresh (saves from now on)" }</button>
                if let Some(why) = &*failure { <p>{ why }</p> }
            </div>
        };
    }
    match persistence {
        Persistence::Saved => html! {},
        Persistence::MemoryOnly(why) => html! {
            <div class="banner warn" role="status" id="storage-banner">
                { format!("Not saving: {why}.") }
            </div>
        },
    }
}

/// A `data:` URL of the raw saved text, so the user can keep it.
fn download_link(raw: &str) -> Option<String> {
    let encoded: String = js_sys::encode_uri_component(raw).into();
    Some(format!("data:application/json;charset=utf-8,{encoded}"))
}
