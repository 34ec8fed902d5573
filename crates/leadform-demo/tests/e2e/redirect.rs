//! After success, a form configured with a thank-you page sends the visitor there.

use leadform_core::AllowedOrigin;
use leadform_demo::{FORMS_FILE, partner_page, start_proxy};
use leadform_proxy::{ApiKey, ProxyConfig};

use crate::*;

const THANK_YOU: &str = "https://partner.example/thanks?from=form";

/// The partner page, recording (and stopping) every navigation away from it: the thank-you
/// page is on a host these tests cannot serve.
fn page_watching_navigations(proxy_url: &str) -> String {
    partner_page(proxy_url).replace(
        "<head>",
        r#"<head><script>
          window.__went = [];
          navigation.addEventListener("navigate", event => {
            if (new URL(event.destination.url).origin !== location.origin) {
              __went.push(event.destination.url);
              event.preventDefault();
            }
          });
        </script>"#,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_success_the_visitor_goes_to_the_forms_thank_you_page() {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let mut config = ProxyConfig::load(FORMS_FILE.as_ref()).expect("the demo's forms file");
    let trusted = &mut config.forms[0].trusted;
    trusted.allowed_origins = [partner_url.as_str(), "https://partner.example"]
        .map(|origin| AllowedOrigin::parse(origin).expect("an origin"))
        .to_vec();
    trusted.success_redirect = Some(THANK_YOU.to_owned());
    trusted
        .check_redirect()
        .expect("a redirect the proxy accepts");
    let demo = start_proxy(
        config,
        &bundle_dir(),
        loopback().await,
        &ApiKey::new(CONFIGURED_KEY),
    )
    .await
    .expect("proxy starts");
    serve_pages(
        partner,
        vec![("/", page_watching_navigations(&demo.proxy_url))],
    );
    let sandbox = demo.sandbox.clone();
    with_browser(move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        fill_lead(&root, "Globex", "ada@globex.example").await;
        element(&root, ".lf-submit")
            .await
            .click()
            .await
            .expect("send");
        let went = eventually("the redirect", || async {
            let went = driver
                .execute("return window.__went;", Vec::new())
                .await
                .ok()?
                .json()
                .clone();
            (went != serde_json::json!([])).then_some(went)
        })
        .await;
        assert_eq!(
            went,
            serde_json::json!([THANK_YOU]),
            "to the thank-you page, once"
        );
        assert_eq!(sandbox.leads().len(), 1, "after the lead was accepted");
    })
    .await;
    drop(demo);
}
