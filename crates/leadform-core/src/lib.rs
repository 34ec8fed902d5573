//! The single source of truth shared by the leadform widget (wasm) and proxy (native):
//! the form schema, the JourneyBee lead model and the validation both sides run.
//!
//! A submission only becomes a Create Lead request by passing validation:
//!
//! ```
//! use leadform_core::{build_create_lead, validate, FormDefinition, Submission, TrustedFormSettings};
//!
//! let definition: FormDefinition = serde_json::from_str(r#"{
//!     "id": "acme-referral", "title": "Refer a client", "directions": ["send"],
//!     "fields": [{ "field": "email", "label": "Email", "required": true }]
//! }"#).unwrap();
//! let settings: TrustedFormSettings = serde_json::from_str(r#"{
//!     "allowed_origins": ["https://partner.example"], "association_type": "referral",
//!     "partnership_id": 456, "partners_company_id": 234, "company_partnerships_id": 789
//! }"#).unwrap();
//! let submission: Submission =
//!     serde_json::from_str(r#"{ "direction": "send", "values": { "email": " ada@example.com " } }"#).unwrap();
//!
//! let valid = validate(&definition, &submission).unwrap();
//! let request = build_create_lead(&settings, &valid, "2026-11-23T10:00:00Z");
//! assert_eq!(request.email.as_deref(), Some("ada@example.com"));
//! ```

#![deny(missing_docs)]

mod wire_names;

pub mod form;
pub mod journeybee;
pub mod json;
pub mod mapping;
pub mod submission;

pub use form::condition::Condition;
pub use form::definition::{
    ChoiceOption, FieldDefinition, FieldId, FormDefinition, FormId, InputKind, LeadField,
};
pub use form::email_rules::{EmailRules, FreeProviders};
pub use form::hidden::HiddenField;
pub use form::steps::Step;
pub use form::translation::{FieldTranslation, FormTranslation};
pub use form::trusted::{AllowedOrigin, PartnerAssociation, TrustedFormSettings};
pub use form::visibility::visible_questions;
pub use journeybee::api_error::ApiError;
pub use journeybee::calendar_date::CalendarDate;
pub use journeybee::catalogue::{
    CatalogueOption, CustomFieldDefinition, PartnerRef, PartnerUser, PartnershipListing,
    PartnershipRef, TagDefinition,
};
pub use journeybee::create_lead::{CreateLeadRequest, CreateLeadResponse, PartnershipLead, SentBy};
pub use journeybee::custom_field::{CustomFieldEntry, CustomFieldType, CustomFieldValue};
pub use journeybee::enums::{AssociationType, FormDirection, IntegrationName, LeadSource};
pub use journeybee::finite_number::FiniteNumber;
pub use json::{JsonError, from_json};
pub use mapping::build_create_lead;
pub use submission::email_suggestion::suggested_email;
pub use submission::errors::{CodeName, ErrorCode, FieldError, ValidationErrors};
pub use submission::receipt::{Receipt, ReceiptStatus};
pub use submission::refusal::{Refusal, RefusalCode, RefusalDetail};
pub use submission::submission::{Submission, SubmittedValue};
pub use submission::validate::{ValidSubmission, validate, validate_field};
