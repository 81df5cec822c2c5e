//! When two artist names are the same name: one rule for the upload
//! service, the demo and the catalog's own checks. `normalize` gives the
//! `NormalizedName` the original site stored; `lookalike_key` keys the
//! `NAME#` claim items, so names that only look alike cannot both be taken.
//!
//! The look-alike key, step by step:
//! 1. NFKC (fullwidth `Ａ` is `A`, a no-break space is a space, `ﬁ` is `fi`)
//!    and full case folding (`ß` is `ss`);
//! 2. accents dropped (`Kōji` is `Koji`, `Łódź` is `Lodz`): the combining
//!    diacritical marks after NFD, not the vowel signs of Indic scripts;
//! 3. every character but the ASCII letters and digits replaced by its
//!    Unicode confusable prototype (UTS #39 skeleton): Cyrillic `а`, Greek
//!    `ο` and `ǀ` become `a`, `o` and `l`; a look-alike of `m` is `m`;
//! 4. spaces, `-`, `_` and dashes as one `-`; other punctuation dropped.
//!
//! ASCII letters and digits stand for themselves: the full skeleton would
//! also make `Modern` and `Modem` (`rn`/`m`), `B0b` and `Bob`, `Blink-182`
//! and `Blink-l82` one name, and such pairs are honest names far more often
//! than they are impersonations. Only a character from outside plain ASCII
//! can make a name look like another one.

use unicode_normalization::UnicodeNormalization as _;
use unicode_security::confusable_detection::skeleton;

use crate::store::{AttributeValue, Item, Key, Query, Store, StoreError, Write, get_s};

use super::model::{ARTISTS_PARTITION, Artist};
use super::{Entity, from_item};

/// The version of the look-alike rule the claims were last brought to;
/// raised whenever `lookalike_key` changes (a newer `unicode-security` with
/// other confusables data changes it too), so the next start claims again.
pub const RULE: i64 = 1;

/// The name as the original site normalised it (lower case, spaces,
/// hyphens and underscores as `-`, nothing but letters, digits and `-`),
/// after NFKC, so a no-break space or a fullwidth letter normalises like the
/// plain one. `NormalizedName` keeps this format: it is what the original
/// compared and what `IX_ARTISTS_NAMES` holds for every row it wrote.
pub fn normalize(name: &str) -> String {
    name.nfkc()
        .collect::<String>()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' | '_' => Some('-'),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The key two names share when they look alike (see the module's steps).
/// Never empty for a name whose `normalize` is not empty.
pub fn lookalike_key(name: &str) -> String {
    let nfkc: String = name.nfkc().collect();
    let folded = caseless::default_case_fold_str(&nfkc);
    let mut key = String::with_capacity(folded.len());
    for c in folded.nfd() {
        if is_diacritic(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            key.push(c);
            continue;
        }
        if c.is_whitespace() || c == '-' || c == '_' {
            separator(&mut key);
            continue;
        }
        let prototype: String = skeleton(c.encode_utf8(&mut [0; 4])).collect();
        let prototype = prototype.to_lowercase();
        // `m`'s own prototype is `rn`; ASCII `m` stays `m`, so its
        // look-alikes must become `m` too.
        if prototype == "rn" {
            key.push('m');
            continue;
        }
        for p in prototype.chars() {
            if p.is_alphanumeric() {
                key.push(p);
            } else if p.is_whitespace() || p == '-' {
                separator(&mut key);
            }
        }
    }
    while key.ends_with('-') {
        key.pop();
    }
    if key.is_empty() {
        // Letters whose prototype is punctuation (`ǃ` is `!`): the name is
        // still a name, compared as normalised.
        return normalize(name);
    }
    key
}

fn separator(key: &mut String) {
    if !key.is_empty() && !key.ends_with('-') {
        key.push('-');
    }
}

/// Combining marks that are accents on Latin, Greek and Cyrillic letters
/// (and the strokes the skeleton writes as marks, as in `ł`).
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Whether two names are the same name by this rule.
pub fn look_alike(a: &str, b: &str) -> bool {
    lookalike_key(a) == lookalike_key(b)
}

