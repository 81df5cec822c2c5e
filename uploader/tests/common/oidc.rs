//! The OpenID provider stand-ins, as tests reach them: where they listen
//! (`TROGS_TEST_OIDC_MOCK`, `TROGS_TEST_OIDC_PROVIDER`, set by
//! `scripts/test`), how a test sets up its user and client, and a small
//! cookie-keeping HTTP driver that walks a browser's way through a
//! provider's redirects and forms.
//!
//! A stand-in that is not running fails the test, with how to start it.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use serde::Serialize;
use url::Url;

/// How to get the stand-ins running, for the failure messages.
pub const INSTALL_HINT: &str = "run the tests with scripts/test, which installs the OpenID \
     provider stand-ins from uploader/tests/stand-ins into .test-stand-ins/oidc and starts them; \
     or by hand, from the repository root: mkdir -p .test-stand-ins/oidc && cp uploader/tests/stand-ins/* \
     .test-stand-ins/oidc/ && npm ci --prefix .test-stand-ins/oidc, then \
     `node .test-stand-ins/oidc/mock-provider.mjs --port 8091` with \
     TROGS_TEST_OIDC_MOCK=http://127.0.0.1:8091/ and \
     `node .test-stand-ins/oidc/strict-provider.mjs --port 8092` with \
     TROGS_TEST_OIDC_PROVIDER=http://127.0.0.1:8092";

fn stand_in(var: &str, what: &str) -> String {
    let value = std::env::var(var).unwrap_or_default();
    if value.is_empty() {
        panic!("{var} is not set, so {what} is not running: {INSTALL_HINT}");
    }
    let url = Url::parse(&value).unwrap_or_else(|e| panic!("{var}={value}: {e}"));
    let addr: SocketAddr = (
        url.host_str().unwrap_or("127.0.0.1"),
        url.port_or_known_default().unwrap_or(80),
    )
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .unwrap_or_else(|| panic!("{var}={value} names no address"));
    if let Err(e) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
        panic!("{what} does not answer at {var}={value} ({e}): {INSTALL_HINT}");
    }
    value
}

/// The lax provider's issuer (oauth2-mock-server), which ends in a slash
/// as Auth0's does.
pub fn mock_issuer() -> String {
    stand_in("TROGS_TEST_OIDC_MOCK", "oauth2-mock-server")
}

/// The strict provider's issuer (oidc-provider), with no trailing slash.
pub fn strict_issuer() -> String {
    stand_in("TROGS_TEST_OIDC_PROVIDER", "oidc-provider")
}

/// A client id no other test uses, so the lax provider's per-client setup
/// of one test doesn't reach another.
pub fn unique_client_id(prefix: &str) -> String {
    let mut rng = fastrand::Rng::new();
    format!("{prefix}-{:016x}", rng.u64(..))
}

/// Who signs in at the lax provider, and how it misbehaves, for one client
/// id. `misbehave` is one of `wrong-nonce`, `expired`, `other-issuer`,
/// `other-audience`, `bad-signature` (signed by a key it does not publish)
/// and `new-key` (signed by a key it publishes only then, as after a key
/// rotation).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MockUser {
    pub sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub misbehave: Option<String>,
}

impl MockUser {
    /// A user with a verified email.
    pub fn verified(sub: &str, email: &str) -> MockUser {
        MockUser {
            sub: sub.into(),
            email: Some(email.into()),
            email_verified: Some(true),
            ..MockUser::default()
        }
    }

    pub fn misbehaving(mut self, how: &str) -> MockUser {
        self.misbehave = Some(how.into());
        self
    }
}

/// Sets who signs in to `client_id` at the lax provider (and how it
/// misbehaves), for every sign-in from now on.
pub async fn set_mock_user(client_id: &str, user: &MockUser) {
    let url = format!(
        "{}/_trogs/clients/{client_id}",
        mock_issuer().trim_end_matches('/')
    );
    let response = reqwest::Client::new()
        .put(&url)
        .json(user)
        .send()
        .await
        .unwrap_or_else(|e| panic!("PUT {url}: {e}: {INSTALL_HINT}"));
    assert!(
        response.status().is_success(),
        "PUT {url}: {}",
        response.status()
    );
}

