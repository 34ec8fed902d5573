//! End to end: the documented snippet on a partner page (origin A) loads the form from the
//! proxy (origin B) in Chromium, WebKit and Firefox; leads land in the sandbox. Run by
//! `cargo xtask test`, which builds the widget first, sets LEADFORM_BUNDLE_DIR and the
//! drivers' paths, and starts the display WebKit needs. Each test runs in every engine
//! (`chromium::…`, `webkit::…`, `firefox::…`) unless it says why it cannot.

mod accessibility;
#[path = "../browser/mod.rs"]
mod browser;
mod conversion;
mod dist;
mod drafts;
mod leptos_app;
mod offline;
mod one_request;
mod preview;
mod qualifying;
mod redirect;
mod spa;
mod ssr_app;
mod test_mode;

use std::future::Future;
use std::ops::Deref;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use browser::{Engine, Session, loopback, start_driver};

use leadform_core::{FormDirection, LeadSource};
use leadform_demo::{Demo, serve_partner_page, start_demo_form_proxy};
use leadform_proxy::ApiKey;
use thirtyfour::prelude::*;

/// The key the proxy is configured with; the sandbox accepts only this one.
const CONFIGURED_KEY: &str = "e2e-configured-key";

fn bundle_dir() -> PathBuf {
    built_by_xtask("LEADFORM_BUNDLE_DIR", "the widget")
}

/// The path in `variable`, which `cargo xtask test` sets once it has built `what`.
fn built_by_xtask(variable: &str, what: &str) -> PathBuf {
    std::env::var_os(variable).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{variable} is not set: run the tests with `cargo xtask test`, which builds {what} first")
    })
}

/// What a page's CSP reports to `/csp-report`, collected by [`csp_report_route`].
type CspReports = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// The route a test page's CSP reports to, and the reports it has collected.
fn csp_report_route<S: Clone + Send + Sync + 'static>()
-> (axum::routing::MethodRouter<S>, CspReports) {
    let reports = CspReports::default();
    let collect = reports.clone();
    let route = axum::routing::post(move |body: String| async move {
        collect.lock().expect("reports").push(body);
    });
    (route, reports)
}

/// The companies of the sandbox's leads, sorted.
fn lead_companies(sandbox: &leadform_proxy::Sandbox) -> Vec<String> {
    let mut companies: Vec<String> = sandbox
        .leads()
        .iter()
        .filter_map(|lead| lead.request.company_name.clone())
        .collect();
    companies.sort();
    companies
}

/// The proxy and sandbox, serving the demo form to pages on `allowed_origin`.
async fn demo_proxy(allowed_origin: &str) -> Demo {
    start_demo_form_proxy(
        allowed_origin,
        &bundle_dir(),
        loopback().await,
        &ApiKey::new(CONFIGURED_KEY),
    )
    .await
    .expect("proxy starts")
}

/// The proxy and sandbox serving `config`: the demo's forms file as a test changed it.
async fn proxy_serving(config: leadform_proxy::ProxyConfig) -> Demo {
    leadform_demo::start_proxy(
        config,
        &bundle_dir(),
        loopback().await,
        &ApiKey::new(CONFIGURED_KEY),
    )
    .await
    .expect("proxy starts")
}

/// Starts the proxy and sandbox, with a partner page on an origin the form allows (or not).
async fn start_demo(partner_allowed: bool) -> (Demo, String) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let allowed = if partner_allowed {
        partner_url.as_str()
    } else {
        "http://127.0.0.1:9"
    };
    let demo = demo_proxy(allowed).await;
    serve_partner_page(partner, &demo);
    (demo, partner_url)
}

/// Selectors of the form's elements, by the widget's own id rules, never spelled out here.
use leadform::components::field_ids::selectors as ids;

