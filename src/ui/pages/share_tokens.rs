//! `/orgs/:org/connect/share-tokens`: create a share token as the source; see the tokens this
//! org sent and the ones addressed to it.

use super::{form_of, typed_id, value_of, OrgProps};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::card::{empty, id_link, Card, Table};
use crate::ui::components::copy::CopyId;
use crate::ui::components::inquiry_picker::InquiryPicker;
use crate::ui::components::list::{labelled_choices, named_choices};
use crate::ui::components::list::{pager, use_render_count, PageInfo};
use crate::ui::components::list::{use_derived, use_list_query, ListQuery};
use crate::ui::components::pane::{use_scoped_id, ScreenLink};
use crate::ui::components::query_param;
use crate::ui::components::status::badge;
use crate::ui::view::{self, BridgeOption, InboxRow, ShareTokensView, Side};
use crate::ui::view::{TokenFilter, TokenPage, TokenRow};
use crate::ui::{use_playground, Route};
use connect::time::describe_seconds;
use connect::{Command, Creator, Id, ShareTokenStatus};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

/// Lifetimes offered in the form, in seconds; "" is the 24-hour default.
const EXPIRY_CHOICES: [(&str, &str); 6] = [
    ("", "24 hours (default)"),
    ("60", "60 seconds"),
    ("3600", "1 hour"),
    ("604800", "7 days"),
    ("1814400", "21 days"),
    ("custom", "Other (seconds)…"),
];

/// The statuses a share token list can be narrowed to.
const STATUSES: [ShareTokenStatus; 5] = [
    ShareTokenStatus::New,
    ShareTokenStatus::Pending,
    ShareTokenStatus::Redeemed,
    ShareTokenStatus::Expired,
    ShareTokenStatus::Failed,
];

/// How a token was created, as the created-via filter offers it.
const CHANNELS: [(&str, &str); 3] = [
    ("dashboard", "Dashboard"),
    ("api", "API"),
    ("workflow", "Workflow"),
];

/// The status filter's choices, (value, label).
pub(super) fn status_choices() -> Vec<(String, String)> {
    named_choices(STATUSES.map(ShareTokenStatus::as_str))
}

/// The created-via filter's choices, (value, label).
pub(super) fn channel_choices() -> Vec<(String, String)> {
    labelled_choices(&CHANNELS)
}

/// How a token was created, as the filters name it ("API", not "api").
pub(super) fn channel_label(via: connect::Channel) -> &'static str {
    let value = format!("{via:?}").to_ascii_lowercase();
    CHANNELS
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, label)| *label)
}

