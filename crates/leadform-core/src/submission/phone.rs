//! Phone numbers: the widget checks what needs no numbering plan (characters, digits, a `+`
//! where the form has no region); the proxy reads the number with libphonenumber's plans
//! (the `phonenumber` crate, native only: the plans would be hundreds of KB of wasm) and
//! sends JourneyBee its E.164 spelling, `+49301234567`, whatever way it was typed.

use super::rules::is_valid_phone;

/// Whether `region` names a country whose numbering plan reads numbers (`DE`, `US`).
pub fn is_known_region(region: &str) -> bool {
    region.len() == 2 && region.bytes().all(|byte| byte.is_ascii_uppercase()) && plan_of(region)
}

/// Whether the widget takes `phone` for a form with `region`: plain phone syntax, and an
/// international number (`+` and the country code) where the form names no region.
pub fn is_plausible_phone(phone: &str, region: Option<&str>) -> bool {
    is_valid_phone(phone) && (region.is_some() || phone.starts_with('+'))
}

/// `phone` in E.164, read with `region`'s plan when it has no `+`; `None` for a number no
/// plan allows.
#[cfg(not(target_arch = "wasm32"))]
pub fn e164(phone: &str, region: Option<&str>) -> Option<String> {
    use std::str::FromStr;

    let country = match region {
        Some(region) => Some(phonenumber::country::Id::from_str(region).ok()?),
        None => None,
    };
    let number = phonenumber::parse(country, phone).ok()?;
    phonenumber::is_valid(&number)
        .then(|| number.format().mode(phonenumber::Mode::E164).to_string())
}

/// In the browser nothing is rewritten: the proxy does it.
#[cfg(target_arch = "wasm32")]
pub fn e164(phone: &str, _region: Option<&str>) -> Option<String> {
    Some(phone.to_owned())
}

#[cfg(not(target_arch = "wasm32"))]
fn plan_of(region: &str) -> bool {
    use std::str::FromStr;
    phonenumber::country::Id::from_str(region)
        .is_ok_and(|id| phonenumber::metadata::DATABASE.by_id(id.as_ref()).is_some())
}

#[cfg(target_arch = "wasm32")]
fn plan_of(_region: &str) -> bool {
    true
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn one_number_typed_three_ways_is_one_e164_number() {
        for typed in [
            "030 1234567",
            "+49 30 1234567",
            "(030) 123-4567",
            "0049 30 1234567",
        ] {
            assert_eq!(
                e164(typed, Some("DE")).as_deref(),
                Some("+49301234567"),
                "{typed}"
            );
        }
        assert_eq!(
            e164("+1 415 555 2671", Some("DE")).as_deref(),
            Some("+14155552671")
        );
        assert_eq!(
            e164("+44 20 7946 0958", None).as_deref(),
            Some("+442079460958")
        );
    }

    #[test]
    fn impossible_numbers_are_refused() {
        assert_eq!(e164("030 1234567", None), None, "no region, no +");
        assert_eq!(e164("+49 1", None), None, "too short");
        assert_eq!(e164("+999 123456789", None), None, "no such country code");
        assert_eq!(
            e164("+1 011 555 2671", None),
            None,
            "no US area code starts with 0"
        );
    }

    #[test]
    fn regions_are_country_codes() {
        assert!(is_known_region("DE"));
        assert!(is_known_region("US"));
        assert!(!is_known_region("de"));
        assert!(!is_known_region("XX"));
        assert!(!is_known_region("DEU"));
    }

    #[test]
    fn the_widget_needs_a_plus_only_without_a_region() {
        assert!(is_plausible_phone("030 1234567", Some("DE")));
        assert!(!is_plausible_phone("030 1234567", None));
        assert!(is_plausible_phone("+49 30 1234567", None));
    }
}
