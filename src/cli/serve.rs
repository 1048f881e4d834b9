//! `replylint serve --stdio`: the warm mode. The rules are loaded once; each line of stdin is a
//! lint request (a JSON envelope: `draft`, `channel`, `thread`, …, plus an optional `id` echoed
//! back, `select` / `ignore` lists that replace the configured selection for that request, and
//! `channels`, per-channel settings that replace the configured ones, as `[channels]` in
//! replylint.toml does), and each gets one line on stdout, in order: the agent result, or an error object naming the
//! line. A bad line never ends the stream; end of input does.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex, mpsc};

use serde::Deserialize;
use serde_json::{Value, json};

use replylint::check_draft;
use replylint::error::{Error, ExitStatus};
use replylint::{Engine, Selection};

use super::args::ServeArgs;
use super::settings::{ChannelProblem, Resolver, checked_channel};

/// What a request may carry beside its envelope.
#[derive(Deserialize, Default)]
struct Options {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Option<Vec<String>>,
    #[serde(default)]
    channels: Option<BTreeMap<String, Channel>>,
}

/// A request's settings for one channel, as `[channels.<name>]` in replylint.toml spells them.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Channel {
    #[serde(default, alias = "wait_minutes")]
    wait_minutes: Option<u32>,
    #[serde(default, alias = "public_wait_minutes")]
    public_wait_minutes: Option<u32>,
    #[serde(default, alias = "post_limit")]
    post_limit: Option<usize>,
}

