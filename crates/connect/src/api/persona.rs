//! Persona's per-answer headers: the API version a call is served in, and the organization and
//! environment that served it.

use super::errors::ApiError;
use super::{ApiRequest, ApiResponse};
use crate::ids::Id;
use crate::world::World;

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

/// Names the version an answer was served in, when it is known.
pub fn echo_version(version: Option<&str>, response: &mut ApiResponse) {
    if let Some(version) = version {
        response.set_header(VERSION_HEADER, version.to_string());
    }
}

/// `Persona-Organization-Id` and `Persona-Environment-Id` (the org's one environment).
pub fn identity_headers(world: &World, org: &Id, response: &mut ApiResponse) {
    response.set_header("Persona-Organization-Id", org.to_string());
    if let Some(environment) = world.organizations.get(org).map(|o| &o.environment_id) {
        response.set_header("Persona-Environment-Id", environment.to_string());
    }
}
