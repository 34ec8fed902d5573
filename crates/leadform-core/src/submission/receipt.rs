//! The proxy's answer to an accepted submission: `201` once JourneyBee has the lead, `202`
//! while it waits in the outbox. The proxy writes it and the widget reads it with this type.

use serde::{Deserialize, Serialize};

/// Where an accepted submission stands, as the visitor is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    /// JourneyBee has the lead (`201`).
    Delivered,
    /// Stored durably; it will reach JourneyBee shortly (`202`).
    Queued,
}

impl ReceiptStatus {
    /// The status with this wire name (`delivered`, `queued`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "delivered" => Some(ReceiptStatus::Delivered),
            "queued" => Some(ReceiptStatus::Queued),
            _ => None,
        }
    }
}

/// The body of a `201` or `202` answer to a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The submission's id; repeating the request answers for the same one.
    pub submission_id: String,
    /// Delivered or queued.
    pub status: ReceiptStatus,
    /// JourneyBee's lead id, once delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// JourneyBee's lead UUID, once delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// JourneyBee's partnership lead id, when it made one.
    #[serde(
        rename = "partnershipLeadId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partnership_lead_id: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_is_read_by_the_name_serde_writes() {
        for status in [ReceiptStatus::Delivered, ReceiptStatus::Queued] {
            let name = serde_json::to_value(status).unwrap();
            assert_eq!(
                ReceiptStatus::from_name(name.as_str().unwrap()),
                Some(status)
            );
        }
        assert_eq!(ReceiptStatus::from_name("lost"), None);
    }
}
