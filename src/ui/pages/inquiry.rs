//! `/orgs/:org/inquiries/:id`: one inquiry's status, fields, verifications and rules.

use super::share_tokens::SourceQuery;
use crate::ui::command::use_command;
use crate::ui::components::copy::CopyId;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::{Command, Id, InquiryStatus};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ObjectProps {
    pub org: String,
    pub id: String,
}

#[function_component(InquiryPage)]
pub fn inquiry_page(props: &ObjectProps) -> Html {
    let playground = use_playground();
    let runner = use_command();
    let org_id = Id::parse(&props.org);
    let view = playground.read(|p| {
        let w = &p.world;
        let inquiry = w
            .inquiries
            .get(&Id::parse(&props.id))
            .filter(|i| i.org_id == org_id)?
            .clone();
        let template = w.templates.get(&inquiry.template_id).cloned();
        let source_org = inquiry
            .shared_from
            .as_ref()
            .map(|s| w.org_name(&s.source_org_id));
        Some((inquiry, template, source_org, p.now()))
    });
    let Some((inquiry, template, source_org, now)) = view else {
        return html! {
            <section class="card">
                <h1>{ "Inquiry not found" }</h1>
                <p>{ format!("No inquiry `{}` was found for this organization.", props.id) }</p>
            </section>
        };
    };

    let act = |make: fn(String) -> Command, done: &str| {
        runner.on_click(&org_id, make(inquiry.id.to_string()), done)
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
    let org = props.org.clone();
    // The clock may have expired it a moment before the tick records it.
    let status = inquiry.status_at(now);
    let open = matches!(status, InquiryStatus::Created | InquiryStatus::Pending);

    html! {
        <>
            <h1>{ format!("Inquiry: {}", inquiry.fields.full_name()) }</h1>
            { runner.flash() }
            <section class="card" id="inquiry-summary">
                <dl class="facts">
                    <dt>{ "Inquiry id" }</dt><dd><CopyId text={inquiry.id.to_string()} /></dd>
                    <dt>{ "Status" }</dt><dd id="inquiry-status">{ badge(status.as_str()) }</dd>
                    <dt>{ "Template" }</dt><dd>{ template.as_ref().map(|t| format!("{} ({})", t.name, t.summary())).unwrap_or_default() }</dd>
                    <dt>{ "Created" }</dt><dd>{ inquiry.created_at.display() }</dd>
                    if let Some(at) = inquiry.completed_at { <dt>{ "Completed" }</dt><dd>{ at.display() }</dd> }
                    if let Some(at) = inquiry.failed_at { <dt>{ "Failed" }</dt><dd>{ at.display() }</dd> }
                    if status == InquiryStatus::Expired { <dt>{ "Expired" }</dt><dd>{ inquiry.expires_at().display() }</dd> }
                    if open { <dt>{ "Expires" }</dt><dd>{ format!("{} unless it finishes first", inquiry.expires_at().display()) }</dd> }
                    if let (Some(origin), Some(name)) = (&inquiry.shared_from, &source_org) {
                        <dt>{ "Shared from" }</dt>
                        <dd id="shared-from">
                            { format!("{name} by share token ") }
                            <Link<Route> to={Route::ShareToken { org: org.clone(), id: origin.share_token_id.to_string() }}><code>{ origin.share_token_id.to_string() }</code></Link<Route>>
                        </dd>
                    }
                </dl>
                <div class="actions">
                    if open {
                        <button type="button" class="primary" id="run-inquiry" onclick={run}>{ "Run verifications" }</button>
                    }
                    if matches!(inquiry.status, InquiryStatus::Completed | InquiryStatus::NeedsReview) {
                        <button type="button" onclick={approve}>{ "Approve" }</button>
                    }
                    if matches!(inquiry.status, InquiryStatus::Completed | InquiryStatus::NeedsReview | InquiryStatus::Failed) {
                        <button type="button" onclick={decline}>{ "Decline" }</button>
                    }
                    if inquiry.status.is_shareable() && inquiry.shared_from.is_none() {
                        <Link<Route, SourceQuery> to={Route::ShareTokens { org: org.clone() }} query={Some(SourceQuery { source: inquiry.id.to_string() })} classes="button share-inquiry">{ "Share it with a partner" }</Link<Route, SourceQuery>>
                    }
                </div>
            </section>
            if !inquiry.missing.is_empty() {
                <section class="card warn" id="missing-data">
                    <h2>{ "Waiting for data" }</h2>
                    <p>{ "The template needs data this inquiry does not have; the real product would now ask the end user for it." }</p>
                    <ul>{ for inquiry.missing.iter().map(|m| html! { <li>{ m }</li> }) }</ul>
                </section>
            }
            <section class="card">
                <h2>{ "Verifications" }</h2>
                if inquiry.verifications.is_empty() {
                    <p class="muted">{ "Not run yet." }</p>
                } else {
                    <table class="list" id="verifications">
                        <thead><tr><th>{ "Verification" }</th><th>{ "Status" }</th><th>{ "Why" }</th></tr></thead>
                        <tbody>
                            { for inquiry.verifications.iter().map(|v| html! {
                                <tr key={v.id.to_string()} data-kind={v.kind.slug()}>
                                    <td>{ v.kind.label() }<br /><code class="small">{ v.id.to_string() }</code></td>
                                    <td>{ badge(v.status.as_str()) }</td>
                                    <td>{ v.reasons.join("; ") }</td>
                                </tr>
                            }) }
                            { for inquiry.rule_results.iter().map(|r| {
                                let status = match r.passed { Some(true) => "passed", Some(false) => "failed", None => "initiated" };
                                html! {
                                    <tr key={r.rule.clone()} data-kind="rule">
                                        <td>{ format!("Rule: {}", r.rule) }</td>
                                        <td>{ badge(status) }</td>
                                        <td>{ &r.detail }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <section class="card">
                <h2>{ "Fields" }</h2>
                <table class="list fields" id="inquiry-fields">
                    <tbody>
                        { for inquiry.fields.rows().into_iter().map(|(label, value)| html! {
                            <tr key={label}><th>{ label }</th><td>{ if value.is_empty() { html! { <span class="muted">{ "—" }</span> } } else { html! { value.to_string() } } }</td></tr>
                        }) }
                        <tr><th>{ "Evidence" }</th><td>{ inquiry.evidence.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ") }</td></tr>
                    </tbody>
                </table>
            </section>
        </>
    }
}
