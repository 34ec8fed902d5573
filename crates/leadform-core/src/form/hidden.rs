//! Hidden fields: what the page knew when the form loaded (campaign parameters, referrer,
//! landing page), sent beside the answers. Only these names exist, and the forms file's
//! trusted part alone says which JourneyBee custom field receives each, so a page can fill
//! them in but never route them anywhere else.

use serde::{Deserialize, Serialize};

/// A value the loader captures from the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenField {
    /// `utm_source` of the page's URL.
    UtmSource,
    /// `utm_medium` of the page's URL.
    UtmMedium,
    /// `utm_campaign` of the page's URL.
    UtmCampaign,
    /// `utm_term` of the page's URL.
    UtmTerm,
    /// `utm_content` of the page's URL.
    UtmContent,
    /// `document.referrer`.
    Referrer,
    /// The page's URL when the form loaded.
    LandingPage,
}

impl HiddenField {
    /// Every hidden field, in the order docs/embedding.md lists them.
    pub const ALL: [HiddenField; 7] = [
        HiddenField::UtmSource,
        HiddenField::UtmMedium,
        HiddenField::UtmCampaign,
        HiddenField::UtmTerm,
        HiddenField::UtmContent,
        HiddenField::Referrer,
        HiddenField::LandingPage,
    ];

    /// The name on the wire and in the forms file.
    pub fn name(self) -> &'static str {
        match self {
            HiddenField::UtmSource => "utm_source",
            HiddenField::UtmMedium => "utm_medium",
            HiddenField::UtmCampaign => "utm_campaign",
            HiddenField::UtmTerm => "utm_term",
            HiddenField::UtmContent => "utm_content",
            HiddenField::Referrer => "referrer",
            HiddenField::LandingPage => "landing_page",
        }
    }

    /// The hidden field called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The longest value accepted, in characters: URLs get room, campaign tags less.
    pub fn max_chars(self) -> usize {
        match self {
            HiddenField::Referrer | HiddenField::LandingPage => 2000,
            _ => 255,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HiddenField;

    #[test]
    fn each_field_names_itself_as_serde_and_the_forms_file_do() {
        for field in HiddenField::ALL {
            assert_eq!(serde_json::to_value(field).unwrap(), field.name());
            assert_eq!(HiddenField::from_name(field.name()), Some(field));
        }
        assert_eq!(HiddenField::from_name("utm_nope"), None);
    }
}
