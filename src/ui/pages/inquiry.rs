//! `/orgs/:org/inquiries/:id`: one inquiry's status, fields, verifications and rules.

use super::ObjectProps;
use crate::ui::command::use_command;
use crate::ui::components::card::{id_link, missing, Card, Table};
use crate::ui::components::copy::CopyId;
use crate::ui::components::pane::{use_scoped_id, BackTo, ScreenLink};
use crate::ui::components::status::badge;
use crate::ui::view::InquiryView;
use crate::ui::{use_playground, view, Route};
use connect::{Command, Id, Inquiry, InquiryStatus};
use yew::prelude::*;

#[function_component(InquiryPage)]
pub fn inquiry_page(props: &ObjectProps) -> Html {
    let (status_id, shared_id) = (
        use_scoped_id("inquiry-status"),
        use_scoped_id("shared-from"),
    );
    let run_id = use_scoped_id("run-inquiry");
    let playground = use_playground();
    let runner = use_command();
    let org = &props.org;
    let found = playground.world(|w, now| view::inquiry(w, org, &Id::parse(&props.id), now));
    let Some(view) = found else {
        return html! {
            { missing("Inquiry not found", format!("No inquiry `{}` was found for this organization.", props.id), Html::default()) }
        };
    };
    let InquiryView {
        inquiry,
        template,
        shared_by,
        status,
    } = &view;
    let act = |make: fn(String) -> Command, done: &str| {
        runner.on_click(org, make(inquiry.id.to_string()), done)
    };
    let run = act(
        |inquiry_id| Command::RunInquiry { inquiry_id },
        "Verifications ran.",
    );
    let approve = act(
        |inquiry_id| Command::ApproveInquiry { inquiry_id },
        "Inquiry approved.",
    );
    let decline = act(
        |inquiry_id| Command::DeclineInquiry { inquiry_id },
        "Inquiry declined.",
    );
    let review = act(
        |inquiry_id| Command::MarkInquiryForReview { inquiry_id },
        "Inquiry marked for review: approve or decline it when decided.",
    );
    let open = matches!(status, InquiryStatus::Created | InquiryStatus::Pending);

    html! {
        <>
            <BackTo label="Inquiries" />
            <h1>{ format!("Inquiry: {}", inquiry.fields.display_name()) }</h1>
            { runner.flash() }
            <Card id="inquiry-summary">
                <dl class="facts">
                    <dt>{ "Inquiry id" }</dt><dd><CopyId text={inquiry.id.to_string()} /></dd>
                    <dt>{ "Status" }</dt><dd id={status_id}>{ badge(status.as_str()) }</dd>
                    <dt>{ "Template" }</dt><dd>{ template.as_ref().map(|t| format!("{} ({})", t.name, t.summary())).unwrap_or_default() }</dd>
                    <dt>{ "Created" }</dt><dd>{ inquiry.created_at.display() }</dd>
                    if let Some(at) = inquiry.completed_at { <dt>{ "Completed" }</dt><dd>{ at.display() }</dd> }
                    if let Some(at) = inquiry.failed_at { <dt>{ "Failed" }</dt><dd>{ at.display() }</dd> }
                    if let Some(at) = inquiry.expired_at { <dt>{ "Expired" }</dt><dd>{ at.display() }</dd> }
                    if *status == InquiryStatus::Expired { <dt>{ "Expired" }</dt><dd>{ inquiry.expires_at().display() }</dd> }
                    if open { <dt>{ "Expires" }</dt><dd>{ format!("{} unless it finishes first", inquiry.expires_at().display()) }</dd> }
                    if let (Some(origin), Some(name)) = (&inquiry.shared_from, shared_by) {
                        <dt>{ "Shared from" }</dt>
                        <dd id={shared_id}>
                            { format!("{name} by share token ") }
                            { id_link(Route::share_token(org, &origin.share_token_id), &origin.share_token_id) }
                        </dd>
                    }
                </dl>
                <div class="actions">
                    if open {
                        <button type="button" class="primary" id={run_id} onclick={run}>{ "Run verifications" }</button>
                    }
                    if matches!(inquiry.status, InquiryStatus::Completed | InquiryStatus::NeedsReview) {
                        <button type="button" onclick={approve}>{ "Approve" }</button>
                    }
                    if matches!(inquiry.status, InquiryStatus::Completed | InquiryStatus::NeedsReview | InquiryStatus::Failed) {
                        <button type="button" onclick={decline}>{ "Decline" }</button>
                    }
                    if inquiry.status == InquiryStatus::Completed {
                        <button type="button" id="mark-for-review" onclick={review}>{ "Mark for review" }</button>
                    }
                    if inquiry.status.is_shareable() && inquiry.shared_from.is_none() {
                        <ScreenLink to={Route::ShareTokens { org: org.to_string() }} query={vec![("source", inquiry.id.to_string())]} classes="button share-inquiry">{ "Share it with a partner" }</ScreenLink>
                    }
                </div>
            </Card>
            if !inquiry.missing.is_empty() {
                <Card class="warn" id="missing-data" title="Waiting for data">
                    <p>{ "The template needs data this inquiry does not have; the real product would now ask the end user for it." }</p>
                    <ul>{ for inquiry.missing.iter().map(|m| html! { <li>{ m }</li> }) }</ul>
                </Card>
            }
            <Table title="Verifications" id="verifications" headers={vec!["Verification", "Status", "Why"]} empty="Not run yet." rows={checks(inquiry)} />
            <Table title="Fields" class="fields" id="inquiry-fields" rows={fields(inquiry)} />
        </>
    }
}

/// The verifications, then the template's rules; none until the inquiry ran.
fn checks(inquiry: &Inquiry) -> Vec<Html> {
    if inquiry.verifications.is_empty() {
        return Vec::new();
    }
    let verifications = inquiry.verifications.iter().map(|v| {
        html! {
            <tr key={v.id.to_string()} data-kind={v.kind.slug()}>
                <td>{ v.kind.label() }<br /><code class="small">{ v.id.to_string() }</code></td>
                <td>{ badge(v.status.as_str()) }</td>
                <td>{ v.reasons.join("; ") }</td>
            </tr>
        }
    });
    let rules = inquiry.rule_results.iter().map(|r| {
        let status = match r.passed {
            Some(true) => "passed",
            Some(false) => "failed",
            None => "initiated",
        };
        html! {
            <tr key={r.rule.clone()} data-kind="rule">
                <td>{ format!("Rule: {}", r.rule) }</td>
                <td>{ badge(status) }</td>
                <td>{ &r.detail }</td>
            </tr>
        }
    });
    verifications.chain(rules).collect()
}

fn fields(inquiry: &Inquiry) -> Vec<Html> {
    let evidence = inquiry
        .evidence
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ");
    inquiry
        .fields
        .rows()
        .into_iter()
        .map(|(label, value)| {
            let value = if value.is_empty() {
                html! { <span class="muted">{ "—" }</span> }
            } else {
                html! { value.to_string() }
            };
            html! { <tr key={label}><th>{ label }</th><td>{ value }</td></tr> }
        })
        .chain(std::iter::once(
            html! { <tr key="evidence"><th>{ "Evidence" }</th><td>{ evidence }</td></tr> },
        ))
        .collect()
}
