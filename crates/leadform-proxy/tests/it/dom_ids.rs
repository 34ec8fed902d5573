//! The DOM id contract across languages: for a form with every input kind, the ids of the
//! controls in the HTML the proxy renders (with the widget's components) are exactly those
//! the loader computes (embed/src/ids.js, run by node), and the honeypot has the name the
//! loader reads. Drafts in visitors' localStorage are keyed by these ids: were the two to
//! drift, every saved draft would silently stop coming back.

use std::collections::BTreeSet;
use std::process::Command;

use crate::common::stores::{Store, TestStore};
use crate::common::*;

const EVERY_KIND: &str = r#"
[[form]]
[form.definition]
id = "every-kind"
title = "Every kind"
directions = ["send", "claim"]
consent_text = "I agree."

[[form.definition.fields]]
field = "company_name"
label = "Company"

[[form.definition.fields]]
field = "email"
label = "Email"
help = "Your work address."

[[form.definition.fields]]
field = "first_name"
label = "First name"

[[form.definition.fields]]
field = "last_name"
label = "Last name"

[[form.definition.fields]]
field = "phone_number"
label = "Phone"

[[form.definition.fields]]
field = "sent_by_email"
label = "Your email"

[[form.definition.fields]]
field = "sent_by_company_name"
label = "Your company"

[[form.definition.fields]]
field = { custom = { id = 11, type = "text" } }
label = "Text"

[[form.definition.fields]]
field = { custom = { id = 12, type = "textarea" } }
label = "Notes"

[[form.definition.fields]]
field = { custom = { id = 13, type = "number" } }
label = "Size"

[[form.definition.fields]]
field = { custom = { id = 14, type = "date" } }
label = "Start"

[[form.definition.fields]]
field = { custom = { id = 15, type = "boolean" } }
label = "Urgent"

[[form.definition.fields]]
field = { custom = { id = 16, type = "select" } }
label = "Product"
options = [{ id = 1, label = "Hives" }, { id = 2, label = "Honey" }]

[[form.definition.fields]]
field = { custom = { id = 17, type = "multi_select" } }
label = "Regions"
options = [{ id = 3, label = "North" }, { id = 4, label = "South" }]

[[form.definition.steps]]
title = "The contact"
questions = ["company_name", "email", "first_name", "last_name", "phone_number", "sent_by_email", "sent_by_company_name"]

[[form.definition.steps]]
title = "The deal"
questions = ["custom_11", "custom_12", "custom_13", "custom_14", "custom_15", "custom_16", "custom_17"]

[form.trusted]
allowed_origins = ["https://partner.example"]
association_type = "referral"
partnership_id = 456
partners_company_id = 234
company_partnerships_id = 789
"#;

/// The ids on the form's controls, and the names of controls without one.
fn controls(html: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let attribute = |tag: &str, name: &str| {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_owned())
    };
    let (mut ids, mut unnamed) = (BTreeSet::new(), BTreeSet::new());
    for opening in ["<input", "<select", "<textarea"] {
        for (at, _) in html.match_indices(opening) {
            let tag = &html[at..at + html[at..].find('>').unwrap_or(html.len() - at)];
            match attribute(tag, "id") {
                Some(id) => ids.insert(id),
                None => unnamed.insert(attribute(tag, "name").unwrap_or_default()),
            };
        }
    }
    (ids, unnamed)
}

/// What the loader computes for `definition`: every control's id, and the honeypot's name.
fn loader_ids(definition: &serde_json::Value) -> (BTreeSet<String>, String) {
    let ids_js = concat!(env!("CARGO_MANIFEST_DIR"), "/../../embed/src/ids.js");
    let script = format!(
        r#"import * as ids from {path};
           const definition = JSON.parse(process.argv[1]);
           const found = [];
           for (const {{ field, options }} of definition.fields) {{
             const question = ids.questionId(field);
             if (typeof field === "object" && field.custom.type === "multi_select") {{
               for (const option of options) found.push(ids.optionId(question, String(option.id)));
             }} else {{
               found.push(ids.controlId(question));
             }}
           }}
           for (const direction of definition.directions) found.push(ids.directionId(direction));
           if (definition.consent_text) found.push(ids.CONSENT);
           if (definition.steps) found.push(ids.STEP);
           console.log(JSON.stringify({{ ids: found, honeypot: ids.HONEYPOT }}));"#,
        path = serde_json::to_string(&format!("file://{ids_js}")).unwrap()
    );
    let output = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .arg(definition.to_string())
        .output()
        .expect("node runs (cargo xtask installs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let computed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let ids = computed["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .map(|id| id.as_str().expect("an id").to_owned())
        .collect();
    (
        ids,
        computed["honeypot"].as_str().expect("a name").to_owned(),
    )
}

#[tokio::test]
async fn the_ids_the_proxy_renders_are_the_ids_the_loader_computes() {
    let upstream = crate::common::upstream::Trap::start().await;
    let proxy = TestProxy::serving(
        EVERY_KIND,
        TestStore::new(Store::Sqlite).await,
        &upstream.url,
        API_KEY,
        fast_settings(),
    )
    .await;
    let (response, body) = proxy
        .send(get_from("/v1/forms/every-kind/embed", ALLOWED_ORIGIN))
        .await;
    assert_eq!(response.status(), 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (rendered, without_id) = controls(answer["html"].as_str().expect("html"));
    let (computed, honeypot) = loader_ids(&answer["definition"]);
    assert_eq!(rendered, computed, "the rendered ids are the loader's");
    assert_eq!(
        without_id,
        BTreeSet::from([honeypot]),
        "the one control without an id is the honeypot, by the name the loader reads"
    );
    // Every kind is there: 14 questions, one of them with two options, two directions,
    // consent, and the step a draft restores.
    assert_eq!(rendered.len(), 13 + 2 + 2 + 1 + 1, "{rendered:?}");
}
