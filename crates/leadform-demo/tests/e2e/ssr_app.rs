//! `examples/leptos-ssr-app`: a server-rendered Leptos app (origin A) with two `LeadForm`s,
//! the proxy on origin B. The page arrives with both forms in it (declarative shadow roots,
//! styled under the page's nonce); a visitor types into one before the app's wasm arrives
//! (the test holds it back); the hydrated app takes the forms over keeping the text, the
//! focus and the caret; both are sent, one lead each, the app told of both, under a CSP
//! without 'unsafe-inline' and with no violation.

use std::path::PathBuf;

use axum::extract::Request;
use axum::middleware::{self, Next};

use crate::leptos_app::{assert_styles_stay_apart, the_two_forms, told_the_app};
use crate::*;

in_every_engine!(a_server_rendered_leptos_app_has_its_forms_in_the_page_and_takes_them_over_keeping_what_was_typed);

/// The app's browser half as `cargo xtask test` built it (`LEADFORM_EXAMPLE_SSR_PKG`).
fn pkg_dir() -> PathBuf {
    built_by_xtask(
        "LEADFORM_EXAMPLE_SSR_PKG",
        "examples/leptos-ssr-app's browser half",
    )
}

/// The first form's shadow root, for scripts.
const FIRST: &str = "document.querySelector('section:nth-of-type(1) .leadform-host').shadowRoot";

async fn a_server_rendered_leptos_app_has_its_forms_in_the_page_and_takes_them_over_keeping_what_was_typed(
    engine: Engine,
) {
    let app = loopback().await;
    let app_url = format!("http://{}", app.local_addr().expect("app address"));
    let demo = demo_proxy(&app_url).await;
    let (report_route, reports) = csp_report_route();
    // The app's wasm waits until the visitor has typed into the server's forms.
    let (release, held) = tokio::sync::watch::channel(false);
    let router = leadform_example_ssr::server::router(demo.proxy_url.clone(), pkg_dir())
        .route("/csp-report", report_route)
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let mut held = held.clone();
            async move {
                if request.uri().path().ends_with(".wasm") {
                    let _ = held.wait_for(|released| *released).await;
                }
                next.run(request).await
            }
        }));
    tokio::spawn(async move { axum::serve(app, router).await });
    let sandbox = demo.sandbox.clone();

    with_browser(engine, move |driver| async move {
        driver.goto(&app_url).await.expect("the app opens");

        // As the server sent it: both forms' first paint, each in a declarative shadow root.
        let page = driver
            .execute("return fetch(location.href).then(answer => answer.text());", Vec::new())
            .await
            .expect("the page's HTML")
            .json()
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(page.matches(r#"<template shadowrootmode="open">"#).count(), 2, "{page}");
        assert_eq!(page.matches(r#"<form method="dialog""#).count(), 2, "{page}");

        // Shown, styled and typed into before any wasm: the app's is held back.
        let roots = the_two_forms(&driver).await;
        let words = |root: FormRoot| async move {
            element(&root, ".lf-submit").await.text().await.unwrap_or_default()
        };
        let (english, german) = (words(roots[0].clone()).await, words(roots[1].clone()).await);
        assert_ne!(english, german, "one form in English, one in German: {english} / {german}");
        assert_styles_stay_apart(&driver).await;
        // Send pressed in a first paint goes nowhere: no navigation, nothing in the URL.
        driver.press(&element(&roots[1], ".lf-submit").await).await;
        let url = driver.current_url().await.expect("url");
        assert!(url.as_str().starts_with(&app_url) && url.query().is_none(), "the page stays: {url}");

        driver
            .execute(&format!("{FIRST}.querySelector('.lf-root').dataset.firstPaint = 'yes';"), Vec::new())
            .await
            .expect("first paint marked");
        let company = ids::control("company_name");
        driver.type_into(&element(&roots[0], &company).await, "Globex").await;
        driver
            .execute(&format!("{FIRST}.querySelector(arguments[0]).setSelectionRange(3, 3);"), vec![serde_json::json!(company)])
            .await
            .expect("caret set");

        // The wasm arrives: the app hydrates and the live form takes the first paint's place.
        release.send(true).expect("the app's wasm released");
        eventually("the takeover", || async {
            let live = driver
                .execute(&format!("const root = {FIRST}.querySelector('.lf-root'); return !!root && !root.dataset.firstPaint;"), Vec::new())
                .await
                .ok()?;
            (live.json() == &serde_json::json!(true)).then_some(())
        })
        .await;
        let kept = serde_json::json!([ids::bare(&company), "Globex", 3]);
        eventually(&format!("the field to keep its text, the focus and the caret: {kept}"), || async {
            let focused = driver
                .execute(&format!("const a = {FIRST}.activeElement; return a ? [a.id, a.value, a.selectionStart] : null;"), Vec::new())
                .await
                .ok()?;
            (focused.json() == &kept).then_some(())
        })
        .await;
        assert_styles_stay_apart(&driver).await;

        let roots = the_two_forms(&driver).await;
        fill_required(&driver, &roots[0], "ada@globex.example").await;
        fill_lead(&driver, &roots[1], "Initech", "ada@initech.example").await;
        for root in &roots {
            driver.press(&element(root, ".lf-submit").await).await;
            eventually("the thank-you", || visible_text(root, ".lf-success")).await;
        }
        let told = told_the_app(&driver, 2).await;
        assert!(told[0].starts_with("submitted en ") && told[1].starts_with("submitted de "), "{told:?}");
        assert_eq!(lead_companies(&sandbox), ["Globex", "Initech"], "one lead each, with what was typed before the takeover");

        assert_no_csp_report(&driver, &reports).await;
    })
    .await;
    drop(demo);
}
