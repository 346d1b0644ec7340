//! The plain data of workflows: what a user configures and what a run records.

use crate::ids::Id;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// When a workflow runs: an event in its org's log, of this type, passing every filter set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Trigger {
    pub event_type: String,
    /// Only events about an inquiry of this template.
    #[serde(default)]
    pub template_id: Option<Id>,
    /// Only events about this bridge, a token over it, or an inquiry redeemed through it.
    #[serde(default)]
    pub bridge_id: Option<Id>,
    /// Only events whose token, bridge or shared inquiry comes from this org.
    #[serde(default)]
    pub source_org_id: Option<Id>,
    /// Only tokens (or bridges) whose destination is the workflow's own org.
    #[serde(default)]
    pub addressed_to_us: bool,
}

/// Which bridge a created token goes over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "id")]
pub enum BridgeChoice {
    /// This bridge.
    Bridge(Id),
    /// Whichever bridge from the workflow's org to this destination org is active when the run
    /// happens: lets a workflow exist before its bridge does (the seeded one does).
    ActiveBridgeTo(Id),
}

/// One step of a workflow. Each works on the run's *subject*: the triggering event's object at
/// first, then the token a `create-share-token` step made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    /// Share the subject inquiry over a bridge (source side).
    CreateShareToken { bridge: BridgeChoice },
    /// Post the subject token to its destination's partner endpoint (source side).
    SendShareToken,
    /// Redeem the subject token into a new inquiry of this template (destination side).
    RedeemShareToken { template_id: Id },
}

/// What a user fills in to create or edit a workflow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WorkflowSpec {
    pub name: String,
    pub trigger: Trigger,
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    pub id: Id,
    pub org_id: Id,
    pub name: String,
    pub enabled: bool,
    pub trigger: Trigger,
    pub actions: Vec<Action>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunStatus {
    Completed,
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
        }
    }
}

/// One action's outcome within a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// The action in words, e.g. "Create a share token over cnob_…".
    pub action: String,
    pub ok: bool,
    /// What it made or changed, or the error that stopped the run.
    pub detail: String,
    /// The object the step made or changed, when it succeeded.
    #[serde(default)]
    pub object_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRun {
    pub id: Id,
    pub org_id: Id,
    pub workflow_id: Id,
    /// Kept so a run still reads well after its workflow is deleted.
    pub workflow_name: String,
    pub trigger_event_id: Id,
    pub trigger_event_type: crate::model::EventType,
    pub subject_id: Id,
    /// 1 for a run set off by a user's command, 2 for one set off by that run, …
    pub depth: usize,
    /// Orders runs of the same instant (a chain happens at one playground time).
    pub seq: u64,
    pub at: Timestamp,
    pub status: RunStatus,
    pub steps: Vec<StepResult>,
    pub error: Option<String>,
}
