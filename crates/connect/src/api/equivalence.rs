//! The API call each Dashboard command is equivalent to, and the answer it would have got: what
//! the request log shows for Dashboard and workflow actions.

use super::bridges::{bridge_response, DEFAULT_TEMPLATE, DESTINATION};
use super::inbox::inbox_response;
use super::inquiries::inquiry_response;
use super::router::{created, lost, BRIDGES, INQUIRIES, TOKENS};
use super::shape::Shape;
use super::share_tokens::token_response;
use super::{render, ApiRequest, ApiResponse};
use crate::ids::Id;
use crate::model::Event;
use crate::time::Timestamp;
use crate::world::{Command, RedeemTarget, World};
use serde_json::{json, Map, Value};

/// What a Dashboard command's answer is about.
pub(super) enum Primary {
    Created(&'static str),
    Token(Id),
    Bridge(Id),
    Inquiry(Id),
    Delivery(Id),
}

fn attributes_body(attributes: Value) -> String {
    json!({ "data": { "attributes": attributes } }).to_string()
}

/// The API call a Dashboard `command` is equivalent to, and what its answer shows; `None` for
/// commands the API does not offer. It carries no Authorization header: the Dashboard acts
/// in the org's session, and a re-send from the console adds the org's current key.
pub(super) fn equivalent(command: &Command) -> Option<(ApiRequest, Primary)> {
    let send = |method: &str, path: String, body: Option<Value>| {
        let request = ApiRequest::new(method, &path);
        match body {
            Some(attributes) => request
                .header("Content-Type", "application/json")
                .body(&attributes_body(attributes)),
            None => request,
        }
    };
    let post = |path: String, body: Option<Value>| send("POST", path, body);
    let token = |id: &str| Id::parse(id);
    Some(match command {
        // Workflows and webhooks are configured in the Dashboard only: the simulated API has
        // no endpoints for them.
        Command::CreateOrganization { .. }
        | Command::RollApiKey
        | Command::CreateWorkflow { .. }
        | Command::UpdateWorkflow { .. }
        | Command::SetWorkflowEnabled { .. }
        | Command::DeleteWorkflow { .. }
        | Command::CreateWebhook { .. }
        | Command::SetWebhookEnabled { .. }
        | Command::DeleteWebhook { .. } => return None,
        Command::CreateInquiry {
            template_id,
            fields,
            evidence,
        } => (
            post(
                INQUIRIES.to_string(),
                Some(json!({
                    "inquiry-template-id": template_id,
                    "fields": render::fields(fields),
                    "evidence": evidence.iter().map(|k| k.slug()).collect::<Vec<_>>(),
                })),
            ),
            Primary::Created("inquiry.created"),
        ),
        Command::RunInquiry { inquiry_id }
        | Command::ApproveInquiry { inquiry_id }
        | Command::DeclineInquiry { inquiry_id }
        | Command::MarkInquiryForReview { inquiry_id } => {
            let action = match command {
                Command::RunInquiry { .. } => "complete",
                Command::ApproveInquiry { .. } => "approve",
                Command::DeclineInquiry { .. } => "decline",
                _ => "mark-for-review",
            };
            (
                post(format!("{INQUIRIES}/{}/{action}", inquiry_id.trim()), None),
                Primary::Inquiry(token(inquiry_id)),
            )
        }
        Command::CreateBridge {
            destination_org_id,
            scopes,
        } => (
            post(
                BRIDGES.to_string(),
                Some(json!({
                    DESTINATION: destination_org_id,
                    "scopes": render::scopes(scopes),
                })),
            ),
            Primary::Created("organization-bridge.created"),
        ),
        Command::ActivateBridge {
            bridge_id,
            template_id,
        } => (
            post(
                format!("{BRIDGES}/{}/activate", bridge_id.trim()),
                template_id
                    .as_ref()
                    .map(|template| json!({ DEFAULT_TEMPLATE: template })),
            ),
            Primary::Bridge(token(bridge_id)),
        ),
        Command::DeactivateBridge { bridge_id } | Command::ReactivateBridge { bridge_id } => {
            let action = match command {
                Command::DeactivateBridge { .. } => "deactivate",
                _ => "reactivate",
            };
            (
                post(format!("{BRIDGES}/{}/{action}", bridge_id.trim()), None),
                Primary::Bridge(token(bridge_id)),
            )
        }
        Command::SetBridgeDefaultTemplate {
            bridge_id,
            template_id,
        } => (
            send(
                "PATCH",
                format!("{BRIDGES}/{}", bridge_id.trim()),
                Some(json!({ DEFAULT_TEMPLATE: template_id })),
            ),
            Primary::Bridge(token(bridge_id)),
        ),
        Command::CreateShareToken {
            bridge_id,
            source_id,
            expires_in_seconds,
            ..
        } => {
            let mut attributes = Map::new();
            attributes.insert("bridge-id".into(), json!(bridge_id));
            attributes.insert("source-id".into(), json!(source_id));
            if let Some(seconds) = expires_in_seconds {
                attributes.insert("expires-in-seconds".into(), json!(seconds));
            }
            (
                post(TOKENS.to_string(), Some(Value::Object(attributes))),
                Primary::Created("share-token.created"),
            )
        }
        Command::ExpireShareToken { token_id } => (
            post(format!("{TOKENS}/{}/expire", token_id.trim()), None),
            Primary::Token(token(token_id)),
        ),
        Command::RedeemShareToken { token_id, target } => {
            let attributes = match target {
                RedeemTarget::Clone { template_id } => {
                    json!({ "inquiry-template-id": template_id })
                }
                RedeemTarget::Hydrate { destination_id } => {
                    json!({ "destination-id": destination_id })
                }
            };
            (
                post(
                    format!("{TOKENS}/{}/redeem", token_id.trim()),
                    Some(attributes),
                ),
                Primary::Token(token(token_id)),
            )
        }
        Command::SendShareToken {
            token_id,
            destination_org_id,
        } => (
            post(
                format!("/partners/{}/share-tokens", destination_org_id.trim()),
                Some(json!({ "share-token-id": token_id })),
            ),
            Primary::Delivery(token(token_id)),
        ),
    })
}

/// The answer the API would have given `actor` for an accepted Dashboard command.
pub(super) fn after_command(
    world: &World,
    actor: &Id,
    primary: &Primary,
    events: &[Event],
    now: Timestamp,
) -> ApiResponse {
    let result = match primary {
        Primary::Created(event_type) => match created(events, event_type) {
            Some(id) => match *event_type {
                "inquiry.created" => inquiry_response(world, &id, 201),
                "organization-bridge.created" => bridge_response(world, &id, 201),
                _ => token_response(world, &id, 201, now),
            },
            None => Err(lost("object")),
        },
        Primary::Token(id) => token_response(world, id, 200, now),
        Primary::Bridge(id) => bridge_response(world, id, 200),
        Primary::Inquiry(id) => inquiry_response(world, id, 200),
        Primary::Delivery(id) => inbox_response(world, id),
    };
    let mut response = result.unwrap_or_else(|error| error.response());
    if let Some(mut body) = response.json() {
        Shape::default().apply(world, actor, now, &mut body);
        response.body = body.to_string();
    }
    response
}
