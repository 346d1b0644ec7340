//! The frame around every screen: who you act as, where you can go, and storage notices.

use super::card::missing;
use super::clock::Clock;
use super::copy::CopyId;
use super::room::RoomNotice;
use super::show_choice;
use crate::store::{KeptAside, LostSave, Persistence, KEPT_ASIDE_KEY};
use crate::ui::download::{json_object_url, replace_url, start_download};
use crate::ui::{use_playground, view, Route};
use connect::Id;
use std::rc::Rc;
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
    // The organization last acted as. The two screens of the whole playground (Organizations,
    // Sandbox) keep it in the switcher and the navigation, so the way back to its screens is
    // one click, not a choice in the switcher again.
    let last_acting = use_mut_ref(|| None::<Id>);
    let whole_playground = matches!(route, Some(Route::Organizations | Route::Sandbox));
    let org = match &props.org {
        Some(o) => Some(Id::parse(o)),
        None if whole_playground => last_acting.borrow().clone(),
        None => None,
    };
    let (orgs, acting) = playground.world(|w, _| {
        let acting = org.as_ref().and_then(|id| view::organization(w, id));
        (view::org_choices(w), acting)
    });
    if let Some(o) = &acting {
        *last_acting.borrow_mut() = Some(o.id.clone());
    }
    // A new screen opens at its top, as a page load would: a link followed from far down a
    // list (to an inquiry, say) left the new screen scrolled to the middle. A change of the
    // query only (a list's page, the demo's panes) keeps the place.
    use_effect_with(route.as_ref().map(Route::to_path), |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    // Each screen has a title of its own ("Bridges · Northwind Bank · Connect Playground"), for
    // the browser's tabs and history and for a screen reader, which reads it on a new screen.
    {
        let title = match (route.as_ref(), props.org.as_ref(), &acting) {
            (Some(route), Some(_), Some(org)) => {
                format!("{} · {} · Connect Playground", route.name(), org.name)
            }
            (Some(route), None, _) if *route != Route::Home => {
                format!("{} · Connect Playground", route.name())
            }
            _ => "Connect Playground".to_string(),
        };
        use_effect_with(title, |title| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(title);
            }
        });
    }
    // The app moves this choice (a link to another org), so it sets it as a pick would: see
    // `show_choice`.
    let switcher = use_node_ref();
    {
        let (switcher, chosen) = (
            switcher.clone(),
            acting
                .as_ref()
                .map(|a| a.id.to_string())
                .unwrap_or_default(),
        );
        use_effect(move || show_choice(&switcher, &chosen));
    }

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
            let section = route.as_ref().map(Route::section);
            let link = |to: Route, label: &str| {
                let current = section.as_ref() == Some(&to);
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
            { missing(
                "Organization not found",
                format!("No organization `{wanted}` exists in this playground."),
                html! { <Link<Route> to={Route::Organizations}>{ "Pick an organization" }</Link<Route>> },
            ) }
        },
        _ => props.children.clone(),
    };

    // "Skip to content": the first Tab stop, so a keyboard user need not pass the header and
    // the side navigation (16 stops) on every screen.
    let main = use_node_ref();
    let skip = {
        let main = main.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(main) = main.cast::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        })
    };
    html! {
        <div class="shell">
            <a class="skip-link" href="#content" onclick={skip}>{ "Skip to content" }</a>
            <header class="top">
                <Link<Route> to={Route::Home} classes="brand">{ "Connect Playground" }</Link<Route>>
                <Link<Route> to={Route::Demo} classes={classes!("demo-link", (route == Some(Route::Demo)).then_some("current"))}>{ "Demo mode" }</Link<Route>>
                <label class="switcher">
                    <span>{ "Acting as" }</span>
                    <select id="org-switcher" onchange={on_switch} aria-label="Acting as organization" ref={switcher}>
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
                <main class="content" id="content" tabindex="-1" ref={main}>{ body }</main>
            </div>
        </div>
    }
}

/// Tells the user when saved data could not be read, was saved by a newer version, or changes
/// are not being saved.
#[function_component(StorageNotice)]
fn storage_notice() -> Html {
    let playground = use_playground();
    let (persistence, kept, lost) =
        playground.read(|p| (p.persistence.clone(), p.kept_aside.clone(), p.lost_save));
    match (kept, persistence) {
        (Some(kept), _) => html! { <KeptAsideNotice {kept} /> },
        (None, Persistence::Saved) => match lost {
            Some(LostSave {
                recorded,
                whole: true,
                ..
            }) => html! {
                <div class="banner warn" role="status" id="lost-save-banner">
                    <strong>{ "The saved playground is gone. " }</strong>
                    { format!("The browser had recorded revision {recorded} of it as saved, but this site's local storage was empty when the page opened (the browser cleared or lost it): a new demo playground was made. An export you kept imports it back on the Sandbox screen.") }
                </div>
            },
            Some(LostSave { kept, recorded, .. }) => html! {
                <div class="banner warn" role="status" id="lost-save-banner">
                    <strong>{ "The browser closed before it kept the last change. " }</strong>
                    { format!("It had recorded revision {recorded} of this playground as saved, but local storage holds revision {kept}: the playground shows revision {kept} and goes on from there, and what changed after it is lost.") }
                </div>
            },
            None => html! {},
        },
        (None, Persistence::NewerVersion(version)) => {
            let reload = Callback::from(|_: MouseEvent| {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            });
            html! {
                <div class="banner warn" role="alert" id="storage-banner">
                    <strong>{ "A newer version of Connect Playground saved this data; reload to use it. " }</strong>
                    { format!("It is in schema version {version}, which this page cannot read, so it is left as it is: until you reload, this tab shows a demo in memory and saves nothing. ") }
                    <button type="button" class="button" onclick={reload}>{ "Reload" }</button>
                </div>
            }
        }
        (None, Persistence::MemoryOnly(why)) => html! {
            <div class="banner warn" role="status" id="storage-banner">
                { format!("Not saving: {why}.") }
            </div>
        },
    }
}

