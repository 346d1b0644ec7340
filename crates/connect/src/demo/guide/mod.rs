//! The guided share flow: the seed's story as steps, each ticked when the world shows it done.
//!
//! Steps are a pure function of the world, the two organizations and the paths the presenter
//! chose, so a presenter can mix manual clicks and "Do it for me" in any order. Every step
//! carries the [`Action`] its "Do it for me" sends: the same command (or API request) the real
//! control sends, so the rules can refuse it exactly as they refuse a click.

//!
//! This file holds what a step is; [`steps`] (in `steps.rs`) derives them from the world.

mod steps;

pub use steps::{steps, verdict};

use crate::api::ApiRequest;
use crate::ids::Id;
use crate::world::Command;

/// How the source creates the token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CreatePath {
    #[default]
    Dashboard,
    Api,
    Workflow,
}

/// How the token reaches the destination.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HandOver {
    #[default]
    CopyPaste,
    DestinationApi,
    DestinationWorkflow,
}

impl CreatePath {
    pub const ALL: [CreatePath; 3] = [CreatePath::Dashboard, CreatePath::Api, CreatePath::Workflow];

    pub fn slug(self) -> &'static str {
        match self {
            CreatePath::Dashboard => "dashboard",
            CreatePath::Api => "api",
            CreatePath::Workflow => "workflow",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CreatePath::Dashboard => "Dashboard",
            CreatePath::Api => "API",
            CreatePath::Workflow => "Workflow",
        }
    }

    pub fn from_slug(slug: &str) -> Option<CreatePath> {
        CreatePath::ALL.into_iter().find(|p| p.slug() == slug)
    }
}

impl HandOver {
    pub const ALL: [HandOver; 3] = [
        HandOver::CopyPaste,
        HandOver::DestinationApi,
        HandOver::DestinationWorkflow,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            HandOver::CopyPaste => "copy-paste",
            HandOver::DestinationApi => "destination-api",
            HandOver::DestinationWorkflow => "destination-workflow",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HandOver::CopyPaste => "Copy and paste",
            HandOver::DestinationApi => "Destination's API",
            HandOver::DestinationWorkflow => "Destination's workflow",
        }
    }

    pub fn from_slug(slug: &str) -> Option<HandOver> {
        HandOver::ALL.into_iter().find(|p| p.slug() == slug)
    }
}

/// The presenter's choices of path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paths {
    pub create: CreatePath,
    pub hand_over: HandOver,
}

/// Which pane a step happens in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Destination,
}

/// The screen of a pane that holds a step's real control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Screen {
    Bridges,
    Inquiries,
    ShareTokens,
    Redeem,
    Workflows,
}

impl Screen {
    pub const ALL: [Screen; 5] = [
        Screen::Bridges,
        Screen::Inquiries,
        Screen::ShareTokens,
        Screen::Redeem,
        Screen::Workflows,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Screen::Bridges => "bridges",
            Screen::Inquiries => "inquiries",
            Screen::ShareTokens => "share-tokens",
            Screen::Redeem => "redeem",
            Screen::Workflows => "workflows",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Screen::Bridges => "Bridges",
            Screen::Inquiries => "Inquiries",
            Screen::ShareTokens => "Share Tokens",
            Screen::Redeem => "Redeem",
            Screen::Workflows => "Workflows",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// What "Do it for me" sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A Dashboard command, as the real control sends it.
    Command { actor: Id, command: Command },
    /// Create an inquiry for a sample person and run it: the two commands the Inquiries form
    /// sends with "Run the verifications right away".
    Verify {
        actor: Id,
        template_id: Id,
        person: &'static str,
    },
    /// A request to the simulated API, as the API console sends it.
    Api { actor: Id, request: ApiRequest },
    /// Puts the token id into the destination's Redeem form: the copy-and-paste hand-over.
    Paste { token: Id },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    CreateBridge,
    ActivateBridge,
    EnableSourceWorkflow,
    EnableDestinationWorkflow,
    CompleteInquiry,
    CreateToken,
    HandOver,
    Redeem,
    VerifiedAgain,
}

impl StepKind {
    pub fn slug(self) -> &'static str {
        match self {
            StepKind::CreateBridge => "create-bridge",
            StepKind::ActivateBridge => "activate-bridge",
            StepKind::EnableSourceWorkflow => "enable-source-workflow",
            StepKind::EnableDestinationWorkflow => "enable-destination-workflow",
            StepKind::CompleteInquiry => "complete-inquiry",
            StepKind::CreateToken => "create-token",
            StepKind::HandOver => "hand-over",
            StepKind::Redeem => "redeem",
            StepKind::VerifiedAgain => "verified-again",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Done,
    /// The first step not done yet.
    Current,
    Later,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    /// One or two sentences: what happens, who may do it, and the rule it demonstrates.
    pub explanation: String,
    /// Where things stand for this step, e.g. the token's status or what is missing.
    pub detail: Option<String>,
    pub side: Side,
    pub screen: Screen,
    /// The rule the step demonstrates, in words, naming the rule ids the rules crate refuses
    /// with (e.g. `share-token.destination-redeems`).
    pub rule: String,
    /// Where the real control is, inside its pane.
    pub control: Control,
    pub progress: Progress,
    /// `None` when nothing can be done from here (it happens by itself, or needs a choice
    /// the guide cannot make).
    pub action: Option<Action>,
}

/// Where a step's real control is: the element of its screen with this id (which a demo pane
/// scopes, so both panes can show the same screen), then `inside`, a CSS selector within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Control {
    pub id: &'static str,
    pub inside: String,
}

impl Control {
    pub fn new(id: &'static str, inside: impl Into<String>) -> Control {
        Control {
            id,
            inside: inside.into(),
        }
    }

    /// The element itself, not something inside it.
    pub fn whole(id: &'static str) -> Control {
        Control::new(id, "")
    }

    /// The CSS selector of the control when its screen's ids carry `prefix`.
    pub fn selector(&self, prefix: &str) -> String {
        if self.inside.is_empty() {
            format!("#{prefix}{}", self.id)
        } else {
            format!("#{prefix}{} {}", self.id, self.inside)
        }
    }
}

/// The sample person the guide verifies: the one who passes everywhere.
pub const GUIDE_PERSON: &str = "alex";
