//! `/sandbox`: the whole playground at once: export it as a file, import one, or reset to the
//! seeded demo. Import and reset replace everything, so both show what they will do and wait for
//! a second click; a refused file changes nothing. It also shows the room the playground takes
//! in local storage.

use crate::store::{Persistence, MAKE_ROOM};
use crate::ui::command::{use_command, CommandRunner};
use crate::ui::components::card::Card;
use crate::ui::components::flash::Flash;
use crate::ui::components::list::{plural, thousands};
use crate::ui::download::{js_text, json_blob, object_url, replace_url, start_download};
use crate::ui::gzip;
use crate::ui::use_playground;
use connect::clock::describe_offset;
use connect::exchange::{self, secrets};
use connect::snapshot::Snapshot;
use connect::stored::{Room, QUOTA, WARN_AT};
use connect::{RandomIds, Timestamp, World};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

fn real_now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), plural(n, one, many))
}

/// `3 organizations, 2 inquiries, 1 bridge, 4 share tokens; clock: real time`.
fn summary(world: &World, clock_offset_ms: i64) -> String {
    format!(
        "{}, {}, {}, {}; clock: {}",
        count(world.organizations.len(), "organization", "organizations"),
        count(world.inquiries.len(), "inquiry", "inquiries"),
        count(world.bridges.len(), "bridge", "bridges"),
        count(world.share_tokens.len(), "share token", "share tokens"),
        describe_offset(clock_offset_ms)
    )
}

#[derive(Clone, PartialEq)]
struct ExportedFile {
    url: String,
    file_name: String,
}

/// A file that passed every check and waits for the user's confirmation.
#[derive(Clone, PartialEq)]
struct PendingImport {
    file_name: String,
    snapshot: Rc<Snapshot>,
}

