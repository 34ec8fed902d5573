//! JSON numbers as JourneyBee receives them: finite, and integral values written without `.0`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A finite `f64` that serialises whole values as JSON integers (`100000`, not `100000.0`).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct FiniteNumber(f64);

// Without NaN, `==` on f64 is reflexive, so a total equivalence.
impl Eq for FiniteNumber {}

/// Integers up to 2^53 survive a round trip through `f64` exactly.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

impl FiniteNumber {
    /// `None` for NaN and infinities, which JSON cannot carry.
    pub fn new(value: f64) -> Option<Self> {
        value.is_finite().then_some(Self(value))
    }

    /// The number.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Serialize for FiniteNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() <= MAX_EXACT_INTEGER {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for FiniteNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        FiniteNumber::new(value).ok_or_else(|| serde::de::Error::custom("number must be finite"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_integers_and_fractions_as_floats() {
        let whole = FiniteNumber::new(100000.0).unwrap();
        let fraction = FiniteNumber::new(12.5).unwrap();
        assert_eq!(serde_json::to_string(&whole).unwrap(), "100000");
        assert_eq!(serde_json::to_string(&fraction).unwrap(), "12.5");
    }

    #[test]
    fn non_finite_values_are_refused() {
        assert!(FiniteNumber::new(f64::NAN).is_none());
        assert!(FiniteNumber::new(f64::INFINITY).is_none());
    }
}
