//! `check --format agent`: one draft (stdin or an envelope) in, the agent result out: a
//! verdict, the located findings, the draft with its safe fixes applied and a summary. The work
//! is the library's [`replylint::check_draft`]; this module reads the input and writes the JSON.

use std::io::Write;

use replylint::error::{Error, ExitStatus};
use replylint::{Thresholds, Verdict, check_draft};

use super::args::CheckArgs;
use super::pipeline::{self, Job, Source};

/// Check the one draft of `jobs` and write its agent result. Exit 0 when the verdict is
/// `send`, 1 otherwise, 2 when the draft cannot be read.
pub(crate) fn run(
    a: &CheckArgs,
    jobs: &[Job],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus, Error> {
    let [job] = jobs else {
        return Err(usage());
    };
    if !matches!(job.source, Source::Stdin | Source::Envelope(_)) {
        return Err(usage());
    }
    if a.fix || a.diff || a.baseline.is_some() {
        return Err(Error::Usage(
            "--format agent already gives the fixed draft (`fixed`) and judges every finding; it takes neither --fix, --diff nor --baseline".to_owned(),
        ));
    }
    let stdin_name = a.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
    let (_, draft, convo) = match pipeline::read_draft(job, &stdin_name, &mut |w| {
        let _ = writeln!(stderr, "warning: {w}");
    }) {
        Ok(read) => read,
        Err(e) => {
            writeln!(stderr, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let result = check_draft(&job.settings.engine, &draft, &convo, thresholds(a), a.column_unit);
    serde_json::to_writer(&mut *stdout, &result).map_err(std::io::Error::from)?;
    writeln!(stdout)?;
    Ok(if result.verdict == Verdict::Send {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

/// The verdict thresholds `--block-on` and `--revise-on` set.
pub(crate) fn thresholds(a: &CheckArgs) -> Thresholds {
    let defaults = Thresholds::default();
    Thresholds {
        block: a.block_on.unwrap_or(defaults.block),
        revise: a.revise_on.unwrap_or(defaults.revise),
    }
}

fn usage() -> Error {
    Error::Usage("--format agent checks one draft: pass it on stdin (`-`) or with --envelope".to_owned())
}
