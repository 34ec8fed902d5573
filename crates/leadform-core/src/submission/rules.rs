//! The syntax rules for single answers.

pub use crate::journeybee::email::is_valid_email;

/// Default limit of a one-line answer.
pub const TEXT_MAX_CHARS: usize = 255;
/// Default limit of a text area.
pub const TEXTAREA_MAX_CHARS: usize = 5000;

const PHONE_MIN_DIGITS: usize = 6;
const PHONE_MAX_DIGITS: usize = 20;

/// Lenient phone syntax: digits and `+ ( ) - . /` and spaces, `+` only in front, 6–20 digits.
pub fn is_valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-' | '.' | '/' | '+'));
    let plus_only_in_front = !phone.chars().skip(1).any(|c| c == '+');
    allowed && plus_only_in_front && (PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits)
}

/// A plain decimal number (`-12`, `1500`, `12.5`); no exponents, separators or words.
pub fn parse_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    Some(nearest_f64(text)).filter(|value| value.is_finite())
}

/// The `f64` nearest to a plain decimal. Both conversions below round to nearest, ties to
/// even, so the widget and the proxy read every number alike. In the browser the engine's own
/// conversion keeps Rust's float parser, with its 10 KB table of powers of five, out of the
/// wasm.
#[cfg(target_arch = "wasm32")]
fn nearest_f64(decimal: &str) -> f64 {
    js_sys::Number::parse_float(decimal)
}

#[cfg(not(target_arch = "wasm32"))]
fn nearest_f64(decimal: &str) -> f64 {
    decimal.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_people_write_them() {
        for phone in [
            "+1-555-123-4567",
            "(030) 123 4567",
            "020 7946 0958",
            "+44 20.7946.0958",
            "555/123456",
            "123456",
            "+12345678901234567890",
        ] {
            assert!(is_valid_phone(phone), "{phone} should be accepted");
        }
        for phone in [
            "12345",
            "+123456789012345678901",
            "555-CALL-NOW",
            "1+5551234567",
            "++15551234567",
            "555_123_4567",
            "phone",
        ] {
            assert!(!is_valid_phone(phone), "{phone} should be refused");
        }
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(parse_number("1500"), Some(1500.0));
        assert_eq!(parse_number("-12.5"), Some(-12.5));
        assert_eq!(parse_number("0.001"), Some(0.001));
        for text in [
            "", "-", "1e5", "1,000", "12.", ".5", "NaN", "inf", "+5", "1 000", "0x10",
        ] {
            assert_eq!(parse_number(text), None, "{text} should be refused");
        }
    }
}
