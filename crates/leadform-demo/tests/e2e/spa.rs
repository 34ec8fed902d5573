//! A single-page app: commands queued before the loader arrives, five forms that do not
//! touch each other, and a hundred mounts and unmounts that leave nothing behind.

use crate::*;

in_every_engine!(five_forms_work_apart_and_a_hundred_mounts_leave_nothing_behind);

/// The app's page. Before anything else it counts what could outlive a form: listeners on
/// window, document, the hosts and their shadow roots; pending timers the form's code set
/// (those whose stack runs through a script the proxy served: WebKit's WebDriver keeps a
/// timer of its own pending while it runs a script); the wasm's memory. Then it queues its
/// commands, and only then does the loader arrive.
fn app_page(proxy_url: &str) -> String {
    format!(
        r##"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>
<script>
  window.__listeners = [];
  const lasting = target => target === window || target === document || target instanceof ShadowRoot ||
    (target instanceof Element && target.classList.contains("host"));
  const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
  const same = (target, type, listener) => entry => entry[0] === target && entry[1] === type && entry[2] === listener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {{
    if (lasting(this) && !__listeners.some(same(this, type, listener))) __listeners.push([this, type, listener]);
    return add.call(this, type, listener, options);
  }};
  EventTarget.prototype.removeEventListener = function (type, listener, options) {{
    const index = __listeners.findIndex(same(this, type, listener));
    if (index >= 0) __listeners.splice(index, 1);
    return remove.call(this, type, listener, options);
  }};
  window.__timers = new Set();
  const setTimer = window.setTimeout, clearTimer = window.clearTimeout;
  window.setTimeout = function (run, delay, ...rest) {{
    const id = setTimer.call(window, function () {{ __timers.delete(id); if (typeof run === "function") run.apply(this, arguments); }}, delay, ...rest);
    if (String(new Error().stack).includes("{proxy_url}/")) __timers.add(id);
    return id;
  }};
  window.clearTimeout = function (id) {{ __timers.delete(id); return clearTimer.call(window, id); }};
  for (const name of ["instantiate", "instantiateStreaming"]) {{
    const original = WebAssembly[name];
    WebAssembly[name] = function () {{
      return original.apply(WebAssembly, arguments).then(result => {{
        const instance = result.instance || result;
        if (instance.exports && instance.exports.memory) window.__memory = instance.exports.memory;
        return result;
      }});
    }};
  }}

  window.__events = [];
  window.leadform = window.leadform || function () {{ (leadform.q = leadform.q || []).push(arguments) }};
  for (const name of ["ready", "submit", "submitted", "queued", "error"]) {{
    leadform("on", name, (detail, event) => __events.push(name + ":" + event.target.id));
  }}
</script></head>
<body>
<div id="f1" class="host"></div><div id="f2" class="host"></div><div id="f3" class="host"></div>
<div id="f4" class="host"></div><div id="f5" class="host"></div>
<script>
  for (let i = 1; i <= 5; i++) leadform("mount", "#f" + i, "demo-referral", {{ prefill: {{ company_name: "Company " + i }} }});
</script>
<script async src="{proxy_url}/embed.js"></script>
</body></html>"##
    )
}

/// Mounts and unmounts a form in `#f1` ten times to warm up, then a hundred times, and
/// returns the counts after each round.
const CYCLES: &str = r#"
const done = arguments[arguments.length - 1];
const host = document.getElementById("f1");
const nodes = root => [...root.querySelectorAll("*")].reduce((n, e) => n + 1 + (e.shadowRoot ? 1 + nodes(e.shadowRoot) : 0), 0);
const counts = () => ({ nodes: nodes(document), listeners: __listeners.length, timers: __timers.size,
  memory: __memory.buffer.byteLength, forms: leadform.forms.length });
