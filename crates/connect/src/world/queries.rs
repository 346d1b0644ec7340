//! Read-only views of the world for screens and the API.

use super::{TwoSided, World};
use crate::ids::Id;
use crate::model::*;
use crate::time::Timestamp;

impl World {
    pub fn organization(&self, id: &Id) -> Option<&Organization> {
        self.organizations.get(id)
    }

    /// The id of the organization with this display name (the seeded demo's names are unique).
    pub fn org_named(&self, name: &str) -> Option<Id> {
        self.organizations
            .values()
            .find(|o| o.name == name)
            .map(|o| o.id.clone())
    }

    /// The org's display name, or its id when it is unknown.
    pub fn org_name(&self, id: &Id) -> String {
        self.organizations
            .get(id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Organizations, oldest first (the seeded ones lead).
    pub fn organizations_in_order(&self) -> Vec<&Organization> {
        let mut orgs: Vec<_> = self.organizations.values().collect();
        crate::order::sort_by(&mut orgs, |a, b| {
            (a.created_at, &a.name).cmp(&(b.created_at, &b.name))
        });
        orgs
    }

    pub fn templates_of(&self, org: &Id) -> Vec<&InquiryTemplate> {
        let mut list: Vec<_> = self
            .templates
            .values()
            .filter(|t| &t.org_id == org)
            .collect();
        crate::order::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
        list
    }

    /// The template a redeem of a token over `bridge` clones into when it names none: the one
    /// the destination picked, or else (nothing picked, or data saved before the choice) the
    /// destination's first template in the order [`Self::templates_of`] lists them.
    pub fn default_template_of(&self, bridge: &Bridge) -> Option<&InquiryTemplate> {
        let org = &bridge.destination_org_id;
        bridge
            .default_template_id
            .as_ref()
            .and_then(|id| self.template_owned_by(org, id))
            .or_else(|| self.templates_of(org).first().copied())
    }

    /// The org's inquiries, newest first.
    pub fn inquiries_of(&self, org: &Id) -> Vec<&Inquiry> {
        newest_first(self.inquiries.values().filter(|i| &i.org_id == org), |i| {
            i.created_at
        })
    }

    /// Bridges the org is a side of, newest first.
    pub fn bridges_of(&self, org: &Id) -> Vec<&Bridge> {
        newest_first(self.bridges.values().filter(|b| b.has_side(org)), |b| {
            b.created_at
        })
    }

    /// Tokens the org created, newest first.
    pub fn outbound_tokens(&self, org: &Id) -> Vec<&ShareToken> {
        newest_first(
            self.share_tokens
                .values()
                .filter(|t| &t.source_org_id == org),
            |t| t.created_at,
        )
    }

    /// What `org` may see before redeeming `token` (a peek): the source inquiry and the bridge
    /// whose scopes limit it, for the token's destination while the token is new and the bridge
    /// active (deactivating a bridge stops the sharing); `None` for anyone else or otherwise.
    pub fn peekable(
        &self,
        token: &ShareToken,
        org: &Id,
        now: Timestamp,
    ) -> Option<(&Inquiry, &Bridge)> {
        if &token.destination_org_id != org || token.status_at(now) != ShareTokenStatus::New {
            return None;
        }
        let bridge = self
            .bridges
            .get(&token.bridge_id)
            .filter(|b| b.status == BridgeStatus::Active)?;
        Some((self.inquiries.get(&token.source_id)?, bridge))
    }

    /// Tokens addressed to the org, newest first.
    pub fn inbound_tokens(&self, org: &Id) -> Vec<&ShareToken> {
        newest_first(
            self.share_tokens
                .values()
                .filter(|t| &t.destination_org_id == org),
            |t| t.created_at,
        )
    }

    /// The org's `n` newest events, newest first (of two at the same time, the one logged
    /// later), picked in one pass without sorting the whole log (the Dashboard shows 8 of up to
    /// 20,000 events).
    pub fn recent_events_of(&self, org: &Id, n: usize) -> Vec<&Event> {
        self.events.newest(n, |e| &e.org_id == org)
    }
}

fn newest_first<'a, T>(
    items: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> Timestamp,
) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.collect();
    crate::order::sort_by_key_desc(&mut list, |item| key(item));
    list
}
