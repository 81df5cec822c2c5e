//! Item values with DynamoDB's types, so an item read from a real table (or an
//! export of one) survives a round trip through any engine unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One item: attribute name to typed value, in the DynamoDB JSON shape
/// (`{"PK":{"S":"…"},"Featured":{"BOOL":true}}`).
pub type Item = BTreeMap<String, AttributeValue>;

/// A DynamoDB attribute value. Binary values keep their base64 text as it is:
/// the generator never looks inside them, it only has to carry them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttributeValue {
    S(String),
    N(String),
    B(String),
    #[serde(rename = "BOOL")]
    Bool(bool),
    #[serde(rename = "NULL")]
    Null(bool),
    L(Vec<AttributeValue>),
    M(BTreeMap<String, AttributeValue>),
    SS(Vec<String>),
    NS(Vec<String>),
    BS(Vec<String>),
}

impl AttributeValue {
    pub fn s(value: impl Into<String>) -> Self {
        AttributeValue::S(value.into())
    }

    pub fn n(value: impl std::fmt::Display) -> Self {
        AttributeValue::N(value.to_string())
    }

    pub fn as_s(&self) -> Option<&str> {
        match self {
            AttributeValue::S(s) => Some(s),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::Bool(_) => "BOOL",
            AttributeValue::Null(_) => "NULL",
            AttributeValue::L(_) => "L",
            AttributeValue::M(_) => "M",
            AttributeValue::SS(_) => "SS",
            AttributeValue::NS(_) => "NS",
            AttributeValue::BS(_) => "BS",
        }
    }

    /// Checks what DynamoDB itself would reject, so a value the embedded
    /// engine accepts is one a real table accepts too.
    pub fn validate(&self) -> Result<(), String> {
        self.validate_at(1)
    }

    /// `level` counts the maps and lists around this value, itself included
    /// when it is one: an attribute that is a map is at level 1.
    fn validate_at(&self, level: usize) -> Result<(), String> {
        match self {
            AttributeValue::N(n) => check_number(n),
            AttributeValue::B(b) => check_base64(b),
            AttributeValue::Null(false) => Err("NULL must be true".into()),
            AttributeValue::SS(v) | AttributeValue::BS(v) if v.is_empty() => {
                Err(format!("{} must not be an empty set", self.type_name()))
            }
            AttributeValue::SS(v) => no_duplicates(v, "SS"),
            AttributeValue::BS(v) => {
                v.iter().try_for_each(|b| check_base64(b))?;
                no_duplicates(v, "BS")
            }
            AttributeValue::NS(v) if v.is_empty() => Err("NS must not be an empty set".into()),
            AttributeValue::NS(v) => {
                v.iter().try_for_each(|n| check_number(n))?;
                no_duplicates(v, "NS")
            }
            AttributeValue::L(_) | AttributeValue::M(_) if level > MAX_NESTING => Err(format!(
                "nests deeper than DynamoDB's {MAX_NESTING} levels of maps and lists"
            )),
            AttributeValue::L(v) => v
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| v.validate_at(level + 1).map_err(|e| format!("[{i}]: {e}"))),
            AttributeValue::M(m) => m.iter().try_for_each(|(k, v)| {
                v.validate_at(level + 1)
                    .map_err(|e| format!("{}: {e}", quote(k)))
            }),
            _ => Ok(()),
        }
    }
}

/// DynamoDB's deepest nesting of maps and lists in an item.
pub const MAX_NESTING: usize = 32;
/// DynamoDB's longest partition key value, in bytes (table and indexes).
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// DynamoDB's longest sort key value, in bytes (table and indexes).
pub const MAX_SORT_KEY_BYTES: usize = 1024;
/// DynamoDB's most significant digits in a number.
pub const MAX_NUMBER_DIGITS: usize = 38;

/// Text from a file or a table, quoted for a message: control characters
/// (a terminal's escape sequences among them) are escaped, and very long
/// text is cut short.
pub fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{:?}… ({} bytes)", &text[..cut], text.len()),
        None => format!("{text:?}"),
    }
}

fn no_duplicates(values: &[String], type_name: &str) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    match values.iter().find(|v| !seen.insert(v.as_str())) {
        Some(dup) => Err(format!("{type_name} has the value {} twice", quote(dup))),
        None => Ok(()),
    }
}

