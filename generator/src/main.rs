// Rendering allocates many small strings and maps on two threads; mimalloc
// makes that about a fifth faster than the system allocator (see `trogs bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // mimalloc keeps the pages a thread freed for 10 ms before giving them
    // back; render threads free a batch's pages as the next batch fills
    // them, so freed and new pages stack up. Giving them back at once
    // takes about 20 MB off a build's peak memory (90 to 68 MB at 100,000
    // pages) for no measured speed (`trogs bench`). A user's
    // MIMALLOC_PURGE_DELAY still wins.
    // SAFETY: sets one of mimalloc's options; any value is valid.
    unsafe {
        mi_option_set_default(MI_OPTION_PURGE_DELAY, 0);
    }
    cli::main()
}
