//! How each form converts, counted per hour in the outbox store (replicas add to the same
//! rows): what the loader's beacons report (`shown`, `started`, steps reached, the last
//! question of those who left), and what the store counts itself as it accepts and delivers
//! (`submitted`, `delivered`).
//! Only counts: no visitor, address or answer is kept. Test submissions are not counted.

use std::fmt::Write as _;
use std::time::Duration;

use crate::outbox::{FormCount, Millis, hour_of, metric, now_millis, timestamp};

use super::Delivery;

/// How long counts are kept.
pub const KEPT: Duration = Duration::from_secs(396 * 24 * 3600);

impl Delivery {
    /// Adds `counts` (metric, how many) to `form_id`'s current hour. A count that cannot be
    /// written is logged and lost: it never holds up a visitor or a delivery.
    pub async fn count(&self, form_id: &str, counts: &[(String, i64)]) {
        let hour = hour_of(now_millis());
        let counts: Vec<FormCount> = counts
            .iter()
            .filter(|(_, count)| *count != 0)
            .map(|(metric, count)| {
                crate::metrics::form_event(form_id, metric, *count);
                FormCount {
                    form_id: form_id.to_owned(),
                    hour,
                    metric: metric.clone(),
                    count: *count,
                }
            })
            .collect();
        if counts.is_empty() {
            return;
        }
        if let Err(error) = self.inner.outbox.count(counts).await {
            tracing::warn!(%error, form = form_id, "could not count how the form converts");
        }
    }

    /// Forgets counts older than [`KEPT`].
    pub(super) async fn forget_old_counts(&self, now: Millis) {
        let before = now.saturating_sub(KEPT.as_millis() as Millis);
        if let Err(error) = self.inner.outbox.forget_counts(hour_of(before)).await {
            tracing::warn!(%error, "could not forget old form counts");
        }
    }
}

/// How `stats` splits the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One row per form for the whole range.
    Total,
    Day,
    Hour,
}

/// One form's figures over a period.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Figures {
    pub shown: i64,
    pub started: i64,
    pub submitted: i64,
    pub delivered: i64,
    /// `started` ÷ `shown`.
    pub start_rate: Option<f64>,
    /// `submitted` ÷ `started`.
    pub completion_rate: Option<f64>,
    /// Visitors who reached each step after the first, by step number (2, 3, …).
    pub steps: std::collections::BTreeMap<String, i64>,
    /// Visitors who left without sending, by the last question they answered.
    pub gave_up_at: std::collections::BTreeMap<String, i64>,
}

/// One form's figures, and per period where asked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FormFigures {
    pub form: String,
    #[serde(flatten)]
    pub total: Figures,
    /// By day or hour (its start, in milliseconds since 1970), oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<(Millis, Figures)>,
}

impl Figures {
    fn add(&mut self, metric: &str, count: i64) {
        match metric {
            metric::SHOWN => self.shown += count,
            metric::STARTED => self.started += count,
            metric::SUBMITTED => self.submitted += count,
            metric::DELIVERED => self.delivered += count,
            other => {
                let (map, key) = if let Some(step) = other.strip_prefix(metric::STEP) {
                    (&mut self.steps, step)
                } else if let Some(question) = other.strip_prefix(metric::LEFT) {
                    (&mut self.gave_up_at, question)
                } else {
                    return;
                };
                *map.entry(key.to_owned()).or_default() += count;
            }
        }
    }

    fn finish(mut self) -> Self {
        let ratio = |part: i64, whole: i64| (whole > 0).then(|| part as f64 / whole as f64);
        self.start_rate = ratio(self.started, self.shown);
        self.completion_rate = ratio(self.submitted, self.started);
        // A visitor counted as gone in one hour who came back in the next nets out here.
        self.gave_up_at.retain(|_, count| *count > 0);
        self.steps.retain(|_, count| *count > 0);
        self
    }
}

/// Adds up `counts` (ordered by form, then hour) per form, and per period.
pub fn figures(counts: &[FormCount], period: Period) -> Vec<FormFigures> {
    let mut forms: Vec<FormFigures> = Vec::new();
    for count in counts {
        if forms.last().is_none_or(|last| last.form != count.form_id) {
            forms.push(FormFigures {
                form: count.form_id.clone(),
                total: Figures::default(),
                periods: Vec::new(),
            });
        }
        let Some(form) = forms.last_mut() else {
            continue;
        };
        form.total.add(&count.metric, count.count);
        let start = match period {
            Period::Total => continue,
            Period::Day => count.hour - count.hour.rem_euclid(24 * 3_600_000),
            Period::Hour => count.hour,
        };
        if form.periods.last().is_none_or(|(last, _)| *last != start) {
            form.periods.push((start, Figures::default()));
        }
        if let Some((_, figures)) = form.periods.last_mut() {
            figures.add(&count.metric, count.count);
        }
    }
    for form in &mut forms {
        form.total = std::mem::take(&mut form.total).finish();
        for (_, figures) in &mut form.periods {
            *figures = std::mem::take(figures).finish();
        }
    }
    forms
}

