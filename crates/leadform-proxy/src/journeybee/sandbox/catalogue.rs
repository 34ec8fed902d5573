//! The sandbox account's lead custom fields and tags: `GET /custom-fields` and `GET /tags`,
//! from [`Catalogue`] (by default, what the demo's forms file uses).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use leadform_core::{CatalogueOption, CustomFieldDefinition, CustomFieldType, TagDefinition};

use super::{Sandbox, unauthorized};

/// What the sandbox account defines.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub custom_fields: Vec<CustomFieldDefinition>,
    pub tags: Vec<TagDefinition>,
}

impl Default for Catalogue {
    /// The fields and tag the demo's forms file names, for both partner types.
    fn default() -> Self {
        let field = |id: u64, label: &str, field_type: CustomFieldType| CustomFieldDefinition {
            id,
            label: label.to_owned(),
            field_type,
            partner_type: None,
            options: None,
        };
        let option = |id: u64, label: &str| CatalogueOption {
            id,
            label: label.to_owned(),
        };
        Self {
            custom_fields: vec![
                field(5, "Deal size", CustomFieldType::Number),
                field(6, "Notes", CustomFieldType::Textarea),
                CustomFieldDefinition {
                    options: Some(vec![
                        option(1, "Hive monitoring"),
                        option(2, "Honey logistics"),
                    ]),
                    ..field(7, "Product interest", CustomFieldType::Select)
                },
                CustomFieldDefinition {
                    options: Some(vec![option(1, "Referral"), option(2, "Reseller")]),
                    ..field(12, "Partner type", CustomFieldType::Select)
                },
                field(13, "Reseller number", CustomFieldType::Text),
                field(14, "Existing customer", CustomFieldType::Boolean),
                field(40, "Consent record", CustomFieldType::Text),
                field(21, "UTM source", CustomFieldType::Text),
                field(22, "UTM campaign", CustomFieldType::Text),
                field(23, "Landing page", CustomFieldType::Text),
            ],
            tags: vec![TagDefinition {
                id: 10,
                label: "Partner lead".to_owned(),
            }],
        }
    }
}

pub(super) async fn custom_fields(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if sandbox.authorized_key(&headers).is_none() {
        return unauthorized();
    }
    let partner_type = params.get("partner_type");
    let fields: Vec<&CustomFieldDefinition> = sandbox
        .inner
        .options
        .catalogue
        .custom_fields
        .iter()
        .filter(|field| field.partner_type.is_none() || field.partner_type.as_ref() == partner_type)
        .collect();
    Json(fields).into_response()
}

pub(super) async fn tags(State(sandbox): State<Sandbox>, headers: HeaderMap) -> Response {
    if sandbox.authorized_key(&headers).is_none() {
        return unauthorized();
    }
    Json(&sandbox.inner.options.catalogue.tags).into_response()
}
