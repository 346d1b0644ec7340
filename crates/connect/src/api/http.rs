//! Reading a request: the path's segments, the query string, and a JSON:API body.

use super::errors::ApiError;
use serde_json::{Map, Value};

/// A path split into decoded segments and query pairs.
pub struct Target {
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
}

impl Target {
    pub fn parse(path: &str) -> Target {
        let path = path.trim();
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(key), percent_decode(value))
            })
            .collect();
        Target { segments, query }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `%5B` → `[`, `+` → space; a broken escape is kept as it was typed.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` with every byte percent-encoded but ASCII letters, digits, `-._~` and the bytes of
/// `keep`: the inverse of [`percent_decode`] for a query's names and values.
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A JSON pointer's reference token for `name` (RFC 6901: `~` as `~0`, `/` as `~1`).
pub fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The `data.attributes` object of a JSON:API body. An empty body is an empty object when
/// `required` is false (action endpoints such as `…/activate` take no body).
pub fn attributes(body: &str, required: bool) -> Result<Map<String, Value>, ApiError> {
    if body.trim().is_empty() {
        return if required {
            Err(ApiError::bad_request(
                "request.body-required",
                "This endpoint needs a JSON:API body: {\"data\":{\"attributes\":{…}}}.",
            )
            .pointer("/data"))
        } else {
            Ok(Map::new())
        };
    }
    let document: Value = serde_json::from_str(body).map_err(|e| {
        ApiError::bad_request(
            "request.malformed-json",
            format!("The request body is not valid JSON ({e})."),
        )
    })?;
    let Value::Object(mut document) = document else {
        return Err(ApiError::bad_request(
            "request.body-object",
            "The request body must be a JSON object: {\"data\":{\"attributes\":{…}}}.",
        )
        .pointer(""));
    };
    let data = match document.remove("data") {
        Some(Value::Object(data)) => data,
        None if !required => return Ok(Map::new()),
        None => {
            return Err(ApiError::bad_request(
                "request.data-required",
                "The request body needs a `data` object.",
            )
            .pointer("/data"))
        }
        Some(_) => {
            return Err(
                ApiError::bad_request("request.data-object", "`data` must be an object.")
                    .pointer("/data"),
            )
        }
    };
    match data.get("attributes") {
        Some(Value::Object(attributes)) => Ok(attributes.clone()),
        None if !required => Ok(Map::new()),
        None => Err(ApiError::bad_request(
            "request.attributes-required",
            "`data` needs an `attributes` object.",
        )
        .pointer("/data/attributes")),
        Some(_) => Err(ApiError::bad_request(
            "request.attributes-object",
            "`data.attributes` must be an object.",
        )
        .pointer("/data/attributes")),
    }
}

fn pointer(name: &str) -> String {
    format!("/data/attributes/{name}")
}

fn mistyped(name: &str, what: &str, got: &Value) -> ApiError {
    let kind = match got {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) => return bad_type(name, what, &format!("the number {n}")),
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    bad_type(name, what, kind)
}

fn bad_type(name: &str, what: &str, got: &str) -> ApiError {
    ApiError::bad_request(
        "request.attribute-type",
        format!("`{name}` must be {what}, not {got}."),
    )
    .pointer(&pointer(name))
}

fn missing(name: &str) -> ApiError {
    ApiError::bad_request(
        "request.attribute-required",
        format!("`{name}` is required."),
    )
    .pointer(&pointer(name))
}

/// An optional string attribute.
pub fn opt_string(attrs: &Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match attrs.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(mistyped(name, "a string", other)),
    }
}

/// A required, non-empty string attribute.
pub fn string(attrs: &Map<String, Value>, name: &str) -> Result<String, ApiError> {
    match opt_string(attrs, name)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(missing(name)),
    }
}

/// An optional whole-number attribute.
pub fn opt_integer(attrs: &Map<String, Value>, name: &str) -> Result<Option<i64>, ApiError> {
    match attrs.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_f64() => {
            Err(mistyped(name, "a whole number", &Value::Number(n.clone())))
        }
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| {
            bad_type(
                name,
                &format!("a whole number up to {}", i64::MAX),
                &format!("the number {n}"),
            )
        }),
        Some(other) => Err(mistyped(name, "a whole number", other)),
    }
}

/// An optional object attribute.
pub fn opt_object<'a>(
    attrs: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a Map<String, Value>>, ApiError> {
    match attrs.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(other) => Err(mistyped(name, "an object", other)),
    }
}

/// An optional list of slugs, each of which `parse` must know.
pub fn opt_slugs<T>(
    value: Option<&Value>,
    at: &str,
    parse: impl Fn(&str) -> Option<T>,
    known: &str,
) -> Result<Option<Vec<T>>, ApiError> {
    let list = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(list)) => list,
        Some(other) => {
            return Err(ApiError::bad_request(
                "request.attribute-type",
                format!("`{at}` must be a list of strings, not {}.", short(other)),
            )
            .pointer(&format!("/data/attributes/{at}")))
        }
    };
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str().and_then(&parse).ok_or_else(|| {
                ApiError::bad_request(
                    "request.attribute-value",
                    format!("`{at}` may hold only {known}; item {i} is {}.", short(v)),
                )
                .pointer(&format!("/data/attributes/{at}/{i}"))
            })
        })
        .collect::<Result<Vec<T>, ApiError>>()
        .map(Some)
}

/// A short rendering of a value for a message (huge inputs are cut).
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}
