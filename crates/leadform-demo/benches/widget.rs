//! `cargo xtask bench widget`: how soon a visitor can type into the form, against a plain
//! HTML form with the same questions. Figures are printed, not asserted.
//!
//! Every load is a fresh Chromium profile (cold cache). Pages are served on one origin, the
//! widget from the demo proxy on another, loads interleaved across variants so the machine's
//! noise falls on all of them alike: either snippet (`?form=` in the loader's URL, or
//! `data-form`), one form or five different ones, on loopback and throttled. "Usable" is the
//! moment the last form on the page has its inputs in the document, focusable ("first": the
//! first form): for the plain form, an inline script right after it; for the widget, the
//! loader's `leadform:shown` performance mark on each form (the server-rendered form
//! inserted, or the mounted one where there is none). "Live" is when the last form's wasm
//! has taken over (the `leadform:ready` event); what was typed before is kept, and a Send
//! pressed before is replayed then. The floor under any embed: the page with an empty async
//! script from another origin.

#[path = "../tests/browser/mod.rs"]
mod browser;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use browser::{ChromeDriver, Session, loopback, start_chromedriver};
use leadform_core::AllowedOrigin;
use leadform_demo::{FORMS_FILE, start_proxy};
use leadform_proxy::{ApiKey, ProxyConfig};
use serde_json::json;

/// Cold loads per variant (`LEADFORM_BENCH_LOADS` overrides, for a quick look).
fn loads() -> usize {
    std::env::var("LEADFORM_BENCH_LOADS")
        .ok()
        .and_then(|loads| loads.parse().ok())
        .unwrap_or(20)
}

/// Records when the page's first and its `expected`-th form are usable, and when all are live.
fn probe(expected: usize) -> String {
    format!(
        "<script>(function () {{
  var shown = 0, ready = 0;
  window.__first = null;
  window.__usable = null;
  window.__live = null;
  window.__formReady = function () {{ window.__first = window.__usable = window.__live = performance.now(); }};
  new PerformanceObserver(function (list) {{
    list.getEntries().forEach(function (mark) {{
      if (mark.name !== 'leadform:shown') return;
      if (++shown === 1) window.__first = mark.startTime;
      if (shown === {expected}) window.__usable = mark.startTime;
    }});
  }}).observe({{ type: 'mark' }});
  document.addEventListener('leadform:ready', function () {{ if (++ready === {expected}) window.__live = performance.now(); }});
}})();</script>"
    )
}

/// The forms of the benchmark's pages: the demo's referral form and four copies under other
/// ids, so five forms on a page are five different forms.
const FORMS: [&str; 5] = [
    "demo-referral",
    "bench-second",
    "bench-third",
    "bench-fourth",
    "bench-fifth",
];

/// How a page embeds its forms.
#[derive(Clone, Copy)]
enum Snippet {
    /// `<script async src=".../embed.js?form=ID">`: the loader carries the form.
    FormInUrl,
    /// `<script async src=".../embed.js" data-form="ID">`.
    DataForm,
}

fn widget_page(proxy: &str, forms: usize, snippet: Snippet) -> String {
    let snippets: String = FORMS[..forms]
        .iter()
        .map(|id| match snippet {
            Snippet::FormInUrl => {
                format!(r#"<script async src="{proxy}/embed.js?form={id}"></script>"#)
            }
            Snippet::DataForm => {
                format!(r#"<script async src="{proxy}/embed.js" data-form="{id}"></script>"#)
            }
        })
        .collect();
    format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>widget</title>{}</head><body><h1>Partner</h1>{snippets}</body></html>",
        probe(forms)
    )
}

/// The floor under any embed: the page with one async script from another origin, which
/// marks the page usable as soon as it runs. No embedded form can be usable sooner.
fn floor_page(script_origin: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset=utf-8><title>floor</title>{}</head><body><h1>Partner</h1><script async src="{script_origin}/usable.js"></script></body></html>"#,
        probe(1)
    )
}

/// The demo form's questions as plain HTML.
fn plain_page() -> String {
    let text = |id: &str, label: &str, kind: &str| {
        format!(
            r#"<p><label for="{id}">{label}</label><br><input id="{id}" name="{id}" type="{kind}"></p>"#
        )
    };
    format!(
        r#"<!doctype html><html><head><meta charset=utf-8><title>plain</title>{probe}</head><body><h1>Partner</h1>
<form><h2>Refer a client to Acme Hives</h2>
<fieldset><legend>What would you like to do?</legend>
<label><input type="radio" name="direction" value="send"> Refer a lead</label>
<label><input type="radio" name="direction" value="claim"> Register my deal</label></fieldset>
{company}{first}{last}{email}{phone}{deal}
<p><label for="product">Product interest</label><br><select id="product"><option value="">Choose…</option><option value="1">Hive monitoring</option><option value="2">Honey logistics</option></select></p>
<p><label for="notes">Notes</label><br><textarea id="notes" rows="4"></textarea></p>
{own}
<p><label><input type="checkbox" id="consent"> The contact agreed that I may share their details with Acme Hives.</label></p>
<button type="submit">Send lead</button></form>
<script>window.__formReady();</script></body></html>"#,
        probe = probe(1),
        company = text("company", "Company", "text"),
        first = text("first", "First name", "text"),
        last = text("last", "Last name", "text"),
        email = text("email", "Work email", "email"),
        phone = text("phone", "Phone", "tel"),
        deal = text("deal", "Estimated deal size (USD)", "text"),
        own = text("own", "Your email", "email"),
    )
}

