//! The artist index: every artist from the home page's one query
//! (`IX_ARTISTS_ALBUMS`, `AA_PK = ARTISTS`), ordered as listeners read,
//! and split into pages by initial when the catalog is too large for one
//! page.
//!
//! Up to [`HOME_LIST_LIMIT`] artists, the home page lists them all and
//! there are no index pages. Past it, the home page shows an index of
//! initials and each initial has its own pages: `artists/{initial}.html`,
//! then `artists/{initial}-2.html` and so on, [`ARTISTS_PER_PAGE`] artists
//! each. An artist's initial depends only on its own name, so its letter's
//! URL never changes because of other artists.

use std::ops::Range;

use super::page::{INITIALS, PageRef};
use crate::catalog::model::Artist;

/// Up to this many artists, the home page lists every artist (as it always
/// did) and there are no index pages.
pub const HOME_LIST_LIMIT: usize = 300;

/// Artists on one index page. With the default theme a page of this many
/// cards is about 120 KB of HTML and about 20 KB gzipped (`trogs bench`
/// prints the largest), well under a 50 KB budget.
pub const ARTISTS_PER_PAGE: usize = 300;

/// The initial an artist is filed under: the first letter or digit of its
/// name, folded to ASCII (`Ásta` is `a`, `Ørjan` `o`, `Þór` `t`; Greek and
/// Cyrillic are transliterated too: `Кино` is `k`). Digits, symbols and
/// other scripts (`坂本龍一`, `فيروز`) are filed under `0`. Leading
/// punctuation is skipped: `(Sandy) Alex G` is `s`.
pub fn initial_of(name: &str) -> char {
    let Some(c) = name.chars().find(|c| c.is_alphanumeric()) else {
        return '0';
    };
    if c.is_ascii_alphabetic() {
        return c.to_ascii_lowercase();
    }
    if !c.is_alphabetic() || !transliterated(c) {
        return '0';
    }
    let mut buf = [0u8; 4];
    match slug::slugify(c.encode_utf8(&mut buf)).bytes().next() {
        Some(b) if b.is_ascii_lowercase() => char::from(b),
        _ => '0',
    }
}

/// Scripts whose letters have one usual Latin spelling: Latin (with its
/// extensions and the fullwidth forms), Greek and Cyrillic.
fn transliterated(c: char) -> bool {
    matches!(u32::from(c),
        0x00C0..=0x052F // Latin-1 to Latin Extended-B, IPA, Greek, Cyrillic
        | 0x1C80..=0x1C8F // Cyrillic Extended-C
        | 0x1D00..=0x1DBF // phonetic extensions
        | 0x1E00..=0x1FFF // Latin Extended Additional, Greek Extended
        | 0x2C60..=0x2C7F // Latin Extended-C
        | 0x2DE0..=0x2DFF // Cyrillic Extended-A
        | 0xA640..=0xA69F // Cyrillic Extended-B
        | 0xA720..=0xA7FF // Latin Extended-D
        | 0xAB30..=0xAB6F // Latin Extended-E
        | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A // fullwidth Latin
    )
}

/// How the home page and the index pages name an initial: `A`, or `#`.
pub fn initial_label(initial: char) -> String {
    if initial == '0' {
        "#".into()
    } else {
        initial.to_ascii_uppercase().to_string()
    }
}

/// One page of the index.
#[derive(Debug, Clone)]
pub struct IndexPage {
    pub initial: char,
    /// From 1.
    pub number: u32,
    /// How many pages this initial has.
    pub of: u32,
    /// Its artists, in `Directory::artists`.
    pub range: Range<usize>,
}

impl IndexPage {
    pub fn page(&self) -> PageRef {
        PageRef::Artists {
            initial: self.initial,
            number: self.number,
        }
    }
}

/// One initial of the home page's index.
#[derive(Debug, Clone, Hash)]
pub struct Letter {
    pub initial: char,
    pub artists: usize,
}

/// Every artist, in reading order, and the index pages when there are any.
pub struct Directory {
    /// Sorted by name as a reader sorts (accents and case don't count);
    /// when there are index pages, grouped by initial first, in
    /// [`INITIALS`] order.
    pub artists: Vec<Artist>,
    /// Empty when the home page lists every artist.
    pub pages: Vec<IndexPage>,
    /// The initials that have artists, when there are index pages.
    pub letters: Vec<Letter>,
}

impl Directory {
    pub fn new(artists: Vec<Artist>) -> Directory {
        Directory::with_limits(artists, HOME_LIST_LIMIT, ARTISTS_PER_PAGE)
    }

