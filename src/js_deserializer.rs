//! Reads a value from the browser's `JSON.parse` into a Rust type with serde.
//!
//! serde-wasm-bindgen would do this too, but its errors are JavaScript `Error`s with serde's
//! messages, and formatting those messages (`invalid type: floating point 1.5, …`) compiles
//! Rust's float formatter into the wasm: about 10 KB brotli of a 90 KB budget. The widget only
//! needs to know *that* an answer is unreadable, so this reader's error carries no message and
//! the compiler drops every message serde would have built. The submission is written by
//! hand (see [`crate::json::submission`]).

use std::fmt;

use js_sys::{Array, Object};
use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// The value does not have the shape of the type asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

impl fmt::Display for Malformed {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("the value does not have the expected shape")
    }
}

impl std::error::Error for Malformed {}

impl de::Error for Malformed {
    // Inlined so that the caller sees the message is never read and never builds it.
    #[inline(always)]
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Malformed
    }
}

/// Reads `value` as a `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Malformed> {
    T::deserialize(JsDeserializer(value))
}

/// Integers JSON can hold exactly in a JavaScript number, read as integers like serde_json does.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A serde deserializer over one JavaScript value.
struct JsDeserializer(JsValue);

impl JsDeserializer {
    fn is_nullish(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }
}

/// What a JavaScript value is, found once outside the generic code: each type serde reads
/// instantiates `deserialize_any`, so the less it does itself, the smaller the wasm.
enum Shape {
    Nothing,
    Flag(bool),
    Whole(u64),
    Negative(i64),
    Fraction(f64),
    Text(String),
    List(Array),
    Record(Object),
    Other,
}

impl Shape {
    fn of(value: JsValue) -> Shape {
        if value.is_null() || value.is_undefined() {
            Shape::Nothing
        } else if let Some(flag) = value.as_bool() {
            Shape::Flag(flag)
        } else if let Some(number) = value.as_f64() {
            let whole = number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER;
            match (whole, number >= 0.0) {
                (true, true) => Shape::Whole(number as u64),
                (true, false) => Shape::Negative(number as i64),
                (false, _) => Shape::Fraction(number),
            }
        } else if let Some(text) = value.as_string() {
            Shape::Text(text)
        } else if Array::is_array(&value) {
            Shape::List(value.unchecked_into())
        } else if value.is_object() {
            Shape::Record(value.unchecked_into())
        } else {
            Shape::Other
        }
    }
}

/// An object's own properties as (name, value) pairs.
fn entries(object: &Object) -> impl Iterator<Item = (String, JsDeserializer)> + use<> {
    Object::entries(object).into_iter().map(|entry| {
        let pair: Array = entry.unchecked_into();
        (
            pair.get(0).as_string().unwrap_or_default(),
            JsDeserializer(pair.get(1)),
        )
    })
}