const cycle = () => new Promise(resolve => {
  const ready = (detail, event) => { if (event.target === host) { leadform("off", "ready", ready); resolve(); } };
  leadform("on", "ready", ready);
  const handle = leadform("mount", host, "demo-referral");
  return handle;
}).then(() => leadform("unmount", host));
const settle = () => new Promise(resolve => setTimeout(resolve, 800));
(async () => {
  for (let i = 0; i < 10; i++) await cycle();
  await settle();
  const warm = counts();
  const started = performance.now();
  for (let i = 0; i < 100; i++) await cycle();
  const took = performance.now() - started;
  await settle();
  done({ warm, after: counts(), took });
})().catch(error => done(String(error)));
"#;

async fn five_forms_work_apart_and_a_hundred_mounts_leave_nothing_behind(engine: Engine) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    serve_pages(partner, vec![("/app", app_page(&demo.proxy_url))]);
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(format!("{partner_url}/app")).await.expect("the app opens");
        let events = || async { driver.execute("return window.__events;", Vec::new()).await.expect("events").json().clone() };
        eventually("five ready events", || async {
            let events = events().await;
            let mut ready: Vec<String> = events.as_array()?.iter().filter_map(|e| e.as_str()?.strip_prefix("ready:").map(str::to_owned)).collect();
            ready.sort();
            (ready == ["f1", "f2", "f3", "f4", "f5"]).then_some(())
        })
        .await;
        let mut roots = Vec::new();
        for i in 1..=5 {
            let root = FormRoot::of(&driver, &format!("#f{i}")).await.expect("host");
            assert_eq!(value_of(&root, ids::control("company_name")).await, format!("Company {i}"), "form {i} got its own prefill, queued before the loader");
            roots.push(root);
        }

        // Errors in one form stay in that form.
        driver.type_into(&element(&roots[1], ids::control("email")).await, "ada@globex").await;
        driver.press(&element(&roots[1], ".lf-submit").await).await;
        eventually("form 2's email error", || visible_text(&roots[1], ids::error("email"))).await;
        for (i, root) in roots.iter().enumerate().filter(|(i, _)| *i != 1) {
            assert_eq!(visible_text(root, ids::error("email")).await, None, "form {} shows no error", i + 1);
        }

        // Form 4 is sent; form 5 is sent and unmounted while its request is on its way.
        fill_required(&driver, &roots[3], "ada@four.example").await;
        driver.press(&element(&roots[3], ".lf-submit").await).await;
        thanked(&roots[3], "form 4's thank-you").await;
        fill_required(&driver, &roots[4], "ada@five.example").await;
        driver.press(&element(&roots[4], ".lf-submit").await).await;
        driver.execute("leadform('unmount', '#f5');", Vec::new()).await.expect("unmount form 5");
        eventually("two leads", || async { (sandbox.leads().len() == 2).then_some(()) }).await;
        assert_eq!(lead_companies(&sandbox), ["Company 4", "Company 5"], "each form sent its own answers, form 5 although unmounted");
        assert_eq!(value_of(&roots[1], ids::control("email")).await, "ada@globex", "form 2 keeps what was typed");
        assert!(visible_text(&roots[0], ".lf-success").await.is_none(), "form 1 was not sent");

        driver.execute("for (const id of ['#f1', '#f2', '#f3', '#f4']) leadform('unmount', id);", Vec::new()).await.expect("unmount all");
        let left = driver.execute("return [...document.querySelectorAll('.host')].map(h => h.shadowRoot.childNodes.length);", Vec::new()).await.expect("count");
        assert_eq!(left.json(), &serde_json::json!([0, 0, 0, 0, 0]), "every shadow root is empty");

        let counts = driver.execute_async(CYCLES, Vec::new()).await.expect("the cycles run").json().clone();
        println!("e2e: mount/unmount, after 10 cycles and after 110: {counts}");
        let (warm, after) = (&counts["warm"], &counts["after"]);
        assert!(warm.is_object(), "the cycles failed: {counts}");
        for count in ["nodes", "listeners", "timers", "memory", "forms"] {
            assert_eq!(after[count], warm[count], "{count} after a hundred more mounts and unmounts");
        }
        assert_eq!(warm["forms"], 0, "no form is left registered");
        assert_eq!(warm["timers"], 0, "no timer is left pending");
    })
    .await;
    drop(demo);
}
