//! moto's server standing in for S3, which `scripts/test` starts on a free
//! loopback port and names in `TROGS_TEST_S3`; the SDK finds it through
//! `AWS_ENDPOINT_URL_S3`, with dummy credentials.

use aws_sdk_s3 as sdk;

const HOW: &str = "this test needs moto's S3 server. `scripts/test` installs and starts it; by hand:
  python3 -m venv .test-stand-ins/moto && .test-stand-ins/moto/bin/pip install 'moto[s3,server]'
  setsid .test-stand-ins/moto/bin/moto_server -H 127.0.0.1 -p 5000 &
  export TROGS_TEST_S3=http://127.0.0.1:5000 AWS_ENDPOINT_URL_S3=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1";

/// The endpoint of moto; fails the test, saying how to start it, when it
/// is not configured or does not answer.
pub fn endpoint() -> String {
    let url = std::env::var("TROGS_TEST_S3")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_S3 is not set: {HOW}"));
    let sdk = std::env::var("AWS_ENDPOINT_URL_S3").unwrap_or_default();
    assert_eq!(
        sdk, url,
        "AWS_ENDPOINT_URL_S3 must point the SDK at moto: {HOW}"
    );
    for var in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
        assert!(
            std::env::var(var).is_ok_and(|v| !v.is_empty()),
            "{var} is not set (dummy credentials do for moto): {HOW}"
        );
    }
    std::net::TcpStream::connect_timeout(&addr(&url), std::time::Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("moto does not answer at {url} ({e}): {HOW}"));
    url
}

fn addr(url: &str) -> std::net::SocketAddr {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| panic!("TROGS_TEST_S3={url} is not http://IP:PORT"))
}

/// A bucket name no other test uses, created.
pub async fn bucket(client: &sdk::Client, prefix: &str) -> String {
    let name = format!("{prefix}-{}-{:08x}", std::process::id(), fastrand::u32(..));
    client.create_bucket().bucket(&name).send().await.unwrap();
    name
}

/// An HTTP response, as a browser would get it.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// GETs `path` from moto over plain HTTP, without credentials.
pub fn http_get(path: &str) -> Response {
    use std::io::{Read as _, Write as _};
    let url = endpoint();
    let mut stream = std::net::TcpStream::connect(addr(&url)).unwrap();
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
