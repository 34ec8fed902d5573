//! How often one client, and one form, may submit, and how many fill tokens one client may
//! take (each is a line in the log and a signature). The client is the TCP peer; only when
//! the peer is one of the operator's reverse proxies (`--trusted-proxy`) is its
//! `Forwarded` or `X-Forwarded-For` believed, and then only up to the first address that is
//! not one of them: anything a client writes to the left of that is its own invention.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, header};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

/// The operator's limits on submissions.
#[derive(Debug, Clone)]
pub struct SubmissionLimits {
    /// Submissions one client may make per minute (all at once, then evenly spread).
    pub per_client_per_minute: u32,
    /// Submissions one form may take per minute, from everyone together.
    pub per_form_per_minute: u32,
    /// Fill tokens one client may take per minute (one per form shown).
    pub tokens_per_client_per_minute: u32,
    /// Reverse proxies whose forwarding headers name the client.
    pub trusted_proxies: Vec<IpNet>,
}

impl Default for SubmissionLimits {
    fn default() -> Self {
        Self {
            per_client_per_minute: 10,
            per_form_per_minute: 600,
            tokens_per_client_per_minute: 120,
            trusted_proxies: Vec::new(),
        }
    }
}

/// The limits at work: one token bucket per client and one per form.
pub struct SubmissionLimiter {
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    per_form: DefaultKeyedRateLimiter<String>,
    tokens_per_client: DefaultKeyedRateLimiter<IpAddr>,
    /// Beacons about views: two a token (hidden, then left).
    beacons_per_client: DefaultKeyedRateLimiter<IpAddr>,
    trusted: Vec<IpNet>,
    checks: AtomicU64,
}

/// How often the buckets of clients gone quiet are dropped, in checks.
const FORGET_EVERY: u64 = 1024;

impl SubmissionLimiter {
    pub fn new(limits: &SubmissionLimits) -> Self {
        let quota = |per_minute: u32| {
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
        };
        Self {
            per_client: RateLimiter::keyed(quota(limits.per_client_per_minute)),
            per_form: RateLimiter::keyed(quota(limits.per_form_per_minute)),
            tokens_per_client: RateLimiter::keyed(quota(limits.tokens_per_client_per_minute)),
            beacons_per_client: RateLimiter::keyed(quota(
                limits.tokens_per_client_per_minute.saturating_mul(2),
            )),
            trusted: limits.trusted_proxies.clone(),
            checks: AtomicU64::new(0),
        }
    }

    /// The client behind a request from `peer`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        let chain = forwarded_chain(headers);
        chain
            .iter()
            .rev()
            .find(|address| !self.is_trusted(**address))
            .or(chain.first())
            .copied()
            .unwrap_or(peer)
    }

    /// Takes one submission from the client's and the form's allowance, or says how long
    /// to wait. A request without a known client (only in tests that bypass the socket)
    /// counts against its form alone.
    pub fn check(&self, client: Option<IpAddr>, form: &str) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            self.per_client.retain_recent();
            self.per_form.retain_recent();
            self.tokens_per_client.retain_recent();
            self.beacons_per_client.retain_recent();
        }
        if let Some(client) = client {
            self.per_client
                .check_key(&client)
                .map_err(|not_until| not_until.wait_time_from(self.per_client.clock().now()))?;
        }
        self.per_form
            .check_key(&form.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.per_form.clock().now()))
    }

    /// Takes one fill token from the client's allowance, or says how long to wait.
    pub fn check_token(&self, client: Option<IpAddr>) -> Result<(), Duration> {
        match client {
            Some(client) => self
                .tokens_per_client
                .check_key(&client)
                .map_err(|not_until| {
                    not_until.wait_time_from(self.tokens_per_client.clock().now())
                }),
            None => Ok(()),
        }
    }

    /// Takes one beacon about a view from the client's allowance (twice its tokens');
    /// whether there was one.
    pub fn allows_beacon(&self, client: Option<IpAddr>) -> bool {
        client.is_none_or(|client| self.beacons_per_client.check_key(&client).is_ok())
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(&address))
    }
}

/// The addresses a request passed through, client first: `Forwarded: for=…` if there is
/// one (RFC 7239), else `X-Forwarded-For`. What cannot be read as an address is left out.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    let values = |name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>()
    };
    let forwarded = values(header::FORWARDED);
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.eq_ignore_ascii_case("for")
                        .then(|| node_address(value))?
                })
            })
            .collect();
    }
    values(header::HeaderName::from_static("x-forwarded-for"))
        .iter()
        .filter_map(|value| node_address(value))
        .collect()
}

/// `192.0.2.1`, `"192.0.2.1:4711"`, `"[2001:db8::1]:4711"` or `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Ok(address) = node.parse() {
        return Some(address);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(trusted: &[&str]) -> SubmissionLimiter {
        SubmissionLimiter::new(&SubmissionLimits {
            trusted_proxies: trusted.iter().map(|net| net.parse().unwrap()).collect(),
            ..SubmissionLimits::default()
        })
    }

    #[test]
    fn a_client_may_send_twice_its_tokens_in_beacons_and_no_more() {
        let limiter = SubmissionLimiter::new(&SubmissionLimits {
            tokens_per_client_per_minute: 3,
            ..SubmissionLimits::default()
        });
        let (client, other): (IpAddr, IpAddr) =
            ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let allowed = (0..10)
            .filter(|_| limiter.allows_beacon(Some(client)))
            .count();
        assert_eq!(allowed, 6);
        assert!(
            limiter.allows_beacon(Some(other)),
            "another client has its own"
        );
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    value.parse().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn forwarding_headers_are_believed_only_from_trusted_proxies() {
        let ip = |text: &str| -> IpAddr { text.parse().unwrap() };
        let spoofed = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            limiter(&[]).client(ip("203.0.113.9"), &spoofed),
            ip("203.0.113.9")
        );
        let proxies = limiter(&["10.0.0.0/8", "127.0.0.1/32"]);
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &spoofed),
            ip("203.0.113.9"),
            "not a proxy"
        );
        assert_eq!(proxies.client(ip("10.1.2.3"), &spoofed), ip("198.51.100.7"));
        let prepended = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.5")]);
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &prepended),
            ip("198.51.100.7"),
            "the last address no proxy of ours wrote"
        );
        let forwarded = headers(&[(
            "forwarded",
            r#"for=1.2.3.4, for="[2001:db8::1]:4711";proto=https"#,
        )]);
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded),
            ip("2001:db8::1")
        );
        let only_proxies = headers(&[("x-forwarded-for", "10.0.0.7, 10.0.0.8")]);
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &only_proxies),
            ip("10.0.0.7")
        );
        let garbage = headers(&[("x-forwarded-for", "unknown, not-an-ip")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &garbage), ip("10.0.0.1"));
    }
}
