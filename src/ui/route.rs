//! Every screen and object has a URL; the acting organization is part of it, so two tabs can
//! act as two organizations.

use super::framed;
use super::pages;
use connect::Id;
use std::fmt::Display;
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

impl Route {
    pub fn inquiry(org: &Id, id: impl Display) -> Route {
        Route::Inquiry {
            org: org.to_string(),
            id: id.to_string(),
        }
    }

    pub fn bridge(org: &Id, id: impl Display) -> Route {
        Route::Bridge {
            org: org.to_string(),
            id: id.to_string(),
        }
    }

    /// The section of the side navigation this screen belongs to: an object's page to its
    /// list (an inquiry to Inquiries), any other screen to itself.
    pub fn section(&self) -> Route {
        match self {
            Route::Inquiry { org, .. } => Route::Inquiries { org: org.clone() },
            Route::Bridge { org, .. } => Route::Bridges { org: org.clone() },
            Route::ShareToken { org, .. } => Route::ShareTokens { org: org.clone() },
            other => other.clone(),
        }
    }

    /// The screen's name, as the browser's tab and history show it.
    pub fn name(&self) -> &'static str {
        match self {
            Route::Home => "Home",
            Route::Organizations => "Organizations",
            Route::Sandbox => "Sandbox",
            Route::Demo => "Demo mode",
            Route::Dashboard { .. } => "Dashboard",
            Route::Inquiries { .. } => "Inquiries",
            Route::Inquiry { .. } => "Inquiry",
            Route::Bridges { .. } => "Bridges",
            Route::Bridge { .. } => "Organization Bridge",
            Route::ShareTokens { .. } => "Share Tokens",
            Route::ShareToken { .. } => "Share token",
            Route::Redeem { .. } => "Redeem",
            Route::Console { .. } => "API console",
            Route::Events { .. } => "Events",
            Route::Workflows { .. } => "Workflows",
            Route::Webhooks { .. } => "Webhooks",
            Route::NotFound => "Not found",
        }
    }

    /// The screen of the object an id names, when it has one (an inquiry, a bridge, a share
    /// token), as `org` sees it.
    pub fn object(org: &Id, id: &Id) -> Option<Route> {
        match id.prefix() {
            connect::ids::prefix::INQUIRY => Some(Route::inquiry(org, id)),
            connect::ids::prefix::BRIDGE => Some(Route::bridge(org, id)),
            connect::ids::prefix::SHARE_TOKEN => Some(Route::share_token(org, id)),
            _ => None,
        }
    }

    pub fn share_token(org: &Id, id: impl Display) -> Route {
        Route::ShareToken {
            org: org.to_string(),
            id: id.to_string(),
        }
    }
}

/// Pages get the org id parsed once, here, and are keyed by it: switching the acting org starts
/// the screen afresh (its forms, its last message), as if opened for that org.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Organizations => framed(None, html! { <pages::organizations::Organizations /> }),
        Route::Sandbox => framed(None, html! { <pages::sandbox::Sandbox /> }),
        Route::Demo => framed(None, html! { <pages::demo::Demo /> }),
        Route::Dashboard { org } => framed(
            Some(&org),
            html! { <pages::dashboard::Dashboard key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Inquiries { org } => framed(
            Some(&org),
            html! { <pages::inquiries::Inquiries key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Inquiry { org, id } => framed(
            Some(&org),
            html! { <pages::inquiry::InquiryPage key={org.clone()} org={Id::parse(&org)} id={id} /> },
        ),
        Route::Bridges { org } => framed(
            Some(&org),
            html! { <pages::bridges::Bridges key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Bridge { org, id } => framed(
            Some(&org),
            html! { <pages::bridge::BridgePage key={org.clone()} org={Id::parse(&org)} id={id} /> },
        ),
        Route::ShareTokens { org } => framed(
            Some(&org),
            html! { <pages::share_tokens::ShareTokens key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::ShareToken { org, id } => framed(
            Some(&org),
            html! { <pages::share_token::ShareTokenPage key={org.clone()} org={Id::parse(&org)} id={id} /> },
        ),
        Route::Redeem { org } => framed(
            Some(&org),
            html! { <pages::redeem::Redeem key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Console { org } => framed(
            Some(&org),
            html! { <pages::console::Console key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Events { org } => framed(
            Some(&org),
            html! { <pages::events::Events key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Workflows { org } => framed(
            Some(&org),
            html! { <pages::workflows::Workflows key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::Webhooks { org } => framed(
            Some(&org),
            html! { <pages::webhooks::Webhooks key={org.clone()} org={Id::parse(&org)} /> },
        ),
        Route::NotFound => framed(None, html! { <pages::not_found::NotFound /> }),
    }
}
