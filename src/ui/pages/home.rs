//! `/`: straight to the first organization's Dashboard.

use crate::ui::{use_playground, view, Route};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Home)]
pub fn home() -> Html {
    let playground = use_playground();
    match playground.world(|w, _| view::first_org(w)) {
        Some(org) => html! { <Redirect<Route> to={Route::Dashboard { org: org.to_string() }} /> },
        None => html! { <Redirect<Route> to={Route::Organizations} /> },
    }
}
