//! `leadform-proxy outbox list|show|retry|discard`: the operator's view of every lead and
//! the few things they may do about one. Works on both stores, beside a running proxy.

use std::fmt::Write as _;

use leadform_proxy::StartupError;
use leadform_proxy::delivery::consent::ConsentRecord;
use leadform_proxy::outbox::{
    self, ListFilter, Millis, OperatorChange, OutboxRecord, Role, now_millis, timestamp,
};

use super::args::{OutboxAction, OutboxArgs};

/// Runs one operator command, printing to stdout; `Ok(false)` if some id could not be acted on.
pub async fn run(args: OutboxArgs) -> Result<bool, StartupError> {
    let outbox = outbox::open(&args.store.location(), Role::Operator).await?;
    let mut all_done = true;
    match args.action {
        OutboxAction::List {
            state,
            form,
            test,
            limit,
        } => {
            let filter = ListFilter {
                state,
                form_id: form,
                test_only: test,
                limit,
            };
            let records = outbox.list(&filter).await?;
            print!("{}", table(&records));
        }
        OutboxAction::Show { id } => match outbox.get(&id).await? {
            Some(record) => {
                let events = outbox.events(&id).await?;
                print!("{}", details(&record));
                println!("history:");
                for event in events {
                    println!(
                        "  {}  {:<9} {}",
                        timestamp(event.at),
                        event.kind,
                        event.detail
                    );
                }
            }
            None => {
                println!("{id}: no such submission");
                all_done = false;
            }
        },
        OutboxAction::Retry {
            ids,
            force,
            max_age,
        } => {
            for id in ids {
                let now = now_millis();
                let give_up_at = now + max_age.as_millis() as Millis;
                let change = outbox.retry(&id, now, give_up_at, force).await?;
                all_done &= report(&id, "queued again", &change);
            }
        }
        OutboxAction::Discard { ids } => {
            for id in ids {
                let change = outbox.discard(&id, now_millis()).await?;
                all_done &= report(&id, "discarded", &change);
            }
        }
    }
    outbox.close().await;
    Ok(all_done)
}

fn report(id: &str, done: &str, change: &OperatorChange) -> bool {
    match change {
        OperatorChange::Done(_) => {
            println!("{id}: {done}");
            true
        }
        OperatorChange::NotFound => {
            println!("{id}: no such submission");
            false
        }
        OperatorChange::NotAllowed(state) => {
            println!("{id}: not possible while it is {state} (or while an attempt is under way)");
            false
        }
    }
}

fn table(records: &[OutboxRecord]) -> String {
    let mut out = format!(
        "{:<36}  {:<20}  {:<9}  {:>8}  {:<24}  {:>8}  {}\n",
        "SUBMISSION", "FORM", "STATE", "ATTEMPTS", "ACCEPTED", "LEAD", "LAST ERROR"
    );
    for record in records {
        let lead = record
            .lead
            .as_ref()
            .map_or_else(|| "-".to_owned(), |lead| lead.id.to_string());
        let error: String = record
            .last_error
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        let _ = writeln!(
            out,
            "{:<36}  {:<20}  {:<9}  {:>8}  {:<24}  {:>8}  {}",
            record.id,
            if record.test {
                format!("{} [test]", record.form_id)
            } else {
                record.form_id.clone()
            },
            record.state,
            record.attempts,
            timestamp(record.created_at),
            lead,
            error
        );
    }
    let _ = writeln!(out, "{} record(s)", records.len());
    out
}

fn details(record: &OutboxRecord) -> String {
    let optional_time = |at: Option<Millis>| at.map_or_else(|| "-".to_owned(), timestamp);
    let mut out = String::new();
    let _ = writeln!(out, "submission:    {}", record.id);
    let _ = writeln!(out, "form:          {}", record.form_id);
    if record.test {
        let _ = writeln!(
            out,
            "test:          from a test origin; delivered to the sandbox"
        );
    }
    let _ = writeln!(out, "state:         {}", record.state);
    let _ = writeln!(out, "accepted:      {}", timestamp(record.created_at));
    let _ = writeln!(out, "attempts:      {}", record.attempts);
    let _ = writeln!(
        out,
        "first attempt: {}",
        optional_time(record.first_attempt_at)
    );
    if record.state == outbox::DeliveryState::Queued {
        let _ = writeln!(out, "next attempt:  {}", timestamp(record.next_attempt_at));
    }
    let _ = writeln!(out, "gives up at:   {}", timestamp(record.give_up_at));
    let _ = writeln!(
        out,
        "in doubt:      {}",
        if record.in_doubt {
            "yes (an earlier attempt may have created the lead; it is checked before resending)"
        } else {
            "no"
        }
    );
    if let Some(lead) = &record.lead {
        let how = if record.found_by_check {
            " (found by a Get Leads check)"
        } else {
            ""
        };
        let _ = writeln!(out, "lead:          {} {}{how}", lead.id, lead.uuid);
    }
    if let Some(status) = record.upstream_status {
        let _ = writeln!(out, "refused with:  {status}");
    }
    if let Some(error) = &record.last_error {
        let _ = writeln!(out, "last error:    {error}");
    }
    let _ = writeln!(out, "finished:      {}", optional_time(record.finished_at));
    if let Some(consent) = &record.consent {
        match serde_json::from_str::<ConsentRecord>(consent) {
            Ok(consent) => {
                let _ = writeln!(
                    out,
                    "consent:       version {}, given {}, in {}",
                    consent.version, consent.at, consent.locale
                );
                let _ = writeln!(out, "consent text:  {}", consent.text);
            }
            Err(_) => {
                let _ = writeln!(out, "consent:       {consent}");
            }
        }
    }
    let request = serde_json::from_str::<serde_json::Value>(&record.request)
        .and_then(|json| serde_json::to_string_pretty(&json))
        .unwrap_or_else(|_| record.request.clone());
    let _ = writeln!(out, "lead request:\n{request}");
    out
}