#[function_component(ShareTokens)]
pub fn share_tokens(props: &OrgProps) -> Html {
    let runner = use_command();
    let org = &props.org;
    let view = {
        let org = org.clone();
        use_derived(org.clone(), move |w, _| view::share_tokens(w, &org))
    };
    let inbox = {
        let org = org.clone();
        use_derived(org.clone(), move |w, now| view::inbox(w, &org, now))
    };
    // Both lists' pages come from one pass over the tokens.
    let (sent, received) = (use_list_query("sent-"), use_list_query("received-"));
    let asked = [
        (token_filter(&sent), sent.page()),
        (token_filter(&received), received.page()),
    ];
    let [sent_page, received_page] = {
        let (org, asked) = (org.clone(), asked.clone());
        (*use_derived((org.clone(), asked.clone()), move |w, now| {
            view::token_pages(w, &org, &asked, now)
        }))
        .clone()
    };
    // Rows hold this, not the runner, so a change that only moves the flash or the revision
    // leaves them equal and unrendered. The runner it keeps still reaches the live store.
    let on_command = {
        let runner = runner.clone();
        use_callback(
            org.clone(),
            move |(command, done): (Command, String), org| {
                runner.run(org, command, move |_| html! { { done } });
            },
        )
    };
    // A token just made is the newest: the sent list shows its first page, where it is.
    let to_newest = {
        let sent = sent.clone();
        Callback::from(move |()| {
            if sent.page() > 1 {
                sent.on_page().emit(1);
            }
        })
    };
    html! {
        <>
            <h1>{ "Share Tokens" }</h1>
            <p class="lede">{ "A share token lets exactly one destination organization copy and re-verify one completed inquiry. Create it here, hand its id over, and the destination redeems it." }</p>
            { runner.flash() }
            <CreateToken org={org.clone()} bridges={view.bridges.clone()} {runner} to_newest={to_newest} />
            <TokenList org={org.clone()} side={Side::Sent} query={sent} listed={sent_page} view={view.clone()} on_command={on_command.clone()} />
            if !inbox.is_empty() {
                <Inbox org={org.clone()} entries={inbox} />
            }
            <TokenList org={org.clone()} side={Side::Received} query={received} listed={received_page} {view} {on_command} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CreateTokenProps {
    org: Id,
    bridges: Vec<BridgeOption>,
    runner: CommandRunner,
    /// Shows the sent list's first page, where a token just made is.
    to_newest: Callback<()>,
}

#[function_component(CreateToken)]
fn create_token(props: &CreateTokenProps) -> Html {
    let (form_id, created_id) = (
        use_scoped_id("create-share-token"),
        use_scoped_id("created-token"),
    );
    let location = use_location();
    let custom_expiry = use_state(|| false);
    let prefill = location
        .as_ref()
        .and_then(|l| query_param(l.query_str(), "source"))
        .unwrap_or_default();
    let onsubmit = {
        let (runner, org, created_id, to_newest) = (
            props.runner.clone(),
            props.org.clone(),
            created_id,
            props.to_newest.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let choice = value_of(&form, "[name=expiry]");
            let custom = choice == "custom";
            let seconds_text = if custom {
                value_of(&form, "[name=expiry-seconds]")
            } else {
                choice
            };
            let expires_in_seconds = match seconds_text.trim() {
                "" if custom => {
                    runner.refuse(
                        "Give the token's lifetime in seconds (60 to 1814400), or choose one from the list.",
                    );
                    return;
                }
                "" => None,
                text => match whole_seconds(text) {
                    Some(seconds) => Some(seconds),
                    None => {
                        runner.refuse(format!(
                            "expires-in-seconds must be a whole number of seconds between 60 and 1814400 (21 days); `{text}` is not."
                        ));
                        return;
                    }
                },
            };
            let command = Command::CreateShareToken {
                bridge_id: value_of(&form, "[name=bridge]"),
                source_id: typed_id(&form, "[name=source]"),
                expires_in_seconds,
                creator: Creator::Dashboard,
            };
            let (created_id, to_newest) = (created_id.clone(), to_newest.clone());
            runner.run(&org, command, move |events| {
                to_newest.emit(());
                let id = view::created_id(events, "share-token.created")
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                html! {
                    <span id={created_id}>{ "Share token created: " }<CopyId text={id} />
                    { " Hand it to the destination: only it can redeem the token." }</span>
                }
            });
        })
    };
    let on_expiry = {
        let custom_expiry = custom_expiry.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                custom_expiry.set(select.value() == "custom");
            }
        })
    };
    html! {
        <Card title="Create a share token">
            <form id={form_id} {onsubmit}>
                <label>{ "Organization Bridge" }
                    <select name="bridge">
                        if props.bridges.is_empty() { <option value="">{ "No outbound bridge yet: create one under Bridges" }</option> }
                        { for props.bridges.iter().map(|b| html! { <option value={b.id.clone()} selected={b.preferred}>{ b.label.clone() }</option> }) }
                    </select>
                </label>
                <InquiryPicker org={props.org.clone()} name="source" label="Inquiry id (source-id)" {prefill} />
                <label>{ "Expires in" }
                    <select name="expiry" onchange={on_expiry}>
                        { for EXPIRY_CHOICES.iter().map(|(value, label)| html! { <option value={*value} selected={value.is_empty()}>{ *label }</option> }) }
                    </select>
                </label>
                if *custom_expiry {
                    <label>{ "Seconds (60 to 1814400)" }<input name="expiry-seconds" type="number" min="60" max="1814400" /></label>
                }
                <button type="submit" class="primary">{ "Create share token" }</button>
            </form>
        </Card>
    }
}

