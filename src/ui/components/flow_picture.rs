//! The live picture of a share flow, drawn as SVG from the shared state: the two
//! organizations, the bridge with its status and scopes, the source inquiry, the token with its
//! status and time left, and the destination inquiry with its verification results. Each part
//! links to its object's screen. What it says comes from `connect::demo::picture`.
//!
//! Wide screens get the flow from left to right; below [`NARROW`] pixels (a phone) the same
//! parts stack in one column, drawn at a size that stays readable there.

use crate::ui::{use_playground, Route};
use connect::demo::picture::{countdown, InquiryPart, Picture};
use connect::{BridgeStatus, Id, InquiryStatus, ShareTokenStatus};
use gloo_timers::callback::Interval;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FlowPictureProps {
    pub source: AttrValue,
    pub destination: AttrValue,
}

/// The colour class of a status word, as the badges use it.
fn tone(status: &str) -> &'static str {
    match status {
        "active" | "completed" | "approved" | "redeemed" | "passed" => "good",
        "failed" | "declined" | "expired" | "inactive" | "missing data" => "bad",
        "pending" | "needs_review" | "initiated" | "new" => "wait",
        _ => "neutral",
    }
}

/// Cuts `text` to `max` characters, so a long name never runs out of its box.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[function_component(FlowPicture)]
pub fn flow_picture(props: &FlowPictureProps) -> Html {
    let playground = use_playground();
    let navigator = use_navigator();
    let (source, destination) = (Id::parse(&props.source), Id::parse(&props.destination));
    let picture = playground.read(|p| Picture::of(&p.world, &source, &destination, p.now()));
    let g = if use_narrow() {
        Geometry::COLUMN
    } else {
        Geometry::ROW
    };

    // A new token's countdown moves every second; nothing else in the picture does.
    let tick = use_state(|| 0u32);
    let counting = picture
        .token
        .as_ref()
        .is_some_and(|t| t.status == ShareTokenStatus::New);
    {
        let tick = tick.clone();
        use_effect_with(counting, move |counting| {
            let interval = counting.then(|| {
                let tick = tick.clone();
                Interval::new(1_000, move || tick.set(tick.wrapping_add(1)))
            });
            move || drop(interval)
        });
    }

    let basename = navigator
        .as_ref()
        .and_then(|n| n.basename().map(str::to_string))
        .unwrap_or_default();
    let link = |route: Route, label: String, body: Html| {
        let href = format!("{basename}{}", route.to_path());
        let navigator = navigator.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            if let Some(navigator) = &navigator {
                e.prevent_default();
                navigator.push(&route);
            }
        });
        html! { <a {href} {onclick} aria-label={label} class="picture-link">{ body }</a> }
    };

    let Picture {
        source: src,
        destination: dst,
        bridge,
        source_inquiry,
        token,
        destination_inquiry,
    } = picture;
    let (src_org, dst_org) = (src.id.to_string(), dst.id.to_string());

    let org_box = |(x, y): (i32, i32),
                   part: &connect::demo::picture::OrgPart,
                   role: &str,
                   id: &str| {
        link(
            Route::Dashboard {
                org: part.id.to_string(),
            },
            format!("{}: the {role}'s Dashboard", part.name),
            html! {
                <g id={id.to_string()}>
                    <rect x={x.to_string()} y={y.to_string()} width={g.box_w.to_string()} height={ORG_H.to_string()} rx="10" class="org" />
                    <text x={(x + 14).to_string()} y={(y + 28).to_string()} class="org-name">{ fit(&part.name, 20) }</text>
                    <text x={(x + 14).to_string()} y={(y + 50).to_string()} class="muted">{ role.to_string() }</text>
                </g>
            },
        )
    };

    let bridge_part = match &bridge {
        Some(b) => {
            let status = b.status.as_str();
            let fields = if b.fields.is_empty() {
                vec!["shares no fields".to_string()]
            } else {
                wrap(&format!("shares {}", b.fields.join(", ")), g.bridge_chars)
            };
            let evidence = if b.evidence.is_empty() {
                "no evidence".to_string()
            } else {
                format!("evidence: {}", b.evidence.join(", "))
            };
            let lines: Vec<String> = fields
                .into_iter()
                .take(2)
                .chain(std::iter::once(fit(&evidence, g.bridge_chars)))
                .collect();
            link(
                Route::Bridge {
                    org: src_org.clone(),
                    id: b.id.to_string(),
                },
                format!("Bridge, {status}"),
                html! {
                    <g id="picture-bridge" data-status={status}>
                        <line x1={g.bridge.0.to_string()} y1={g.bridge.1.to_string()} x2={(g.bridge.2 - 4 * g.horizontal()).to_string()} y2={(g.bridge.3 - 4 * (1 - g.horizontal())).to_string()} class={classes!("bridge", tone(status), (b.status != BridgeStatus::Active).then_some("dashed"))} marker-end="url(#arrow)" />
                        <text x={g.label.0.to_string()} y={g.label.1.to_string()} text-anchor={g.anchor} class={classes!("status", tone(status))}>{ format!("bridge {status}") }</text>
                        { for lines.iter().enumerate().map(|(n, line)| html! {
                            <text x={g.label.0.to_string()} y={(g.label.1 + 32 + 18 * n as i32).to_string()} text-anchor={g.anchor} class="small">{ line.clone() }</text>
                        }) }
                    </g>
                },
            )
        }
        None => html! {
            <g id="picture-bridge" data-status="none">
                <line x1={g.bridge.0.to_string()} y1={g.bridge.1.to_string()} x2={g.bridge.2.to_string()} y2={g.bridge.3.to_string()} class="bridge dashed neutral" />
                <text x={g.label.0.to_string()} y={g.label.1.to_string()} text-anchor={g.anchor} class="muted">{ "no bridge yet" }</text>
            </g>
        },
    };

    let inquiry_box = |(x, y): (i32, i32),
                       part: &InquiryPart,
                       org: &str,
                       id: &str,
                       lines: Vec<(String, &'static str)>| {
        let status = part.status.as_str();
        let height = inquiry_height(lines.len());
        link(
            Route::Inquiry {
                org: org.to_string(),
                id: part.id.to_string(),
            },
            format!("Inquiry for {}, {status}", part.person),
            html! {
                <g id={id.to_string()} data-status={status}>
                    <rect x={x.to_string()} y={y.to_string()} width={g.box_w.to_string()} height={height.to_string()} rx="10" class={classes!("inquiry", tone(status))} />
                    <text x={(x + 14).to_string()} y={(y + 26).to_string()} class="strong">{ fit(&format!("Inquiry · {}", part.person), 24) }</text>
                    <text x={(x + 14).to_string()} y={(y + 50).to_string()}>
                        <tspan class={classes!("status", tone(status))}>{ status.replace('_', " ") }</tspan>
                        <tspan class="muted">{ fit(&format!(" · {}", part.template), 20) }</tspan>
                    </text>
                    { for lines.iter().enumerate().map(|(n, (line, tone))| html! {
                        <text x={(x + 14).to_string()} y={(y + 76 + 22 * n as i32).to_string()} class={classes!("result", *tone)}>{ line.clone() }</text>
                    }) }
                </g>
            },
        )
    };

    let source_part = match &source_inquiry {
        Some(i) => inquiry_box(
            g.source_inquiry,
            i,
            &src_org,
            "picture-source-inquiry",
            Vec::new(),
        ),
        None => html! {
            <g id="picture-source-inquiry" data-status="none">
                <rect x={g.source_inquiry.0.to_string()} y={g.source_inquiry.1.to_string()} width={g.box_w.to_string()} height="64" rx="10" class="inquiry neutral dashed" />
                <text x={(g.source_inquiry.0 + 14).to_string()} y={(g.source_inquiry.1 + 38).to_string()} class="muted">{ "no completed inquiry yet" }</text>
            </g>
        },
    };

    let token_part = match &token {
        Some(t) => {
            let status = t.status.as_str();
            // The token travels from the source towards the destination as it is used.
            let (x, y) = g.token_at(stage(t.status));
            let (from_x, from_y, to_x, to_y) = g.travel(x, y);
            let note = match (&t.addressed_to, t.expires_in_seconds, &t.failure_reason) {
                (Some(other), _, _) => fit(&format!("addressed to {other}"), 24),
                (None, Some(left), _) => format!("expires in {}", countdown(left)),
                (None, None, Some(reason)) => fit(reason, 24),
                (None, None, None) => String::new(),
            };
            link(
                Route::ShareToken {
                    org: src_org.clone(),
                    id: t.id.to_string(),
                },
                format!("Share token, {status}"),
                html! {
                    <g id="picture-token" data-status={status}>
                        <line x1={from_x.to_string()} y1={from_y.to_string()} x2={to_x.to_string()} y2={to_y.to_string()} class="travel" />
                        <rect x={x.to_string()} y={y.to_string()} width={TOKEN_W.to_string()} height={TOKEN_H.to_string()} rx="12" class={classes!("token", tone(status))} />
                        <text x={(x + TOKEN_W / 2).to_string()} y={(y + 24).to_string()} text-anchor="middle" class="muted">{ "share token" }</text>
                        <text x={(x + TOKEN_W / 2).to_string()} y={(y + 52).to_string()} text-anchor="middle" class={classes!("token-status", tone(status))}>{ status }</text>
                        <text x={(x + TOKEN_W / 2).to_string()} y={(y + 74).to_string()} text-anchor="middle" class="small" id="picture-countdown">{ note }</text>
                    </g>
                },
            )
        }
        None => html! {
            <g id="picture-token" data-status="none">
                <rect x={g.token_at(0).0.to_string()} y={g.token_at(0).1.to_string()} width={TOKEN_W.to_string()} height={TOKEN_H.to_string()} rx="12" class="token neutral dashed" />
                <text x={(g.token_at(0).0 + TOKEN_W / 2).to_string()} y={(g.token_at(0).1 + 46).to_string()} text-anchor="middle" class="muted">{ "no share token yet" }</text>
            </g>
        },
    };

    // Made once: they size the picture and fill the box.
    let destination_lines = destination_inquiry
        .as_ref()
        .map(|i| result_lines(i, g.line_chars()))
        .unwrap_or_default();
    let destination_rows = destination_lines.len();
    let destination_part = match &destination_inquiry {
        Some(i) => inquiry_box(
            g.destination_inquiry,
            i,
            &dst_org,
            "picture-destination-inquiry",
            destination_lines,
        ),
        None => html! {
            <g id="picture-destination-inquiry" data-status="none">
                <rect x={g.destination_inquiry.0.to_string()} y={g.destination_inquiry.1.to_string()} width={g.box_w.to_string()} height="64" rx="10" class="inquiry neutral dashed" />
                <text x={(g.destination_inquiry.0 + 14).to_string()} y={(g.destination_inquiry.1 + 38).to_string()} class="muted">{ "not redeemed yet" }</text>
            </g>
        },
    };
    let into_destination = destination_inquiry.is_some()
        && token
            .as_ref()
            .is_some_and(|t| t.status != ShareTokenStatus::Expired);
    let height = g.destination_inquiry.1 + inquiry_height(destination_rows).max(g.row_floor) + 12;
    let arrival = token
        .as_ref()
        .map(|t| g.arrival(g.token_at(stage(t.status))));

    let title = format!("The share flow from {} to {}", src.name, dst.name);
    let summary = describe(
        &bridge,
        &token,
        &destination_inquiry.as_ref().map(|i| i.status),
    );
    html! {
        <figure class="flow-picture" id="flow-picture">
            <svg viewBox={format!("0 0 {} {height}", g.width)} class={classes!((g.horizontal() == 0).then_some("column"))} role="img" aria-labelledby="flow-picture-title flow-picture-desc">
                <title id="flow-picture-title">{ title }</title>
                <desc id="flow-picture-desc">{ summary }</desc>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                { org_box(g.source_org, &src, "source", "picture-source") }
                { org_box(g.destination_org, &dst, "destination", "picture-destination") }
                { bridge_part }
                { source_part }
                { token_part }
                if let (true, Some((x1, y1, x2, y2))) = (into_destination, arrival) {
                    <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} class="travel" marker-end="url(#arrow)" />
                }
                { destination_part }
            </svg>
        </figure>
    }
}

