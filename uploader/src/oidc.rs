//! Sign-in with OpenID Connect: provider discovery, the authorization code
//! flow with PKCE, `state` and `nonce`, and the ID token's checks
//! (signature, issuer, audience, expiry, nonce). One HTTP client, the
//! workspace's reqwest, built never to follow redirects.
//!
//! It relies on the provider's discovery document naming its issuer as ID
//! tokens carry it, a token endpoint, and a key set (`jwks_uri`) holding the
//! key each ID token is signed with — read again once when a token names a
//! key discovery did not see.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::RwLock;
use std::time::Duration;

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreIdTokenClaims,
};
use openidconnect::{
    AsyncHttpClient, AuthType, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, DiscoveryError, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    JsonWebKeySet, Nonce, PkceCodeChallenge, PkceCodeVerifier, ProviderMetadataWithLogout,
    RedirectUrl, RequestTokenError, Scope, SignatureVerificationError, TokenResponse, http,
};
use url::Url;

use crate::session::{LOGIN_SECONDS, PendingLogin, now};
use crate::settings::OidcSettings;

/// How long one request to the provider may take, connecting included.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// Discovery documents, key sets and token responses are a few kilobytes;
/// a provider that sends more than this is not read to the end.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error(
        "the sign-in provider {issuer} could not be reached or described itself wrongly: {detail}"
    )]
    Discovery { issuer: String, detail: String },
    #[error("the sign-in did not come back as it went out ({0}); start again")]
    State(&'static str),
    #[error("the sign-in provider refused the sign-in: {0}")]
    Exchange(String),
    #[error("the sign-in provider's ID token is not valid: {0}")]
    Token(String),
}

/// Who signed in, from a checked ID token.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// Only when the provider says it is verified.
    pub email: Option<String>,
    pub name: Option<String>,
    pub id_token: String,
}

impl Identity {
    /// What the catalog's `Owner` holds for this user: `ISSUER#SUB`.
    pub fn owner(&self) -> String {
        format!("{}#{}", self.issuer, self.subject)
    }
}

/// The client openidconnect makes from discovered metadata: an
/// authorization endpoint always, a token and userinfo endpoint when the
/// provider names them (discovery refuses a provider without a token
/// endpoint, so the code exchange always has one).
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A discovered provider and this service's client registration with it.
pub struct Provider {
    /// As configured; the issuer as the provider spells it is [`Provider::issuer`].
    pub settings: OidcSettings,
    /// This service's `/callback`, registered with the provider.
    pub redirect_url: Url,
    /// The discovery document and the provider's keys. The keys are read
    /// again when an ID token is signed with a key they don't hold (the
    /// provider rotated its keys since discovery).
    metadata: RwLock<ProviderMetadataWithLogout>,
    http: Http,
}

/// The one HTTP client sign-in uses: the workspace's reqwest (rustls), with
/// timeouts, and never following a redirect — a redirect from the token
/// endpoint or the key set is an answer to report, not a place to go.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(HTTP_TIMEOUT)
        .user_agent(concat!("trogs-uploader/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend initialises")
}

/// A request to the provider failed, or its answer was too large.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{0}")]
    Request(String),
    #[error("the response is larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
}

/// The HTTP client openidconnect is given: [`send`] over the one reqwest
/// client. (openidconnect also takes a plain closure, but the future of a
/// closure that borrows the client is not provably `Send`, and axum
/// handlers need it to be.)
struct Http(reqwest::Client);

type HttpFuture<'c> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, HttpError>> + Send + 'c>>;

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = HttpFuture<'c>;

    fn call(&'c self, request: http::Request<Vec<u8>>) -> Self::Future {
        Box::pin(send(&self.0, request))
    }
}

