//! Persona's per-answer headers: the API version a call is served in, and the organization and
//! environment that served it.

use super::errors::ApiError;
use super::{ApiRequest, ApiResponse};
use crate::ids::Id;

pub const VERSION_HEADER: &str = "Persona-Version";

/// The versions the playground speaks, oldest first; the last is the default. The seed's
/// closed-beta Connect endpoints were documented against this version.
pub const VERSIONS: [&str; 1] = ["2023-01-05"];

/// The version a request asks for (the default when it names none).
pub fn version(request: &ApiRequest) -> Result<&'static str, ApiError> {
    let default = VERSIONS[VERSIONS.len() - 1];
    match request.header_value(VERSION_HEADER) {
        None => Ok(default),
        Some(asked) => VERSIONS.into_iter().find(|v| *v == asked).ok_or_else(|| {
            ApiError::bad_request(
                "request.persona-version",
                format!(
                    "Persona-Version `{}` is not a version this API speaks; it speaks {}.",
                    super::router::shorten(asked),
                    VERSIONS.join(", ")
                ),
            )
            .header(VERSION_HEADER)
        }),
    }
}

/// `Persona-Organization-Id` and `Persona-Environment-Id`. Each playground organization has
/// one environment; its id carries the organization id's random part.
pub fn identity_headers(org: &Id, response: &mut ApiResponse) {
    let random = org
        .as_str()
        .rsplit_once('_')
        .map_or(org.as_str(), |(_, r)| r);
    response.set_header("Persona-Organization-Id", org.to_string());
    response.set_header("Persona-Environment-Id", format!("env_{random}"));
}
