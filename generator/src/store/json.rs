//! DynamoDB JSON files: what `aws dynamodb scan` prints (`{"Items":[…]}`) and
//! what `aws dynamodb batch-write-item --request-items` takes
//! (`{"TABLE":[{"PutRequest":{"Item":{…}}}]}`). Data moves between a real
//! table, a file and the embedded store through these.
//!
//! Files are read and written one item at a time, so memory does not grow
//! with the file: [`read`] streams items to a callback, [`check`] is the
//! first pass of an import (every item valid, no key twice), and [`Writer`]
//! writes items as they come.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::value::{MAX_NESTING, quote};
use super::{AttributeValue, Item, Key, validate_item};

/// The table name written into batch files when none is given.
pub const DEFAULT_TABLE: &str = "trogs";

#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    #[error("the file is not JSON: {0}")]
    Syntax(#[from] serde_json::Error),
    #[error("reading the file: {0}")]
    Io(#[source] io::Error),
    #[error(
        "the file is neither `aws dynamodb scan` output ({{\"Items\":[…]}}) nor a batch-write-item request ({{\"TABLE\":[{{\"PutRequest\":{{\"Item\":…}}}}]}}): {0}"
    )]
    Shape(String),
    #[error("item {number}{}: {detail}", key_suffix(.key))]
    Item {
        number: usize,
        /// The item's key, quoted for a message, when it has one.
        key: Option<String>,
        detail: String,
    },
    #[error(
        "items {first} and {second} have the same key {key}; DynamoDB would keep only one of them"
    )]
    Duplicate {
        first: usize,
        second: usize,
        key: String,
    },
    #[error("the file has requests for several tables ({}); choose one with --table", .0.join(", "))]
    SeveralTables(Vec<String>),
    #[error("the file has no requests for table {wanted}; it has {}", .found.join(", "))]
    NoSuchTable { wanted: String, found: Vec<String> },
}

fn key_suffix(key: &Option<String>) -> String {
    key.as_ref().map(|k| format!(" ({k})")).unwrap_or_default()
}

/// A key quoted for a message: `PK="a1" SK="a1"`, control characters escaped.
pub fn describe_key(key: &Key) -> String {
    format!("PK={} SK={}", quote(&key.pk), quote(&key.sk))
}

/// The two shapes of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `aws dynamodb scan` output.
    Scan,
    /// An `aws dynamodb batch-write-item` request file.
    Batch,
}

/// What reading a file found besides its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub shape: Shape,
    /// The items read (for a batch file: those of the chosen table).
    pub items: usize,
    /// The tables a batch file has requests for, in file order, quoted.
    pub tables: Vec<String>,
    /// Set when a scan file says it is one page of a longer scan: the
    /// member that says so (`LastEvaluatedKey` or `NextToken`).
    pub partial: Option<&'static str>,
}

/// Reads a file in either shape, one item at a time: `each` gets every
/// valid item (numbered from 1 in file order, counting the requests of
/// every table) as soon as it is read. In a batch file naming several
/// tables, `table` chooses one; without it such a file is refused.
///
/// An error can come after `each` has seen some items, so a caller that
/// writes them must be able to undo that: [`check`] the file first, or
/// write inside a transaction.
pub fn read<R: Read>(
    reader: R,
    table: Option<&str>,
    mut each: impl FnMut(usize, Item) -> Result<(), JsonError>,
) -> Result<Summary, JsonError> {
    let mut state = State {
        table,
        each: &mut each,
        number: 0,
        items: 0,
        saw_items: false,
        tables: Vec::new(),
        not_lists: Vec::new(),
        other_keys: 0,
        partial: None,
        error: None,
    };
    let mut de =
        serde_json::Deserializer::from_reader(io::BufReader::with_capacity(1 << 16, reader));
    let parsed = RootSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(e) = state.error.take() {
        return Err(e);
    }
    if let Err(e) = parsed {
        return Err(match e.classify() {
            serde_json::error::Category::Io => JsonError::Io(e.into()),
            _ => JsonError::Syntax(e),
        });
    }
    state.finish()
}

