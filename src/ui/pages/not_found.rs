//! Any URL the playground does not know.

use crate::ui::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    html! {
        <section class="card">
            <h1>{ "Page not found" }</h1>
            <p>{ "This address is not a screen of Connect Playground." }</p>
            <Link<Route> to={Route::Home}>{ "Back to the Dashboard" }</Link<Route>>
        </section>
    }
}
