//! `/orgs/:org/connect/redeem`: the destination enters a share token and picks one of its
//! templates (clone) or an inquiry it created earlier (hydrate).

use super::dashboard::OrgProps;
use super::{form_of, use_prefill, value_of};
use crate::ui::command::use_command;
use crate::ui::components::flash::Flash;
use crate::ui::components::query_param;
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::{Command, Id, InquiryStatus, RedeemTarget};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Redeem)]
pub fn redeem(props: &OrgProps) -> Html {
    let playground = use_playground();
    let location = use_location();
    let runner = use_command();
    let hydrate = use_state(|| false);
    let redeemed = use_state(|| None::<Id>);
    let org_id = Id::parse(&props.org);
    let prefill = location
        .as_ref()
        .and_then(|l| query_param(l.query_str(), "token"))
        .unwrap_or_default();
    let prefill_ref = use_prefill(prefill);

    let (templates, fresh_inquiries, outcome) = playground.read(|p| {
        let w = &p.world;
        let templates: Vec<_> = w
            .templates_of(&org_id)
            .into_iter()
            .map(|t| (t.id.to_string(), format!("{} ({})", t.name, t.summary())))
            .collect();
        let fresh: Vec<_> = w
            .inquiries_of(&org_id)
            .into_iter()
            .filter(|i| i.status == InquiryStatus::Created && i.shared_from.is_none())
            .map(|i| {
                (
                    i.id.to_string(),
                    format!(
                        "{} ({}, created {})",
                        i.id,
                        i.fields.full_name(),
                        i.created_at.display()
                    ),
                )
            })
            .collect();
        let outcome = redeemed
            .as_ref()
            .and_then(|id| w.inquiries.get(id))
            .cloned();
        (templates, fresh, outcome)
    });

    let onsubmit = {
        let (runner, org, redeemed) = (runner.clone(), org_id.clone(), redeemed.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let token_id = value_of(&form, "[name=token]").trim().to_string();
            let target = if value_of(&form, "[name=mode]:checked") == "hydrate" {
                RedeemTarget::Hydrate {
                    destination_id: value_of(&form, "[name=inquiry]"),
                }
            } else {
                RedeemTarget::Clone {
                    template_id: value_of(&form, "[name=template]"),
                }
            };
            redeemed.set(None);
            let command = Command::RedeemShareToken {
                token_id: token_id.clone(),
                target,
            };
            let (redeemed, reader) = (redeemed.clone(), runner.playground().clone());
            runner.run_then(&org, command, move |events| {
                let token = reader.read(|p| p.world.share_tokens.get(&Id::parse(&token_id)).cloned());
                match token {
                    Some(t) if t.failure_reason.is_some() && t.destination_inquiry_id.is_none() => Flash::Refused(format!(
                        "Redeem failed: share token {} is now {}. {}",
                        t.id,
                        t.status,
                        t.failure_reason.unwrap_or_default()
                    )),
                    _ => {
                        let inquiry = events
                            .iter()
                            .find(|e| e.object_id.prefix() == "inq")
                            .map(|e| e.object_id.clone());
                        redeemed.set(inquiry);
                        Flash::Done(html! { { format!("Share token {token_id} redeemed: the data was copied and verified against your template.") } })
                    }
                }
            });
        })
    };
    let on_mode = |value: bool| {
        let hydrate = hydrate.clone();
        Callback::from(move |_: Event| hydrate.set(value))
    };

    html! {
        <>
            <h1>{ "Redeem a share token" }</h1>
            <p class="lede">{ "Paste a share token a partner sent to this organization. Its data is copied (only what the bridge shares) and verified again against your own template." }</p>
            { runner.flash() }
            if let Some(inquiry) = &outcome {
                <section class="card result" id="redeem-result">
                    <h2>{ "Result" }</h2>
                    <p>
                        { "Inquiry " }
                        <Link<Route> to={Route::Inquiry { org: props.org.clone(), id: inquiry.id.to_string() }}><code>{ inquiry.id.to_string() }</code></Link<Route>>
                        { format!(" for {} is ", inquiry.fields.full_name()) }
                        { badge(inquiry.status.as_str()) }
                    </p>
                    if !inquiry.missing.is_empty() {
                        <p>{ "Missing: " }{ inquiry.missing.join(", ") }</p>
                    }
                    { for inquiry.verifications.iter().filter(|v| !v.reasons.is_empty()).map(|v| html! {
                        <p class="small" key={v.id.to_string()}>{ format!("{}: {}", v.kind.label(), v.reasons.join("; ")) }</p>
                    }) }
                    { for inquiry.rule_results.iter().filter(|r| r.passed != Some(true)).map(|r| html! {
                        <p class="small" key={r.rule.clone()}>{ format!("Rule {}: {}", r.rule, r.detail) }</p>
                    }) }
                </section>
            }
            <section class="card">
                <form id="redeem-share-token" {onsubmit}>
                    <label>{ "Share token id" }<input name="token" placeholder="cnst_…" autocomplete="off" ref={prefill_ref} /></label>
                    <fieldset>
                        <legend>{ "Redeem into" }</legend>
                        <label class="check"><input type="radio" name="mode" value="clone" checked={!*hydrate} onchange={on_mode(false)} />{ "A new inquiry from one of your templates" }</label>
                        <label class="check"><input type="radio" name="mode" value="hydrate" checked={*hydrate} onchange={on_mode(true)} />{ "An inquiry you created earlier" }</label>
                    </fieldset>
                    if *hydrate {
                        <label>{ "Your inquiry (not yet run)" }
                            <select name="inquiry">
                                if fresh_inquiries.is_empty() { <option value="">{ "No inquiry waiting: create one (without running it) under Inquiries" }</option> }
                                { for fresh_inquiries.iter().enumerate().map(|(i, (id, label))| html! { <option value={id.clone()} selected={i == 0}>{ label.clone() }</option> }) }
                            </select>
                        </label>
                    } else {
                        <label>{ "Template" }
                            <select name="template">
                                { for templates.iter().enumerate().map(|(i, (id, label))| html! { <option value={id.clone()} selected={i == 0}>{ label.clone() }</option> }) }
                            </select>
                        </label>
                    }
                    <button type="submit" class="primary">{ "Redeem" }</button>
                </form>
            </section>
        </>
    }
}
