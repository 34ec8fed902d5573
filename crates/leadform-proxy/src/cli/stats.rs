//! `leadform-proxy stats`: how each form converts, from the counts in the outbox store
//! (every replica's, on PostgreSQL).

use leadform_proxy::StartupError;
use leadform_proxy::delivery::conversion::{Period, figures, report, table};
use leadform_proxy::outbox::{self, Millis, Role, hour_of, now_millis};

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
        println!("{:#}", report(&forms, since));
    } else {
        print!("{}", table(&forms, since));
    }
    Ok(true)
}
