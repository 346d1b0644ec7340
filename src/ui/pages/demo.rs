//! `/demo`: demo mode for presenters. The source organization on the left, the destination on
//! the right, each a working pane of the real screens on the same state; above them the live
//! picture of the flow and the guided share flow; scenario presets one click away.
//!
//! Everything a presenter may want to bookmark is in the query:
//! `?left=org_…&right=org_…&lview=bridges&rview=redeem&create=api&handover=destination-api`,
//! `&token=cnst_…` (what the destination's Redeem form holds), `&lobj=…`/`&robj=…` (the path
//! of an object a pane shows instead of its screen) and `?scenario=happy-path`.
//!
//! Each pane gives the screens inside it a [`PaneScope`]: their element ids carry the pane's
//! prefix (`left-`, `right-`), so both panes can show the same screen, and their links to an
//! object open it in the pane.

use crate::ui::components::beside;
use crate::ui::components::flash::{Flash, FlashMessage};
use crate::ui::components::flow_picture::FlowPicture;
use crate::ui::components::guide::{use_do_it, Guide};
use crate::ui::components::pane::{PaneScope, QueryPairs};
use crate::ui::components::{query_param, show_choice};
use crate::ui::pages::{bridge::BridgePage, inquiry::InquiryPage, share_token::ShareTokenPage};
use crate::ui::pages::{bridges::Bridges, inquiries::Inquiries, redeem::Redeem};
use crate::ui::pages::{share_tokens::ShareTokens, workflows::Workflows};
use crate::ui::{use_playground, Route};
use connect::demo::guide::{self, CreatePath, HandOver, Paths, Progress, Screen, Side};
use connect::demo::scenario::{self, PRESETS};
use connect::{Id, RandomIds, Timestamp};
use serde::Serialize;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

/// Where the presenter's text-size choice is kept (this browser only).
const PRESENTER_KEY: &str = "connect-playground.presenter-text";

/// The demo's query, as read from and written to the URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DemoQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lview: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rview: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lobj: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robj: Option<String>,
}

impl DemoQuery {
    fn parse(query: &str) -> DemoQuery {
        let get = |name| query_param(query, name);
        DemoQuery {
            scenario: get("scenario"),
            left: get("left"),
            right: get("right"),
            lview: get("lview"),
            rview: get("rview"),
            create: get("create"),
            handover: get("handover"),
            token: get("token"),
            lobj: get("lobj").map(|p| js_sys::decode_uri_component(&p).map_or(p, String::from)),
            robj: get("robj").map(|p| js_sys::decode_uri_component(&p).map_or(p, String::from)),
        }
    }

    /// The object a pane shows instead of its screen: an inquiry, a bridge or a share token.
    fn object(&self, side: Side) -> Option<Route> {
        let path = match side {
            Side::Source => self.lobj.as_deref(),
            Side::Destination => self.robj.as_deref(),
        }?;
        Route::recognize(path).filter(|r| {
            matches!(
                r,
                Route::Inquiry { .. } | Route::Bridge { .. } | Route::ShareToken { .. }
            )
        })
    }

    fn with_object(mut self, side: Side, route: &Route) -> DemoQuery {
        let path = Some(route.to_path());
        match side {
            Side::Source => self.lobj = path,
            Side::Destination => self.robj = path,
        }
        self
    }

    fn with_org(mut self, side: Side, org: &str) -> DemoQuery {
        let org = Some(org.to_string());
        match side {
            Side::Source => self.left = org,
            Side::Destination => self.right = org,
        }
        self
    }

    fn paths(&self) -> Paths {
        Paths {
            create: self
                .create
                .as_deref()
                .and_then(CreatePath::from_slug)
                .unwrap_or_default(),
            hand_over: self
                .handover
                .as_deref()
                .and_then(HandOver::from_slug)
                .unwrap_or_default(),
        }
    }

