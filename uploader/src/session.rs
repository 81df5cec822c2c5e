//! The session cookie: the signed-in user, a CSRF token and an expiry,
//! encrypted and authenticated with AES-256-GCM (the `cookie` crate's
//! private jar), so it can be neither read nor forged without the session
//! key. It is `HttpOnly`, `SameSite=Lax`, `Secure` unless the service runs
//! on loopback, and gets a new id at every sign-in.
//!
//! A second, short-lived cookie carries a sign-in in progress (state,
//! nonce and PKCE verifier) from `/login` to `/callback`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, CookieJar, Key, SameSite};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const SESSION_COOKIE: &str = "trogs_session";
pub const LOGIN_COOKIE: &str = "trogs_login";
/// A sign-in must come back from the provider within this many seconds.
pub const LOGIN_SECONDS: u64 = 600;

/// The version of the terms shown; raising it asks everyone again.
pub const TERMS_VERSION: i64 = 1;

/// Who is signed in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Session {
    /// Random, new at every sign-in.
    pub id: String,
    /// `ISSUER#SUB`: what the catalog's `Owner` holds for this user.
    pub owner: String,
    /// The verified email, which also owns artists whose `Owner` is that
    /// email (the original site's data).
    pub email: Option<String>,
    pub name: Option<String>,
    /// Sent back with every state-changing request (form field `csrf` or
    /// header `X-CSRF-Token`).
    pub csrf: String,
    /// Unix seconds.
    pub expires: u64,
    /// The terms were agreed to (cached from the catalog): only while
    /// `terms_version` is the current [`TERMS_VERSION`], so raising it asks
    /// everyone again, signed in or not.
    #[serde(default)]
    pub terms: bool,
    /// The version of the terms `terms` was agreed for.
    #[serde(default)]
    pub terms_version: i64,
    /// The ID token, for the provider's logout (`id_token_hint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl Session {
    /// Records in the session that its user agreed to the current terms,
    /// or not.
    pub fn set_terms(&mut self, agreed: bool) {
        self.terms = agreed;
        self.terms_version = if agreed { TERMS_VERSION } else { 0 };
    }
}

/// A sign-in on its way to the provider and back.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go after signing in: a path on this service.
    pub return_to: String,
    pub expires: u64,
}

/// The keys cookies are sealed with, and how they are set.
#[derive(Clone)]
pub struct Sessions {
    key: Key,
    secure: bool,
    hours: u32,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// 128 bits from the operating system's generator as 32 hex characters.
pub use crate::token::random_token;

impl Sessions {
    /// `secret` is the configured session key; without one (dev mode) a
    /// random key is made, so sessions end with the process.
    pub fn new(secret: Option<&str>, secure: bool, hours: u32) -> Sessions {
        let master = match secret {
            Some(s) => blake3::derive_key("trogs-uploader session cookie 2026", s.as_bytes()),
            None => *crate::token::OsRandom::<32>::new().bytes(),
        };
        Sessions {
            key: Key::derive_from(&master),
            secure,
            hours,
        }
    }

    pub fn lifetime_seconds(&self) -> u64 {
        u64::from(self.hours) * 3600
    }

    fn jar(headers: &HeaderMap) -> CookieJar {
        let mut jar = CookieJar::new();
        for value in headers.get_all(header::COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            for part in Cookie::split_parse_encoded(text.to_owned()).flatten() {
                jar.add_original(part);
            }
        }
        jar
    }

    fn read<T: DeserializeOwned>(&self, headers: &HeaderMap, name: &str) -> Option<T> {
        let jar = Self::jar(headers);
        let cookie = jar.private(&self.key).get(name)?;
        serde_json::from_str(cookie.value()).ok()
    }

    fn seal(&self, name: &'static str, value: String, max_age: u64) -> HeaderValue {
        let mut jar = CookieJar::new();
        let cookie = Cookie::build((name, value))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(cookie::time::Duration::seconds(max_age as i64))
            .build();
        jar.private_mut(&self.key).add(cookie);
        let sealed = jar.get(name).expect("just added").encoded().to_string();
        HeaderValue::from_str(&sealed).expect("cookie values are ASCII")
    }

    fn clear(&self, name: &'static str) -> HeaderValue {
        let cookie = Cookie::build((name, ""))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(cookie::time::Duration::ZERO)
            .build();
        HeaderValue::from_str(&cookie.encoded().to_string()).expect("cookie values are ASCII")
    }

    /// The session the request carries, if it is valid and not expired.
    pub fn session(&self, headers: &HeaderMap) -> Option<Session> {
        self.read::<Session>(headers, SESSION_COOKIE)
            .filter(|s| s.expires > now())
            .map(|mut s| {
                // Agreed to older terms: asked again before any write.
                if s.terms_version < TERMS_VERSION {
                    s.terms = false;
                }
                s
            })
    }

