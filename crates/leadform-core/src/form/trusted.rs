//! The trusted settings only the proxy holds: who the lead belongs to and where the form may run.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use std::collections::BTreeMap;

use crate::form::hidden::HiddenField;
use crate::journeybee::enums::AssociationType;

/// The partner association a form's leads get (`associationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerAssociation {
    /// `associationType: referral`.
    Referral,
    /// `associationType: reseller`.
    Reseller,
}

impl From<PartnerAssociation> for AssociationType {
    fn from(association: PartnerAssociation) -> Self {
        match association {
            PartnerAssociation::Referral => AssociationType::Referral,
            PartnerAssociation::Reseller => AssociationType::Reseller,
        }
    }
}

/// A web origin a form may be embedded on: `scheme://host[:port]`, lower case, no path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AllowedOrigin(String);

impl AllowedOrigin {
    /// Parses an origin as browsers send it in the `Origin` header.
    pub fn parse(text: &str) -> Result<Self, String> {
        let lower = text.trim().to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or_else(|| format!("origin {text:?} must start with https:// or http://"))?;
        let host_ok = !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
            && !rest.starts_with(':')
            && !rest.ends_with(':');
        if !host_ok {
            return Err(format!(
                "origin {text:?} must be scheme://host[:port], with no path"
            ));
        }
        Ok(Self(lower))
    }

    /// Whether the `Origin` header value names this origin.
    pub fn matches(&self, header: &str) -> bool {
        self.0.eq_ignore_ascii_case(header.trim())
    }

    /// The origin text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AllowedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AllowedOrigin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        AllowedOrigin::parse(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// What the browser never decides: partnership, association, tags, attributions, origins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedFormSettings {
    /// Pages on these origins may show and submit the form.
    pub allowed_origins: Vec<AllowedOrigin>,
    /// Pages on these origins (a partner's staging site, its browser tests) get the same
    /// form with a "Test" badge; their leads are delivered to the built-in sandbox, never to
    /// JourneyBee. None may also be an allowed origin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_origins: Vec<AllowedOrigin>,
    /// The leads' association type.
    pub association_type: PartnerAssociation,
    /// `partnershipLead.partnership_id`.
    pub partnership_id: u64,
    /// `partnershipLead.partners_company_id`.
    pub partners_company_id: u64,
    /// `partnershipLead.company_partnerships_id`.
    pub company_partnerships_id: u64,
    /// `partnershipLead.partners_company_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners_company_name: Option<String>,
    /// Partner users JourneyBee notifies of each lead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partner_users: Vec<u64>,
    /// The partner user who owns the form (`sentBy.userId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_by_user_id: Option<u64>,
    /// `partnershipLead.sendToPartner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_to_partner: Option<bool>,
    /// Tag ids every lead of this form gets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<u64>,
    /// Attribution source ids, dated at submission time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributions: Vec<u64>,
    /// `companyCampaignId`, for campaign forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_campaign_id: Option<u64>,
    /// Which text custom field receives each hidden field; those not named are dropped.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hidden_fields: BTreeMap<HiddenField, u64>,
    /// Questions the page's URL may prefill (`?lf_email=…`), by field id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_prefill: Vec<String>,
    /// Where the visitor goes once the lead is received: an `https` URL on one of
    /// `allowed_origins`. Without it the form thanks them in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_redirect: Option<String>,
    /// A JourneyBee text custom field that receives the consent record ("version, time,
    /// language") with each lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_record_field: Option<u64>,
}

impl TrustedFormSettings {
    /// Whether a page with this `Origin` header may use the form for real leads.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|allowed| allowed.matches(origin))
    }

    /// Whether a page with this `Origin` header may use the form in test mode.
    pub fn is_test_origin(&self, origin: &str) -> bool {
        self.test_origins.iter().any(|test| test.matches(origin))
    }

    /// Checks the redirect: `https`, on an allowed origin, no credentials in it.
    pub fn check_redirect(&self) -> Result<(), String> {
        let Some(url) = &self.success_redirect else {
            return Ok(());
        };
        let rest = url
            .strip_prefix("https://")
            .ok_or_else(|| format!("success_redirect {url:?} must be an https URL"))?;
        let origin_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let origin = format!("https://{}", &rest[..origin_end]);
        if origin.contains('@') || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("success_redirect {url:?} is not a plain URL"));
        }
        if !self.allows_origin(&origin) {
            return Err(format!(
                "success_redirect {url:?} must be on one of the form's allowed origins"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::AllowedOrigin;

    #[test]
    fn origins_are_normalised_and_paths_refused() {
        let origin = AllowedOrigin::parse("HTTPS://Partner.Example:8443").unwrap();
        assert!(origin.matches("https://partner.example:8443"));
        assert!(!origin.matches("https://partner.example"));
        assert!(!origin.matches("http://partner.example:8443"));
        for bad in [
            "partner.example",
            "https://partner.example/page",
            "ftp://x.example",
            "https://",
            "https://a.example?x=1",
        ] {
            assert!(
                AllowedOrigin::parse(bad).is_err(),
                "{bad} should be refused"
            );
        }
    }
}
