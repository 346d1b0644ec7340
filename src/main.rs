fn main() {
    connect_playground::panic::install();
    // Mounting on <body> would clear it, and with it the panic overlay index.html holds.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<connect_playground::ui::App>::with_root(root).render(),
        None => yew::Renderer::<connect_playground::ui::App>::new().render(),
    };
}