/// Sends one request the way openidconnect hands it over, with `client`,
/// and returns the response as it came (a 3xx included).
pub async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, HttpError> {
    let request = reqwest::Request::try_from(request).map_err(|e| request_error(&e))?;
    let mut response = client
        .execute(request)
        .await
        .map_err(|e| request_error(&e))?;
    let mut answer = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(headers) = answer.headers_mut() {
        *headers = std::mem::take(response.headers_mut());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| request_error(&e))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(HttpError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    answer.body(body).map_err(|e| request_error(&e))
}

fn request_error(err: &dyn StdError) -> HttpError {
    HttpError::Request(chain(err))
}

/// An error and its sources on one line: reqwest's and openidconnect's own
/// messages ("Request failed", "error sending request") say little alone.
fn chain(err: &dyn StdError) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

async fn fetch_metadata(
    issuer: &str,
    http: &Http,
) -> Result<ProviderMetadataWithLogout, DiscoveryError<HttpError>> {
    let issuer_url =
        IssuerUrl::new(issuer.to_owned()).map_err(|e| DiscoveryError::Other(e.to_string()))?;
    ProviderMetadataWithLogout::discover_async(issuer_url, http).await
}

/// The same issuer with or without its trailing slash.
fn other_slash(issuer: &str) -> String {
    match issuer.strip_suffix('/') {
        Some(bare) => bare.to_owned(),
        None => format!("{issuer}/"),
    }
}

fn discovery_detail(err: &DiscoveryError<HttpError>) -> String {
    match err {
        DiscoveryError::Response(status, body, detail) => {
            let body = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            format!("{detail} (HTTP {status}): {body}")
        }
        other => chain(other),
    }
}

/// Constant-time comparison, so the state check tells nothing by its timing.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn token_error(err: &ClaimsVerificationError) -> OidcError {
    let detail = match err {
        ClaimsVerificationError::Expired(d) => format!("it has expired ({d})"),
        ClaimsVerificationError::InvalidNonce(d) => {
            format!("its nonce is not the one this sign-in sent ({d})")
        }
        ClaimsVerificationError::InvalidIssuer(d) => {
            format!("it was issued by another issuer ({d})")
        }
        ClaimsVerificationError::InvalidAudience(d) => {
            format!("it was issued to another client ({d})")
        }
        ClaimsVerificationError::SignatureVerification(e) => {
            format!("its signature does not verify with the provider's keys ({e})")
        }
        other => chain(other),
    };
    OidcError::Token(detail)
}

impl Provider {
    /// Reads `ISSUER/.well-known/openid-configuration` and the provider's keys.
    ///
    /// The issuer the document names must be the configured one, character
    /// for character (ID tokens are checked against it). Auth0's ends in a
    /// slash; when the configured issuer differs from the document's only
    /// by that slash, the document's spelling is used, so `Owner` values
    /// (`ISSUER#SUB`) stay the same however the issuer was written.
    pub async fn discover(
        settings: &OidcSettings,
        redirect_url: Url,
    ) -> Result<Provider, OidcError> {
        let http = Http(http_client());
        let failed = |detail: String| OidcError::Discovery {
            issuer: settings.issuer.clone(),
            detail,
        };
        let metadata = match fetch_metadata(&settings.issuer, &http).await {
            Ok(metadata) => metadata,
            Err(first @ DiscoveryError::Validation(_)) => {
                match fetch_metadata(&other_slash(&settings.issuer), &http).await {
                    Ok(metadata) => metadata,
                    Err(_) => {
                        return Err(failed(format!(
                            "{}; the issuer must be written exactly as the provider names itself \
                             (Auth0's ends in a slash)",
                            discovery_detail(&first)
                        )));
                    }
                }
            }
            Err(e) => return Err(failed(discovery_detail(&e))),
        };
        if metadata.token_endpoint().is_none() {
            return Err(failed(
                "its discovery document names no token_endpoint, which the authorization code \
                 flow needs"
                    .into(),
            ));
        }
        Ok(Provider {
            settings: settings.clone(),
            redirect_url,
            metadata: RwLock::new(metadata),
            http,
        })
    }

    /// The issuer as the provider names itself (and as ID tokens carry it).
    pub fn issuer(&self) -> String {
        self.read_metadata().issuer().to_string()
    }

    /// The provider's `end_session_endpoint`, when its discovery document
    /// has one.
    pub fn end_session_endpoint(&self) -> Option<Url> {
        self.read_metadata()
            .additional_metadata()
            .end_session_endpoint
            .as_ref()
            .map(|u| u.url().clone())
    }

