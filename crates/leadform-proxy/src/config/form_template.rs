//! `forms new`: a complete, commented `[[form]]` section of the forms file, written from what
//! the account says about one partnership. Everything it writes passes the checks the proxy
//! runs at start and `forms check`; the operator edits the words, not the ids.

use std::fmt::Write;

use leadform_core::{
    CustomFieldDefinition, CustomFieldType, FormDirection, PartnerUser, PartnershipListing,
    TagDefinition,
};

/// What a new form is made of: the partnership and what the account defines for it, and
/// what the operator asked for.
pub struct NewForm<'a> {
    /// `--id`; without it, one made from the partner's name and type.
    pub id: Option<&'a str>,
    pub partnership: &'a PartnershipListing,
    /// The partner's users (`GET /partnerships/{id}/users`).
    pub users: &'a [PartnerUser],
    /// The account's lead custom fields for the partnership's partner type.
    pub fields: &'a [CustomFieldDefinition],
    /// The account's lead tags.
    pub tags: &'a [TagDefinition],
    pub directions: &'a [FormDirection],
    /// `--origin`s; without any, the origin of the partner's website.
    pub origins: &'a [String],
    /// `--locale`s to write a translation skeleton for.
    pub locales: &'a [String],
}

/// The contact questions every new form asks, with their English labels.
const CONTACT_QUESTIONS: [(&str, &str, bool); 5] = [
    ("company_name", "Company", true),
    ("first_name", "First name", false),
    ("last_name", "Last name", false),
    ("email", "Work email", true),
    ("phone_number", "Phone", false),
];

/// The partner's own email, so the lead is credited to the right person.
const SENDER_QUESTION: (&str, &str, &str) = (
    "sent_by_email",
    "Your email",
    "So the lead is credited to you.",
);

