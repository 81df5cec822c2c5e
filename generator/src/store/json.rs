//! DynamoDB JSON files: what `aws dynamodb scan` prints (`{"Items":[…]}`) and
//! what `aws dynamodb batch-write-item --request-items` takes
//! (`{"TABLE":[{"PutRequest":{"Item":{…}}}]}`). Data moves between a real
//! table, a file and the embedded store through these.

use serde_json::{Map, Value, json};

use super::{AttributeValue, Item, validate_item};

/// The table name written into batch files when none is given.
pub const DEFAULT_TABLE: &str = "trogs";

#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    #[error("the file is not JSON: {0}")]
    Syntax(#[from] serde_json::Error),
    #[error(
        "the file is neither `aws dynamodb scan` output ({{\"Items\":[…]}}) nor a batch-write-item request ({{\"TABLE\":[{{\"PutRequest\":{{\"Item\":…}}}}]}}): {0}"
    )]
    Shape(String),
    #[error("item {number}: {detail}")]
    Item { number: usize, detail: String },
}

/// The two shapes of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `aws dynamodb scan` output.
    Scan,
    /// An `aws dynamodb batch-write-item` request file.
    Batch,
}

/// Reads every item of a file in either shape. Items are numbered from 1 in
/// file order, and every item is checked, so a caller can refuse the whole
/// file before writing anything.
pub fn parse(text: &str) -> Result<Vec<Item>, JsonError> {
    let root: Value = serde_json::from_str(text)?;
    let Value::Object(root) = root else {
        return Err(JsonError::Shape("the top level is not an object".into()));
    };
    let raw = if let Some(items) = root.get("Items") {
        let Value::Array(items) = items else {
            return Err(JsonError::Shape("\"Items\" is not a list".into()));
        };
        items.iter().collect::<Vec<_>>()
    } else {
        if root.is_empty() {
            return Err(JsonError::Shape("the object is empty".into()));
        }
        let mut raw = Vec::new();
        for (table, requests) in &root {
            let Value::Array(requests) = requests else {
                return Err(JsonError::Shape(format!(
                    "the requests for table {table:?} are not a list"
                )));
            };
            for request in requests {
                let number = raw.len() + 1;
                match request.get("PutRequest").and_then(|p| p.get("Item")) {
                    Some(item) => raw.push(item),
                    None if request.get("DeleteRequest").is_some() => {
                        return Err(JsonError::Item {
                            number,
                            detail: "is a DeleteRequest; only PutRequest items can be imported"
                                .into(),
                        });
                    }
                    None => {
                        return Err(JsonError::Item {
                            number,
                            detail: "is not {\"PutRequest\":{\"Item\":{…}}}".into(),
                        });
                    }
                }
            }
        }
        raw
    };
    raw.into_iter()
        .enumerate()
        .map(|(i, v)| item_from_json(v, i + 1))
        .collect()
}

fn item_from_json(value: &Value, number: usize) -> Result<Item, JsonError> {
    let err = |detail: String| JsonError::Item { number, detail };
    let Value::Object(attrs) = value else {
        return Err(err("is not an object of attributes".into()));
    };
    let mut item = Item::new();
    for (name, v) in attrs {
        let value: AttributeValue = serde_json::from_value(v.clone()).map_err(|e| {
            err(format!(
                "attribute {name:?} is not a typed DynamoDB value such as {{\"S\":\"text\"}} ({e})"
            ))
        })?;
        item.insert(name.clone(), value);
    }
    validate_item(&item).map_err(err)?;
    Ok(item)
}

/// Writes items in one of the two shapes, pretty-printed.
pub fn render(items: &[Item], shape: Shape, table: &str) -> String {
    let value = match shape {
        Shape::Scan => json!({
            "Items": items,
            "Count": items.len(),
            "ScannedCount": items.len(),
        }),
        Shape::Batch => {
            let requests: Vec<Value> = items
                .iter()
                .map(|item| json!({ "PutRequest": { "Item": item } }))
                .collect();
            let mut root = Map::new();
            root.insert(table.to_string(), Value::Array(requests));
            Value::Object(root)
        }
    };
    let mut text = serde_json::to_string_pretty(&value).expect("items always serialise");
    text.push('\n');
    text
}
