//! What the proxy counts, and `/metrics` in Prometheus' text format (the `metrics` crate
//! with its Prometheus exporter). Labels are form ids and fixed words, never personal data.

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::outbox::{Outbox, Outcome, now_millis};

const UPSTREAM_LATENCY: &str = "leadform_upstream_request_duration_seconds";
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 30.0,
];

/// The process's recorder; installed the first time anything asks for it. `None` if another
/// recorder was installed first (then nothing is exported).
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let installed = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(UPSTREAM_LATENCY.into()), LATENCY_BUCKETS)
                .and_then(PrometheusBuilder::install_recorder);
            match installed {
                Ok(handle) => Some(handle),
                Err(error) => {
                    tracing::warn!(%error, "metrics are not exported");
                    None
                }
            }
        })
        .as_ref()
}

/// Installs the recorder, so counts start with the process rather than the first scrape.
pub fn install() {
    let _ = handle();
}

/// `/metrics`: the queue gauges read fresh from the outbox, then everything counted.
pub async fn render(outbox: &Outbox) -> String {
    refresh_queue_gauges(outbox).await;
    match handle() {
        Some(handle) => {
            handle.run_upkeep();
            handle.render()
        }
        None => String::new(),
    }
}

/// A submission was stored.
pub fn accepted(form: &str) {
    counter!("leadform_submissions_accepted_total", "form" => form.to_owned()).increment(1);
}

/// How a form converts, as `stats` counts it: `leadform_form_events_total{form, event}` with
/// `event` one of `shown`, `started`, `submitted`, `delivered`, `step:N`, `left:QUESTION`.
/// A visitor counted as gone who came back is `returned:QUESTION`, so every series only
/// grows (`left` less `returned` is who left there).
pub fn form_event(form: &str, metric: &str, count: i64) {
    let event = match metric.strip_prefix(crate::outbox::metric::LEFT) {
        Some(question) if count < 0 => format!("returned:{question}"),
        _ => metric.to_owned(),
    };
    counter!("leadform_form_events_total", "form" => form.to_owned(), "event" => event)
        .increment(count.unsigned_abs());
}

/// A repeat of a stored submission was answered with its outcome.
pub fn repeated(form: &str) {
    counter!("leadform_submissions_repeated_total", "form" => form.to_owned()).increment(1);
}

/// An attempt ended.
pub fn attempt_finished(form: &str, outcome: &Outcome) {
    let name = match outcome {
        Outcome::Delivered { .. } => "leadform_submissions_delivered_total",
        Outcome::Rejected { .. } => "leadform_submissions_rejected_total",
        Outcome::Retry { .. } => "leadform_delivery_retries_total",
        Outcome::Dead { .. } => "leadform_submissions_dead_total",
    };
    counter!(name, "form" => form.to_owned()).increment(1);
}

/// A Get Leads check ended (`found`, `not_found`, `failed`, …).
pub fn lead_check(result: &'static str) {
    counter!("leadform_lead_checks_total", "result" => result).increment(1);
}

/// One upstream call (`create_lead` or `get_leads`) took `elapsed`.
pub fn upstream_latency(call: &'static str, elapsed: Duration) {
    histogram!(UPSTREAM_LATENCY, "call" => call).record(elapsed.as_secs_f64());
}

/// Something waited for the upstream rate limit.
pub fn rate_limit_wait(wait: Duration) {
    counter!("leadform_rate_limit_waits_total").increment(1);
    counter!("leadform_rate_limit_wait_milliseconds_total").increment(wait.as_millis() as u64);
}

/// Reads the queue's depth and oldest age from the outbox into their gauges.
pub async fn refresh_queue_gauges(outbox: &Outbox) {
    match outbox.stats().await {
        Ok(stats) => {
            gauge!("leadform_outbox_queued").set(stats.queued as f64);
            let age = stats
                .oldest_queued_at
                .map_or(0.0, |at| (now_millis() - at).max(0) as f64 / 1000.0);
            gauge!("leadform_outbox_oldest_queued_age_seconds").set(age);
        }
        Err(error) => tracing::warn!(%error, "cannot read the outbox for metrics"),
    }
}