/// The first pass of an import: reads the whole file, checks every item and
/// refuses a key that appears twice, naming both items. Memory stays small:
/// one item at a time, and a 16-byte digest per key.
pub fn check<R: Read>(reader: R, table: Option<&str>) -> Result<Summary, JsonError> {
    let mut seen: HashMap<[u8; 16], usize> = HashMap::new();
    read(reader, table, |number, item| {
        let key = Key::of(&item).expect("validated items have keys");
        match seen.insert(key_digest(&key), number) {
            Some(first) => Err(JsonError::Duplicate {
                first,
                second: number,
                key: describe_key(&key),
            }),
            None => Ok(()),
        }
    })
}

fn key_digest(key: &Key) -> [u8; 16] {
    let mut h = blake3::Hasher::new();
    h.update(&(key.pk.len() as u64).to_le_bytes());
    h.update(key.pk.as_bytes());
    h.update(key.sk.as_bytes());
    let mut digest = [0; 16];
    digest.copy_from_slice(&h.finalize().as_bytes()[..16]);
    digest
}

/// Reads every item of a file held in memory (small files and tests).
pub fn parse(text: &str) -> Result<Vec<Item>, JsonError> {
    let mut items = Vec::new();
    read(text.as_bytes(), None, |_, item| {
        items.push(item);
        Ok(())
    })?;
    Ok(items)
}

type Each<'a> = dyn FnMut(usize, Item) -> Result<(), JsonError> + 'a;

struct State<'a, 'f> {
    table: Option<&'a str>,
    each: &'f mut Each<'f>,
    /// The number of the last item or request seen.
    number: usize,
    /// Items handed to `each`.
    items: usize,
    saw_items: bool,
    /// Keys of the root object whose values are lists: tables (unquoted).
    tables: Vec<String>,
    /// Keys of the root object (other than scan's own) that are not lists.
    not_lists: Vec<String>,
    other_keys: usize,
    partial: Option<&'static str>,
    /// The error that stopped the parse, when it is ours and not serde's.
    error: Option<JsonError>,
}

impl State<'_, '_> {
    /// Records an error of ours and gives serde one to stop the parse with.
    fn fail<E: serde::de::Error>(&mut self, error: JsonError) -> E {
        let e = E::custom(error.to_string());
        self.error.get_or_insert(error);
        e
    }

    /// Whether the requests of the table just found are read or skipped.
    fn wants(&self, name: &str) -> bool {
        match self.table {
            Some(t) => t == name,
            // Without --table, only a file with one table is read; once a
            // second one shows up the rest is only parsed, to list them all.
            None => self.tables.len() == 1,
        }
    }

    fn item(&mut self, number: usize, value: Value) -> Result<(), JsonError> {
        let key = item_key(&value);
        let err = |detail: String| JsonError::Item {
            number,
            key: key.clone(),
            detail,
        };
        let item = item_from_json(value).map_err(err)?;
        validate_item(&item).map_err(err)?;
        self.items += 1;
        (self.each)(number, item)
    }

    fn finish(self) -> Result<Summary, JsonError> {
        let quoted = |names: &[String]| names.iter().map(|n| quote(n)).collect::<Vec<_>>();
        let tables = quoted(&self.tables);
        let shape = match (self.saw_items, self.tables.is_empty()) {
            (true, true) => Shape::Scan,
            (true, false) => {
                return Err(JsonError::Shape(format!(
                    "it has both \"Items\" and requests for tables ({})",
                    tables.join(", ")
                )));
            }
            (false, _) if !self.not_lists.is_empty() => {
                return Err(JsonError::Shape(format!(
                    "the requests for table {} are not a list",
                    quote(&self.not_lists[0])
                )));
            }
            (false, true) if self.other_keys == 0 => {
                return Err(JsonError::Shape("the object is empty".into()));
            }
            (false, true) => {
                return Err(JsonError::Shape(
                    "it has no \"Items\" and no requests for a table".into(),
                ));
            }
            (false, false) => Shape::Batch,
        };
        if shape == Shape::Batch {
            match self.table {
                Some(t) if !self.tables.iter().any(|n| n == t) => {
                    return Err(JsonError::NoSuchTable {
                        wanted: quote(t),
                        found: tables,
                    });
                }
                None if self.tables.len() > 1 => return Err(JsonError::SeveralTables(tables)),
                _ => {}
            }
        }
        Ok(Summary {
            shape,
            items: self.items,
            tables,
            partial: if shape == Shape::Scan {
                self.partial
            } else {
                None
            },
        })
    }
}

