//! A usable form after one request: the `?form=` snippet's loader carries the form, so the
//! page asks the proxy for nothing else before showing it (and asks again only when the page
//! wants another language); a page with five snippets asks for their forms in one request
//! (`data-form`: the first loader to run mounts them all) or in none (`?form=`: each loader
//! carries its own form).

use leadform_demo::FORMS_FILE;
use leadform_proxy::ProxyConfig;

use crate::*;

in_every_engine!(
    the_form_snippet_shows_the_form_from_the_loader_alone,
    five_snippets_ask_for_their_forms_in_one_request,
);

/// The proxy's requests the page made, by path and query.
async fn requests(driver: &WebDriver) -> Vec<String> {
    let entries = driver
        .execute(
            "return performance.getEntriesByType('resource').map(e => { const u = new URL(e.name); return u.pathname + u.search; });",
            Vec::new(),
        )
        .await
        .expect("timings script runs");
    serde_json::from_value(entries.json().clone()).expect("a list of strings")
}

fn asks_for_forms(path: &str) -> bool {
    path.contains("/embed?") || path.starts_with("/v1/embed")
}

async fn the_form_snippet_shows_the_form_from_the_loader_alone(engine: Engine) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    let page = |lang: &str| {
        format!(
            r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Partner</title></head>
<body><h1>Partner</h1><script async src="{}/embed.js?form=demo-referral"></script></body></html>"#,
            demo.proxy_url
        )
    };
    serve_pages(partner, vec![("/", page("en")), ("/de", page("de"))]);
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        let title = eventually("the title", || visible_text(&root, ".lf-title")).await;
        assert_eq!(title, "Refer a client to Acme Hives");
        let asked = requests(&driver).await;
        assert!(
            !asked.iter().any(|path| asks_for_forms(path)),
            "the form came with the loader: {asked:?}"
        );
        assert_eq!(
            asked
                .iter()
                .filter(|path| path.starts_with("/embed.js"))
                .count(),
            1,
            "{asked:?}"
        );
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        thanked(&root, "the thank-you message").await;
        assert_eq!(sandbox.leads().len(), 1, "one lead");

        // A German page: the loader carries the browser's language (English), so the loader
        // asks for the German form.
        driver
            .goto(&format!("{partner_url}/de"))
            .await
            .expect("German page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        let title = eventually("the German title", || visible_text(&root, ".lf-title")).await;
        assert_eq!(title, "Empfehlen Sie Acme Hives einen Kunden");
        let asked = requests(&driver).await;
        assert_eq!(
            asked.iter().filter(|path| asks_for_forms(path)).count(),
            1,
            "{asked:?}"
        );
    })
    .await;
    drop(demo);
}

const FIVE: [&str; 5] = [
    "demo-referral",
    "demo-qualified",
    "third",
    "fourth",
    "fifth",
];

async fn five_snippets_ask_for_their_forms_in_one_request(engine: Engine) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let mut config = ProxyConfig::load(FORMS_FILE.as_ref()).expect("the demo's forms file");
    let origin = leadform_core::AllowedOrigin::parse(&partner_url).expect("an origin");
    for form in &mut config.forms {
        form.trusted.allowed_origins = vec![origin.clone()];
    }
    for id in &FIVE[2..] {
        let mut form = config.forms[0].clone();
        form.definition.id = (*id).to_owned();
        form.definition.title = format!("Form {id}");
        config.forms.push(form);
    }
    let demo = proxy_serving(config).await;
    let page = |snippet: &dyn Fn(&str) -> String| {
        let snippets: String = FIVE
            .iter()
            .map(|id| format!("<section>{}</section>", snippet(id)))
            .collect();
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><h1>Partner</h1>{snippets}</body></html>"#
        )
    };
    let proxy = demo.proxy_url.clone();
    let data_form =
        page(&|id| format!(r#"<script async src="{proxy}/embed.js" data-form="{id}"></script>"#));
    let in_url = page(&|id| format!(r#"<script async src="{proxy}/embed.js?form={id}"></script>"#));
    serve_pages(partner, vec![("/", data_form), ("/in-url", in_url)]);
    with_browser(engine, move |driver| async move {
        for (path, asked_at_most) in [("/", 1), ("/in-url", 1)] {
        driver.goto(&format!("{partner_url}{path}")).await.expect("partner page opens");
        let titles = eventually("five live forms", || async {
            let titles = driver
                .execute(
                    "if (performance.getEntriesByName('leadform:mounted').length < 5) return null;
                     return [...document.querySelectorAll('leadform-form')].map(h => {
                       const t = h.shadowRoot && h.shadowRoot.querySelector('form.lf-form') && h.shadowRoot.querySelector('.lf-title');
                       return t ? t.textContent : '';
                     });",
                    Vec::new(),
                )
                .await
                .ok()?;
            serde_json::from_value::<Vec<String>>(titles.json().clone()).ok()
        })
        .await;
        assert_eq!(
            titles,
            [
                "Refer a client to Acme Hives",
                "Register a deal with Acme Hives",
                "Form third",
                "Form fourth",
                "Form fifth"
            ],
            "each form in its place"
        );
        let asked: Vec<String> = requests(&driver)
            .await
            .into_iter()
            .filter(|path| asks_for_forms(path))
            .collect();
        assert!(
            asked.len() <= asked_at_most,
            "{path}: one request at most for the five forms: {asked:?}"
        );
        if path == "/" {
            for id in FIVE {
                assert!(asked[0].contains(id), "{id} in {asked:?}");
            }
        }
        }
    })
    .await;
    drop(demo);
}