/// The Redeem screen's button, starting with `token`.
pub(super) fn redeem_link(org: &Id, token: &Id, bridge_active: bool) -> Html {
    html! {
        <>
            <ScreenLink to={Route::Redeem { org: org.to_string() }} query={vec![("token", token.to_string())]} classes="button primary">{ "Redeem" }</ScreenLink>
            // A redeem over an inactive bridge fails the token for good (domain.md): said
            // before the click, not after.
            if !bridge_active {
                <span class="small redeem-warning" data-warning="bridge-inactive">{ "Its bridge is inactive: a redeem now fails this token for good. Wait until the bridge is active again." }</span>
            }
        </>
    }
}

/// The filters a token list's query asks for.
fn token_filter(query: &ListQuery) -> TokenFilter {
    TokenFilter {
        status: query.get("status"),
        other: query.get("org"),
        bridge: query.get("bridge"),
        via: query.get("via"),
        id: query.get("id"),
    }
}

#[derive(Properties, PartialEq)]
struct TokenListProps {
    org: Id,
    side: Side,
    /// The list's page and filters.
    query: ListQuery,
    /// The page the query asks for.
    listed: TokenPage,
    view: Rc<ShareTokensView>,
    on_command: Callback<(Command, String)>,
}

/// One page of the tokens this org sent or received, newest first, with its filters.
#[function_component(TokenList)]
fn token_list(props: &TokenListProps) -> Html {
    let (org, side, query) = (&props.org, props.side, &props.query);
    let (info, ids) = &props.listed;
    let info = *info;
    let playground = use_playground();
    let rows = playground.world(|w, now| view::token_rows(w, ids, side, now));
    let filtered = token_filter(query) != TokenFilter::default();
    let (title, id, headers, none_yet, other_label) = match side {
        Side::Sent => (
            "Sent by this organization",
            "outbound-tokens",
            vec!["Token", "Destination", "Status", "Expires", ""],
            "No share tokens sent yet.",
            "Destination",
        ),
        Side::Received => (
            "Addressed to this organization",
            "inbound-tokens",
            vec!["Token", "From", "Status", "Expires", ""],
            "No share tokens received yet.",
            "Source",
        ),
    };
    if info.total == 0 && !filtered {
        return html! { <Card title={title}>{ empty(none_yet) }</Card> };
    }
    let statuses = status_choices();
    let orgs: Vec<(String, String)> = props
        .view
        .orgs
        .iter()
        .map(|o| (o.value.clone(), o.label.clone()))
        .collect();
    let bridges: Vec<(String, String)> = props
        .view
        .all_bridges
        .iter()
        .map(|b| (b.value.clone(), b.label.clone()))
        .collect();
    let channels = channel_choices();
    let rows: Vec<Html> = rows
        .into_iter()
        .map(|row| (row.id.to_string(), row))
        .map(|(key, row)| match side {
            Side::Sent => html! {
                <SentToken {key} org={org.clone()} {row} on_command={props.on_command.clone()} />
            },
            Side::Received => html! {
                <ReceivedToken {key} org={org.clone()} {row} />
            },
        })
        .collect();
    html! {
        <Card title={title}>
            <div class="filters" id={query.id(&format!("{id}-filters"))}>
                { query.select("Status", &format!("{id}-status"), "Any status", &statuses, "status") }
                { query.select(other_label, &format!("{id}-org"), "Any organization", &orgs, "org") }
                { query.select("Bridge", &format!("{id}-bridge"), "Any bridge", &bridges, "bridge") }
                { query.select("Created via", &format!("{id}-via"), "Any way", &channels, "via") }
                { query.search(&format!("{id}-search"), "cnst_…") }
            </div>
            <Table id={id} {headers} empty="No share token matches these filters." {rows} />
            { pager(info, query.on_page(), "share tokens") }
        </Card>
    }
}

#[derive(Properties, PartialEq)]
struct SentTokenProps {
    org: Id,
    row: TokenRow,
    on_command: Callback<(Command, String)>,
}

