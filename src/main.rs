//! The `replylint` binary: the command line (`cli`), on the library's public API only, and the
//! process edge (the exit code, stdout, the terminal's colours).

mod cli;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Buffered, but not locked for the whole run: `replylint mcp` writes to stdout from its own
    // runtime's threads, which would wait for the lock forever.
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut err = std::io::stderr();
    let status = cli::main_with(std::env::args_os(), &mut out, &mut err);
    let _ = out.flush();
    ExitCode::from(status as u8)
}