/// A client registered at the strict provider.
#[derive(Debug, Clone)]
pub struct StrictClient {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Registers a new client at the strict provider (dynamic client
/// registration) that may come back to `redirect_uri` and, after signing
/// out, to `post_logout_redirect_uri` — whatever the service under test
/// listens on.
pub async fn strict_client(redirect_uri: &Url, post_logout_redirect_uri: &Url) -> StrictClient {
    let issuer = strict_issuer();
    let url = format!("{issuer}/reg");
    let response = reqwest::Client::new()
        .post(&url)
        .json(&serde_json::json!({
            "redirect_uris": [redirect_uri.as_str()],
            "post_logout_redirect_uris": [post_logout_redirect_uri.as_str()],
            "client_name": "Trogs uploader under test",
        }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {url}: {e}: {INSTALL_HINT}"));
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("registration answers JSON");
    assert!(status.is_success(), "POST {url}: {status} {body}");
    StrictClient {
        issuer,
        client_id: body["client_id"].as_str().expect("a client_id").into(),
        client_secret: body["client_secret"]
            .as_str()
            .expect("a client_secret")
            .into(),
    }
}

/// `(issuer, client_id, client_secret)` of a new client at the strict
/// provider for a service whose callback is `redirect_uri` and whose
/// sign-out returns to the origin of it.
pub async fn strict_provider(redirect_uri: &Url) -> (String, String, String) {
    let home = redirect_uri.join("/").expect("a base URL");
    let c = strict_client(redirect_uri, &home).await;
    (c.issuer, c.client_id, c.client_secret)
}

/// One response, as a browser would see it before following it.
#[derive(Debug)]
pub struct Page {
    pub url: Url,
    pub status: u16,
    pub location: Option<Url>,
    pub body: String,
}

/// A browser's walk through a provider: keeps cookies (per host and path),
/// never follows a redirect by itself, and fills in forms.
pub struct Browser {
    http: reqwest::Client,
    /// (host:port, path, name, value)
    cookies: Vec<(String, String, String, String)>,
}

impl Default for Browser {
    fn default() -> Self {
        Browser::new()
    }
}

impl Browser {
    pub fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    fn host(url: &Url) -> String {
        format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        )
    }

    fn cookie_header(&self, url: &Url) -> Option<String> {
        let host = Browser::host(url);
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .filter(|(h, path, _, _)| *h == host && url.path().starts_with(path.as_str()))
            .map(|(_, _, name, value)| format!("{name}={value}"))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    fn keep_cookies(&mut self, url: &Url, response: &reqwest::Response) {
        let host = Browser::host(url);
        for header in response.headers().get_all(reqwest::header::SET_COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            let mut parts = text.split(';').map(str::trim);
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let mut path = "/".to_string();
            let mut gone = false;
            for attribute in parts {
                let (key, val) = attribute.split_once('=').unwrap_or((attribute, ""));
                match key.to_ascii_lowercase().as_str() {
                    "path" => path = val.to_string(),
                    "max-age" => gone |= val.parse::<i64>().map(|s| s <= 0).unwrap_or(false),
                    "expires" => gone |= val.contains("1970"),
                    _ => {}
                }
            }
            self.cookies
                .retain(|(h, p, n, _)| !(*h == host && *p == path && n == name));
            if !gone {
                self.cookies
                    .push((host.clone(), path, name.to_string(), value.to_string()));
            }
        }
    }

    async fn read(&mut self, url: Url, response: reqwest::Response) -> Page {
        self.keep_cookies(&url, &response);
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(|l| url.join(l).expect("a Location URL"));
        let body = response.text().await.unwrap_or_default();
        Page {
            url,
            status,
            location,
            body,
        }
    }

    pub async fn get(&mut self, url: &Url) -> Page {
        let mut request = self.http.get(url.clone());
        if let Some(cookies) = self.cookie_header(url) {
            request = request.header(reqwest::header::COOKIE, cookies);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        self.read(url.clone(), response).await
    }

    pub async fn post_form(&mut self, url: &Url, fields: &[(String, String)]) -> Page {
        let mut request = self.http.post(url.clone()).form(fields);
        if let Some(cookies) = self.cookie_header(url) {
            request = request.header(reqwest::header::COOKIE, cookies);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        self.read(url.clone(), response).await
    }

    /// Follows redirects from `start`, submitting each form on the way
    /// (`fill` gives values for its named fields; hidden fields keep
    /// theirs), until a redirect leads to a URL that starts with `until`,
    /// which it returns without requesting it.
    pub async fn walk(&mut self, start: &Url, until: &str, fill: &[(&str, &str)]) -> Url {
        let mut page = self.get(start).await;
        for _ in 0..20 {
            if let Some(next) = page.location.clone() {
                if next.as_str().starts_with(until) {
                    return next;
                }
                page = self.get(&next).await;
                continue;
            }
            let Some(form) = Form::parse(&page.url, &page.body) else {
                panic!(
                    "{} answered {} with neither a redirect nor a form: {}",
                    page.url, page.status, page.body
                );
            };
            let mut fields = form.fields;
            for (name, value) in fill {
                match fields.iter_mut().find(|(n, _)| n == name) {
                    Some(field) => field.1 = value.to_string(),
                    None if form.buttons.iter().any(|b| b == name) => {
                        fields.push((name.to_string(), value.to_string()))
                    }
                    None => {}
                }
            }
            page = self.post_form(&form.action, &fields).await;
        }
        panic!("no redirect to {until} after 20 steps from {start}");
    }
}

/// The first form of a page: where it posts and its named fields.
struct Form {
    action: Url,
    fields: Vec<(String, String)>,
    /// Names of submit buttons (inside the form or naming it), sent only
    /// when the walk fills them in.
    buttons: Vec<String>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(
        tag[start..end]
            .replace("&amp;", "&")
            .replace("&#x2F;", "/")
            .replace("&quot;", "\""),
    )
}

impl Form {
    fn parse(base: &Url, html: &str) -> Option<Form> {
        let start = html.find("<form")?;
        let head_end = start + html[start..].find('>')?;
        let action = attribute(&html[start..head_end], "action")?;
        let end = html[start..]
            .find("</form>")
            .map(|e| start + e)
            .unwrap_or(html.len());
        let mut fields = Vec::new();
        for tag in html[start..end].split("<input").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if let Some(name) = attribute(tag, "name") {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
        }
        let buttons = html
            .split("<button")
            .skip(1)
            .filter_map(|tag| attribute(&tag[..tag.find('>').unwrap_or(tag.len())], "name"))
            .collect();
        Some(Form {
            action: base.join(&action).ok()?,
            fields,
            buttons,
        })
    }
}

/// Asks the lax provider to authorize (it signs in whoever the test set
/// up, with no page) and returns where it sends the browser back.
pub async fn mock_authorize(authorize_url: &Url) -> Url {
    let page = Browser::new().get(authorize_url).await;
    page.location.unwrap_or_else(|| {
        panic!(
            "the provider did not redirect back ({}): {}",
            page.status, page.body
        )
    })
}

/// Signs `login` in at the strict provider through its login and consent
/// forms, starting from `authorize_url`, and returns the redirect back to
/// `redirect_uri` (with `code` and `state`). The account's subject is
/// `login`, its verified email `LOGIN@example.test`.
pub async fn strict_sign_in(
    browser: &mut Browser,
    authorize_url: &Url,
    login: &str,
    redirect_uri: &Url,
) -> Url {
    browser
        .walk(
            authorize_url,
            redirect_uri.as_str(),
            &[("login", login), ("password", "any password")],
        )
        .await
}

/// A query parameter of a URL.
pub fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