/// The item that claims a name: `PK = NAME#` + its look-alike key,
/// `SK = NAME`, written in one transaction with the artist, because the
/// name index is eventually consistent. No page ever reads it.
pub fn claim_key(name: &str) -> Key {
    Key::new(format!("NAME#{}", lookalike_key(name)), "NAME")
}

/// The key a claim had before the look-alike rule: `NAME#` + the stored
/// `NormalizedName`.
fn old_claim_key(normalized: &str) -> Key {
    Key::new(format!("NAME#{normalized}"), "NAME")
}

/// The claim item for `name`, naming the artist that holds it.
pub fn claim_item(name: &str, artist_id: &str) -> Item {
    let key = claim_key(name);
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(key.pk));
    item.insert("SK".into(), AttributeValue::s(key.sk));
    item.insert("ArtistID".into(), AttributeValue::s(artist_id));
    item
}

/// The artist a claim item names.
pub fn claim_holder(item: &Item) -> Option<&str> {
    get_s(item, "ArtistID")
}

/// Writes that remove the claims `artist` holds (its name's, and one under
/// the pre-look-alike key a catalog not yet brought to the rule may still
/// have), each only while it is still the artist's: two artists whose names
/// came to look alike share one claim, which stays with its holder.
pub async fn release(store: &Store, artist: &Artist) -> Result<Vec<Write>, StoreError> {
    let mut keys = vec![claim_key(&artist.name)];
    if let Some(n) = artist.normalized_name.as_deref().filter(|n| !n.is_empty()) {
        let old = old_claim_key(n);
        if !keys.contains(&old) {
            keys.push(old);
        }
    }
    let mut writes = Vec::new();
    for key in keys {
        let ours = store
            .get(key.clone())
            .await?
            .is_some_and(|claim| claim_holder(&claim) == Some(artist.id.as_str()));
        if ours {
            writes.push(Write::Delete {
                key,
                condition: Some(held_by(&artist.id)),
            });
        }
    }
    Ok(writes)
}

fn held_by(artist_id: &str) -> crate::store::Condition {
    crate::store::Condition::Equals("ArtistID".into(), AttributeValue::s(artist_id))
}

/// The item that records which rule the catalog's claims follow.
pub fn marker_key() -> Key {
    Key::new("NAMES", "RULE")
}

/// Two existing artists whose names now look alike. Both keep working;
/// the claim stays with the one that had the name first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    pub artist_id: String,
    pub name: String,
    pub holder_id: String,
    pub holder_name: String,
}

impl std::fmt::Display for Collision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "artist {} \"{}\" looks like artist {} \"{}\", which holds the name; both keep working, and neither name can be taken again",
            self.artist_id, self.name, self.holder_id, self.holder_name
        )
    }
}

/// What bringing a catalog's names to the rule did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The catalog already followed this rule; nothing was read further.
    pub up_to_date: bool,
    pub artists: usize,
    /// Claims written (new, or taken over from a claim no artist holds by
    /// its current name any more).
    pub claimed: usize,
    /// Claims under the key the earlier rule made (`NAME#` + the stored
    /// `NormalizedName`), removed.
    pub removed: usize,
    pub collisions: Vec<Collision>,
}

impl std::fmt::Display for Migration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.up_to_date {
            return write!(f, "artist names already follow look-alike rule {RULE}");
        }
        write!(
            f,
            "{} artists: {} name claims written, {} old claims removed, {} names that look like another artist's",
            self.artists,
            self.claimed,
            self.removed,
            self.collisions.len()
        )
    }
}

