//! The write side's rule suite (`tests/edit_rules.rs`), the same code,
//! against DynamoDB Local: `open` sees this target's name.

#[path = "edit_rules.rs"]
mod suite;
