//! The run: jobs (one per input) are read and linted on worker threads, and their results come
//! back to the caller in input order, as they are ready, so output starts at once and memory
//! stays bounded however many inputs there are.
//!
//! - At most a window of jobs is in flight at a time; a worker waits for a slot before it takes
//!   the next input.
//! - A large document is linted in sections (see [`crate::input::sections`]); a job that is not
//!   the one being written waits after a few sections until it is.
//! - When the consumer fails (closed stdout), the workers stop taking inputs and the run ends:
//!   work stops, not only output.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use crate::conversation::Conversation;
use crate::diagnostic::Diagnostic;
use crate::emit::Origin;
use crate::error::InputError;
use crate::input::{self, SourceMap, SourceText, export};
use crate::line_index::LineIndex;
use crate::rules::{DocKind, Severity};

use super::fix::{self, FixMode, Syntax};
use super::settings::Settings;

/// Documents larger than this are linted in sections of about this size.
pub(crate) const DEFAULT_SECTION_SIZE: usize = 256 << 10;

/// How a run reads and cuts its inputs.
pub(crate) struct RunOptions<'a> {
    /// The name shown for standard input.
    pub(crate) stdin_name: &'a str,
    /// Section size for large documents.
    pub(crate) section_size: usize,
    /// `--fix` or `--diff`: fix each document before it is reported.
    pub(crate) fix: Option<FixMode>,
}

/// Sections a job may finish ahead of its turn to be written.
const LEAD: usize = 4;

/// Jobs in flight per worker.
const WINDOW_PER_WORKER: usize = 4;

/// Where one input comes from.
pub(crate) enum Source {
    /// A draft on standard input.
    Stdin,
    /// A JSON envelope: a path, or `-` for standard input.
    Envelope(PathBuf),
    /// A template file.
    File(PathBuf),
}

/// One input and the settings it is linted under.
pub(crate) struct Job {
    pub(crate) source: Source,
    pub(crate) settings: Arc<Settings>,
}

/// A file's text and its line index, shared by every record of an export (and, for a plain
/// file, by the sections of its one document).
pub(crate) struct SourceFile {
    pub(crate) text: String,
    pub(crate) index: LineIndex,
}

impl SourceFile {
    fn new(text: String) -> Self {
        Self {
            index: LineIndex::new(&text),
            text,
        }
    }
}

/// The text of one record of an export and where its bytes lie in the export file.
pub(crate) struct RecordText {
    pub(crate) text: String,
    pub(crate) map: SourceMap,
}

/// A document being reported: shared by its sections.
pub(crate) struct Doc {
    pub(crate) origin: Origin,
    /// The text positions are reported in: the document itself, or the export file holding it.
    pub(crate) file: Arc<SourceFile>,
    /// For a record of an export: its own text and map into `file`.
    pub(crate) record: Option<RecordText>,
    /// Bytes before the file's text in the input as on disk (a BOM).
    pub(crate) base: usize,
    /// The lowest severity that fails the run, from this document's settings.
    pub(crate) fail_on: Severity,
}

impl Doc {
    /// The text that is linted.
    pub(crate) fn text(&self) -> &str {
        self.record.as_ref().map_or(&self.file.text, |r| &r.text)
    }

    /// Where the linted text lies in `file`; `None` when it is `file`.
    pub(crate) fn map(&self) -> Option<&SourceMap> {
        self.record.as_ref().map(|r| &r.map)
    }
}

/// What a job reports, in order. Every job ends with `Done`.
pub(crate) enum Event {
    /// A note for stderr (an envelope field replylint does not read).
    Warning(String),
    /// The input could not be read or understood.
    Error(InputError),
    /// A document or export was fixed (before its sections are reported).
    Fixed {
        /// How many fixes were applied.
        fixed: usize,
        /// `--diff`: the unified diff, when anything changed.
        diff: Option<String>,
        /// `--fix` on standard input: the fixed text to print, BOM included.
        print: Option<String>,
    },
    /// A linted section of a document.
    Section {
        doc: Arc<Doc>,
        diagnostics: Vec<Diagnostic>,
        first: bool,
        last: bool,
    },
    /// The job is over.
    Done,
}

