//! `X-HTTP-Method-Override` (tus 1.0 core): a client behind a proxy that
//! passes only GET and POST sends its PATCH or DELETE of an upload as a
//! POST naming the method. It is honoured there alone, on POST, for those
//! two methods; the header anywhere else is refused, so it never turns a
//! request into something the checks before it did not see.
//!
//! The Origin and CSRF checks see the POST, which they check as they check
//! any write; the overridden request then runs the PATCH or DELETE handler
//! itself, with its owner check.

use axum::body::Body;
use axum::extract::{Extension, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderName, Method};
use axum::response::{IntoResponse, Response};

use super::{PATH, UploadHooks};
use crate::error::ApiError;
use crate::state::AppState;
use crate::user::User;

pub const METHOD_OVERRIDE: HeaderName = HeaderName::from_static("x-http-method-override");

/// What an override may name.
enum Overridden {
    Patch,
    Delete,
}

/// The method the request's override names, or why it is refused.
fn named(headers: &HeaderMap) -> Result<Overridden, ApiError> {
    let mut values = headers.get_all(&METHOD_OVERRIDE).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(ApiError::BadRequest(format!(
            "a POST to an upload must name the method it stands for, once: \
             {METHOD_OVERRIDE}: PATCH or DELETE"
        )));
    };
    match value.to_str().map(str::trim) {
        Ok(m) if m.eq_ignore_ascii_case("PATCH") => Ok(Overridden::Patch),
        Ok(m) if m.eq_ignore_ascii_case("DELETE") => Ok(Overridden::Delete),
        _ => Err(ApiError::BadRequest(format!(
            "{METHOD_OVERRIDE} may only be PATCH or DELETE (for a resumable upload); \
             send other methods as they are"
        ))),
    }
}

/// Whether `path` is one upload (`/api/v1/me/uploads/{id}`), the only
/// place an override is honoured.
fn is_one_upload(path: &str) -> bool {
    path.strip_prefix(PATH)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// Refuses a request that carries `X-HTTP-Method-Override` where it is not
/// honoured: any method but POST, any path but one upload, or a method
/// other than PATCH and DELETE. Checked before anything else, so a request
/// is never read as one method by one check and another by the next.
pub fn misplaced(method: &Method, path: &str, headers: &HeaderMap) -> Option<ApiError> {
    if !headers.contains_key(&METHOD_OVERRIDE) {
        return None;
    }
    if *method != Method::POST || !is_one_upload(path) {
        return Some(ApiError::BadRequest(format!(
            "{METHOD_OVERRIDE} is honoured only on a POST to a resumable upload \
             ({PATH}/ID, standing for PATCH or DELETE); send the method itself"
        )));
    }
    named(headers).err()
}

/// `POST /{id}` with `X-HTTP-Method-Override: PATCH` or `DELETE`: that
/// method's handler, as if it had been sent.
pub(crate) async fn overridden(
    state: State<AppState>,
    hooks: Extension<UploadHooks>,
    user: User,
    id: UrlPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Response> {
    match named(&headers).map_err(IntoResponse::into_response)? {
        Overridden::Patch => super::append(state, hooks, user, id, headers, body).await,
        Overridden::Delete => super::terminate(state, user, id, headers).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(METHOD_OVERRIDE, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn only_a_post_to_one_upload_may_stand_for_patch_or_delete() {
        let one = format!("{PATH}/0123456789abcdef0123456789abcdef");
        let deeper = format!("{one}/more");
        assert!(misplaced(&Method::POST, &one, &with("PATCH")).is_none());
        assert!(misplaced(&Method::POST, &one, &with("delete")).is_none());
        assert!(misplaced(&Method::POST, &one, &HeaderMap::new()).is_none());
        for (method, path, value) in [
            (Method::POST, one.as_str(), "GET"),
            (Method::POST, one.as_str(), "HEAD"),
            (Method::POST, one.as_str(), "OPTIONS"),
            (Method::POST, one.as_str(), "PUT"),
            (Method::POST, one.as_str(), ""),
            (Method::GET, one.as_str(), "DELETE"),
            (Method::PATCH, one.as_str(), "DELETE"),
            (Method::POST, PATH, "PATCH"),
            (Method::POST, "/api/v1/me/uploads/", "PATCH"),
            (Method::POST, "/api/v1/me/tracks/c000000000000001", "DELETE"),
            (
                Method::POST,
                "/create/tracks/c000000000000001/delete",
                "DELETE",
            ),
            (Method::POST, "/api/v1/me/uploadsX/1", "PATCH"),
            (Method::POST, deeper.as_str(), "PATCH"),
        ] {
            assert!(
                misplaced(&method, path, &with(value)).is_some(),
                "{method} {path} as {value:?}"
            );
        }
        let mut twice = with("PATCH");
        twice.append(METHOD_OVERRIDE, HeaderValue::from_static("DELETE"));
        assert!(misplaced(&Method::POST, &one, &twice).is_some());
    }
}
