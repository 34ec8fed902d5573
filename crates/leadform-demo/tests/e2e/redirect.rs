//! After success, a form configured with a thank-you page sends the visitor there.

use leadform_core::AllowedOrigin;
use leadform_demo::{FORMS_FILE, partner_page};
use leadform_proxy::ProxyConfig;

use crate::*;

in_every_engine!(after_success_the_visitor_goes_to_the_forms_thank_you_page);

const THANK_YOU: &str = "https://partner.example/thanks?from=form";

/// The partner page, recording (and stopping) every navigation away from it where the
/// Navigation API exists (not in WebKit): the thank-you page is on a host these tests
/// cannot serve.
fn page_watching_navigations(proxy_url: &str) -> String {
    partner_page(proxy_url).replace(
        "<head>",
        r#"<head><script>
          window.__went = [];
          if (window.navigation) navigation.addEventListener("navigate", event => {
            if (new URL(event.destination.url).origin !== location.origin) {
              __went.push(event.destination.url);
              event.preventDefault();
            }
          });
        </script>"#,
    )
}

async fn after_success_the_visitor_goes_to_the_forms_thank_you_page(engine: Engine) {
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
    let demo = proxy_serving(config).await;
    serve_pages(
        partner,
        vec![("/", page_watching_navigations(&demo.proxy_url))],
    );
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        if driver.engine == Engine::WebKit {
            // Without the Navigation API the navigation is let happen; the browser reports
            // the address it went to (whose host does not resolve).
            eventually("the redirect", || async {
                let url = driver.current_url().await.ok()?;
                (url.as_str() == THANK_YOU).then_some(())
            })
            .await;
            assert_eq!(sandbox.leads().len(), 1, "after the lead was accepted");
            return;
        }
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
