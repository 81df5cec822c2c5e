//! The table interface's conformance suite (`tests/store.rs`), the same
//! code, against DynamoDB Local: `open` sees this target's name.

#[path = "store.rs"]
mod suite;