    fn view(&self, side: Side) -> Option<Screen> {
        match side {
            Side::Source => self.lview.as_deref(),
            Side::Destination => self.rview.as_deref(),
        }
        .and_then(Screen::from_slug)
    }

    /// Shows `screen` in the pane, closing any object it showed.
    fn with_view(mut self, side: Side, screen: Screen) -> DemoQuery {
        let slug = Some(screen.slug().to_string());
        match side {
            Side::Source => (self.lview, self.lobj) = (slug, None),
            Side::Destination => (self.rview, self.robj) = (slug, None),
        }
        self
    }

    /// What a pane shows when a screen inside it follows a link to `route`; `None` for a
    /// screen the panes do not have, which opens in full.
    fn opened(self, side: Side, route: &Route, search: Option<&str>) -> Option<DemoQuery> {
        let screen = match route {
            Route::Inquiry { org, .. }
            | Route::Bridge { org, .. }
            | Route::ShareToken { org, .. } => {
                return Some(self.with_org(side, org).with_object(side, route));
            }
            Route::Redeem { org } => {
                let token = search.and_then(|q| query_param(q, "token"));
                let next = self.with_org(side, org).with_view(side, Screen::Redeem);
                return Some(DemoQuery {
                    token: token.or(next.token.clone()),
                    ..next
                });
            }
            Route::Bridges { org } => (org, Screen::Bridges),
            Route::Inquiries { org } => (org, Screen::Inquiries),
            Route::ShareTokens { org } => (org, Screen::ShareTokens),
            Route::Workflows { org } => (org, Screen::Workflows),
            _ => return None,
        };
        Some(self.with_org(side, screen.0).with_view(side, screen.1))
    }

    fn pane_prefix(side: Side) -> &'static str {
        match side {
            Side::Source => "left-",
            Side::Destination => "right-",
        }
    }
}

fn real_now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

fn presenter_saved() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(PRESENTER_KEY).ok().flatten())
        .is_some_and(|v| v == "on")
}

fn save_presenter(on: bool) {
    // Only a preference: when the browser refuses, the toggle still works for this visit.
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(PRESENTER_KEY, if on { "on" } else { "off" });
    }
}

/// The playground as an export file, as a `data:` URL for an "export first" link.
fn export_href(raw: Result<String, String>) -> Option<String> {
    let snapshot = connect::snapshot::Snapshot::decode(&raw.ok()?).ok()?;
    let text = connect::exchange::export(&snapshot).ok()?;
    let encoded: String = js_sys::encode_uri_component(&text).into();
    Some(format!("data:application/json;charset=utf-8,{encoded}"))
}

