//! `/api/v1/inquiry-templates`: list and retrieve (read only).

use super::errors::ApiError;
use super::paging::check_params;
use super::router::{retrieved, Call};
use super::{render, ApiResponse};
use crate::ids::Id;
use serde_json::{json, Value};

impl Call<'_> {
    pub(super) fn list_templates(&self) -> Result<ApiResponse, ApiError> {
        check_params(self.target, &[])?;
        let data: Vec<Value> = self
            .world
            .templates_of(self.org)
            .into_iter()
            .map(render::template)
            .collect();
        Ok(ApiResponse {
            status: 200,
            headers: Vec::new(),
            body: json!({ "data": data, "links": { "prev": null, "next": null } }).to_string(),
        })
    }

    pub(super) fn retrieve_template(&self, id: &str) -> Result<ApiResponse, ApiError> {
        let visible = self.world.template_owned_by(self.org, &Id::parse(id));
        retrieved(visible, "inquiry template", id, render::template)
    }
}
