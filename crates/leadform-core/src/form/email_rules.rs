//! What a form accepts as the contact's email, beyond its syntax: a B2B form may refuse
//! free mail providers and named domains, and suggests a fix for a mistyped provider.

use serde::{Deserialize, Serialize};

use crate::submission::errors::ErrorCode;
use crate::submission::free_providers::is_free_provider;

/// `[form.definition.email]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailRules {
    /// Whether addresses at free mail providers are taken (default) or refused.
    #[serde(default, skip_serializing_if = "FreeProviders::is_allow")]
    pub free_providers: FreeProviders,
    /// Domains refused whatever `free_providers` says; their subdomains too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_domains: Vec<String>,
    /// Whether "Did you mean …@gmail.com?" is offered for a mistyped provider (default
    /// true).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub suggest: bool,
}

/// Whether addresses at free mail providers are taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeProviders {
    /// Taken, like any other address.
    #[default]
    Allow,
    /// Refused with `free_email`.
    Refuse,
}

impl FreeProviders {
    fn is_allow(&self) -> bool {
        *self == FreeProviders::Allow
    }
}

fn yes() -> bool {
    true
}

fn is_yes(value: &bool) -> bool {
    *value
}

/// The default: every valid address taken, suggestions offered.
impl Default for EmailRules {
    fn default() -> Self {
        EmailRules {
            free_providers: FreeProviders::Allow,
            blocked_domains: Vec::new(),
            suggest: true,
        }
    }
}

impl EmailRules {
    /// Whether these are the default rules (left out of the definition the browser gets).
    pub fn is_default(&self) -> bool {
        *self == EmailRules::default()
    }

    /// Why these rules refuse `address` (already a valid address), if they do.
    pub fn refusal(&self, address: &str) -> Option<ErrorCode> {
        let domain = crate::journeybee::email::split_address(address)?
            .1
            .to_ascii_lowercase();
        let domain = domain.trim_end_matches('.');
        if self
            .blocked_domains
            .iter()
            .any(|blocked| is_within(domain, blocked))
        {
            return Some(ErrorCode::EmailDomainBlocked);
        }
        (self.free_providers == FreeProviders::Refuse && is_free_provider(domain))
            .then_some(ErrorCode::FreeEmail)
    }

    /// A blocked domain that is not a plain domain name, if one is.
    pub fn malformed_domain(&self) -> Option<&str> {
        self.blocked_domains
            .iter()
            .find(|domain| {
                domain.is_empty()
                    || domain.starts_with('.')
                    || domain.ends_with('.')
                    || !domain.contains('.')
                    || !domain.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'
                    })
            })
            .map(String::as_str)
    }
}

/// Whether `domain` is `parent` or one of its subdomains (`mail.gmx.de` is within `gmx.de`).
pub(crate) fn is_within(domain: &str, parent: &str) -> bool {
    domain == parent
        || domain
            .strip_suffix(parent)
            .is_some_and(|rest| rest.ends_with('.'))
}