/// How far the token has travelled: new (or expired unused), pending, used.
fn stage(status: ShareTokenStatus) -> usize {
    match status {
        ShareTokenStatus::New | ShareTokenStatus::Expired => 0,
        ShareTokenStatus::Pending => 1,
        ShareTokenStatus::Redeemed | ShareTokenStatus::Failed => 2,
    }
}

/// Below this window width (CSS pixels) the picture stacks in one column.
const NARROW: f64 = 600.0;
const ORG_H: i32 = 64;
const TOKEN_W: i32 = 200;
const TOKEN_H: i32 = 84;

/// Where the parts go, in the SVG's own units: a row for wide screens, a column for phones.
#[derive(Clone, Copy, PartialEq)]
struct Geometry {
    width: i32,
    /// Organization and inquiry boxes.
    box_w: i32,
    source_org: (i32, i32),
    destination_org: (i32, i32),
    /// The bridge's line: x1, y1, x2, y2.
    bridge: (i32, i32, i32, i32),
    /// The bridge's status line; its scopes follow under it.
    label: (i32, i32),
    anchor: &'static str,
    bridge_chars: usize,
    source_inquiry: (i32, i32),
    destination_inquiry: (i32, i32),
    /// The token's place while new, then pending, then used; it moves towards the destination.
    token: [(i32, i32); 3],
    /// The least height the destination's row takes (the token sits beside it in a row).
    row_floor: i32,
}

