//! Error documents as Persona sends them, `{"errors":[{"title","details","source"}]}`, and the
//! mapping from a [`DomainError`] to one. The `title` names the problem ("Parameter missing"),
//! not the HTTP reason phrase; `code` is the playground's rule name.

use super::rate_limit::{RateWindow, RATE_LIMIT_PER_MINUTE};
use super::ApiResponse;
use crate::error::DomainError;
use crate::time::Timestamp;
use serde_json::{json, Map, Value};

/// Where in the request an error points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A JSON pointer into the body, e.g. `/data/attributes/source-id`.
    Pointer(String),
    /// A query parameter, e.g. `page[size]`.
    Parameter(String),
    /// A request header, e.g. `Idempotency-Key`.
    Header(String),
}

/// One refused call: the status, the rule that refused it, and what a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub rule: String,
    pub details: String,
    pub source: Option<Source>,
    pub headers: Vec<(String, String)>,
}

/// The HTTP reason phrase of a status the simulated API answers with ("" for others).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "",
    }
}

impl ApiError {
    pub fn new(status: u16, rule: &str, details: impl Into<String>) -> ApiError {
        ApiError {
            status,
            rule: rule.to_string(),
            details: details.into(),
            source: None,
            headers: Vec::new(),
        }
    }

    pub fn bad_request(rule: &str, details: impl Into<String>) -> ApiError {
        ApiError::new(400, rule, details)
    }

    pub fn unauthorized(rule: &str, details: impl Into<String>) -> ApiError {
        ApiError::new(401, rule, details)
    }

    /// What went wrong, in the words Persona's error titles use.
    pub fn title(&self) -> &'static str {
        match self.status {
            400 if self.rule.ends_with("-required") => "Parameter missing",
            400 if self.rule == "request.malformed-json"
                || self.rule.ends_with("-object") && self.rule.starts_with("request.") =>
            {
                "Malformed request"
            }
            400 if matches!(self.source, Some(Source::Header(_))) => "Invalid header",
            400 => "Invalid parameter",
            401 => "Unauthorized",
            403 => "Permission denied",
            404 => "Not found",
            405 => "Method not allowed",
            409 => "Conflict",
            422 => "Record invalid",
            429 => "Rate limit exceeded",
            503 => "Storage unavailable",
            _ => "Internal error",
        }
    }

    pub fn pointer(mut self, pointer: &str) -> ApiError {
        self.source = Some(Source::Pointer(pointer.to_string()));
        self
    }

    pub fn parameter(mut self, name: &str) -> ApiError {
        self.source = Some(Source::Parameter(name.to_string()));
        self
    }

    pub fn header(mut self, name: &str) -> ApiError {
        self.source = Some(Source::Header(name.to_string()));
        self
    }

    pub fn too_many_requests(window: &RateWindow, now: Timestamp) -> ApiError {
        ApiError::new(
            429,
            "rate-limit.per-minute",
            format!(
                "This organization made {RATE_LIMIT_PER_MINUTE} requests in the current minute of the playground clock; try again in {} seconds.",
                window.reset_seconds(now)
            ),
        )
    }

    /// A domain refusal. `names` maps the domain's attribute names to the API's: `None` for an
    /// attribute that came from the URL (it gets no body pointer). `template-id` is called
    /// `inquiry-template-id` in the API everywhere.
    pub fn from_domain(error: DomainError, names: &[(&str, Option<&str>)]) -> ApiError {
        let name = error.attribute.and_then(|attribute| {
            match names.iter().find(|(domain, _)| *domain == attribute) {
                Some((_, api_name)) => *api_name,
                None if attribute == "template-id" => Some("inquiry-template-id"),
                None => Some(attribute),
            }
        });
        let (Some(name), Some(attribute)) = (name, error.attribute) else {
            return ApiError::new(error.kind.http_status(), error.rule, error.message);
        };
        // The Dashboard's words name its own fields; the API's answer names the attribute the
        // caller sent, and a missing one is the request's fault like any other missing one.
        let message = error
            .message
            .replace(&format!("`{attribute}`"), &format!("`{name}`"));
        let rule = if error.rule == "attribute-required" {
            "request.attribute-required"
        } else {
            error.rule
        };
        ApiError::new(error.kind.http_status(), rule, message)
            .pointer(&format!("/data/attributes/{name}"))
    }

    pub fn to_json(&self) -> Value {
        let mut error = Map::new();
        error.insert("status".into(), json!(self.status.to_string()));
        error.insert("title".into(), json!(self.title()));
        error.insert("code".into(), json!(self.rule));
        error.insert("details".into(), json!(self.details));
        if let Some(source) = &self.source {
            let (key, value) = match source {
                Source::Pointer(p) => ("pointer", p),
                Source::Parameter(p) => ("parameter", p),
                Source::Header(h) => ("header", h),
            };
            error.insert("source".into(), json!({ key: value }));
        }
        json!({ "errors": [Value::Object(error)] })
    }

    pub fn response(&self) -> ApiResponse {
        ApiResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.to_json().to_string(),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> ApiError {
        ApiError::from_domain(error, &[])
    }
}