#[derive(Properties, PartialEq)]
struct KeptAsideProps {
    kept: KeptAside,
}

/// Saved data that could not be read: download it, or (after a confirmation) erase it and
/// start fresh. Nothing is erased before the user chooses.
#[function_component(KeptAsideNotice)]
fn kept_aside_notice(props: &KeptAsideProps) -> Html {
    let playground = use_playground();
    let kept = &props.kept;
    let failure = use_state(|| None::<String>);
    let confirming = use_state(|| false);
    let downloaded = use_state(|| None::<String>);
    // The object URL still alive, revoked when replaced and when the banner goes away.
    let live_url = use_mut_ref(|| None::<String>);
    {
        let live_url = live_url.clone();
        use_effect_with((), move |_| move || replace_url(&live_url, None));
    }
    let file_name = "connect-playground-saved-data.json";

    // Returns whether the download started.
    let download = {
        let (raw, failure, downloaded, live_url) = (
            kept.raw.clone(),
            failure.clone(),
            downloaded.clone(),
            live_url.clone(),
        );
        Rc::new(move || {
            let started = json_object_url(&raw).and_then(|url| {
                replace_url(&live_url, Some(url.clone()));
                start_download(&url, file_name)?;
                Ok(url)
            });
            match started {
                Ok(url) => {
                    downloaded.set(Some(url));
                    true
                }
                Err(why) => {
                    failure.set(Some(format!("The download could not be made: {why}.")));
                    false
                }
            }
        })
    };
    let start_fresh = {
        let (playground, failure) = (playground.clone(), failure.clone());
        move || {
            let (playground, failure) = (playground.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match playground.locked(|p| p.start_fresh()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(why)) => failure.set(Some(format!("Could not start fresh: {why}"))),
                    Err(behind) => failure.set(Some(behind.to_string())),
                }
            });
        }
    };
    let on_download = {
        let download = download.clone();
        Callback::from(move |_: MouseEvent| {
            download();
        })
    };
    let on_ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let on_cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let on_download_then_fresh = {
        let (download, start_fresh) = (download.clone(), start_fresh.clone());
        Callback::from(move |_: MouseEvent| {
            if download() {
                start_fresh();
            }
        })
    };
    let on_confirm = Callback::from(move |_: MouseEvent| start_fresh());

    html! {
        <div class="banner error" role="alert" id="storage-banner">
            <strong>{ "Your saved playground could not be loaded. " }</strong>
            { format!("Reason: {}. ", kept.reason) }
            { match &kept.copy {
                Ok(()) => format!("It was left untouched, and a copy is kept under the local-storage key `{KEPT_ASIDE_KEY}` until you choose. "),
                Err(why) => format!("It was left untouched, but there was no room to keep a copy aside ({why}): download it before you start fresh. "),
            } }
            { "Until you choose, this tab runs in memory and saves nothing. " }
            <button type="button" class="button" id="download-kept-aside" onclick={on_download}>{ "Download the saved data" }</button>
            if let Some(url) = &*downloaded {
                <span class="small" id="kept-aside-file">
                    { " If the download did not start, " }
                    <a href={url.clone()} download={file_name}>{ format!("save {file_name}") }</a>
                    { ". " }
                </span>
            }
            if *confirming {
                <div class="confirm" id="start-fresh-confirmation" role="group" aria-label="Confirm starting fresh">
                    <p>
                        <strong>{ "Starting fresh erases the saved data that could not be read, and its kept-aside copy." }</strong>
                        { " Download it first if you may want it back." }
                    </p>
                    <div class="actions">
                        <button type="button" class="primary" id="download-then-start-fresh" onclick={on_download_then_fresh}>{ "Download, then start fresh" }</button>
                        <button type="button" class="danger" id="confirm-start-fresh" onclick={on_confirm}>{ "Erase it and start fresh" }</button>
                        <button type="button" data-action="cancel" onclick={on_cancel}>{ "Cancel" }</button>
                    </div>
                </div>
            } else {
                <button type="button" class="button" id="start-fresh" onclick={on_ask}>{ "Start fresh…" }</button>
            }
            if let Some(why) = &*failure { <p>{ why }</p> }
        </div>
    }
}
