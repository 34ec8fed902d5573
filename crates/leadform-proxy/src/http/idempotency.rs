//! What makes a repeated submission recognisable: the browser's `Idempotency-Key`, checked
//! against the same rules JourneyBee documents, and a fingerprint of the submission.

use axum::http::HeaderMap;
use leadform_core::Submission;
use sha2::{Digest, Sha256};

use crate::http::refusal::RequestError;

/// The header, as browsers send it (CORS allows it on submissions).
pub const HEADER: &str = "idempotency-key";

/// The `Idempotency-Key` header, if sent: 1–255 of `[A-Za-z0-9_-]`, as JourneyBee has it.
pub fn key_from_headers(headers: &HeaderMap) -> Result<Option<String>, RequestError> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| RequestError::InvalidIdempotencyKey)?;
    let well_formed = (1..=255).contains(&key.len())
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
    if well_formed {
        Ok(Some(key.to_owned()))
    } else {
        Err(RequestError::InvalidIdempotencyKey)
    }
}

/// SHA-256 (hex) of the submission as parsed, so whitespace or key order in the JSON does
/// not make the same answers look different.
pub fn fingerprint(submission: &Submission) -> String {
    let canonical = serde_json::to_vec(submission).unwrap_or_default();
    Sha256::digest(&canonical)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};
    use leadform_core::{Submission, from_json};

    use super::{fingerprint, key_from_headers};

    fn with_key(key: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("idempotency-key", HeaderValue::from_str(key).unwrap());
        headers
    }

    #[test]
    fn keys_follow_journeybees_rules() {
        assert_eq!(key_from_headers(&HeaderMap::new()).ok(), Some(None));
        let uuid = "0196f0e2-7c1a-7a51-9d2e-1f2a3b4c5d6e";
        assert_eq!(
            key_from_headers(&with_key(uuid)).ok().flatten().as_deref(),
            Some(uuid)
        );
        for bad in ["", "has space", "semi;colon", &"k".repeat(256)] {
            assert!(key_from_headers(&with_key(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_same_answers_have_the_same_fingerprint_however_they_are_written() {
        let a: Submission = from_json(
            r#"{"direction":"send","values":{"email":"a@b.example","company_name":"A"}}"#,
        )
        .unwrap();
        let b: Submission = from_json(
            r#"{ "values": { "company_name": "A", "email": "a@b.example" }, "direction": "send" }"#,
        )
        .unwrap();
        let c: Submission = from_json(
            r#"{"direction":"send","values":{"email":"a@b.example","company_name":"B"}}"#,
        )
        .unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
        assert_eq!(fingerprint(&a).len(), 64);
    }
}