/// What `leadform-proxy stats --json` prints: `{"since", "forms": [figures…]}`.
pub fn report(forms: &[FormFigures], since: Millis) -> serde_json::Value {
    serde_json::json!({ "since": timestamp(since), "forms": forms })
}

/// The figures as `leadform-proxy stats` prints them.
pub fn table(forms: &[FormFigures], since: Millis) -> String {
    let mut out = format!("since {}\n", timestamp(since));
    let _ = writeln!(
        out,
        "{:<28} {:>7} {:>7} {:>9} {:>9} {:>7} {:>10}",
        "FORM", "SHOWN", "STARTED", "SUBMITTED", "DELIVERED", "START", "COMPLETION"
    );
    let row = |out: &mut String, name: &str, figures: &Figures| {
        let rate = |rate: Option<f64>| {
            rate.map_or_else(|| "-".to_owned(), |r| format!("{:.0}%", r * 100.0))
        };
        let _ = writeln!(
            out,
            "{:<28} {:>7} {:>7} {:>9} {:>9} {:>7} {:>10}",
            name,
            figures.shown,
            figures.started,
            figures.submitted,
            figures.delivered,
            rate(figures.start_rate),
            rate(figures.completion_rate)
        );
    };
    for form in forms {
        row(&mut out, &form.form, &form.total);
        for (start, figures) in &form.periods {
            row(&mut out, &format!("  {}", timestamp(*start)), figures);
        }
        if !form.total.steps.is_empty() {
            let steps: Vec<String> = form
                .total
                .steps
                .iter()
                .map(|(step, count)| format!("step {step}: {count}"))
                .collect();
            let _ = writeln!(out, "  reached: {}", steps.join(", "));
        }
        if !form.total.gave_up_at.is_empty() {
            let mut gave_up: Vec<(&String, &i64)> = form.total.gave_up_at.iter().collect();
            gave_up.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let gave_up: Vec<String> = gave_up
                .iter()
                .map(|(question, count)| format!("{question} {count}"))
                .collect();
            let _ = writeln!(out, "  gave up after: {}", gave_up.join(", "));
        }
    }
    if forms.is_empty() {
        out.push_str("nothing counted yet\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(form: &str, hour: Millis, metric: &str, count: i64) -> FormCount {
        FormCount {
            form_id: form.into(),
            hour,
            metric: metric.into(),
            count,
        }
    }

    #[test]
    fn counts_add_up_per_form_and_day_and_returns_net_out() {
        const H: Millis = 3_600_000;
        let counts = [
            count("a", 0, "shown", 10),
            count("a", 0, "started", 4),
            count("a", 0, "left:email", 3),
            count("a", H, "left:email", -1),
            count("a", H, "left:custom_5", 1),
            count("a", 25 * H, "shown", 2),
            count("a", 25 * H, "submitted", 2),
            count("a", 25 * H, "delivered", 1),
            count("a", 25 * H, "step:2", 3),
            count("b", 0, "shown", 1),
        ];
        let forms = figures(&counts, Period::Day);
        assert_eq!(forms.len(), 2);
        let a = &forms[0];
        assert_eq!(
            (
                a.total.shown,
                a.total.started,
                a.total.submitted,
                a.total.delivered
            ),
            (12, 4, 2, 1)
        );
        assert_eq!(a.total.start_rate, Some(4.0 / 12.0));
        assert_eq!(a.total.completion_rate, Some(0.5));
        assert_eq!(a.total.gave_up_at.get("email"), Some(&2));
        assert_eq!(a.total.gave_up_at.get("custom_5"), Some(&1));
        assert_eq!(a.total.steps.get("2"), Some(&3));
        assert_eq!(a.periods.len(), 2, "two days");
        assert_eq!(a.periods[1].0, 24 * H);
        assert_eq!(a.periods[1].1.shown, 2);
        assert_eq!(forms[1].total.start_rate, Some(0.0));
        assert_eq!(forms[1].total.completion_rate, None);
        assert!(figures(&counts, Period::Total)[0].periods.is_empty());
    }
}