impl Geometry {
    /// Characters of a result line that fit in an inquiry's box (about 7.6 units each at the
    /// result's font size, inside 14 units of padding a side).
    fn line_chars(&self) -> usize {
        usize::try_from((self.box_w - 28) * 10 / 76).unwrap_or(20)
    }

    const ROW: Geometry = Geometry {
        width: 960,
        box_w: 250,
        source_org: (10, 8),
        destination_org: (700, 8),
        bridge: (260, 40, 700, 40),
        label: (480, 30),
        anchor: "middle",
        bridge_chars: 54,
        source_inquiry: (10, 124),
        destination_inquiry: (700, 124),
        token: [(290, 116), (380, 116), (470, 116)],
        row_floor: 84,
    };

    const COLUMN: Geometry = Geometry {
        width: 400,
        box_w: 380,
        source_org: (10, 8),
        destination_org: (10, 190),
        bridge: (36, 72, 36, 190),
        label: (56, 100),
        anchor: "start",
        bridge_chars: 40,
        source_inquiry: (10, 278),
        destination_inquiry: (10, 474),
        token: [(20, 366), (100, 366), (180, 366)],
        row_floor: 0,
    };

    /// 1 for the row, 0 for the column: which way the bridge's arrow points.
    fn horizontal(&self) -> i32 {
        i32::from(self.anchor == "middle")
    }

