//! Redeeming a share token: the destination copies what the bridge shares into an inquiry and
//! runs it. Every check happens before the first change, so a refused redeem changes nothing.

use crate::error::{DomainError, ErrorKind};
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;
use crate::verify::MissingData;
use std::collections::BTreeSet;

use super::access::{only_side, Side};
use super::{RedeemTarget, World};

/// What a redeem will do, decided before anything changes.
struct Checked {
    token: ShareToken,
    bridge: Bridge,
    source: Inquiry,
    template: InquiryTemplate,
    /// The destination's own inquiry to fill, or `None` to clone into a new one.
    hydrate: Option<Id>,
}

impl World {
    pub(super) fn redeem_share_token(
        &mut self,
        actor: &Id,
        token_id: &str,
        target: RedeemTarget,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let checked = self.check_redeem(actor, token_id, &target, now)?;
        if checked.bridge.status != BridgeStatus::Active {
            return Ok(self.fail_redeem(actor, &checked, now, ids));
        }
        Ok(self.carry_out_redeem(actor, checked, now, ids))
    }

    /// Every rule of a redeem, without changing anything.
    fn check_redeem(
        &self,
        actor: &Id,
        token_id: &str,
        target: &RedeemTarget,
        now: Timestamp,
    ) -> Result<Checked, DomainError> {
        let token = self.visible_token(actor, token_id)?;
        only_side(
            token,
            actor,
            Side::Destination,
            "share-token.destination-redeems",
            |t| {
                format!(
                "Share token {} is for {} ({}): only the bridge's destination organization can redeem it.",
                t.id,
                self.org_name(&t.destination_org_id),
                t.destination_org_id
            )
            },
        )?;
        match token.status_at(now) {
            ShareTokenStatus::New => {}
            ShareTokenStatus::Redeemed => {
                return Err(DomainError::new(
                    ErrorKind::Conflict,
                    "share-token.redeem-once",
                    format!(
                        "Share token {} is already redeemed; a token can be redeemed only once.",
                        token.id
                    ),
                ))
            }
            other => {
                return Err(DomainError::unprocessable(
                    "share-token.redeem-only-new",
                    format!(
                        "Share token {} is {other}; only a new token can be redeemed.",
                        token.id
                    ),
                ))
            }
        }
        // Where the copied data goes.
        let (template, hydrate) = match target {
            RedeemTarget::Clone { template_id } => {
                (self.own_template(actor, template_id)?.clone(), None)
            }
            RedeemTarget::Hydrate { destination_id } => {
                if destination_id.trim().is_empty() {
                    return Err(DomainError::new(
                        ErrorKind::BadRequest,
                        "attribute-required",
                        "Give the inquiry to redeem into, one of yours created and not yet run: `destination-id` is required. Or redeem into a new inquiry from one of your templates.",
                    )
                    .on("destination-id"));
                }
                let inquiry = self.own_inquiry(actor, destination_id, "destination-id")?;
                let status = inquiry.status_at(now);
                if status != InquiryStatus::Created || inquiry.shared_from.is_some() {
                    return Err(DomainError::unprocessable(
                        "redeem.hydrate-fresh-inquiry",
                        format!(
                            "Inquiry {} is {status}: only an inquiry that has not run yet can be hydrated.",
                            inquiry.id
                        ),
                    )
                    .on("destination-id"));
                }
                (self.template_of(inquiry)?, Some(inquiry.id.clone()))
            }
        };
        let source = self
            .inquiries
            .get(&token.source_id)
            .cloned()
            .ok_or_else(|| DomainError::not_found("inquiry", token.source_id.as_str()))?;
        let bridge = self.bridges.get(&token.bridge_id).cloned().ok_or_else(|| {
            DomainError::not_found("organization bridge", token.bridge_id.as_str())
        })?;
        Ok(Checked {
            token: token.clone(),
            bridge,
            source,
            template,
            hydrate,
        })
    }

    /// The run cannot start over a bridge that is not active: the token fails, and says why.
    fn fail_redeem(
        &mut self,
        actor: &Id,
        checked: &Checked,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let (token, bridge) = (&checked.token, &checked.bridge);
        self.touch(&token.id);
        if let Some(t) = self.share_tokens.get_mut(&token.id) {
            t.status = ShareTokenStatus::Failed;
            t.pending_at = Some(now);
            t.failed_at = Some(now);
            t.failure_reason = Some(format!(
                "Bridge {} is {}: a share token can be redeemed only over an active bridge.",
                bridge.id, bridge.status
            ));
        }
        let orgs = [
            token.source_org_id.clone(),
            token.destination_org_id.clone(),
        ];
        self.record(
            ids,
            now,
            Some(actor),
            EventType::ShareTokenFailed,
            &token.id,
            &orgs,
        )
    }

    fn carry_out_redeem(
        &mut self,
        actor: &Id,
        checked: Checked,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let Checked {
            token,
            bridge,
            source,
            template,
            hydrate,
        } = checked;
        let mut events = Vec::new();
        let inquiry_id = match hydrate {
            Some(id) => id,
            None => {
                let (id, created) = self.add_inquiry(
                    actor,
                    template.id.clone(),
                    PersonFields::default(),
                    BTreeSet::new(),
                    now,
                    ids,
                );
                events.extend(created);
                id
            }
        };
        self.touch(&inquiry_id);
        if let Some(destination) = self.inquiries.get_mut(&inquiry_id) {
            // A group the source never collected is not copied: it would blank what the
            // destination's own inquiry already holds (hydrate).
            for group in bridge
                .scopes
                .fields
                .iter()
                .filter(|g| source.fields.has(**g))
            {
                destination.fields.copy_group(&source.fields, *group);
            }
            destination.evidence.extend(
                source
                    .evidence
                    .intersection(&bridge.scopes.verifications)
                    .copied(),
            );
            destination.shared_from = Some(ShareOrigin {
                share_token_id: token.id.clone(),
                source_org_id: token.source_org_id.clone(),
                bridge_id: bridge.id.clone(),
            });
        }
        let explain = |m: MissingData| {
            let (shared, collected) = match m {
                MissingData::Field(g) => (bridge.scopes.fields.contains(&g), source.fields.has(g)),
                MissingData::Evidence(k) => (
                    bridge.scopes.verifications.contains(&k),
                    source.evidence.contains(&k),
                ),
            };
            let why = if !shared {
                "not shared by the bridge"
            } else if !collected {
                "never collected by the source"
            } else {
                "missing"
            };
            format!("{} ({why})", m.label())
        };
        let run_events = self.finish_run(actor, &inquiry_id, &template, explain, now, ids);
        self.touch(&token.id);
        if let Some(t) = self.share_tokens.get_mut(&token.id) {
            t.status = ShareTokenStatus::Redeemed;
            t.pending_at = Some(now);
            t.redeemed_at = Some(now);
            t.destination_inquiry_id = Some(inquiry_id);
        }
        let orgs = [
            token.source_org_id.clone(),
            token.destination_org_id.clone(),
        ];
        events.extend(self.record(
            ids,
            now,
            Some(actor),
            EventType::ShareTokenRedeemed,
            &token.id,
            &orgs,
        ));
        events.extend(run_events);
        events
    }
}
