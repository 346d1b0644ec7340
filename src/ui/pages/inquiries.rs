//! `/orgs/:org/inquiries`: the org's templates, a form to verify a person, and its inquiries.

use super::{checked, form_of, use_initial, value_of, Initial, OrgProps};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::card::{empty, id_link, Card, Table};
use crate::ui::components::flash::Flash;
use crate::ui::components::list::named_choices;
use crate::ui::components::list::{pager, use_render_count, PageInfo};
use crate::ui::components::list::{use_derived, use_list_query};
use crate::ui::components::pane::use_scoped_id;
use crate::ui::components::status::badge;
use crate::ui::view::{self, InquiryFilter, InquiryRow};
use crate::ui::{use_playground, Route};
use connect::seed::sample_people;
use connect::world::MAX_PERSON_FIELD;
use connect::{Command, Id, InquiryStatus, InquiryTemplate, PersonFields, VerificationKind};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

/// The typed-fields form: (input name, label, placeholder).
const FIELD_INPUTS: [(&str, &str, &str); 12] = [
    ("name_first", "First name", "Alex"),
    ("name_middle", "Middle name", ""),
    ("name_last", "Last name", "Rivera"),
    ("birthdate", "Birthdate", "1994-03-14"),
    ("address_street", "Street", "200 Market St"),
    ("address_city", "City", "San Francisco"),
    ("address_subdivision", "State / region", "CA"),
    ("address_postal_code", "Postal code", "94105"),
    ("address_country_code", "Country (2 letters)", "US"),
    ("email_address", "Email", "alex@example.com"),
    ("phone_number", "Phone", "+14155550101"),
    ("identification_number", "ID number", "D1234567"),
];

fn typed_fields(form: &web_sys::Element) -> PersonFields {
    let v = |name: &str| value_of(form, &format!("[name={name}]")).trim().to_string();
    PersonFields {
        name_first: v("name_first"),
        name_middle: v("name_middle"),
        name_last: v("name_last"),
        birthdate: v("birthdate"),
        address_street: v("address_street"),
        address_city: v("address_city"),
        address_subdivision: v("address_subdivision"),
        address_postal_code: v("address_postal_code"),
        address_country_code: v("address_country_code").to_ascii_uppercase(),
        email_address: v("email_address"),
        phone_number: v("phone_number"),
        identification_number: v("identification_number"),
    }
}

/// The statuses the inquiry list can be narrowed to.
const STATUSES: [InquiryStatus; 8] = [
    InquiryStatus::Created,
    InquiryStatus::Pending,
    InquiryStatus::Completed,
    InquiryStatus::Failed,
    InquiryStatus::Expired,
    InquiryStatus::NeedsReview,
    InquiryStatus::Approved,
    InquiryStatus::Declined,
];

