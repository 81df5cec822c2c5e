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
        match self {
            AttributeValue::N(n) => check_number(n),
            AttributeValue::Null(false) => Err("NULL must be true".into()),
            AttributeValue::SS(v) | AttributeValue::BS(v) if v.is_empty() => {
                Err(format!("{} must not be an empty set", self.type_name()))
            }
            AttributeValue::SS(v) | AttributeValue::BS(v) => no_duplicates(v, self.type_name()),
            AttributeValue::NS(v) if v.is_empty() => Err("NS must not be an empty set".into()),
            AttributeValue::NS(v) => {
                v.iter().try_for_each(|n| check_number(n))?;
                no_duplicates(v, "NS")
            }
            AttributeValue::L(v) => v.iter().try_for_each(AttributeValue::validate),
            AttributeValue::M(m) => m
                .iter()
                .try_for_each(|(k, v)| v.validate().map_err(|e| format!("{k}: {e}"))),
            _ => Ok(()),
        }
    }
}

fn no_duplicates(values: &[String], type_name: &str) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    match values.iter().find(|v| !seen.insert(v.as_str())) {
        Some(dup) => Err(format!("{type_name} has the value {dup:?} twice")),
        None => Ok(()),
    }
}

fn check_number(n: &str) -> Result<(), String> {
    let t = n.trim();
    if t.is_empty() || t != n || t.parse::<f64>().map(|f| !f.is_finite()).unwrap_or(true) {
        return Err(format!("{n:?} is not a number"));
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits > 38 {
        return Err(format!("{n:?} has more than 38 digits"));
    }
    Ok(())
}

/// Reads a string attribute, if present and a string.
pub fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name).and_then(AttributeValue::as_s)
}

/// Validates a whole item as an item of the catalog table.
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
    for (name, value) in item {
        value
            .validate()
            .map_err(|e| format!("attribute {name}: {e}"))?;
    }
    Ok(())
}
