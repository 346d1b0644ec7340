//! Organizations: the simulated Persona customers, each with an API key and an environment.

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    Sandbox,
    Production,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: Id,
    pub secret: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredOrganization")]
pub struct Organization {
    pub id: Id,
    pub name: String,
    /// One line on what the org is in the demo, e.g. "a retail bank (usually the source)".
    pub description: String,
    pub environment: Environment,
    /// The org's one environment (`env_…`), drawn at random when the org is made.
    pub environment_id: Id,
    pub api_key: ApiKey,
    pub created_at: Timestamp,
}

/// An organization as stored: data saved before environments had ids of their own has none.
#[derive(Deserialize)]
struct StoredOrganization {
    id: Id,
    name: String,
    description: String,
    environment: Environment,
    #[serde(default)]
    environment_id: Option<Id>,
    api_key: ApiKey,
    created_at: Timestamp,
}

impl From<StoredOrganization> for Organization {
    fn from(stored: StoredOrganization) -> Organization {
        // The id those answers showed before it was stored: the org id's random part, so an
        // org keeps the environment id its API answers named.
        let environment_id = stored.environment_id.unwrap_or_else(|| {
            let random = stored
                .id
                .as_str()
                .rsplit_once('_')
                .map_or(stored.id.as_str(), |(_, r)| r);
            Id::parse(&format!("{}_{random}", crate::ids::prefix::ENVIRONMENT))
        });
        Organization {
            id: stored.id,
            name: stored.name,
            description: stored.description,
            environment: stored.environment,
            environment_id,
            api_key: stored.api_key,
            created_at: stored.created_at,
        }
    }
}
