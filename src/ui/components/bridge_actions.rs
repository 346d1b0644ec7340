//! The buttons a side of a bridge may press: activate (destination), deactivate (either),
//! reactivate (source). The rules themselves are enforced by the domain.

use crate::ui::command::CommandRunner;
use connect::{Bridge, BridgeStatus, Command, Id};
use yew::prelude::*;

/// The buttons `org` may press on bridge `b`; `runner` is the screen's, so the outcome shows in
/// the screen's flash.
pub fn bridge_actions(b: &Bridge, org: &Id, runner: &CommandRunner) -> Html {
    let is_source = b.source_org_id == *org;
    let is_destination = b.destination_org_id == *org;
    let act = |make: fn(String) -> Command, done: &str| {
        let id = b.id.to_string();
        runner.on_click(org, make(id.clone()), format!("Bridge {id} {done}."))
    };
    html! {
        <span class="actions">
            if is_destination && b.status == BridgeStatus::Pending {
                <button type="button" class="primary" data-action="activate"
                    onclick={act(|bridge_id| Command::ActivateBridge { bridge_id, template_id: None }, "activated")}>{ "Activate" }</button>
            }
            if b.status != BridgeStatus::Inactive {
                <button type="button" data-action="deactivate"
                    onclick={act(|bridge_id| Command::DeactivateBridge { bridge_id }, "deactivated")}>{ "Deactivate" }</button>
            }
            if is_source && b.status == BridgeStatus::Inactive {
                <button type="button" data-action="reactivate"
                    onclick={act(|bridge_id| Command::ReactivateBridge { bridge_id }, "reactivated: the destination must activate it again")}>{ "Reactivate" }</button>
            }
            // A bridge to oneself is both sides: its Activate is the answer, not a wait.
            if is_source && !is_destination && b.status == BridgeStatus::Pending {
                <span class="muted">{ "Waiting for the destination to activate" }</span>
            }
        </span>
    }
}