/// Runs each named test, `async fn name(engine: Engine)`, once in every engine:
/// `chromium::name`, `webkit::name` and `firefox::name`.
macro_rules! in_every_engine {
    ($($name:ident),* $(,)?) => {
        mod chromium {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(crate::browser::Engine::Chromium).await })*
        }
        mod webkit {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(crate::browser::Engine::WebKit).await })*
        }
        mod firefox {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(crate::browser::Engine::Firefox).await })*
        }
    };
}
pub(crate) use in_every_engine;

in_every_engine!(
    a_lead_travels_from_the_partner_page_to_the_sandbox,
    a_page_on_an_origin_the_form_does_not_allow_shows_why_and_sends_nothing,
    the_embed_adds_exactly_one_global,
    under_a_strict_csp_and_hostile_css_the_form_looks_as_on_a_plain_page,
    a_page_mounts_a_german_form_through_the_api_hears_its_events_and_the_lead_keeps_its_campaign,
);

/// A session in one engine: its WebDriver (which it dereferences to) and the way a visitor
/// presses things there.
#[derive(Clone)]
struct Browser {
    driver: WebDriver,
    engine: Engine,
}

impl Deref for Browser {
    type Target = WebDriver;

    fn deref(&self) -> &WebDriver {
        &self.driver
    }
}

impl Browser {
    /// Presses a button, checkbox or radio button inside the form. WebKitWebDriver answers
    /// "element click intercepted" for any element inside a shadow root, so there the
    /// element is focused and Space pressed: a real key event, which activates buttons,
    /// checkboxes and radio buttons as a click does.
    async fn press(&self, element: &WebElement) {
        if self.engine != Engine::WebKit {
            element.click().await.expect("click");
            return;
        }
        self.focus(element).await;
        self.keys(" ").await;
    }

    /// Types `text` into a control inside the form, with real key events: through the
    /// element in Chromium and Firefox, into the focused element in WebKit (see `press`).
    async fn type_into(&self, element: &WebElement, text: impl Into<TypingData>) {
        if self.engine != Engine::WebKit {
            element.send_keys(text).await.expect("type");
            return;
        }
        self.focus(element).await;
        self.keys(text).await;
    }

    /// Sends keys to whatever has the focus.
    async fn keys(&self, keys: impl Into<TypingData>) {
        self.driver
            .action_chain()
            .send_keys(keys)
            .perform()
            .await
            .expect("keys pressed");
    }

    async fn focus(&self, element: &WebElement) {
        self.driver
            .execute(
                "arguments[0].focus();",
                vec![element.to_json().expect("element reference")],
            )
            .await
            .expect("focus");
    }
}