/// Brings the `NAME#` claims to the look-alike rule: every artist claims
/// its name's key (the one created first keeps a key two artists share),
/// claims under an earlier rule's key are removed, and the rule is recorded
/// so the next run reads one item. Idempotent; it never deletes or changes
/// an artist, and `NormalizedName` keeps the original's format.
/// `force` runs it even when the catalog is recorded as up to date (after
/// rows were written without claims, as the original site writes them).
pub async fn migrate(store: &Store, force: bool) -> Result<Migration, StoreError> {
    if !force
        && let Some(marker) = store.get(marker_key()).await?
        && let Some(AttributeValue::N(rule)) = marker.get("Rule")
        && rule.parse::<i64>().is_ok_and(|r| r >= RULE)
    {
        return Ok(Migration {
            up_to_date: true,
            ..Migration::default()
        });
    }
    let mut artists: Vec<Artist> = store
        .query_all(Query::new(
            crate::store::Index::ArtistsAlbums,
            ARTISTS_PARTITION,
        ))
        .await?
        .iter()
        .filter_map(|item| match from_item(item) {
            Ok(Entity::Artist(a)) => Some(a),
            _ => None,
        })
        .collect();
    // The artist that had a name first keeps it.
    artists.sort_by(|a, b| {
        (a.created_date.as_deref().unwrap_or(""), &a.id)
            .cmp(&(b.created_date.as_deref().unwrap_or(""), &b.id))
    });
    let by_id: std::collections::HashMap<&str, &Artist> =
        artists.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut report = Migration {
        artists: artists.len(),
        ..Migration::default()
    };
    for artist in &artists {
        let key = claim_key(&artist.name);
        for _ in 0..3 {
            match store.get(key.clone()).await? {
                None => {
                    let put = store
                        .put(
                            claim_item(&artist.name, &artist.id),
                            Some(crate::store::Condition::NotExists),
                        )
                        .await;
                    match put {
                        Ok(()) => {
                            report.claimed += 1;
                            break;
                        }
                        Err(StoreError::ConditionFailed(_)) => continue,
                        Err(e) => return Err(e),
                    }
                }
                Some(claim) => {
                    let holder = claim_holder(&claim).unwrap_or("").to_string();
                    if holder == artist.id {
                        break;
                    }
                    // The artists' list is an index, so an artist created
                    // meanwhile may be missing from it: read it by its key.
                    let other = match by_id.get(holder.as_str()) {
                        Some(a) => Some((*a).clone()),
                        None if holder.is_empty() => None,
                        None => match store.get(Key::same(&holder)).await? {
                            Some(item) => match from_item(&item) {
                                Ok(Entity::Artist(a)) => Some(a),
                                _ => None,
                            },
                            None => None,
                        },
                    };
                    match other {
                        // Held by an artist whose current name has this key.
                        Some(other) if claim_key(&other.name) == key => {
                            report.collisions.push(Collision {
                                artist_id: artist.id.clone(),
                                name: artist.name.clone(),
                                holder_id: other.id,
                                holder_name: other.name,
                            });
                            break;
                        }
                        // A claim an earlier rule made for a name no artist
                        // has under this key now: this artist takes it over.
                        _ => {
                            let put = store
                                .put(claim_item(&artist.name, &artist.id), Some(held_by(&holder)))
                                .await;
                            match put {
                                Ok(()) => {
                                    report.claimed += 1;
                                    break;
                                }
                                Err(StoreError::ConditionFailed(_)) => continue,
                                Err(e) => return Err(e),
                            }
                        }
                    }
                }
            }
        }
        // A claim under the earlier rule's key is removed either way: the
        // new key protects the name (and its look-alikes) from here on,
        // whichever artist holds it.
        if let Some(n) = artist.normalized_name.as_deref().filter(|n| !n.is_empty()) {
            let old = old_claim_key(n);
            if old != key
                && store
                    .get(old.clone())
                    .await?
                    .is_some_and(|c| claim_holder(&c) == Some(artist.id.as_str()))
            {
                match store.delete(old, Some(held_by(&artist.id))).await {
                    Ok(_) => report.removed += 1,
                    Err(StoreError::ConditionFailed(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    let mut marker = Item::new();
    let key = marker_key();
    marker.insert("PK".into(), AttributeValue::s(key.pk));
    marker.insert("SK".into(), AttributeValue::s(key.sk));
    marker.insert("Rule".into(), AttributeValue::n(RULE));
    marker.insert("Artists".into(), AttributeValue::n(report.artists));
    marker.insert(
        "Collisions".into(),
        AttributeValue::n(report.collisions.len()),
    );
    store.put(marker, None).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_original_format_is_kept() {
        assert_eq!(normalize("The Band"), "the-band");
        assert_eq!(normalize("the-band!"), "the-band");
        assert_eq!(normalize("Sigur Rós"), "sigur-rós");
        assert_eq!(
            normalize("Ásta & the Northern Lights"),
            "ásta--the-northern-lights"
        );
        assert_eq!(normalize("!!!"), "");
        // NFKC first: a no-break space is a space, fullwidth is ASCII.
        assert_eq!(normalize("Alice\u{a0}Cooper"), "alice-cooper");
        assert_eq!(normalize("Ａｌｉｃｅ"), "alice");
    }

    #[test]
    fn look_alikes_share_a_key() {
        let alice = lookalike_key("Alice");
        assert_eq!(alice, "alice");
        for name in [
            "\u{410}lice",   // Cyrillic А
            "Ali\u{441}e",   // Cyrillic с
            "ALICE",         // case
            "\u{ff21}lice",  // fullwidth Ａ
            "Ａｌｉｃｅ",    // all fullwidth
            "Alice\u{a0}",   // a no-break space after
            "\u{a0}Alice",   // and before
            "Al\u{200b}ice", // a zero-width space inside
            "A\u{301}lice",  // a combining accent
            "Álice",         // a precomposed one
            "\u{391}lice",   // Greek Α
            "A\u{1c0}ice",   // ǀ (a click letter) for l
            "Ali\u{217d}e",  // the Roman numeral ⅽ
            "\u{1d400}lice", // mathematical bold 𝐀
        ] {
            assert_eq!(lookalike_key(name), alice, "{name:?}");
        }
        assert!(look_alike("Kōji Mori", "Koji Mori"));
        assert!(look_alike("Kōji Mori", "KOJI MORI"));
        assert!(look_alike("Alice Cooper", "Alice\u{a0}Cooper"));
        assert!(look_alike("Alice Cooper", "Alice  Cooper"));
        assert!(look_alike("Alice Cooper", "Alice \u{2013} Cooper"));
        assert!(look_alike("Jay-Z", "Jay\u{2010}Z"));
        assert!(look_alike("Straße", "STRASSE"));
        assert!(look_alike("Łódź", "Lodz"));
        assert!(look_alike("Les Étoiles Filantes", "Les Etoiles Filantes"));
        assert!(look_alike(
            "Ásta & the Northern Lights",
            "Asta the Northern Lights"
        ));
        // A look-alike of `m` is `m`, though the skeleton's own is `rn`.
        assert!(look_alike("Modem", "Modе\u{217f}"));
    }

    #[test]
    fn honest_different_names_stay_apart() {
        for (a, b) in [
            ("Alice", "Alicia"),
            ("Modern", "Modem"),
            ("Bob", "B0b"),
            ("Blink-182", "Blink-l82"),
            ("Ian", "lan"),
            ("Alice Cooper", "AliceCooper"),
            ("Kōji Mori", "Koji Morii"),
            ("森 浩二", "森 浩三"),
            ("नमस्ते", "नमसत"),
            ("Жанна", "Жанно"),
        ] {
            assert!(!look_alike(a, b), "{a:?} and {b:?}");
        }
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        assert_eq!(lookalike_key("森 浩二").chars().count(), 4);
        assert!(!lookalike_key("Жанна").is_empty());
        assert_ne!(lookalike_key("Жанна"), lookalike_key("Zhanna"));
    }

    #[test]
    fn a_key_is_never_empty_for_a_name() {
        for name in ["\u{1c3}", "ǃǃ", "-a-", "Ω"] {
            assert!(!normalize(name).is_empty() || lookalike_key(name).is_empty());
            if !normalize(name).is_empty() {
                assert!(!lookalike_key(name).is_empty(), "{name:?}");
            }
        }
        assert_eq!(lookalike_key("-a-"), "a");
    }

    #[test]
    fn claims_are_keyed_by_the_look_alike_key() {
        assert_eq!(claim_key("Kōji Mori"), Key::new("NAME#koji-mori", "NAME"));
        assert_eq!(claim_key("\u{410}lice"), claim_key("Alice"));
        let item = claim_item("Alice", "a1");
        assert_eq!(claim_holder(&item), Some("a1"));
        assert_eq!(Key::of(&item), Some(claim_key("Alice")));
    }
}