#[function_component(SentToken)]
fn sent_token(props: &SentTokenProps) -> Html {
    let renders = use_render_count();
    let (org, t) = (&props.org, &props.row);
    let command = |command: Command, done: String| {
        let on_command = props.on_command.clone();
        Callback::from(move |_: MouseEvent| on_command.emit((command.clone(), done.clone())))
    };
    let expire = command(
        Command::ExpireShareToken {
            token_id: t.id.to_string(),
        },
        format!(
            "Share token {} expired: it can no longer be redeemed.",
            t.id
        ),
    );
    let send = command(
        Command::SendShareToken {
            token_id: t.id.to_string(),
            destination_org_id: t.destination_org_id.to_string(),
        },
        format!(
            "Share token {} sent to the destination's API: it is in their inbox, ready to redeem.",
            t.id
        ),
    );
    let other = &t.other;
    html! {
        <tr data-id={t.id.to_string()} data-renders={renders}>
            <td>{ id_link(Route::share_token(org, &t.id), &t.id) }<br /><span class="small muted">{ format!("inquiry {}", t.source_id) }</span></td>
            <td>{ other }</td>
            <td>
                { badge(t.status.as_str()) }
                if let (ShareTokenStatus::Redeemed, Some(at)) = (t.status, t.redeemed_at) {
                    <br /><span class="small">{ format!("by {other} at {}", at.display()) }</span>
                }
            </td>
            <td>{ t.expires_at.display() }<br /><span class="small muted">{ format!("{} lifetime", describe_seconds(t.lifetime_seconds)) }</span></td>
            <td class="actions">
                <CopyId text={t.id.to_string()} compact=true />
                if t.status == ShareTokenStatus::New {
                    <button type="button" data-action="send" onclick={send} title="POST the token to the destination's partner endpoint">{ "Send to destination's API" }</button>
                    <button type="button" data-action="expire" onclick={expire}>{ "Expire" }</button>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct ReceivedTokenProps {
    org: Id,
    row: TokenRow,
}

#[function_component(ReceivedToken)]
fn received_token(props: &ReceivedTokenProps) -> Html {
    let renders = use_render_count();
    let (org, t) = (&props.org, &props.row);
    html! {
        <tr data-id={t.id.to_string()} data-renders={renders}>
            <td>{ id_link(Route::share_token(org, &t.id), &t.id) }</td>
            <td>{ t.other.clone() }</td>
            <td>{ badge(t.status.as_str()) }</td>
            <td>{ t.expires_at.display() }</td>
            <td class="actions">
                if t.status == ShareTokenStatus::New {
                    { redeem_link(org, &t.id, t.bridge_active) }
                }
                if let Some(inquiry) = &t.destination_inquiry_id {
                    <ScreenLink to={Route::inquiry(org, inquiry)}>{ "Resulting inquiry" }</ScreenLink>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct InboxProps {
    org: Id,
    entries: Rc<Vec<InboxRow>>,
}

/// Tokens delivered to this org's partner endpoint, one page at a time.
#[function_component(Inbox)]
fn inbox(props: &InboxProps) -> Html {
    let query = use_list_query("inbox-");
    let entries = &props.entries;
    let info = PageInfo::of(entries.len(), query.page());
    let rows: Vec<Html> = entries[info.range()]
        .iter()
        .map(
            |InboxRow {
                 entry,
                 sender,
                 status,
                 bridge_active,
             }| {
                html! {
                    <tr key={entry.id.to_string()} data-id={entry.share_token_id.to_string()}>
                        <td><code>{ entry.share_token_id.to_string() }</code></td>
                        <td>{ sender.clone() }</td>
                        <td>{ entry.received_at.display() }</td>
                        <td>{ badge(status.as_str()) }</td>
                        <td class="actions">
                            if *status == ShareTokenStatus::New {
                                { redeem_link(&props.org, &entry.share_token_id, *bridge_active) }
                            }
                        </td>
                    </tr>
                }
            },
        )
        .collect();
    html! {
        <Card title="Inbox: delivered to your API">
            <p class="small muted">{ "Tokens a source posted to this organization's partner endpoint." }</p>
            <Table id="partner-inbox" headers={vec!["Token", "Sender", "Received", "Status", ""]} {rows} />
            { pager(info, query.on_page(), "delivered tokens") }
        </Card>
    }
}

/// A whole number as a number field gives it: digits, or digits with a power of ten (`1e3`, which
/// the browser accepts as 1000). `None` for anything else or past `i64`.
fn whole_seconds(text: &str) -> Option<i64> {
    match text.split_once(['e', 'E']) {
        None => text.parse().ok(),
        Some((digits, power)) => {
            let power: u32 = power.strip_prefix('+').unwrap_or(power).parse().ok()?;
            digits
                .parse::<i64>()
                .ok()?
                .checked_mul(10_i64.checked_pow(power)?)
        }
    }
}