/// Runs `flow` in a fresh session of `engine` and always quits it, also when the flow panics.
async fn with_browser<F, Fut>(engine: Engine, flow: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = start_driver(engine).await;
    let session = Session::start(&driver).await;
    let browser = Browser {
        driver: session.driver.clone(),
        engine,
    };
    let outcome = tokio::spawn(flow(browser)).await;
    session.quit().await;
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// Polls until `probe` yields something, for up to 20 seconds.
async fn eventually<T, Fut: Future<Output = Option<T>>>(
    what: &str,
    mut probe: impl FnMut() -> Fut,
) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the wasm has mounted the form (until then the page may show the server-rendered
/// one, whose elements the takeover replaces).
async fn is_live(driver: &WebDriver) -> bool {
    let mounted = driver
        .execute(
            "return performance.getEntriesByName('leadform:mounted').length > 0;",
            Vec::new(),
        )
        .await
        .expect("mark script runs");
    mounted.json() == &serde_json::json!(true)
}

/// A form's shadow root. Queried through script: thirtyfour hands a shadow root over as if
/// it were an element, which Firefox rightly refuses to search, while an element inside a
/// shadow root is an ordinary element reference in every engine.
#[derive(Clone)]
struct FormRoot {
    driver: WebDriver,
    host: WebElement,
}

impl FormRoot {
    /// The shadow root of the element `host` finds.
    async fn of(driver: &WebDriver, host: &str) -> WebDriverResult<Self> {
        let host = driver.find(By::Css(host)).await?;
        Ok(Self {
            driver: driver.clone(),
            host,
        })
    }

    /// The first element `selector` finds in the shadow root.
    async fn find(&self, selector: impl AsRef<str>) -> WebDriverResult<WebElement> {
        self.driver
            .execute(
                "const root = arguments[0].shadowRoot; return root && root.querySelector(arguments[1]);",
                vec![self.host.to_json()?, serde_json::json!(selector.as_ref())],
            )
            .await?
            .element()
    }
}

/// The form's shadow root, once the widget has mounted into it.
async fn shadow_root(driver: &WebDriver, ready: &'static str) -> FormRoot {
    eventually(ready, || async {
        if !is_live(driver).await {
            return None;
        }
        root_showing(driver, ready).await
    })
    .await
}

/// The form's shadow root, if `selector` finds something in it now (live or not).
async fn root_showing(driver: &WebDriver, selector: &str) -> Option<FormRoot> {
    let root = FormRoot::of(driver, "leadform-form").await.ok()?;
    root.find(selector).await.ok()?;
    Some(root)
}

/// The element `selector` finds in `root`, which must be there.
async fn element(root: &FormRoot, selector: impl AsRef<str>) -> WebElement {
    let selector = selector.as_ref();
    root.find(selector).await.expect(selector)
}

/// Waits for the thank-you message in `root` (`what` names the wait if it times out) and
/// checks its words.
async fn thanked(root: &FormRoot, what: &str) {
    let thanks = eventually(what, || visible_text(root, ".lf-success")).await;
    assert!(thanks.contains("Thank you"), "{thanks}");
}

async fn visible_text(root: &FormRoot, selector: impl AsRef<str>) -> Option<String> {
    let element = root.find(selector).await.ok()?;
    if element.is_displayed().await.ok()? {
        element.text().await.ok().filter(|text| !text.is_empty())
    } else {
        None
    }
}

/// Serves `pages` (path, HTML) on `partner`: partner pages written for one test.
fn serve_pages(partner: tokio::net::TcpListener, pages: Vec<(&'static str, String)>) {
    let router = pages
        .into_iter()
        .fold(axum::Router::new(), |router, (path, html)| {
            router.route(
                path,
                axum::routing::get(move || {
                    let page = axum::response::Html(html.clone());
                    async move { page }
                }),
            )
        });
    tokio::spawn(async move { axum::serve(partner, router).await });
}

/// Fills the demo form's required answers but the company, with `email` as the contact's
/// (the sandbox refuses a second lead with the same email, as JourneyBee does).
async fn fill_required(driver: &Browser, root: &FormRoot, email: &str) {
    driver
        .type_into(&element(root, ids::control("email")).await, email)
        .await;
    driver
        .type_into(
            &element(root, ids::control("sent_by_email")).await,
            "pat@partner.example",
        )
        .await;
    driver
        .press(&element(root, ids::direction(FormDirection::Claim)).await)
        .await;
    driver.press(&element(root, ids::consent()).await).await;
}

/// Fills the demo form's required answers, with `company` as the company.
async fn fill_lead(driver: &Browser, root: &FormRoot, company: &str, email: &str) {
    driver
        .type_into(&element(root, ids::control("company_name")).await, company)
        .await;
    fill_required(driver, root, email).await;
}

/// The value of the control `selector` finds in `root`.
async fn value_of(root: &FormRoot, selector: impl AsRef<str>) -> String {
    element(root, selector)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn a_lead_travels_from_the_partner_page_to_the_sandbox(engine: Engine) {
    let (demo, partner_url) = start_demo(true).await;
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        let mounted_ms = driver
            .execute("const m = performance.getEntriesByName('leadform:mounted')[0]; return m ? m.startTime : null;", Vec::new())
            .await
            .expect("timing script runs");
        println!("e2e: navigation -> form mounted: {:.0} ms", mounted_ms.json().as_f64().expect("the loader marks leadform:mounted"));

        driver.type_into(&element(&root, ids::control("company_name")).await, "Globex").await;
        driver.type_into(&element(&root, ids::control("email")).await, "ada@globex").await;
        driver.type_into(&element(&root, ids::control("sent_by_email")).await, "pat@partner.example").await;
        driver.press(&element(&root, ids::direction(FormDirection::Claim)).await).await;
        driver.press(&element(&root, ids::consent()).await).await;
        driver.press(&element(&root, ".lf-submit").await).await;

        let message = eventually("the email error", || visible_text(&root, ids::error("email"))).await;
        assert!(message.contains("email address"), "{message}");
        assert_eq!(element(&root, ids::control("email")).await.prop("value").await.expect("value").as_deref(), Some("ada@globex"), "typed data is kept");
        assert!(sandbox.leads().is_empty(), "an invalid form sends nothing");

        driver.type_into(&element(&root, ids::control("email")).await, ".example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        thanked(&root, "the thank-you message").await;

        let leads = sandbox.leads();
        assert_eq!(leads.len(), 1, "exactly one lead");
        let lead = &leads[0];
        assert_eq!(lead.api_key, CONFIGURED_KEY, "sent with the configured key");
        assert_eq!(lead.request.source, Some(LeadSource::LeadSubmissionForm));
        assert_eq!(lead.request.email.as_deref(), Some("ada@globex.example"));
        assert_eq!(lead.request.company_name.as_deref(), Some("Globex"));
        let partnership = lead.request.partnership_lead.as_ref().expect("a partnership lead");
        assert_eq!(partnership.form_submission_lead, Some(true));
        assert_eq!(partnership.form_direction, Some(FormDirection::Claim));
        assert_eq!((partnership.partnership_id, partnership.partners_company_id, partnership.company_partnerships_id), (456, 234, 789));
        assert_eq!(partnership.sent_by.as_ref().and_then(|sent_by| sent_by.email.as_deref()), Some("pat@partner.example"));
    })
    .await;
}

async fn a_page_on_an_origin_the_form_does_not_allow_shows_why_and_sends_nothing(engine: Engine) {
    let (demo, partner_url) = start_demo(false).await;
    let (sandbox, proxy_url) = (demo.sandbox.clone(), demo.proxy_url.clone());
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = eventually("the notice", || root_showing(&driver, ".lf-notice")).await;
        let notice = eventually("the refusal", || visible_text(&root, ".lf-notice")).await;
        assert!(notice.contains("not enabled on this website"), "{notice}");
        assert!(root.find("form").await.is_err(), "no form to fill in");
        // Even a hand-made request from this page is refused.
        let status = driver
            .execute(
                "return fetch(arguments[0] + '/v1/forms/demo-referral/submissions', {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'}).then(r => r.status, () => 'blocked');",
                vec![serde_json::Value::String(proxy_url)],
            )
            .await
            .expect("script runs");
        assert_eq!(status.json(), &serde_json::json!("blocked"), "the preflight is refused");
        assert!(sandbox.leads().is_empty(), "no lead from a refused origin");
    })
    .await;
}

async fn the_embed_adds_exactly_one_global(engine: Engine) {
    let (_demo, partner_url) = start_demo(true).await;
    with_browser(engine, move |driver| async move {
        // WebDriver's own helper scripts leave globals in the window it drives, so the partner
        // page runs in an iframe of a same-origin page and only the outer window is driven.
        driver
            .goto(format!("{partner_url}/demo-state"))
            .await
            .expect("a same-origin page opens");
        let globals = driver
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const page = document.body.appendChild(document.createElement('iframe'));
                 const blank = document.body.appendChild(document.createElement('iframe'));
                 page.src = '/';
                 const deadline = Date.now() + 15000;
                 (function poll() {
                   const w = page.contentWindow;
                   if (w && w.leadform && w.leadform.forms && w.leadform.forms.length) {
                     const baseline = new Set(Object.keys(blank.contentWindow));
                     done(Object.keys(w).filter(key => !baseline.has(key)));
                   } else if (Date.now() > deadline) {
                     done('the form never mounted');
                   } else {
                     setTimeout(poll, 50);
                   }
                 })();",
                Vec::new(),
            )
            .await
            .expect("globals script runs");
        assert_eq!(
            globals.json(),
            &serde_json::json!(["leadform"]),
            "the embed adds one global and nothing else"
        );
    })
    .await;
}

