//! Share tokens: created over an active bridge, expired, sent to the destination.

use super::access::{only_side, Side};
use super::{
    World, DEFAULT_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS, MIN_TOKEN_LIFETIME_SECONDS,
};
use crate::error::{required, DomainError};
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;

impl World {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_share_token(
        &mut self,
        actor: &Id,
        bridge_id: &str,
        source_id: &str,
        expires_in_seconds: Option<i64>,
        creator: Creator,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        let bridge = only_side(bridge, actor, Side::Source, "share-token.source-creates", |b| {
            format!(
                "Only the bridge's source organization ({}) can create share tokens over bridge {}.",
                b.source_org_id, b.id
            )
        })
        .map_err(|e| e.on("bridge-id"))?;
        let source = required(source_id, "source-id")?;
        if source.prefix() != prefix::INQUIRY {
            return Err(DomainError::unprocessable(
                "share-token.source-must-be-inquiry",
                format!("The source must be an Inquiry: `{}` is not an Inquiry id (Inquiry ids start with `inq_`).", crate::error::shorten(source.as_str())),
            )
            .on("source-id"));
        }
        let inquiry = self.own_inquiry(actor, source.as_str(), "source-id")?;
        if !inquiry.status.is_shareable() {
            return Err(DomainError::unprocessable(
                "share-token.inquiry-must-be-completed",
                format!(
                    "Inquiry {} is {}: only a completed (or approved) Inquiry can be shared.",
                    inquiry.id, inquiry.status
                ),
            )
            .on("source-id"));
        }
        if bridge.status != BridgeStatus::Active {
            return Err(DomainError::unprocessable(
                "share-token.bridge-must-be-active",
                format!(
                    "Bridge {} is {}: share tokens can be created only over an active bridge.",
                    bridge.id, bridge.status
                ),
            )
            .on("bridge-id"));
        }
        let lifetime = expires_in_seconds.unwrap_or(DEFAULT_TOKEN_LIFETIME_SECONDS);
        if !(MIN_TOKEN_LIFETIME_SECONDS..=MAX_TOKEN_LIFETIME_SECONDS).contains(&lifetime) {
            return Err(DomainError::unprocessable(
                "share-token.expiry-range",
                format!(
                    "expires-in-seconds must be between 60 seconds and 21 days ({MIN_TOKEN_LIFETIME_SECONDS} to {MAX_TOKEN_LIFETIME_SECONDS}); {lifetime} is outside it."
                ),
            )
            .on("expires-in-seconds"));
        }
        self.check_creator(actor, &creator)?;
        let token = ShareToken {
            id: ids.new_id(prefix::SHARE_TOKEN),
            bridge_id: bridge.id.clone(),
            source_org_id: actor.clone(),
            destination_org_id: bridge.destination_org_id.clone(),
            source_id: inquiry.id.clone(),
            status: ShareTokenStatus::New,
            created_via: creator.channel(),
            creator: Some(creator),
            created_at: now,
            expires_at: now.plus_seconds(lifetime),
            pending_at: None,
            redeemed_at: None,
            expired_at: None,
            failed_at: None,
            failure_reason: None,
            destination_inquiry_id: None,
        };
        let (id, orgs) = (
            token.id.clone(),
            [actor.clone(), token.destination_org_id.clone()],
        );
        self.touch(&id);
        self.share_tokens.insert(id.clone(), token);
        Ok(self.record(
            ids,
            now,
            Some(actor),
            EventType::ShareTokenCreated,
            &id,
            &orgs,
        ))
    }

    /// A key or workflow named as creator is the actor's own: its current key (the only one
    /// that authenticates) or one of its workflows.
    fn check_creator(&self, actor: &Id, creator: &Creator) -> Result<(), DomainError> {
        match creator {
            Creator::Dashboard => Ok(()),
            Creator::Workflow { workflow_id } => {
                self.own_workflow(actor, workflow_id.as_str()).map(|_| ())
            }
            Creator::ApiKey { key_id } => {
                let current = self.organizations.get(actor).map(|o| &o.api_key.id);
                if current == Some(key_id) {
                    Ok(())
                } else {
                    Err(DomainError::forbidden(
                        "share-token.creator-key",
                        format!("API key {key_id} is not this organization's current key."),
                    ))
                }
            }
        }
    }

