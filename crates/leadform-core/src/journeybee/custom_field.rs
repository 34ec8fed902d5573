//! Custom field values, typed so that a value can only be built for its own field type.

use serde::{Deserialize, Serialize};

use super::calendar_date::CalendarDate;
use super::finite_number::FiniteNumber;
use crate::wire_names::wire_names;

wire_names! {
    /// The type of a JourneyBee custom field.
    pub enum CustomFieldType {
        /// One line of text.
        Text = "text",
        /// Several lines of text.
        Textarea = "textarea",
        /// A number.
        Number = "number",
        /// A calendar date.
        Date = "date",
        /// Yes or no.
        Boolean = "boolean",
        /// One of the field's options.
        Select = "select",
        /// Any of the field's options.
        MultiSelect = "multi_select",
    }
}

/// A custom field's value; its variant *is* its type.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomFieldValue {
    /// `{"text": …}`.
    Text(String),
    /// `{"text": …}`, typed `textarea`.
    Textarea(String),
    /// `{"number": …}`.
    Number(FiniteNumber),
    /// `{"date": "YYYY-MM-DD"}`.
    Date(CalendarDate),
    /// `{"boolean": …}`.
    Boolean(bool),
    /// An option id of the field.
    Select(u64),
    /// Option ids of the field, each at most once.
    MultiSelect(Vec<u64>),
}

impl CustomFieldValue {
    /// The field type this value belongs to.
    pub fn field_type(&self) -> CustomFieldType {
        match self {
            CustomFieldValue::Text(_) => CustomFieldType::Text,
            CustomFieldValue::Textarea(_) => CustomFieldType::Textarea,
            CustomFieldValue::Number(_) => CustomFieldType::Number,
            CustomFieldValue::Date(_) => CustomFieldType::Date,
            CustomFieldValue::Boolean(_) => CustomFieldType::Boolean,
            CustomFieldValue::Select(_) => CustomFieldType::Select,
            CustomFieldValue::MultiSelect(_) => CustomFieldType::MultiSelect,
        }
    }
}

/// One entry of `customFields` / `partnerCustomFields`:
/// `{"customFieldId": 5, "type": "number", "value": {"number": 100000}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "WireEntry", into = "WireEntry")]
pub struct CustomFieldEntry {
    /// The JourneyBee custom field id.
    pub custom_field_id: u64,
    /// The value, which also decides the entry's `type`.
    pub value: CustomFieldValue,
}

/// The value objects of NOTES.md; textarea values travel as `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ValueObject {
    /// `{"text": …}` (text and textarea).
    Text(String),
    /// `{"number": …}`.
    Number(FiniteNumber),
    /// `{"date": "YYYY-MM-DD"}`.
    Date(CalendarDate),
    /// `{"boolean": …}`.
    Boolean(bool),
    /// `{"select": option id}`.
    Select(u64),
    /// `{"multi_select": [option ids]}`.
    MultiSelect(Vec<u64>),
}

#[derive(Serialize, Deserialize)]
struct WireEntry {
    #[serde(rename = "customFieldId")]
    custom_field_id: u64,
    #[serde(rename = "type")]
    field_type: CustomFieldType,
    value: ValueObject,
}

impl TryFrom<WireEntry> for CustomFieldEntry {
    type Error = String;

    fn try_from(wire: WireEntry) -> Result<Self, Self::Error> {
        use CustomFieldType as T;
        let value = match (wire.field_type, wire.value) {
            (T::Text, ValueObject::Text(text)) => CustomFieldValue::Text(text),
            (T::Textarea, ValueObject::Text(text)) => CustomFieldValue::Textarea(text),
            (T::Number, ValueObject::Number(number)) => CustomFieldValue::Number(number),
            (T::Date, ValueObject::Date(date)) => CustomFieldValue::Date(date),
            (T::Boolean, ValueObject::Boolean(flag)) => CustomFieldValue::Boolean(flag),
            (T::Select, ValueObject::Select(id)) => CustomFieldValue::Select(id),
            (T::MultiSelect, ValueObject::MultiSelect(ids)) => CustomFieldValue::MultiSelect(ids),
            (field_type, value) => {
                return Err(format!(
                    "custom field {}: value {value:?} does not match type {field_type:?}",
                    wire.custom_field_id
                ));
            }
        };
        Ok(CustomFieldEntry {
            custom_field_id: wire.custom_field_id,
            value,
        })
    }
}

impl From<CustomFieldEntry> for WireEntry {
    fn from(entry: CustomFieldEntry) -> Self {
        let field_type = entry.value.field_type();
        let value = match entry.value {
            CustomFieldValue::Text(text) | CustomFieldValue::Textarea(text) => {
                ValueObject::Text(text)
            }
            CustomFieldValue::Number(number) => ValueObject::Number(number),
            CustomFieldValue::Date(date) => ValueObject::Date(date),
            CustomFieldValue::Boolean(flag) => ValueObject::Boolean(flag),
            CustomFieldValue::Select(id) => ValueObject::Select(id),
            CustomFieldValue::MultiSelect(ids) => ValueObject::MultiSelect(ids),
        };
        WireEntry {
            custom_field_id: entry.custom_field_id,
            field_type,
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_type_serialises_to_its_value_object() {
        let date = "2024-01-15".parse().unwrap();
        let cases = [
            (
                CustomFieldValue::Text("hi".into()),
                json!({"customFieldId": 1, "type": "text", "value": {"text": "hi"}}),
            ),
            (
                CustomFieldValue::Textarea("long".into()),
                json!({"customFieldId": 1, "type": "textarea", "value": {"text": "long"}}),
            ),
            (
                CustomFieldValue::Number(FiniteNumber::new(100000.0).unwrap()),
                json!({"customFieldId": 1, "type": "number", "value": {"number": 100000}}),
            ),
            (
                CustomFieldValue::Date(date),
                json!({"customFieldId": 1, "type": "date", "value": {"date": "2024-01-15"}}),
            ),
            (
                CustomFieldValue::Boolean(true),
                json!({"customFieldId": 1, "type": "boolean", "value": {"boolean": true}}),
            ),
            (
                CustomFieldValue::Select(3),
                json!({"customFieldId": 1, "type": "select", "value": {"select": 3}}),
            ),
            (
                CustomFieldValue::MultiSelect(vec![3, 4]),
                json!({"customFieldId": 1, "type": "multi_select", "value": {"multi_select": [3, 4]}}),
            ),
        ];
        for (value, expected) in cases {
            let entry = CustomFieldEntry {
                custom_field_id: 1,
                value,
            };
            assert_eq!(serde_json::to_value(&entry).unwrap(), expected);
            assert_eq!(
                serde_json::from_value::<CustomFieldEntry>(expected).unwrap(),
                entry
            );
        }
    }

    #[test]
    fn a_value_of_another_type_is_refused() {
        let mismatched = json!({"customFieldId": 5, "type": "number", "value": {"text": "100000"}});
        let error = serde_json::from_value::<CustomFieldEntry>(mismatched).unwrap_err();
        assert!(
            error.to_string().contains("does not match type Number"),
            "{error}"
        );
    }
}