/// A page rule set that would wreck any form it reached: every element, the root font, form
/// controls and divs.
const HOSTILE_CSS: &str = "
* { letter-spacing: 3px !important; }
html, body { font: 22px/3 cursive !important; color: red !important; }
input, select, textarea, button, label, form { display: inline !important; width: 13px !important; border: 5px dotted lime !important; }
div { padding: 11px !important; }
";

/// A partner page with the form, a footer after it and, for the strict variant, the hostile
/// stylesheet and a CSP that reports every violation to `/csp-report`.
fn partner_page_with(proxy_url: &str, hostile: bool) -> String {
    let stylesheet = if hostile {
        r#"<link rel="stylesheet" href="/hostile.css">"#
    } else {
        ""
    };
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>partner</title>{stylesheet}</head>
<body><h1>Partner</h1>
<script async src="{proxy_url}/embed.js" data-form="demo-referral"></script>
<footer id="footer">Partner footer</footer></body></html>"#
    )
}

/// The computed styles that make the form look the way it does, for every part of it.
const COMPUTED_STYLES: &str = "
const root = document.querySelector('leadform-form').shadowRoot;
const parts = ['.lf-root', '.lf-card', '.lf-title', '.lf-description', 'label[for=lf-email]', '#lf-email',
  '#lf-custom_5', '#lf-custom_7', '#lf-custom_6', '.lf-help', '.lf-directions', '.lf-choice', '#lf-consent', '.lf-submit'];
