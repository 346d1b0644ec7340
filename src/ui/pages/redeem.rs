//! `/orgs/:org/connect/redeem`: the destination enters a share token and picks one of its
//! templates (clone) or an inquiry it created earlier (hydrate).

use super::{form_of, typed_id, use_prefill, value_of, OrgProps};
use crate::ui::command::use_command;
use crate::ui::components::card::{id_link, Card};
use crate::ui::components::flash::Flash;
use crate::ui::components::pane::{use_pane, use_scoped_id};
use crate::ui::components::query_param;
use crate::ui::components::status::badge;
use crate::ui::view::Choice;
use crate::ui::{use_playground, view, Route};
use connect::{Command, Id, Inquiry, InquiryStatus, RedeemTarget};
use yew::prelude::*;
use yew_router::prelude::*;

/// `cnst_` and the 32 hex digits of a UUID.
const TOKEN_ID_LEN: usize = 37;

#[function_component(Redeem)]
pub fn redeem(props: &OrgProps) -> Html {
    let form_id = use_scoped_id("redeem-share-token");
    let playground = use_playground();
    let location = use_location();
    let runner = use_command();
    let hydrate = use_state(|| false);
    let redeemed = use_state(|| None::<Id>);
    let org = &props.org;
    let prefill = location
        .as_ref()
        .and_then(|l| query_param(l.query_str(), "token"))
        .unwrap_or_default();
    let prefill_ref = use_prefill(prefill);
    let view = playground.world(|w, _| view::redeem(w, org, redeemed.as_ref()));
    // In a demo pane the form starts as the guide's Redeem step tells it: into the newest
    // inquiry waiting to be redeemed into, when there is one (the "Age ≥ 21" and "Data not
    // shared" scenarios), so a click on the outlined button tells the same story.
    {
        let waiting = use_pane().is_some() && !view.fresh_inquiries.is_empty();
        let hydrate = hydrate.clone();
        use_effect_with(waiting, move |waiting| hydrate.set(*waiting));
    }
    // In a demo pane, a whole token id typed or pasted here is handed over, for the guide.
    let on_token = {
        let pane = use_pane();
        Callback::from(move |e: InputEvent| {
            let (Some(pane), Some(input)) =
                (&pane, e.target_dyn_into::<web_sys::HtmlInputElement>())
            else {
                return;
            };
            let id = Id::parse(input.value().trim());
            if id.prefix() == connect::ids::prefix::SHARE_TOKEN && id.as_str().len() == TOKEN_ID_LEN
            {
                pane.holds_token.emit(id);
            }
        })
    };

    let onsubmit = {
        let (runner, org, redeemed) = (runner.clone(), org.clone(), redeemed.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let token_id = typed_id(&form, "[name=token]").trim().to_string();
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
                let token = Id::parse(&token_id);
                // A redeem the bridge no longer allows is saved as a failed token, not refused.
                if let Some(why) = reader.world(|w, _| view::redeem_failure(w, &token)) {
                    return Flash::Refused(why);
                }
                let inquiry = events
                    .iter()
                    .find(|e| e.object_id.prefix() == "inq")
                    .map(|e| e.object_id.clone());
                // Said as the run came out: "verified" only when every check passed.
                let status = inquiry.as_ref().and_then(|id| {
                    reader.world(|w, now| w.inquiries.get(id).map(|i| i.status_at(now)))
                });
                redeemed.set(inquiry);
                let outcome = match status {
                    Some(InquiryStatus::Completed) => "the data was copied and verified against your template: the inquiry is completed.".to_string(),
                    Some(InquiryStatus::Failed) => "the data was copied, and your template's checks failed it: the inquiry is failed (why is below).".to_string(),
                    Some(InquiryStatus::Pending) => "the data was copied, but your template needs data the source did not share: the inquiry is pending (what is missing is below).".to_string(),
                    Some(other) => format!("the data was copied; the inquiry is {}.", other.as_str()),
                    None => "the data was copied.".to_string(),
                };
                Flash::Done(html! { { format!("Share token {token_id} redeemed: {outcome}") } })
            });
        })
    };
    let on_mode = |value: bool| {
        let hydrate = hydrate.clone();
        Callback::from(move |_: Event| hydrate.set(value))
    };
    let options = |choices: &[Choice]| {
        choices
            .iter()
            .enumerate()
            .map(|(i, c)| html! { <option value={c.value.clone()} selected={i == 0}>{ c.label.clone() }</option> })
            .collect::<Html>()
    };

    html! {
        <>
            <h1>{ "Redeem a share token" }</h1>
            <p class="lede">{ "Paste a share token a partner sent to this organization. Its data is copied (only what the bridge shares) and verified again against your own template." }</p>
            { runner.flash() }
            if let Some(inquiry) = &view.redeemed {
                { redeem_result(org, inquiry) }
            }
            <Card>
                <form id={form_id} {onsubmit}>
                    <label>{ "Share token id" }<input name="token" placeholder="cnst_…" autocomplete="off" ref={prefill_ref} oninput={on_token} /></label>
                    <fieldset>
                        <legend>{ "Redeem into" }</legend>
                        <label class="check"><input type="radio" name="mode" value="clone" checked={!*hydrate} onchange={on_mode(false)} />{ "A new inquiry from one of your templates" }</label>
                        <label class="check"><input type="radio" name="mode" value="hydrate" checked={*hydrate} onchange={on_mode(true)} />{ "An inquiry you created earlier" }</label>
                    </fieldset>
                    if *hydrate {
                        <label>{ "Your inquiry (not yet run)" }
                            <select name="inquiry">
                                if view.fresh_inquiries.is_empty() { <option value="">{ "No inquiry waiting: create one (without running it) under Inquiries" }</option> }
                                { options(&view.fresh_inquiries) }
                            </select>
                        </label>
                    } else {
                        <label>{ "Template" }
                            <select name="template">
                                { options(&view.templates) }
                            </select>
                        </label>
                    }
                    <button type="submit" class="primary">{ "Redeem" }</button>
                </form>
            </Card>
        </>
    }
}

/// The inquiry the last redeem made, and what its checks found.
fn redeem_result(org: &Id, inquiry: &Inquiry) -> Html {
    html! {
        <Card class="result" id="redeem-result" title="Result">
            <p>
                { "Inquiry " }
                { id_link(Route::inquiry(org, &inquiry.id), &inquiry.id) }
                { format!(" for {} is ", inquiry.fields.display_name()) }
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
        </Card>
    }
}
