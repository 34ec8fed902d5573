//! What in a record is a person's, and how it is erased: the Create Lead body (every answer
//! and contact field), the consent record's text (its version stays: a hash of the wording),
//! and whatever of the person's answers JourneyBee's refusals repeated into the last error
//! and the history. What stays (ids, form, state, times, attempts, the lead's id, status
//! codes) is nobody's and keeps the operator's commands, the stats and repeats working.

use serde_json::Value;

/// The lead's own contact fields in the Create Lead body.
const CONTACT_FIELDS: [&str; 5] = [
    "company_name",
    "email",
    "phone_number",
    "first_name",
    "last_name",
];

/// Where the visitor's answers to custom questions are.
const ANSWER_LISTS: [&str; 3] = [
    "customFields",
    "partnerCustomFields",
    "integrationCustomFields",
];

/// Shorter texts are not looked for in messages: a `5` or `ja` would blot out unrelated words.
const SHORTEST_SCRUBBED: usize = 3;

/// What stands in for an erased value inside a message.
pub const ERASED: &str = "[erased]";

/// Every text the visitor gave, from a stored Create Lead body (none if it cannot be read).
pub fn values(request: &str) -> Vec<String> {
    let Ok(body) = serde_json::from_str::<Value>(request) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for field in CONTACT_FIELDS {
        if let Some(Value::String(text)) = body.get(field) {
            found.push(text.clone());
        }
    }
    for list in ANSWER_LISTS {
        if let Some(answers) = body.get(list) {
            texts_in(answers, &mut found);
        }
    }
    found.retain(|text| text.trim().chars().count() >= SHORTEST_SCRUBBED);
    found.sort();
    found.dedup();
    found
}

fn texts_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => found.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| texts_in(item, found)),
        Value::Object(fields) => fields.values().for_each(|field| texts_in(field, found)),
        _ => {}
    }
}

/// Whether the body names `email` as the lead's address or as an answer (letter case aside).
pub fn holds_email(request: &str, email: &str) -> bool {
    let wanted = email.trim();
    !wanted.is_empty()
        && values(request)
            .iter()
            .any(|text| text.trim().eq_ignore_ascii_case(wanted))
}

/// `text` with every one of `values` in it replaced by [`ERASED`], longest first (so a name
/// inside an address goes with the address).
pub fn scrub(text: &str, values: &[String]) -> String {
    let mut by_length: Vec<&String> = values.iter().collect();
    by_length.sort_by_key(|value| std::cmp::Reverse(value.len()));
    let mut scrubbed = text.to_owned();
    for value in by_length {
        scrubbed = replace_ignoring_case(&scrubbed, value);
    }
    scrubbed
}

/// Replaces `value` in `text`, ASCII letter case aside (JourneyBee may lower-case an address).
fn replace_ignoring_case(text: &str, value: &str) -> String {
    let (haystack, needle) = (text.to_ascii_lowercase(), value.to_ascii_lowercase());
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    // ASCII lower-casing keeps every byte offset, so offsets found in `haystack` cut `text`.
    for (at, _) in haystack.match_indices(&needle) {
        if at < rest {
            continue;
        }
        out.push_str(&text[rest..at]);
        out.push_str(ERASED);
        rest = at + needle.len();
    }
    out.push_str(&text[rest..]);
    out
}

/// The consent record without its text: the version (a hash of the wording), the time and
/// the language still prove which words were agreed to.
pub fn erased_consent(consent: &str) -> Option<String> {
    let mut record: Value = serde_json::from_str(consent).ok()?;
    record.as_object_mut()?.remove("text");
    Some(record.to_string())
}

/// The `LIKE` pattern that finds bodies which may hold `email` (lower-cased, wildcards
/// escaped with `\`); [`holds_email`] decides.
pub fn email_pattern(email: &str) -> String {
    let mut pattern = String::from("%");
    for character in email.trim().to_lowercase().chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"company_name":"Globex","email":"Ada@Globex.example","phone_number":"+4930123456","first_name":"Ada","last_name":"Lovelace","associationType":"reseller","partnershipLead":{"partnership_id":456,"sentBy":{"email":"partner@partner.example"}},"customFields":[{"id":5,"value":{"number":25000}},{"id":7,"value":{"text":"ada.private@mail.example"}}]}"#;

    #[test]
    fn the_visitor_s_texts_are_found_and_the_partner_s_are_not() {
        let found = values(BODY);
        for value in [
            "Globex",
            "Ada@Globex.example",
            "+4930123456",
            "Ada",
            "Lovelace",
            "ada.private@mail.example",
        ] {
            assert!(found.iter().any(|text| text == value), "{value}: {found:?}");
        }
        assert!(!found.iter().any(|text| text.contains("partner@")));
        assert!(values("not json").is_empty());
    }

    #[test]
    fn an_address_is_found_as_the_lead_s_or_as_an_answer_whatever_its_case() {
        assert!(holds_email(BODY, "ada@globex.example"));
        assert!(holds_email(BODY, " ADA.private@mail.example "));
        assert!(!holds_email(BODY, "partner@partner.example"));
        assert!(!holds_email(BODY, "globex.example"));
        assert!(!holds_email(BODY, ""));
    }

    #[test]
    fn messages_lose_the_visitor_s_words_and_keep_the_rest() {
        let scrubbed = scrub(
            "409: a lead with ada@globex.example (Ada Lovelace, GLOBEX) exists",
            &values(BODY),
        );
        assert_eq!(
            scrubbed,
            "409: a lead with [erased] ([erased] [erased], [erased]) exists"
        );
    }

    #[test]
    fn consent_keeps_its_version_time_and_language() {
        let erased = erased_consent(
            r#"{"text":"I agree.","version":"0123456789abcdef","at":"2026-12-06T10:00:00Z","locale":"de"}"#,
        )
        .expect("a record");
        assert!(!erased.contains("I agree"), "{erased}");
        assert!(erased.contains("0123456789abcdef") && erased.contains("\"de\""));
    }

    #[test]
    fn the_pattern_escapes_like_s_wildcards() {
        assert_eq!(email_pattern(" A_b%c@x.example"), r"%a\_b\%c@x.example%");
    }
}
