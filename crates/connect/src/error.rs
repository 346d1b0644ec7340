//! Errors are values: each names the rule that refused the command and maps to an API status.

use crate::ids::Id;
use std::fmt;

/// What kind of refusal this is; the simulated API turns it into an HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 400: malformed input (missing or mistyped attribute).
    BadRequest,
    /// 403: the acting org may see the object but not do this to it.
    Forbidden,
    /// 404: no such object for the acting org (other orgs' objects are not found, never forbidden).
    NotFound,
    /// 409: conflicts with existing state (duplicate bridge, token already redeemed).
    Conflict,
    /// 422: valid input, but not allowed in the object's current state.
    Unprocessable,
}

impl ErrorKind {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::Unprocessable => 422,
        }
    }
}

/// A refused command. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainError {
    pub kind: ErrorKind,
    /// A stable, machine-readable name of the rule, e.g. `share-token.source-must-be-inquiry`.
    pub rule: &'static str,
    /// What a person reads: says what was wrong and which rule refused it.
    pub message: String,
    /// The input attribute at fault, e.g. `source-id`, when there is one.
    pub attribute: Option<&'static str>,
}

impl DomainError {
    pub fn new(kind: ErrorKind, rule: &'static str, message: impl Into<String>) -> Self {
        DomainError {
            kind,
            rule,
            message: message.into(),
            attribute: None,
        }
    }

    pub fn on(mut self, attribute: &'static str) -> Self {
        self.attribute = Some(attribute);
        self
    }

    /// 422: valid input the object's state does not allow.
    pub fn unprocessable(rule: &'static str, message: impl Into<String>) -> Self {
        DomainError::new(ErrorKind::Unprocessable, rule, message)
    }

    /// 403: the org may see the object but is the wrong side to do this.
    pub fn forbidden(rule: &'static str, message: impl Into<String>) -> Self {
        DomainError::new(ErrorKind::Forbidden, rule, message)
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        DomainError::new(
            ErrorKind::NotFound,
            "not-found",
            format!(
                "No {what} with id `{}` was found for this organization.",
                shorten(id)
            ),
        )
    }
}

/// Echoed input is cut to 120 characters, so a huge id or path cannot make a huge answer.
pub fn shorten(text: &str) -> String {
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(120).collect::<String>())
    } else {
        text.to_string()
    }
}

/// The id a user typed for `attribute`, or a 400 naming what is missing when it is blank.
pub fn required(value: &str, attribute: &'static str) -> Result<Id, DomainError> {
    if value.trim().is_empty() {
        let what = match attribute {
            "bridge-id" => "an Organization Bridge",
            "source-id" => "the source Inquiry id",
            "token-id" => "a share token id",
            "template-id" => "an inquiry template",
            "destination-id" => "the destination organization",
            _ => "an inquiry id",
        };
        Err(DomainError::new(
            ErrorKind::BadRequest,
            "attribute-required",
            format!("Give {what}: `{attribute}` is required."),
        )
        .on(attribute))
    } else {
        Ok(Id::parse(value))
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DomainError {}