    pub(super) fn expire_share_token(
        &mut self,
        actor: &Id,
        token_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let token = self.visible_token(actor, token_id)?;
        only_side(
            token,
            actor,
            Side::Source,
            "share-token.source-expires",
            |t| {
                format!(
                    "Only the source organization can expire share token {}.",
                    t.id
                )
            },
        )?;
        let status = token.status_at(now);
        if status != ShareTokenStatus::New {
            return Err(DomainError::unprocessable(
                "share-token.expire-only-new",
                format!(
                    "Share token {} is {status}; only a new token can be expired.",
                    token.id
                ),
            ));
        }
        let id = token.id.clone();
        let orgs = [
            token.source_org_id.clone(),
            token.destination_org_id.clone(),
        ];
        self.touch(&id);
        if let Some(token) = self.share_tokens.get_mut(&id) {
            token.status = ShareTokenStatus::Expired;
            token.expired_at = Some(now);
        }
        Ok(self.record(
            ids,
            now,
            Some(actor),
            EventType::ShareTokenExpired,
            &id,
            &orgs,
        ))
    }

    pub(super) fn send_share_token(
        &mut self,
        actor: &Id,
        token_id: &str,
        destination_org_id: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let token = self.visible_token(actor, token_id)?;
        only_side(
            token,
            actor,
            Side::Source,
            "share-token.source-sends",
            |t| {
                format!(
                    "Only the source organization can send share token {} to its destination.",
                    t.id
                )
            },
        )?;
        if token.destination_org_id.as_str() != destination_org_id.trim() {
            // Posting to another org's endpoint would hand the token to someone who cannot
            // redeem it; the real partner would reject it just the same.
            return Err(DomainError::unprocessable(
                "share-token.send-to-its-destination",
                format!(
                    "Share token {} is for {}: send it to that organization's endpoint, not to `{}`.",
                    token.id,
                    token.destination_org_id,
                    crate::error::shorten(destination_org_id.trim())
                ),
            ));
        }
        let status = token.status_at(now);
        if status != ShareTokenStatus::New {
            return Err(DomainError::unprocessable(
                "share-token.send-only-new",
                format!(
                    "Share token {} is {status}; only a new token is worth sending.",
                    token.id
                ),
            ));
        }
        let entry = InboxEntry {
            id: ids.new_id(prefix::INBOX),
            org_id: token.destination_org_id.clone(),
            share_token_id: token.id.clone(),
            sender_org_id: actor.clone(),
            received_at: now,
        };
        let (id, orgs) = (
            token.id.clone(),
            [actor.clone(), token.destination_org_id.clone()],
        );
        // Sent again: the token's one entry moves to its latest delivery.
        self.partner_inbox
            .retain(|e| e.share_token_id != entry.share_token_id);
        self.partner_inbox.push(entry);
        Ok(self.record(ids, now, Some(actor), EventType::ShareTokenSent, &id, &orgs))
    }

    /// Tokens delivered to the org's partner endpoint, newest first: one entry per token, its
    /// latest delivery (a token sent twice is still one token to redeem).
    pub fn inbox_of(&self, org: &Id) -> Vec<&InboxEntry> {
        let mut list: Vec<_> = self
            .partner_inbox
            .iter()
            .filter(|e| &e.org_id == org)
            .collect();
        list.reverse();
        crate::order::sort_by_key_desc(&mut list, |e| e.received_at);
        let ids: Vec<&Id> = list.iter().map(|e| &e.share_token_id).collect();
        let first = crate::order::first_of_each(&ids);
        list.into_iter()
            .zip(first)
            .filter_map(|(entry, first)| first.then_some(entry))
            .collect()
    }
}
