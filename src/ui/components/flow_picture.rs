//! The live picture of a share flow, drawn as SVG from the shared state: the two
//! organizations, the bridge with its status and scopes, the source inquiry, the token with its
//! status and time left, and the destination inquiry with its verification results. Each part
//! links to its object's screen. What it says comes from `connect::demo::picture`.

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

    let org_box = |x: i32, part: &connect::demo::picture::OrgPart, role: &str, id: &str| {
        link(
            Route::Dashboard {
                org: part.id.to_string(),
            },
            format!("{}: the {role}'s Dashboard", part.name),
            html! {
                <g id={id.to_string()}>
                    <rect x={x.to_string()} y="8" width="280" height="64" rx="10" class="org" />
                    <text x={(x + 14).to_string()} y="36" class="org-name">{ fit(&part.name, 22) }</text>
                    <text x={(x + 14).to_string()} y="58" class="muted">{ role.to_string() }</text>
                </g>
            },
        )
    };

    let bridge_part = match &bridge {
        Some(b) => {
            let status = b.status.as_str();
            let fields = if b.fields.is_empty() {
                "no fields".to_string()
            } else {
                b.fields.join(", ")
            };
            let evidence = if b.evidence.is_empty() {
                "no evidence".to_string()
            } else {
                b.evidence.join(", ")
            };
            link(
                Route::Bridge {
                    org: src_org.clone(),
                    id: b.id.to_string(),
                },
                format!("Bridge, {status}"),
                html! {
                    <g id="picture-bridge" data-status={status}>
                        <line x1="290" y1="40" x2="660" y2="40" class={classes!("bridge", tone(status), (b.status != BridgeStatus::Active).then_some("dashed"))} marker-end="url(#arrow)" />
                        <text x="475" y="30" text-anchor="middle" class={classes!("status", tone(status))}>{ format!("bridge {status}") }</text>
                        <text x="475" y="62" text-anchor="middle" class="small">{ fit(&format!("shares {fields}"), 52) }</text>
                        <text x="475" y="80" text-anchor="middle" class="small">{ fit(&format!("evidence: {evidence}"), 52) }</text>
                    </g>
                },
            )
        }
        None => html! {
            <g id="picture-bridge" data-status="none">
                <line x1="290" y1="40" x2="660" y2="40" class="bridge dashed neutral" />
                <text x="475" y="30" text-anchor="middle" class="muted">{ "no bridge yet" }</text>
            </g>
        },
    };

    let inquiry_box = |x: i32,
                       part: &InquiryPart,
                       org: &str,
                       id: &str,
                       height: i32,
                       results: bool| {
        let status = part.status.as_str();
        let lines: Vec<(String, String)> = if results {
            part.results.iter().take(5).cloned().collect()
        } else {
            Vec::new()
        };
        link(
            Route::Inquiry {
                org: org.to_string(),
                id: part.id.to_string(),
            },
            format!("Inquiry for {}, {status}", part.person),
            html! {
                <g id={id.to_string()} data-status={status}>
                    <rect x={x.to_string()} y="112" width="280" height={height.to_string()} rx="10" class={classes!("inquiry", tone(status))} />
                    <text x={(x + 14).to_string()} y="138" class="strong">{ fit(&format!("Inquiry · {}", part.person), 26) }</text>
                    <text x={(x + 14).to_string()} y="162" class="muted">{ fit(&part.template, 30) }</text>
                    <text x={(x + 266).to_string()} y="138" text-anchor="end" class={classes!("status", tone(status))}>{ status.replace('_', " ") }</text>
                    { for lines.iter().enumerate().map(|(n, (what, outcome))| {
                        let y = 188 + 22 * n as i32;
                        let mark = match outcome.as_str() { "passed" => "✓", "failed" => "✗", _ => "…" };
                        html! {
                            <text x={(x + 14).to_string()} y={y.to_string()} class={classes!("result", tone(outcome))}>
                                { fit(&format!("{mark} {what}: {outcome}"), 34) }
                            </text>
                        }
                    }) }
                    if results && !part.missing.is_empty() {
                        <text x={(x + 14).to_string()} y={(188 + 22 * lines.len() as i32).to_string()} class="result bad">
                            { fit(&format!("missing: {}", part.missing.join(", ")), 34) }
                        </text>
                    }
                </g>
            },
        )
    };

    let source_part = match &source_inquiry {
        Some(i) => inquiry_box(10, i, &src_org, "picture-source-inquiry", 64, false),
        None => html! {
            <g id="picture-source-inquiry" data-status="none">
                <rect x="10" y="112" width="280" height="64" rx="10" class="inquiry neutral dashed" />
                <text x="24" y="150" class="muted">{ "no completed inquiry yet" }</text>
            </g>
        },
    };

    let token_part = match &token {
        Some(t) => {
            let status = t.status.as_str();
            // The token travels from the source towards the destination as it is used.
            let x = match t.status {
                ShareTokenStatus::New | ShareTokenStatus::Expired => 330,
                ShareTokenStatus::Pending => 380,
                ShareTokenStatus::Redeemed | ShareTokenStatus::Failed => 430,
            };
            let note = match (t.expires_in_seconds, &t.failure_reason) {
                (Some(left), _) => format!("expires in {}", countdown(left)),
                (None, Some(reason)) => fit(reason, 26),
                (None, None) => String::new(),
            };
            link(
                Route::ShareToken {
                    org: src_org.clone(),
                    id: t.id.to_string(),
                },
                format!("Share token, {status}"),
                html! {
                    <g id="picture-token" data-status={status}>
                        <line x1="290" y1="144" x2={x.to_string()} y2="144" class="travel" />
                        <rect x={x.to_string()} y="104" width="200" height="84" rx="12" class={classes!("token", tone(status))} />
                        <text x={(x + 100).to_string()} y="128" text-anchor="middle" class="muted">{ "share token" }</text>
                        <text x={(x + 100).to_string()} y="156" text-anchor="middle" class={classes!("token-status", tone(status))}>{ status }</text>
                        <text x={(x + 100).to_string()} y="178" text-anchor="middle" class="small" id="picture-countdown">{ note }</text>
                    </g>
                },
            )
        }
        None => html! {
            <g id="picture-token" data-status="none">
                <rect x="330" y="104" width="200" height="84" rx="12" class="token neutral dashed" />
                <text x="430" y="150" text-anchor="middle" class="muted">{ "no share token yet" }</text>
            </g>
        },
    };

    let destination_part = match &destination_inquiry {
        Some(i) => {
            let rows = i.results.len().min(5) as i32 + i32::from(!i.missing.is_empty());
            inquiry_box(
                670,
                i,
                &dst_org,
                "picture-destination-inquiry",
                64 + 22 * rows + 8,
                true,
            )
        }
        None => html! {
            <g id="picture-destination-inquiry" data-status="none">
                <rect x="670" y="112" width="280" height="64" rx="10" class="inquiry neutral dashed" />
                <text x="684" y="150" class="muted">{ "not redeemed yet" }</text>
            </g>
        },
    };
    let into_destination = destination_inquiry.is_some()
        && token
            .as_ref()
            .is_some_and(|t| t.status != ShareTokenStatus::Expired);

    let title = format!("The share flow from {} to {}", src.name, dst.name);
    let summary = describe(
        &bridge,
        &token,
        &destination_inquiry.as_ref().map(|i| i.status),
    );
    html! {
        <figure class="flow-picture" id="flow-picture">
            <svg viewBox="0 0 960 330" role="img" aria-labelledby="flow-picture-title flow-picture-desc">
                <title id="flow-picture-title">{ title }</title>
                <desc id="flow-picture-desc">{ summary }</desc>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                { org_box(10, &src, "source", "picture-source") }
                { org_box(670, &dst, "destination", "picture-destination") }
                { bridge_part }
                { source_part }
                { token_part }
                if into_destination {
                    <line x1="630" y1="144" x2="668" y2="144" class="travel" marker-end="url(#arrow)" />
                }
                { destination_part }
            </svg>
        </figure>
    }
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
        .map(|t| format!(" The share token is {}.", t.status))
        .unwrap_or_default();
    let destination = destination
        .map(|s| format!(" The destination's inquiry is {s}."))
        .unwrap_or_default();
    format!("{bridge}{token}{destination}")
}
