//! Function URL requests (payload format 2.0) through the service's own
//! router: the origin secret CloudFront adds is checked before anything
//! else, the viewer's host CloudFront's function copied takes the place of
//! the Function URL's own `Host`, and the answer goes back buffered, binary
//! bodies base64-encoded.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode, Uri, header};
use lambda_http::aws_lambda_events::apigw::{ApiGatewayV2httpRequest, ApiGatewayV2httpResponse};
use lambda_http::aws_lambda_events::encodings::Body as EventBody;
use lambda_http::request::LambdaRequest;
use lambda_http::tower::ServiceExt as _;
use subtle::ConstantTimeEq as _;

/// The header CloudFront sends to the function with the origin secret.
pub const ORIGIN_HEADER: &str = "x-trogs-origin";
/// The header CloudFront's viewer-request function sets to the host the
/// viewer asked for (overwriting any the viewer sent itself).
pub const VIEWER_HOST_HEADER: &str = "x-trogs-viewer-host";

/// The values of the origin secret that are accepted: one, or two while
/// it is rotated (the parameter holds them comma-separated).
#[derive(Clone)]
pub struct OriginSecrets(Vec<Vec<u8>>);

impl OriginSecrets {
    /// Fails when no value is long enough to be a secret.
    pub fn parse(value: &str) -> Result<OriginSecrets, String> {
        let values: Vec<Vec<u8>> = value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| v.as_bytes().to_vec())
            .collect();
        if values.is_empty() || values.len() > 2 {
            return Err(format!(
                "the origin secret holds {} values; give one, or two (comma-separated) while rotating it",
                values.len()
            ));
        }
        if let Some(short) = values.iter().find(|v| v.len() < 32) {
            return Err(format!(
                "an origin secret value is {} characters; use at least 32",
                short.len()
            ));
        }
        Ok(OriginSecrets(values))
    }

    /// Whether `given` is one of the values. Every value is compared in
    /// full, in time that does not depend on where they differ.
    pub fn accepts(&self, given: Option<&HeaderValue>) -> bool {
        let given = given.map(HeaderValue::as_bytes).unwrap_or_default();
        let mut ok = subtle::Choice::from(0);
        for value in &self.0 {
            ok |= value.as_slice().ct_eq(given);
        }
        bool::from(ok)
    }
}

/// Answers one Function URL event with `router`.
pub async fn respond(
    router: axum::Router,
    secrets: &OriginSecrets,
    event: ApiGatewayV2httpRequest,
) -> ApiGatewayV2httpResponse {
    let request = lambda_http::Request::from(LambdaRequest::ApiGatewayV2(event));
    let response = match into_service_request(request, secrets) {
        Some(request) => match router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        None => json_error(
            StatusCode::FORBIDDEN,
            "this service answers only through the site's own address",
        ),
    };
    into_event_response(response).await
}

/// The request the router sees, or `None` when CloudFront did not send
/// it: the origin secret is checked before any other work.
fn into_service_request(
    request: lambda_http::Request,
    secrets: &OriginSecrets,
) -> Option<Request<Body>> {
    let (mut parts, body) = request.into_parts();
    if !secrets.accepts(parts.headers.get(ORIGIN_HEADER)) {
        return None;
    }
    parts.headers.remove(ORIGIN_HEADER);
    viewer_host(&mut parts.headers);
    // The runtime builds an absolute URI from the Function URL's host; the
    // router sees what a server would: the path and query alone.
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    parts.uri = path
        .parse::<Uri>()
        .unwrap_or_else(|_| Uri::from_static("/"));
    let bytes: Vec<u8> = match body {
        EventBody::Empty => Vec::new(),
        EventBody::Text(t) => t.into_bytes(),
        EventBody::Binary(b) => b,
        _ => Vec::new(),
    };
    Some(Request::from_parts(parts, Body::from(bytes)))
}

/// Puts the viewer's host (from CloudFront's function) in `Host`, where
/// the service's host check reads it. Without it there is no host, which
/// that check refuses.
fn viewer_host(headers: &mut HeaderMap) {
    let viewer = headers.remove(VIEWER_HOST_HEADER);
    headers.remove(header::HOST);
    if let Some(host) = viewer {
        headers.insert(header::HOST, host);
    }
}

fn json_error(status: StatusCode, detail: &str) -> Response<Body> {
    let body = serde_json::json!({ "errors": [{ "detail": detail }] }).to_string();
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// The buffered answer: cookies in their own list (payload 2.0), a body
/// that is not UTF-8 in base64.
async fn into_event_response(response: Response<Body>) -> ApiGatewayV2httpResponse {
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "the answer's body could not be read");
            return Box::pin(into_event_response(json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the answer could not be sent; try again",
            )))
            .await;
        }
    };
    let mut headers = parts.headers;
    let cookies = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    headers.remove(header::SET_COOKIE);
    let (body, is_base64_encoded) = if bytes.is_empty() {
        (None, false)
    } else {
        match String::from_utf8(bytes.to_vec()) {
            Ok(text) => (Some(EventBody::Text(text)), false),
            Err(e) => (Some(EventBody::Binary(e.into_bytes())), true),
        }
    };
    let mut answer = ApiGatewayV2httpResponse::default();
    answer.status_code = i64::from(parts.status.as_u16());
    answer.headers = headers;
    answer.cookies = cookies;
    answer.body = body;
    answer.is_base64_encoded = is_base64_encoded;
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_values_while_rotating() {
        let a = "a".repeat(32);
        let b = "b".repeat(40);
        let s = OriginSecrets::parse(&format!("{a}, {b}")).unwrap();
        assert!(s.accepts(Some(&HeaderValue::from_str(&a).unwrap())));
        assert!(s.accepts(Some(&HeaderValue::from_str(&b).unwrap())));
        assert!(!s.accepts(Some(&HeaderValue::from_str(&a[1..]).unwrap())));
        assert!(!s.accepts(None));
        assert!(OriginSecrets::parse("short").is_err());
        assert!(OriginSecrets::parse(&format!("{a},{a},{a}")).is_err());
        assert!(OriginSecrets::parse(" , ").is_err());
    }
}
