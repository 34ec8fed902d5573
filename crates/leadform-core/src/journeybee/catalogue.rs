//! What an account defines: its lead custom fields (`GET /custom-fields?category=lead`), its
//! lead tags (`GET /tags?association=lead`) and its partnerships (`GET /partnerships`, with
//! each one's users), as NOTES.md describes them.

use serde::{Deserialize, Serialize};

use super::custom_field::CustomFieldType;

/// One custom field definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomFieldDefinition {
    /// The id Create Lead's `customFields[].customFieldId` names.
    pub id: u64,
    /// What the account calls it.
    pub label: String,
    /// Its type, which decides the value object.
    #[serde(rename = "type")]
    pub field_type: CustomFieldType,
    /// `referral` or `reseller`; may be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_type: Option<String>,
    /// Whether the account requires a value; may be missing (not required).
    #[serde(default)]
    pub required: bool,
    /// The options of a `select` or `multi_select`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CatalogueOption>>,
}

/// One option of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueOption {
    /// The id a value names.
    pub id: u64,
    /// What people see.
    pub label: String,
}

/// One lead tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagDefinition {
    /// The id Create Lead's `tags` names.
    pub id: u64,
    /// What people see.
    pub label: String,
}

/// One item of `GET /partnerships`: the company's side of a partnership, the partnership
/// itself and the partner company. Which of these ids Create Lead's fields take is not
/// documented; NOTES.md has our reading, and `forms new` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipListing {
    /// The item's own id (our reading: `company_partnerships_id`).
    pub id: u64,
    /// The partnership.
    pub partnership: PartnershipRef,
    /// The partner company.
    pub partner: PartnerRef,
}

/// The partnership of a [`PartnershipListing`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipRef {
    /// Our reading: `partnership_id`.
    pub id: u64,
    /// `referral` or `reseller`; may be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_type: Option<String>,
}

/// The partner company of a [`PartnershipListing`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRef {
    /// Our reading: `partners_company_id`.
    pub id: u64,
    /// Our reading: `partners_company_name`.
    pub name: String,
    /// The partner's website, where its pages (and so the form) are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_url: Option<String>,
}

/// One user of a partner company (`GET /partnerships/{id}/users`): who JourneyBee may notify
/// of a lead (`partnerUsers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerUser {
    /// The user id `partnerUsers` names.
    pub id: u64,
    /// Their email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Their first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Their last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}
