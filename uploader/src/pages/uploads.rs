//! Uploads sent by a plain form, without the page's script: each file of
//! the form taken in turn.

use super::*;

/// Takes every file of a multipart form's `file` field for `target`, one
/// after another. Answers whether all their pages are live; on an error,
/// the files before the failing one are kept and the message names it.
pub(super) async fn take_files(
    app: &App,
    session: &Session,
    target: crate::edit::UploadTarget,
    mut form: Multipart,
) -> ApiResult<bool> {
    crate::edit::check_upload_target(app, session, &target).await?;
    let limit = target.limit(app);
    let mut taken = 0;
    let mut published = true;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(format!("the upload was cut off: {e}")))?
    {
        // A file input left empty still sends a part, with no file name.
        if field.name() != Some("file") || field.file_name().is_none_or(str::is_empty) {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let named = |e: ApiError| {
            let kept = match taken {
                0 => String::new(),
                1 => " The file before it was added.".to_string(),
                n => format!(" The {n} files before it were added."),
            };
            let status = e.status();
            let message = format!("{name}: {e}.{kept}");
            match status {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(message),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::Unsupported(message),
                StatusCode::UNPROCESSABLE_ENTITY => ApiError::Invalid(message),
                StatusCode::BAD_REQUEST => ApiError::BadRequest(message),
                _ => e,
            }
        };
        let spooled =
            crate::upload::spool_field_in(field, limit, &crate::upload::spool_dir_for(app))
                .await
                .map_err(named)?;
        let result = crate::edit::finish_upload(app, session, target.clone(), spooled)
            .await
            .map_err(named)?;
        taken += 1;
        published &= result
            .pointer("/live/published")
            .and_then(Value::as_bool)
            .unwrap_or(true);
    }
    if taken == 0 {
        return Err(ApiError::Invalid(
            "no file was sent: choose a file, then press Upload".into(),
        ));
    }
    Ok(published)
}

pub(super) async fn upload_to(
    app: &App,
    session: &Session,
    back: Back,
    target: crate::edit::UploadTarget,
    what: Done,
    form: Multipart,
) -> Response {
    match take_files(app, session, target, form).await {
        Ok(published) => done(&back.path(), what, published, None),
        Err(ApiError::Unauthorized) => Redirect::to("/").into_response(),
        Err(e) => show_back(app, session, &back, e).await,
    }
}
