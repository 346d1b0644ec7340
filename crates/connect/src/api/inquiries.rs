//! `/api/v1/inquiries`: create, list, retrieve, complete, mark for review, approve, decline.

use super::errors::ApiError;
use super::http;
use super::paging::{filter, Page};
use super::router::{created, lost, read_back, retrieved, shorten, Call, INQUIRIES};
use super::{render, ApiResponse};
use crate::ids::{Id, IdSource};
use crate::model::*;
use crate::world::{Command, World};
use serde_json::Value;
use std::collections::BTreeSet;

impl Call<'_> {
    pub(super) fn list_inquiries(&self) -> Result<ApiResponse, ApiError> {
        let status = filter(
            self.target,
            "filter[status]",
            &[
                "created",
                "pending",
                "completed",
                "failed",
                "expired",
                "needs_review",
                "approved",
                "declined",
            ],
        )?;
        Page {
            base: INQUIRIES,
            filters: &["filter[status]"],
        }
        .render(
            self.target,
            self.world.inquiries_of(self.org),
            |i| (i.created_at, i.id.clone()),
            |i| status.is_none_or(|s| i.status.as_str() == s),
            render::inquiry,
        )
    }

    pub(super) fn create_inquiry(
        &mut self,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        let attrs = http::attributes(self.body, true)?;
        let template_id = http::string(&attrs, "inquiry-template-id")?;
        let mut fields = PersonFields::default();
        if let Some(given) = http::opt_object(&attrs, "fields")? {
            for (name, value) in given {
                let at = format!("/data/attributes/fields/{name}");
                let Some(slot) = render::field_mut(&mut fields, name) else {
                    return Err(ApiError::bad_request(
                        "inquiry.unknown-field",
                        format!(
                            "`{}` is not an inquiry field; the fields are {}.",
                            shorten(name),
                            render::FIELD_NAMES.join(", ")
                        ),
                    )
                    .pointer(&at));
                };
                match value {
                    Value::String(text) => *slot = text.trim().to_string(),
                    Value::Null => {}
                    other => {
                        return Err(ApiError::bad_request(
                            "request.attribute-type",
                            format!(
                                "`fields.{name}` must be a string, not {}.",
                                http::short(other)
                            ),
                        )
                        .pointer(&at))
                    }
                }
            }
        }
        let evidence: BTreeSet<VerificationKind> = crate::order::insert_all(
            http::opt_slugs(
                attrs.get("evidence"),
                "evidence",
                |s| {
                    VerificationKind::WITH_EVIDENCE
                        .into_iter()
                        .find(|k| k.slug() == s)
                },
                "government-id, selfie, document",
            )?
            .unwrap_or_default(),
        );
        let events = self.apply(
            Command::CreateInquiry {
                template_id,
                fields: Box::new(fields),
                evidence,
            },
            ids,
            &[],
        )?;
        let id = created(&events, "inquiry.created").ok_or_else(|| lost("inquiry"))?;
        inquiry_response(self.world, &id, 201)
    }

    pub(super) fn retrieve_inquiry(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let visible = self.world.inquiry_owned_by(self.org, &Id::parse(id));
        retrieved(visible, "inquiry", id, render::inquiry)
    }

    pub(super) fn inquiry_action(
        &mut self,
        id: &str,
        action: &str,
        ids: &mut dyn IdSource,
    ) -> Result<ApiResponse, ApiError> {
        let inquiry_id = id.to_string();
        let command = match action {
            "complete" => Command::RunInquiry { inquiry_id },
            "approve" => Command::ApproveInquiry { inquiry_id },
            "decline" => Command::DeclineInquiry { inquiry_id },
            _ => Command::MarkInquiryForReview { inquiry_id },
        };
        self.act(command, ids, &[("inquiry-id", None)])?;
        inquiry_response(self.world, &Id::parse(id), 200)
    }
}

pub(super) fn inquiry_response(
    world: &World,
    id: &Id,
    status: u16,
) -> Result<ApiResponse, ApiError> {
    read_back(
        status,
        "inquiry",
        world.inquiries.get(id).map(render::inquiry),
    )
}
