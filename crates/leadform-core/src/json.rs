//! JSON reading whose errors say where: `partnershipLead.formDirection: unknown variant …`.

use std::fmt;

use serde::de::DeserializeOwned;

/// A JSON document that does not fit the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Where in the document it went wrong, e.g. `customFields[0].type` (`.` for the root).
    pub path: String,
    /// What went wrong there.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parses `text` as a `T`, naming the failing field's path in the error.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| JsonError {
        path: error.path().to_string(),
        message: error.inner().to_string(),
    })?;
    deserializer.end().map_err(|error| JsonError {
        path: ".".into(),
        message: error.to_string(),
    })?;
    Ok(value)
}
