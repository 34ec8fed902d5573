//! The component keeps drafts and waiting submissions under the loader's names and lifetimes:
//! `leadform::storage_keys` against embed/src/storage.js, which must agree.

use leadform::storage_keys::{DRAFT, DRAFT_LIFETIME_MS, KEPT, KEPT_LIFETIME_MS};

const LOADER: &str = include_str!("../../../../embed/src/storage.js");

#[test]
fn the_component_keeps_what_the_loader_keeps_under_the_same_names_and_for_as_long() {
    let day = 864e5;
    for line in [
        format!("export const KEPT = \"{KEPT}\";"),
        format!("const DRAFT = \"{DRAFT}\";"),
        "const DAY_MS = 864e5;".to_owned(),
        format!(
            "export const DRAFT_LIFETIME_MS = {} * DAY_MS;",
            DRAFT_LIFETIME_MS / day
        ),
        format!(
            "export const KEPT_LIFETIME_MS = {} * DAY_MS;",
            KEPT_LIFETIME_MS / day
        ),
    ] {
        assert!(
            LOADER.contains(&line),
            "embed/src/storage.js lacks {line:?}"
        );
    }
}