    pub fn with_limits(artists: Vec<Artist>, home_limit: usize, per_page: usize) -> Directory {
        let per_page = per_page.max(1);
        let paged = artists.len() > home_limit;
        // The index orders names by their bytes, which puts "Ásta" after
        // "Zoë"; listeners expect accents and case not to count.
        let mut keyed: Vec<(usize, String, Artist)> = artists
            .into_iter()
            .map(|a| {
                let rank = if paged {
                    let initial = initial_of(&a.name);
                    INITIALS.iter().position(|i| *i == initial).unwrap_or(0)
                } else {
                    0
                };
                (rank, slug::slugify(&a.name), a)
            })
            .collect();
        keyed.sort_by(|(ra, ka, a), (rb, kb, b)| {
            ra.cmp(rb)
                .then_with(|| ka.cmp(kb))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut pages = Vec::new();
        let mut letters = Vec::new();
        if paged {
            let mut start = 0;
            while start < keyed.len() {
                let rank = keyed[start].0;
                let end = start + keyed[start..].partition_point(|(r, _, _)| *r == rank);
                let initial = INITIALS[rank];
                let of = (end - start).div_ceil(per_page) as u32;
                letters.push(Letter {
                    initial,
                    artists: end - start,
                });
                for (n, first) in (start..end).step_by(per_page).enumerate() {
                    pages.push(IndexPage {
                        initial,
                        number: n as u32 + 1,
                        of,
                        range: first..(first + per_page).min(end),
                    });
                }
                start = end;
            }
        }
        Directory {
            artists: keyed.into_iter().map(|(_, _, a)| a).collect(),
            pages,
            letters,
        }
    }

    /// True when the home page shows an index of initials instead of every artist.
    pub fn paged(&self) -> bool {
        !self.pages.is_empty()
    }

    /// The index page `page` is, by its place in `pages`.
    pub fn index_of(&self, page: &PageRef) -> Option<usize> {
        let PageRef::Artists { initial, number } = page else {
            return None;
        };
        self.pages
            .iter()
            .position(|p| p.initial == *initial && p.number == *number)
    }

    /// An artist the home query listed.
    pub fn find(&self, id: &str) -> Option<&Artist> {
        self.artists.iter().find(|a| a.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artist(name: &str) -> Artist {
        Artist {
            id: slug::slugify(name),
            name: name.into(),
            owner: None,
            normalized_name: None,
            bio: None,
            image_url: None,
            created_date: None,
            trogs: Default::default(),
            extra: Default::default(),
        }
    }

    #[test]
    fn initials_fold_to_ascii_and_other_scripts_go_to_0() {
        for (name, initial) in [
            ("Ásta & the Northern Lights", 'a'),
            ("ásta", 'a'),
            ("Zoë", 'z'),
            ("Ørjan", 'o'),
            ("Þór", 't'),
            ("Æther", 'a'),
            ("Łódź", 'l'),
            ("(Sandy) Alex G", 's'),
            ("  'Til Tuesday", 't'),
            ("Кино", 'k'),
            ("Ωmega", 'o'),
            ("Ｆｕｌｌ", 'f'),
            ("2Pac", '0'),
            ("!!!", '0'),
            ("", '0'),
            ("坂本龍一", '0'),
            ("فيروز", '0'),
            ("שלום", '0'),
            ("🎸 Band", 'b'),
        ] {
            assert_eq!(initial_of(name), initial, "{name}");
        }
    }

    #[test]
    fn small_catalogs_are_not_paged_and_large_ones_split_by_initial() {
        let names = ["Zoë", "Ásta", "Kōji", "2Pac", "Anna", "Bea", "Abba"];
        let small = Directory::with_limits(names.iter().map(|n| artist(n)).collect(), 10, 2);
        assert!(!small.paged());
        let order: Vec<&str> = small.artists.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            order,
            ["2Pac", "Abba", "Anna", "Ásta", "Bea", "Kōji", "Zoë"]
        );

        let big = Directory::with_limits(names.iter().map(|n| artist(n)).collect(), 3, 2);
        let pages: Vec<(String, Vec<&str>)> = big
            .pages
            .iter()
            .map(|p| {
                (
                    p.page().path(),
                    big.artists[p.range.clone()]
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            pages,
            vec![
                ("artists/a.html".to_string(), vec!["Abba", "Anna"]),
                ("artists/a-2.html".to_string(), vec!["Ásta"]),
                ("artists/b.html".to_string(), vec!["Bea"]),
                ("artists/k.html".to_string(), vec!["Kōji"]),
                ("artists/z.html".to_string(), vec!["Zoë"]),
                ("artists/0.html".to_string(), vec!["2Pac"]),
            ]
        );
        assert_eq!(big.pages[0].of, 2);
        assert_eq!(
            big.letters.iter().map(|l| l.artists).sum::<usize>(),
            names.len()
        );
    }
}