    /// A new session for a user who just signed in: a new id and CSRF token.
    pub fn start(
        &self,
        owner: String,
        email: Option<String>,
        name: Option<String>,
        id_token: Option<String>,
    ) -> Session {
        Session {
            id: random_token(),
            owner,
            email,
            name,
            csrf: random_token(),
            expires: now() + self.lifetime_seconds(),
            terms: false,
            terms_version: 0,
            id_token,
        }
    }

    /// The `Set-Cookie` value that stores `session`.
    pub fn set_session(&self, session: &Session) -> HeaderValue {
        let left = session.expires.saturating_sub(now());
        self.seal(
            SESSION_COOKIE,
            serde_json::to_string(session).expect("a session serializes"),
            left,
        )
    }

    /// The `Set-Cookie` value that ends the session.
    pub fn end_session(&self) -> HeaderValue {
        self.clear(SESSION_COOKIE)
    }

    pub fn pending_login(&self, headers: &HeaderMap) -> Option<PendingLogin> {
        self.read::<PendingLogin>(headers, LOGIN_COOKIE)
            .filter(|p| p.expires > now())
    }

    pub fn set_pending_login(&self, pending: &PendingLogin) -> HeaderValue {
        self.seal(
            LOGIN_COOKIE,
            serde_json::to_string(pending).expect("a pending login serializes"),
            LOGIN_SECONDS,
        )
    }

    pub fn end_pending_login(&self) -> HeaderValue {
        self.clear(LOGIN_COOKIE)
    }
}

/// Who asks, as the catalog's editor knows them.
pub fn user(session: &Session) -> trogs::catalog::edit::User {
    trogs::catalog::edit::User {
        owner: session.owner.clone(),
        email: session.email.clone(),
    }
}

/// Whether `session` owns `artist`.
pub fn owns(session: &Session, artist: &trogs::catalog::model::Artist) -> bool {
    user(session).owns(artist)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&pair).unwrap());
        h
    }

    #[test]
    fn a_session_round_trips_and_cannot_be_forged() {
        let sessions = Sessions::new(Some(&"s".repeat(32)), true, 1);
        let s = sessions.start("iss#sub".into(), Some("a@b.c".into()), None, None);
        let set = sessions.set_session(&s);
        let text = set.to_str().unwrap();
        assert!(text.contains("HttpOnly"), "{text}");
        assert!(text.contains("SameSite=Lax"), "{text}");
        assert!(text.contains("Secure"), "{text}");
        assert!(!text.contains("iss#sub"), "the cookie is encrypted: {text}");
        assert_eq!(sessions.session(&request_with(&set)), Some(s.clone()));

        // Another key reads nothing.
        let other = Sessions::new(Some(&"t".repeat(32)), true, 1);
        assert_eq!(other.session(&request_with(&set)), None);
        // A changed byte reads nothing.
        let mut tampered = text.split(';').next().unwrap().to_string();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&tampered).unwrap());
        assert_eq!(sessions.session(&h), None);
    }

    #[test]
    fn an_expired_session_is_no_session() {
        let sessions = Sessions::new(Some(&"s".repeat(32)), false, 1);
        let mut s = sessions.start("iss#sub".into(), None, None, None);
        s.expires = now() - 1;
        let set = sessions.set_session(&s);
        assert!(!set.to_str().unwrap().contains("Secure"));
        assert_eq!(sessions.session(&request_with(&set)), None);
    }

    #[test]
    fn terms_agreed_in_a_session_hold_only_for_the_current_terms() {
        let sessions = Sessions::new(Some(&"s".repeat(32)), false, 1);
        let mut s = sessions.start("iss#sub".into(), None, None, None);
        s.set_terms(true);
        let read = sessions.session(&request_with(&sessions.set_session(&s)));
        assert!(read.is_some_and(|r| r.terms), "agreed to the current terms");

        // A cookie sealed before the terms changed (or before sessions knew
        // the version) still signs in, but its agreement no longer counts.
        s.terms_version = TERMS_VERSION - 1;
        let read = sessions.session(&request_with(&sessions.set_session(&s)));
        assert!(read.is_some_and(|r| !r.terms), "agreed to older terms");
        let mut old = serde_json::to_value(&s).unwrap();
        old.as_object_mut().unwrap().remove("terms_version");
        let old: Session = serde_json::from_value(old).unwrap();
        let read = sessions.session(&request_with(&sessions.set_session(&old)));
        assert!(
            read.is_some_and(|r| !r.terms),
            "a cookie without the version"
        );
    }

    #[test]
    fn every_sign_in_gets_a_new_id() {
        let sessions = Sessions::new(None, false, 1);
        let a = sessions.start("o".into(), None, None, None);
        let b = sessions.start("o".into(), None, None, None);
        assert_ne!(a.id, b.id);
        assert_ne!(a.csrf, b.csrf);
    }
}