/// The section, or why none can be written.
pub fn form_section(new: &NewForm<'_>) -> Result<String, String> {
    let listing = new.partnership;
    let partner_type = match listing.partnership.partner_type.as_deref() {
        Some(kind @ ("referral" | "reseller")) => kind,
        other => {
            return Err(format!(
                "partnership {} has partner type {other:?}; a form needs referral or reseller",
                listing.partnership.id
            ));
        }
    };
    let origins = match (new.origins, &listing.partner.website_url) {
        ([], Some(website)) => vec![origin_of(website).ok_or_else(|| {
            format!("the partner's website {website:?} has no origin; pass --origin")
        })?],
        ([], None) => {
            return Err("the account has no website for this partner; pass --origin".into());
        }
        (origins, _) => origins.to_vec(),
    };
    let id = new
        .id
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{}-{partner_type}", slug(&listing.partner.name)));
    let directions = if new.directions.is_empty() {
        &[FormDirection::Send][..]
    } else {
        new.directions
    };
    let title = match directions {
        [FormDirection::Send] => "Refer a client",
        [FormDirection::Claim] => "Register a deal",
        _ => "Share a lead",
    };
    let (questions, left_out): (Vec<&CustomFieldDefinition>, Vec<&CustomFieldDefinition>) =
        new.fields.iter().partition(|field| asks_well(field));

    let mut out = String::new();
    let w = &mut out;
    line(
        w,
        format!(
            "# A form for {} ({partner_type} partnership {}), written by `leadform-proxy forms new` from the account.",
            listing.partner.name, listing.partnership.id
        ),
    );
    line(
        w,
        "# Everything under [form.definition] is public; [form.trusted] stays on the proxy.",
    );
    line(w, "# Edit the words freely; the ids are the account's.");
    line(w, "[[form]]");
    line(w, "");
    line(w, "[form.definition]");
    line(w, format!("id = {}", quoted(&id)));
    line(w, format!("title = {}", quoted(title)));
    line(w, "# description = \"…\"");
    line(
        w,
        "# consent_text = \"The contact agreed that I may share their details with us.\"",
    );
    let names: Vec<String> = directions.iter().map(|d| quoted(d.as_str())).collect();
    line(w, format!("directions = [{}]", names.join(", ")));
    for (field, label, required) in CONTACT_QUESTIONS {
        line(w, "");
        line(w, "[[form.definition.fields]]");
        line(w, format!("field = {}", quoted(field)));
        line(w, format!("label = {}", quoted(label)));
        if required {
            line(w, "required = true");
        }
    }
    for field in &questions {
        line(w, "");
        line(w, "[[form.definition.fields]]");
        line(
            w,
            format!(
                "field = {{ custom = {{ id = {}, type = {} }} }}",
                field.id,
                quoted(field.field_type.as_str())
            ),
        );
        line(w, format!("label = {}", quoted(&field.label)));
        if field.required {
            line(w, "required = true  # the account requires it");
        }
        if let Some(options) = field.options.as_ref().filter(|options| !options.is_empty()) {
            let options: Vec<String> = options
                .iter()
                .map(|option| {
                    format!(
                        "{{ id = {}, label = {} }}",
                        option.id,
                        quoted(&option.label)
                    )
                })
                .collect();
            line(w, format!("options = [{}]", options.join(", ")));
        }
    }
    for field in &left_out {
        line(w, "");
        line(
            w,
            format!(
                "# Custom field {} ({:?}, {}) has no options in the account: left out.",
                field.id,
                field.label,
                field.field_type.as_str()
            ),
        );
    }
    let (sender, sender_label, sender_help) = SENDER_QUESTION;
    line(w, "");
    line(w, "[[form.definition.fields]]");
    line(w, format!("field = {}", quoted(sender)));
    line(w, format!("label = {}", quoted(sender_label)));
    line(w, "required = true");
    line(w, format!("help = {}", quoted(sender_help)));

    line(w, "");
    line(w, "[form.trusted]");
    line(w, "# Pages on these origins may show and submit the form.");
    let origins: Vec<String> = origins.iter().map(|origin| quoted(origin)).collect();
    line(w, format!("allowed_origins = [{}]", origins.join(", ")));
    line(w, format!("association_type = {}", quoted(partner_type)));
    line(
        w,
        "# JourneyBee does not document which of its ids each of these is; our reading:",
    );
    line(
        w,
        format!(
            "partnership_id = {}  # the partnership's id",
            listing.partnership.id
        ),
    );
    line(
        w,
        format!(
            "partners_company_id = {}  # the partner's id",
            listing.partner.id
        ),
    );
    line(
        w,
        format!(
            "company_partnerships_id = {}  # the id of the partnership's listing item",
            listing.id
        ),
    );
    line(
        w,
        format!("partners_company_name = {}", quoted(&listing.partner.name)),
    );
    if new.users.is_empty() {
        line(
            w,
            "# The partner has no users in the account: nobody is notified of its leads.",
        );
    } else {
        line(
            w,
            "# JourneyBee notifies these users of the partner of each lead:",
        );
        for user in new.users {
            line(w, format!("#   {}: {}", user.id, describe_user(user)));
        }
        let ids: Vec<String> = new.users.iter().map(|user| user.id.to_string()).collect();
        line(w, format!("partner_users = [{}]", ids.join(", ")));
    }
    if new.tags.is_empty() {
        line(w, "# The account has no lead tags.");
    } else {
        line(
            w,
            "# The account's lead tags; name those every lead of this form gets:",
        );
        for tag in new.tags {
            line(w, format!("#   {}: {}", tag.id, tag.label));
        }
        line(w, "# tags = []");
    }

    for locale in new.locales {
        line(w, "");
        line(
            w,
            format!(
                "# The form's words in {locale:?}: each value is the English one, to translate."
            ),
        );
        line(w, format!("[form.locales.{locale}]"));
        line(w, format!("title = {}", quoted(title)));
        let contact = CONTACT_QUESTIONS
            .iter()
            .map(|(field, label, _)| (field.to_string(), *label, None))
            .chain(questions.iter().map(|field| {
                (
                    format!("custom_{}", field.id),
                    field.label.as_str(),
                    field.options.as_ref(),
                )
            }))
            .chain([(sender.to_owned(), sender_label, None)]);
        for (id, label, options) in contact {
            line(w, "");
            line(w, format!("[form.locales.{locale}.fields.{id}]"));
            line(w, format!("label = {}", quoted(label)));
            if id == sender {
                line(w, format!("help = {}", quoted(sender_help)));
            }
            if let Some(options) = options.filter(|options| !options.is_empty()) {
                let options: Vec<String> = options
                    .iter()
                    .map(|option| format!("\"{}\" = {}", option.id, quoted(&option.label)))
                    .collect();
                line(w, format!("options = {{ {} }}", options.join(", ")));
            }
        }
    }
    Ok(out)
}

/// Whether a custom field can be asked as the account defines it: a choice needs options.
fn asks_well(field: &CustomFieldDefinition) -> bool {
    !matches!(
        field.field_type,
        CustomFieldType::Select | CustomFieldType::MultiSelect
    ) || field
        .options
        .as_ref()
        .is_some_and(|options| !options.is_empty())
}

