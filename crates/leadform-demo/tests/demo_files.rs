//! The demo's files agree with each other and with the README.

use leadform_demo::{FORMS_FILE, partner_page};
use leadform_proxy::ProxyConfig;

const README: &str = include_str!("../../../README.md");

#[test]
fn the_readme_documents_exactly_the_snippet_the_demo_page_embeds() {
    let page = partner_page("http://127.0.0.1:8787");
    let snippet = page
        .lines()
        .map(str::trim)
        .find(|line| line.contains("/embed.js"))
        .expect("the page embeds the form");
    assert!(
        README.contains(snippet),
        "README.md should show the demo's snippet verbatim: {snippet}"
    );
}

#[test]
fn the_demo_forms_file_loads_and_allows_the_demo_partner_origin() {
    let config = ProxyConfig::load(FORMS_FILE.as_ref()).expect("forms.toml loads");
    let form = config
        .forms
        .iter()
        .find(|form| form.definition.id == "demo-referral")
        .expect("the demo form");
    assert!(form.trusted.allows_origin("http://127.0.0.1:8788"));
    assert!(
        !form.trusted.allows_origin("http://127.0.0.1:8787"),
        "the proxy's own origin is not a partner page"
    );
}
