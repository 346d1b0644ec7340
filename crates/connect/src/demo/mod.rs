//! Demo mode: what a presenter sees and does, derived from the world alone.
//!
//! [`Focus`] picks the objects of one share flow between a source and a destination (the
//! bridge, the source inquiry, the token, the destination inquiry); [`guide`] turns it into the
//! steps of the seed's story, [`picture`] into what the live picture draws, and [`scenario`]
//! builds prepared worlds by applying real commands to the seeded demo.

pub mod guide;
pub mod picture;
pub mod scenario;

use crate::ids::Id;
use crate::model::{Bridge, Inquiry, ShareToken, ShareTokenStatus};
use crate::time::Timestamp;
use crate::world::World;

/// The objects of the share flow from `source` to `destination` that a demo is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Focus<'w> {
    /// The bridge source → destination (at most one exists per pair).
    pub bridge: Option<&'w Bridge>,
    /// The newest token over that bridge.
    pub token: Option<&'w ShareToken>,
    /// The token's inquiry; without a token, the source's newest shareable inquiry.
    pub source_inquiry: Option<&'w Inquiry>,
    /// The inquiry the token was redeemed into.
    pub destination_inquiry: Option<&'w Inquiry>,
}

impl<'w> Focus<'w> {
    pub fn of(world: &'w World, source: &Id, destination: &Id) -> Focus<'w> {
        let bridge = world
            .bridges
            .values()
            .find(|b| &b.source_org_id == source && &b.destination_org_id == destination);
        let token = bridge.and_then(|b| {
            world
                .share_tokens
                .values()
                .filter(|t| t.bridge_id == b.id)
                .max_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)))
        });
        let source_inquiry = match token {
            Some(t) => world.inquiries.get(&t.source_id),
            None => newest_shareable(world, source),
        };
        let destination_inquiry = token
            .and_then(|t| t.destination_inquiry_id.as_ref())
            .and_then(|id| world.inquiries.get(id));
        Focus {
            bridge,
            token,
            source_inquiry,
            destination_inquiry,
        }
    }

    /// The token the destination may try to redeem: the pair's newest, or else the source's
    /// newest token still new that went to another organization (the rules refuse it to this
    /// destination, which is what the wrong-organization demo shows).
    pub fn held_token(
        &self,
        world: &'w World,
        source: &Id,
        now: Timestamp,
    ) -> Option<&'w ShareToken> {
        self.token.or_else(|| {
            world
                .share_tokens
                .values()
                .filter(|t| &t.source_org_id == source && t.status_at(now) == ShareTokenStatus::New)
                .max_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)))
        })
    }

    /// Whether the flow needs a new token: none yet, or the last one can no longer be redeemed.
    pub fn needs_token(&self, now: Timestamp) -> bool {
        self.token.is_none_or(|t| {
            matches!(
                t.status_at(now),
                ShareTokenStatus::Expired | ShareTokenStatus::Failed
            ) && t.destination_inquiry_id.is_none()
        })
    }
}

/// The newest completed (or approved) inquiry of `org` that it verified itself.
pub fn newest_shareable<'w>(world: &'w World, org: &Id) -> Option<&'w Inquiry> {
    world
        .inquiries
        .values()
        .filter(|i| &i.org_id == org && i.status.is_shareable() && i.shared_from.is_none())
        .max_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)))
}
