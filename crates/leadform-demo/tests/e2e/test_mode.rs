//! Test mode in the browser: a page on one of the form's test origins (a partner's staging
//! site) shows the same form with a "Test" badge, which stays when the wasm takes over, and
//! its lead is stored as a test and delivered to the sandbox.

use leadform_core::AllowedOrigin;
use leadform_demo::{FORMS_FILE, partner_page};
use leadform_proxy::ProxyConfig;
use leadform_proxy::outbox::ListFilter;

use crate::*;

in_every_engine!(a_page_on_a_test_origin_shows_a_test_badge_and_its_lead_is_a_test);

async fn a_page_on_a_test_origin_shows_a_test_badge_and_its_lead_is_a_test(engine: Engine) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let mut config = ProxyConfig::load(FORMS_FILE.as_ref()).expect("the demo's forms file");
    let trusted = &mut config.forms[0].trusted;
    let origin = |text: &str| AllowedOrigin::parse(text).expect("an origin");
    trusted.allowed_origins = vec![origin("https://partner.example")];
    trusted.test_origins = vec![origin(&partner_url)];
    let demo = proxy_serving(config).await;
    serve_pages(partner, vec![("/", partner_page(&demo.proxy_url))]);
    let (sandbox, outbox) = (demo.sandbox.clone(), demo.outbox.clone());
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        // Once the wasm has taken over, the badge is still above the form.
        let root = shadow_root(&driver, "form.lf-form").await;
        let badge = eventually("the Test badge", || visible_text(&root, ".lf-test-badge")).await;
        assert!(badge.starts_with("Test"), "{badge}");

        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        thanked(&root, "the thank-you message").await;
        assert_eq!(sandbox.leads().len(), 1, "delivered to the sandbox");
        let tests = outbox
            .list(&ListFilter {
                test_only: true,
                limit: 10,
                ..ListFilter::default()
            })
            .await
            .expect("the outbox lists");
        assert_eq!(tests.len(), 1, "stored as a test");
    })
    .await;
    drop(demo);
}