/// Run `jobs` and hand every event to `sink`, in input order. Stops at the first error `sink`
/// returns, and returns it.
pub(crate) fn run(
    jobs: Vec<Job>,
    opts: &RunOptions<'_>,
    sink: &mut dyn FnMut(Event) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len());
    if workers <= 1 {
        // One job (or one core): no threads, nothing to reorder.
        for job in jobs {
            let mut failed = None;
            lint_job(
                &job,
                opts,
                &mut |e| match sink(e) {
                    Ok(()) => true,
                    Err(err) => {
                        failed = Some(err);
                        false
                    }
                },
                &|_| true,
            );
            if let Some(err) = failed {
                return Err(err);
            }
        }
        return Ok(());
    }
    let flow = Flow {
        state: Mutex::new(State { taken: 0, head: 0 }),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
        window: workers * WINDOW_PER_WORKER,
    };
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let (tx, rx) = mpsc::channel::<(usize, Event)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (flow, queue) = (&flow, &queue);
            scope.spawn(move || {
                while let Some((i, job)) = flow.take(queue) {
                    lint_job(&job, opts, &mut |e| tx.send((i, e)).is_ok(), &|sections| {
                        sections < LEAD || flow.wait_turn(i)
                    });
                }
            });
        }
        drop(tx);
        let result = reorder(&rx, &flow, sink);
        if result.is_err() {
            flow.stop();
        }
        // Workers see the stop (or a closed channel) at their next input or section.
        drop(rx);
        result
    })
}

/// Pass events to `sink` in job order: a job's events as they come while it is the head, the
/// others' held until it is their turn.
fn reorder(
    rx: &mpsc::Receiver<(usize, Event)>,
    flow: &Flow,
    sink: &mut dyn FnMut(Event) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut held: BTreeMap<usize, VecDeque<Event>> = BTreeMap::new();
    let mut head = 0;
    for (i, event) in rx {
        held.entry(i).or_default().push_back(event);
        // Write what the head job has, moving on to the next job at each `Done`.
        while let Some(event) = held.get_mut(&head).and_then(VecDeque::pop_front) {
            let done = matches!(event, Event::Done);
            sink(event)?;
            if done {
                held.remove(&head);
                head += 1;
                flow.advance(head);
            }
        }
    }
    Ok(())
}

struct State {
    /// Jobs handed to workers so far.
    taken: usize,
    /// The job being written.
    head: usize,
}

/// The workers' shared view of the run.
struct Flow {
    state: Mutex<State>,
    changed: Condvar,
    stop: AtomicBool,
    window: usize,
}

impl Flow {
    /// The next job, once the window has room; `None` at the end or after a stop.
    fn take(&self, queue: &Mutex<impl Iterator<Item = (usize, Job)>>) -> Option<(usize, Job)> {
        let mut st = self.state.lock().ok()?;
        while !self.stopped() && st.taken >= st.head + self.window {
            st = self.changed.wait(st).ok()?;
        }
        if self.stopped() {
            return None;
        }
        let next = queue.lock().ok()?.next();
        if next.is_some() {
            st.taken += 1;
        }
        next
    }

    /// Wait until job `i` is the one being written; false after a stop.
    fn wait_turn(&self, i: usize) -> bool {
        let Ok(mut st) = self.state.lock() else { return false };
        while !self.stopped() && st.head < i {
            match self.changed.wait(st) {
                Ok(s) => st = s,
                Err(_) => return false,
            }
        }
        !self.stopped()
    }

