//! A stub of the proxy at the page's `fetch`, for `leadform::api` and `LeadForm`: each test
//! scripts the proxy's answers and reads back the requests made (addresses, headers, bodies).

use wasm_bindgen::JsValue;

/// The stub proxy's address.
pub const BASE: &str = "https://forms.example";

/// Replaces `fetch` with a proxy that answers from `answers` (a JSON array of `{status, body,
/// headers}`, or `{network: true}` for a request that never gets an answer), in order, and
/// records each request in `window.__lf_requests`. Puts the real `fetch` back when dropped.
pub struct StubProxy;

impl StubProxy {
    pub fn answering(answers: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "answers",
            "window.__lf_fetch = window.__lf_fetch || window.fetch;
             window.__lf_requests = [];
             const queue = JSON.parse(answers);
             window.fetch = async (request) => {
               window.__lf_requests.push({
                 url: request.url, method: request.method, credentials: request.credentials,
                 key: request.headers.get('Idempotency-Key'),
                 token: request.headers.get('Leadform-Token'),
                 type: request.headers.get('Content-Type'),
                 body: request.method === 'POST' ? await request.text() : null,
                 at: performance.now(),
               });
               const answer = queue.shift();
               if (!answer || answer.network) throw new TypeError('Failed to fetch');
               return new Response(JSON.stringify(answer.body), {
                 status: answer.status,
                 headers: Object.assign({ 'Content-Type': 'application/json' }, answer.headers || {}),
               });
             };",
        );
        install
            .call1(&JsValue::NULL, &JsValue::from_str(answers))
            .expect("the stub installs");
        StubProxy
    }

    /// The requests made so far, as JSON.
    pub fn requests(&self) -> serde_json::Value {
        let window = web_sys::window().expect("window");
        let requests = js_sys::Reflect::get(&window, &"__lf_requests".into()).expect("requests");
        let text = js_sys::JSON::stringify(&requests).expect("JSON");
        serde_json::from_str(&String::from(text)).expect("requests as JSON")
    }
}

impl Drop for StubProxy {
    fn drop(&mut self) {
        let restore = js_sys::Function::new_no_args(
            "if (window.__lf_fetch) { window.fetch = window.__lf_fetch; }",
        );
        let _ = restore.call0(&JsValue::NULL);
    }
}
