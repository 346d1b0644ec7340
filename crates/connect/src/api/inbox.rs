//! `POST /partners/{org}/share-tokens`: the destination's partner endpoint (a playground
//! invention standing for the destination's own API).

use super::errors::ApiError;
use super::http;
use super::router::{document, lost, shorten, Call};
use super::{render, ApiResponse};
use crate::ids::{Id, IdSource};
use crate::world::{Command, World};

impl Call<'_> {
    pub(super) fn send_token(
        &mut self,
        destination: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        if !self
            .world
            .organizations
            .contains_key(&Id::parse(destination))
        {
            return Err(ApiError::new(
                404,
                "partner.unknown-organization",
                format!(
                    "No organization `{}` has a partner endpoint in this playground.",
                    shorten(destination)
                ),
            ));
        }
        let attrs = http::attributes(self.body, true)?;
        let token_id = http::string(&attrs, "share-token-id")?;
        self.apply(
            Command::SendShareToken {
                token_id: token_id.clone(),
                destination_org_id: destination.to_string(),
            },
            ids,
            &[("token-id", Some("share-token-id"))],
        )?;
        inbox_response(self.world, &Id::parse(&token_id))
    }
}

pub(super) fn inbox_response(world: &World, token: &Id) -> Result<ApiResponse, ApiError> {
    let entry = world
        .partner_inbox
        .iter()
        .rev()
        .find(|e| &e.share_token_id == token)
        .ok_or_else(|| lost("delivery"))?;
    Ok(document(
        202,
        render::inbox_entry(entry, &world.org_name(&entry.sender_org_id)),
    ))
}
