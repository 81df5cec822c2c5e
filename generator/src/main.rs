// Rendering allocates many small strings and maps on two threads; mimalloc
// makes that about a fifth faster than the system allocator (see `trogs bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

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
    cli::main()
}
