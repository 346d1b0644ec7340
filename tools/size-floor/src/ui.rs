//! The smallest app the playground's screens would sit in: Yew, its router, a link, a state.

use wasm_bindgen::prelude::*;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq)]
enum Route {
    #[at("/")]
    Home,
    #[at("/orgs/:org")]
    Org { org: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn screen(route: Route) -> Html {
    match route {
        Route::Home => {
            let to = Route::Org {
                org: "org_1".into(),
            };
            html! { <Link<Route> {to}>{ "An organization" }</Link<Route>> }
        }
        Route::Org { org } => html! { <p>{ org }</p> },
        Route::NotFound => html! { <p>{ "Not found" }</p> },
    }
}

#[function_component(Root)]
fn root() -> Html {
    let count = use_state(|| 0_u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <BrowserRouter>
            <Switch<Route> render={screen} />
            <button {onclick}>{ *count }</button>
        </BrowserRouter>
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<Root>::new().render();
}
