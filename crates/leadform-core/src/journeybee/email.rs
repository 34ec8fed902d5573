//! Practical email syntax: what a person can type and a mail server will accept.
//! Internationalised domains (and local parts) are accepted as typed.

/// Longest address SMTP can carry (RFC 5321 path limit less the angle brackets).
const MAX_ADDRESS: usize = 254;
const MAX_LOCAL_PART: usize = 64;
const MAX_LABEL: usize = 63;

/// Whether `address` looks like a deliverable email address.
pub fn is_valid_email(address: &str) -> bool {
    if address.len() > MAX_ADDRESS {
        return false;
    }
    let Some((local, domain)) = split_address(address) else {
        return false;
    };
    is_valid_local_part(local) && is_valid_domain(domain)
}

/// The local part and the domain of `address`, around its last `@`. Found in the bytes (an
/// `@` is one byte in UTF-8, so both sides are whole characters): `rsplit_once` compiles a
/// reverse character searcher into the widget.
pub fn split_address(address: &str) -> Option<(&str, &str)> {
    let at = address.bytes().rposition(|byte| byte == b'@')?;
    Some((address.get(..at)?, address.get(at + 1..)?))
}

fn is_valid_local_part(local: &str) -> bool {
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || c.is_ascii() && b"!#$%&'*+-/=?^_`{|}~.".contains(&(c as u8))
            || beyond_ascii(c)
    };
    !local.is_empty()
        && local.len() <= MAX_LOCAL_PART
        && local.chars().all(allowed)
        && !local.starts_with('.')
        && !local.ends_with('.')
        // Bytes, not `contains("..")`: a substring searcher costs the widget 2 KB of wasm.
        && !local.as_bytes().windows(2).any(|pair| pair == b"..")
}

/// A character of an internationalised address, taken as typed (IDNA and the mail server
/// decide the rest), unless it is a space or a control character. Not `is_alphanumeric`:
/// its Unicode tables would cost the widget a kilobyte for no address a person types.
fn beyond_ascii(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control()
}

fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= MAX_LABEL
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || beyond_ascii(c))
    };
    let top_level_ok = labels
        .last()
        .is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    labels.len() >= 2 && labels.iter().all(label_ok) && top_level_ok
}

#[cfg(test)]
mod tests {
    use super::{is_valid_email, split_address};

    #[test]
    fn an_address_splits_at_its_last_at_sign_between_whole_characters() {
        assert_eq!(split_address("a@b@c.de"), Some(("a@b", "c.de")));
        assert_eq!(
            split_address("jürgen@bücher.de"),
            Some(("jürgen", "bücher.de"))
        );
        assert_eq!(split_address("@"), Some(("", "")));
        assert_eq!(split_address("no-at.example"), None);
    }

    #[test]
    fn accepts_practical_addresses() {
        for address in [
            "ada@example.com",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "x@example.museum",
            "user@bücher.example",
            "用户@例子.广告",
            "user@xn--bcher-kva.example",
            "a_b-c@my-domain.io",
            "ada@☃.net",
            "ada@ελλάδα.gr",
        ] {
            assert!(is_valid_email(address), "{address} should be accepted");
        }
    }

    #[test]
    fn refuses_what_cannot_be_delivered() {
        let too_long = format!("{}@example.com", "a".repeat(65));
        for address in [
            "",
            "plainaddress",
            "@example.com",
            "ada@",
            "ada@example",
            "ada@example.c",
            "ada@.example.com",
            "ada@example..com",
            "ada@-example.com",
            "ada@example-.com",
            ".ada@example.com",
            "ada.@example.com",
            "a..da@example.com",
            "ada lovelace@example.com",
            "ada@exa mple.com",
            "ada@example.123",
            "ada@@example.com",
            "ada@exa\u{a0}mple.com",
            "ada\u{2003}@example.com",
            "ada@exa\u{7}mple.com",
            "ada@exa_mple.com",
            too_long.as_str(),
        ] {
            assert!(!is_valid_email(address), "{address:?} should be refused");
        }
    }
}