    fn advance(&self, head: usize) {
        if let Ok(mut st) = self.state.lock() {
            st.head = head;
        }
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // Take the lock so that no worker misses the wake-up between its check and its wait.
        drop(self.state.lock());
        self.changed.notify_all();
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// What a job's input turned out to be.
enum Input {
    /// One document.
    Single(Origin, SourceText, DocKind, Conversation),
    /// An export file holding many records.
    Export(String, SourceText, export::Shape),
}

/// Read, lint and report one job. `send` returns false when the run is over; `turn(k)` is
/// asked before section `k` (from 1) and returns false when the run is over.
fn lint_job(job: &Job, opts: &RunOptions<'_>, send: &mut dyn FnMut(Event) -> bool, turn: &dyn Fn(usize) -> bool) {
    let settings = &job.settings;
    let mut sections = 0;
    match read(job, opts.stdin_name, send) {
        Err(e) => {
            if send(Event::Error(e)) {
                send(Event::Done);
            }
        }
        Ok(Input::Single(origin, source, kind, convo)) => {
            let SourceText { mut text, had_bom } = source;
            if let Some(mode) = opts.fix.filter(|_| !matches!(job.source, Source::Envelope(_))) {
                let (fixed, count) = fix::fix_text(&text, mode.threshold, &mut |t| {
                    lint_whole(settings, t, kind, &convo, opts.section_size)
                });
                match deliver(job, &origin.path, &text, fixed, had_bom, count, mode, send) {
                    Some(fixed) => text = fixed,
                    None => {
                        send(Event::Done);
                        return;
                    }
                }
            }
            let base = if had_bom && !matches!(job.source, Source::Envelope(_)) {
                3
            } else {
                0
            };
            let doc = Doc {
                origin,
                file: Arc::new(SourceFile::new(text)),
                record: None,
                base,
                fail_on: settings.fail_on,
            };
            if lint_doc(doc, settings, kind, &convo, opts, &mut sections, send, turn) {
                send(Event::Done);
            }
        }
        Ok(Input::Export(name, mut source, shape)) => {
            if let Some(mode) = opts.fix {
                let (fixed, count) = fix_export(job, &name, &source.text, shape, opts, mode, send);
                match deliver(job, &name, &source.text, fixed, source.had_bom, count, mode, send) {
                    Some(fixed) => source.text = fixed,
                    None => {
                        send(Event::Done);
                        return;
                    }
                }
            }
            let base = if source.had_bom { 3 } else { 0 };
            let file = Arc::new(SourceFile::new(source.text));
            let mut going = true;
            // Each record is linted as it is read; the file's text and index are shared.
            let read = export::read(&name, &file.text, &file.index, shape, &settings.export, &mut |item| {
                going = match item {
                    Ok(record) => {
                        // `[[overrides]]` with `records` may give this record settings of its own.
                        let own = settings.for_record(&record.id);
                        let settings: &Settings = own.as_deref().unwrap_or(settings);
                        let convo = record_conversation(&settings.base, &record);
                        let doc = Doc {
                            origin: Origin {
                                path: name.clone(),
                                record: Some(record.id),
                            },
                            file: Arc::clone(&file),
                            record: Some(RecordText {
                                text: record.text,
                                map: record.map,
                            }),
                            base,
                            fail_on: settings.fail_on,
                        };
                        lint_doc(
                            doc,
                            settings,
                            DocKind::Template,
                            &convo,
                            opts,
                            &mut sections,
                            send,
                            turn,
                        )
                    }
                    Err(e) => send(Event::Error(e)),
                };
                going
            });
            if let Err(e) = read {
                going = going && send(Event::Error(e));
            }
            if going {
                send(Event::Done);
            }
        }
    }
}

/// All of a text's diagnostics, linted in sections as [`lint_doc`] does: a fix pass needs the
/// whole document's.
fn lint_whole(
    settings: &Settings,
    text: &str,
    kind: DocKind,
    convo: &Conversation,
    section_size: usize,
) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for range in input::sections(text, section_size) {
        let offset = range.start;
        let Some(section) = text.get(range) else { continue };
        let mut diagnostics = settings.engine.lint(section, kind, convo);
        if offset > 0 {
            for d in &mut diagnostics {
                d.shift(offset);
            }
        }
        all.extend(diagnostics);
    }
    all
}

/// An export file with its records' fixes applied until a pass changes nothing, and how many
/// fixes were applied. Each pass reads the records afresh from the file as it now is, lints
/// each, and carries its fixes into the file through the record's [`SourceMap`]; a fix that
/// cannot be carried is noted (once, from the last pass) and left.
fn fix_export(
    job: &Job,
    name: &str,
    text: &str,
    shape: export::Shape,
    opts: &RunOptions<'_>,
    mode: FixMode,
    send: &mut dyn FnMut(Event) -> bool,
) -> (String, usize) {
    let settings = &job.settings;
    let syntax = match shape.container {
        export::Container::Csv => Syntax::Csv,
        export::Container::Json | export::Container::Jsonl => Syntax::Json,
    };
    let mut file = text.to_owned();
    let mut count = 0;
    let mut notes = Vec::new();
    for _ in 0..fix::MAX_PASSES {
        notes.clear();
        let index = LineIndex::new(&file);
        let mut edits = Vec::new();
        let mut applied = 0;
        // Errors in the file are reported by the lint that follows, on the fixed file.
        let read = export::read(name, &file, &index, shape, &settings.export, &mut |item| {
            let Ok(record) = item else { return true };
            let convo = record_conversation(&settings.base, &record);
            let diagnostics = lint_whole(settings, &record.text, DocKind::Template, &convo, opts.section_size);
            let mut refused = Vec::new();
            let (mapped, n) = fix::record_edits(
                &file,
                &record.text,
                &record.map,
                syntax,
                &diagnostics,
                mode.threshold,
                &mut refused,
            );
            edits.extend(mapped);
            applied += n;
            for r in refused {
                let at = index.location(&file, r.at, crate::line_index::ColumnUnit::Grapheme);
                notes.push(format!(
                    "{name}#{}:{}:{}: fix not applied ({}): {}",
                    record.id, at.line, at.column, r.title, r.why
                ));
            }
            true
        });
        if read.is_err() || edits.is_empty() {
            break;
        }
        let next = fix::apply_file_edits(&file, edits);
        if next == file {
            break;
        }
        file = next;
        count += applied;
    }
    for note in notes {
        send(Event::Warning(note));
    }
    (file, count)
}

/// Hand a fixed text on: with `--diff` as a diff (and then there is nothing to report: `None`),
/// on stdin as the text to print, else written over the file when it changed. Returns the
/// text to report on: the fixed one, or the old one when it could not be written.
#[allow(clippy::too_many_arguments)]
fn deliver(
    job: &Job,
    name: &str,
    before: &str,
    after: String,
    had_bom: bool,
    count: usize,
    mode: FixMode,
    send: &mut dyn FnMut(Event) -> bool,
) -> Option<String> {
    let changed = after != before;
    let mut event = Event::Fixed {
        fixed: if changed { count } else { 0 },
        diff: None,
        print: None,
    };
    if mode.diff {
        if let Event::Fixed { diff, .. } = &mut event {
            *diff = changed.then(|| fix::unified_diff(name, before, &after));
        }
        send(event);
        return None;
    }
    match &job.source {
        Source::Stdin => {
            if let Event::Fixed { print, .. } = &mut event {
                *print = Some(if had_bom {
                    format!("\u{feff}{after}")
                } else {
                    after.clone()
                });
            }
        }
        Source::File(path) if changed => {
            if let Err(why) = fix::write_atomic(path, had_bom, &after) {
                send(Event::Error(InputError::new(name, why)));
                return Some(before.to_owned());
            }
        }
        Source::File(_) | Source::Envelope(_) => {}
    }
    if !send(event) {
        return None;
    }
    Some(after)
}

/// The conversation of a record: the settings' defaults, with what the record says.
fn record_conversation(base: &Conversation, record: &export::Record) -> Conversation {
    let mut convo = base.clone();
    if let Some(c) = &record.channel {
        convo.channel.clone_from(c);
    }
    if let Some(v) = record.visibility {
        convo.visibility = v;
    }
    if let Some(p) = record.purpose {
        convo.purpose = p;
    }
    if let Some(a) = record.author {
        convo.author = a;
    }
    convo.help_desk = record.help_desk.map(str::to_owned);
    convo
}

/// Lint one document in sections and send them; `sections` counts the job's sections so far.
/// Returns false when the run is over.
#[allow(clippy::too_many_arguments)]
fn lint_doc(
    doc: Doc,
    settings: &Settings,
    kind: DocKind,
    convo: &Conversation,
    opts: &RunOptions<'_>,
    sections: &mut usize,
    send: &mut dyn FnMut(Event) -> bool,
    turn: &dyn Fn(usize) -> bool,
) -> bool {
    let ranges = input::sections(doc.text(), opts.section_size);
    let doc = Arc::new(doc);
    let count = ranges.len();
    for (k, range) in ranges.into_iter().enumerate() {
        if *sections > 0 && !turn(*sections) {
            return false;
        }
        *sections += 1;
        let offset = range.start;
        let Some(section) = doc.text().get(range) else { continue };
        let mut diagnostics = settings.engine.lint(section, kind, convo);
        if offset > 0 {
            for d in &mut diagnostics {
                d.shift(offset);
            }
        }
        let event = Event::Section {
            doc: Arc::clone(&doc),
            diagnostics,
            first: k == 0,
            last: k + 1 == count,
        };
        if !send(event) {
            return false;
        }
    }
    true
}

/// Read a job's input: one document (where it came from, its text, how to lint it, and its
/// conversation), or an export file and its shape.
fn read(job: &Job, stdin_name: &str, send: &mut dyn FnMut(Event) -> bool) -> Result<Input, InputError> {
    let settings = &job.settings;
    let limits = settings.limits;
    let origin = |path: String| Origin { path, record: None };
    Ok(match &job.source {
        Source::Stdin => {
            let read = input::read_stdin(limits.max_document_size).map_err(|e| e.renamed(stdin_name))?;
            let convo = Conversation {
                now: jiff::Timestamp::now(),
                ..settings.base.clone()
            };
            Input::Single(origin(stdin_name.to_owned()), read, DocKind::Draft, convo)
        }
        Source::Envelope(path) => {
            let stdin = path.as_os_str() == "-";
            let name = if stdin {
                stdin_name.to_owned()
            } else {
                path.display().to_string()
            };
            let read = if stdin {
                input::read_stdin(limits.max_document_size).map_err(|e| e.renamed(&name))?
            } else {
                input::read_file(path, limits.max_document_size)?
            };
            let (draft, mut convo) = input::envelope::parse(&name, &read.text)?;
            let messages = convo.messages().len();
            if messages > limits.max_thread_messages {
                return Err(InputError::new(
                    name,
                    format!(
                        "the thread holds {messages} messages, more than the {} allowed; raise `[input] max-thread-messages` in replylint.toml",
                        limits.max_thread_messages
                    ),
                ));
            }
            for (field, near) in input::envelope::unknown_fields(&read.text) {
                let hint = near.map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default();
                send(Event::Warning(format!(
                    "{name}: envelope field `{field}` is not one replylint reads{hint}; it is ignored"
                )));
            }
            if convo.language.is_none() {
                convo.language.clone_from(&settings.base.language);
            }
            let text = SourceText {
                text: draft,
                had_bom: false,
            };
            Input::Single(origin(name), text, DocKind::Draft, convo)
        }
        Source::File(path) => {
            let read = input::read_file(path, limits.max_document_size)?;
            let name = path.display().to_string();
            match export::detect(path, &read.text, settings.export.format) {
                Some(shape) => Input::Export(name, read, shape),
                None => Input::Single(origin(name), read, DocKind::Template, settings.base.clone()),
            }
        }
    })
}
