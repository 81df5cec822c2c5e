//! `scripts/deploy-aws` as an operator runs it, with the AWS CLI against
//! moto's server (S3, SSM, STS, CloudFormation, DynamoDB and CloudFront on
//! one loopback port): the messages it gives when the CLI, credentials,
//! the region or a setting is missing, and a deploy of the stack whose
//! second run changes nothing. moto's CloudFormation models only the
//! table, buckets and roles, so the stack is the template reduced to them
//! (`common::template`), with literal values for the outputs of the rest;
//! and it gives no outputs to stacks made through change sets (what
//! `aws cloudformation deploy` uses), so the stack is created first as a
//! first deploy would leave it, and the script updates it.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_yaml_ng::{Mapping, Value};

const HOW: &str = "this test needs the AWS CLI (pip's awscli) and moto's server with CloudFormation. `scripts/test` installs and starts them; by hand:
  python3 -m venv .test-stand-ins/awscli && .test-stand-ins/awscli/bin/pip install awscli==1.45.11
  export TROGS_TEST_AWS_CLI=$PWD/.test-stand-ins/awscli/bin/aws
  python3 -m venv .test-stand-ins/moto && .test-stand-ins/moto/bin/pip install 'moto[s3,server,cloudformation]==5.2.5'
  setsid .test-stand-ins/moto/bin/moto_server -H 127.0.0.1 -p 5000 &
  export TROGS_TEST_S3=http://127.0.0.1:5000";

/// The types moto's CloudFormation creates for this test: what the script
/// reads back. (Not the roles: moto's change sets fail on a conditional
/// role the stack did not create; `deploy_moto.rs` creates them.)
const MODELLED: &[&str] = &["AWS::DynamoDB::Table", "AWS::S3::Bucket"];

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/deploy-aws")
}

/// The folder holding the `aws` command.
fn aws_cli() -> PathBuf {
    let aws = std::env::var("TROGS_TEST_AWS_CLI")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_AWS_CLI is not set: {HOW}"));
    let aws = PathBuf::from(aws);
    assert!(
        aws.is_file(),
        "TROGS_TEST_AWS_CLI={} is not a file: {HOW}",
        aws.display()
    );
    aws.parent().unwrap().to_path_buf()
}

fn moto() -> String {
    let url = std::env::var("TROGS_TEST_S3")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_S3 is not set: {HOW}"));
    std::net::TcpStream::connect(url.trim_start_matches("http://").trim_end_matches('/'))
        .unwrap_or_else(|e| panic!("moto does not answer at {url} ({e}): {HOW}"));
    url
}

/// A command with only what the test gives it: no AWS settings from the
/// machine, and every AWS request to moto.
fn clean(program: impl AsRef<std::ffi::OsStr>, path: &str, home: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    if let Ok(url) = std::env::var("TROGS_TEST_S3") {
        command.env("AWS_ENDPOINT_URL", url);
    }
    command
}

fn with_credentials(command: &mut Command) -> &mut Command {
    command
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        // (AWS CLI v1 reads this one alone.)
        .env("AWS_DEFAULT_REGION", "us-east-1")
}

