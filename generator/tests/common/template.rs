//! The AWS template (`deploy/aws/template.yaml`) reduced to the resource
//! types moto's CloudFormation models, for tests that create it there:
//! every reference to a removed resource becomes a placeholder.

use std::collections::BTreeSet;

use serde_yaml_ng::{Mapping, Value};

/// The template as written.
pub fn template() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/aws/template.yaml");
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The template with only the resources of the `modelled` types, its
/// outputs left out, and every reference to a removed resource replaced
/// by a placeholder; with the names of the resources kept and removed.
pub fn reduced(modelled: &[&str]) -> (Value, BTreeSet<String>, BTreeSet<String>) {
    let mut template = template();
    let resources = template["Resources"].as_mapping().unwrap().clone();
    let kept: BTreeSet<String> = resources
        .iter()
        .filter(|(_, r)| modelled.contains(&r["Type"].as_str().unwrap()))
        .map(|(k, _)| k.as_str().unwrap().to_string())
        .collect();
    let removed: BTreeSet<String> = resources
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .filter(|k| !kept.contains(k))
        .collect();
    let mut out = Mapping::new();
    for (name, mut resource) in resources {
        if kept.contains(name.as_str().unwrap()) {
            replace_references(&mut resource, &removed);
            out.insert(name, resource);
        }
    }
    let map = template.as_mapping_mut().unwrap();
    map.insert("Resources".into(), Value::Mapping(out));
    map.remove("Outputs");
    (template, kept, removed)
}

/// True when `v` refers to one of `names` (`!Ref`, `!GetAtt` or `!Sub`).
pub fn refers_to(v: &Value, names: &BTreeSet<String>) -> bool {
    match v {
        Value::Tagged(t) => {
            let tag = t.tag.to_string();
            match (tag.as_str(), t.value.as_str()) {
                ("!Ref", Some(name)) => names.contains(name),
                ("!GetAtt", Some(target)) => names.contains(target.split('.').next().unwrap()),
                ("!Sub", Some(text)) => names.iter().any(|n| {
                    text.contains(&format!("${{{n}}}")) || text.contains(&format!("${{{n}."))
                }),
                _ => refers_to(&t.value, names),
            }
        }
        Value::Sequence(items) => items.iter().any(|i| refers_to(i, names)),
        Value::Mapping(map) => map.iter().any(|(_, i)| refers_to(i, names)),
        _ => false,
    }
}

fn placeholder(name: &str) -> String {
    format!("arn:aws:iam::123456789012:role/removed-{name}")
}

/// Replaces every reference to a removed resource with a placeholder.
pub fn replace_references(v: &mut Value, removed: &BTreeSet<String>) {
    let replacement = match v {
        Value::Tagged(t) => {
            let tag = t.tag.to_string();
            match (tag.as_str(), t.value.as_str()) {
                ("!Ref", Some(name)) if removed.contains(name) => Some(placeholder(name)),
                ("!GetAtt", Some(target)) => {
                    let name = target.split('.').next().unwrap();
                    removed.contains(name).then(|| placeholder(name))
                }
                ("!Sub", Some(text)) => {
                    let mut text = text.to_string();
                    for name in removed {
                        for (open, close) in [("${", "}"), ("${", ".")] {
                            while let Some(at) = text.find(&format!("{open}{name}{close}")) {
                                let end = at + text[at..].find('}').unwrap();
                                text.replace_range(at..=end, &format!("removed-{name}"));
                            }
                        }
                    }
                    t.value = Value::String(text);
                    None
                }
                _ => {
                    replace_references(&mut t.value, removed);
                    None
                }
            }
        }
        Value::Sequence(items) => {
            items
                .iter_mut()
                .for_each(|i| replace_references(i, removed));
            None
        }
        Value::Mapping(map) => {
            map.iter_mut()
                .for_each(|(_, i)| replace_references(i, removed));
            None
        }
        _ => None,
    };
    if let Some(text) = replacement {
        *v = Value::String(text);
    }
}
