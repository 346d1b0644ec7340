//! The notice under the header when the playground's records near the local-storage quota, so
//! a user hears of it on every screen before a save is refused.

use crate::store::{Persistence, MAKE_ROOM};
use crate::ui::{use_playground, Route};
use connect::stored::WARN_AT;
use yew::prelude::*;
use yew_router::prelude::*;

/// What the site's other data takes of the same quota, in characters: read again when the
/// playground's own use changes and on every change the playground announces (a refused save
/// too), not on every render. Without a playground (a meter rendered on its own), once.
#[hook]
pub fn use_site_others(used: usize) -> usize {
    let revision = use_context::<crate::ui::PlaygroundContext>().map(|p| p.revision());
    *use_memo((used, revision), |_| crate::store::local::others_now())
}

#[function_component(RoomNotice)]
pub fn room_notice() -> Html {
    let playground = use_playground();
    let (saved, used) = playground.read(|p| (p.persistence == Persistence::Saved, p.room().used()));
    let others = use_site_others(used);
    let low = saved && used.saturating_add(others) >= WARN_AT;
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
