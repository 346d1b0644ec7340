//! Who may see and act on what, written once: an object shared between two organizations
//! (a bridge, a share token) is visible to its two sides and to no one else; an object of one
//! organization (an inquiry, a template, a workflow, a webhook endpoint) only to its owner.
//! Anyone else is told *not found*, never *forbidden*, so ids of other orgs' objects leak
//! nothing. The rules, workflows, the API and the screens all ask here.

use crate::error::{required, DomainError};
use crate::ids::{prefix, Id};
use crate::model::*;

use super::World;

/// One of the two sides of a bridge or a share token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Destination,
}

/// An object between two organizations: its source and its destination.
pub trait TwoSided {
    fn sides(&self) -> [&Id; 2];

    /// Whether `org` is one of the object's two sides.
    fn has_side(&self, org: &Id) -> bool {
        self.sides().contains(&org)
    }

    /// The organization on `side`.
    fn side(&self, side: Side) -> &Id {
        let [source, destination] = self.sides();
        match side {
            Side::Source => source,
            Side::Destination => destination,
        }
    }
}

/// `object` when `actor` is its `side`, the only side the rule lets act. The other side can see
/// the object, so it is told *forbidden* under `rule`, with `refusal`'s sentence.
pub(crate) fn only_side<'a, T: TwoSided>(
    object: &'a T,
    actor: &Id,
    side: Side,
    rule: &'static str,
    refusal: impl FnOnce(&T) -> String,
) -> Result<&'a T, DomainError> {
    if object.side(side) == actor {
        Ok(object)
    } else {
        Err(DomainError::forbidden(rule, refusal(object)))
    }
}

impl TwoSided for Bridge {
    fn sides(&self) -> [&Id; 2] {
        [&self.source_org_id, &self.destination_org_id]
    }
}

impl TwoSided for ShareToken {
    fn sides(&self) -> [&Id; 2] {
        [&self.source_org_id, &self.destination_org_id]
    }
}

impl World {
    /// The bridge, when `org` is one of its sides.
    pub fn bridge_visible_to(&self, org: &Id, id: &Id) -> Option<&Bridge> {
        self.bridges.get(id).filter(|b| b.has_side(org))
    }

    /// The share token, when `org` is one of its sides.
    pub fn token_visible_to(&self, org: &Id, id: &Id) -> Option<&ShareToken> {
        self.share_tokens.get(id).filter(|t| t.has_side(org))
    }

    /// The inquiry, when `org` owns it.
    pub fn inquiry_owned_by(&self, org: &Id, id: &Id) -> Option<&Inquiry> {
        self.inquiries.get(id).filter(|i| &i.org_id == org)
    }

    /// The template, when `org` owns it.
    pub fn template_owned_by(&self, org: &Id, id: &Id) -> Option<&InquiryTemplate> {
        self.templates.get(id).filter(|t| &t.org_id == org)
    }

    /// The workflow, when `org` owns it.
    pub fn workflow_owned_by(&self, org: &Id, id: &Id) -> Option<&Workflow> {
        self.workflows.get(id).filter(|w| &w.org_id == org)
    }

    /// The webhook endpoint, when `org` owns it.
    pub fn webhook_owned_by(&self, org: &Id, id: &Id) -> Option<&WebhookEndpoint> {
        self.webhooks.get(id).filter(|w| &w.org_id == org)
    }

    /// The bridge a command names in `bridge-id`, when the actor is one of its sides.
    pub(crate) fn visible_bridge(
        &self,
        actor: &Id,
        bridge_id: &str,
    ) -> Result<&Bridge, DomainError> {
        let id = required(bridge_id, "bridge-id")?;
        self.bridge_visible_to(actor, &id).ok_or_else(|| {
            DomainError::not_found("organization bridge", id.as_str()).on("bridge-id")
        })
    }

    /// The bridge a command names, when the actor is its destination. Its source sees it but is
    /// refused under `rule`: only the destination may `act` on it.
    pub(crate) fn destination_bridge(
        &self,
        actor: &Id,
        bridge_id: &str,
        rule: &'static str,
        act: &str,
    ) -> Result<&Bridge, DomainError> {
        let bridge = self.visible_bridge(actor, bridge_id)?;
        only_side(bridge, actor, Side::Destination, rule, |b| {
            format!(
                "Only the destination organization can {act} bridge {}; ask {} ({}) to.",
                b.id,
                self.org_name(&b.destination_org_id),
                b.destination_org_id
            )
        })
    }

    /// The token a command names in `token-id`, when the actor is one of its sides.
    pub(crate) fn visible_token(
        &self,
        actor: &Id,
        token_id: &str,
    ) -> Result<&ShareToken, DomainError> {
        let id = required(token_id, "token-id")?;
        self.token_visible_to(actor, &id)
            .ok_or_else(|| DomainError::not_found("share token", id.as_str()).on("token-id"))
    }

    /// The template a command names in `template-id`, when the actor owns it.
    pub(crate) fn own_template(
        &self,
        actor: &Id,
        template_id: &str,
    ) -> Result<&InquiryTemplate, DomainError> {
        let id = required(template_id, "template-id")?;
        self.template_owned_by(actor, &id).ok_or_else(|| {
            DomainError::not_found("inquiry template", id.as_str()).on("template-id")
        })
    }

    /// The inquiry a command names in `attribute`, when the actor owns it.
    pub(crate) fn own_inquiry(
        &self,
        actor: &Id,
        inquiry_id: &str,
        attribute: &'static str,
    ) -> Result<&Inquiry, DomainError> {
        let id = required(inquiry_id, attribute)?;
        if id.prefix() != prefix::INQUIRY {
            return Err(DomainError::unprocessable(
                "inquiry-id-prefix",
                format!(
                    "`{}` is not an Inquiry id: Inquiry ids start with `inq_`.",
                    crate::error::shorten(id.as_str())
                ),
            )
            .on(attribute));
        }
        self.inquiry_owned_by(actor, &id)
            .ok_or_else(|| DomainError::not_found("inquiry", id.as_str()).on(attribute))
    }

    /// The workflow a command names, when the actor owns it.
    pub(crate) fn own_workflow(&self, actor: &Id, workflow_id: &str) -> Result<Id, DomainError> {
        let id = Id::parse(workflow_id);
        self.workflow_owned_by(actor, &id)
            .map(|w| w.id.clone())
            .ok_or_else(|| DomainError::not_found("workflow", id.as_str()))
    }

    /// The webhook endpoint a command names, when the actor owns it.
    pub(crate) fn own_webhook(&self, actor: &Id, webhook_id: &str) -> Result<Id, DomainError> {
        let id = Id::parse(webhook_id);
        self.webhook_owned_by(actor, &id)
            .map(|w| w.id.clone())
            .ok_or_else(|| DomainError::not_found("webhook endpoint", id.as_str()))
    }
}
