//! `peek-source-data=true`: what the destination may see of a token's source data before it
//! redeems, with personal data masked. Only what the bridge shares is shown at all.

use crate::model::{FieldGroup, Inquiry, Scopes};
use serde_json::{json, Map, Value};

/// `A. R.` from Alex Rivera.
fn initials(first: &str, last: &str) -> String {
    [first, last]
        .iter()
        .filter_map(|s| s.trim().chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last `n` characters, the rest as bullets: `••••4567`.
fn last(text: &str, n: usize) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let keep = chars.len().min(n);
    let hidden = chars.len() - keep;
    format!(
        "{}{}",
        "•".repeat(hidden),
        chars[hidden..].iter().collect::<String>()
    )
}

/// `a•••@example.com`.
fn email(text: &str) -> String {
    match text.trim().split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => last(text, 0),
    }
}

pub fn preview(source: &Inquiry, scopes: &Scopes) -> Value {
    let f = &source.fields;
    let mut out = Map::new();
    for group in scopes.fields.iter().filter(|g| f.has(**g)) {
        match group {
            FieldGroup::Name => {
                out.insert(
                    "name-initials".into(),
                    json!(initials(&f.name_first, &f.name_last)),
                );
            }
            FieldGroup::Birthdate => {
                let year = f.birthdate.get(..4).and_then(|y| y.parse::<i64>().ok());
                out.insert("birth-year".into(), json!(year));
            }
            FieldGroup::Address => {
                out.insert(
                    "address-country-code".into(),
                    json!(f.address_country_code.trim()),
                );
            }
            FieldGroup::Email => {
                out.insert("email-address".into(), json!(email(&f.email_address)));
            }
            FieldGroup::Phone => {
                out.insert("phone-number".into(), json!(last(&f.phone_number, 4)));
            }
            FieldGroup::IdentificationNumber => {
                out.insert(
                    "identification-number".into(),
                    json!(last(&f.identification_number, 4)),
                );
            }
        }
    }
    let evidence: Vec<&str> = source
        .evidence
        .intersection(&scopes.verifications)
        .map(|k| k.slug())
        .collect();
    out.insert("evidence".into(), json!(evidence));
    out.insert("inquiry-status".into(), json!(source.status.as_str()));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_what_the_preview_promises() {
        assert_eq!(initials("alex", "Rivera"), "A. R.");
        assert_eq!(last("D1234567", 4), "••••4567");
        assert_eq!(last("X1", 4), "X1");
        assert_eq!(email("alex.rivera@example.com"), "a•••@example.com");
    }
}
