#!/usr/bin/env node
// Check one reply draft with replylint before an agent sends it.
//
//     node check_draft.mjs ["DRAFT" [CHANNEL]]
//
// Builds a lint request (the draft plus the conversation it answers), runs
// `replylint check --format agent --envelope -` with it on stdin, and acts on the verdict:
// send the fixed text, hand the findings back to the model, or refuse. No npm dependencies.
// Set REPLYLINT to the binary's path when `replylint` is not on PATH.

import { spawnSync } from "node:child_process";

const REPLYLINT = process.env.REPLYLINT || "replylint";

const SARCASTIC =
  "Hi Dana, yeah, right, the courier tried to deliver it three times. " +
  "Is there anything else I can help with?";

/** replylint could not check the draft (bad envelope, bad flags, binary missing). */
class ReplylintError extends Error {}

/** Return replylint's agent result for one envelope (see docs/agent-result.schema.json). */
function lint(envelope) {
  const proc = spawnSync(REPLYLINT, ["check", "--format", "agent", "--envelope", "-"], {
    input: JSON.stringify(envelope),
    encoding: "utf8",
    // The default 1 MiB would cut off the result for a long draft with many findings.
    maxBuffer: 64 * 1024 * 1024,
  });
  if (proc.error) {
    const why =
      proc.error.code === "ENOENT"
        ? `${JSON.stringify(REPLYLINT)} not found: install replylint or set REPLYLINT to its path`
        : proc.error.message;
    throw new ReplylintError(why);
  }
  // 0 is `send`, 1 is `revise` or `block`: both print a result. Anything else (2: the
  // envelope or a flag is wrong) prints nothing on stdout, only the reason on stderr.
  if (proc.status !== 0 && proc.status !== 1) {
    const why = proc.stderr.trim() || `replylint exited with ${proc.status ?? proc.signal}`;
    throw new ReplylintError(why);
  }
  // With a result, stderr holds only warnings, such as a misspelt envelope field: pass them on.
  process.stderr.write(proc.stderr);
  return JSON.parse(proc.stdout);
}

/** The draft and its context: the timing, greeting and privacy rules need the thread. */
function makeEnvelope(draft, channel = "messenger") {
  return {
    draft,
    channel,
    customer: { name: "Dana" },
    thread: [
      {
        role: "customer",
        text: "Hi, where is my parcel? It was due on Monday.",
        at: "2026-03-02T10:00:00Z",
      },
    ],
    // When the reply goes out. A live agent passes the current time (new Date().toISOString());
    // a fixed one keeps this example's answer stable, since reply windows and waits are
    // measured from the thread's `at`.
    now: "2026-03-02T10:12:00Z",
  };
}

/** The findings as text for a model: where each one is, what is wrong, how to fix it. */
function feedback(result) {
  const lines = [result.summary];
  for (const d of result.diagnostics) {
    // line:column point into the draft as sent. Columns count code points by default, not
    // JavaScript's UTF-16 units: pass `--column-unit utf16` to index strings with them.
    let line = `- ${d.severity} ${d.rule} at ${d.line}:${d.column}: ${d.message}`;
    if (d.help) line += `. ${d.help}`;
    lines.push(line);
  }
  return lines.join("\n");
}

function main() {
  const draft = process.argv[2] ?? SARCASTIC;
  const channel = process.argv[3] ?? "messenger";
  let result;
  try {
    result = lint(makeEnvelope(draft, channel));
  } catch (e) {
    if (!(e instanceof ReplylintError)) throw e;
    console.error(`replylint could not check the draft: ${e.message}`);
    return 2;
  }

  const { verdict } = result;
  if (verdict === "send") {
    // `fixed` is the draft with replylint's safe fixes (typos, doubled words) applied.
    console.log("Sending:");
    console.log(result.fixed);
  } else if (verdict === "revise") {
    // In an agent loop this goes back to the model with the draft, and the rewrite is
    // checked again.
    console.log("Feedback for the model, to rewrite the draft:");
    console.log(feedback(result));
  } else {
    // An error is left (an unfilled placeholder, a closed messaging window, ...): never
    // send this as it is; hand it to a person or start over.
    console.log("Not sending this draft:");
    console.log(feedback(result));
  }
  console.log(`verdict: ${verdict}`);
  return verdict === "send" ? 0 : 1;
}

process.exitCode = main();
