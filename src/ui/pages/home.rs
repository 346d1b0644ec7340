//! `/`: straight to the first organization's Dashboard.

use crate::ui::{use_playground, Route};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Home)]
pub fn home() -> Html {
    let playground = use_playground();
    let first = playground.read(|p| {
        p.world
            .organizations_in_order()
            .first()
            .map(|o| o.id.to_string())
    });
    match first {
        Some(org) => html! { <Redirect<Route> to={Route::Dashboard { org }} /> },
        None => html! { <Redirect<Route> to={Route::Organizations} /> },
    }
}
