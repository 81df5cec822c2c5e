//! Receiving uploads: a form's file field, or a resumable tus 1.0 upload,
//! streamed to a spool file on local disk (never held whole in memory)
//! with the size limit enforced as the bytes arrive.