/// Checks a number as DynamoDB does: decimal text, at most 38 significant
/// digits, and zero or a magnitude from 1E-130 to
/// 9.9999999999999999999999999999999999999E+125.
fn check_number(n: &str) -> Result<(), String> {
    let not_a_number = || format!("{} is not a number", quote(n));
    let unsigned = n.strip_prefix(['-', '+']).unwrap_or(n);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(not_a_number());
    }
    let exponent: Option<i64> = match exponent {
        None => Some(0),
        Some(e) => {
            let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return Err(not_a_number());
            }
            // An exponent too long for an i64 is far out of range anyway.
            e.parse().ok()
        }
    };
    let digits = || whole.bytes().chain(fraction.bytes());
    let Some(first) = digits().position(|d| d != b'0') else {
        return Ok(()); // zero
    };
    let total = whole.len() + fraction.len();
    let last = total
        - 1
        - digits()
            .rev()
            .position(|d| d != b'0')
            .expect("a digit is not zero");
    if last - first + 1 > MAX_NUMBER_DIGITS {
        return Err(format!(
            "{} has more than {MAX_NUMBER_DIGITS} significant digits",
            quote(n)
        ));
    }
    // The power of ten of the first significant digit: 1.5E+3 -> 3.
    let magnitude = exponent.and_then(|e| e.checked_add(whole.len() as i64 - 1 - first as i64));
    match magnitude {
        Some(m) if (-130..=125).contains(&m) => Ok(()),
        _ => Err(format!(
            "{} is outside DynamoDB's range of numbers (magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125)",
            quote(n)
        )),
    }
}

/// Checks base64 text as DynamoDB reads `B` and `BS`: the standard
/// alphabet, padded to a multiple of four characters.
fn check_base64(b: &str) -> Result<(), String> {
    let bytes = b.as_bytes();
    let body = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(bytes);
    let valid = bytes.len().is_multiple_of(4)
        && body
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/');
    if valid {
        Ok(())
    } else {
        Err(format!("{} is not valid base64", quote(b)))
    }
}

/// Reads a string attribute, if present and a string.
pub fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name).and_then(AttributeValue::as_s)
}

/// The table and its indexes, for the key checks.
const INDEXES: [crate::store::Index; 5] = [
    crate::store::Index::Table,
    crate::store::Index::ArtistsAlbums,
    crate::store::Index::ArtistContent,
    crate::store::Index::ArtistsByOwner,
    crate::store::Index::ArtistsNames,
];

