//! `leadform-proxy stats`: how each form converts, from the counts in the outbox store
//! (every replica's, on PostgreSQL).

use std::fmt::Write as _;

use leadform_proxy::StartupError;
use leadform_proxy::delivery::conversion::{Figures, FormFigures, Period, figures};
use leadform_proxy::outbox::{self, Millis, Role, hour_of, now_millis};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::args::StatsArgs;

pub async fn run(args: StatsArgs) -> Result<bool, StartupError> {
    let outbox = outbox::open(&args.store.location(), Role::Operator).await?;
    let since = hour_of(now_millis().saturating_sub(args.since.as_millis() as Millis));
    let counts = outbox.counts(args.form.as_deref(), since).await;
    outbox.close().await;
    let period = match args.by.as_deref() {
        Some("day") => Period::Day,
        Some("hour") => Period::Hour,
        _ => Period::Total,
    };
    let forms = figures(&counts?, period);
    if args.json {
        let json = serde_json::json!({ "since": timestamp(since), "forms": forms });
        println!("{json:#}");
    } else {
        print!("{}", table(&forms, since));
    }
    Ok(true)
}

fn timestamp(at: Millis) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000)
        .ok()
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_string())
}

fn table(forms: &[FormFigures], since: Millis) -> String {
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
