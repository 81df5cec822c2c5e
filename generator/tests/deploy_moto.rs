//! The AWS template's table, buckets and roles created by moto's
//! CloudFormation, and the table accepted by `trogs table check`. moto
//! models only those types (and ignores most of their settings, which
//! `uploader/tests/deploy_template.rs` reads instead), so it gets the
//! template reduced to them, with references to the rest replaced.

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const HOW: &str = "this test needs moto's server with CloudFormation. `scripts/test` installs and starts it; by hand:
  python3 -m venv .test-stand-ins/moto && .test-stand-ins/moto/bin/pip install 'moto[s3,server,cloudformation]==5.2.5'
  setsid .test-stand-ins/moto/bin/moto_server -H 127.0.0.1 -p 5000 &
  export TROGS_TEST_CLOUDFORMATION=http://127.0.0.1:5000";

/// The types moto's CloudFormation creates for this test.
const MODELLED: &[&str] = &["AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::IAM::Role"];

fn endpoint() -> String {
    let url = std::env::var("TROGS_TEST_CLOUDFORMATION")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_CLOUDFORMATION is not set: {HOW}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    TcpStream::connect(addr)
        .unwrap_or_else(|e| panic!("moto does not answer at {url} ({e}): {HOW}"));
    url
}

/// The template with only the modelled resources, no outputs, and every
/// reference to a removed resource replaced by a placeholder.
fn reduced() -> (String, BTreeSet<String>) {
    let (template, kept, _) = common::template::reduced(MODELLED);
    (serde_yaml_ng::to_string(&template).unwrap(), kept)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// One call of CloudFormation's query API. A plain HTTP/1.1 exchange with
/// the loopback server: the SDK has no CloudFormation client in this
/// workspace, and moto reads the service from the credential scope alone.
fn call(url: &str, params: &[(&str, &str)]) -> String {
    let body = params
        .iter()
        .chain([("Version", "2010-05-15")].iter())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(
        head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"),
        "{} answered {head}\n{body}",
        params[0].1
    );
    body.to_string()
}

/// The texts of the elements named `name`, in order.
fn texts(xml: &str, name: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn moto_creates_the_table_buckets_and_roles_and_table_check_accepts_the_table() {
    let url = endpoint();
    let (template, kept) = reduced();
    assert_eq!(
        kept,
        BTreeSet::from(
            [
                "CloudFormationRole",
                "DeployRole",
                "FunctionRole",
                "LogsBucket",
                "MediaBucket",
                "SiteBucket",
                "SiteRole",
                "Table",
            ]
            .map(String::from)
        )
    );
    let stack = format!("trogs-{}", std::process::id());
    call(
        &url,
        &[
            ("Action", "CreateStack"),
            ("StackName", &stack),
            ("TemplateBody", &template),
            ("Capabilities.member.1", "CAPABILITY_IAM"),
            ("Parameters.member.1.ParameterKey", "CodeBucket"),
            ("Parameters.member.1.ParameterValue", "trogs-code"),
            ("Parameters.member.2.ParameterKey", "CodeKey"),
            ("Parameters.member.2.ParameterValue", "trogs/uploader.zip"),
            ("Parameters.member.3.ParameterKey", "OidcIssuer"),
            (
                "Parameters.member.3.ParameterValue",
                "https://issuer.example/",
            ),
            ("Parameters.member.4.ParameterKey", "OidcClientId"),
            ("Parameters.member.4.ParameterValue", "trogs"),
            ("Parameters.member.5.ParameterKey", "OriginSecret"),
            ("Parameters.member.5.ParameterValue", &"s".repeat(40)),
            ("Parameters.member.6.ParameterKey", "GitHubRepository"),
            ("Parameters.member.6.ParameterValue", "example/trogs"),
            ("Parameters.member.7.ParameterKey", "Capacity"),
            ("Parameters.member.7.ParameterValue", "provisioned"),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let out = call(&url, &[("Action", "DescribeStacks"), ("StackName", &stack)]);
        let status = texts(&out, "StackStatus").join(",");
        if status == "CREATE_COMPLETE" {
            break;
        }
        assert!(
            status.ends_with("IN_PROGRESS") && Instant::now() < deadline,
            "the stack is {status}: {out}"
        );
        std::thread::sleep(Duration::from_secs(1));
    }
    let out = call(
        &url,
        &[("Action", "DescribeStackResources"), ("StackName", &stack)],
    );
    let logical = texts(&out, "LogicalResourceId");
    let physical = texts(&out, "PhysicalResourceId");
    let statuses = texts(&out, "ResourceStatus");
    assert_eq!(
        logical.iter().cloned().collect::<BTreeSet<_>>(),
        kept,
        "{out}"
    );
    assert!(statuses.iter().all(|s| s == "CREATE_COMPLETE"), "{out}");
    let table = &physical[logical.iter().position(|l| l == "Table").unwrap()];

    let check = Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(["table", "check", "--store", &format!("dynamodb://{table}")])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env_remove("TROGS_STORE")
        .env_remove("TROGS_CONFIG")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &url)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        check.status.success(),
        "trogs table check refused moto's table: {said}"
    );
    assert!(said.contains("matches"), "{said}");

    call(&url, &[("Action", "DeleteStack"), ("StackName", &stack)]);
}
