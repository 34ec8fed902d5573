//! The record of consent kept with a submission: what the visitor agreed to, word for word
//! in the language they saw, which version of the text that was, and when. Kept in the
//! outbox beside the lead (`outbox show` prints it), and, where the form names
//! `consent_record_field`, sent to JourneyBee as "version, time, language".

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One visitor's consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// The consent text exactly as shown; empty once the record's personal content is
    /// erased (the version still names the wording).
    #[serde(default)]
    pub text: String,
    /// The text's version: the first 16 hex digits of its SHA-256, so any change to the
    /// wording is a new version, and the same wording always the same one.
    pub version: String,
    /// When the submission was accepted (RFC 3339, UTC).
    pub at: String,
    /// The language the text was shown in.
    pub locale: String,
}

impl ConsentRecord {
    /// The record of `text`, shown in `locale`, agreed to at `at`.
    pub fn new(text: &str, locale: &str, at: &str) -> Self {
        let digest = Sha256::digest(text.as_bytes());
        let version = digest
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        ConsentRecord {
            text: text.to_owned(),
            version,
            at: at.to_owned(),
            locale: locale.to_owned(),
        }
    }

    /// What JourneyBee's consent field receives: "version, time, language".
    pub fn field_value(&self) -> String {
        format!("{}, {}, {}", self.version, self.at, self.locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_the_wording_alone() {
        let first = ConsentRecord::new("I agree.", "en", "2026-12-06T10:00:00Z");
        let later = ConsentRecord::new("I agree.", "de", "2026-12-07T10:00:00Z");
        let reworded = ConsentRecord::new("I agree!", "en", "2026-12-06T10:00:00Z");
        assert_eq!(first.version, later.version);
        assert_ne!(first.version, reworded.version);
        assert_eq!(first.version.len(), 16);
        assert_eq!(
            first.field_value(),
            format!("{}, 2026-12-06T10:00:00Z, en", first.version)
        );
    }
}
