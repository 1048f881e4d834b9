//! The run: jobs (one per input) are read and linted by the workers of [`super::work`], which
//! also lint the records of an export and the sections of a large document on every core; what
//! the jobs report comes back to the caller in input order, as it is ready.
//!
//! - A large document is linted in sections (see [`replylint::input::sections`]), an export in
//!   batches of records; both are tasks any worker may run.
//! - When the consumer fails (closed stdout), the workers stop taking inputs and the run ends:
//!   work stops, not only output.

use std::path::PathBuf;
use std::sync::Arc;

use replylint::Conversation;
use replylint::Diagnostic;
use replylint::LineIndex;
use replylint::emit::Origin;
use replylint::error::InputError;
use replylint::input::{self, SourceFile, SourceMap, SourceText, export};
use replylint::{DocKind, Severity};

use super::fix::{self, FixMode, Syntax};
use super::settings::Settings;
use super::work::{self, Lane, Step};

/// Documents larger than this are linted in sections of about this size.
pub(crate) const DEFAULT_SECTION_SIZE: usize = 256 << 10;

/// Exports are read in parts of about this size: the memory a large export takes.
pub(crate) const DEFAULT_PART_SIZE: usize = 1 << 20;

/// How a run reads and cuts its inputs.
pub(crate) struct RunOptions<'a> {
    /// The name shown for standard input.
    pub(crate) stdin_name: &'a str,
    /// Section size for large documents.
    pub(crate) section_size: usize,
    /// Part size for reading exports.
    pub(crate) part_size: usize,
    /// `--fix` or `--diff`: fix each document before it is reported.
    pub(crate) fix: Option<FixMode>,
    /// `--threads`: how many threads lint (`None`: one per core).
    pub(crate) threads: Option<usize>,
}

/// Records of an export linted as one task: about this many bytes of text,
const BATCH_BYTES: usize = 32 << 10;
/// or this many records.
const BATCH_RECORDS: usize = 64;

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
    // One draft (stdin or an envelope) is linted on this thread: no thread to start for it, and
    // no cores to count (a dozen system calls through the cgroup files). A file may be an export
    // or a large document, whose parts every core lints.
    let workers = match jobs.as_slice() {
        [] => 1,
        [one] if !matches!(one.source, Source::File(_)) => 1,
        _ => opts
            .threads
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)),
    };
    work::run(
        jobs,
        workers,
        &|job, lane| lint_job(job, opts, lane),
        &mut |step| match step {
            Step::Event(event) => sink(event),
            Step::Done => sink(Event::Done),
        },
    )
}

/// A job's reports, numbered so that a job ahead of its turn waits (see [`Lane::turn`]).
struct Reporter<'l, 'a> {
    lane: &'l Lane<'a, Event>,
    sent: usize,
}

impl Reporter<'_, '_> {
    /// Report `event`; false when the run is over.
    fn send(&mut self, event: Event) -> bool {
        let k = self.sent;
        self.sent += 1;
        self.lane.turn(k) && self.lane.send(event)
    }
}

/// What a job's input turned out to be.
enum Input {
    /// One document.
    Single(Origin, SourceText, DocKind, Conversation),
    /// An export file holding many records, read whole (to be fixed).
    Export(String, SourceText, export::Shape),
    /// An export file holding many records, to be read part by part.
    Stream(String, input::Opened, export::Shape),
    /// A large plain-text file, to be linted as it is read ([`lint_text_stream`]).
    TextStream(Origin, PathBuf, input::Opened),
}