/// Validates a whole item as an item of the catalog table: every write goes
/// through this, so an item the embedded engine accepts is one DynamoDB
/// accepts too.
pub fn validate_item(item: &Item) -> Result<(), String> {
    for key in ["PK", "SK"] {
        match item.get(key) {
            Some(AttributeValue::S(s)) if !s.is_empty() => {}
            Some(AttributeValue::S(_)) => return Err(format!("key attribute {key} is empty")),
            Some(v) => {
                return Err(format!(
                    "key attribute {key} must be S, not {}",
                    v.type_name()
                ));
            }
            None => return Err(format!("key attribute {key} is missing")),
        }
    }
    for attr in crate::store::Index::GSI_KEY_ATTRIBUTES {
        match item.get(*attr) {
            None => {}
            Some(AttributeValue::S(s)) if s.is_empty() => {
                return Err(format!(
                    "index key attribute {attr} must not be an empty string"
                ));
            }
            Some(AttributeValue::S(_)) => {}
            Some(v) => {
                return Err(format!(
                    "index key attribute {attr} must be S, not {}",
                    v.type_name()
                ));
            }
        }
    }
    // Key lengths, for the table and for each index the item is in (an
    // item is in an index when it has the index's partition key).
    for index in INDEXES {
        let hash = index.hash_key();
        let range = index.range_key();
        if index != crate::store::Index::Table && get_s(item, hash).is_none() {
            continue;
        }
        for (attr, max, kind) in [
            (hash, MAX_PARTITION_KEY_BYTES, "partition"),
            (range, MAX_SORT_KEY_BYTES, "sort"),
        ] {
            if let Some(s) = get_s(item, attr)
                && s.len() > max
            {
                let within = match index.name() {
                    None => "the table".to_string(),
                    Some(name) => format!("index {name}"),
                };
                return Err(format!(
                    "{attr} is {} bytes, but a {kind} key of {within} holds at most {max}",
                    s.len()
                ));
            }
        }
    }
    for (name, value) in item {
        value
            .validate()
            .map_err(|e| format!("attribute {}: {e}", quote(name)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(attrs: &[(&str, AttributeValue)]) -> Item {
        let mut item = Item::from([
            ("PK".to_string(), AttributeValue::s("p")),
            ("SK".to_string(), AttributeValue::s("s")),
        ]);
        for (k, v) in attrs {
            item.insert(k.to_string(), v.clone());
        }
        item
    }

    fn nested(levels: usize) -> AttributeValue {
        let mut v = AttributeValue::s("deep");
        for i in 0..levels {
            v = if i % 2 == 0 {
                AttributeValue::M(BTreeMap::from([("m".to_string(), v)]))
            } else {
                AttributeValue::L(vec![v])
            };
        }
        v
    }

    #[test]
    fn numbers_in_dynamodbs_range_pass() {
        for n in [
            "0",
            "-0",
            "0.000",
            "1.50",
            "-12.5e3",
            ".5",
            "5.",
            "1E-130",
            "-1e-130",
            "0.1E-129",
            "9.9999999999999999999999999999999999999E+125",
            "12345678901234567890123456789012345678",
            "1234567890123456789012345678901234567800000",
            "0.00012345678901234567890123456789012345678",
            "100000000000000000000000000000000000000000000000000000",
        ] {
            assert_eq!(check_number(n), Ok(()), "{n}");
        }
    }

    #[test]
    fn numbers_outside_dynamodbs_range_are_refused() {
        for (n, says) in [
            ("1E126", "outside DynamoDB's range"),
            ("-1E126", "outside DynamoDB's range"),
            ("1E-131", "outside DynamoDB's range"),
            ("0.01E-129", "outside DynamoDB's range"),
            ("1e400", "outside DynamoDB's range"),
            ("1e99999999999999999999999", "outside DynamoDB's range"),
            (
                "123456789012345678901234567890123456789",
                "more than 38 significant digits",
            ),
            (
                "1.23456789012345678901234567890123456789",
                "more than 38 significant digits",
            ),
            ("many", "not a number"),
            ("NaN", "not a number"),
            ("inf", "not a number"),
            ("", "not a number"),
            (" 1", "not a number"),
            ("1e", "not a number"),
            (".", "not a number"),
            ("0x10", "not a number"),
        ] {
            let e = check_number(n).unwrap_err();
            assert!(e.contains(says), "{n}: {e}");
        }
    }

    #[test]
    fn base64_is_checked_in_b_and_bs() {
        for ok in ["", "AAE=", "AA==", "AAAA", "a+/9"] {
            assert_eq!(check_base64(ok), Ok(()), "{ok}");
        }
        for bad in ["A", "AAE", "AA=A", "A===", "AA E", "AA-_", "****"] {
            assert!(check_base64(bad).unwrap_err().contains("not valid base64"));
        }
        let e = validate_item(&item(&[("Blob", AttributeValue::B("%%%".into()))])).unwrap_err();
        assert_eq!(e, r#"attribute "Blob": "%%%" is not valid base64"#);
        let e = validate_item(&item(&[(
            "Blobs",
            AttributeValue::BS(vec!["AAE=".into(), "nope".into(), "x".into()]),
        )]))
        .unwrap_err();
        assert!(e.contains(r#""x" is not valid base64"#), "{e}");
    }

    #[test]
    fn nesting_stops_at_32_levels() {
        assert_eq!(validate_item(&item(&[("Deep", nested(32))])), Ok(()));
        let e = validate_item(&item(&[("Deep", nested(33))])).unwrap_err();
        assert!(e.contains("deeper than DynamoDB's 32 levels"), "{e}");
        assert!(e.starts_with(r#"attribute "Deep": "m": [0]: "m""#), "{e}");
    }

    #[test]
    fn key_lengths_follow_the_table_and_its_indexes() {
        let long = |n: usize| AttributeValue::s("k".repeat(n));
        let mut at_limit = item(&[("AA_PK", long(2048)), ("AA_SK", long(1024))]);
        at_limit.insert("PK".into(), long(1024));
        at_limit.insert("SK".into(), long(1024));
        assert_eq!(validate_item(&at_limit), Ok(()));

        let mut pk = item(&[]);
        pk.insert("PK".into(), long(2049));
        let e = validate_item(&pk).unwrap_err();
        assert_eq!(
            e,
            "PK is 2049 bytes, but a partition key of the table holds at most 2048"
        );
        let mut sk = item(&[]);
        sk.insert("SK".into(), long(1025));
        assert!(validate_item(&sk).unwrap_err().contains("SK is 1025 bytes"));
        for (attr, n, index) in [
            ("AA_PK", 2049, "IX_ARTISTS_ALBUMS"),
            ("AC_PK", 2049, "IX_ARTIST_CONTENT"),
            ("Owner", 2049, "IX_ARTISTS_BY_OWNER"),
            ("NormalizedName", 2049, "IX_ARTISTS_NAMES"),
        ] {
            let e = validate_item(&item(&[(attr, long(n))])).unwrap_err();
            assert!(e.contains(&format!("{attr} is {n} bytes")), "{e}");
            assert!(e.contains(index), "{e}");
        }
        for (hash, range) in [("AA_PK", "AA_SK"), ("AC_PK", "AC_SK")] {
            let e = validate_item(&item(&[(hash, long(5)), (range, long(1025))])).unwrap_err();
            assert!(e.contains(&format!("{range} is 1025 bytes")), "{e}");
        }
        // PK is the sort key of the owner index: 1,024 bytes once the item
        // is in that index.
        let mut owned = item(&[("Owner", long(5))]);
        owned.insert("PK".into(), long(1025));
        let e = validate_item(&owned).unwrap_err();
        assert!(e.contains("sort key of index IX_ARTISTS_BY_OWNER"), "{e}");
        owned.remove("Owner");
        assert_eq!(validate_item(&owned), Ok(()));
    }

    #[test]
    fn names_and_values_in_messages_escape_control_characters() {
        let e = validate_item(&item(&[(
            "\u{1b}[31mred",
            AttributeValue::N("\u{7}".into()),
        )]))
        .unwrap_err();
        assert!(!e.contains('\u{1b}') && !e.contains('\u{7}'), "{e}");
        assert!(e.contains(r"\u{1b}[31mred"), "{e}");
        assert!(quote(&"x".repeat(500)).ends_with("… (500 bytes)"));
    }
}
