//! "Did you mean ada@gmail.com?": a mistyped free mail provider (`gmial.com`,
//! `hotmial.com`, `gmail.con`, `yahoo.co`) gets a suggestion the visitor may take or leave.
//! Never an error: a real company's domain can look like a typo.

use super::free_providers::FREE_PROVIDERS;

/// The address with its provider's domain spelled right, when `address`'s domain is one
/// typo (a letter wrong, missing, extra or two swapped) away from a provider's and is not
/// itself one. Short provider names (`gmx`, `aol`) are only corrected in their ending,
/// since one typo from them lands on many real companies.
pub fn suggested_email(address: &str) -> Option<String> {
    let (local, domain) = crate::journeybee::email::split_address(address.trim())?;
    let domain = domain.to_ascii_lowercase();
    if local.is_empty() || FREE_PROVIDERS.contains(&domain.as_str()) {
        return None;
    }
    let (label, ending) = domain.split_once('.')?;
    let mut best: Option<(usize, &str)> = None;
    for provider in FREE_PROVIDERS {
        let Some((provider_label, provider_ending)) = provider.split_once('.') else {
            continue;
        };
        let distance = if label == provider_label {
            typos(ending, provider_ending)
        } else if provider_label.len() >= 5 {
            typos(&domain, provider)
        } else {
            continue;
        };
        if distance == 1 && best.is_none_or(|(shortest, _)| distance < shortest) {
            best = Some((distance, provider));
        }
    }
    best.map(|(_, provider)| format!("{local}@{provider}"))
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps
/// of neighbours, each one typo.
/// Domains are compared as bytes: a provider's domain is ASCII, and a typed one that is not
/// is several typos away from it anyway.
fn typos(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Three rows of the table: two back (for swaps), the last, and the one being filled.
    let mut older: Vec<usize> = (0..=b.len()).collect();
    let mut last = older.clone();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(older[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut older, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mistyped_providers_get_a_suggestion() {
        for (typed, meant) in [
            ("ada@gmial.com", "ada@gmail.com"),
            ("ada@hotmial.com", "ada@hotmail.com"),
            ("ada@gmail.con", "ada@gmail.com"),
            ("ada@yahoo.co", "ada@yahoo.com"),
            ("ada@GMAIL.CON", "ada@gmail.com"),
            ("ada@outlok.com", "ada@outlook.com"),
            ("ada@gmx.dr", "ada@gmx.de"),
        ] {
            assert_eq!(suggested_email(typed).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn real_addresses_and_company_domains_get_none() {
        for address in [
            "ada@gmail.com",
            "ada@mail.gmx.de",
            "ada@acme.example",
            "ada@acm.com",
            "ada@gmaaail.com",
            "ada@yahoo.co.uk",
            "not an address",
        ] {
            assert_eq!(suggested_email(address), None, "{address}");
        }
    }
}
