//! The notice under the header when the playground's records near the local-storage quota, so
//! a user hears of it on every screen before a save is refused.

use crate::store::{Persistence, MAKE_ROOM};
use crate::ui::{use_playground, Route};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(RoomNotice)]
pub fn room_notice() -> Html {
    let playground = use_playground();
    let low = playground.read(|p| p.persistence == Persistence::Saved && p.room().is_low());
    if !low {
        return html! {};
    }
    html! {
        <div class="banner warn" role="status" id="room-banner">
            { format!("Local storage is almost full. {MAKE_ROOM} ") }
            <Link<Route> to={Route::Sandbox}>{ "Open the Sandbox" }</Link<Route>>
        </div>
    }
}
