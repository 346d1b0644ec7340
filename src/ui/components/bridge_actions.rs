//! The buttons a side of a bridge may press: activate (destination), deactivate (either),
//! reactivate (source). The rules themselves are enforced by the domain.

use super::flash::Flash;
use crate::ui::use_playground;
use connect::{Bridge, BridgeStatus, Command, Id};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BridgeActionsProps {
    pub bridge: Bridge,
    pub org: Id,
    pub on_result: Callback<Flash>,
}

#[function_component(BridgeActions)]
pub fn bridge_actions(props: &BridgeActionsProps) -> Html {
    let playground = use_playground();
    let b = &props.bridge;
    let is_source = b.source_org_id == props.org;
    let is_destination = b.destination_org_id == props.org;
    let act = |make: fn(String) -> Command, done: &'static str| {
        let (playground, org, id, on_result) = (
            playground.clone(),
            props.org.clone(),
            b.id.to_string(),
            props.on_result.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (on_result, id) = (on_result.clone(), id.clone());
            playground.run(&org, make(id.clone()), move |outcome| {
                on_result.emit(match outcome {
                    Ok(_) => Flash::Done(html! { { format!("Bridge {id} {done}.") } }),
                    Err(error) => Flash::Refused(error.to_string()),
                })
            });
        })
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
            if is_source && b.status == BridgeStatus::Pending {
                <span class="muted">{ "Waiting for the destination to activate" }</span>
            }
        </span>
    }
}