/// 1.6 Mbps down, 750 kbps up, 150 ms round trip, a CPU 4× slower: DevTools' "Slow 4G"-like
/// profile, as the issue describes it.
async fn throttle(session: &Session) {
    let cdp = session.driver.cdp();
    cdp.send_raw("Network.enable", ())
        .await
        .expect("Network.enable");
    cdp.send_raw(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8 }),
        )
        .await
        .expect("network throttled");
    cdp.send_raw("Emulation.setCPUThrottlingRate", json!({ "rate": 4 }))
        .await
        .expect("CPU throttled");
}

/// Milliseconds from navigation to the first form usable, every form usable, and live.
#[derive(Clone, Copy)]
struct Timing {
    first: f64,
    usable: f64,
    live: f64,
}

/// One cold load's timing, and the page's waterfall (each request's start and end, and the
/// loader's marks) when `waterfall` is asked for.
async fn load(chromedriver: &ChromeDriver, url: &str, throttled: bool) -> Timing {
    load_traced(chromedriver, url, throttled, false).await.0
}

async fn load_traced(
    chromedriver: &ChromeDriver,
    url: &str,
    throttled: bool,
    waterfall: bool,
) -> (Timing, Vec<String>) {
    let session = Session::start(chromedriver).await;
    if throttled {
        throttle(&session).await;
    }
    session.driver.goto(url).await.expect("the page opens");
    let deadline = Instant::now() + Duration::from_secs(60);
    let timing = loop {
        let value = session
            .driver
            .execute(
                "return [window.__first, window.__usable, window.__live];",
                Vec::new(),
            )
            .await
            .expect("probe runs");
        let at = |index: usize| value.json()[index].as_f64();
        if let (Some(first), Some(usable), Some(live)) = (at(0), at(1), at(2)) {
            break Timing {
                first,
                usable,
                live,
            };
        }
        assert!(Instant::now() < deadline, "{url} never became usable");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut lines = Vec::new();
    if waterfall {
        let entries = session
            .driver
            .execute(
                "return performance.getEntries()
                   .filter(e => e.entryType === 'resource' || e.entryType === 'mark' || e.entryType === 'navigation')
                   .map(e => [e.startTime, e.startTime + e.duration, e.entryType, e.name.replace(/^https?:\\/\\/[^/]+/, ''), e.encodedBodySize || 0, e.connectStart || 0, e.responseStart || 0]);",
                Vec::new(),
            )
            .await
            .expect("timings script runs");
        for entry in entries.json().as_array().into_iter().flatten() {
            let (start, end) = (
                entry[0].as_f64().unwrap_or(0.0),
                entry[1].as_f64().unwrap_or(0.0),
            );
            let (kind, name) = (
                entry[2].as_str().unwrap_or(""),
                entry[3].as_str().unwrap_or(""),
            );
            let kib = entry[4].as_f64().unwrap_or(0.0) / 1024.0;
            // Connection start and first byte, where the server allows timing (0 otherwise).
            let (connect, first_byte) = (
                entry[5].as_f64().unwrap_or(0.0),
                entry[6].as_f64().unwrap_or(0.0),
            );
            lines.push(format!(
                "  {start:>7.0} {end:>7.0}  {kind:<10} {kib:>6.1} KB  {name}  (connect {connect:.0}, first byte {first_byte:.0})"
            ));
        }
        lines.push(format!(
            "  {:>7.0}                              usable",
            timing.usable
        ));
        lines.push(format!(
            "  {:>7.0}                              live",
            timing.live
        ));
    }
    session.quit().await;
    (timing, lines)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let bundle: PathBuf = std::env::var_os("LEADFORM_BUNDLE_DIR")
        .map(PathBuf::from)
        .expect("LEADFORM_BUNDLE_DIR: run `cargo xtask bench widget`, which builds the widget");
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("address"));
    let mut config = ProxyConfig::load(FORMS_FILE.as_ref()).expect("the demo's forms file");
    let origin = AllowedOrigin::parse(&partner_url).expect("an origin");
    config.forms.truncate(1);
    config.forms[0].trusted.allowed_origins = vec![origin];
    for id in &FORMS[1..] {
        let mut form = config.forms[0].clone();
        form.definition.id = (*id).to_owned();
        config.forms.push(form);
    }
    let demo = start_proxy(config, &bundle, loopback().await, &ApiKey::new("bench"))
        .await
        .expect("the proxy starts");
    let script_server = loopback().await;
    let script_origin = format!("http://{}", script_server.local_addr().expect("address"));
    let scripts = Router::new().route(
        "/usable.js",
        get(|| async {
            (
                [("content-type", "text/javascript")],
                "window.__formReady();",
            )
        }),
    );
    tokio::spawn(async move { axum::serve(script_server, scripts).await });
    let proxy = demo.proxy_url.clone();
    let pages = [
        ("/plain", plain_page()),
        ("/floor", floor_page(&script_origin)),
        ("/form", widget_page(&proxy, 1, Snippet::FormInUrl)),
        ("/data-form", widget_page(&proxy, 1, Snippet::DataForm)),
        ("/form5", widget_page(&proxy, 5, Snippet::FormInUrl)),
        ("/data-form5", widget_page(&proxy, 5, Snippet::DataForm)),
    ];
    let router = pages
        .into_iter()
        .fold(Router::new(), |router, (path, page)| {
            router.route(path, get(move || std::future::ready(Html(page.clone()))))
        });
    tokio::spawn(async move { axum::serve(partner, router).await });

    let chromedriver = start_chromedriver().await;
    let mut variants = Vec::new();
    for throttled in [false, true] {
        for (name, path) in [
            ("plain form", "/plain"),
            ("floor (empty script)", "/floor"),
            ("?form= snippet", "/form"),
            ("data-form snippet", "/data-form"),
            ("5 forms, ?form=", "/form5"),
            ("5 forms, data-form", "/data-form5"),
        ] {
            variants.push((name, path, throttled));
        }
    }
    let loads = loads();
    println!(
        "leadform widget benchmark: {loads} cold loads per variant, interleaved; navigation -> usable, ms"
    );
    let mut times = vec![Vec::with_capacity(loads); variants.len()];
    for _ in 0..loads {
        for (index, (_, path, throttled)) in variants.iter().enumerate() {
            times[index]
                .push(load(&chromedriver, &format!("{partner_url}{path}"), *throttled).await);
        }
    }
    let mut medians = Vec::new();
    println!(
        "{:<34} {:>13} {:>8} {:>13} {:>8} {:>12}",
        "variant", "usable median", "p90", "first median", "live median", "p90"
    );
    for ((name, _, throttled), samples) in variants.iter().zip(&times) {
        let sorted = |pick: fn(&Timing) -> f64| {
            let mut values: Vec<f64> = samples.iter().map(pick).collect();
            values.sort_by(f64::total_cmp);
            values
        };
        let (usable, first, live) = (
            sorted(|timing| timing.usable),
            sorted(|timing| timing.first),
            sorted(|timing| timing.live),
        );
        let median = percentile(&usable, 0.5);
        medians.push(median);
        let name = format!("{name}{}", if *throttled { ", throttled" } else { "" });
        println!(
            "{name:<34} {median:>13.0} {:>8.0} {:>13.0} {:>8.0} {:>12.0}",
            percentile(&usable, 0.9),
            percentile(&first, 0.5),
            percentile(&live, 0.5),
            percentile(&live, 0.9)
        );
    }
    // Indices: 0 plain, 1 floor, 2 ?form=, 3 data-form, 4 five ?form=, 5 five data-form; +6
    // throttled.
    let ratio = |a: usize, b: usize| medians[a] / medians[b];
    println!("ratios of usable medians (targets from issue 23):");
    println!(
        "  ?form= / floor, loopback:          {:.2}x (target <= 1.15x)",
        ratio(2, 1)
    );
    println!("  data-form / floor, loopback:       {:.2}x", ratio(3, 1));
    println!(
        "  ?form= / plain, throttled:         {:.2}x (target <= 1.8x)",
        ratio(8, 6)
    );
    println!("  data-form / plain, throttled:      {:.2}x", ratio(9, 6));
    println!(
        "  5 forms / 1, ?form=, loopback:     {:.2}x (target <= 1.2x)",
        ratio(4, 2)
    );
    println!(
        "  5 forms / 1, data-form, loopback:  {:.2}x (target <= 1.2x)",
        ratio(5, 3)
    );
    println!("  5 forms / 1, ?form=, throttled:    {:.2}x", ratio(10, 8));
    println!("  5 forms / 1, data-form, throttled: {:.2}x", ratio(11, 9));
    println!(
        "  floor / plain:                     {:.2}x loopback, {:.2}x throttled",
        ratio(1, 0),
        ratio(7, 6)
    );
    for (name, path, throttled) in [
        ("one form (?form=), loopback", "/form", false),
        ("one form (?form=), throttled", "/form", true),
        ("5 forms (data-form), loopback", "/data-form5", false),
        ("5 forms (?form=), loopback", "/form5", false),
    ] {
        let (_, lines) = load_traced(
            &chromedriver,
            &format!("{partner_url}{path}"),
            throttled,
            true,
        )
        .await;
        println!("{name} (start and end in ms, bytes on the wire):");
        for line in lines {
            println!("{line}");
        }
    }
    drop(demo);
}
