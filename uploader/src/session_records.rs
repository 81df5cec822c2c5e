//! Sessions recorded on the server, so that signing out ends them: a sealed
//! cookie alone stays valid until it expires, whoever holds it. Each
//! session is an item `PK = USER#OWNER`, `SK = SESSION#ID` with
//! `ExpiresAt` (Unix seconds, DynamoDB's TTL attribute); a cookie counts
//! only while its item is there. Every request that carries a session
//! cookie reads its item once (one GetItem), in `guard::guard`.

use trogs::store::{AttributeValue, Index, Item, Key, Query, RangeCondition, Store, StoreError};

use crate::session::{Session, now};

/// The attribute DynamoDB's time to live reads (Unix seconds).
pub const TTL_ATTRIBUTE: &str = "ExpiresAt";
const SK_PREFIX: &str = "SESSION#";

fn user_pk(owner: &str) -> String {
    format!("USER#{owner}")
}

fn key(session: &Session) -> Key {
    Key::new(
        user_pk(&session.owner),
        format!("{SK_PREFIX}{}", session.id),
    )
}

fn expires_at(item: &Item) -> Option<u64> {
    match item.get(TTL_ATTRIBUTE) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

/// Records a session that just began. The user's sessions that have
/// expired are removed on the way (DynamoDB's TTL removes them too, but
/// only where it is turned on, and SQLite has none).
pub async fn record(store: &Store, session: &Session) -> Result<(), StoreError> {
    let key = key(session);
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(&key.pk));
    item.insert("SK".into(), AttributeValue::s(&key.sk));
    item.insert(
        TTL_ATTRIBUTE.into(),
        AttributeValue::n(i64::try_from(session.expires).unwrap_or(i64::MAX)),
    );
    item.insert(
        "StartedAt".into(),
        AttributeValue::n(i64::try_from(now()).unwrap_or(0)),
    );
    store.put(item, None).await?;
    if let Err(e) = remove_expired(store, &session.owner).await {
        tracing::warn!(error = %e, "expired sessions were not removed; the next sign-in tries again");
    }
    Ok(())
}

async fn sessions_of(store: &Store, owner: &str) -> Result<Vec<Item>, StoreError> {
    store
        .query_all(
            Query::new(Index::Table, user_pk(owner))
                .range(RangeCondition::BeginsWith(SK_PREFIX.into())),
        )
        .await
}

async fn remove_expired(store: &Store, owner: &str) -> Result<(), StoreError> {
    let now = now();
    for item in sessions_of(store, owner).await? {
        if expires_at(&item).is_none_or(|t| t <= now)
            && let Some(key) = Key::of(&item)
        {
            store.delete(key, None).await?;
        }
    }
    Ok(())
}

/// Whether the session (from a cookie that opened) has not been ended:
/// one read of its item.
pub async fn is_live(store: &Store, session: &Session) -> Result<bool, StoreError> {
    let item = store.get(key(session)).await?;
    Ok(item
        .as_ref()
        .and_then(expires_at)
        .is_some_and(|t| t > now()))
}

/// Ends one session (signing out).
pub async fn end(store: &Store, session: &Session) -> Result<(), StoreError> {
    store.delete(key(session), None).await?;
    Ok(())
}

/// Ends every session of the user (signing out everywhere); returns how
/// many had not expired.
pub async fn end_all(store: &Store, owner: &str) -> Result<usize, StoreError> {
    let now = now();
    let mut ended = 0;
    for item in sessions_of(store, owner).await? {
        if let Some(key) = Key::of(&item) {
            store.delete(key, None).await?;
            if expires_at(&item).is_some_and(|t| t > now) {
                ended += 1;
            }
        }
    }
    Ok(ended)
}
