//! `/orgs/:org/inquiries`: the org's templates, a form to verify a person, and its inquiries.

use super::dashboard::OrgProps;
use super::{checked, form_of, value_of};
use crate::ui::components::flash::{self, Flash};
use crate::ui::components::status::badge;
use crate::ui::{use_playground, Route};
use connect::seed::sample_people;
use connect::{Command, Id, PersonFields, VerificationKind};
use std::collections::BTreeSet;
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

#[function_component(Inquiries)]
pub fn inquiries(props: &OrgProps) -> Html {
    let playground = use_playground();
    let navigator = use_navigator();
    let result = use_state(|| None::<Flash>);
    let person = use_state(|| "alex".to_string());
    let org_id = Id::parse(&props.org);
    let in_pane = props.in_pane;
    let people = sample_people();

    let (templates, inquiries, now) = playground.read(|p| {
        let w = &p.world;
        let templates: Vec<_> = w.templates_of(&org_id).into_iter().cloned().collect();
        let inquiries: Vec<_> = w
            .inquiries_of(&org_id)
            .into_iter()
            .map(|i| {
                let template = w
                    .templates
                    .get(&i.template_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                (i.clone(), template)
            })
            .collect();
        (templates, inquiries, p.now())
    });

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
        let (playground, result, person, org, navigator) = (
            playground.clone(),
            result.clone(),
            person.clone(),
            org_id.clone(),
            navigator.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else { return };
            let sample = sample_people().into_iter().find(|s| s.key == *person);
            let fields = match &sample {
                Some(s) => s.fields.clone(),
                None => typed_fields(&form),
            };
            let evidence: BTreeSet<VerificationKind> = VerificationKind::WITH_EVIDENCE
                .into_iter()
                .filter(|k| checked(&form, &format!("[name=evidence-{}]", k.slug())))
                .collect();
            let command = Command::CreateInquiry {
                template_id: value_of(&form, "[name=template]"),
                fields: Box::new(fields),
                evidence,
            };
            let run = checked(&form, "[name=run]");
            let (playground, result, org, navigator) = (
                playground.clone(),
                result.clone(),
                org.clone(),
                navigator.clone().filter(|_| !in_pane),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let created = match playground.execute(&org, command).await {
                    Ok(events) => events
                        .into_iter()
                        .find(|e| e.event_type == "inquiry.created")
                        .map(|e| e.object_id),
                    Err(error) => {
                        result.set(Some(Flash::Refused(error.to_string())));
                        return;
                    }
                };
                let Some(id) = created else { return };
                if run {
                    let command = Command::RunInquiry {
                        inquiry_id: id.to_string(),
                    };
                    if let Err(error) = playground.execute(&org, command).await {
                        result.set(Some(Flash::Refused(format!(
                            "Inquiry {id} was created, but running it was refused: {error}"
                        ))));
                        return;
                    }
                }
                match &navigator {
                    Some(navigator) => navigator.push(&Route::Inquiry {
                        org: org.to_string(),
                        id: id.to_string(),
                    }),
                    None => result.set(Some(Flash::Done(
                        html! { { format!("Inquiry {id} created; it is listed below.") } },
                    ))),
                }
            });
        })
    };

    let sample = people.iter().find(|s| s.key == *person);
    let evidence_default =
        |k: VerificationKind| sample.map(|s| s.evidence.contains(&k)).unwrap_or(true);

    html! {
        <>
            <h1>{ "Inquiries" }</h1>
            <p class="lede">{ "An inquiry verifies one end user against one of your templates. Completed inquiries can be shared with a partner through a share token." }</p>
            <section class="card">
                <h2>{ "Templates" }</h2>
                <table class="list">
                    <thead><tr><th>{ "Template" }</th><th>{ "Requires" }</th><th>{ "Id" }</th></tr></thead>
                    <tbody>
                        { for templates.iter().map(|t| html! {
                            <tr key={t.id.to_string()}><td>{ &t.name }</td><td>{ t.summary() }</td><td><code>{ t.id.to_string() }</code></td></tr>
                        }) }
                    </tbody>
                </table>
            </section>
            <section class="card">
                <h2>{ "Verify a person" }</h2>
                { flash::show(&result) }
                <form id="create-inquiry" {onsubmit}>
                    <label>{ "Template" }
                        <select name="template">
                            { for templates.iter().enumerate().map(|(i, t)| html! { <option value={t.id.to_string()} selected={i == 0}>{ format!("{} ({})", t.name, t.summary()) }</option> }) }
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
                                <label key={*name}>{ *label }<input name={*name} placeholder={*hint} /></label>
                            }) }
                        </div>
                    }
                    <fieldset>
                        <legend>{ "The end user captures" }</legend>
                        { for VerificationKind::WITH_EVIDENCE.into_iter().map(|k| html! {
                            <label class="check" key={format!("{}-{}", *person, k.slug())}>
                                <input type="checkbox" name={format!("evidence-{}", k.slug())} checked={evidence_default(k)} />
                                { k.label() }
                            </label>
                        }) }
                    </fieldset>
                    <label class="check"><input type="checkbox" name="run" checked=true />{ "Run the verifications right away" }</label>
                    <button type="submit" class="primary">{ "Create inquiry" }</button>
                </form>
            </section>
            <section class="card">
                <h2>{ "All inquiries" }</h2>
                if inquiries.is_empty() {
                    <p class="muted">{ "No inquiries yet." }</p>
                } else {
                    <table class="list" id="inquiry-list">
                        <thead><tr><th>{ "Inquiry" }</th><th>{ "Person" }</th><th>{ "Template" }</th><th>{ "Status" }</th><th>{ "Created" }</th></tr></thead>
                        <tbody>
                            { for inquiries.iter().map(|(i, template)| html! {
                                <tr key={i.id.to_string()} data-id={i.id.to_string()}>
                                    <td><Link<Route> to={Route::Inquiry { org: props.org.clone(), id: i.id.to_string() }}><code>{ i.id.to_string() }</code></Link<Route>></td>
                                    <td>{ i.fields.full_name() }</td>
                                    <td>{ template }</td>
                                    <td>{ badge(i.status_at(now).as_str()) }</td>
                                    <td>{ i.created_at.display() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
        </>
    }
}