    fn token_at(&self, stage: usize) -> (i32, i32) {
        self.token[stage.min(2)]
    }

    /// The line from the source's inquiry to the token at `(x, y)`.
    fn travel(&self, x: i32, y: i32) -> (i32, i32, i32, i32) {
        let (sx, sy) = self.source_inquiry;
        if self.horizontal() == 1 {
            (sx + self.box_w, y + 40, x, y + 40)
        } else {
            (x + 24, sy + 64, x + 24, y)
        }
    }

    /// The arrow from the token at `(x, y)` into the destination's inquiry.
    fn arrival(&self, (x, y): (i32, i32)) -> (i32, i32, i32, i32) {
        let (dx, dy) = self.destination_inquiry;
        if self.horizontal() == 1 {
            (x + TOKEN_W, y + 40, dx - 2, y + 40)
        } else {
            (x + TOKEN_W / 2, y + TOKEN_H, x + TOKEN_W / 2, dy - 2)
        }
    }
}

/// Whether the window is narrower than [`NARROW`]; follows the window as it is resized.
#[hook]
fn use_narrow() -> bool {
    let narrow = || {
        web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w < NARROW)
    };
    let state = use_state(narrow);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "resize", move |_| state.set(narrow()))
            });
            move || drop(listener)
        });
    }
    *state
}

