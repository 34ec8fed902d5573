//! `examples/leptos-app`: a Leptos app of its own (origin A) with two `LeadForm`s in its view,
//! the proxy on origin B. Typed with the keyboard and sent, one lead each, the app told of
//! both; under a CSP without 'unsafe-inline' no violation is reported; the app's heavy-handed
//! global CSS does not reach the forms, and the forms' stylesheet does not reach the app.

use std::path::PathBuf;

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;

use crate::*;

in_every_engine!(two_lead_forms_in_a_leptos_app_send_a_lead_each_and_tell_the_app);

/// The app as `cargo xtask test` built it with trunk (`LEADFORM_EXAMPLE_APP_DIR`).
fn app_dir() -> PathBuf {
    built_by_xtask("LEADFORM_EXAMPLE_APP_DIR", "examples/leptos-app with trunk")
}

/// The computed styles of the app's own elements and of the forms' controls, as JSON.
const LOOKS: &str = "
const form = (n, selector) => document.querySelectorAll('.leadform-host')[n].shadowRoot.querySelector(selector);
const style = (element) => { const s = getComputedStyle(element);
  return [s.fontFamily, s.backgroundColor, s.borderTopStyle, s.color].join(' | '); };
return {
  app_input: style(document.querySelector('.app-search')),
  app_title: style(document.querySelector('h1')),
  form_inputs: [style(form(0, '#lf-email')), style(form(1, '#lf-email'))],
  form_submit: style(form(0, '.lf-submit')),
};";

/// The app's heavy-handed CSS styles the app and does not reach the two forms, which have
/// their own stylesheet (shared with `ssr_app`, whose app has the same CSS).
pub(crate) async fn assert_styles_stay_apart(driver: &WebDriver) {
    let looks = driver
        .execute(LOOKS, Vec::new())
        .await
        .expect("styles read")
        .json()
        .clone();
    let app_input = looks["app_input"].as_str().unwrap_or_default();
    assert!(
        app_input.contains("Courier")
            && app_input.contains("rgb(255, 255, 0)")
            && app_input.contains("dashed"),
        "the app's CSS styles the app: {app_input}"
    );
    assert!(
        looks["app_title"]
            .as_str()
            .unwrap_or_default()
            .contains("rgb(120, 20, 60)"),
        "{looks}"
    );
    for form_input in looks["form_inputs"].as_array().expect("inputs") {
        let form_input = form_input.as_str().unwrap_or_default();
        assert!(
            !form_input.contains("Courier")
                && !form_input.contains("rgb(255, 255, 0)")
                && !form_input.contains("dashed"),
            "the app's CSS does not reach the form: {form_input}"
        );
    }
    assert!(
        looks["form_submit"]
            .as_str()
            .unwrap_or_default()
            .contains("rgb(52, 81, 178)"),
        "the form has its own stylesheet: {looks}"
    );
}

/// The shadow roots of the app's two forms, once each shows its form.
pub(crate) async fn the_two_forms(driver: &WebDriver) -> Vec<FormRoot> {
    let mut roots = Vec::new();
    for host in [
        "section:nth-of-type(1) .leadform-host",
        "section:nth-of-type(2) .leadform-host",
    ] {
        let root = eventually("a form in the app's view", || async {
            let root = FormRoot::of(driver, host).await.ok()?;
            root.find("form.lf-form .lf-submit").await.ok()?;
            Some(root)
        })
        .await;
        roots.push(root);
    }
    roots
}

/// The app's list of what its forms told it, once it has `count` entries.
pub(crate) async fn told_the_app(driver: &WebDriver, count: usize) -> Vec<String> {
    let told = eventually("the app told of the leads", || async {
        let told = driver
            .execute("return [...document.querySelectorAll('#app-events li')].map(li => li.textContent);", Vec::new())
            .await
            .ok()?
            .json()
            .clone();
        (told.as_array()?.len() == count).then_some(told)
    })
    .await;
    serde_json::from_value(told).expect("events")
}

async fn two_lead_forms_in_a_leptos_app_send_a_lead_each_and_tell_the_app(engine: Engine) {
    let app = loopback().await;
    let app_url = format!("http://{}", app.local_addr().expect("app address"));
    let demo = demo_proxy(&app_url).await;
    let proxy_url = demo.proxy_url.clone();
    let dir = app_dir();
    let index = std::fs::read_to_string(dir.join("index.html"))
        .expect("the app's index.html")
        .replace(
            r#"content="http://127.0.0.1:8787""#,
            &format!(r#"content="{proxy_url}""#),
        );
    let (report_route, reports) = csp_report_route();
    let router = Router::new()
        .route(
            "/",
            get(move || {
                // A new nonce per response, as the app's server would make it.
                let nonce = format!(
                    "{:x}",
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|since| since.as_nanos())
                        .unwrap_or_default()
                );
                let policy = format!(
                    "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
                     connect-src 'self' {proxy_url}; style-src 'self'; img-src 'self'; \
                     report-uri /csp-report"
                );
                let page = index.replace("{{__TRUNK NONCE__}}", &nonce);
                async move { ([(header::CONTENT_SECURITY_POLICY, policy)], Html(page)) }
            }),
        )
        .route("/csp-report", report_route)
        .route(
            "/{file}",
            get(move |Path(file): Path<String>| {
                let dir = dir.clone();
                async move { static_file(&dir, &file) }
            }),
        );
    tokio::spawn(async move { axum::serve(app, router).await });
    let sandbox = demo.sandbox.clone();

    with_browser(engine, move |driver| async move {
        driver.goto(&app_url).await.expect("the app opens");
        let roots = the_two_forms(&driver).await;
        let submit_words = |root: FormRoot| async move {
            element(&root, ".lf-submit")
                .await
                .text()
                .await
                .unwrap_or_default()
        };
        let (english, german) = (
            submit_words(roots[0].clone()).await,
            submit_words(roots[1].clone()).await,
        );
        assert_ne!(
            english, german,
            "one form in English, one in German: {english} / {german}"
        );

        assert_styles_stay_apart(&driver).await;

        for (root, company) in roots.iter().zip(["Globex", "Initech"]) {
            fill_lead(
                &driver,
                root,
                company,
                &format!("ada@{}.example", company.to_lowercase()),
            )
            .await;
            driver.press(&element(root, ".lf-submit").await).await;
            eventually("the thank-you", || visible_text(root, ".lf-success")).await;
        }
        let told = told_the_app(&driver, 2).await;
        assert!(
            told[0].starts_with("submitted en ") && told[1].starts_with("submitted de "),
            "{told:?}"
        );
        assert_eq!(
            lead_companies(&sandbox),
            ["Globex", "Initech"],
            "one lead each"
        );

        assert_no_csp_report(&driver, &reports).await;
    })
    .await;
    drop(demo);
}

/// A file of the built app, with its type; 404 for anything else.
fn static_file(dir: &std::path::Path, file: &str) -> axum::response::Response {
    if file.contains("..") || file.contains('/') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Ok(bytes) = std::fs::read(dir.join(file)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = match file.rsplit_once('.').map(|(_, extension)| extension) {
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}
