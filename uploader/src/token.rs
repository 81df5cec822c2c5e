//! Secrets and ids from the operating system's random number generator:
//! session ids, CSRF tokens, upload ids, the dev session key, and the ids
//! and key suffixes that appear in URLs and media keys. A clock-seeded
//! generator has 64 bits of state that its outputs give away; it is kept
//! for retry jitter only.

pub use trogs::random::{OsRandom, base36, new_id};

/// 128 random bits as 32 lowercase hex characters: session ids, CSRF
/// tokens, upload ids.
pub fn random_token() -> String {
    OsRandom::<16>::new().hex()
}

#[cfg(test)]
mod tests {
    use super::*;
    use trogs::random::BASE36;

    #[test]
    fn tokens_have_their_length_and_alphabet_and_differ() {
        let tokens: Vec<String> = (0..1000).map(|_| random_token()).collect();
        for t in &tokens {
            assert_eq!(t.len(), 32, "{t}");
            assert!(
                t.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{t}"
            );
        }
        let mut unique = tokens.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), tokens.len(), "a token came twice");

        let ids: Vec<String> = (0..1000).map(|_| new_id()).collect();
        for id in &ids {
            assert_eq!(id.len(), 16, "{id}");
            assert!(trogs::catalog::model::is_valid_id(id), "{id}");
            assert!(id.bytes().all(|b| BASE36.contains(&b)), "{id}");
        }
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "an id came twice");
        assert_eq!(base36(8).len(), 8);
        assert_eq!(base36(100).len(), 100);
    }

    #[test]
    fn every_character_of_an_id_is_used() {
        // 36 characters over 20,000 draws: each comes about 555 times, and
        // a generator stuck on part of the alphabet shows at once.
        let text = base36(20_000);
        for &c in BASE36 {
            let n = text.bytes().filter(|&b| b == c).count();
            assert!((300..900).contains(&n), "{} came {n} times", c as char);
        }
    }
}
