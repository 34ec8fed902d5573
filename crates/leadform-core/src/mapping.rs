//! From a validated submission and the form's trusted settings to the Create Lead request.

use crate::form::trusted::TrustedFormSettings;
use crate::journeybee::create_lead::{Attribution, CreateLeadRequest, PartnershipLead, SentBy};
use crate::journeybee::custom_field::{CustomFieldEntry, CustomFieldValue};
use crate::journeybee::enums::LeadSource;
use crate::submission::validate::ValidSubmission;

fn non_empty<T: Clone>(items: &[T]) -> Option<Vec<T>> {
    (!items.is_empty()).then(|| items.to_vec())
}

/// Builds the request JourneyBee receives. Partnership ids, association, tags and
/// attributions come only from `settings`; `submitted_at` (ISO 8601) dates the attributions.
pub fn build_create_lead(
    settings: &TrustedFormSettings,
    submission: &ValidSubmission,
    submitted_at: &str,
) -> CreateLeadRequest {
    let owned = |text: Option<&str>| text.map(str::to_owned);
    let sent_by = SentBy {
        user_id: settings.sent_by_user_id,
        email: owned(submission.sent_by_email()),
        company_name: owned(submission.sent_by_company_name()),
    };
    let has_sender =
        sent_by.user_id.is_some() || sent_by.email.is_some() || sent_by.company_name.is_some();
    let attributions: Vec<Attribution> = settings
        .attributions
        .iter()
        .map(|&id| Attribution {
            id,
            attributed_date: submitted_at.to_owned(),
        })
        .collect();

    CreateLeadRequest {
        company_name: owned(submission.company_name()),
        email: owned(submission.email()),
        phone_number: owned(submission.phone_number()),
        first_name: owned(submission.first_name()),
        last_name: owned(submission.last_name()),
        source: Some(LeadSource::LeadSubmissionForm),
        association_type: settings.association_type.into(),
        company_campaign_id: settings.company_campaign_id,
        partnership_lead: Some(PartnershipLead {
            partnership_id: settings.partnership_id,
            partners_company_id: settings.partners_company_id,
            company_partnerships_id: settings.company_partnerships_id,
            send_to_partner: settings.send_to_partner,
            assigned_from_partner_lead: None,
            form_submission_lead: Some(true),
            form_direction: Some(submission.direction()),
            partners_company_name: settings.partners_company_name.clone(),
            partner_users: non_empty(&settings.partner_users),
            sent_by: has_sender.then_some(sent_by),
        }),
        tags: non_empty(&settings.tags),
        custom_fields: non_empty(&custom_fields(settings, submission)),
        partner_custom_fields: None,
        attributions: non_empty(&attributions),
        integration_name: None,
        integration_custom_fields: None,
        powerups: None,
    }
}

/// The answers' custom fields, then the hidden fields the form routes to custom fields.
fn custom_fields(
    settings: &TrustedFormSettings,
    submission: &ValidSubmission,
) -> Vec<CustomFieldEntry> {
    let mut fields = submission.custom_fields().to_vec();
    for (hidden, value) in submission.hidden() {
        if let Some(&custom_field_id) = settings.hidden_fields.get(hidden) {
            fields.push(CustomFieldEntry {
                custom_field_id,
                value: CustomFieldValue::Text(value.clone()),
            });
        }
    }
    fields
}