#[function_component(Sandbox)]
pub fn sandbox() -> Html {
    let runner = use_command();
    let playground = runner.playground();
    let offset = playground.read(|p| p.clock_offset_ms);
    let current = playground.world(|w, _| summary(w, offset));
    html! {
        <>
            <h1>{ "Sandbox" }</h1>
            <p class="lede">{ "The whole playground at once: keep it as a file, bring one back, or start over from the seeded demo. Everything stays in this browser." }</p>
            <p id="sandbox-summary">{ format!("This playground holds {current}.") }</p>
            { runner.flash() }
            <Export runner={runner.clone()} />
            <Import runner={runner.clone()} />
            <Reset {runner} />
            <StorageRoom />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PartProps {
    /// The screen's runner: every part reports in the one flash under the summary.
    runner: CommandRunner,
}

#[function_component(Export)]
fn export(props: &PartProps) -> Html {
    let runner = &props.runner;
    let playground = runner.playground().clone();
    let exported = use_state(|| None::<ExportedFile>);
    // While an export is made (a busy playground's takes a second or two): the buttons wait.
    let busy = use_state(|| false);
    // The object URL still alive, revoked when replaced and when the screen goes away.
    let live_url = use_mut_ref(|| None::<String>);
    {
        let live_url = live_url.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(url) = live_url.borrow_mut().take() {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
            }
        });
    }

    // `with_secrets: false` is the export a user can share (crate::secrets).
    let export = |with_secrets: bool| {
        let parts = (
            playground.clone(),
            runner.clone(),
            exported.clone(),
            live_url.clone(),
            busy.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (playground, runner, exported, live_url, busy) = parts.clone();
            if *busy {
                return;
            }
            busy.set(true);
            runner.show(Flash::Done(html! { <>{ "Making the export…" }</> }));
            // After the note and the waiting buttons are painted: the work holds the page.
            crate::ui::after_paint(move || {
                let done = move || busy.set(false);
                // The store decides what "the whole playground" is; the file adds the marker.
                let file = playground.read(|p| p.export()).and_then(|raw| {
                    let mut snapshot = Snapshot::decode(&raw).map_err(|e| e.to_string())?;
                    let mut described = summary(&snapshot.world, snapshot.clock_offset_ms);
                    if !with_secrets {
                        let n = secrets::leave_out(&mut snapshot.world);
                        described =
                            format!("{described}, without its {}", count(n, "secret", "secrets"));
                    }
                    let text = exchange::export(&snapshot)?;
                    Ok((text, described))
                });
                // The shareable file says so in its name, so the two are told apart in a folder.
                let file_name = format!(
                    "connect-playground-{}{}.json",
                    &real_now().iso8601()[..10],
                    if with_secrets { "" } else { "-without-secrets" }
                );
                let (text, described) = match file {
                    Ok(file) => file,
                    Err(why) => {
                        done();
                        return runner.refuse(format!("The export could not be made: {why}."));
                    }
                };
                let deliver = {
                    let (runner, exported, live_url) =
                        (runner.clone(), exported.clone(), live_url.clone());
                    move |blob: Result<web_sys::Blob, String>, file_name: String, note: String| {
                        done();
                        let url = blob.and_then(|blob| {
                            let url = object_url(&blob)?;
                            replace_url(&live_url, Some(url.clone()));
                            start_download(&url, &file_name)?;
                            Ok(url)
                        });
                        match url {
                            Ok(url) => {
                                runner.show(Flash::Done(html! {
                                    <>{ format!("Exported {described} as {file_name}.{note}") }</>
                                }));
                                exported.set(Some(ExportedFile { url, file_name }));
                            }
                            Err(why) => {
                                runner.refuse(format!("The export could not be made: {why}."))
                            }
                        }
                    }
                };
                if text.len() <= exchange::MAX_FILE_BYTES {
                    return deliver(json_blob(&text), file_name, String::new());
                }
                // As JSON, a busy playground is more than an import reads: the file is written
                // compressed, which imports back as it is (exchange::MAX_UNPACKED_BYTES).
                runner.show(Flash::Done(html! {
                <>{ format!("Compressing the export ({} as JSON)…", exchange::megabytes(text.len())) }</>
            }));
                spawn_local(async move {
                    let packed = match json_blob(&text) {
                        Ok(blob) => gzip::compress(&blob).await,
                        Err(why) => Err(why),
                    };
                    let packed = match packed {
                    Ok(packed) => packed,
                    // A browser without CompressionStream still gets its file, as JSON.
                    Err(why) => {
                        return deliver(
                            json_blob(&text),
                            file_name,
                            format!(
                                " Note: the file could not be compressed ({why}), and as JSON it is larger than the {} MB an import reads, so it cannot be imported back whole.",
                                exchange::MAX_FILE_BYTES / (1024 * 1024)
                            ),
                        )
                    }
                };
                    let size = packed.size() as usize;
                    // Never a silent trap: a file too large to import back says so now, not when
                    // it is needed.
                    let note = if size > exchange::MAX_FILE_BYTES {
                        format!(
                        " Note: even compressed, the file is larger than the {} MB an import reads, so it cannot be imported back whole.",
                        exchange::MAX_FILE_BYTES / (1024 * 1024)
                    )
                    } else {
                        format!(
                        " As JSON it is {}, more than the {} MB an import reads, so it is compressed with gzip ({}): import it as it is (gunzip unpacks it for reading).",
                        exchange::megabytes(text.len()),
                        exchange::MAX_FILE_BYTES / (1024 * 1024),
                        exchange::megabytes(size)
                    )
                    };
                    deliver(Ok(packed), format!("{file_name}.gz"), note);
                });
            });
        })
    };

    html! {
        <Card id="export" title="Export">
            <p>{ "Download every organization, inquiry, bridge, share token and event, and the clock, as one JSON file." }</p>
            <p class="small">{ format!("A playground whose JSON is over {} MB, more than an import reads, is saved compressed with gzip (.json.gz), and imports back as it is.", exchange::MAX_FILE_BYTES / (1024 * 1024)) }</p>
            <p class="confirm" id="export-secrets-warning">
                <strong>{ "The file holds every organization's API key and every webhook signing secret:" }</strong>
                { format!(" whoever has it can call the API as those organizations and sign deliveries. To share it, export without secrets: each is replaced by \"{}\", and importing the file makes new ones.", secrets::LEFT_OUT) }
            </p>
            <div class="actions">
                <button type="button" class="primary" id="export-playground" disabled={*busy} aria-busy={busy.to_string()} onclick={export(true)}>{ "Export as a JSON file" }</button>
                <button type="button" id="export-without-secrets" disabled={*busy} onclick={export(false)}>{ "Export without secrets" }</button>
            </div>
            if let Some(file) = &*exported {
                <p class="small" id="export-file">
                    { "If the download did not start, " }
                    <a href={file.url.clone()} download={file.file_name.clone()}>{ format!("save {}", file.file_name) }</a>
                    { "." }
                </p>
            }
        </Card>
    }
}

