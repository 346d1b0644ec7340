//! The Dashboard: a router, one state provider, and one file per screen under `pages/`.

pub mod command;
pub mod components;
mod download;
mod focus;
pub mod gzip;
pub mod pages;
mod route;
mod state;
pub mod view;

pub use route::Route;
pub use state::{after_paint, use_playground, PlaygroundContext, PlaygroundProvider};

use components::layout::Layout;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    use_effect_with((), |_| {
        let keeper = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| focus::keep(&d));
        move || drop(keeper)
    });
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