/// The item's key as a message shows it, read before the item is checked.
fn item_key(value: &Value) -> Option<String> {
    let s = |name: &str| value.get(name)?.get("S")?.as_str();
    Some(describe_key(&Key::new(s("PK")?, s("SK")?)))
}

/// The root object: `Items` and scan's counters, or one list per table.
struct RootSeed<'s, 'a, 'f>(&'s mut State<'a, 'f>);

impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(name) = map.next_key::<String>()? {
            match name.as_str() {
                "Items" if state.saw_items => {
                    return Err(state.fail(JsonError::Shape("\"Items\" appears twice".into())));
                }
                "Items" => {
                    state.saw_items = true;
                    map.next_value_seed(ListSeed {
                        state: &mut *state,
                        requests: false,
                        wanted: true,
                    })?;
                }
                "LastEvaluatedKey" | "NextToken" => {
                    let value: Value = map.next_value()?;
                    if !value.is_null() {
                        state.partial = Some(if name == "NextToken" {
                            "NextToken"
                        } else {
                            "LastEvaluatedKey"
                        });
                    }
                    state.other_keys += 1;
                }
                "Count" | "ScannedCount" | "ConsumedCapacity" => {
                    map.next_value::<IgnoredAny>()?;
                    state.other_keys += 1;
                }
                _ => {
                    let index = state.tables.len();
                    state.tables.push(name);
                    let wanted = state.wants(&state.tables[index]);
                    let is_list = map.next_value_seed(ListSeed {
                        state: &mut *state,
                        requests: true,
                        wanted,
                    })?;
                    if !is_list {
                        let name = state.tables.remove(index);
                        state.not_lists.push(name);
                    }
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.0.fail(not_an_object()))
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }
}

fn not_an_object() -> JsonError {
    JsonError::Shape("the top level is not an object".into())
}

