//! What one client, or many, may hold of the proxy: time to send a request, connections,
//! requests in flight. Past a limit the proxy answers `503` with `Retry-After`, closes a
//! connection that never finished its headers, or gives a silent connection's place to a
//! new one, instead of holding memory for it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

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

/// Connections open now, in all and per address. When every place is taken, a new
/// connection takes the place of one waiting for a request (one that has sent nothing yet,
/// or a keep-alive connection idle since its last answer): of the address holding the most
/// connections, the one waiting longest. So a crowd of silent connections costs its own
/// members their places rather than the next visitor theirs, and a browser's idle
/// connection is the cheapest to give up (it opens another). A connection with a request
/// under way is never closed for another; when all are busy, the new one is refused.
#[derive(Clone)]
pub struct ConnectionSlots {
    table: Arc<Mutex<Table>>,
    max: usize,
    max_per_ip: usize,
}

#[derive(Default)]
struct Table {
    open: HashMap<u64, Open>,
    per_ip: HashMap<IpAddr, usize>,
    next_id: u64,
}

struct Open {
    ip: IpAddr,
    /// Requests under way on it.
    busy: usize,
    /// Since when it has been waiting for a request.
    idle_since: Instant,
    /// Told when its place is given to a newer connection.
    evicted: Arc<Notify>,
}

impl Table {
    fn remove(&mut self, id: u64) -> Option<Open> {
        let open = self.open.remove(&id)?;
        if let Some(count) = self.per_ip.get_mut(&open.ip) {
            *count -= 1;
            if *count == 0 {
                self.per_ip.remove(&open.ip);
            }
        }
        Some(open)
    }

    /// The connection to close for a newer one, if any is waiting for a request.
    fn victim(&self) -> Option<u64> {
        self.open
            .iter()
            .filter(|(_, open)| open.busy == 0)
            .max_by_key(|(_, open)| {
                let held = self.per_ip.get(&open.ip).copied().unwrap_or(0);
                (held, std::cmp::Reverse(open.idle_since))
            })
            .map(|(id, _)| *id)
    }
}

fn lock(table: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    table
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One open connection's place; freed when dropped.
pub struct ConnectionSlot {
    id: u64,
    table: Arc<Mutex<Table>>,
    evicted: Arc<Notify>,
}

/// A request under way on a connection, until dropped.
pub struct Busy {
    id: u64,
    table: Arc<Mutex<Table>>,
}

impl ConnectionSlots {
    pub fn new(limits: &ServerLimits) -> Self {
        Self {
            table: Arc::default(),
            max: limits.max_connections,
            max_per_ip: limits.max_connections_per_ip,
        }
    }

    /// A place for a connection from `ip`, if it may have one: under its address's limit,
    /// and with a place free or one to free.
    pub fn admit(&self, ip: IpAddr) -> Option<ConnectionSlot> {
        let mut table = lock(&self.table);
        if table.per_ip.get(&ip).copied().unwrap_or(0) >= self.max_per_ip {
            return None;
        }
        if table.open.len() >= self.max {
            let victim = table.victim()?;
            if let Some(open) = table.remove(victim) {
                open.evicted.notify_one();
                metrics::counter!("leadform_connections_evicted_total").increment(1);
            }
        }
        let id = table.next_id;
        table.next_id += 1;
        let evicted = Arc::new(Notify::new());
        table.open.insert(
            id,
            Open {
                ip,
                busy: 0,
                idle_since: Instant::now(),
                evicted: evicted.clone(),
            },
        );
        *table.per_ip.entry(ip).or_default() += 1;
        Some(ConnectionSlot {
            id,
            table: self.table.clone(),
            evicted,
        })
    }
}

impl ConnectionSlot {
    /// Completes when this connection's place has been given to a newer one: it is to close.
    pub async fn evicted(&self) {
        self.evicted.notified().await;
    }

    /// Marks a request under way, so the connection is not closed for another meanwhile.
    pub fn busy(&self) -> Busy {
        if let Some(open) = lock(&self.table).open.get_mut(&self.id) {
            open.busy += 1;
        }
        Busy {
            id: self.id,
            table: self.table.clone(),
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(open) = lock(&self.table).open.get_mut(&self.id) {
            open.busy -= 1;
            open.idle_since = Instant::now();
        }
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        lock(&self.table).remove(self.id);
    }
}

/// What a connection over the limits is told before it is closed, without reading its
/// request: the same `503 overloaded` refusal the proxy gives a shed request.
pub fn overloaded_response() -> Vec<u8> {
    crate::http::refusal::raw_refusal(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        &[("retry-after", "1")],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadform_core::RefusalCode;

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
        assert_eq!(refusal["error"]["code"], RefusalCode::Overloaded.as_str());
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
        assert_eq!(lock(&slots.table).open.len(), 3);
        drop(first);
        assert_eq!(lock(&slots.table).open.len(), 2, "freed");
        assert!(slots.admit(one).is_some());
    }

    #[test]
    fn a_full_house_closes_the_longest_waiting_connection_of_the_busiest_address() {
        let slots = ConnectionSlots::new(&ServerLimits {
            max_connections: 4,
            max_connections_per_ip: 3,
            ..ServerLimits::default()
        });
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        let visitor = slots
            .admit(ip("10.0.0.9"))
            .expect("a visitor, first of all");
        let crowd: Vec<ConnectionSlot> = (0..3)
            .map(|_| slots.admit(ip("10.0.0.1")).expect("the crowd"))
            .collect();
        // Full: the crowd's oldest goes, not the visitor, who waited longer.
        let newcomer = slots.admit(ip("10.0.0.2")).expect("room made");
        let evicted = lock(&slots.table).open.contains_key(&crowd[0].id);
        assert!(!evicted, "the crowd's oldest was closed");
        assert!(lock(&slots.table).open.contains_key(&visitor.id));
        // A connection with a request under way is never closed for another.
        let _busy: Vec<Busy> = [&visitor, &crowd[1], &crowd[2], &newcomer]
            .iter()
            .map(|slot| slot.busy())
            .collect();
        assert!(slots.admit(ip("10.0.0.3")).is_none(), "all busy: refused");
        // Dropping an evicted slot frees nothing twice.
        drop(crowd);
        assert_eq!(lock(&slots.table).open.len(), 2);
        assert_eq!(lock(&slots.table).per_ip.get(&ip("10.0.0.1")), None);
    }
}
