//! The `kilavuz` binary: parses the command line and hands over to the library.
//!
//! mimalloc is the allocator: a build allocates and frees millions of small strings from every
//! thread (markdown events, template values, search terms), where glibc's malloc spends a tenth
//! of the build's time and serializes threads on its arenas.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kilavuz::cli::run()
}
