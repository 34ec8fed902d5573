//! The sandbox account's lead custom fields, tags and partnerships: `GET /custom-fields`,
//! `GET /tags`, `GET /partnerships` and `GET /partnerships/{id}/users`, from [`Catalogue`]
//! (by default, what the demo's forms file uses, and a partnership of each partner type).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leadform_core::{
    CatalogueOption, CustomFieldDefinition, CustomFieldType, PartnerRef, PartnerUser,
    PartnershipListing, PartnershipRef, TagDefinition,
};

use super::{Sandbox, names_the_user, refusal, unauthorized};

/// What the sandbox account defines.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub custom_fields: Vec<CustomFieldDefinition>,
    pub tags: Vec<TagDefinition>,
    pub partnerships: Vec<SandboxPartnership>,
}

/// One partnership of the sandbox account, with the partner's users.
#[derive(Debug, Clone)]
pub struct SandboxPartnership {
    pub listing: PartnershipListing,
    pub users: Vec<PartnerUser>,
}

impl Catalogue {
    /// The lead custom fields of `partner_type`: its own and those of no type, as
    /// `GET /custom-fields?partner_type=…` answers.
    pub fn fields_of(&self, partner_type: Option<&str>) -> Vec<&CustomFieldDefinition> {
        self.custom_fields
            .iter()
            .filter(|field| {
                field.partner_type.is_none() || field.partner_type.as_deref() == partner_type
            })
            .collect()
    }
}

impl SandboxPartnership {
    fn new(
        (item, partnership, partner): (u64, u64, u64),
        partner_type: &str,
        name: &str,
        website: &str,
    ) -> Self {
        Self {
            listing: PartnershipListing {
                id: item,
                partnership: PartnershipRef {
                    id: partnership,
                    partner_type: Some(partner_type.to_owned()),
                },
                partner: PartnerRef {
                    id: partner,
                    name: name.to_owned(),
                    website_url: Some(website.to_owned()),
                },
            },
            users: Vec::new(),
        }
    }
}

impl Default for Catalogue {
    /// The fields and tag the demo's forms file names, for both partner types; a field of
    /// each type's own; the demo's referral partnership (the ids of NOTES.md's example) and a
    /// reseller one.
    fn default() -> Self {
        let field = |id: u64, label: &str, field_type: CustomFieldType| CustomFieldDefinition {
            id,
            label: label.to_owned(),
            field_type,
            partner_type: None,
            required: false,
            options: None,
        };
        let user = |id: u64, email: &str, first: &str, last: &str| PartnerUser {
            id,
            email: Some(email.to_owned()),
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
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
                CustomFieldDefinition {
                    partner_type: Some("referral".to_owned()),
                    ..field(31, "How did you meet them?", CustomFieldType::Text)
                },
                CustomFieldDefinition {
                    partner_type: Some("reseller".to_owned()),
                    required: true,
                    options: Some(vec![option(1, "Silver"), option(2, "Gold")]),
                    ..field(32, "Reseller tier", CustomFieldType::Select)
                },
            ],
            tags: vec![TagDefinition {
                id: 10,
                label: "Partner lead".to_owned(),
            }],
            partnerships: vec![
                SandboxPartnership {
                    users: vec![user(567, "pat@partner.example", "Pat", "Partner")],
                    ..SandboxPartnership::new(
                        (789, 456, 234),
                        "referral",
                        "Partner Corp",
                        "https://www.partner.example/about",
                    )
                },
                SandboxPartnership {
                    users: vec![
                        user(568, "rita@hive-resellers.example", "Rita", "Reseller"),
                        user(569, "sam@hive-resellers.example", "Sam", "Sales"),
                    ],
                    ..SandboxPartnership::new(
                        (790, 457, 235),
                        "reseller",
                        "Hive Resellers GmbH",
                        "https://hive-resellers.example",
                    )
                },
            ],
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
    let fields = sandbox
        .inner
        .options
        .catalogue
        .fields_of(params.get("partner_type").map(String::as_str));
    Json(fields).into_response()
}

pub(super) async fn tags(State(sandbox): State<Sandbox>, headers: HeaderMap) -> Response {
    if sandbox.authorized_key(&headers).is_none() {
        return unauthorized();
    }
    Json(&sandbox.inner.options.catalogue.tags).into_response()
}

/// `GET /partnerships?userId=…[&search=…]`: every partnership (the sandbox has one user, who
/// sees them all); `search` keeps those whose partner's name contains it, ignoring case.
pub(super) async fn partnerships(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if sandbox.authorized_key(&headers).is_none() {
        return unauthorized();
    }
    if !names_the_user(&params) {
        return refusal(
            StatusCode::BAD_REQUEST,
            "userId must be the authenticated user",
        );
    }
    let search = params.get("search").map(|text| text.to_lowercase());
    let found: Vec<&PartnershipListing> = sandbox
        .inner
        .options
        .catalogue
        .partnerships
        .iter()
        .map(|partnership| &partnership.listing)
        .filter(|listing| {
            search
                .as_ref()
                .is_none_or(|text| listing.partner.name.to_lowercase().contains(text))
        })
        .collect();
    Json(found).into_response()
}

/// `GET /partnerships/{id}/users`, by the partnership's id.
pub(super) async fn partnership_users(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<u64>,
) -> Response {
    if sandbox.authorized_key(&headers).is_none() {
        return unauthorized();
    }
    match sandbox
        .inner
        .options
        .catalogue
        .partnerships
        .iter()
        .find(|partnership| partnership.listing.partnership.id == id)
    {
        Some(partnership) => Json(&partnership.users).into_response(),
        None => refusal(StatusCode::NOT_FOUND, "Partnership not found"),
    }
}
