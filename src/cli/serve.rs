//! `replylint serve --stdio`: the warm mode. The rules are loaded once; each line of stdin is a
//! lint request (a JSON envelope: `draft`, `channel`, `thread`, …, plus an optional `id` echoed
//! back and `select` / `ignore` lists that replace the configured selection for that request),
//! and each gets one line on stdout, in order: the agent result, or an error object naming the
//! line. A bad line never ends the stream; end of input does.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use serde::Deserialize;
use serde_json::{Value, json};

use crate::agent::{Thresholds, check_draft};
use crate::engine::{Engine, Selection};
use crate::error::{Error, ExitStatus};

use super::args::ServeArgs;
use super::settings::Resolver;

/// What a request may carry beside its envelope.
#[derive(Deserialize, Default)]
struct Options {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Option<Vec<String>>,
}

/// Serve requests from stdin until it ends.
pub(crate) fn run(args: &ServeArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus, Error> {
    if !args.stdio {
        return Err(Error::Usage(
            "`replylint serve` needs a transport: pass --stdio (JSON Lines on stdin and stdout)".to_owned(),
        ));
    }
    let a = &args.check;
    if !a.paths.is_empty() || a.envelope.is_some() || a.fix || a.diff || a.baseline.is_some() {
        return Err(Error::Usage(
            "`replylint serve` reads its requests from stdin: it takes no paths, --envelope, --fix, --diff or --baseline"
                .to_owned(),
        ));
    }
    let mut resolver = Resolver::new(a)?;
    let settings = resolver.for_stdin(a.stdin_filename.as_deref())?;
    let defaults = Thresholds::default();
    let thresholds = Thresholds {
        block: a.block_on.unwrap_or(defaults.block),
        revise: a.revise_on.unwrap_or(defaults.revise),
    };
    // Engines for the selections requests name, built once each on the shared rules.
    let mut engines: HashMap<(Vec<String>, Vec<String>), Engine> = HashMap::new();
    let stdin = std::io::stdin();
    let mut line = String::new();
    let mut reader = stdin.lock();
    let mut n = 0usize;
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                writeln!(
                    stderr,
                    "error: cannot read standard input: {}",
                    crate::located::io_reason(&e)
                )?;
                return Ok(ExitStatus::Error);
            }
        }
        n += 1;
        let request = line.trim_end_matches(['\n', '\r']);
        if request.trim().is_empty() {
            continue;
        }
        let name = format!("request {n}");
        let options: Options = serde_json::from_str(request).unwrap_or_default();
        let answer = match crate::input::envelope::parse(&name, request) {
            Err(e) => error(n, e.line.zip(e.column), &e.message, options.id.as_ref()),
            Ok((draft, mut convo)) => {
                if convo.language.is_none() {
                    convo.language.clone_from(&settings.base.language);
                }
                let engine = match (&options.select, &options.ignore) {
                    (None, None) => Ok(&settings.engine),
                    (select, ignore) => {
                        let key = (select.clone().unwrap_or_default(), ignore.clone().unwrap_or_default());
                        if let Some(e) = engines.get(&key) {
                            Ok(e)
                        } else {
                            let selection = Selection {
                                select: key.0.clone(),
                                ignore: key.1.clone(),
                                ..Selection::default()
                            };
                            match settings.engine.reselect(&selection) {
                                Ok(engine) => Ok(&*engines.entry(key).or_insert(engine)),
                                Err(e) => Err(e.to_string()),
                            }
                        }
                    }
                };
                match engine {
                    Err(message) => error(n, None, &message, options.id.as_ref()),
                    Ok(engine) => {
                        let result = check_draft(engine, &draft, &convo, thresholds, a.column_unit);
                        let mut value = serde_json::to_value(&result).unwrap_or(Value::Null);
                        if let (Some(id), Some(obj)) = (&options.id, value.as_object_mut()) {
                            obj.insert("id".to_owned(), id.clone());
                        }
                        value
                    }
                }
            }
        };
        if serde_json::to_writer(&mut *stdout, &answer).is_err() || writeln!(stdout).is_err() || stdout.flush().is_err()
        {
            // The reader went away: nothing more to answer.
            return Ok(ExitStatus::Clean);
        }
    }
    Ok(ExitStatus::Clean)
}

/// The answer to a request that could not be checked.
fn error(line: usize, at: Option<(usize, usize)>, message: &str, id: Option<&Value>) -> Value {
    let mut e = json!({"line": line, "message": message});
    if let Some((_, column)) = at {
        e["column"] = json!(column);
    }
    let mut v = json!({"version": crate::agent::AGENT_VERSION, "error": e});
    if let Some(id) = id {
        v["id"] = id.clone();
    }
    v
}
