//! Fill tokens: proof of when a form was shown, without a third-party script. The loader
//! gets one from `GET /v1/forms/{id}/token` as the form loads and sends it with the
//! submission. A submission that comes sooner than the minimum time after, with a token that
//! is forged, expired or signed for another form, or with a token that already stands for
//! other answers, is taken for a bot's; one without a token is refused.
//!
//! A token is `<key id>.<issued, ms>.<nonce>.<mac>`: HMAC-SHA-256 over those and the form
//! id, truncated to 128 bits. The nonce makes each token one submission's: the outbox
//! claims it with the submission, like an idempotency key.

mod keys;

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use keys::TokenKeys;

use crate::outbox::Millis;

/// The header the loader sends the token in.
pub const HEADER: &str = "leadform-token";
/// Bytes of the MAC kept in a token.
const MAC_BYTES: usize = 16;
/// Bytes of randomness that make each token its own.
const NONCE_BYTES: usize = 16;

/// How long a form must be shown before it is sent, and how long a token is good for.
#[derive(Debug, Clone, Copy)]
pub struct FillTokenSettings {
    /// Sooner than this after the token was issued, a submission is a bot's.
    pub min_fill: Duration,
    /// After this a token is no longer accepted (the loader gets a new one before).
    pub lifetime: Duration,
}

impl Default for FillTokenSettings {
    fn default() -> Self {
        Self {
            min_fill: Duration::from_secs(3),
            lifetime: Duration::from_secs(2 * 60 * 60),
        }
    }
}

/// Why a token was not good: each is counted (`leadform_spam_total{reason}`) and answered
/// like a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFault {
    /// Not made by this proxy's keys for this form.
    Forged,
    /// Older than the lifetime.
    Expired,
    /// Sent sooner than the minimum time after it was issued.
    TooFast,
}

impl TokenFault {
    /// The reason the metrics and the log line give.
    pub fn reason(self) -> &'static str {
        match self {
            TokenFault::Forged => "token_forged",
            TokenFault::Expired => "token_expired",
            TokenFault::TooFast => "too_fast",
        }
    }
}

/// A good token's claim: the submission it comes with takes its nonce until it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClaim {
    pub nonce: String,
    pub expires_at: Millis,
}

/// Issues and checks fill tokens.
#[derive(Debug, Clone)]
pub struct FillTokens {
    keys: TokenKeys,
    settings: FillTokenSettings,
}

impl FillTokens {
    pub fn new(keys: TokenKeys, settings: FillTokenSettings) -> Self {
        Self { keys, settings }
    }

    pub fn settings(&self) -> FillTokenSettings {
        self.settings
    }

    /// The same settings with other keys (a rotation read on SIGHUP).
    pub fn with_keys(&self, keys: TokenKeys) -> Self {
        Self {
            keys,
            settings: self.settings,
        }
    }

    /// A new token for `form_id`, issued at `now`.
    pub fn issue(&self, form_id: &str, now: Millis) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::fill(&mut nonce);
        let key = self.keys.signing();
        let unsigned = format!("{}.{now}.{}", key.id, hex::encode(nonce));
        let mac = hex::encode(mac(&key.secret, form_id, &unsigned));
        format!("{unsigned}.{mac}")
    }

    /// Whether `token` is a good one for `form_id` at `now`.
    pub fn check(&self, form_id: &str, token: &str, now: Millis) -> Result<TokenClaim, TokenFault> {
        let mut parts = token.split('.');
        let (Some(key_id), Some(issued), Some(nonce), Some(tag), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(TokenFault::Forged);
        };
        let key = self.keys.by_id(key_id).ok_or(TokenFault::Forged)?;
        let tag = hex::decode(tag).map_err(|_| TokenFault::Forged)?;
        let unsigned = &token[..token.len() - tag.len() * 2 - 1];
        let verifier = keyed(&key.secret, form_id, unsigned);
        if tag.len() != MAC_BYTES || verifier.verify_truncated_left(&tag).is_err() {
            return Err(TokenFault::Forged);
        }
        // Signed, so these were written by `issue`; still, nothing here may panic.
        let issued: Millis = issued.parse().map_err(|_| TokenFault::Forged)?;
        let age = now.saturating_sub(issued);
        if age > self.settings.lifetime.as_millis() as Millis {
            return Err(TokenFault::Expired);
        }
        if age < self.settings.min_fill.as_millis() as Millis {
            return Err(TokenFault::TooFast);
        }
        Ok(TokenClaim {
            nonce: nonce.to_owned(),
            expires_at: issued.saturating_add(self.settings.lifetime.as_millis() as Millis),
        })
    }
}

