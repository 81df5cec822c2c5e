//! Sign-in with OpenID Connect: provider discovery, the authorization code
//! flow with PKCE, `state` and `nonce`, and the ID token's checks
//! (signature, issuer, audience, expiry, nonce). One HTTP client, the
//! workspace's reqwest, built never to follow redirects.

use url::Url;

use crate::session::PendingLogin;
use crate::settings::OidcSettings;

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

/// A discovered provider and this service's client registration with it.
pub struct Provider {
    pub settings: OidcSettings,
    pub redirect_url: Url,
}

impl Provider {
    /// Reads `ISSUER/.well-known/openid-configuration` and the provider's keys.
    pub async fn discover(
        settings: &OidcSettings,
        redirect_url: Url,
    ) -> Result<Provider, OidcError> {
        Err(OidcError::Discovery {
            issuer: settings.issuer.clone(),
            detail: format!("not built yet (redirect {redirect_url})"),
        })
    }

    /// Where to send the browser to sign in, and what to remember until it
    /// comes back.
    pub fn begin(&self, _return_to: String) -> (Url, PendingLogin) {
        unimplemented!("OpenID Connect sign-in is being built")
    }

    /// Exchanges the code the provider sent back and checks the ID token.
    pub async fn finish(
        &self,
        _pending: &PendingLogin,
        _code: &str,
        _state: &str,
    ) -> Result<Identity, OidcError> {
        Err(OidcError::Exchange("not built yet".into()))
    }

    /// Where to send the browser to sign out of the provider too: the
    /// discovered `end_session_endpoint`, or Auth0's `/v2/logout`.
    pub fn logout_url(&self, _id_token: Option<&str>, return_to: &Url) -> Url {
        return_to.clone()
    }

    /// The provider's origin, which the Create pages' CSP allows forms to
    /// go to (sign-out).
    pub fn origin(&self) -> String {
        Url::parse(&self.settings.issuer)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    }
}
