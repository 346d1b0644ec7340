//! Status badges, coloured by meaning.

use yew::prelude::*;

/// A badge for any status word (`active`, `redeemed`, `failed`, …).
pub fn badge(status: &str) -> Html {
    let tone = match status {
        "active" | "completed" | "approved" | "redeemed" | "passed" => "good",
        "failed" | "declined" | "expired" | "inactive" => "bad",
        "pending" | "needs_review" | "initiated" => "wait",
        _ => "neutral",
    };
    html! {
        <span class={classes!("badge", tone)} data-status={status.to_string()}>{ status.replace('_', " ") }</span>
    }
}
