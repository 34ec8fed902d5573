//! The proxy's integration tests, one binary: the outbox on both stores, delivery against a
//! scriptable JourneyBee, the HTTP surface and its refusals, abuse and limits, the operator's
//! commands, and the real binary as a process (crash, restart, replicas). `common` holds the
//! fixtures they share: one forms file, the stores, the upstream stand-in. Two tests need a
//! process to themselves and are binaries of their own: tests/logs.rs and tests/metrics.rs.

mod common;
mod conversion;

mod delivery;
mod device_keys;
mod dom_ids;
mod forms_check;
mod forms_new;
mod idempotency;
mod leads;
mod limits;
mod locales;
mod malformed;
mod one_request;
mod operations;
mod outbox;
mod privacy;
mod process;
mod proxy;
mod qualifying;
mod sandbox;
mod spam;
mod test_mode;
mod visibility;
mod visitor_limits;
