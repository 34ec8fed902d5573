//! `leadform-proxy leads`: the account's leads through Get Leads, with every filter the
//! reference documents, for people (a table) or scripts (`--json`); `--form` shows only the
//! leads this proxy delivered for one form, beside their outbox records.

use std::fmt::Write as _;
use std::time::Duration;

use leadform_core::journeybee::get_leads::{LeadQuery, ListedLead, wire_name};
use leadform_proxy::journeybee::lead_listing::{self, Leads};
use leadform_proxy::outbox::{self, OutboxRecord, Role};
use leadform_proxy::{ApiKey, JourneyBeeClient, StartupError};

use super::args::{LeadsArgs, api_key_from_env};

/// How long one page may take.
const TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(args: LeadsArgs) -> Result<bool, StartupError> {
    let key = api_key_from_env()
        .ok_or_else(|| StartupError::Config("JOURNEYBEE_API_KEY is not set".into()))?;
    let client = JourneyBeeClient::new(&args.journeybee_url, &ApiKey::new(key), TIMEOUT)?;
    let query = LeadQuery {
        user_id: args.journeybee_user_id,
        cursor: args.cursor.clone(),
        search: args.search.clone(),
        view: args.view,
        assigned: args.assigned,
        unassigned: args.unassigned,
        status: args.status.clone(),
        tags: args.tags.clone(),
        users: args.users.clone(),
        custom_fields: args.custom_fields.clone(),
        sort: args.sort.clone(),
    };
    // One form's leads may be on any page.
    let every_page = args.all || args.form.is_some();
    let Leads {
        mut leads,
        next_cursor,
    } = lead_listing::read(&client, query, every_page)
        .await
        .map_err(|error| StartupError::Config(format!("Get Leads: {error}")))?;
    let records = match &args.form {
        Some(form) => {
            let outbox = outbox::open(&args.store.location(), Role::Operator).await?;
            let records = lead_listing::delivered_for_form(&outbox, form).await;
            outbox.close().await;
            let records = records?;
            leads.retain(|lead| records.contains_key(&lead.id));
            Some(records)
        }
        None => None,
    };
    let record_of = |lead: &ListedLead| records.as_ref().and_then(|records| records.get(&lead.id));
    if args.json {
        let items: Vec<serde_json::Value> = leads
            .iter()
            .map(|lead| {
                let mut item = serde_json::to_value(lead).unwrap_or_default();
                if let Some(record) = record_of(lead) {
                    item["outbox"] = serde_json::json!({
                        "submission_id": record.id,
                        "state": record.state.as_str(),
                        "attempts": record.attempts,
                    });
                }
                item
            })
            .collect();
        let out = serde_json::json!({ "leads": items, "next_cursor": next_cursor });
        println!("{out:#}");
    } else {
        print!("{}", table(&leads, &record_of, records.is_some()));
        match (&next_cursor, &records) {
            (Some(cursor), _) => println!(
                "{} lead(s); more with --all or --cursor {cursor}",
                leads.len()
            ),
            (None, Some(records)) => println!(
                "{} lead(s); the outbox has {} delivered for {}",
                leads.len(),
                records.len(),
                args.form.as_deref().unwrap_or_default()
            ),
            (None, None) => println!("{} lead(s)", leads.len()),
        }
    }
    Ok(true)
}

fn table<'a>(
    leads: &[ListedLead],
    record_of: &dyn Fn(&ListedLead) -> Option<&'a OutboxRecord>,
    with_outbox: bool,
) -> String {
    let mut out = format!(
        "{:>8}  {:<20}  {:<10}  {:<11}  {:<24}  {:<30}  {:<16}",
        "ID", "CREATED", "STATUS", "SOURCE", "COMPANY", "EMAIL", "TAGS"
    );
    if with_outbox {
        let _ = write!(out, "  {:<36}  {:<9}  ATTEMPTS", "SUBMISSION", "STATE");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    for lead in leads {
        let tags = lead
            .tags
            .iter()
            .map(|tag| {
                if tag.label.is_empty() {
                    tag.id.to_string()
                } else {
                    tag.label.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",");
        let _ = write!(
            out,
            "{:>8}  {:<20}  {:<10}  {:<11}  {:<24}  {:<30}  {:<16}",
            lead.id,
            created(&lead.created_at),
            wire_name(&lead.status),
            wire_name(&lead.source),
            cut(lead.company_name.as_deref().unwrap_or("-"), 24),
            cut(lead.email.as_deref().unwrap_or("-"), 30),
            cut(&tags, 16)
        );
        if let Some(record) = record_of(lead) {
            let _ = write!(
                out,
                "  {:<36}  {:<9}  {}",
                record.id, record.state, record.attempts
            );
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out
}

/// `2026-11-25T09:09:48.123Z` as `2026-11-25 09:09:48`: to the second is enough to read.
fn created(at: &str) -> String {
    at.chars()
        .take(19)
        .map(|c| if c == 'T' { ' ' } else { c })
        .collect()
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}
