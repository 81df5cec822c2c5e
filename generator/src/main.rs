use std::alloc::{GlobalAlloc, Layout};

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

// Rendering allocates many small strings and maps on two threads; mimalloc
// makes that about a fifth faster than the system allocator (see `trogs bench`).
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc, asked through its plain calls for what needs no more than a
/// word's alignment (strings, vectors, maps' nodes: nearly everything),
/// since every block mimalloc hands out is aligned to a word. Its aligned
/// calls, which the `mimalloc` crate makes for every allocation, check the
/// alignment first: about a tenth of a full build's instructions went to
/// allocating, a million and a half blocks.
struct Mimalloc;

const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: every block comes from mimalloc with at least the layout's
// alignment (a word for the plain calls, the layout's own for the aligned
// ones) and is given back to it; mimalloc is thread-safe.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain C calls with a size and a power-of-two alignment.
        unsafe {
            if layout.align() <= WORD {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if layout.align() <= WORD {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`'s alignment,
        // which the new block keeps.
        unsafe {
            if layout.align() <= WORD {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

mod cli;

// mimalloc's own setter; its numbers are those of `mi_option_e` in
// mimalloc.h (the same in its versions 2 and 3).
unsafe extern "C" {
    fn mi_option_set_default(option: std::ffi::c_int, value: std::ffi::c_long);
}
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> anyhow::Result<()> {
    // mimalloc asks for transparent huge pages, so each thread's heap
    // touches memory 2 MB at a time: about 25 MB more resident memory for a
    // build (137 MB instead of 161 MB at 300,000 pages), for no measured
    // speed. Turned off for this process before anything is allocated.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) only sets a flag of this process;
    // its arguments are plain integers.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // mimalloc keeps the pages a thread freed for a while (1000 ms in its
    // version 3) before giving them back, so freed and new pages stack up
    // as render threads free a batch's pages while the next batch fills
    // them: 90.5 MB at 100,000 pages. Giving them back at once (0) took
    // that to 68.5 MB, but a build then faulted 30,000 pages back in and
    // made about 1,800 `madvise` calls, each a TLB shootdown across
    // threads: 9-10% of a full build's CPU time, in profiles on a 2-core VM.
    // 100 ms keeps most of the saving in memory (77 MB) and takes the
    // faults to about 12,000 (`trogs bench`, docs/benchmarks.md). A
    // user's MIMALLOC_PURGE_DELAY still wins.
    // SAFETY: sets one of mimalloc's options; any value is valid.
    unsafe {
        mi_option_set_default(MI_OPTION_PURGE_DELAY, 100);
    }
    cli::main()
}
