/// mimalloc rather than the C library's allocator: every message a server
/// sends is a few short-lived allocations, and the static (musl) release's
/// own allocator is far slower at that than glibc's, which is itself slower
/// than mimalloc (BENCHMARKS.md, "The allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    hearth::cli::main()
}
