//! Organizations, their templates and API keys.

use super::World;
use crate::error::{DomainError, ErrorKind};
use crate::ids::{prefix, Id, IdSource};
use crate::model::*;
use crate::time::Timestamp;

/// The longest organization name, in characters.
pub const MAX_ORGANIZATION_NAME: usize = 80;

/// An organization's name (already trimmed) has 1 to [`MAX_ORGANIZATION_NAME`] characters.
pub fn check_organization_name(name: &str) -> Result<(), DomainError> {
    if name.is_empty() || name.chars().count() > MAX_ORGANIZATION_NAME {
        return Err(DomainError::new(
            ErrorKind::BadRequest,
            "organization.name-length",
            format!("An organization needs a name of 1 to {MAX_ORGANIZATION_NAME} characters."),
        )
        .on("name"));
    }
    if let Some(c) = name.chars().find(|c| is_invisible(*c)) {
        return Err(DomainError::new(
            ErrorKind::BadRequest,
            "organization.name-characters",
            format!(
                "An organization name cannot hold control or invisible characters (U+{:04X}): \
                 two names would look the same.",
                u32::from(c)
            ),
        )
        .on("name"));
    }
    Ok(())
}

/// Characters that print nothing or turn the text around: controls, the zero-width space,
/// direction marks and overrides, the word joiner and byte-order mark, soft hyphen, Hangul
/// fillers. The zero-width non-joiner and joiner (U+200C, U+200D) stay allowed: Persian and
/// Indic spelling and emoji sequences need them.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{180e}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
        )
}

/// What makes two organization names the same name: letters compared without case, in any
/// script ("Ärzte Bank" is "ärzte bank"), through the uppercase table the API's key inflection
/// links anyway.
pub fn organization_name_key(name: &str) -> String {
    name.chars().flat_map(char::to_uppercase).collect()
}

impl World {
    /// Adds an organization with its own API key. Used by seeding and by the command.
    pub fn add_organization(
        &mut self,
        name: &str,
        description: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Id {
        let id = ids.new_id(prefix::ORGANIZATION);
        let api_key = ApiKey {
            id: ids.new_id(prefix::API_KEY),
            secret: ids.new_id(prefix::SECRET).to_string(),
        };
        let environment_id = ids.new_id(prefix::ENVIRONMENT);
        self.touch(&id);
        self.organizations.insert(
            id.clone(),
            Organization {
                id: id.clone(),
                name: name.trim().to_string(),
                description: description.trim().to_string(),
                environment: Environment::Sandbox,
                environment_id,
                api_key,
                created_at: now,
            },
        );
        id
    }

    pub(super) fn create_organization(
        &mut self,
        actor: &Id,
        name: &str,
        description: &str,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let name = name.trim();
        check_organization_name(name)?;
        if self
            .organizations
            .values()
            .any(|o| organization_name_key(&o.name) == organization_name_key(name))
        {
            return Err(DomainError::new(
                ErrorKind::Conflict,
                "organization.name-unique",
                format!("An organization named “{name}” already exists; pick another name."),
            )
            .on("name"));
        }
        let id = self.add_organization(name, description, now, ids);
        // Every org starts with one template so it can verify people and redeem tokens.
        self.add_template(
            &id,
            "Standard KYC",
            vec![VerificationKind::GovernmentId, VerificationKind::Selfie],
            TemplateRules {
                minimum_age: Some(18),
                allowed_countries: None,
            },
            ids,
        );
        Ok(self.record(
            ids,
            now,
            Some(actor),
            EventType::OrganizationCreated,
            &id,
            std::slice::from_ref(&id),
        ))
    }

    pub fn add_template(
        &mut self,
        org: &Id,
        name: &str,
        verifications: Vec<VerificationKind>,
        rules: TemplateRules,
        ids: &mut dyn IdSource,
    ) -> Id {
        let id = ids.new_id(prefix::TEMPLATE);
        self.touch(&id);
        self.templates.insert(
            id.clone(),
            InquiryTemplate {
                id: id.clone(),
                org_id: org.clone(),
                name: name.to_string(),
                verifications,
                rules,
            },
        );
        id
    }

    pub(super) fn roll_api_key(
        &mut self,
        actor: &Id,
        now: Timestamp,
        ids: &mut dyn IdSource,
    ) -> Vec<Event> {
        let key = ApiKey {
            id: ids.new_id(prefix::API_KEY),
            secret: ids.new_id(prefix::SECRET).to_string(),
        };
        self.touch(actor);
        match self.organizations.get_mut(actor) {
            Some(org) => org.api_key = key,
            // `apply` checked the actor exists; nothing to roll otherwise.
            None => return Vec::new(),
        }
        self.record(
            ids,
            now,
            Some(actor),
            EventType::ApiKeyRolled,
            actor,
            std::slice::from_ref(actor),
        )
    }
}
