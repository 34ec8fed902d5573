//! The free mail providers a B2B form may refuse (`free_providers = "refuse"`).
//!
//! Where the list comes from: the consumer providers of HubSpot's published list of free
//! email domains (the list behind its "block free email providers" setting), kept to the
//! providers people actually sign up with, worldwide and in the five languages the widget
//! speaks; regional spellings of one provider (`yahoo.de`, `hotmail.fr`) are listed as
//! they are. Subdomains count (`mail.gmx.de`). Kept current by hand: a release checks it
//! against that list, and a form can refuse any other domain with `blocked_domains` at once,
//! without waiting for a release. Every entry is a lowercase domain, sorted (a test checks).

use crate::form::email_rules::is_within;

/// Lowercase, sorted, unique.
pub const FREE_PROVIDERS: &[&str] = &[
    "163.com",
    "aim.com",
    "aol.com",
    "aol.de",
    "arcor.de",
    "bluewin.ch",
    "free.fr",
    "freenet.de",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.es",
    "hotmail.fr",
    "hotmail.it",
    "hotmail.nl",
    "icloud.com",
    "laposte.net",
    "libero.it",
    "live.com",
    "live.de",
    "live.fr",
    "live.nl",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "orange.fr",
    "outlook.com",
    "outlook.de",
    "outlook.es",
    "outlook.fr",
    "planet.nl",
    "posteo.de",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "sfr.fr",
    "t-online.de",
    "telefonica.net",
    "terra.com.br",
    "tutanota.com",
    "wanadoo.fr",
    "web.de",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.de",
    "yahoo.es",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "ziggo.nl",
    "zoho.com",
];

/// Whether `domain` (lowercase) is, or is within, a free mail provider's.
pub fn is_free_provider(domain: &str) -> bool {
    FREE_PROVIDERS
        .iter()
        .any(|provider| is_within(domain, provider))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_lowercase_sorted_and_unique() {
        let mut sorted = FREE_PROVIDERS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, FREE_PROVIDERS);
        assert!(
            FREE_PROVIDERS
                .iter()
                .all(|domain| *domain == domain.to_ascii_lowercase())
        );
    }

    #[test]
    fn providers_and_their_subdomains_are_free_and_lookalikes_are_not() {
        assert!(is_free_provider("gmail.com"));
        assert!(is_free_provider("mail.gmx.de"));
        assert!(!is_free_provider("notgmail.com"));
        assert!(!is_free_provider("gmail.company.example"));
        assert!(!is_free_provider("acme.example"));
    }
}
