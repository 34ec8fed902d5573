//! What an account defines: its lead custom fields (`GET /custom-fields?category=lead`) and
//! its lead tags (`GET /tags?association=lead`), as NOTES.md describes them.

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
