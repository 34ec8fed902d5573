//! `leadform-proxy outbox list|show|retry|discard|purge|forget|export`: the operator's view
//! of every lead and the few things they may do about one, and a person's rights over what
//! the proxy holds about them. Works on both stores, beside a running proxy.

use std::fmt::Write as _;

use leadform_proxy::StartupError;
use leadform_proxy::delivery::consent::ConsentRecord;
use leadform_proxy::delivery::retention;
use leadform_proxy::outbox::{
    self, DeliveryState, ListFilter, Millis, OperatorChange, Outbox, OutboxRecord, Role,
    now_millis, timestamp,
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
        OutboxAction::Purge {
            retain_personal_data,
            dry_run,
        } => {
            let now = now_millis();
            if dry_run {
                let due = retention::due(&outbox, retain_personal_data, now).await?;
                print!("{}", table(&due));
                println!(
                    "{} record(s) would have their personal data erased (final for longer than {})",
                    due.len(),
                    humantime::format_duration(retain_personal_data)
                );
            } else {
                let erased = retention::erase_due(&outbox, retain_personal_data, now).await?;
                for id in &erased {
                    println!("{id}: personal data erased");
                }
                println!("{} record(s) erased", erased.len());
                tracing::info!(
                    records = erased.len(),
                    "erased personal data past retention"
                );
            }
        }
        OutboxAction::Forget {
            email,
            submission,
            force,
        } => {
            all_done = forget(&outbox, email.as_deref(), submission.as_deref(), force).await?;
        }
        OutboxAction::Export { email } => {
            let records = outbox.holding_email(&email).await?;
            let mut exported = Vec::with_capacity(records.len());
            for record in &records {
                exported.push(export(record, outbox.events(&record.id).await?));
            }
            let document = serde_json::json!({
                "email": email.trim(),
                "exported_at": timestamp(now_millis()),
                "held_by": "leadform-proxy outbox",
                "records": exported,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
            tracing::info!(
                records = records.len(),
                "exported a person's records on request"
            );
        }
    }
    outbox.close().await;
    Ok(all_done)
}

/// `outbox forget`: erases one person's records (or one submission's); queued ones only
/// with `force`, discarded first so they are never sent. `Ok(false)` if any was left.
async fn forget(
    outbox: &Outbox,
    email: Option<&str>,
    submission: Option<&str>,
    force: bool,
) -> Result<bool, StartupError> {
    let records = match (email, submission) {
        (Some(email), _) => outbox.holding_email(email).await?,
        (None, Some(id)) => match outbox.get(id).await? {
            Some(record) => vec![record],
            None => {
                println!("{id}: no such submission");
                return Ok(false);
            }
        },
        (None, None) => Vec::new(),
    };
    if records.is_empty() {
        println!("no record holds that address; nothing to erase");
        return Ok(true);
    }
    let (mut erased, mut left) = (0_usize, 0_usize);
    for record in &records {
        let id = &record.id;
        let now = now_millis();
        if record.state == DeliveryState::Queued {
            if !force {
                println!(
                    "{id}: not delivered yet, left as it is: --force discards it (it will never \
                     reach JourneyBee) and erases it"
                );
                left += 1;
                continue;
            }
            match outbox.discard(id, now).await? {
                OperatorChange::Done(_) => println!("{id}: discarded, it will not be sent"),
                OperatorChange::NotFound => continue,
                OperatorChange::NotAllowed(_) => {
                    println!("{id}: an attempt is under way; run this again once it has ended");
                    left += 1;
                    continue;
                }
            }
        }
        match outbox.erase(id, now).await? {
            OperatorChange::Done(done) => {
                erased += 1;
                println!(
                    "{id}: personal data erased ({}, {}, accepted {})",
                    done.form_id,
                    done.state,
                    timestamp(done.created_at)
                );
            }
            OperatorChange::NotFound => {}
            OperatorChange::NotAllowed(state) => {
                println!("{id}: not erased while it is {state}");
                left += 1;
            }
        }
    }
    println!("{erased} record(s) erased, {left} left");
    tracing::info!(
        records = erased,
        left,
        "forgot a person's records on request"
    );
    Ok(left == 0)
}

/// One record as `outbox export` prints it: what it holds, and what happened to it.
fn export(record: &OutboxRecord, history: Vec<outbox::DeliveryEvent>) -> serde_json::Value {
    let json_or_text = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
    };
    serde_json::json!({
        "submission": record.id,
        "form": record.form_id,
        "state": record.state.as_str(),
        "accepted": timestamp(record.created_at),
        "finished": record.finished_at.map(timestamp),
        "journeybee_lead_id": record.lead.as_ref().map(|lead| lead.id),
        "test": record.test,
        "lead_request": json_or_text(&record.request),
        "consent": record.consent.as_deref().map(json_or_text),
        "last_error": record.last_error,
        "history": history.iter().map(|event| serde_json::json!({
            "at": timestamp(event.at),
            "kind": event.kind,
            "detail": event.detail,
        })).collect::<Vec<_>>(),
    })
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
            println!(
                "{id}: not possible while it is {state} (or while an attempt is under way, or \
                 once its personal data is erased)"
            );
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
                if record.erased_at.is_none() {
                    let _ = writeln!(out, "consent text:  {}", consent.text);
                }
            }
            Err(_) => {
                let _ = writeln!(out, "consent:       {consent}");
            }
        }
    }
    if let Some(at) = record.erased_at {
        let _ = writeln!(
            out,
            "personal data: erased {} (the lead request, the consent's text, the visitor's words in errors)",
            timestamp(at)
        );
        return out;
    }
    let request = serde_json::from_str::<serde_json::Value>(&record.request)
        .and_then(|json| serde_json::to_string_pretty(&json))
        .unwrap_or_else(|_| record.request.clone());
    let _ = writeln!(out, "lead request:\n{request}");
    out
}
