//! `leadform-proxy forms check`: the forms file against the JourneyBee account, before a
//! single lead is refused. Every custom field a question, or a campaign value, goes to
//! must exist for the form's partner type, with the question's type and options; every tag
//! must exist.

use std::collections::HashMap;

use leadform_core::{
    CustomFieldDefinition, CustomFieldType, LeadField, PartnerAssociation, TagDefinition,
};

use crate::config::ProxyConfig;
use crate::journeybee::{JourneyBeeClient, LookupError};

/// Reads the account's custom fields (once per partner type the forms use) and tags, and
/// returns what does not match, one sentence each.
pub async fn check(
    config: &ProxyConfig,
    client: &JourneyBeeClient,
) -> Result<Vec<String>, LookupError> {
    let tags = client.tags().await?;
    let mut fields = HashMap::new();
    for form in &config.forms {
        let partner_type = partner_type(form.trusted.association_type);
        if !fields.contains_key(partner_type) {
            fields.insert(partner_type, client.custom_fields(partner_type).await?);
        }
    }
    Ok(mismatches(config, &fields, &tags))
}

/// What in `config` the account (its custom fields per partner type, its tags) lacks.
pub fn mismatches(
    config: &ProxyConfig,
    fields: &HashMap<&'static str, Vec<CustomFieldDefinition>>,
    tags: &[TagDefinition],
) -> Vec<String> {
    let mut found = Vec::new();
    for form in &config.forms {
        let form_id = &form.definition.id;
        let partner_type = partner_type(form.trusted.association_type);
        let account = fields.get(partner_type).map_or(&[][..], Vec::as_slice);
        let lookup = |id: u64| account.iter().find(|field| field.id == id);
        for question in &form.definition.fields {
            let LeadField::Custom { id, field_type } = question.field else {
                continue;
            };
            let what = format!(
                "form {form_id}: question {:?} (custom field {id})",
                question.label
            );
            match lookup(id) {
                None => found.push(format!(
                    "{what}: the account has no such {partner_type} lead field"
                )),
                Some(defined) if defined.field_type != field_type => found.push(format!(
                    "{what}: the account's field is {}, the form says {}",
                    type_name(defined.field_type),
                    type_name(field_type)
                )),
                Some(defined) => {
                    let options = defined.options.as_deref().unwrap_or_default();
                    for option in &question.options {
                        if !options.iter().any(|known| known.id == option.id) {
                            found.push(format!(
                                "{what}: option {} ({:?}) is not one of the field's options",
                                option.id, option.label
                            ));
                        }
                    }
                }
            }
        }
        // Hidden fields and the consent record send text: each needs a text field.
        let text_destinations = form
            .trusted
            .hidden_fields
            .iter()
            .map(|(hidden, id)| {
                (
                    format!("{} goes to custom field {id}", hidden.name()),
                    *id,
                    "campaign values need",
                )
            })
            .chain(form.trusted.consent_record_field.map(|id| {
                (
                    format!("the consent record (consent_record_field) goes to custom field {id}"),
                    id,
                    "the consent record needs",
                )
            }));
        for (what, id, needs) in text_destinations {
            let what = format!("form {form_id}: {what}");
            match lookup(id) {
                None => found.push(format!(
                    "{what}, which the account has no {partner_type} lead field for"
                )),
                Some(defined) if defined.field_type != CustomFieldType::Text => {
                    found.push(format!(
                        "{what}, a {} field; {needs} a text field",
                        type_name(defined.field_type)
                    ))
                }
                Some(_) => {}
            }
        }
        for tag in &form.trusted.tags {
            if !tags.iter().any(|known| known.id == *tag) {
                found.push(format!(
                    "form {form_id}: tag {tag} does not exist in the account"
                ));
            }
        }
    }
    found
}

fn partner_type(association: PartnerAssociation) -> &'static str {
    match association {
        PartnerAssociation::Referral => "referral",
        PartnerAssociation::Reseller => "reseller",
    }
}

fn type_name(field_type: CustomFieldType) -> &'static str {
    match field_type {
        CustomFieldType::Text => "text",
        CustomFieldType::Textarea => "textarea",
        CustomFieldType::Number => "number",
        CustomFieldType::Date => "date",
        CustomFieldType::Boolean => "boolean",
        CustomFieldType::Select => "select",
        CustomFieldType::MultiSelect => "multi_select",
    }
}
