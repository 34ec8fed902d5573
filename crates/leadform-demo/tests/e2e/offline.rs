//! The network or the proxy gone at Send: the submission waits on the device, with its key,
//! and arrives once.

use std::future::Future;

use leadform_demo::{Demo, partner_page};
use leadform_proxy::Sandbox;
use thirtyfour::prelude::*;
use tokio::sync::oneshot;

use crate::*;

in_every_engine!(with_the_proxy_down_at_send_the_next_page_load_delivers_the_lead_once);

/// Takes the browser off the network, or puts it back, through the DevTools protocol.
pub(crate) async fn offline(driver: &WebDriver, off: bool) {
    driver
        .cdp()
        .send_raw(
            "Network.emulateNetworkConditions",
            serde_json::json!({ "offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await
        .expect("network conditions set");
}

/// Chromium only: the browser is taken off the network through the DevTools protocol, which
/// WebKitWebDriver and geckodriver do not offer (the next test, the proxy gone at Send,
/// runs in every engine).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_offline_at_send_is_told_their_answers_wait_and_back_online_one_lead_arrives() {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    let (sandbox, proxy_url) = (demo.sandbox.clone(), demo.proxy_url.clone());
    // Any page with the loader sends what was kept, also one without a form.
    let loader_only = format!(
        r#"<!doctype html><title>blog</title><script async src="{proxy_url}/embed.js"></script>"#
    );
    serve_pages(
        partner,
        vec![("/", partner_page(&proxy_url)), ("/blog", loader_only)],
    );
    with_browser(Engine::Chromium, move |driver| async move {
        driver.cdp().send_raw("Network.enable", serde_json::json!({})).await.expect("Network.enable");
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        driver
            .execute("window.__events = []; leadform('on', 'queued', () => __events.push('queued')); leadform('on', 'submitted', () => __events.push('submitted'));", Vec::new())
            .await
            .expect("listening");
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;

        offline(&driver, true).await;
        driver.press(&element(&root, ".lf-submit").await).await;
        let banner = eventually("the offline note", || visible_text(&root, ".lf-banner")).await;
        assert!(banner.contains("saved on this device"), "{banner}");
        assert_eq!(element(&root, ids::control("email")).await.prop("value").await.expect("value").as_deref(), Some("ada@globex.example"), "the answers stay");
        let kept = "return JSON.parse(localStorage.getItem('leadform:kept') || '[]').map(e => JSON.parse(e.body).values.email);";
        let kept_emails = || async { driver.execute(kept, Vec::new()).await.expect("kept").json().clone() };
        assert_eq!(kept_emails().await, serde_json::json!(["ada@globex.example"]), "kept on the device");
        // Other answers sent while still offline replace the kept ones: one lead, the last.
        let email = element(&root, ids::control("email")).await;
        email.clear().await.expect("clear email");
        driver.type_into(&email, "ada@initech.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        eventually("the new answers kept instead", || async {
            (kept_emails().await == serde_json::json!(["ada@initech.example"])).then_some(())
        })
        .await;
        assert!(sandbox.leads().is_empty());

        offline(&driver, false).await;
        thanked(&root, "the thank-you once back online").await;
        eventually("one lead", || async { (sandbox.leads().len() == 1).then_some(()) }).await;
        assert_eq!(sandbox.leads()[0].request.email.as_deref(), Some("ada@initech.example"));
        let events = driver.execute("return window.__events;", Vec::new()).await.expect("events");
        assert_eq!(events.json(), &serde_json::json!(["queued", "queued", "submitted"]));
        let kept = driver.execute("return localStorage.getItem('leadform:kept');", Vec::new()).await.expect("kept");
        assert_eq!(kept.json(), &serde_json::Value::Null, "nothing left to send");

        // Another page load sends nothing again, and a kept submission the proxy refuses for
        // good is dropped rather than posted on every load.
        driver
            .execute(
                "localStorage.setItem('leadform:kept', JSON.stringify([{ base: arguments[0], formId: 'demo-referral', body: '{\"values\":{}}', key: 'refused-for-good', at: Date.now() }]));",
                vec![serde_json::Value::String(proxy_url)],
            )
            .await
            .expect("a refused submission kept");
        driver.goto(format!("{partner_url}/blog")).await.expect("another page");
        eventually("the refused submission dropped", || async {
            driver.execute("return localStorage.getItem('leadform:kept');", Vec::new()).await.ok()?.json().is_null().then_some(())
        })
        .await;
        assert_eq!(sandbox.leads().len(), 1, "exactly one lead");
    })
    .await;
}

/// The operator beside a browser flow: stops the demo proxy when the flow asks, and starts it
/// again on the same address (a new sandbox) when asked next.
pub(crate) struct Operator {
    stop: oneshot::Sender<()>,
    stopped: oneshot::Receiver<()>,
    restart: oneshot::Sender<()>,
    back: oneshot::Receiver<Sandbox>,
}

/// The operator once it has stopped the proxy.
pub(crate) struct StoppedProxy {
    restart: oneshot::Sender<()>,
    back: oneshot::Receiver<Sandbox>,
}

impl Operator {
    /// The operator of `demo`, serving pages on `partner_url`, and its work, which runs beside
    /// the browser flow and ends with the restarted proxy.
    pub(crate) fn of(demo: Demo, partner_url: String) -> (Self, impl Future<Output = Demo>) {
        let address = demo.proxy_url.trim_start_matches("http://").to_owned();
        let (stop, stop_asked) = oneshot::channel::<()>();
        let (stopped, proxy_stopped) = oneshot::channel::<()>();
        let (restart, restart_asked) = oneshot::channel::<()>();
        let (restarted, back) = oneshot::channel::<Sandbox>();
        let work = async move {
            let _ = stop_asked.await;
            demo.stop().await;
            let _ = stopped.send(());
            let _ = restart_asked.await;
            let second = restart_proxy(address, partner_url).await;
            let _ = restarted.send(second.sandbox.clone());
            second
        };
        let operator = Self {
            stop,
            stopped: proxy_stopped,
            restart,
            back,
        };
        (operator, work)
    }

    /// Stops the proxy, and returns once it is down.
    pub(crate) async fn stop_proxy(self) -> StoppedProxy {
        let _ = self.stop.send(());
        self.stopped.await.expect("the proxy stops");
        StoppedProxy {
            restart: self.restart,
            back: self.back,
        }
    }
}

impl StoppedProxy {
    /// Starts the proxy again, and returns its new sandbox once it serves.
    pub(crate) async fn restart_proxy(self) -> Sandbox {
        let _ = self.restart.send(());
        self.back.await.expect("the proxy is back")
    }
}

/// The demo proxy again on `address`, after it was stopped: same URL, new sandbox.
async fn restart_proxy(address: String, partner_url: String) -> Demo {
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .expect("the proxy's port again");
    start_demo_form_proxy(
        &partner_url,
        &bundle_dir(),
        listener,
        &leadform_proxy::ApiKey::new(CONFIGURED_KEY),
    )
    .await
    .expect("proxy restarts")
}

async fn with_the_proxy_down_at_send_the_next_page_load_delivers_the_lead_once(engine: Engine) {
    let (demo, partner_url) = start_demo(true).await;
    let first_sandbox = demo.sandbox.clone();
    // The operator stops and restarts the proxy when the browser flow asks.
    let (operator, operating) = Operator::of(demo, partner_url.clone());
    let browser = with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        // The browser stays online; only the proxy is gone.
        let stopped = operator.stop_proxy().await;
        driver.press(&element(&root, ".lf-submit").await).await;
        let banner = eventually("the note that the answers wait", || {
            visible_text(&root, ".lf-banner")
        })
        .await;
        assert!(banner.contains("saved on this device"), "{banner}");
        let kept =
            "return JSON.parse(localStorage.getItem('leadform:kept') || '[]').map(e => e.key);";
        let keys = driver
            .execute(kept, Vec::new())
            .await
            .expect("kept")
            .json()
            .clone();
        assert_eq!(
            keys.as_array().map(Vec::len),
            Some(1),
            "one submission kept: {keys}"
        );
        assert!(first_sandbox.leads().is_empty());

        // The proxy is back; the visitor comes back to the page later.
        let sandbox = stopped.restart_proxy().await;
        driver.goto(&partner_url).await.expect("the page again");
        let root = shadow_root(&driver, "form.lf-form").await;
        thanked(&root, "the thank-you for the kept answers").await;
        eventually("one lead", || async {
            (sandbox.leads().len() == 1).then_some(())
        })
        .await;
        assert_eq!(
            sandbox.leads()[0].request.company_name.as_deref(),
            Some("Globex")
        );
        let left = driver
            .execute("return [localStorage.getItem('leadform:kept'), Object.keys(localStorage).filter(k => k.startsWith('leadform:draft:'))];", Vec::new())
            .await
            .expect("storage");
        assert_eq!(
            left.json(),
            &serde_json::json!([null, []]),
            "nothing kept, no draft"
        );
        // A third visit sends nothing again.
        driver
            .goto(&partner_url)
            .await
            .expect("the page a third time");
        shadow_root(&driver, "form.lf-form").await;
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        assert_eq!(sandbox.leads().len(), 1, "exactly one lead");
    });
    let (second, ()) = tokio::join!(operating, browser);
    drop(second);
}
