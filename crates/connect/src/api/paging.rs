//! Lists: `page[size]`, `page[after]`, the parameters a list takes, and `filter[…]` values.

use super::errors::ApiError;
use super::http::Target;
use super::router::shorten;
use super::ApiResponse;
use crate::ids::Id;
use crate::time::Timestamp;
use serde_json::{json, Value};

/// Default and largest `page[size]`.
pub const PAGE_SIZE_DEFAULT: usize = 10;
pub const PAGE_SIZE_MAX: usize = 100;

/// A list, newest first, after `page[after]`, at most `page[size]` long, with `links.next`.
pub(super) struct Page {
    pub(super) base: &'static str,
    pub(super) allowed: &'static [&'static str],
}

impl Page {
    pub(super) fn check_params(&self, target: &Target) -> Result<usize, ApiError> {
        for (key, _) in &target.query {
            let structured = key.starts_with("filter[") || key.starts_with("page[");
            if (structured || key == "peek-source-data") && !self.allowed.contains(&key.as_str()) {
                let detail = if key == "peek-source-data" {
                    "`peek-source-data` is only for retrieving one share token, never for lists."
                        .to_string()
                } else {
                    format!(
                        "`{}` is not a parameter of this list; it takes {}.",
                        shorten(key),
                        self.allowed.join(", ")
                    )
                };
                return Err(
                    ApiError::bad_request("request.unknown-parameter", detail).parameter(key)
                );
            }
        }
        match target.param("page[size]") {
            None => Ok(PAGE_SIZE_DEFAULT),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=PAGE_SIZE_MAX).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "request.page-size",
                        format!(
                            "page[size] must be a whole number from 1 to {PAGE_SIZE_MAX}; `{}` is not.",
                            shorten(text)
                        ),
                    )
                    .parameter("page[size]")
                }),
        }
    }

    /// `visible` is everything the org may list (unfiltered), `keep` the filter.
    pub(super) fn render<T>(
        &self,
        target: &Target,
        mut visible: Vec<&T>,
        key: impl Fn(&T) -> (Timestamp, Id),
        keep: impl Fn(&T) -> bool,
        show: impl Fn(&T) -> Value,
    ) -> Result<ApiResponse, ApiError> {
        let size = self.check_params(target)?;
        visible.sort_by_key(|item| std::cmp::Reverse(key(item)));
        let cursor = match target.param("page[after]") {
            None => None,
            Some(after) => Some(
                visible
                    .iter()
                    .map(|item| key(item))
                    .find(|(_, id)| id.as_str() == after)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "request.page-after",
                            format!(
                                "page[after] must be the id of an item of this list; `{}` is not.",
                                shorten(after)
                            ),
                        )
                        .parameter("page[after]")
                    })?,
            ),
        };
        let rest: Vec<&T> = visible
            .into_iter()
            .filter(|item| keep(item))
            .filter(|item| cursor.as_ref().is_none_or(|c| key(item) < *c))
            .collect();
        let more = rest.len() > size;
        let page: Vec<&T> = rest.into_iter().take(size).collect();
        let next = match page.last() {
            Some(last) if more => {
                let mut query: Vec<String> = target
                    .query
                    .iter()
                    .filter(|(k, _)| k != "page[after]")
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                query.push(format!("page[after]={}", key(last).1));
                json!(format!("{}?{}", self.base, query.join("&")))
            }
            _ => Value::Null,
        };
        let data: Vec<Value> = page.into_iter().map(show).collect();
        Ok(ApiResponse {
            status: 200,
            headers: Vec::new(),
            body: json!({ "data": data, "links": { "next": next } }).to_string(),
        })
    }
}

/// The value of a `filter[…]` parameter, checked against the values it may take.
pub(super) fn filter<'t>(
    target: &'t Target,
    name: &str,
    values: &[&str],
) -> Result<Option<&'t str>, ApiError> {
    match target.param(name) {
        None => Ok(None),
        Some(v) if values.contains(&v) => Ok(Some(v)),
        Some(v) => Err(ApiError::bad_request(
            "request.filter-value",
            format!(
                "{name} must be one of {}; `{}` is not.",
                values.join(", "),
                shorten(v)
            ),
        )
        .parameter(name)),
    }
}