/// At most this many verifications and rules are listed in an inquiry's box.
const RESULTS_SHOWN: usize = 6;

/// The lines under an inquiry's status: its results, each cut to `width` characters keeping
/// its outcome (the what is cut, not "initiated"), those not passed first when there are more
/// than fit (the rule that failed or waits is the story), then what is missing, on up to three
/// lines, the last ending in "…" when there is more.
fn result_lines(part: &InquiryPart, width: usize) -> Vec<(String, &'static str)> {
    let passed = |outcome: &str| outcome == "passed";
    let mut shown: Vec<&(String, String)> = part.results.iter().collect();
    if shown.len() > RESULTS_SHOWN {
        let not_passed = shown.iter().filter(|(_, o)| !passed(o)).count();
        let mut room_for_passed = RESULTS_SHOWN.saturating_sub(not_passed);
        shown.retain(|(_, outcome)| {
            if !passed(outcome) {
                return true;
            }
            let keep = room_for_passed > 0;
            room_for_passed = room_for_passed.saturating_sub(1);
            keep
        });
        shown.truncate(RESULTS_SHOWN);
    }
    let mut lines: Vec<(String, &'static str)> = shown
        .into_iter()
        .map(|(what, outcome)| {
            let mark = match outcome.as_str() {
                "passed" => "✓",
                "failed" => "✗",
                _ => "…",
            };
            let room = width.saturating_sub(outcome.chars().count() + 4).max(8);
            (
                format!("{mark} {}: {outcome}", fit(what, room)),
                tone(outcome),
            )
        })
        .collect();
    if !part.missing.is_empty() {
        let wrapped = wrap(&format!("missing: {}", part.missing.join(", ")), width);
        let more = wrapped.len() > 3;
        for (n, line) in wrapped.into_iter().take(3).enumerate() {
            let line = if more && n == 2 {
                fit(&format!("{line} …"), width)
            } else {
                line
            };
            lines.push((line, "bad"));
        }
    }
    lines
}

fn inquiry_height(lines: usize) -> i32 {
    64 + 22 * lines as i32 + if lines > 0 { 4 } else { 0 }
}

/// Splits `text` at spaces into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

/// The picture in one sentence, for screen readers.
fn describe(
    bridge: &Option<connect::demo::picture::BridgePart>,
    token: &Option<connect::demo::picture::TokenPart>,
    destination: &Option<InquiryStatus>,
) -> String {
    let bridge = bridge
        .as_ref()
        .map(|b| format!("The bridge is {}.", b.status))
        .unwrap_or_else(|| "No bridge yet.".into());
    let token = token
        .as_ref()
        .map(|t| match &t.addressed_to {
            Some(other) => format!(" The share token is {}, addressed to {other}.", t.status),
            None => format!(" The share token is {}.", t.status),
        })
        .unwrap_or_default();
    let destination = destination
        .map(|s| format!(" The destination's inquiry is {s}."))
        .unwrap_or_default();
    format!("{bridge}{token}{destination}")
}
