//! `leadform-proxy preview` in a browser: every form of a file with two forms and two
//! languages shows, light and dark, as a test; a submission shows its Create Lead body; an
//! edit of the file appears after the page reloads itself; a broken edit shows the error.

use leadform_demo::FORMS_FILE;
use leadform_proxy::preview;

use crate::*;

in_every_engine!(the_preview_shows_every_form_its_lead_bodies_and_follows_the_file);

/// How many forms (in every language and theme) are live, with their Test badge.
const LIVE: &str = "return [...document.querySelectorAll('.form')].filter(h => h.shadowRoot \
    && h.shadowRoot.querySelector('form.lf-form') && h.shadowRoot.querySelector('.lf-test-badge')).length;";

async fn script(driver: &Browser, code: &str) -> serde_json::Value {
    driver
        .execute(code, Vec::new())
        .await
        .expect("the script runs")
        .json()
        .clone()
}

async fn the_preview_shows_every_form_its_lead_bodies_and_follows_the_file(engine: Engine) {
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("forms.toml");
    let original = std::fs::read_to_string(FORMS_FILE).expect("the demo's forms file");
    std::fs::write(&file, &original).expect("written");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = preview::start(
        &file,
        Some(&bundle_dir()),
        loopback().await,
        loopback().await,
        async {
            let _ = stopped.await;
        },
    )
    .await
    .expect("the preview starts");
    let page = running.page_url.clone();
    let edit = file.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&page).await.expect("the preview opens");
        // Two forms, each in English and German, light and dark.
        eventually("every form live", || async {
            (script(&driver, LIVE).await == serde_json::json!(8)).then_some(())
        })
        .await;
        eventually("the loader's forms live", || async { is_live(&driver).await.then_some(()) }).await;

        let root = FormRoot::of(&driver, ".form").await.expect("the first form");
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        let body = eventually("the Create Lead body", || async {
            let text = script(&driver, "return document.querySelector('.lead').textContent;").await;
            let text = text.as_str()?.to_owned();
            text.contains("lead_submission_form").then_some(text)
        })
        .await;
        assert!(body.contains("\"email\": \"ada@globex.example\""), "{body}");
        assert!(body.contains("\"formSubmissionLead\": true"), "{body}");

        std::fs::write(&edit, original.replace("Refer a client to Acme Hives", "Refer a client to Acme Bees"))
            .expect("edited");
        eventually("the edit shown", || async {
            let titles = script(&driver, "return [...document.querySelectorAll('.form')].map(h => h.shadowRoot && h.shadowRoot.querySelector('.lf-title') ? h.shadowRoot.querySelector('.lf-title').textContent : '').join('|');").await;
            titles.as_str()?.contains("Refer a client to Acme Bees").then_some(())
        })
        .await;

        std::fs::write(&edit, format!("{original}\nbroken = [\n")).expect("broken");
        let error = eventually("the error shown", || async {
            let text = script(&driver, "const e = document.querySelector('.error'); return e ? e.textContent : null;").await;
            text.as_str().map(str::to_owned)
        })
        .await;
        assert!(error.contains("TOML"), "{error}");
        assert_eq!(script(&driver, "return document.querySelectorAll('.form').length;").await, serde_json::json!(0));
    })
    .await;
    let _ = stop.send(());
    drop(running);
}