/// The playground an export file holds: the JSON Export writes, or the same JSON compressed with
/// gzip, which Export writes for a playground larger than an import reads as JSON. Every check
/// is `exchange::import`'s; a compressed file is held to its size as a file, and its unpacking
/// to `exchange::MAX_UNPACKED_BYTES`.
async fn read_export(
    file: &web_sys::File,
    file_name: &str,
    runner: &CommandRunner,
) -> Result<Snapshot, String> {
    let unreadable = |e: JsValue| format!("The browser could not read it ({}).", js_text(&e));
    let head = file.slice_with_i32_and_i32(0, 2).map_err(unreadable)?;
    let head = JsFuture::from(head.array_buffer())
        .await
        .map_err(unreadable)?;
    // Held to the bound before a byte of it is read into the page.
    let size = file.size() as usize;
    if size > exchange::MAX_FILE_BYTES {
        return Err(exchange::ImportError::TooLarge(size).to_string());
    }
    if !exchange::is_gzip(&js_sys::Uint8Array::new(&head).to_vec()) {
        let text = JsFuture::from(file.text()).await.map_err(unreadable)?;
        let text = text.as_string().ok_or("The browser gave no text for it.")?;
        return exchange::import(&text).map_err(|e| e.to_string());
    }
    runner.show(Flash::Done(html! {
        <>{ format!("Unpacking and checking {file_name}…") }</>
    }));
    let bytes = gzip::decompress(file, exchange::MAX_UNPACKED_BYTES)
        .await
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| {
        exchange::ImportError::NotJson("it unpacks to bytes that are not UTF-8 text".into())
            .to_string()
    })?;
    exchange::import_unpacked(&text).map_err(|e| e.to_string())
}

#[function_component(Import)]
fn import(props: &PartProps) -> Html {
    let runner = &props.runner;
    let playground = runner.playground().clone();
    let pending = use_state(|| None::<PendingImport>);
    // Which file choice is the latest: a large file still being read when another is chosen
    // must not show its preview over the newer one.
    let latest = use_mut_ref(|| 0u64);
    let on_file = {
        let (runner, pending, latest) = (runner.clone(), pending.clone(), latest.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // So that choosing the same file again (after fixing it) is a change too.
            input.set_value("");
            let file_name = file.name();
            let (runner, pending, latest) = (runner.clone(), pending.clone(), latest.clone());
            let this = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            spawn_local(async move {
                pending.set(None);
                let checked = read_export(&file, &file_name, &runner).await;
                if *latest.borrow() != this {
                    return;
                }
                match checked {
                    Ok(snapshot) => {
                        runner.clear();
                        pending.set(Some(PendingImport {
                            file_name,
                            snapshot: Rc::new(snapshot),
                        }));
                    }
                    Err(why) => runner.refuse(format!(
                        "{file_name} was not imported, and nothing was changed. {why}"
                    )),
                }
            });
        })
    };

    let on_confirm_import = {
        let (playground, runner, pending) = (playground.clone(), runner.clone(), pending.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(import) = (*pending).clone() else {
                return;
            };
            let playground = playground.clone();
            let mut world = import.snapshot.world.clone();
            secrets::make_anew(&mut world, &mut RandomIds);
            pending.set(None);
            runner.spawn(async move {
                let (api, clock_offset_ms) =
                    (import.snapshot.api.clone(), import.snapshot.clock_offset_ms);
                let saved = playground
                    .locked(move |p| {
                        p.replace(world.clone(), api.clone(), clock_offset_ms)?;
                        // Tokens and inquiries the file's clock has passed show as expired at once.
                        p.expire_due();
                        Ok::<(), String>(())
                    })
                    .await;
                let snapshot = &import.snapshot;
                Some(match saved {
                    Err(behind) => Flash::Refused(behind.to_string()),
                    Ok(Ok(())) => Flash::Done(html! { <>{ format!(
                        "Imported {}: {}. It replaced everything that was here.",
                        import.file_name,
                        summary(&snapshot.world, snapshot.clock_offset_ms)
                    ) }</> }),
                    Ok(Err(why)) => Flash::Refused(crate::store::save_refused(
                        "Nothing was changed: the browser refused to save the import",
                        &why.to_string(),
                    )),
                })
            });
        })
    };
    let on_cancel_import = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };

    html! {
        <Card id="import" title="Import">
            <p>{ "Choose a file made with Export (.json, or .json.gz for a large playground). It is checked first; a file that is not a Connect Playground export, comes from a newer version, or refers to objects it does not hold is refused, and nothing changes." }</p>
            <label>
                { "Export file" }
                <input type="file" id="import-file" accept="application/json,.json,application/gzip,.gz" onchange={on_file} />
            </label>
            if let Some(import) = &*pending {
                <div class="confirm" id="import-preview" role="group" aria-label="Confirm the import">
                    <p>
                        <strong>{ format!("{} holds {}.", import.file_name, summary(&import.snapshot.world, import.snapshot.clock_offset_ms)) }</strong>
                        { " Importing replaces everything in this playground." }
                        if secrets::left_out(&import.snapshot.world) > 0 {
                            { format!(" It was exported without secrets: its {} are made anew.", count(secrets::left_out(&import.snapshot.world), "left-out secret", "left-out secrets")) }
                        }
                    </p>
                    { import_preview(&exchange::preview(&import.snapshot)) }
                    <div class="actions">
                        <button type="button" class="primary" id="confirm-import" onclick={on_confirm_import}>{ "Import and replace everything" }</button>
                        <button type="button" data-action="cancel" onclick={on_cancel_import}>{ "Cancel" }</button>
                    </div>
                </div>
            }
        </Card>
    }
}