#[function_component(Inquiries)]
pub fn inquiries(props: &OrgProps) -> Html {
    let runner = use_command();
    let org = &props.org;
    let templates = {
        let org = org.clone();
        use_derived(org.clone(), move |w, _| view::templates(w, &org))
    };
    let rows: Vec<Html> = templates
        .iter()
        .map(|t| html! {
            <tr key={t.id.to_string()}><td>{ &t.name }</td><td>{ t.summary() }</td><td><code>{ t.id.to_string() }</code></td></tr>
        })
        .collect();
    html! {
        <>
            <h1>{ "Inquiries" }</h1>
            <p class="lede">{ "An inquiry verifies one end user against one of your templates. Completed inquiries can be shared with a partner through a share token." }</p>
            <Table title="Templates" headers={vec!["Template", "Requires", "Id"]} {rows} />
            <Card title="Verify a person">
                { runner.flash() }
                <CreateInquiry org={org.clone()} templates={(*templates).clone()} {runner} in_pane={props.in_pane} />
            </Card>
            <InquiryList org={org.clone()} {templates} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct InquiryListProps {
    org: Id,
    templates: Rc<Vec<InquiryTemplate>>,
}

/// One page of the org's inquiries, newest first, with its filters.
#[function_component(InquiryList)]
fn inquiry_list(props: &InquiryListProps) -> Html {
    let org = &props.org;
    let query = use_list_query("");
    let filter = InquiryFilter {
        status: query.get("status"),
        template: query.get("template"),
        id: query.get("id"),
    };
    let ids = {
        let (org, filter) = (org.clone(), filter.clone());
        use_derived((org.clone(), filter.clone()), move |w, now| {
            view::inquiry_ids(w, &org, &filter, now)
        })
    };
    let playground = use_playground();
    let info = PageInfo::of(ids.len(), query.page());
    let rows = playground.world(|w, now| view::inquiry_rows(w, &ids[info.range()], now));
    if ids.is_empty() && filter == InquiryFilter::default() {
        return html! { <Card title="All inquiries">{ empty("No inquiries yet.") }</Card> };
    }
    let statuses = named_choices(STATUSES.map(InquiryStatus::as_str));
    let templates: Vec<(String, String)> = props
        .templates
        .iter()
        .map(|t| (t.id.to_string(), t.name.clone()))
        .collect();
    let rows: Vec<Html> = rows
        .into_iter()
        .map(|row| {
            let key = row.id.to_string();
            html! { <InquiryLine {key} org={org.clone()} {row} /> }
        })
        .collect();
    html! {
        <Card title="All inquiries">
            <div class="filters" id={query.id("inquiry-filters")}>
                { query.select("Status", "inquiry-status-filter", "Any status", &statuses, "status") }
                { query.select("Template", "inquiry-template-filter", "Any template", &templates, "template") }
                { query.search("inquiry-search", "inq_…") }
            </div>
            <Table id="inquiry-list" headers={vec!["Inquiry", "Person", "Template", "Status", "Created"]} empty="No inquiry matches these filters." {rows} />
            { pager(info, query.on_page(), "inquiries") }
        </Card>
    }
}

#[derive(Properties, PartialEq)]
struct InquiryLineProps {
    org: Id,
    row: InquiryRow,
}

#[function_component(InquiryLine)]
fn inquiry_line(props: &InquiryLineProps) -> Html {
    let renders = use_render_count();
    let i = &props.row;
    html! {
        <tr data-id={i.id.to_string()} data-renders={renders}>
            <td>{ id_link(Route::inquiry(&props.org, &i.id), &i.id) }</td>
            <td>{ i.person.clone() }</td>
            <td>{ i.template.clone() }</td>
            <td>{ badge(i.status.as_str()) }</td>
            <td>{ i.created_at.display() }</td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct CreateInquiryProps {
    org: Id,
    templates: Vec<InquiryTemplate>,
    runner: CommandRunner,
    in_pane: bool,
}

/// Creates an inquiry for a sample person or typed data, runs it if asked, and opens it.
#[function_component(CreateInquiry)]
fn create_inquiry(props: &CreateInquiryProps) -> Html {
    let form_id = use_scoped_id("create-inquiry");
    let navigator = use_navigator();
    let person = use_state(|| "alex".to_string());
    let people = sample_people();

    let on_person = {
        let person = person.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                person.set(select.value());
            }
        })
    };

    let onsubmit = {
        let (runner, person, org, navigator) = (
            props.runner.clone(),
            person.clone(),
            props.org.clone(),
            navigator.clone().filter(|_| !props.in_pane),
        );
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let sample = sample_people().into_iter().find(|s| s.key == *person);
            let fields = match &sample {
                Some(s) => s.fields.clone(),
                None => typed_fields(&form),
            };
            let evidence: BTreeSet<VerificationKind> = connect::order::insert_all(
                VerificationKind::WITH_EVIDENCE
                    .into_iter()
                    .filter(|k| checked(&form, &format!("[name=evidence-{}]", k.slug()))),
            );
            let command = Command::CreateInquiry {
                template_id: value_of(&form, "[name=template]"),
                fields: Box::new(fields),
                evidence,
            };
            let run = checked(&form, "[name=run]");
            let (playground, org, navigator) =
                (runner.playground().clone(), org.clone(), navigator.clone());
            runner.spawn(async move {
                let id = match playground.execute(&org, command).await {
                    Ok(events) => view::created_id(&events, "inquiry.created")?,
                    Err(error) => return Some(Flash::Refused(error.to_string())),
                };
                if run {
                    let command = Command::RunInquiry {
                        inquiry_id: id.to_string(),
                    };
                    if let Err(error) = playground.execute(&org, command).await {
                        return Some(Flash::Refused(format!(
                            "Inquiry {id} was created, but running it was refused: {error}"
                        )));
                    }
                }
                match &navigator {
                    Some(navigator) => {
                        navigator.push(&Route::inquiry(&org, &id));
                        None
                    }
                    None => Some(Flash::Done(html! {
                        { format!("Inquiry {id} created; it is listed below.") }
                    })),
                }
            });
        })
    };

    let sample = people.iter().find(|s| s.key == *person);
    let evidence_default =
        |k: VerificationKind| sample.map(|s| s.evidence.contains(&k)).unwrap_or(true);
    // Ticked as the person's evidence says when the person is picked, then left to the user.
    let mut initial: Vec<(String, Initial)> = VerificationKind::WITH_EVIDENCE
        .into_iter()
        .map(|k| {
            (
                format!("[name=evidence-{}]", k.slug()),
                Initial::Checked(evidence_default(k)),
            )
        })
        .collect();
    initial.push(("[name=run]".into(), Initial::Checked(true)));
    let form_ref = use_initial((*person).clone(), initial);

    html! {
        <form id={form_id} {onsubmit} ref={form_ref}>
            <label>{ "Template" }
                <select name="template">
                    { for props.templates.iter().enumerate().map(|(i, t)| html! { <option value={t.id.to_string()} selected={i == 0}>{ format!("{} ({})", t.name, t.summary()) }</option> }) }
                </select>
            </label>
            <label>{ "End user" }
                <select name="person" onchange={on_person}>
                    { for people.iter().map(|s| html! {
                        <option value={s.key} selected={*person == s.key}>{ format!("{} ({})", s.fields.full_name(), s.note) }</option>
                    }) }
                    <option value="typed" selected={*person == "typed"}>{ "Type the person's data" }</option>
                </select>
            </label>
            if sample.is_none() {
                <div class="grid-fields">
                    { for FIELD_INPUTS.iter().map(|(name, label, hint)| html! {
                        <label key={*name}>{ *label }<input name={*name} placeholder={*hint} maxlength={MAX_PERSON_FIELD.to_string()} /></label>
                    }) }
                </div>
            }
            <fieldset>
                <legend>{ "The end user captures" }</legend>
                { for VerificationKind::WITH_EVIDENCE.into_iter().map(|k| html! {
                    <label class="check" key={format!("{}-{}", *person, k.slug())}>
                        <input type="checkbox" name={format!("evidence-{}", k.slug())} />
                        { k.label() }
                    </label>
                }) }
            </fieldset>
            <label class="check"><input type="checkbox" name="run" />{ "Run the verifications right away" }</label>
            <button type="submit" class="primary">{ "Create inquiry" }</button>
        </form>
    }
}
