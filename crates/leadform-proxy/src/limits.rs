//! What one client, or many, may hold of the proxy: time to send a request, connections,
//! requests in flight. Past a limit the proxy answers `503` with `Retry-After` (or closes a
//! connection that never finished its headers) instead of holding memory for it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits, with defaults for a proxy that serves forms to browsers.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// A connection must deliver a request's headers within this, also while idle between
    /// requests; otherwise it is closed.
    pub header_read_timeout: Duration,
    /// A request's body must arrive within this (`408`).
    pub body_read_timeout: Duration,
    /// A whole request must be answered within this (`408`). Above the fast-path budget: a
    /// submission is committed before its first attempt, so one cut short is still kept.
    pub request_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// Connections open at once from one address.
    pub max_connections_per_ip: usize,
    /// Requests being served at once; more are answered `503` at once.
    pub max_in_flight: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_connections_per_ip: 64,
            max_in_flight: 256,
        }
    }
}

/// Connections open now, in all and per address.
#[derive(Clone)]
pub struct ConnectionSlots {
    all: Arc<Semaphore>,
    per_ip: Arc<Mutex<HashMap<IpAddr, usize>>>,
    max_per_ip: usize,
}

/// One open connection's place; freed when dropped.
pub struct ConnectionSlot {
    _permit: OwnedSemaphorePermit,
    ip: IpAddr,
    per_ip: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl ConnectionSlots {
    pub fn new(limits: &ServerLimits) -> Self {
        Self {
            all: Arc::new(Semaphore::new(limits.max_connections)),
            per_ip: Arc::default(),
            max_per_ip: limits.max_connections_per_ip,
        }
    }

    /// A place for a connection from `ip`, if there is one.
    pub fn admit(&self, ip: IpAddr) -> Option<ConnectionSlot> {
        let permit = self.all.clone().try_acquire_owned().ok()?;
        let mut per_ip = self
            .per_ip
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let open = per_ip.entry(ip).or_default();
        if *open >= self.max_per_ip {
            return None;
        }
        *open += 1;
        Some(ConnectionSlot {
            _permit: permit,
            ip,
            per_ip: self.per_ip.clone(),
        })
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut per_ip = self
            .per_ip
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(open) = per_ip.get_mut(&self.ip) {
            *open -= 1;
            if *open == 0 {
                per_ip.remove(&self.ip);
            }
        }
    }
}

/// What a connection over the limits is told before it is closed, without reading its
/// request: the same `503 overloaded` refusal the proxy gives a shed request.
pub fn overloaded_response() -> Vec<u8> {
    let (_, body) =
        crate::error::framework_refusal_json(axum::http::StatusCode::SERVICE_UNAVAILABLE);
    let mut response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canned_refusal_says_how_long_its_body_is() {
        let response = overloaded_response();
        let text = std::str::from_utf8(&response).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let refusal: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(refusal["error"]["code"], "overloaded");
    }

    #[test]
    fn a_place_is_freed_when_its_connection_ends() {
        let slots = ConnectionSlots::new(&ServerLimits {
            max_connections: 3,
            max_connections_per_ip: 2,
            ..ServerLimits::default()
        });
        let (one, two): (IpAddr, IpAddr) =
            ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let first = slots.admit(one).expect("first");
        let _second = slots.admit(one).expect("second");
        assert!(slots.admit(one).is_none(), "two per address");
        let _third = slots.admit(two).expect("another address");
        assert!(slots.admit(two).is_none(), "three in all");
        drop(first);
        assert!(slots.admit(one).is_some(), "freed");
    }
}
