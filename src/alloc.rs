//! The allocator: mimalloc, with its first arena laid out for a fast start.
//!
//! mimalloc backs its arenas with transparent huge pages, which large
//! programs want: the N = 1,000 mesh and the function-heavy benchmark run
//! 5–10 % slower on ordinary pages (docs/performance.md, "Startup"). But
//! the first touch of a huge page makes the kernel clear 2 MiB, 0.15 to
//! 0.3 ms, while a trivial run uses a few hundred KiB in all. So before
//! `main` (and before the runtime's first allocation) the executable
//! reserves mimalloc's first arena itself, on ordinary pages, and asks for
//! huge pages only once mimalloc has committed 8 MiB of it. mimalloc
//! commits arena memory through a hook as it needs it, so the switch costs
//! nothing per allocation. Arenas that mimalloc reserves beyond this one
//! use huge pages from the start.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long memory that a process freed and did not use again stays with
/// it before mimalloc hands it back to the system.
const KEEP_FREED_MS: std::ffi::c_long = 10_000;

/// For a process that evaluates again and again (`--watch`, the language
/// server): memory freed by one round stays for the next for ten seconds
/// rather than mimalloc's one. Handed back sooner, it had the kernel clear
/// fresh huge pages in every round after a pause, the larger part of a
/// re-evaluation's time (docs/performance.md, "Re-evaluation after an
/// edit").
pub fn keep_freed_memory() {
    // mimalloc's `mi_option_purge_delay`, in milliseconds.
    const PURGE_DELAY: i32 = 15;
    extern "C" {
        fn mi_option_set(option: i32, value: std::ffi::c_long);
    }
    #[allow(unsafe_code)]
    // SAFETY: setting an option takes effect on mimalloc's next purge; any
    // thread may do it at any time.
    unsafe {
        mi_option_set(PURGE_DELAY, KEEP_FREED_MS)
    };
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod first_arena {
    use std::ffi::c_void;
    use std::ptr;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    /// Address space of the arena; memory is only used where touched.
    const SIZE: usize = 256 << 20;
    /// Committed bytes after which the arena asks for huge pages.
    const HUGE_AFTER: usize = 8 << 20;
    const HUGE_PAGE: usize = 2 << 20;

    static START: AtomicUsize = AtomicUsize::new(0);
    static COMMITTED: AtomicUsize = AtomicUsize::new(0);
    static HUGE: AtomicBool = AtomicBool::new(false);

    type CommitFn = extern "C" fn(bool, *mut c_void, usize, *mut bool, *mut c_void) -> bool;

    extern "C" {
        // mimalloc's extended API: adopt memory as an arena, committed and
        // decommitted through `commit_fun`.
        fn mi_manage_memory(
            start: *mut c_void,
            size: usize,
            is_committed: bool,
            is_pinned: bool,
            is_zero: bool,
            numa_node: i32,
            exclusive: bool,
            commit_fun: CommitFn,
            commit_fun_arg: *mut c_void,
            arena_id: *mut *mut c_void,
        ) -> bool;
    }

    /// mimalloc's hook for committing (`commit`) or releasing a range of
    /// the arena. The mapping is readable and writable throughout, so
    /// committing only counts; releasing hands the pages back to the
    /// system, after which they read as zero.
    extern "C" fn commit(
        commit: bool,
        start: *mut c_void,
        size: usize,
        is_zero: *mut bool,
        _arg: *mut c_void,
    ) -> bool {
        if commit {
            // Every range is fresh or was released, so it reads as zero.
            if !is_zero.is_null() {
                // SAFETY: mimalloc passes either null or a valid flag.
                unsafe { *is_zero = true };
            }
            let total = COMMITTED.fetch_add(size, Ordering::Relaxed) + size;
            if total >= HUGE_AFTER && !HUGE.swap(true, Ordering::Relaxed) {
                let arena = START.load(Ordering::Relaxed) as *mut c_void;
                // SAFETY: the arena's own mapping; only advice changes.
                unsafe { libc::madvise(arena, SIZE, libc::MADV_HUGEPAGE) };
            }
            true
        } else {
            let _ = COMMITTED.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |c| {
                Some(c.saturating_sub(size))
            });
            // SAFETY: a range of the arena that mimalloc no longer uses.
            unsafe { libc::madvise(start, size, libc::MADV_DONTNEED) == 0 }
        }
    }

    extern "C" fn reserve() {
        // SAFETY: a fresh private anonymous mapping that nothing else knows
        // of; it is given to mimalloc whole. If any step fails, mimalloc
        // reserves its own arenas as usual.
        unsafe {
            let mapped = libc::mmap(
                ptr::null_mut(),
                SIZE + HUGE_PAGE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            );
            if mapped == libc::MAP_FAILED {
                return;
            }
            // Huge pages need 2 MiB alignment.
            let start = (mapped as usize).next_multiple_of(HUGE_PAGE);
            START.store(start, Ordering::Relaxed);
            let mut id = ptr::null_mut();
            let adopted = mi_manage_memory(
                start as *mut c_void,
                SIZE,
                false,
                false,
                true,
                -1,
                false,
                commit,
                ptr::null_mut(),
                &mut id,
            );
            if !adopted {
                libc::munmap(mapped, SIZE + HUGE_PAGE);
            }
        }
    }

    /// Run by the C runtime before `main`.
    #[used]
    #[link_section = ".init_array"]
    static RESERVE: extern "C" fn() = reserve;
}
