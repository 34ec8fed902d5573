//! The secrets fill tokens are signed with. The first key signs; the others are still
//! accepted, so rotating (a new first key, the old one kept) breaks no form already shown.
//! Kept in a file in the data directory, made at first start, or configured (the same on
//! every replica) through `LEADFORM_TOKEN_KEYS`.

use std::io::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::StartupError;

/// Bytes in a generated secret.
const SECRET_BYTES: usize = 32;
/// Keys a rotation keeps: the new one and the one before it.
const KEPT_BY_ROTATION: usize = 2;

/// One secret and the short id a token names it by.
#[derive(Clone)]
pub(super) struct TokenKey {
    pub(super) id: String,
    pub(super) secret: Vec<u8>,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret, not even in a debug print.
        formatter
            .debug_struct("TokenKey")
            .field("id", &self.id)
            .finish()
    }
}

impl TokenKey {
    fn new(secret: Vec<u8>) -> Self {
        let id = hex::encode(&Sha256::digest(&secret)[..4]);
        Self { id, secret }
    }
}

/// The signing key first, then the keys still accepted.
#[derive(Debug, Clone)]
pub struct TokenKeys {
    pub(super) keys: Vec<TokenKey>,
}

impl TokenKeys {
    /// One new random key, held in memory only (the sandbox demo and tests).
    pub fn generate() -> Self {
        Self {
            keys: vec![TokenKey::new(new_secret())],
        }
    }

    /// Keys written as hex, one per line or separated by commas, the signing key first;
    /// `#` starts a comment. Each must be at least 32 bytes (64 hex digits).
    pub fn parse(text: &str) -> Result<Self, String> {
        let keys = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|word| !word.is_empty())
            .map(|word| match hex::decode(word) {
                Ok(secret) if secret.len() >= SECRET_BYTES => Ok(TokenKey::new(secret)),
                _ => Err(format!(
                    "a token key must be at least {} hex digits (a key starting {:?} is not)",
                    SECRET_BYTES * 2,
                    word.chars().take(4).collect::<String>()
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err("no token key in it".into());
        }
        Ok(Self { keys })
    }

    /// The keys in `path`, which is made, with one new key readable by its owner only, when
    /// it does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<Self, StartupError> {
        if !path.exists() {
            write_keys(path, &[TokenKey::new(new_secret())])?;
            tracing::info!(path = %path.display(), "made a token key");
        }
        Self::load(path)
    }

    /// The keys in `path`.
    pub fn load(path: &Path) -> Result<Self, StartupError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            StartupError::Config(format!("token keys {}: {error}", path.display()))
        })?;
        Self::parse(&text).map_err(|error| {
            StartupError::Config(format!("token keys {}: {error}", path.display()))
        })
    }

    /// Puts a new signing key in `path`, keeping the one that signed until now so the
    /// tokens it signed stay good until they expire; older keys are dropped. Returns the
    /// new key's id and the ids still accepted.
    pub fn rotate(path: &Path) -> Result<(String, Vec<String>), StartupError> {
        let old = Self::load_or_create(path)?;
        let mut keys = vec![TokenKey::new(new_secret())];
        keys.extend(old.keys.into_iter().take(KEPT_BY_ROTATION - 1));
        write_keys(path, &keys)?;
        let ids = keys.iter().map(|key| key.id.clone()).collect::<Vec<_>>();
        Ok((ids[0].clone(), ids[1..].to_vec()))
    }

    /// The id of the key that signs.
    pub fn signing_id(&self) -> &str {
        &self.keys[0].id
    }

    pub(super) fn signing(&self) -> &TokenKey {
        &self.keys[0]
    }

    pub(super) fn by_id(&self, id: &str) -> Option<&TokenKey> {
        self.keys.iter().find(|key| key.id == id)
    }
}

fn new_secret() -> Vec<u8> {
    let mut secret = vec![0; SECRET_BYTES];
    rand::fill(&mut secret[..]);
    secret
}

/// Writes the keys to a new file beside `path` and moves it over, so a crash leaves the old
/// file or the new one, never half of one.
fn write_keys(path: &Path, keys: &[TokenKey]) -> Result<(), StartupError> {
    let failed = |error: std::io::Error| {
        StartupError::Config(format!("token keys {}: {error}", path.display()))
    };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let mut text = String::from(
        "# leadform-proxy fill-token keys: the first signs, the others are still accepted.\n\
         # Made by the proxy; `leadform-proxy token-keys rotate` replaces the first.\n",
    );
    for key in keys {
        text.push_str(&hex::encode(&key.secret));
        text.push('\n');
    }
    let temporary = path.with_extension("new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary).map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(failed)
}