/// PATH with the AWS CLI first.
fn path_with_cli() -> String {
    format!(
        "{}:{}",
        aws_cli().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn fails_saying(out: Output, says: &[&str]) {
    let text = said(&out);
    assert!(!out.status.success(), "it did not fail:\n{text}");
    for s in says {
        assert!(text.contains(s), "{s:?} is not in:\n{text}");
    }
}

#[test]
fn without_the_aws_cli_it_says_how_to_install_it() {
    let home = tempfile::tempdir().unwrap();
    // Only bash on PATH: the check comes before any other command.
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let bash = which("bash");
    std::os::unix::fs::symlink(bash, bin.join("bash")).unwrap();
    let out = clean(script(), bin.to_str().unwrap(), home.path())
        .arg("mystack")
        .output()
        .unwrap();
    fails_saying(
        out,
        &[
            "the AWS CLI is missing",
            "pip install awscli",
            "aws configure",
        ],
    );
}

#[test]
fn a_bad_stack_name_says_what_a_name_is() {
    let home = tempfile::tempdir().unwrap();
    let out = clean(script(), &path_with_cli(), home.path())
        .arg("My_Stack")
        .output()
        .unwrap();
    fails_saying(out, &["My_Stack", "lowercase letters, digits and hyphens"]);
    let out = clean(script(), &path_with_cli(), home.path())
        .output()
        .unwrap();
    fails_saying(out, &["name the stack", "Usage: scripts/deploy-aws STACK"]);
}

#[test]
fn without_credentials_or_a_region_it_says_how_to_give_them() {
    moto();
    let home = tempfile::tempdir().unwrap();
    let out = clean(script(), &path_with_cli(), home.path())
        .env("AWS_REGION", "us-east-1")
        .arg("mystack")
        .output()
        .unwrap();
    fails_saying(
        out,
        &["no usable AWS credentials", "aws configure", "AWS_PROFILE"],
    );
    let out = clean(script(), &path_with_cli(), home.path())
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .arg("mystack")
        .output()
        .unwrap();
    fails_saying(out, &["no AWS region", "AWS_REGION"]);
}

#[test]
fn a_first_deploy_without_its_sign_in_settings_says_which_is_missing() {
    moto();
    let home = tempfile::tempdir().unwrap();
    let stack = format!("trogs-missing-{:08x}", fastrand::u32(..));
    let run = |env: &[(&str, &str)]| {
        let mut command = clean(script(), &path_with_cli(), home.path());
        with_credentials(&mut command).arg(&stack);
        for (k, v) in env {
            command.env(k, v);
        }
        command.output().unwrap()
    };
    fails_saying(
        run(&[]),
        &["TROGS_OIDC_ISSUER is not set", "export TROGS_OIDC_ISSUER="],
    );
    let issuer = ("TROGS_OIDC_ISSUER", "https://issuer.example/");
    fails_saying(run(&[issuer]), &["TROGS_OIDC_CLIENT_ID is not set"]);
    let client = ("TROGS_OIDC_CLIENT_ID", "trogs");
    fails_saying(
        run(&[issuer, client]),
        &[
            "TROGS_OIDC_CLIENT_SECRET is not set",
            &format!("/trogs/{stack}/oidc-client-secret"),
        ],
    );
}

/// Runs the AWS CLI against moto.
fn aws(home: &Path, args: &[&str]) -> String {
    let mut command = clean(aws_cli().join("aws"), &path_with_cli(), home);
    let out = with_credentials(&mut command).args(args).output().unwrap();
    assert!(out.status.success(), "aws {args:?}: {}", said(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The template reduced to what moto models, with the outputs the script
/// reads: those of kept resources as written, the rest as literals.
fn template_for_moto(distribution: &str, site_url: &str) -> String {
    let (mut template, _, removed) = common::template::reduced(MODELLED);
    let written = common::template::template();
    let mut outputs = Mapping::new();
    for (name, output) in written["Outputs"].as_mapping().unwrap() {
        if !common::template::refers_to(&output["Value"], &removed) {
            outputs.insert(name.clone(), output.clone());
        }
    }
    for (name, value) in [
        ("SiteUrl", site_url.to_string()),
        ("CreateUrl", format!("{site_url}/create")),
        ("DistributionId", distribution.to_string()),
    ] {
        let mut output = Mapping::new();
        output.insert("Value".into(), Value::String(value));
        outputs.insert(name.into(), Value::Mapping(output));
    }
    template
        .as_mapping_mut()
        .unwrap()
        .insert("Outputs".into(), Value::Mapping(outputs));
    serde_yaml_ng::to_string(&template).unwrap()
}

fn which(name: &str) -> PathBuf {
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("no {name} on PATH"))
}

/// A zip holding `bootstrap`, standing for the function package.
fn package(dir: &Path, body: &str) -> PathBuf {
    let file = dir.join(format!("package-{}.zip", body.len()));
    let status = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('bootstrap', sys.argv[2])",
        ])
        .arg(&file)
        .arg(body)
        .status()
        .unwrap();
    assert!(status.success());
    file
}

fn wait_for_stack(home: &Path, stack: &str) {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let status = aws(
            home,
            &[
                "cloudformation",
                "describe-stacks",
                "--stack-name",
                stack,
                "--query",
                "Stacks[0].StackStatus",
                "--output",
                "text",
            ],
        );
        if status.ends_with("_COMPLETE") {
            assert_eq!(status, "CREATE_COMPLETE");
            return;
        }
        assert!(Instant::now() < deadline, "the stack is still {status}");
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn parameter_version(home: &Path, name: &str) -> String {
    aws(
        home,
        &[
            "ssm",
            "get-parameter",
            "--name",
            name,
            "--query",
            "Parameter.Version",
            "--output",
            "text",
        ],
    )
}

fn keys(home: &Path, bucket: &str) -> BTreeSet<String> {
    aws(
        home,
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            bucket,
            "--query",
            "Contents[].Key",
            "--output",
            "text",
        ],
    )
    .split_whitespace()
    .filter(|k| *k != "None")
    .map(str::to_string)
    .collect()
}

#[test]
fn it_deploys_to_moto_and_running_it_again_changes_nothing() {
    let url = moto();
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let stack = format!("trogs-deploy-{:08x}", fastrand::u32(..));
    let code_bucket = format!("trogs-code-{:08x}", fastrand::u32(..));
    let distribution = aws(
        h,
        &[
            "cloudfront",
            "create-distribution",
            "--origin-domain-name",
            "site.s3.amazonaws.com",
            "--query",
            "Distribution.Id",
            "--output",
            "text",
        ],
    );
    let site_url = format!("https://{}.cloudfront.example", distribution.to_lowercase());
    let template = h.join("template.yaml");
    std::fs::write(&template, template_for_moto(&distribution, &site_url)).unwrap();

    // The stack as a first deploy leaves it (see the module's notes), with
    // the origin secret the stack and SSM share.
    let origin_secret = "o".repeat(48);
    aws(
        h,
        &[
            "ssm",
            "put-parameter",
            "--type",
            "SecureString",
            "--name",
            &format!("/trogs/{stack}/origin-secret"),
            "--value",
            &origin_secret,
        ],
    );
    let template_body = format!("file://{}", template.display());
    aws(
        h,
        &[
            "cloudformation",
            "create-stack",
            "--stack-name",
            &stack,
            "--template-body",
            &template_body,
            "--capabilities",
            "CAPABILITY_IAM",
            "--parameters",
            &format!("ParameterKey=CodeBucket,ParameterValue={code_bucket}"),
            &format!("ParameterKey=CodeKey,ParameterValue={stack}/first.zip"),
            "ParameterKey=OidcIssuer,ParameterValue=https://issuer.example/",
            "ParameterKey=OidcClientId,ParameterValue=trogs",
            &format!("ParameterKey=OriginSecret,ParameterValue={origin_secret}"),
        ],
    );
    wait_for_stack(h, &stack);

    let zip = package(h, "#!/bin/sh\necho the upload service\n");
    let deploy = |zip: &Path| {
        let mut command = clean(script(), &path_with_cli(), h);
        let out = with_credentials(&mut command)
            .env("AWS_ENDPOINT_URL", &url)
            .env("TROGS_TEMPLATE", &template)
            .env("TROGS_BIN", env!("CARGO_BIN_EXE_trogs"))
            .env("TROGS_OIDC_CLIENT_SECRET", "the client secret")
            .env("TROGS_THEME", common::theme_dir())
            .args([&stack, "--arch", "x86_64", "--package"])
            .arg(zip)
            .output()
            .unwrap();
        let text = said(&out);
        assert!(out.status.success(), "scripts/deploy-aws failed:\n{text}");
        text
    };

    let first = deploy(&zip);
    // The package, under a key named by its bytes, in the stack's code
    // bucket (made, since it did not exist).
    let code = keys(h, &code_bucket);
    assert_eq!(code.len(), 1, "{code:?}");
    let key = code.iter().next().unwrap();
    assert!(
        key.starts_with(&format!("{stack}/uploader-x86_64-")),
        "{key}"
    );
    // The secrets: made once, the client secret as given.
    let prefix = format!("/trogs/{stack}");
    let secret = aws(
        h,
        &[
            "ssm",
            "get-parameter",
            "--with-decryption",
            "--name",
            &format!("{prefix}/oidc-client-secret"),
            "--query",
            "[Parameter.Type,Parameter.Value]",
            "--output",
            "text",
        ],
    );
    assert_eq!(secret, "SecureString\tthe client secret");
    let session_key = aws(
        h,
        &[
            "ssm",
            "get-parameter",
            "--with-decryption",
            "--name",
            &format!("{prefix}/session-key"),
            "--query",
            "Parameter.Value",
            "--output",
            "text",
        ],
    );
    assert!(session_key.len() >= 32, "{session_key}");
    // The values known once the distribution exists (the reduced stack
    // lacks the parameters the full one makes, so the script put them).
    for (name, value) in [
        ("public-url", site_url.as_str()),
        ("distribution-id", &distribution),
    ] {
        let got = aws(
            h,
            &[
                "ssm",
                "get-parameter",
                "--name",
                &format!("{prefix}/{name}"),
                "--query",
                "Parameter.Value",
                "--output",
                "text",
            ],
        );
        assert_eq!(got, value);
    }
    // The site, published from the stack's table to its site bucket.
    let site_bucket = aws(
        h,
        &[
            "cloudformation",
            "describe-stacks",
            "--stack-name",
            &stack,
            "--query",
            "Stacks[0].Outputs[?OutputKey=='SiteBucketName'].OutputValue",
            "--output",
            "text",
        ],
    );
    let site = keys(h, &site_bucket);
    assert!(
        site.contains("index.html") && site.contains("404.html"),
        "{site:?}"
    );
    // And the URLs, with what to register with the sign-in provider.
    for says in [
        format!("the site:        {site_url}/"),
        format!("callback URL:    {site_url}/callback"),
        format!("logout URL:      {site_url}/"),
    ] {
        assert!(first.contains(&says), "{says:?} is not in:\n{first}");
    }

    // Again: the same package, secrets, stack and site.
    let versions: Vec<String> = ["session-key", "origin-secret", "oidc-client-secret"]
        .iter()
        .map(|n| parameter_version(h, &format!("{prefix}/{n}")))
        .collect();
    let second = deploy(&zip);
    assert!(second.contains("the package is already at"), "{second}");
    assert!(second.contains(", 0 written,"), "{second}");
    assert_eq!(keys(h, &code_bucket), code);
    assert_eq!(keys(h, &site_bucket), site);
    let again: Vec<String> = ["session-key", "origin-secret", "oidc-client-secret"]
        .iter()
        .map(|n| parameter_version(h, &format!("{prefix}/{n}")))
        .collect();
    assert_eq!(again, versions);

    // A changed package goes under a new key; the old one stays, for a
    // rollback.
    let changed = package(h, "#!/bin/sh\necho the upload service, version 2\n");
    deploy(&changed);
    let now = keys(h, &code_bucket);
    assert_eq!(now.len(), 2, "{now:?}");
    assert!(now.is_superset(&code));
}
