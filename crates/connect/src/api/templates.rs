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
        let template = self.world.templates.get(&Id::parse(id));
        let visible = template.filter(|t| &t.org_id == self.org);
        retrieved(visible, "inquiry template", id, render::template)
    }
}
