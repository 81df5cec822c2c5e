//! Ids and key suffixes from the operating system's random number
//! generator: the catalog's new ids and the suffixes that make media keys
//! new, which appear in URLs. A clock-seeded generator has 64 bits of state
//! that its outputs give away, so it is kept for retry jitter only.

/// `N` bytes the operating system's generator made. Its field is private,
/// so [`OsRandom::new`] (which asks `getrandom`) is the only way to get one:
/// anything built from it came from the OS.
pub struct OsRandom<const N: usize>([u8; N]);

impl<const N: usize> OsRandom<N> {
    pub fn new() -> OsRandom<N> {
        let mut bytes = [0u8; N];
        // Linux's getrandom(2) only fails before the pool is first seeded
        // (it blocks instead) or when the call is missing; neither leaves a
        // safe way to go on.
        getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
        OsRandom(bytes)
    }

    pub fn bytes(&self) -> &[u8; N] {
        &self.0
    }

    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl<const N: usize> Default for OsRandom<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// The characters of ids and key suffixes.
pub const BASE36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// `len` characters of `0-9a-z`, each uniform (bytes past the last whole
/// multiple of 36 are drawn again, so no character is likelier).
pub fn base36(len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for &b in OsRandom::<32>::new().bytes() {
            if b < 252 && out.len() < len {
                out.push(char::from(BASE36[usize::from(b % 36)]));
            }
        }
    }
    out
}

/// A new catalog id: 16 characters of `0-9a-z`, as the catalog's ids are.
pub fn new_id() -> String {
    base36(16)
}