/// A list of items (`Items`) or of requests (a table's), read one element
/// at a time. Says whether the value was a list at all.
struct ListSeed<'s, 'a, 'f> {
    state: &'s mut State<'a, 'f>,
    requests: bool,
    /// False for a table whose requests are only parsed, not read.
    wanted: bool,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_, '_> {
    type Value = bool;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let state = self.state;
        loop {
            let number = state.number + 1;
            if !self.wanted {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(true);
                }
                state.number = number;
                continue;
            }
            let value = match seq.next_element::<Value>() {
                Ok(Some(v)) => v,
                Ok(None) => return Ok(true),
                Err(e) if e.to_string().contains("recursion limit exceeded") => {
                    return Err(state.fail(JsonError::Item {
                        number,
                        key: None,
                        detail: format!(
                            "nests deeper than DynamoDB's {MAX_NESTING} levels of maps and lists"
                        ),
                    }));
                }
                Err(e) => return Err(e),
            };
            state.number = number;
            let item = if self.requests {
                match put_request_item(value) {
                    Ok(item) => item,
                    Err(detail) => {
                        return Err(state.fail(JsonError::Item {
                            number,
                            key: None,
                            detail: detail.into(),
                        }));
                    }
                }
            } else {
                value
            };
            if let Err(e) = state.item(number, item) {
                return Err(state.fail(e));
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        if !self.requests {
            return Err(self
                .state
                .fail(JsonError::Shape("\"Items\" is not a list".into())));
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<bool, E> {
        self.not_a_list()
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<bool, E> {
        self.not_a_list()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<bool, E> {
        self.not_a_list()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<bool, E> {
        self.not_a_list()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<bool, E> {
        self.not_a_list()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        self.not_a_list()
    }
}

impl ListSeed<'_, '_, '_> {
    fn not_a_list<E: serde::de::Error>(self) -> Result<bool, E> {
        if self.requests {
            Ok(false)
        } else {
            Err(self
                .state
                .fail(JsonError::Shape("\"Items\" is not a list".into())))
        }
    }
}

/// The item of `{"PutRequest":{"Item":{…}}}`.
fn put_request_item(request: Value) -> Result<Value, &'static str> {
    let Value::Object(mut request) = request else {
        return Err("is not {\"PutRequest\":{\"Item\":{…}}}");
    };
    match request.remove("PutRequest") {
        Some(Value::Object(mut put)) => put
            .remove("Item")
            .ok_or("is not {\"PutRequest\":{\"Item\":{…}}}"),
        _ if request.contains_key("DeleteRequest") => {
            Err("is a DeleteRequest; only PutRequest items can be imported")
        }
        _ => Err("is not {\"PutRequest\":{\"Item\":{…}}}"),
    }
}

fn item_from_json(value: Value) -> Result<Item, String> {
    let Value::Object(attrs) = value else {
        return Err("is not an object of attributes".into());
    };
    attrs
        .into_iter()
        .map(|(name, v)| match attribute_from_json(v) {
            Ok(v) => Ok((name, v)),
            Err(e) => Err(format!("attribute {}: {e}", quote(&name))),
        })
        .collect()
}

const NOT_TYPED: &str = "is not a typed DynamoDB value such as {\"S\":\"text\"}";

/// One typed value, `{"S":"text"}`, `{"M":{…}}` and so on.
fn attribute_from_json(value: Value) -> Result<AttributeValue, String> {
    let Value::Object(typed) = value else {
        return Err(NOT_TYPED.into());
    };
    if typed.len() != 1 {
        return Err(format!("{NOT_TYPED}: it has {} types", typed.len()));
    }
    let (type_name, v) = typed.into_iter().next().expect("one entry");
    let wrong = |expected: &str| Err(format!("{type_name} needs {expected}"));
    let strings = |v: Value| -> Result<Vec<String>, String> {
        match v {
            Value::Array(list) => list
                .into_iter()
                .map(|s| match s {
                    Value::String(s) => Ok(s),
                    _ => Err(format!("{type_name} needs a list of strings")),
                })
                .collect(),
            _ => Err(format!("{type_name} needs a list of strings")),
        }
    };
    Ok(match (type_name.as_str(), v) {
        ("S", Value::String(s)) => AttributeValue::S(s),
        ("N", Value::String(s)) => AttributeValue::N(s),
        ("B", Value::String(s)) => AttributeValue::B(s),
        ("BOOL", Value::Bool(b)) => AttributeValue::Bool(b),
        ("NULL", Value::Bool(b)) => AttributeValue::Null(b),
        ("S" | "N" | "B", _) => return wrong("a string"),
        ("BOOL" | "NULL", _) => return wrong("true or false"),
        ("SS", v) => AttributeValue::SS(strings(v)?),
        ("NS", v) => AttributeValue::NS(strings(v)?),
        ("BS", v) => AttributeValue::BS(strings(v)?),
        ("L", Value::Array(list)) => AttributeValue::L(
            list.into_iter()
                .enumerate()
                .map(|(i, v)| attribute_from_json(v).map_err(|e| format!("[{i}]: {e}")))
                .collect::<Result<_, _>>()?,
        ),
        ("L", _) => return wrong("a list"),
        ("M", Value::Object(map)) => AttributeValue::M(
            map.into_iter()
                .map(|(k, v)| match attribute_from_json(v) {
                    Ok(v) => Ok((k, v)),
                    Err(e) => Err(format!("{}: {e}", quote(&k))),
                })
                .collect::<Result<_, _>>()?,
        ),
        ("M", _) => return wrong("an object"),
        _ => return Err(format!("{NOT_TYPED}: {} is not a type", quote(&type_name))),
    })
}

/// Writes items in one of the two shapes, pretty-printed, as they come:
/// nothing but the current item is held.
pub struct Writer<W: Write> {
    out: W,
    shape: Shape,
    count: usize,
    buf: Vec<u8>,
}

#[derive(Serialize)]
struct PutRequest<'a> {
    #[serde(rename = "PutRequest")]
    put: PutItem<'a>,
}

#[derive(Serialize)]
struct PutItem<'a> {
    #[serde(rename = "Item")]
    item: &'a Item,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, shape: Shape, table: &str) -> io::Result<Self> {
        match shape {
            Shape::Scan => out.write_all(b"{\n  \"Items\": [")?,
            Shape::Batch => {
                let name = serde_json::to_string(table).expect("a string serialises");
                write!(out, "{{\n  {name}: [")?;
            }
        }
        Ok(Writer {
            out,
            shape,
            count: 0,
            buf: Vec::new(),
        })
    }

    pub fn write(&mut self, item: &Item) -> io::Result<()> {
        self.buf.clear();
        match self.shape {
            Shape::Scan => serde_json::to_writer_pretty(&mut self.buf, item),
            Shape::Batch => serde_json::to_writer_pretty(
                &mut self.buf,
                &PutRequest {
                    put: PutItem { item },
                },
            ),
        }
        .map_err(io::Error::other)?;
        self.out
            .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
        // The item sits two levels down. JSON strings never hold a raw
        // newline, so every newline is one between lines.
        for (i, line) in self.buf.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"    ")?;
            self.out.write_all(line)?;
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the document and flushes it; gives back the output and the
    /// number of items written.
    pub fn finish(mut self) -> io::Result<(W, usize)> {
        let close = if self.count == 0 { "]" } else { "\n  ]" };
        match self.shape {
            Shape::Scan => write!(
                self.out,
                "{close},\n  \"Count\": {n},\n  \"ScannedCount\": {n}\n}}\n",
                n = self.count
            )?,
            Shape::Batch => write!(self.out, "{close}\n}}\n")?,
        }
        self.out.flush()?;
        Ok((self.out, self.count))
    }
}