/// The MAC binds the token to its form, so one form's token is no good for another.
fn keyed(secret: &[u8], form_id: &str, unsigned: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(b"leadform-fill-token-v1\0");
    mac.update(form_id.as_bytes());
    mac.update(b"\0");
    mac.update(unsigned.as_bytes());
    mac
}

fn mac(secret: &[u8], form_id: &str, unsigned: &str) -> Vec<u8> {
    keyed(secret, form_id, unsigned).finalize().into_bytes()[..MAC_BYTES].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = "acme-referral";

    fn tokens() -> FillTokens {
        FillTokens::new(
            TokenKeys::generate(),
            FillTokenSettings {
                min_fill: Duration::from_secs(3),
                lifetime: Duration::from_secs(3600),
            },
        )
    }

    #[test]
    fn a_token_is_good_after_the_minimum_time_and_until_it_expires() {
        let tokens = tokens();
        let token = tokens.issue(FORM, 1_000_000);
        assert_eq!(
            tokens.check(FORM, &token, 1_002_999),
            Err(TokenFault::TooFast)
        );
        let claim = tokens.check(FORM, &token, 1_003_000).expect("good");
        assert_eq!(claim.expires_at, 1_000_000 + 3_600_000);
        assert!(tokens.check(FORM, &token, 1_000_000 + 3_600_000).is_ok());
        assert_eq!(
            tokens.check(FORM, &token, 1_000_000 + 3_600_001),
            Err(TokenFault::Expired)
        );
        assert_ne!(tokens.issue(FORM, 1_000_000), token, "each token is new");
    }

    #[test]
    fn a_token_changed_anywhere_or_for_another_form_or_key_is_forged() {
        let tokens = tokens();
        let token = tokens.issue(FORM, 1_000_000);
        let later = 1_010_000;
        assert_eq!(
            tokens.check("other-form", &token, later),
            Err(TokenFault::Forged)
        );
        let parts: Vec<&str> = token.split('.').collect();
        let younger = format!("{}.{}.{}.{}", parts[0], 999_000, parts[2], parts[3]);
        let other_nonce = format!("{}.{}.{}.{}", parts[0], parts[1], "00".repeat(16), parts[3]);
        let short_mac = format!("{}.{}.{}.{}", parts[0], parts[1], parts[2], &parts[3][..30]);
        for forged in [
            younger.as_str(),
            other_nonce.as_str(),
            short_mac.as_str(),
            "",
            "....",
            "a.b.c.d.e",
            "ffffffff.1.2.zz",
        ] {
            assert_eq!(
                tokens.check(FORM, forged, later),
                Err(TokenFault::Forged),
                "{forged}"
            );
        }
        assert_eq!(
            FillTokens::new(TokenKeys::generate(), tokens.settings()).check(FORM, &token, later),
            Err(TokenFault::Forged)
        );
    }

    #[test]
    fn after_a_rotation_the_old_key_is_still_accepted_and_the_new_one_signs() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("token-keys");
        let before = FillTokens::new(
            TokenKeys::load_or_create(&path).expect("made"),
            FillTokenSettings::default(),
        );
        let in_flight = before.issue(FORM, 1_000_000);
        let (new_id, kept) = TokenKeys::rotate(&path).expect("rotated");
        let after = before.with_keys(TokenKeys::load(&path).expect("read"));
        assert_eq!(after.keys.signing_id(), new_id);
        assert_eq!(kept, vec![before.keys.signing_id().to_owned()]);
        assert!(after.check(FORM, &in_flight, 1_010_000).is_ok());
        assert!(after.issue(FORM, 1).starts_with(&new_id));
        TokenKeys::rotate(&path).expect("rotated again");
        let twice = before.with_keys(TokenKeys::load(&path).expect("read"));
        assert_eq!(
            twice.check(FORM, &in_flight, 1_010_000),
            Err(TokenFault::Forged),
            "a rotation keeps one earlier key only"
        );
    }

    #[test]
    fn configured_keys_must_be_long_enough_and_the_file_is_the_owners() {
        assert!(TokenKeys::parse("").is_err());
        assert!(TokenKeys::parse("abcd").is_err());
        assert!(TokenKeys::parse("zz".repeat(32).as_str()).is_err());
        let two = format!("{}, {} # old", "ab".repeat(32), "cd".repeat(40));
        assert_eq!(TokenKeys::parse(&two).expect("two").keys.len(), 2);
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("data").join("token-keys");
        TokenKeys::load_or_create(&path).expect("made");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("file").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let first = TokenKeys::load(&path)
            .expect("read")
            .signing_id()
            .to_owned();
        let again = TokenKeys::load_or_create(&path).expect("kept");
        assert_eq!(again.signing_id(), first, "made once, then kept");
    }
}