#[function_component(Reset)]
fn reset(props: &PartProps) -> Html {
    let runner = &props.runner;
    let playground = runner.playground().clone();
    let confirming_reset = use_state(|| false);
    let on_reset = {
        let confirming_reset = confirming_reset.clone();
        Callback::from(move |_: MouseEvent| confirming_reset.set(true))
    };
    let on_cancel_reset = {
        let confirming_reset = confirming_reset.clone();
        Callback::from(move |_: MouseEvent| confirming_reset.set(false))
    };
    let on_confirm_reset = {
        let (playground, runner, confirming_reset) =
            (playground.clone(), runner.clone(), confirming_reset.clone());
        Callback::from(move |_: MouseEvent| {
            // The seeded organizations keep their ids: other tabs and bookmarks still find them.
            let seeded = playground.read(|p| {
                let mut random = RandomIds;
                let mut ids = connect::seed::KeepOrgIds::new(&p.world, &mut random);
                connect::seed::demo_playground(real_now(), &mut ids)
            });
            let described = summary(&seeded, 0);
            confirming_reset.set(false);
            let playground = playground.clone();
            runner.spawn(async move {
                let saved = playground
                    .locked(move |p| p.replace(seeded, Default::default(), 0))
                    .await;
                Some(match saved {
                    Err(behind) => Flash::Refused(behind.to_string()),
                    Ok(Ok(())) => Flash::Done(html! { <>{ format!("The playground is the seeded demo again: {described}.") }</> }),
                    // Not the make-room advice: it ends in a reset.
                    Ok(Err(why)) => Flash::Refused(format!(
                        "Nothing was changed: the browser refused to save the reset ({why})."
                    )),
                })
            });
        })
    };

    html! {
        <Card id="reset" title="Reset to the seeded demo">
            <p>{ "Start over with the three seeded organizations and the clock at real time." }</p>
            if *confirming_reset {
                <div class="confirm" id="reset-confirmation" role="group" aria-label="Confirm the reset">
                    <p><strong>{ "This erases every organization, inquiry, bridge, share token and event in this playground." }</strong>{ " Export first if you want to keep them." }</p>
                    <div class="actions">
                        <button type="button" class="danger" id="confirm-reset" onclick={on_confirm_reset}>{ "Yes, erase everything" }</button>
                        <button type="button" data-action="cancel" onclick={on_cancel_reset}>{ "Cancel" }</button>
                    </div>
                </div>
            } else {
                <button type="button" id="reset-playground" onclick={on_reset}>{ "Reset to the seeded demo…" }</button>
            }
        </Card>
    }
}

