//! JourneyBee's error bodies, from both API generations, as one error that keeps the status.

use serde::Deserialize;

/// An error answer from JourneyBee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The newer generation's machine code, when given.
    pub code: Option<String>,
    /// The human message (or the raw body when it was not a known error shape).
    pub message: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorBody {
    Legacy { error: String },
    Structured { error: StructuredError },
}

#[derive(Deserialize)]
struct StructuredError {
    code: String,
    message: String,
}

impl ApiError {
    /// Reads `{"error":"…"}` or `{"error":{"code":"…","message":"…"}}`; any other body is kept as text.
    pub fn from_body(status: u16, body: &str) -> Self {
        Self::from_error_body(status, body).unwrap_or_else(|| ApiError {
            status,
            code: None,
            message: body.chars().take(500).collect(),
        })
    }

    /// Reads only JourneyBee's two error shapes; `None` for any other body, so callers that
    /// must not keep arbitrary upstream text (it may echo the request) can leave it out.
    pub fn from_error_body(status: u16, body: &str) -> Option<Self> {
        Some(match serde_json::from_str::<ErrorBody>(body).ok()? {
            ErrorBody::Legacy { error } => ApiError {
                status,
                code: None,
                message: error,
            },
            ErrorBody::Structured { error } => ApiError {
                status,
                code: Some(error.code),
                message: error.message,
            },
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.code {
            Some(code) => write!(
                f,
                "JourneyBee answered {} ({code}): {}",
                self.status, self.message
            ),
            None => write!(f, "JourneyBee answered {}: {}", self.status, self.message),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::ApiError;

    #[test]
    fn both_generations_and_unknown_bodies_keep_the_status() {
        let legacy = ApiError::from_body(
            409,
            r#"{"error":"Duplicate lead or unique constraint violation"}"#,
        );
        assert_eq!(
            (
                legacy.status,
                legacy.code.as_deref(),
                legacy.message.as_str()
            ),
            (409, None, "Duplicate lead or unique constraint violation")
        );
        let structured = ApiError::from_body(
            401,
            r#"{"error":{"code":"invalid_key","message":"Invalid API key"}}"#,
        );
        assert_eq!(
            (
                structured.status,
                structured.code.as_deref(),
                structured.message.as_str()
            ),
            (401, Some("invalid_key"), "Invalid API key")
        );
        let html = ApiError::from_body(502, "<html>Bad gateway</html>");
        assert_eq!(
            (html.status, html.message.as_str()),
            (502, "<html>Bad gateway</html>")
        );
        assert_eq!(
            ApiError::from_error_body(502, "<html>Bad gateway</html>"),
            None
        );
        assert_eq!(
            ApiError::from_error_body(409, r#"{"error":"Duplicate lead"}"#).map(|e| e.message),
            Some("Duplicate lead".to_owned())
        );
    }
}