/// Writes items in one of the two shapes, pretty-printed, into a string.
pub fn render(items: &[Item], shape: Shape, table: &str) -> String {
    let mut w = Writer::new(Vec::new(), shape, table).expect("writing to memory");
    for item in items {
        w.write(item).expect("writing to memory");
    }
    let (bytes, _) = w.finish().expect("writing to memory");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"{"PK":{"S":"a"},"SK":{"S":"a"}}"#;
    const B: &str = r#"{"PK":{"S":"b"},"SK":{"S":"b"},"N":{"N":"2"}}"#;

    fn numbers(text: &str, table: Option<&str>) -> Result<(Summary, Vec<usize>), JsonError> {
        let mut seen = Vec::new();
        let summary = read(text.as_bytes(), table, |n, _| {
            seen.push(n);
            Ok(())
        })?;
        Ok((summary, seen))
    }

    #[test]
    fn scan_members_come_in_any_order() {
        let text = format!(r#"{{"Count":2,"Items":[{A},{B}],"ScannedCount":2}}"#);
        let (summary, seen) = numbers(&text, None).unwrap();
        assert_eq!(summary.shape, Shape::Scan);
        assert_eq!(summary.items, 2);
        assert_eq!(summary.partial, None);
        assert_eq!(seen, [1, 2]);
        let partial = format!(r#"{{"LastEvaluatedKey":{A},"Items":[{A}]}}"#);
        assert_eq!(
            numbers(&partial, None).unwrap().0.partial,
            Some("LastEvaluatedKey")
        );
        let next = format!(r#"{{"Items":[{A}],"NextToken":"abc"}}"#);
        assert_eq!(numbers(&next, None).unwrap().0.partial, Some("NextToken"));
    }

    #[test]
    fn batch_items_are_numbered_across_tables() {
        let put = |i: &str| format!(r#"{{"PutRequest":{{"Item":{i}}}}}"#);
        let text = format!(r#"{{"One":[{}],"Two":[{},{}]}}"#, put(A), put(A), put(B));
        let (summary, seen) = numbers(&text, Some("Two")).unwrap();
        assert_eq!(summary.shape, Shape::Batch);
        assert_eq!(summary.tables, [r#""One""#, r#""Two""#]);
        assert_eq!(seen, [2, 3]);
        let e = numbers(&text, None).unwrap_err().to_string();
        assert!(e.contains(r#"several tables ("One", "Two")"#), "{e}");
        // Only the first table was read before the second showed up.
        let mut seen = Vec::new();
        let _ = read(text.as_bytes(), None, |n, _| {
            seen.push(n);
            Ok(())
        });
        assert_eq!(seen, [1]);
    }

    #[test]
    fn shapes_that_are_neither_are_refused() {
        for (text, says) in [
            ("[1]", "top level is not an object"),
            ("3", "top level is not an object"),
            ("{}", "the object is empty"),
            (r#"{"Count":1}"#, "no \"Items\""),
            (r#"{"Items":{}}"#, "\"Items\" is not a list"),
            (r#"{"T":{"PutRequest":{}}}"#, "table \"T\" are not a list"),
            (r#"{"Items":[],"T":[]}"#, "both \"Items\" and requests"),
            (r#"{"Items":[]} x"#, "not JSON"),
        ] {
            let e = numbers(text, None).unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn check_names_both_items_of_a_key() {
        let text = format!(r#"{{"Items":[{A},{B},{A}]}}"#);
        let e = check(text.as_bytes(), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"items 1 and 3 have the same key PK="a" SK="a"; DynamoDB would keep only one of them"#
        );
        // "ab"+"c" and "a"+"bc" are different keys.
        let text =
            r#"{"Items":[{"PK":{"S":"ab"},"SK":{"S":"c"}},{"PK":{"S":"a"},"SK":{"S":"bc"}}]}"#;
        assert_eq!(check(text.as_bytes(), None).unwrap().items, 2);
    }

    #[test]
    fn typed_values_are_read_strictly() {
        for (attr, says) in [
            (r#"{"S":1}"#, "S needs a string"),
            (r#"{"S":"a","N":"1"}"#, "it has 2 types"),
            (r#"{"STRING":"a"}"#, r#""STRING" is not a type"#),
            (
                r#"{"L":[{"M":{"k":{"BOOL":"yes"}}}]}"#,
                r#"[0]: "k": BOOL needs true or false"#,
            ),
            (r#"{"SS":["a",1]}"#, "SS needs a list of strings"),
            (r#""text""#, "is not a typed DynamoDB value"),
        ] {
            let text = format!(r#"{{"Items":[{{"PK":{{"S":"p"}},"SK":{{"S":"s"}},"X":{attr}}}]}}"#);
            let e = numbers(&text, None).unwrap_err().to_string();
            assert!(
                e.starts_with(r#"item 1 (PK="p" SK="s"): attribute "X": "#),
                "{e}"
            );
            assert!(e.contains(says), "{attr}: {e}");
        }
    }

    #[test]
    fn nesting_past_what_the_parser_holds_is_named_as_nesting() {
        let deep = format!(
            r#"{}{{"S":"x"}}{}"#,
            r#"{"L":["#.repeat(80),
            "]}".repeat(80)
        );
        let text = format!(r#"{{"Items":[{A},{{"PK":{{"S":"p"}},"SK":{{"S":"s"}},"D":{deep}}}]}}"#);
        let e = numbers(&text, None).unwrap_err().to_string();
        assert_eq!(
            e,
            "item 2: nests deeper than DynamoDB's 32 levels of maps and lists"
        );
    }

    #[test]
    fn the_writer_streams_what_read_reads() {
        let items = parse(&format!(r#"{{"Items":[{A},{B}]}}"#)).unwrap();
        for shape in [Shape::Scan, Shape::Batch] {
            let text = render(&items, shape, "T\"able");
            let value: Value = serde_json::from_str(&text).unwrap();
            assert!(text.ends_with("}\n"));
            let mut again = Vec::new();
            let summary = read(text.as_bytes(), None, |_, i| {
                again.push(i);
                Ok(())
            })
            .unwrap();
            assert_eq!(again, items, "{text}");
            assert_eq!(summary.shape, shape);
            if shape == Shape::Scan {
                assert_eq!(value["Count"], 2);
            } else {
                assert!(value["T\"able"].is_array());
            }
            let empty: Value = serde_json::from_str(&render(&[], shape, "T")).unwrap();
            assert!(empty.is_object());
        }
    }
}
