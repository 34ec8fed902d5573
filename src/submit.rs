//! Posting a submission to the proxy.

use gloo_net::http::Request;
use leadform_core::{CreateLeadResponse, FieldError, Refusal, Submission};
use web_sys::RequestCredentials;

/// Why a submission did not create a lead.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitError {
    /// What to tell the visitor.
    pub message: String,
    /// Per-field refusals from the proxy's validation.
    pub fields: Vec<FieldError>,
}

const NETWORK_FAILURE: &str = "We could not send your details. Check your connection and try again; your answers are still here.";

/// POSTs the submission as JSON, without cookies or credentials.
pub async fn send_submission(
    api_base: &str,
    form_id: &str,
    submission: &Submission,
) -> Result<CreateLeadResponse, SubmitError> {
    let failure = |message: &str| SubmitError {
        message: message.to_owned(),
        fields: Vec::new(),
    };
    let url = format!("{api_base}/v1/forms/{form_id}/submissions");
    let request = Request::post(&url)
        .credentials(RequestCredentials::Omit)
        .json(submission)
        .map_err(|_| failure(NETWORK_FAILURE))?;
    let response = request.send().await.map_err(|_| failure(NETWORK_FAILURE))?;
    let body = response
        .text()
        .await
        .map_err(|_| failure(NETWORK_FAILURE))?;
    if response.ok() {
        return serde_json::from_str(&body).map_err(|_| {
            failure("Your details were sent, but the answer was garbled. Please do not resubmit.")
        });
    }
    match serde_json::from_str::<Refusal>(&body) {
        Ok(Refusal { error }) => Err(SubmitError {
            message: error.message,
            fields: error.fields,
        }),
        Err(_) => Err(failure(
            "Something went wrong on our side. Please try again; your answers are still here.",
        )),
    }
}