/// Read, lint and report one job.
fn lint_job(job: &Job, opts: &RunOptions<'_>, lane: &Lane<'_, Event>) {
    let mut out = Reporter { lane, sent: 0 };
    let settings = &job.settings;
    // A plain file of several parts is linted as it is read, unless it is to be fixed.
    let stream_above = opts.fix.is_none().then(|| 4 * opts.part_size as u64);
    match read(job, opts.stdin_name, opts.fix.is_some(), stream_above, &mut |e| {
        out.send(e)
    }) {
        Err(e) => {
            out.send(Event::Error(e));
        }
        Ok(Input::Single(origin, source, kind, convo)) => {
            let SourceText { mut text, had_bom } = source;
            let convo = Arc::new(convo);
            if let Some(mode) = opts.fix.filter(|_| !matches!(job.source, Source::Envelope(_))) {
                let (fixed, count) = fix::fix_text(&text, mode.threshold, &mut |t| {
                    lint_whole(lane, settings, t, kind, &convo, opts.section_size)
                });
                match deliver(job, &origin.path, &text, fixed, had_bom, count, mode, &mut out) {
                    Some(fixed) => text = fixed,
                    None => return,
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
            lint_doc(doc, settings, kind, &convo, opts.section_size, &mut out);
        }
        Ok(Input::Export(name, mut source, shape)) => {
            if let Some(mode) = opts.fix {
                let (fixed, count) = fix_export(job, lane, &name, &source.text, shape, opts, mode, &mut out);
                match deliver(job, &name, &source.text, fixed, source.had_bom, count, mode, &mut out) {
                    Some(fixed) => source.text = fixed,
                    None => return,
                }
            }
            let reader = source.text.as_bytes();
            lint_export(job, lane, &name, reader, source.had_bom, shape, opts, &mut out);
        }
        Ok(Input::Stream(name, opened, shape)) => {
            lint_export(job, lane, &name, opened.into_reader(), false, shape, opts, &mut out);
        }
        Ok(Input::TextStream(origin, path, opened)) => {
            let limit = settings.limits.max_document_size;
            match opened.check_text(limit) {
                Ok(had_bom) => lint_text_stream(job, lane, origin, &path, had_bom, opts, &mut out),
                Err(e) => {
                    out.send(Event::Error(e));
                }
            }
        }
    }
}

/// Lint a large plain-text file as it is read, in bounded memory: cut into the sections
/// [`lint_doc`] would cut it into ([`input::TextParts`]), each linted (on any worker) within the
/// whole lines that hold it, so that lines and columns are the file's own. The file was checked
/// whole first ([`input::Opened::check_text`]): it is reported exactly as if read whole.
fn lint_text_stream(
    job: &Job,
    lane: &Lane<'_, Event>,
    origin: Origin,
    path: &std::path::Path,
    had_bom: bool,
    opts: &RunOptions<'_>,
    out: &mut Reporter<'_, '_>,
) {
    use std::io::Read;
    let settings = &job.settings;
    let reader = match input::open(path) {
        Ok(opened) => opened
            .into_reader()
            .take(settings.limits.max_document_size.saturating_add(3)),
        Err(e) => {
            out.send(Event::Error(e));
            return;
        }
    };
    let mut parts = input::TextParts::new(&origin.path, reader, had_bom, opts.section_size);
    let convo = Arc::new(settings.base.clone());
    let base = if had_bom { 3 } else { 0 };
    let mut tasks = lane.ordered::<Event>();
    let mut report = |e: Event| out.send(e);
    let mut push = |doc: Arc<Doc>,
                    range: std::ops::Range<usize>,
                    first: bool,
                    last: bool,
                    report: &mut dyn FnMut(Event) -> bool| {
        let (settings, convo) = (Arc::clone(settings), Arc::clone(&convo));
        let work = Box::new(move || Event::Section {
            diagnostics: lint_section(&settings, doc.text(), range, DocKind::Template, &convo),
            doc,
            first,
            last,
        });
        tasks.push(work, report)
    };
    // Each section is handed on once the next is read, so that the last is known as such.
    let (mut pending, mut count, mut going, mut failed) = (None, 0usize, true, None);
    while going && let Some(part) = parts.next_part() {
        match part {
            Ok(part) => {
                let doc = Doc {
                    origin: origin.clone(),
                    file: Arc::new(part.file),
                    record: None,
                    base,
                    fail_on: settings.fail_on,
                };
                if let Some((doc, range)) = pending.replace((Arc::new(doc), part.section)) {
                    going = push(doc, range, count == 0, false, &mut report);
                    count += 1;
                }
            }
            Err(e) => failed = Some(e),
        }
    }
    if going && let Some((doc, range)) = pending.take() {
        going = push(doc, range, count == 0, true, &mut report);
    }
    going = going && tasks.finish(&mut report);
    drop(tasks);
    if let Some(e) = failed
        && going
    {
        out.send(Event::Error(e));
    }
}

/// A record to lint, with what it is linted under.
struct Piece {
    doc: Arc<Doc>,
    settings: Arc<Settings>,
    convo: Conversation,
}

/// Lint the records of an export, in batches that any worker may run, and report them in
/// order. The file is read part by part; the records of a part share its text and index.
/// `had_bom`: the text was read with its BOM removed.
#[allow(clippy::too_many_arguments)]
fn lint_export(
    job: &Job,
    lane: &Lane<'_, Event>,
    name: &str,
    reader: impl std::io::Read,
    had_bom: bool,
    shape: export::Shape,
    opts: &RunOptions<'_>,
    out: &mut Reporter<'_, '_>,
) {
    let section_size = opts.section_size;
    let size = export::ChunkSize {
        target: opts.part_size,
        limit: usize::try_from(job.settings.limits.max_document_size).unwrap_or(usize::MAX),
    };
    let mut tasks = lane.ordered::<Vec<Event>>();
    let mut report = |events: Vec<Event>| events.into_iter().all(|e| out.send(e));
    let hand_out = |batch: Vec<Piece>| -> work::Work<Vec<Event>> {
        Box::new(move || {
            let mut events = Vec::new();
            for p in batch {
                lint_sections(
                    &p.doc,
                    &p.settings,
                    DocKind::Template,
                    &p.convo,
                    section_size,
                    &mut |e| {
                        events.push(e);
                        true
                    },
                );
            }
            events
        })
    };
    let mut going = true;
    let read = export::read(name, reader, shape, &job.settings.export, size, &mut |chunk| {
        let base = if had_bom || chunk.had_bom { 3 } else { 0 };
        let file = Arc::new(chunk.file);
        let mut batch: Vec<Piece> = Vec::new();
        let mut bytes = 0;
        for item in chunk.records {
            going = match item {
                Ok(record) => {
                    // `[[overrides]]` with `records` may give this record settings of its own.
                    let settings = job
                        .settings
                        .for_record(&record.id)
                        .unwrap_or_else(|| Arc::clone(&job.settings));
                    let convo = record_conversation(&settings.base, &record);
                    bytes += record.text.len();
                    let doc = Doc {
                        origin: Origin {
                            path: name.to_owned(),
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
                    batch.push(Piece {
                        doc: Arc::new(doc),
                        settings,
                        convo,
                    });
                    if bytes >= BATCH_BYTES || batch.len() >= BATCH_RECORDS {
                        bytes = 0;
                        tasks.push(hand_out(std::mem::take(&mut batch)), &mut report)
                    } else {
                        true
                    }
                }
                // An error about one record keeps its place among the records.
                Err(e) => {
                    bytes = 0;
                    (batch.is_empty() || tasks.push(hand_out(std::mem::take(&mut batch)), &mut report))
                        && tasks.push_ready(vec![Event::Error(e)], &mut report)
                }
            };
            if !going {
                return false;
            }
        }
        if !batch.is_empty() {
            going = tasks.push(hand_out(batch), &mut report);
        }
        going
    });
    going = going && tasks.finish(&mut report);
    drop(tasks);
    if let Err(e) = read
        && going
    {
        out.send(Event::Error(e));
    }
}

/// All of a text's diagnostics, linted in sections as [`lint_doc`] does (on every worker when
/// there are several): a fix pass needs the whole document's.
fn lint_whole(
    lane: &Lane<'_, Event>,
    settings: &Arc<Settings>,
    text: &str,
    kind: DocKind,
    convo: &Arc<Conversation>,
    section_size: usize,
) -> Vec<Diagnostic> {
    let ranges = input::sections(text, section_size);
    if ranges.len() <= 1 {
        return settings.engine.lint(text, kind, convo);
    }
    let text: Arc<str> = Arc::from(text);
    let mut all = Vec::new();
    let mut tasks = lane.ordered::<Vec<Diagnostic>>();
    let mut collect = |d: Vec<Diagnostic>| {
        all.extend(d);
        true
    };
    for range in ranges {
        let (text, settings, convo) = (Arc::clone(&text), Arc::clone(settings), Arc::clone(convo));
        tasks.push(
            Box::new(move || lint_section(&settings, &text, range, kind, &convo)),
            &mut collect,
        );
    }
    tasks.finish(&mut collect);
    drop(tasks);
    all
}

/// The diagnostics of `text[range]`, at their places in `text`.
fn lint_section(
    settings: &Settings,
    text: &str,
    range: std::ops::Range<usize>,
    kind: DocKind,
    convo: &Conversation,
) -> Vec<Diagnostic> {
    let offset = range.start;
    let Some(section) = text.get(range) else {
        return Vec::new();
    };
    let mut diagnostics = settings.engine.lint(section, kind, convo);
    if offset > 0 {
        for d in &mut diagnostics {
            d.shift(offset);
        }
    }
    diagnostics
}

/// An export file with its records' fixes applied until a pass changes nothing, and how many
/// fixes were applied. Each pass reads the records afresh from the file as it now is, lints
/// each (on every worker), and carries its fixes into the file through the record's
/// [`SourceMap`]; a fix that cannot be carried is noted (once, from the last pass) and left.
#[allow(clippy::too_many_arguments)]
fn fix_export(
    job: &Job,
    lane: &Lane<'_, Event>,
    name: &str,
    text: &str,
    shape: export::Shape,
    opts: &RunOptions<'_>,
    mode: FixMode,
    out: &mut Reporter<'_, '_>,
) -> (String, usize) {
    let settings = &job.settings;
    let section_size = opts.section_size;
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
        let mut carry = |(record, diagnostics): (export::Record, Vec<Diagnostic>)| {
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
                let at = index.location(&file, r.at, replylint::ColumnUnit::Grapheme);
                notes.push(format!(
                    "{name}#{}:{}:{}: fix not applied ({}): {}",
                    record.id, at.line, at.column, r.title, r.why
                ));
            }
            true
        };
        let mut tasks = lane.ordered::<(export::Record, Vec<Diagnostic>)>();
        // Errors in the file are reported by the lint that follows, on the fixed file. The
        // file is read as one part, so records' maps point into `file`.
        let read = export::read(
            name,
            file.as_bytes(),
            shape,
            &settings.export,
            export::ChunkSize::WHOLE,
            &mut |chunk| {
                for record in chunk.records.into_iter().flatten() {
                    let settings = Arc::clone(settings);
                    let convo = record_conversation(&settings.base, &record);
                    let work = Box::new(move || {
                        let d = lint_in_sections(&settings, &record.text, DocKind::Template, &convo, section_size);
                        (record, d)
                    });
                    if !tasks.push(work, &mut carry) {
                        return false;
                    }
                }
                true
            },
        );
        tasks.finish(&mut carry);
        drop(tasks);
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
        out.send(Event::Warning(note));
    }
    (file, count)
}

/// All of a text's diagnostics, section by section, on this thread.
fn lint_in_sections(
    settings: &Settings,
    text: &str,
    kind: DocKind,
    convo: &Conversation,
    section_size: usize,
) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for range in input::sections(text, section_size) {
        all.extend(lint_section(settings, text, range, kind, convo));
    }
    all
}

/// Lint a document section by section on this thread, and hand each on as an event.
fn lint_sections(
    doc: &Arc<Doc>,
    settings: &Settings,
    kind: DocKind,
    convo: &Conversation,
    section_size: usize,
    emit: &mut dyn FnMut(Event) -> bool,
) -> bool {
    let ranges = input::sections(doc.text(), section_size);
    let count = ranges.len();
    ranges.into_iter().enumerate().all(|(k, range)| {
        emit(Event::Section {
            doc: Arc::clone(doc),
            diagnostics: lint_section(settings, doc.text(), range, kind, convo),
            first: k == 0,
            last: k + 1 == count,
        })
    })
}

/// Lint one document and report its sections: on this thread when it is one section, else
/// as tasks any worker may run.
fn lint_doc(
    doc: Doc,
    settings: &Arc<Settings>,
    kind: DocKind,
    convo: &Arc<Conversation>,
    section_size: usize,
    out: &mut Reporter<'_, '_>,
) {
    let doc = Arc::new(doc);
    let ranges = input::sections(doc.text(), section_size);
    if ranges.len() <= 1 {
        lint_sections(&doc, settings, kind, convo, section_size, &mut |e| out.send(e));
        return;
    }
    let lane = out.lane;
    let mut tasks = lane.ordered::<Event>();
    let mut report = |e: Event| out.send(e);
    let count = ranges.len();
    for (k, range) in ranges.into_iter().enumerate() {
        let (doc, settings, convo) = (Arc::clone(&doc), Arc::clone(settings), Arc::clone(convo));
        let work = Box::new(move || Event::Section {
            diagnostics: lint_section(&settings, doc.text(), range, kind, &convo),
            doc,
            first: k == 0,
            last: k + 1 == count,
        });
        if !tasks.push(work, &mut report) {
            return;
        }
    }
    tasks.finish(&mut report);
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
    out: &mut Reporter<'_, '_>,
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
        out.send(event);
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
                out.send(Event::Error(InputError::new(name, why)));
                return Some(before.to_owned());
            }
        }
        Source::File(_) | Source::Envelope(_) => {}
    }
    if !out.send(event) {
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

/// The draft of a stdin or envelope job: where it came from, its text and its conversation.
/// Notes about the envelope go to `warn`.
pub(crate) fn read_draft(
    job: &Job,
    stdin_name: &str,
    warn: &mut dyn FnMut(String),
) -> Result<(Origin, String, Conversation), InputError> {
    let mut send = |e: Event| {
        if let Event::Warning(w) = e {
            warn(w);
        }
        true
    };
    match read(job, stdin_name, false, None, &mut send)? {
        Input::Single(origin, source, _, convo) => Ok((origin, source.text, convo)),
        // Not streamed here (`stream_above` is `None`); a large file is still one draft to check.
        Input::TextStream(origin, ..) => Err(InputError::new(
            origin.path,
            "is a large file; --format agent checks one draft",
        )),
        Input::Export(name, ..) | Input::Stream(name, ..) => Err(InputError::new(
            name,
            "is an export of many replies; --format agent checks one draft",
        )),
    }
}

/// An envelope's draft and its conversation, within the settings' limits and with their
/// defaults for what the envelope leaves out. Fields replylint does not read are named to `warn`
/// (a misspelt field silently changes the result); without it (a request that carries fields of
/// its own), they are not looked for.
pub(crate) fn envelope(
    settings: &Settings,
    name: &str,
    text: &str,
    warn: Option<&mut dyn FnMut(String)>,
) -> Result<(String, Conversation), InputError> {
    let limits = settings.limits;
    if text.len() as u64 > limits.max_document_size {
        return Err(input::too_large(
            name,
            Some(text.len() as u64),
            limits.max_document_size,
        ));
    }
    let (draft, mut convo) = input::envelope::parse(name, text)?;
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
    // Finding them parses the text again: only when someone will read the warnings.
    if let Some(warn) = warn {
        for (field, near) in input::envelope::unknown_fields(text) {
            let hint = near.map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default();
            warn(format!(
                "{name}: envelope field `{field}` is not one replylint reads{hint}; it is ignored"
            ));
        }
    }
    if convo.language.is_none() {
        convo.language.clone_from(&settings.base.language);
    }
    Ok((draft, convo))
}

/// Read a job's input: one document (where it came from, its text, how to lint it, and its
/// conversation), or an export file and its shape.
/// `stream_above`: a plain file larger than this many bytes is linted as it is read.
fn read(
    job: &Job,
    stdin_name: &str,
    fixing: bool,
    stream_above: Option<u64>,
    send: &mut dyn FnMut(Event) -> bool,
) -> Result<Input, InputError> {
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
            let (draft, convo) = envelope(
                settings,
                &name,
                &read.text,
                Some(&mut |w| {
                    send(Event::Warning(w));
                }),
            )?;
            let text = SourceText {
                text: draft,
                had_bom: false,
            };
            Input::Single(origin(name), text, DocKind::Draft, convo)
        }
        Source::File(path) => {
            let opened = input::open(path)?;
            let name = path.display().to_string();
            let shape = export::detect(path, opened.head(), opened.is_whole(), settings.export.format);
            match shape {
                // An export is read part by part, in bounded memory, unless it is to be fixed.
                Some(shape) if !fixing => Input::Stream(name, opened, shape),
                Some(shape) => Input::Export(name, opened.read_all(limits.max_document_size)?, shape),
                None if stream_above.is_some_and(|n| opened.size().is_some_and(|size| size > n)) => {
                    Input::TextStream(origin(name), path.clone(), opened)
                }
                None => {
                    let read = opened.read_all(limits.max_document_size)?;
                    Input::Single(origin(name), read, DocKind::Template, settings.base.clone())
                }
            }
        }
    })
}
