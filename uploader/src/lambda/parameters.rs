//! Settings from SSM Parameter Store at cold start: every environment
//! variable `NAME_PARAMETER` names a parameter whose value becomes the
//! setting `NAME`, so secrets are never values in the function's
//! configuration.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};

use clap::CommandFactory as _;

use crate::settings::Args;

const SUFFIX: &str = "_PARAMETER";

/// One setting read from a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The variable naming it, e.g. `TROGS_SESSION_KEY_PARAMETER`.
    pub variable: String,
    /// The setting it gives, e.g. `TROGS_SESSION_KEY`.
    pub setting: String,
    /// The parameter's name, e.g. `/trogs/STACK/session-key`.
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ParameterError {
    #[error(
        "the SSM parameter {name} (named by {variable}) does not exist, so {setting} has no value: \
         set it with `aws ssm put-parameter --name {name} --type SecureString --value VALUE`, \
         then invoke the function again"
    )]
    Missing {
        name: String,
        variable: String,
        setting: String,
    },
    #[error(
        "reading the SSM parameters {names} failed ({detail}); check that the function's role may \
         call ssm:GetParameters on them"
    )]
    Read { names: String, detail: String },
}

/// The `*_PARAMETER` variables among `vars`, in name order.
pub fn named(vars: impl IntoIterator<Item = (String, String)>) -> Vec<Parameter> {
    let mut all: Vec<Parameter> = vars
        .into_iter()
        .filter(|(k, v)| k.len() > SUFFIX.len() && k.ends_with(SUFFIX) && !v.is_empty())
        .map(|(variable, name)| Parameter {
            setting: variable[..variable.len() - SUFFIX.len()].to_string(),
            variable,
            name,
        })
        .collect();
    all.sort_by(|a, b| a.variable.cmp(&b.variable));
    all
}

/// Reads `parameters` (decrypting SecureStrings); gives each setting its
/// value, or fails naming the first parameter that is missing.
pub async fn read(
    ssm: &aws_sdk_ssm::Client,
    parameters: &[Parameter],
) -> Result<BTreeMap<String, String>, ParameterError> {
    let mut values = BTreeMap::new();
    // One parameter may give several settings (the public URL is both
    // TROGS_PUBLIC_URL and TROGS_BASE_URL): each name is read once.
    let mut names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    // GetParameters takes at most 10 names.
    for batch in names.chunks(10) {
        let answer = ssm
            .get_parameters()
            .set_names(Some(batch.iter().map(|n| n.to_string()).collect()))
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| ParameterError::Read {
                names: batch.join(", "),
                detail: aws_sdk_ssm::error::DisplayErrorContext(&e).to_string(),
            })?;
        for p in answer.parameters() {
            if let (Some(name), Some(value)) = (p.name(), p.value()) {
                found.insert(name.to_string(), value.to_string());
            }
        }
    }
    for p in parameters {
        match found.get(&p.name) {
            Some(value) => {
                values.insert(p.setting.clone(), value.clone());
            }
            None => {
                return Err(ParameterError::Missing {
                    name: p.name.clone(),
                    variable: p.variable.clone(),
                    setting: p.setting.clone(),
                });
            }
        }
    }
    Ok(values)
}

/// The service's arguments with `values` applied: a setting that is a
/// flag's environment variable becomes that flag (which wins over the
/// environment); the rest are returned, for the settings read from the
/// environment by name (the original's `FLASK_SECRET_KEY`, `AUTH0_*`).
pub fn apply(
    argv: Vec<OsString>,
    values: &BTreeMap<String, String>,
) -> Result<(Args, BTreeMap<String, String>), clap::Error> {
    let command = Args::command();
    let mut argv = argv;
    let mut rest = BTreeMap::new();
    for (setting, value) in values {
        let flag = command
            .get_arguments()
            .find(|a| a.get_env() == Some(OsStr::new(setting)))
            .and_then(|a| a.get_long());
        match flag {
            // `--flag=value`, so a value starting with `-` stays a value.
            Some(long) => argv.push(OsString::from(format!("--{long}={value}"))),
            None => {
                rest.insert(setting.clone(), value.clone());
            }
        }
    }
    let args = <Args as clap::Parser>::try_parse_from(argv)?;
    Ok((args, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_the_variables_ending_in_parameter() {
        let found = named([
            ("TROGS_SESSION_KEY_PARAMETER".into(), "/t/s/key".into()),
            ("TROGS_STORE".into(), "dynamodb://t".into()),
            ("_PARAMETER".into(), "/x".into()),
            ("TROGS_EMPTY_PARAMETER".into(), String::new()),
        ]);
        assert_eq!(
            found,
            [Parameter {
                variable: "TROGS_SESSION_KEY_PARAMETER".into(),
                setting: "TROGS_SESSION_KEY".into(),
                name: "/t/s/key".into(),
            }]
        );
    }

    #[test]
    fn settings_become_flags_or_stay_named() {
        let mut values = BTreeMap::new();
        values.insert(
            "TROGS_SESSION_KEY".to_string(),
            "-starts-with-a-hyphen".to_string(),
        );
        values.insert(
            "TROGS_BASE_URL".to_string(),
            "https://music.example".to_string(),
        );
        values.insert("FLASK_SECRET_KEY".to_string(), "k".repeat(40));
        let (args, rest) = apply(vec!["trogs-uploader".into()], &values).unwrap();
        assert_eq!(args.session_key.as_deref(), Some("-starts-with-a-hyphen"));
        assert_eq!(args.site.base_url.as_deref(), Some("https://music.example"));
        assert_eq!(rest.keys().collect::<Vec<_>>(), ["FLASK_SECRET_KEY"]);
    }
}