impl<'de> IntoDeserializer<'de, Malformed> for JsDeserializer {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for JsDeserializer {
    type Error = Malformed;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Malformed> {
        match Shape::of(self.0) {
            Shape::Nothing => visitor.visit_unit(),
            Shape::Flag(flag) => visitor.visit_bool(flag),
            Shape::Whole(number) => visitor.visit_u64(number),
            Shape::Negative(number) => visitor.visit_i64(number),
            Shape::Fraction(number) => visitor.visit_f64(number),
            Shape::Text(text) => visitor.visit_string(text),
            Shape::List(items) => {
                let mut sequence = SeqDeserializer::new(items.into_iter().map(JsDeserializer));
                let value = visitor.visit_seq(&mut sequence)?;
                sequence.end()?;
                Ok(value)
            }
            Shape::Record(object) => {
                let mut map = MapDeserializer::new(entries(&object));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            Shape::Other => Err(Malformed),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Malformed> {
        if self.is_nullish() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Malformed> {
        visitor.visit_newtype_struct(self)
    }

    /// `"email"` for a unit variant, `{"custom": {…}}` for one with data.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Malformed> {
        if let Some(variant) = self.0.as_string() {
            visitor.visit_enum(variant.into_deserializer())
        } else if self.0.is_object() && !Array::is_array(&self.0) {
            visitor.visit_enum(MapAccessDeserializer::new(MapDeserializer::new(entries(
                self.0.unchecked_ref(),
            ))))
        } else {
            Err(Malformed)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use leadform_core::{
        CustomFieldType, ErrorCode, FiniteNumber, FormDefinition, FormDirection, LeadField, Refusal,
    };
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn read<T: DeserializeOwned>(json: &str) -> Result<T, Malformed> {
        from_value(js_sys::JSON::parse(json).map_err(|_| Malformed)?)
    }

    #[wasm_bindgen_test]
    fn reads_a_definition_with_every_shape_of_value() {
        let definition: FormDefinition = read(
            r#"{"id": "f", "title": "T", "description": null, "directions": ["claim", "send"],
                "fields": [
                  {"field": "email", "label": "Email", "required": true, "max_length": 80},
                  {"field": {"custom": {"id": 7, "type": "number"}}, "label": "Budget",
                   "min": -2.5, "max": 1500},
                  {"field": {"custom": {"id": 8, "type": "multi_select"}}, "label": "Hives",
                   "options": [{"id": 1, "label": "One"}, {"id": 2, "label": "Two"}]}
                ]}"#,
        )
        .expect("a definition");
        assert_eq!(definition.description, None);
        assert_eq!(
            definition.directions,
            [FormDirection::Claim, FormDirection::Send]
        );
        assert_eq!(definition.fields[0].field, LeadField::Email);
        assert_eq!(definition.fields[0].max_length, Some(80));
        assert_eq!(
            definition.fields[1].field,
            LeadField::Custom {
                id: 7,
                field_type: CustomFieldType::Number
            }
        );
        assert_eq!(
            (definition.fields[1].min, definition.fields[1].max),
            (Some(-2.5), Some(1500.0))
        );
        assert_eq!(definition.fields[2].options[1].label, "Two");
    }

    #[wasm_bindgen_test]
    fn reads_a_refusal_with_coded_field_errors() {
        let refusal: Refusal = read(
            r#"{"error": {"code": "invalid_submission", "message": "Check the answers.",
                "fields": [{"field": "custom_7", "code": "below_minimum", "min": 10},
                           {"field": "email", "code": "required"}]}}"#,
        )
        .expect("a refusal");
        let min = FiniteNumber::new(10.0).expect("finite");
        assert_eq!(
            refusal.error.fields[0].code,
            ErrorCode::BelowMinimum { min }
        );
        assert_eq!(refusal.error.fields[1].code, ErrorCode::Required);
    }

    #[wasm_bindgen_test]
    fn refuses_values_of_the_wrong_shape() {
        for json in [
            r#"{"id": "f", "title": 5, "directions": [], "fields": []}"#,
            r#"{"id": "f", "title": "T", "directions": ["sideways"], "fields": []}"#,
            r#"{"id": "f", "title": "T", "directions": [],
                "fields": [{"field": "email", "label": "E", "max_length": 2.5}]}"#,
            r#"{"id": "f", "title": "T", "directions": [],
                "fields": [{"field": "email", "label": "E", "max_length": -1}]}"#,
            r#"{"id": "f", "title": "T", "directions": "send", "fields": []}"#,
            r#"{"title": "T", "directions": [], "fields": []}"#,
            r#"[]"#,
            r#"null"#,
        ] {
            assert_eq!(read::<FormDefinition>(json), Err(Malformed), "{json}");
        }
        // A key it does not know is passed over: the parts that qualify a lead are read by
        // hand (definition_reader.rs), and the forms file refuses unknown keys already.
        let extra = r#"{"id": "f", "title": "T", "directions": [], "fields": [], "extra": 1}"#;
        assert!(read::<FormDefinition>(extra).is_ok());
    }
}