    fn read_metadata(&self) -> std::sync::RwLockReadGuard<'_, ProviderMetadataWithLogout> {
        // A poisoned lock still holds a whole document: it is only ever
        // replaced, never edited in place.
        self.metadata.read().unwrap_or_else(|p| p.into_inner())
    }

    fn client(&self) -> Client {
        let metadata = self.read_metadata().clone();
        // Client secrets go in a Basic Authorization header unless the
        // provider says it takes them only in the form (no list means
        // Basic, the default of OpenID Connect Discovery).
        let auth_type = match metadata.token_endpoint_auth_methods_supported() {
            Some(methods)
                if !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
                    && methods.contains(&CoreClientAuthMethod::ClientSecretPost) =>
            {
                AuthType::RequestBody
            }
            _ if self.settings.client_secret.is_none() => AuthType::RequestBody,
            _ => AuthType::BasicAuth,
        };
        CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(RedirectUrl::from_url(self.redirect_url.clone()))
        .set_auth_type(auth_type)
    }

    /// Where to send the browser to sign in, and what to remember until it
    /// comes back.
    pub fn begin(&self, return_to: String) -> (Url, PendingLogin) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let client = self.client();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            return_to,
            expires: now() + LOGIN_SECONDS,
        };
        (url, pending)
    }

    /// Exchanges the code the provider sent back and checks the ID token.
    ///
    /// The `state` is compared before anything is sent, so a forged or
    /// stale callback never reaches the token endpoint.
    pub async fn finish(
        &self,
        pending: &PendingLogin,
        code: &str,
        state: &str,
    ) -> Result<Identity, OidcError> {
        if state.is_empty() || !same_secret(state, &pending.state) {
            return Err(OidcError::State("the state parameter does not match"));
        }
        if pending.expires <= now() {
            return Err(OidcError::State("the sign-in took too long"));
        }
        if code.is_empty() {
            return Err(OidcError::Exchange(
                "no authorization code came back".into(),
            ));
        }
        let client = self.client();
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Exchange(chain(&e)))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                OidcError::Exchange(match &e {
                    RequestTokenError::ServerResponse(answer) => answer.to_string(),
                    RequestTokenError::Parse(_, body) => format!(
                        "{}: {}",
                        chain(&e),
                        String::from_utf8_lossy(&body[..body.len().min(300)])
                    ),
                    other => chain(other),
                })
            })?;
        let id_token = response
            .id_token()
            .ok_or_else(|| OidcError::Token("the token response carries no ID token".into()))?;
        let nonce = Nonce::new(pending.nonce.clone());
        let claims: CoreIdTokenClaims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // Signed with a key discovery did not see: read the key
                // set again, once, and check with that.
                let client = self.refresh_keys().await?;
                id_token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|e| token_error(&e))?
                    .clone()
            }
            Err(e) => return Err(token_error(&e)),
        };
        let email = match claims.email_verified() {
            Some(true) => claims.email().map(|e| e.to_string()),
            _ => None,
        };
        Ok(Identity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            email,
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string()),
            id_token: id_token.to_string(),
        })
    }

    async fn refresh_keys(&self) -> Result<Client, OidcError> {
        let jwks_uri = self.read_metadata().jwks_uri().clone();
        let jwks = JsonWebKeySet::fetch_async(&jwks_uri, &self.http)
            .await
            .map_err(|e| {
                OidcError::Token(format!(
                    "it is signed with a key the provider did not list, and its keys could not \
                     be read again: {}",
                    discovery_detail(&e)
                ))
            })?;
        {
            let mut metadata = self.metadata.write().unwrap_or_else(|p| p.into_inner());
            let updated = metadata.clone().set_jwks(jwks);
            *metadata = updated;
        }
        Ok(self.client())
    }

    /// Where to send the browser to sign out of the provider too: the
    /// discovered `end_session_endpoint` (with `id_token_hint` when there is
    /// an ID token, `client_id` and `post_logout_redirect_uri`), or, when
    /// the provider names none, Auth0's `/v2/logout` (`client_id` and
    /// `returnTo`).
    pub fn logout_url(&self, id_token: Option<&str>, return_to: &Url) -> Url {
        let client_id = self.settings.client_id.as_str();
        match self.end_session_endpoint() {
            Some(mut url) => {
                {
                    let mut query = url.query_pairs_mut();
                    if let Some(token) = id_token {
                        query.append_pair("id_token_hint", token);
                    }
                    query.append_pair("client_id", client_id);
                    query.append_pair("post_logout_redirect_uri", return_to.as_str());
                }
                url
            }
            None => {
                let issuer = self.issuer();
                let base = format!("{}/", issuer.trim_end_matches('/'));
                let mut url = Url::parse(&base)
                    .and_then(|b| b.join("v2/logout"))
                    .unwrap_or_else(|_| return_to.clone());
                url.query_pairs_mut()
                    .append_pair("client_id", client_id)
                    .append_pair("returnTo", return_to.as_str());
                url
            }
        }
    }

    /// The provider's origin, which the Create pages' CSP allows forms to
    /// go to (sign-out).
    pub fn origin(&self) -> String {
        Url::parse(&self.issuer())
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles only while the provider can be shared between requests and
    /// its futures can run in an axum handler.
    #[allow(dead_code)]
    fn shared_by_handlers(provider: &Provider, pending: &PendingLogin, settings: &OidcSettings) {
        fn send_sync<T: Send + Sync>(_: &T) {}
        fn send<T: Send>(_: T) {}
        send_sync(provider);
        send(provider.finish(pending, "", ""));
        send(Provider::discover(settings, provider.redirect_url.clone()));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn the_other_spelling_of_an_issuer_toggles_its_slash() {
        assert_eq!(other_slash("https://t.auth0.com/"), "https://t.auth0.com");
        assert_eq!(other_slash("https://t.auth0.com"), "https://t.auth0.com/");
    }
}
