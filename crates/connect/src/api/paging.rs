//! Lists: `page[size]`, `page[after]`/`page[before]`, the parameters a list takes, and
//! `filter[…]` values.

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

/// The paging parameters every list takes.
const PAGING: [&str; 3] = ["page[size]", "page[after]", "page[before]"];

/// Refuses a `filter[…]`, `page[…]` or `peek-source-data` parameter the endpoint does not take
/// (`allowed`), so a typo is not silently ignored.
pub(super) fn check_params(target: &Target, allowed: &[&str]) -> Result<(), ApiError> {
    for (key, _) in &target.query {
        let structured = key.starts_with("filter[") || key.starts_with("page[");
        if (structured || key == "peek-source-data") && !allowed.contains(&key.as_str()) {
            let details = if key == "peek-source-data" {
                "`peek-source-data` is only for retrieving one share token (`GET /api/v1/connect/share-tokens/{id}`), not for this endpoint."
                    .to_string()
            } else if allowed.is_empty() {
                format!("`{}` is not a parameter of this endpoint.", shorten(key))
            } else {
                format!(
                    "`{}` is not a parameter of this endpoint; it takes {}.",
                    shorten(key),
                    allowed.join(", ")
                )
            };
            return Err(ApiError::bad_request("request.unknown-parameter", details).parameter(key));
        }
    }
    Ok(())
}

fn page_size(target: &Target) -> Result<usize, ApiError> {
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

/// A list, newest first, at most `page[size]` long: the items after `page[after]` or the ones
/// just before `page[before]` (ids of the list), with `links.prev` and `links.next`.
pub(super) struct Page {
    pub(super) base: &'static str,
    /// The `filter[…]` parameters the list takes.
    pub(super) filters: &'static [&'static str],
}

impl Page {
    /// `visible` is everything the org may list (unfiltered), `keep` the filter.
    pub(super) fn render<T>(
        &self,
        target: &Target,
        mut visible: Vec<&T>,
        key: impl Fn(&T) -> (Timestamp, Id),
        keep: impl Fn(&T) -> bool,
        show: impl Fn(&T) -> Value,
    ) -> Result<ApiResponse, ApiError> {
        check_params(target, &[self.filters, &PAGING].concat())?;
        let size = page_size(target)?;
        crate::order::sort_by_key_desc(&mut visible, |item| key(item));
        let cursor = |name: &str| match target.param(name) {
            None => Ok(None),
            Some(at) => visible
                .iter()
                .map(|item| key(item))
                .find(|(_, id)| id.as_str() == at)
                .map(Some)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "request.page-cursor",
                        format!(
                            "{name} must be the id of an item of this list; `{}` is not.",
                            shorten(at)
                        ),
                    )
                    .parameter(name)
                }),
        };
        let (after, before) = (cursor("page[after]")?, cursor("page[before]")?);
        let rest: Vec<&T> = visible.iter().copied().filter(|item| keep(item)).collect();
        let (start, end) = match (after, before) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "request.page-cursors",
                    "Give page[after] or page[before], not both.",
                )
                .parameter("page[before]"))
            }
            (Some(c), None) => {
                let start = rest.iter().position(|i| key(i) < c).unwrap_or(rest.len());
                (start, (start + size).min(rest.len()))
            }
            (None, Some(c)) => {
                let end = rest.iter().position(|i| key(i) <= c).unwrap_or(rest.len());
                (end.saturating_sub(size), end)
            }
            (None, None) => (0, size.min(rest.len())),
        };
        let page = &rest[start..end];
        // The query as it was sent, encoded again: names keep their brackets, lists their commas.
        let encode = |text: &str| super::http::percent_encode(text, b"[],/:");
        let link = |cursor: &str, item: Option<&&T>| match item {
            Some(item) => {
                let mut query: Vec<String> = target
                    .query
                    .iter()
                    .filter(|(k, _)| k != "page[after]" && k != "page[before]")
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect();
                query.push(format!("{cursor}={}", encode(key(item).1.as_str())));
                json!(format!("{}?{}", self.base, query.join("&")))
            }
            None => Value::Null,
        };
        let prev = link("page[before]", page.first().filter(|_| start > 0));
        let next = link("page[after]", page.last().filter(|_| end < rest.len()));
        let data: Vec<Value> = page.iter().map(|item| show(item)).collect();
        Ok(ApiResponse {
            status: 200,
            headers: Vec::new(),
            body: json!({ "data": data, "links": { "prev": prev, "next": next } }).to_string(),
        })
    }
}

/// `filter[direction]` of a bridge or token: `inbound` where `org` is its destination,
/// `outbound` where it is its source (a bridge to oneself is both).
pub(super) fn on_side(
    direction: Option<&str>,
    org: &Id,
    source_org: &Id,
    destination_org: &Id,
) -> bool {
    match direction {
        Some("inbound") => org == destination_org,
        Some(_) => org == source_org,
        None => true,
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
