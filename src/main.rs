fn main() {
    yew::Renderer::<connect_playground::ui::App>::new().render();
}
