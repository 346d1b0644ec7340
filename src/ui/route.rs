//! Every screen and object has a URL; the acting organization is part of it, so two tabs can
//! act as two organizations.

use super::framed;
use super::pages;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/orgs")]
    Organizations,
    #[at("/sandbox")]
    Sandbox,
    #[at("/demo")]
    Demo,
    #[at("/orgs/:org")]
    Dashboard { org: String },
    #[at("/orgs/:org/inquiries")]
    Inquiries { org: String },
    #[at("/orgs/:org/inquiries/:id")]
    Inquiry { org: String, id: String },
    #[at("/orgs/:org/connect/bridges")]
    Bridges { org: String },
    #[at("/orgs/:org/connect/bridges/:id")]
    Bridge { org: String, id: String },
    #[at("/orgs/:org/connect/share-tokens")]
    ShareTokens { org: String },
    #[at("/orgs/:org/connect/share-tokens/:id")]
    ShareToken { org: String, id: String },
    #[at("/orgs/:org/connect/redeem")]
    Redeem { org: String },
    #[at("/orgs/:org/api")]
    Console { org: String },
    #[at("/orgs/:org/events")]
    Events { org: String },
    #[at("/orgs/:org/workflows")]
    Workflows { org: String },
    #[at("/orgs/:org/webhooks")]
    Webhooks { org: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Organizations => framed(None, html! { <pages::organizations::Organizations /> }),
        Route::Sandbox => framed(None, html! { <pages::sandbox::Sandbox /> }),
        Route::Demo => framed(None, html! { <pages::demo::Demo /> }),
        Route::Dashboard { org } => framed(
            Some(&org),
            html! { <pages::dashboard::Dashboard org={org.clone()} /> },
        ),
        Route::Inquiries { org } => framed(
            Some(&org),
            html! { <pages::inquiries::Inquiries org={org.clone()} /> },
        ),
        Route::Inquiry { org, id } => framed(
            Some(&org),
            html! { <pages::inquiry::InquiryPage org={org.clone()} id={id} /> },
        ),
        Route::Bridges { org } => framed(
            Some(&org),
            html! { <pages::bridges::Bridges org={org.clone()} /> },
        ),
        Route::Bridge { org, id } => framed(
            Some(&org),
            html! { <pages::bridge::BridgePage org={org.clone()} id={id} /> },
        ),
        Route::ShareTokens { org } => framed(
            Some(&org),
            html! { <pages::share_tokens::ShareTokens org={org.clone()} /> },
        ),
        Route::ShareToken { org, id } => framed(
            Some(&org),
            html! { <pages::share_token::ShareTokenPage org={org.clone()} id={id} /> },
        ),
        Route::Redeem { org } => framed(
            Some(&org),
            html! { <pages::redeem::Redeem org={org.clone()} /> },
        ),
        // Keyed by org: switching org starts a fresh composer with that org's key.
        Route::Console { org } => framed(
            Some(&org),
            html! { <pages::console::Console key={org.clone()} org={org.clone()} /> },
        ),
        Route::Events { org } => framed(
            Some(&org),
            html! { <pages::events::Events org={org.clone()} /> },
        ),
        Route::Workflows { org } => framed(
            Some(&org),
            html! { <pages::workflows::Workflows org={org.clone()} /> },
        ),
        Route::Webhooks { org } => framed(
            Some(&org),
            html! { <pages::webhooks::Webhooks org={org.clone()} /> },
        ),
        Route::NotFound => framed(None, html! { <pages::not_found::NotFound /> }),
    }
}