const properties = ['font-family', 'font-size', 'font-weight', 'line-height', 'letter-spacing', 'color',
  'background-color', 'padding-top', 'padding-left', 'margin-top', 'border-top-width', 'border-top-style',
  'border-top-color', 'display', 'width', 'height'];
return parts.map(part => {
  const element = root.querySelector(part);
  if (!element) return part + ': missing';
  const style = getComputedStyle(element);
  return part + ' { ' + properties.map(p => p + ': ' + style.getPropertyValue(p)).join('; ') + ' }';
});";

async fn under_a_strict_csp_and_hostile_css_the_form_looks_as_on_a_plain_page(engine: Engine) {
    use axum::Router;
    use axum::response::Html;
    use axum::routing::get;

    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    let proxy_url = demo.proxy_url.clone();
    let policy = format!(
        "default-src 'none'; script-src 'self' {proxy_url} 'wasm-unsafe-eval'; \
         connect-src {proxy_url}; style-src 'self'; img-src 'self'; report-uri /csp-report"
    );
    let (report_route, reports) = csp_report_route();
    let (strict, plain) = (
        partner_page_with(&proxy_url, true),
        partner_page_with(&proxy_url, false),
    );
    let router = Router::new()
        .route(
            "/strict",
            get(move || {
                let page = (
                    [("content-security-policy", policy.clone())],
                    Html(strict.clone()),
                );
                async move { page }
            }),
        )
        .route(
            "/plain",
            get(move || {
                let page = Html(plain.clone());
                async move { page }
            }),
        )
        .route(
            "/hostile.css",
            get(|| async { ([("content-type", "text/css")], HOSTILE_CSS) }),
        )
        .route("/csp-report", report_route);
    tokio::spawn(async move { axum::serve(partner, router).await });

    with_browser(engine, move |driver| async move {
        let mut looks = Vec::new();
        for page in ["plain", "strict"] {
            driver.goto(format!("{partner_url}/{page}")).await.expect("page opens");
            shadow_root(&driver, "form.lf-form").await;
            let styles = driver.execute(COMPUTED_STYLES, Vec::new()).await.expect("styles script runs");
            let footer_below = driver
                .execute(
                    "const form = document.querySelector('leadform-form').getBoundingClientRect();
                     return document.getElementById('footer').getBoundingClientRect().top >= form.bottom && form.height > 300;",
                    Vec::new(),
                )
                .await
                .expect("layout script runs");
            assert_eq!(footer_below.json(), &serde_json::json!(true), "on the {page} page the footer stays below the form");
            looks.push(styles.json().clone());
        }
        let (plain, strict) = (&looks[0], &looks[1]);
        let submit = plain.as_array().and_then(|parts| parts.last()).and_then(|part| part.as_str()).unwrap_or_default().to_owned();
        assert!(submit.contains("background-color: rgb(52, 81, 178)"), "the form is styled: {submit}");
        for (plain_part, strict_part) in plain.as_array().expect("parts").iter().zip(strict.as_array().expect("parts")) {
            assert_eq!(strict_part, plain_part, "the page's CSS changes nothing in the form");
        }

        assert_no_csp_report(&driver, &reports).await;
    })
    .await;
    drop(demo);
}