fn line(out: &mut String, text: impl AsRef<str>) {
    let _ = writeln!(out, "{}", text.as_ref());
}

/// A TOML string, escaped as TOML escapes it.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// `https://www.partner.example/about` → `https://www.partner.example`.
fn origin_of(url: &str) -> Option<String> {
    let url = reqwest::Url::parse(url).ok()?;
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// `Hive Resellers GmbH` → `hive-resellers-gmbh`.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "partner".to_owned()
    } else {
        slug.to_owned()
    }
}

fn describe_user(user: &PartnerUser) -> String {
    let name = [user.first_name.as_deref(), user.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    match (&user.email, name.is_empty()) {
        (Some(email), false) => format!("{name} <{email}>"),
        (Some(email), true) => email.clone(),
        (None, false) => name,
        (None, true) => "(no name or email in the account)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadform_core::{CatalogueOption, PartnerRef, PartnershipRef};

    fn partnership(partner_type: &str) -> PartnershipListing {
        PartnershipListing {
            id: 789,
            partnership: PartnershipRef {
                id: 456,
                partner_type: Some(partner_type.into()),
            },
            partner: PartnerRef {
                id: 234,
                name: "Ünïque \"Partner\" & Co.".into(),
                website_url: Some("https://www.partner.example/about?x=1".into()),
            },
        }
    }

    #[test]
    fn the_section_loads_as_a_forms_file_with_every_field_and_each_locale() {
        let listing = partnership("reseller");
        let fields = vec![
            CustomFieldDefinition {
                id: 32,
                label: "Tier \"A\"".into(),
                field_type: CustomFieldType::Select,
                partner_type: Some("reseller".into()),
                required: true,
                options: Some(vec![CatalogueOption {
                    id: 1,
                    label: "Gold".into(),
                }]),
            },
            CustomFieldDefinition {
                id: 33,
                label: "Empty choice".into(),
                field_type: CustomFieldType::MultiSelect,
                partner_type: None,
                required: false,
                options: None,
            },
            CustomFieldDefinition {
                id: 5,
                label: "Deal size".into(),
                field_type: CustomFieldType::Number,
                partner_type: None,
                required: false,
                options: None,
            },
        ];
        let section = form_section(&NewForm {
            id: None,
            partnership: &listing,
            users: &[],
            fields: &fields,
            tags: &[],
            directions: &[FormDirection::Send, FormDirection::Claim],
            origins: &[],
            locales: &["de".into(), "fr".into()],
        })
        .expect("written");
        let config = crate::ProxyConfig::from_toml(&section).expect("the section loads");
        let form = &config.forms[0];
        assert_eq!(form.definition.id, "n-que-partner-co-reseller");
        assert_eq!(form.trusted.partnership_id, 456);
        assert_eq!(form.trusted.partners_company_id, 234);
        assert_eq!(form.trusted.company_partnerships_id, 789);
        assert_eq!(
            form.trusted.partners_company_name.as_deref(),
            Some("Ünïque \"Partner\" & Co.")
        );
        assert!(form.trusted.allows_origin("https://www.partner.example"));
        let tier = form.definition.question("custom_32").expect("asked");
        assert!(tier.required);
        assert_eq!(tier.label, "Tier \"A\"");
        assert!(form.definition.question("custom_33").is_none());
        assert!(
            section.contains("Custom field 33 (\"Empty choice\", multi_select) has no options")
        );
        assert!(form.definition.question("custom_5").is_some());
        assert_eq!(form.locales.len(), 2);
        assert_eq!(
            form.locales["de"].fields["custom_32"]
                .options
                .get("1")
                .map(String::as_str),
            Some("Gold")
        );
    }

    #[test]
    fn a_partnership_without_a_type_or_an_origin_is_refused_with_the_reason() {
        let mut listing = partnership("referral");
        listing.partner.website_url = None;
        let new = |listing: &PartnershipListing| {
            form_section(&NewForm {
                id: Some("x"),
                partnership: listing,
                users: &[],
                fields: &[],
                tags: &[],
                directions: &[],
                origins: &[],
                locales: &[],
            })
        };
        assert!(new(&listing).unwrap_err().contains("--origin"));
        listing.partnership.partner_type = None;
        assert!(new(&listing).unwrap_err().contains("referral or reseller"));
    }
}