/// What the file would install that acts by itself: webhook endpoints (which POST inquiry
/// data) and workflows. Both arrive disabled.
fn import_preview(preview: &exchange::Preview) -> Html {
    let exchange::Preview {
        webhooks,
        workflows,
    } = preview;
    if webhooks.is_empty() && workflows.is_empty() {
        return html! { <p id="import-automation">{ "It holds no webhook endpoints and no workflows." }</p> };
    }
    html! {
        <div id="import-automation">
            <p>
                <strong>{ format!("It holds {} and {}. ", count(webhooks.len(), "webhook endpoint", "webhook endpoints"), count(workflows.len(), "workflow", "workflows")) }</strong>
                { "They arrive disabled: an endpoint POSTs the events it takes (inquiry fields included) to its URL once enabled, so enable only what you trust, on the Webhooks and Workflows screens." }
            </p>
            if !webhooks.is_empty() {
                <table id="import-webhooks" class="list preview">
                    <caption>{ "Webhook endpoints (arrive disabled)" }</caption>
                    <thead><tr><th>{ "Organization" }</th><th>{ "URL" }</th><th>{ "Events" }</th></tr></thead>
                    <tbody>
                        { for webhooks.iter().map(|w| html! {
                            <tr>
                                <td>{ w.organization.clone() }</td>
                                <td><code>{ w.url.clone() }</code></td>
                                <td class="small">{ w.event_types.join(", ") }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if !workflows.is_empty() {
                <table id="import-workflows" class="list preview">
                    <caption>{ "Workflows (arrive disabled)" }</caption>
                    <thead><tr><th>{ "Organization" }</th><th>{ "Workflow" }</th><th>{ "Trigger" }</th><th>{ "Actions" }</th></tr></thead>
                    <tbody>
                        { for workflows.iter().map(|w| html! {
                            <tr>
                                <td>{ w.organization.clone() }</td>
                                <td>{ w.name.clone() }</td>
                                <td><code class="type">{ w.trigger.clone() }</code></td>
                                <td class="small"><ol>{ for w.actions.iter().map(|a| html! { <li>{ a.clone() }</li> }) }</ol></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

/// The meter for this playground, when it is saved (a playground in memory takes no room).
#[function_component(StorageRoom)]
fn storage_room() -> Html {
    let playground = use_playground();
    let room = playground.read(|p| (p.persistence == Persistence::Saved).then(|| p.room().clone()));
    match room {
        Some(room) => html! { <RoomMeter {room} /> },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct RoomMeterProps {
    pub room: Room,
}

/// How much of the browser's local storage is used, by the playground's records and by the
/// site's other data (the quota is the site's), and what to do before it runs out.
#[function_component(RoomMeter)]
pub fn room_meter(props: &RoomMeterProps) -> Html {
    let room = &props.room;
    let others = crate::ui::components::room::use_site_others(room.used());
    let total = room.used().saturating_add(others);
    let said = format!(
        "{} of {} characters ({} %)",
        thousands(total),
        thousands(QUOTA),
        total.saturating_mul(100) / QUOTA
    );
    html! {
        <Card id="storage-room" title="Room in this browser">
            <label for="room-meter">{ "Local storage used: " }<span id="room-used">{ said.clone() }</span></label>
            <meter id="room-meter" min="0" max={QUOTA.to_string()} high={WARN_AT.to_string()} optimum="0" value={total.to_string()}>{ said }</meter>
            <p class="small" id="room-others">
                { if others > 0 {
                    format!(
                        "This playground takes {} characters; other data of this site (other pages, a kept-aside copy) takes {} of the same storage; {} are left.",
                        thousands(room.used()),
                        thousands(others),
                        thousands(QUOTA.saturating_sub(total))
                    )
                } else {
                    format!("All of it is this playground; {} characters are left.", thousands(QUOTA.saturating_sub(total)))
                } }
            </p>
            if total >= WARN_AT {
                <p class="flash error" role="alert" id="room-warning">
                    { format!("Local storage is almost full: a change may soon be refused. {MAKE_ROOM}") }
                    if others > 0 && !room.is_low() {
                        { " Most of it is other data of this site: clearing that (for example in the browser's site settings) makes room too." }
                    }
                </p>
            } else {
                <p class="small">{ format!("Changes are refused once local storage is full; this screen warns from {} % on.", WARN_AT * 100 / QUOTA) }</p>
            }
        </Card>
    }
}
