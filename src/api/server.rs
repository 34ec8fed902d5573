//! The proxy's first paint from an SSR app's server: the one route `LeadForm` asks while the
//! app renders its page, over reqwest (rustls), so the page arrives with the form in it.

use std::sync::OnceLock;
use std::time::Duration;

use leadform_core::Refusal;

use super::ApiError;

/// How long a page's render waits for the proxy. Past it the page is sent without the form,
/// which the browser then fetches and mounts itself, as in a CSR app.
pub const FIRST_PAINT_WAIT: Duration = Duration::from_secs(3);

/// The proxy's answer to `GET {base}/v1/forms/{form}/embed?locale={locales}` as it wrote it
/// (JSON: the form's definition, words and first paint in the first of `locales` it speaks).
/// Sent without an `Origin`, as a server's request is: the proxy gives any caller a form's
/// public definition.
pub async fn embed(base: &str, form: &str, locales: &str) -> Result<String, ApiError> {
    let unusable = |detail: String| ApiError::Network(format!("{base}: {detail}"));
    let mut url = reqwest::Url::parse(base).map_err(|error| unusable(error.to_string()))?;
    url.path_segments_mut()
        .map_err(|()| unusable("not an address a form can be under".to_owned()))?
        .pop_if_empty()
        .extend(["v1", "forms", form, "embed"]);
    url.query_pairs_mut().append_pair("locale", locales);
    let network = |error: reqwest::Error| ApiError::Network(error.to_string());
    let response = client()?.get(url).send().await.map_err(network)?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(network)?;
    if !(200..300).contains(&status) {
        return Err(match serde_json::from_str::<Refusal>(&text) {
            Ok(Refusal { error }) => ApiError::Refused {
                status,
                code: error.code,
                message: error.message,
                fields: error.fields,
            },
            Err(error) => ApiError::Unreadable {
                status,
                detail: error.to_string(),
            },
        });
    }
    Ok(text)
}

/// One client for the server's life: its connections to the proxy are kept and reused.
fn client() -> Result<&'static reqwest::Client, ApiError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    // rustls with ring, as the proxy uses it; an app that installed a provider keeps its own.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(FIRST_PAINT_WAIT)
        .build()
        .map_err(|error| ApiError::Network(error.to_string()))?;
    Ok(CLIENT.get_or_init(|| client))
}