/// The page's CSP (which reports to `reports`) saw no violation: reports arrive
/// asynchronously, so after a while; and the check can fail, since reporting works: a
/// violation made on purpose is reported.
async fn assert_no_csp_report(driver: &WebDriver, reports: &CspReports) {
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        reports.lock().expect("reports").clone(),
        Vec::<String>::new(),
        "no CSP violation"
    );
    driver
        .execute(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: blue\">inline</p>');",
            Vec::new(),
        )
        .await
        .expect("violation script runs");
    eventually("the deliberate violation's report", || {
        let reports = reports.clone();
        async move { (!reports.lock().ok()?.is_empty()).then_some(()) }
    })
    .await;
}

/// Slows every download to a trickle (no latency, so the page and the small requests still
/// arrive in a second or two, while the 80 KB wasm takes several), or lifts the throttle.
async fn trickle(driver: &WebDriver, on: bool) {
    let throughput = if on { 8_000 } else { -1 };
    driver
        .cdp()
        .send_raw(
            "Network.emulateNetworkConditions",
            serde_json::json!({ "offline": false, "latency": 0, "downloadThroughput": throughput, "uploadThroughput": -1 }),
        )
        .await
        .expect("network conditions set");
}

/// Opens the partner page on a trickle and returns the shadow root as soon as the
/// server-rendered form is in it, while the wasm is still on its way.
async fn server_rendered_form(driver: &WebDriver, partner_url: &str) -> FormRoot {
    trickle(driver, true).await;
    driver.goto(partner_url).await.expect("partner page opens");
    let root = eventually("the server-rendered form", || {
        root_showing(driver, "form.lf-form")
    })
    .await;
    assert!(
        !is_live(driver).await,
        "the wasm arrived with the form: the trickle is too fast to test the takeover"
    );
    root
}

