//! The proxy's routes from the browser: gloo-net requests (no credentials), answers parsed by
//! the browser and read into Rust types with serde-wasm-bindgen, so the app's wasm carries no
//! JSON parser of ours; what the widget reads as JavaScript (the definition, the words) stays
//! a JavaScript value.

use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use leadform_core::{Receipt, Refusal, Submission};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::{ApiError, FillToken, LONGEST_WAIT, RETRIES, TOKEN_HEADER};

/// No request carries the page's cookies: the proxy has no use for them, and a form must
/// not tell the proxy who the visitor is elsewhere.
const OMIT: web_sys::RequestCredentials = web_sys::RequestCredentials::Omit;

/// `GET /v1/forms/{id}/embed`: the form in the language the proxy picked.
#[derive(Debug, Clone, Deserialize)]
pub struct EmbedAnswer {
    /// The language the form is in.
    pub locale: String,
    /// The public definition, as the widget reads it.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub definition: JsValue,
    /// The form rendered to HTML by the widget's components (its first paint); empty in the
    /// answer an SSR app's page carries, whose first paint is already on the page.
    #[serde(default)]
    pub html: String,
    /// The words of `locale`, by key.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub texts: JsValue,
    /// Where the visitor goes after a success, if the form says so.
    #[serde(default)]
    pub redirect: Option<String>,
    /// The page is on one of the form's test origins: its leads go to the sandbox.
    #[serde(default)]
    pub test: bool,
}

/// `base`'s address of form `form`.
pub fn form_url(base: &str, form: &str) -> String {
    format!(
        "{}/v1/forms/{}",
        base.trim_end_matches('/'),
        String::from(js_sys::encode_uri_component(form))
    )
}

/// The form's definition, HTML and words in the first of `locales` (a comma-separated list,
/// like `de-CH,de,en`) the proxy speaks.
pub async fn definition(base: &str, form: &str, locales: &str) -> Result<EmbedAnswer, ApiError> {
    let request =
        Request::get(&format!("{}/embed", form_url(base, form))).query([("locale", locales)]);
    read(answered(request).await?).await
}

/// An embed answer as JSON text (what an SSR app's server carried into its page), read as
/// [`definition`] reads the proxy's.
pub fn embed_answer(text: &str) -> Result<EmbedAnswer, ApiError> {
    let unreadable = |detail: &str| ApiError::Unreadable {
        status: 200,
        detail: detail.to_owned(),
    };
    let value = js_sys::JSON::parse(text).map_err(|_| unreadable("not JSON"))?;
    serde_wasm_bindgen::from_value(value).map_err(|error| unreadable(&error.to_string()))
}

/// A fill token for one submission to `form`.
pub async fn token(base: &str, form: &str) -> Result<FillToken, ApiError> {
    read(answered(Request::get(&format!("{}/token", form_url(base, form)))).await?).await
}

/// The proxy's answer to `request`, sent without credentials, when it is a success.
async fn answered(request: RequestBuilder) -> Result<Response, ApiError> {
    let response = request.credentials(OMIT).send().await.map_err(unreached)?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    Ok(response)
}

/// Sends `submission` to `form` under idempotency key `key` with fill token `token`. A `429`
/// or `503` with `Retry-After` is waited out and sent again, with the same key and token, up
/// to [`RETRIES`] times: the proxy stores each submission once, however often it is sent.
/// `Ok` means the proxy has it durably: delivered, or queued for delivery.
pub async fn submit(
    base: &str,
    form: &str,
    submission: &Submission,
    key: &str,
    token: &str,
) -> Result<Receipt, ApiError> {
    let unwritable = |detail: String| ApiError::Unreadable { status: 0, detail };
    let value = submission
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| unwritable(error.to_string()))?;
    let body = js_sys::JSON::stringify(&value)
        .map_err(|_| unwritable("the submission cannot be written as JSON".to_owned()))?;
    submit_json(base, form, &String::from(body), key, token).await
}

/// [`submit`] for a submission already written as JSON (the widget's `send` hands it over so).
pub async fn submit_json(
    base: &str,
    form: &str,
    body: &str,
    key: &str,
    token: &str,
) -> Result<Receipt, ApiError> {
    let url = format!("{}/submissions", form_url(base, form));
    let mut retries = 0;
    loop {
        let response = Request::post(&url)
            .credentials(OMIT)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .header(TOKEN_HEADER, token)
            .body(body)
            .map_err(unreached)?
            .send()
            .await
            .map_err(unreached)?;
        let status = response.status();
        if response.ok() {
            return read(response).await;
        }
        if matches!(status, 429 | 503) {
            let wait = retry_after(&response);
            match wait {
                Some(wait) if retries < RETRIES && wait <= LONGEST_WAIT => {
                    retries += 1;
                    sleep(wait).await;
                    continue;
                }
                _ => return Err(ApiError::Busy { retry_after: wait }),
            }
        }
        return Err(refusal(response).await);
    }
}

/// A request that got no answer, in the browser's words. Not through `gloo_net::Error`'s
/// `Display`, which would link serde_json's error messages into the app for a variant that
/// only `Response::json` (not used here) returns.
fn unreached(error: gloo_net::Error) -> ApiError {
    ApiError::Network(match error {
        gloo_net::Error::JsError(error) => error.message,
        gloo_net::Error::GlooError(message) => message,
        gloo_net::Error::SerdeError(_) => "the request could not be written".to_owned(),
    })
}

/// `Retry-After` in seconds (the proxy never sends a date).
fn retry_after(response: &Response) -> Option<Duration> {
    let seconds = response.headers().get("Retry-After")?;
    seconds.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The proxy's refusal body, or what is known when it has none.
async fn refusal(response: Response) -> ApiError {
    let status = response.status();
    match read::<Refusal>(response).await {
        Ok(Refusal { error }) => ApiError::Refused {
            status,
            code: error.code,
            message: error.message,
            fields: error.fields,
        },
        Err(error) => error,
    }
}

/// The answer's JSON body, parsed by the browser, as a `T`.
async fn read<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let unreadable = |detail: String| ApiError::Unreadable { status, detail };
    let parsing = web_sys::Response::from(response)
        .json()
        .map_err(|_| unreadable("no body".to_owned()))?;
    let value = wasm_bindgen_futures::JsFuture::from(parsing)
        .await
        .map_err(|_| unreadable("not JSON".to_owned()))?;
    serde_wasm_bindgen::from_value(value).map_err(|error| unreadable(error.to_string()))
}

/// Waits `wait` on the page's clock.
pub(crate) async fn sleep(wait: Duration) {
    let millis = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let waiting = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
                .ok()
        });
        // No clock to wait on: go on at once rather than never.
        if waiting.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
