/// mimalloc rather than the C library's allocator: every message the server
/// sends is a few short-lived allocations, and with glibc's allocator they
/// were a quarter of the server's CPU in the chat benchmark (BENCHMARKS.md,
/// "Chat against a bare socketioxide server"). The static release would
/// otherwise get musl's allocator, which is known to be slower still.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    hearth::cli::main()
}
