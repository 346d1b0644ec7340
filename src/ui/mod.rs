//! The Dashboard: a router, one state provider, and one file per screen under `pages/`.

pub mod command;
pub mod components;
mod download;
pub mod gzip;
pub mod pages;
mod route;
mod state;
pub mod view;

pub use route::Route;
pub use state::{use_playground, PlaygroundContext, PlaygroundProvider};

use components::layout::Layout;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <BrowserRouter>
            <PlaygroundProvider>
                <Switch<Route> render={route::switch} />
            </PlaygroundProvider>
        </BrowserRouter>
    }
}

/// Wraps a page in the header, navigation and notices.
pub fn framed(org: Option<&str>, page: Html) -> Html {
    html! { <Layout org={org.map(|o| AttrValue::from(o.to_string()))}>{ page }</Layout> }
}