/// Serve requests from stdin until it ends.
pub(crate) fn run(args: &ServeArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus, Error> {
    if !args.stdio {
        return Err(Error::Usage(
            "`replylint serve` needs a transport: pass --stdio (JSON Lines on stdin and stdout)".to_owned(),
        ));
    }
    let a = args.service.as_check();
    let mut resolver = Resolver::new(&a)?;
    let settings = resolver.for_stdin(a.stdin_filename.as_deref())?;
    let thresholds = super::agent::thresholds(&a);
    let unit = a.column_unit;
    // Engines for the selections requests name, built once each on the shared rules.
    let engines: Mutex<HashMap<Key, Arc<Engine>>> = Mutex::new(HashMap::new());
    let answer = |n: usize, request: &str| -> Value {
        let name = format!("request {n}");
        let options = serde_json::from_str::<Options>(request);
        let id = options.as_ref().ok().and_then(|o| o.id.clone()).or_else(|| {
            serde_json::from_str::<Value>(request)
                .ok()
                .and_then(|v| v.get("id").cloned())
        });
        // The request's own fields (`id`, `select`, …) are not the envelope's: no warnings.
        let (draft, convo) = match super::pipeline::envelope(&settings, &name, request, None) {
            Ok(parsed) => parsed,
            Err(e) => return error(n, e.line.zip(e.column), &e.message, id.as_ref()),
        };
        // A request option of the wrong shape is an error, never a lint under other settings.
        let options = match options {
            Ok(o) => o,
            Err(e) => {
                let why = e.to_string();
                return error(
                    n,
                    None,
                    &format!("request options (`select`, `ignore`, `channels`): {why}"),
                    id.as_ref(),
                );
            }
        };
        let own;
        let engine = if options.select.is_none() && options.ignore.is_none() {
            &settings.engine
        } else {
            let key = (
                options.select.clone().unwrap_or_default(),
                options.ignore.clone().unwrap_or_default(),
            );
            match selected(&settings.engine, &engines, key) {
                Ok(e) => {
                    own = e;
                    &*own
                }
                Err(message) => return error(n, None, &message, id.as_ref()),
            }
        };
        let with_channels;
        let engine = match &options.channels {
            None => engine,
            Some(channels) => match channel_settings(engine, channels) {
                Ok(e) => {
                    with_channels = e;
                    &with_channels
                }
                Err(message) => return error(n, None, &message, id.as_ref()),
            },
        };
        let result = check_draft(engine, &draft, &convo, thresholds, unit);
        let mut value = serde_json::to_value(&result).unwrap_or(Value::Null);
        if let (Some(id), Some(obj)) = (&id, value.as_object_mut()) {
            obj.insert("id".to_owned(), id.clone());
        }
        value
    };
    // A reader hands numbered lines to the workers; answers are written in line order as they
    // are ready, each flushed, so a client that sends one line and waits gets its answer.
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let (jobs, queue) = mpsc::channel::<(usize, String)>();
    let queue = Mutex::new(queue);
    let (answers, ready) = mpsc::channel::<(usize, Option<Value>)>();
    let read_error: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|scope| {
        let (blank, read_error) = (answers.clone(), &read_error);
        scope.spawn(move || {
            let mut reader = std::io::stdin().lock();
            let mut n = 0usize;
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        if let Ok(mut slot) = read_error.lock() {
                            *slot = Some(replylint::error::io_reason(&e));
                        }
                        break;
                    }
                }
                n += 1;
                let sent = if line.trim().is_empty() {
                    blank.send((n, None)).is_ok()
                } else {
                    jobs.send((n, line)).is_ok()
                };
                if !sent {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (answers, queue, answer) = (answers.clone(), &queue, &answer);
            scope.spawn(move || {
                loop {
                    let next = queue.lock().ok().and_then(|q| q.recv().ok());
                    let Some((n, line)) = next else { break };
                    let request = line.trim_end_matches(['\n', '\r']);
                    if answers.send((n, Some(answer(n, request)))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(answers);
        let mut held: BTreeMap<usize, Option<Value>> = BTreeMap::new();
        let mut next = 1;
        for (n, a) in ready {
            held.insert(n, a);
            while let Some(a) = held.remove(&next) {
                next += 1;
                let Some(a) = a else { continue };
                if serde_json::to_writer(&mut *stdout, &a).is_err()
                    || writeln!(stdout).is_err()
                    || stdout.flush().is_err()
                {
                    // The client went away: nothing more to answer.
                    return;
                }
            }
        }
    });
    if let Some(why) = read_error.lock().ok().and_then(|mut e| e.take()) {
        writeln!(stderr, "error: cannot read standard input: {why}")?;
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Clean)
}

/// A selection a request names: its `select` and `ignore`.
type Key = (Vec<String>, Vec<String>);

/// The engine of the selection `key` on `base`'s rules, built once.
fn selected(base: &Engine, engines: &Mutex<HashMap<Key, Arc<Engine>>>, key: Key) -> Result<Arc<Engine>, String> {
    if let Some(e) = engines.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(e);
    }
    let selection = Selection {
        select: key.0.clone(),
        ignore: key.1.clone(),
        ..Selection::default()
    };
    let engine = Arc::new(base.reselect(&selection).map_err(|e| e.to_string())?);
    if let Ok(mut m) = engines.lock() {
        m.insert(key, Arc::clone(&engine));
    }
    Ok(engine)
}

/// `engine` with a request's `channels`, which replace the configured settings of the channels
/// they name.
fn channel_settings(engine: &Engine, channels: &BTreeMap<String, Channel>) -> Result<Engine, String> {
    let mut merged = engine.channels().clone();
    for (name, c) in channels {
        let settings = replylint::ChannelSettings {
            wait_minutes: c.wait_minutes,
            public_wait_minutes: c.public_wait_minutes,
            post_limit: c.post_limit,
        };
        let key = checked_channel(name, &settings).map_err(|problem| match problem {
            ChannelProblem::Unknown => format!(
                "request field `channels.{name}`: unknown channel `{name}`; expected one of: {}",
                replylint::CHANNELS.join(", ")
            ),
            ChannelProblem::Zero(what) => format!("request field `channels.{name}.{what}` must be at least 1"),
        })?;
        merged.insert(key, settings);
    }
    Ok(engine.clone().with_channels(merged))
}

/// The answer to a request that could not be checked.
fn error(line: usize, at: Option<(usize, usize)>, message: &str, id: Option<&Value>) -> Value {
    let mut e = json!({"line": line, "message": message});
    if let Some((_, column)) = at {
        e["column"] = json!(column);
    }
    let mut v = json!({"version": replylint::AGENT_VERSION, "error": e});
    if let Some(id) = id {
        v["id"] = id.clone();
    }
    v
}
