//! A progress bar on stderr for long runs, for people at a terminal: shown once a run has taken
//! more than a second, and never in machine formats, when stderr is not a terminal, or when
//! `CI` is set (a CI log is not a terminal to redraw).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the bar appears: short runs never flash one.
const DELAY: Duration = Duration::from_secs(1);

/// Inputs done out of all; draws nothing until the run is long enough.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
}

impl Progress {
    /// A bar over `total` inputs, if `for_people` (a human-readable format on stdout) and
    /// stderr is a terminal outside CI.
    pub(crate) fn new(total: usize, for_people: bool) -> Self {
        let wanted = for_people
            && total > 1
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none_or(|v| v.is_empty());
        let bar = wanted.then(|| {
            let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} inputs  {elapsed}") {
                bar.set_style(style);
            }
            bar
        });
        Self {
            bar,
            start: Instant::now(),
            shown: false,
        }
    }

    /// One input is done.
    pub(crate) fn done_one(&mut self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown && self.start.elapsed() >= DELAY {
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Whether the bar is on the terminal.
    pub(crate) fn is_shown(&self) -> bool {
        self.shown
    }

    /// Run `write` (output to the terminal) with the bar out of its way.
    pub(crate) fn around<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(write),
            _ => write(),
        }
    }

    /// Remove the bar at the end of the run.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