/// Chromium only: the wasm is held back by throttling the network through the DevTools
/// protocol, which WebKitWebDriver and geckodriver do not offer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_who_types_and_sends_before_the_wasm_arrives_loses_nothing() {
    let (demo, partner_url) = start_demo(true).await;
    let sandbox = demo.sandbox.clone();
    with_browser(Engine::Chromium, move |driver| async move {
        let cdp = driver.cdp();
        cdp.send_raw("Network.enable", serde_json::json!({})).await.expect("Network.enable");
        cdp.send_raw("Network.setCacheDisabled", serde_json::json!({ "cacheDisabled": true })).await.expect("cache off");
        let company_selector = serde_json::json!(ids::control("company_name"));
        let company_box = "const e = document.querySelector('leadform-form').shadowRoot.querySelector(arguments[0]);
                           const r = e.getBoundingClientRect();
                           return [r.left, r.top, r.width, r.height];";
        let focused = "const a = document.querySelector('leadform-form').shadowRoot.activeElement;
                       return a ? [a.id, a.value, a.selectionStart] : null;";

        // Typing stays in place, focus and caret too, and nothing moves when the wasm takes over.
        let root = server_rendered_form(&driver, &partner_url).await;
        let company = element(&root, ids::control("company_name")).await;
        driver.type_into(&company, "Globex Ltd").await;
        driver.execute("document.querySelector('leadform-form').shadowRoot.querySelector(arguments[0]).setSelectionRange(3, 3);", vec![company_selector.clone()]).await.expect("caret set");
        let box_before = driver.execute(company_box, vec![company_selector.clone()]).await.expect("layout script").json().clone();
        assert!(!is_live(&driver).await, "the wasm arrived while the visitor was typing: the trickle is too fast to test the takeover");
        trickle(&driver, false).await;
        eventually("the takeover", || async { is_live(&driver).await.then_some(()) }).await;
        assert_eq!(
            driver.execute(focused, Vec::new()).await.expect("focus script").json(),
            &serde_json::json!([ids::bare(&ids::control("company_name")), "Globex Ltd", 3]),
            "the field keeps its text, the focus and the caret"
        );
        assert_eq!(driver.execute(company_box, vec![company_selector]).await.expect("layout script").json(), &box_before, "the form does not move");

        // A Send pressed before the wasm arrives is held (no navigation) and made once it has.
        // The draft of the first visit is dropped, so this one starts blank.
        driver.execute("localStorage.clear();", Vec::new()).await.expect("drafts cleared");
        let root = server_rendered_form(&driver, &partner_url).await;
        driver.type_into(&element(&root, ids::control("company_name")).await, "Globex").await;
        driver.type_into(&element(&root, ids::control("sent_by_email")).await, "pat@partner.example").await;
        driver.press(&element(&root, ids::direction(FormDirection::Claim)).await).await;
        driver.press(&element(&root, ids::consent()).await).await;
        driver.type_into(&element(&root, ids::control("custom_7")).await, "Honey").await;
        driver.type_into(&element(&root, ids::control("email")).await, "ada@globex.example").await;
        driver.type_into(&element(&root, ids::control("email")).await, Key::Enter).await;
        assert!(!is_live(&driver).await, "the wasm arrived while the visitor was typing: the trickle is too fast to test the takeover");
        let url = driver.current_url().await.expect("url");
        assert!(url.as_str().starts_with(&partner_url) && url.query().is_none(), "Enter does not submit the page's way: {url}");
        assert!(sandbox.leads().is_empty(), "nothing is sent before the wasm takes over");

        trickle(&driver, false).await;
        thanked(&root, "the held Send, made after the takeover").await;
        let leads = sandbox.leads();
        assert_eq!(leads.len(), 1, "exactly one lead");
        let lead = &leads[0].request;
        assert_eq!(lead.company_name.as_deref(), Some("Globex"));
        assert_eq!(lead.email.as_deref(), Some("ada@globex.example"));
        let partnership = lead.partnership_lead.as_ref().expect("a partnership lead");
        assert_eq!(partnership.form_direction, Some(FormDirection::Claim));
        assert_eq!(partnership.sent_by.as_ref().and_then(|sent_by| sent_by.email.as_deref()), Some("pat@partner.example"));
        let wire = serde_json::to_string(lead).expect("lead JSON");
        assert!(wire.contains(r#""customFieldId":7"#) && wire.contains(r#""select":2"#), "the picked product is sent: {wire}");
    })
    .await;
}

async fn a_page_mounts_a_german_form_through_the_api_hears_its_events_and_the_lead_keeps_its_campaign(
    engine: Engine,
) {
    let (demo, partner_url) = start_demo(true).await;
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        let landing = format!("{partner_url}/?utm_source=newsletter&utm_campaign=spring&utm_medium=email&lf_email=ada%40globex.example&lf_phone_number=123");
        driver.goto(&landing).await.expect("partner page opens");
        shadow_root(&driver, "form").await;
        driver
            .execute(
                "window.__events = [];
                 for (const name of ['ready', 'submit', 'submitted', 'queued', 'error']) {
                   leadform('on', name, detail => window.__events.push(name + ':' + detail.formId + (detail.leadId ? ':lead' : '')));
                 }
                 const host = document.body.appendChild(document.createElement('div'));
                 host.id = 'spa-form';
                 window.__handle = leadform('mount', host, 'demo-referral', { locale: 'de', prefill: { company_name: 'Globex' } });",
                Vec::new(),
            )
            .await
            .expect("the page mounts a form");
        let events = || async {
            driver.execute("return window.__events;", Vec::new()).await.expect("events").json().clone()
        };
        eventually("the ready event", || async { (events().await == serde_json::json!(["ready:demo-referral"])).then_some(()) }).await;
        let root = FormRoot::of(&driver, "#spa-form").await.expect("host");
        let value = |id: String| {
            let root = root.clone();
            async move { element(&root, id).await.prop("value").await.expect("value") }
        };
        assert_eq!(value(ids::control("company_name")).await.as_deref(), Some("Globex"), "prefilled by the page's script");
        assert_eq!(value(ids::control("email")).await.as_deref(), Some("ada@globex.example"), "prefilled by the URL");
        assert_eq!(value(ids::control("phone_number")).await.as_deref(), Some(""), "the form does not let the URL prefill the phone");
        let shown = root.find(".lf-root").await.expect("form").text().await.expect("text");
        for german in ["Empfehlen Sie Acme Hives einen Kunden", "Was möchten Sie tun?", "Meinen Deal registrieren", "Geschäftliche E-Mail", "Lead senden"] {
            assert!(shown.contains(german), "{german:?} in {shown}");
        }
        assert!(!shown.contains("Refer a client") && !shown.contains("Work email"), "{shown}");

        driver.press(&element(&root, ids::direction(FormDirection::Claim)).await).await;
        driver.press(&element(&root, ids::consent()).await).await;
        let own = element(&root, ids::control("sent_by_email")).await;
        driver.type_into(&own, "pat@partner.example").await;
        driver.type_into(&own, Key::Enter).await;
        let thanks = eventually("the thank-you", || visible_text(&root, ".lf-success")).await;
        assert!(thanks.contains("Vielen Dank"), "{thanks}");
        eventually("the submitted event", || async {
            (events().await == serde_json::json!(["ready:demo-referral", "submit:demo-referral", "submitted:demo-referral:lead"])).then_some(())
        })
        .await;

        let leads = sandbox.leads();
        assert_eq!(leads.len(), 1, "exactly one lead");
        let wire = serde_json::to_value(&leads[0].request).expect("lead JSON");
        let fields = wire["customFields"].as_array().cloned().unwrap_or_default();
        let hidden = |id: u64| fields.iter().find(|field| field["customFieldId"] == id).map(|field| field["value"]["text"].clone());
        assert_eq!(hidden(21), Some(serde_json::json!("newsletter")));
        assert_eq!(hidden(22), Some(serde_json::json!("spring")));
        assert_eq!(hidden(23), Some(serde_json::json!(landing)));
        assert!(!wire.to_string().contains("\"email\"}"), "utm_medium goes nowhere: {wire}");

        driver.execute("window.__handle.unmount();", Vec::new()).await.expect("unmount");
        let left = driver.execute("return document.querySelector('#spa-form').shadowRoot.childNodes.length;", Vec::new()).await.expect("count");
        assert_eq!(left.json(), &serde_json::json!(0), "nothing left behind");
    })
    .await;
}