#[function_component(Demo)]
pub fn demo() -> Html {
    let playground = use_playground();
    let navigator = use_navigator();
    let location = use_location();
    let query = DemoQuery::parse(location.as_ref().map(|l| l.query_str()).unwrap_or(""));
    let presenter = use_state(presenter_saved);
    let phone_shows = use_state(|| Side::Source);
    {
        // On the root, so every rem-sized piece grows; only while demo mode is open.
        use_effect_with(*presenter, |on| {
            let root = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element());
            if let Some(root) = &root {
                let _ = if *on {
                    root.set_attribute("data-presenter", "")
                } else {
                    root.remove_attribute("data-presenter")
                };
            }
            move || {
                if let Some(root) = root {
                    let _ = root.remove_attribute("data-presenter");
                }
            }
        });
    }
    let outcome = use_state(|| None::<Flash>);
    let applied = use_mut_ref(|| None::<String>);

    let (orgs, has_work) = playground.read(|p| {
        let orgs: Vec<(String, String)> = p
            .world
            .organizations_in_order()
            .into_iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect();
        let w = &p.world;
        let has_work = !w.inquiries.is_empty()
            || !w.bridges.is_empty()
            || !w.share_tokens.is_empty()
            || w.workflows.values().any(|wf| wf.enabled);
        (orgs, has_work)
    });
    let known = |id: &Option<String>| id.clone().filter(|id| orgs.iter().any(|(o, _)| o == id));
    let left = known(&query.left)
        .or_else(|| orgs.first().map(|(id, _)| id.clone()))
        .unwrap_or_default();
    let right = known(&query.right)
        .or_else(|| orgs.get(1).map(|(id, _)| id.clone()))
        .unwrap_or_else(|| left.clone());
    let paths = query.paths();

    // Two ways to change the query: `visit` adds a history entry (what the presenter chose:
    // a pane's screen, organization or object), so Back returns to the view before it, in the
    // demo; `go` replaces the entry (what the demo does by itself: the guide moving a pane, a
    // preset resolved into its organizations, a path choice).
    let (go, visit) = {
        let navigate = |push: bool| {
            let navigator = navigator.clone();
            Callback::from(move |q: DemoQuery| {
                if let Some(navigator) = &navigator {
                    let _ = if push {
                        navigator.push_with_query(&Route::Demo, q)
                    } else {
                        navigator.replace_with_query(&Route::Demo, q)
                    };
                }
            })
        };
        (navigate(false), navigate(true))
    };

    // Applies the preset the URL names: at once when the playground holds nothing of the
    // presenter's, after a confirmation otherwise.
    let apply_scenario = {
        let (playground, go, outcome, query) = (
            playground.clone(),
            go.clone(),
            outcome.clone(),
            query.clone(),
        );
        Callback::from(move |name: String| {
            // The seeded organizations keep their ids: other tabs and bookmarks still find them.
            let built = playground.read(|p| {
                let mut random = RandomIds;
                let mut ids = connect::seed::KeepOrgIds::new(&p.world, &mut random);
                scenario::build(&name, real_now(), &mut ids)
            });
            let built = match built {
                Ok(built) => built,
                Err(refused) => {
                    outcome.set(Some(Flash::Refused(refused.message)));
                    go.emit(DemoQuery {
                        scenario: None,
                        ..query.clone()
                    });
                    return;
                }
            };
            let preset = scenario::preset(&name);
            let title = preset.map(|p| p.title).unwrap_or_default();
            let paths = preset.and_then(|p| p.paths);
            let next = DemoQuery {
                left: Some(built.source.to_string()),
                right: Some(built.destination.to_string()),
                create: paths
                    .map(|p| p.create.slug().to_string())
                    .or_else(|| query.create.clone()),
                handover: paths
                    .map(|p| p.hand_over.slug().to_string())
                    .or_else(|| query.handover.clone()),
                ..DemoQuery::default()
            };
            let (playground, go, outcome) = (playground.clone(), go.clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let saved = playground
                    .locked(move |p| {
                        p.replace(built.world, built.api, built.clock_offset_ms)?;
                        p.expire_due();
                        Ok::<(), String>(())
                    })
                    .await;
                outcome.set(Some(match saved {
                    Err(behind) => Flash::Refused(behind.to_string()),
                    Ok(Ok(())) => {
                        Flash::Done(html! { { format!("Scenario “{title}” is ready.") } })
                    }
                    Ok(Err(why)) => Flash::Refused(crate::store::save_refused(
                        "Nothing was changed: the browser refused to save the scenario",
                        &why.to_string(),
                    )),
                }));
                go.emit(next);
            });
        })
    };
    let confirming = query
        .scenario
        .clone()
        .filter(|name| has_work && scenario::preset(name).is_some());
    {
        let (apply_scenario, applied) = (apply_scenario.clone(), applied.clone());
        use_effect_with(
            (query.scenario.clone(), has_work),
            move |(name, has_work)| {
                if let Some(name) = name {
                    let unknown = scenario::preset(name).is_none();
                    let first = applied.borrow().as_deref() != Some(name.as_str());
                    if (unknown || !has_work) && first {
                        *applied.borrow_mut() = Some(name.clone());
                        apply_scenario.emit(name.clone());
                    }
                } else {
                    *applied.borrow_mut() = None;
                }
            },
        );
    }

    // The current step's control: its pane follows the guide, and the control is outlined.
    let current = playground.read(|p| {
        guide::steps(
            &p.world,
            &Id::parse(&left),
            &Id::parse(&right),
            p.now(),
            paths,
            query.token.as_ref().map(|t| Id::parse(t)).as_ref(),
        )
        .into_iter()
        .find(|s| s.progress == Progress::Current)
    });
    {
        let (go, query, phone_shows) = (go.clone(), query.clone(), phone_shows.clone());
        let key = current.as_ref().map(|s| (s.kind.slug(), s.side, s.screen));
        use_effect_with(key, move |key| {
            if let Some((_, side, screen)) = key {
                phone_shows.set(*side);
                if query.view(*side) != Some(*screen) || query.object(*side).is_some() {
                    go.emit(query.with_view(*side, *screen));
                }
            }
        });
    }
    // This page's own element: the highlight looks for the control, and clears an old outline,
    // only inside it.
    let root = use_node_ref();
    // Where the button beside the highlighted control goes, inside its pane's body.
    let beside = use_state(|| None::<Beside>);
    // The control the pane last scrolled to, and whether the presenter asked to see it ("Show
    // in … pane"): then the pane scrolls to it again and the page brings it into view.
    let scrolled = use_mut_ref(|| None::<(Side, String)>);
    let reveal = use_mut_ref(|| false);
    {
        let target = current.as_ref().map(|s| {
            let side = s.side;
            (side, s.control.selector(DemoQuery::pane_prefix(side)))
        });
        let (beside, root, scrolled, reveal) = (
            beside.clone(),
            root.clone(),
            scrolled.clone(),
            reveal.clone(),
        );
        use_effect(move || {
            let at = root
                .cast::<web_sys::Element>()
                .and_then(|root| highlight(&root, &target, &scrolled, &reveal));
            if *beside != at {
                beside.set(at);
            }
        });
    }
    // The selects show the state's choice: the panes' organizations (a preset, a link or the
    // guide changes them, as well as the select itself) and the guide's two paths.
    let (left_select, right_select) = (use_node_ref(), use_node_ref());
    let (create_select, handover_select) = (use_node_ref(), use_node_ref());
    {
        let choices = [
            (left_select.clone(), left.clone()),
            (right_select.clone(), right.clone()),
            (create_select.clone(), paths.create.slug().to_string()),
            (handover_select.clone(), paths.hand_over.slug().to_string()),
        ];
        use_effect(move || {
            for (select, value) in &choices {
                show_choice(select, value);
            }
        });
    }
    // A new layout moves the control; the button follows it.
    let resized = use_state(|| 0u32);
    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "resize", move |_| {
                    resized.set(resized.wrapping_add(1))
                })
            });
            move || drop(listener)
        });
    }

    let on_show = {
        let (visit, query, phone_shows) = (visit.clone(), query.clone(), phone_shows.clone());
        Callback::from(move |(side, screen): (Side, Screen)| {
            phone_shows.set(side);
            visit.emit(query.clone().with_view(side, screen));
        })
    };
    let on_paste = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |token: Id| {
            go.emit(DemoQuery {
                token: Some(token.to_string()),
                ..query.clone().with_view(Side::Destination, Screen::Redeem)
            })
        })
    };
    let do_it = use_do_it(on_paste, on_show.clone());
    // A "Do it for me" redeem leaves nothing to read in the Redeem form (a click there shows
    // its result card): the right pane opens the inquiry the redeem made, with its verdict,
    // and the form no longer holds the used token.
    {
        let redeemed = do_it
            .outcome
            .as_ref()
            .is_some_and(|(slug, flash)| slug == "redeem" && matches!(flash, Flash::Done(_)));
        let made = redeemed
            .then(|| {
                playground.read(|p| {
                    connect::demo::Focus::of(&p.world, &Id::parse(&left), &Id::parse(&right))
                        .destination_inquiry
                        .map(|i| i.id.clone())
                })
            })
            .flatten();
        let (go, query, right) = (go.clone(), query.clone(), right.clone());
        use_effect_with(made, move |made| {
            if let Some(id) = made {
                let route = Route::inquiry(&Id::parse(&right), id);
                go.emit(DemoQuery {
                    token: None,
                    ..query.with_object(Side::Destination, &route)
                });
            }
        });
    }
    // A "Do it for me" pressed from the keyboard hides as its step is done: the app's focus
    // keeper (ui/focus.rs) moves focus on to the next step's, so Enter walks the whole flow.
    let on_reveal = {
        let (on_show, scrolled, reveal) = (on_show.clone(), scrolled.clone(), reveal.clone());
        Callback::from(move |shown: (Side, Screen)| {
            *scrolled.borrow_mut() = None;
            *reveal.borrow_mut() = true;
            on_show.emit(shown);
        })
    };
    // The panes' context never changes: a screen inside re-renders only with its parent, never
    // on its own with stale children (as a context change would make it), so a link reads the
    // query of the latest render when it is followed.
    let latest = use_mut_ref(DemoQuery::default);
    *latest.borrow_mut() = query.clone();
    let open_in = |side: Side| {
        let (navigator, visit, latest) = (navigator.clone(), visit.clone(), latest.clone());
        move |(route, search): (Route, Option<String>), _: &()| {
            let query = latest.borrow().clone();
            match query.opened(side, &route, search.as_deref()) {
                Some(next) => visit.emit(next),
                None => {
                    if let Some(navigator) = &navigator {
                        navigator.push(&route);
                    }
                }
            }
        }
    };
    let holds_token = {
        let (go, latest) = (go.clone(), latest.clone());
        use_callback((), move |token: Id, _: &()| {
            let query = latest.borrow().clone();
            if query.token.as_deref() != Some(token.as_str()) {
                go.emit(DemoQuery {
                    token: Some(token.to_string()),
                    ..query
                });
            }
        })
    };
    // Handed over through the destination's API, the token lands in its inbox: the right pane's
    // Redeem form then holds it, as a paste would have put it there, so the Redeem step's
    // outlined button redeems the token the audience just saw sent (by a click in the left
    // pane or by "Do it for me").
    {
        let delivered = playground.world(|w, now| {
            let (source, destination) = (Id::parse(&left), Id::parse(&right));
            w.partner_inbox
                .iter()
                .filter(|e| e.org_id == destination && e.sender_org_id == source)
                .max_by_key(|e| e.received_at)
                .filter(|e| {
                    w.share_tokens
                        .get(&e.share_token_id)
                        .is_some_and(|t| t.status_at(now) == connect::ShareTokenStatus::New)
                })
                .map(|e| e.share_token_id.clone())
        });
        let holds_token = holds_token.clone();
        use_effect_with(delivered, move |delivered| {
            if let Some(token) = delivered {
                holds_token.emit(token.clone());
            }
        });
    }
    let open_left = use_callback((), open_in(Side::Source));
    let open_right = use_callback((), open_in(Side::Destination));
    let on_presenter = {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| {
            save_presenter(!*presenter);
            presenter.set(!*presenter);
        })
    };
    let on_path = |create: bool| {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            let mut next = query.clone();
            if create {
                next.create = Some(select.value());
            } else {
                next.handover = Some(select.value());
            }
            go.emit(next);
        })
    };
    let on_cancel = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |_: MouseEvent| {
            go.emit(DemoQuery {
                scenario: None,
                ..query.clone()
            })
        })
    };
    let on_confirm = {
        let (apply_scenario, confirming) = (apply_scenario.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = &confirming {
                apply_scenario.emit(name.clone());
            }
        })
    };

    let pane = |side: Side, org: &str, select: &NodeRef| {
        let view = query.view(side).unwrap_or(match side {
            Side::Source => Screen::ShareTokens,
            Side::Destination => Screen::Redeem,
        });
        let (id, label, role) = match side {
            Side::Source => ("pane-left", "Left pane organization", "Source"),
            Side::Destination => ("pane-right", "Right pane organization", "Destination"),
        };
        let on_org = {
            let (visit, query) = (visit.clone(), query.clone());
            Callback::from(move |e: Event| {
                let Some(select) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                else {
                    return;
                };
                let mut next = DemoQuery {
                    token: None,
                    ..query.clone()
                };
                match side {
                    Side::Source => next.left = Some(select.value()),
                    Side::Destination => next.right = Some(select.value()),
                }
                visit.emit(next);
            })
        };
        let org = Id::parse(org);
        let screen = match view {
            Screen::Bridges => html! { <Bridges key={org.to_string()} org={org.clone()} /> },
            Screen::Inquiries => {
                html! { <Inquiries key={org.to_string()} org={org.clone()} in_pane=true /> }
            }
            Screen::ShareTokens => {
                html! { <ShareTokens key={org.to_string()} org={org.clone()} /> }
            }
            Screen::Redeem => html! { <Redeem key={org.to_string()} org={org.clone()} /> },
            Screen::Workflows => html! { <Workflows key={org.to_string()} org={org.clone()} /> },
        };
        let body = match query.object(side) {
            Some(route) => {
                let back = {
                    let (visit, query) = (visit.clone(), query.clone());
                    Callback::from(move |_: MouseEvent| {
                        visit.emit(query.clone().with_view(side, view))
                    })
                };
                html! {
                    <>
                        <button type="button" class="pane-back" onclick={back}>{ format!("← Back to {}", view.label()) }</button>
                        { object_screen(route) }
                    </>
                }
            }
            None => screen,
        };
        let scope = PaneScope {
            prefix: DemoQuery::pane_prefix(side),
            open: match side {
                Side::Source => open_left.clone(),
                Side::Destination => open_right.clone(),
            },
            holds_token: holds_token.clone(),
        };
        // The current step's "Do it for me", beside the control it stands for.
        let here = current
            .as_ref()
            .zip(beside.as_ref())
            .filter(|(step, at)| step.side == side && at.side == side && step.action.is_some());
        // Always in the DOM (hidden when the step is elsewhere), so the screen beside it never
        // moves in its parent.
        let do_it_here = {
            let (run, step) = (do_it.run.clone(), here.map(|(step, _)| step.clone()));
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(step) = &step {
                    run.emit(step.clone())
                }
            });
            html! {
                <button type="button" class="primary do-it-here" data-action="do-it" hidden={here.is_none()}
                    disabled={do_it.busy} {onclick}>{ "Do it for me" }</button>
            }
        };
        html! {
            <section class={classes!("pane", (*phone_shows == side).then_some("shown"))} {id} aria-label={format!("{role} pane")}>
                <div class="pane-bar">
                    <label class="pane-org">
                        <span>{ role }</span>
                        <select aria-label={label} onchange={on_org} ref={select.clone()}>
                            { for orgs.iter().map(|(id, name)| html! {
                                <option value={id.clone()} selected={id.as_str() == org.as_str()}>{ name.clone() }</option>
                            }) }
                        </select>
                    </label>
                    <nav class="pane-tabs" aria-label={format!("{role} pane screens")}>
                        { for Screen::ALL.into_iter().map(|s| {
                            let (on_show, current) = (on_show.clone(), s == view);
                            html! {
                                <button type="button" class={classes!("tab", current.then_some("current"))} aria-pressed={current.to_string()} data-screen={s.slug()}
                                    onclick={Callback::from(move |_: MouseEvent| on_show.emit((side, s)))}>{ s.label() }</button>
                            }
                        }) }
                    </nav>
                </div>
                <div class="pane-body">
                    <div class="pane-screen">
                        <ContextProvider<PaneScope> context={scope}>{ body }</ContextProvider<PaneScope>>
                    </div>
                    { do_it_here }
                </div>
            </section>
        }
    };

    let export = confirming
        .as_ref()
        .and_then(|_| export_href(playground.read(|p| p.export())));
    let file_name = format!("connect-playground-{}.json", &real_now().iso8601()[..10]);

    html! {
        <div class={classes!("demo", (*presenter).then_some("presenter"))} id="demo" ref={root}>
            <div class="demo-toolbar">
                <h1>{ "Demo mode" }</h1>
                <nav class="scenarios" aria-label="Scenarios">
                    <span class="muted">{ "Scenarios:" }</span>
                    { for PRESETS.iter().map(|p| html! {
                        <Link<Route, QueryPairs> to={Route::Demo} query={Some(vec![("scenario".to_string(), p.name.to_string())])} classes="button scenario" >
                            <span title={p.summary}>{ p.title }</span>
                        </Link<Route, QueryPairs>>
                    }) }
                </nav>
                <button type="button" id="presenter-text" aria-pressed={presenter.to_string()} onclick={on_presenter}>
                    { if *presenter { "Presenter text: large" } else { "Presenter text: normal" } }
                </button>
            </div>
            if let Some(name) = &confirming {
                <div class="confirm" id="scenario-confirmation" role="group" aria-label="Confirm the scenario">
                    <p>
                        <strong>{ format!("Open the scenario “{}”? ", scenario::preset(name).map(|p| p.title).unwrap_or_default()) }</strong>
                        { "It replaces everything in this playground. Export first if you want to keep it." }
                    </p>
                    <div class="actions">
                        if let Some(href) = export {
                            <a class="button" id="scenario-export" {href} download={file_name}>{ "Export first" }</a>
                        }
                        <button type="button" class="danger" id="confirm-scenario" onclick={on_confirm}>{ "Replace with the scenario" }</button>
                        <button type="button" data-action="cancel" onclick={on_cancel}>{ "Cancel" }</button>
                    </div>
                </div>
            }
            <FlashMessage flash={(*outcome).clone()} />
            <div class="demo-top">
                <FlowPicture source={left.clone()} destination={right.clone()} />
                <div class="demo-guide">
                    <div class="paths">
                        <label>{ "Token created via" }
                            <select id="path-create" onchange={on_path(true)} ref={create_select}>
                                { for CreatePath::ALL.into_iter().map(|p| html! { <option value={p.slug()} selected={p == paths.create}>{ p.label() }</option> }) }
                            </select>
                        </label>
                        <label>{ "Handed over via" }
                            <select id="path-handover" onchange={on_path(false)} ref={handover_select}>
                                { for HandOver::ALL.into_iter().map(|p| html! { <option value={p.slug()} selected={p == paths.hand_over}>{ p.label() }</option> }) }
                            </select>
                        </label>
                    </div>
                    <Guide source={left.clone()} destination={right.clone()} {paths}
                        pasted={query.token.clone().map(AttrValue::from)} do_it={do_it.clone()} on_show={on_reveal} />
                </div>
            </div>
            <div class="pane-switch" role="group" aria-label="Pane shown">
                { for [(Side::Source, "Source"), (Side::Destination, "Destination")].into_iter().map(|(side, label)| {
                    let phone_shows = phone_shows.clone();
                    let current = *phone_shows == side;
                    html! {
                        <button type="button" aria-pressed={current.to_string()} class={classes!(current.then_some("current"))}
                            onclick={Callback::from(move |_: MouseEvent| phone_shows.set(side))}>{ label }</button>
                    }
                }) }
            </div>
            <div class="panes">
                { pane(Side::Source, &left, &left_select) }
                { pane(Side::Destination, &right, &right_select) }
            </div>
        </div>
    }
}

