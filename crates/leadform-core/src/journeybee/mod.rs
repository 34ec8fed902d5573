//! The JourneyBee API as `../shared/journeybee-api/` documents it, with its exact JSON names.

pub mod api_error;
pub mod calendar_date;
pub mod catalogue;
pub mod create_lead;
pub mod custom_field;
pub mod email;
pub mod enums;
pub mod finite_number;
pub mod get_leads;