/// An object's screen inside a pane.
fn object_screen(route: Route) -> Html {
    match route {
        Route::Inquiry { org, id } => html! { <InquiryPage org={Id::parse(&org)} {id} /> },
        Route::Bridge { org, id } => html! { <BridgePage org={Id::parse(&org)} {id} /> },
        Route::ShareToken { org, id } => html! { <ShareTokenPage org={Id::parse(&org)} {id} /> },
        _ => Html::default(),
    }
}

/// Where the "Do it for me" beside a control goes: its pane, and pixels from the top left of
/// the pane's scrolled content.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Beside {
    side: Side,
    top: i32,
    left: i32,
}

/// The button's room, in pixels: it goes to the control's right when that fits in the pane,
/// under the control otherwise.
const BESIDE_WIDTH: f64 = 130.0;
const BESIDE_GAP: f64 = 8.0;
/// The button's height before it has been laid out once.
const BESIDE_HEIGHT: f64 = 30.0;

/// Outlines the current step's control in its pane, and scrolls it into view when it is a new
/// one. The pages are the real screens, so the outline is put on the element they rendered.
/// Returns where the "Do it for me" beside it goes.
///
/// Everything is looked up inside `root`, the demo's own element, never in the whole document:
/// another copy of the app on the page (a test's leftover) must neither lose nor gain an outline.
fn highlight(
    root: &web_sys::Element,
    target: &Option<(Side, String)>,
    scrolled: &std::rc::Rc<std::cell::RefCell<Option<(Side, String)>>>,
    reveal: &std::rc::Rc<std::cell::RefCell<bool>>,
) -> Option<Beside> {
    if let Ok(old) = root.query_selector_all("[data-demo-highlight]") {
        for i in 0..old.length() {
            if let Some(element) = old
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = element.remove_attribute("data-demo-highlight");
            }
        }
    }
    let (side, control) = target.as_ref()?;
    let pane = match side {
        Side::Source => "#pane-left",
        Side::Destination => "#pane-right",
    };
    let element = root
        .query_selector(&format!("{pane} {control}"))
        .ok()
        .flatten()?;
    let _ = element.set_attribute("data-demo-highlight", "");
    let body = root
        .query_selector(&format!("{pane} .pane-body"))
        .ok()
        .flatten()?;
    if scrolled.borrow().as_ref() != target.as_ref() {
        *scrolled.borrow_mut() = target.clone();
        // Only the pane scrolls: the picture and the guide stay where the audience sees them.
        let offset = element.get_bounding_client_rect().top()
            - body.get_bounding_client_rect().top()
            + f64::from(body.scroll_top())
            - 72.0;
        body.set_scroll_top(offset.max(0.0) as i32);
        // A table wider than the pane scrolls sideways in its card: the control (a row's Send
        // button in the last column) is brought in from the right, not left cut off.
        let mut scroller = element.parent_element();
        while let Some(node) = scroller {
            if node.scroll_width() > node.client_width() {
                let over = element.get_bounding_client_rect().right()
                    - node.get_bounding_client_rect().right()
                    + 16.0;
                if over > 0.0 {
                    node.set_scroll_left(node.scroll_left() + over.ceil() as i32);
                }
            }
            if node == body {
                break;
            }
            scroller = node.parent_element();
        }
    }
    if std::mem::take(&mut *reveal.borrow_mut()) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
    // A hidden pane (the other one, on a phone) has no room to measure.
    let rect = element.get_bounding_client_rect();
    if rect.width() == 0.0 && rect.height() == 0.0 {
        return None;
    }
    let button = body
        .query_selector(".do-it-here")
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    let height = button
        .as_ref()
        .map(|b| f64::from(b.offset_height()))
        .filter(|h| *h > 0.0)
        .unwrap_or(BESIDE_HEIGHT);
    let (top, left) = beside::place(&body, &element, BESIDE_WIDTH, height, BESIDE_GAP);
    let at = Beside {
        side: *side,
        top: top.round() as i32,
        left: left.round() as i32,
    };
    // Through the style object: the page's Content-Security-Policy refuses style attributes.
    if let Some(button) = button {
        let style = button.style();
        let _ = style.set_property("top", &format!("{}px", at.top));
        let _ = style.set_property("left", &format!("{}px", at.left));
    }
    Some(at)
}
