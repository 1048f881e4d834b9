#!/usr/bin/env python3
"""Check one reply draft with replylint before an agent sends it.

    python3 check_draft.py ["DRAFT" [CHANNEL]]

Builds a lint request (the draft plus the conversation it answers), runs
`replylint check --format agent --envelope -` with it on stdin, and acts on the verdict:
send the fixed text, hand the findings back to the model, or refuse. Standard library only.
Set REPLYLINT to the binary's path when `replylint` is not on PATH.
"""

import json
import os
import subprocess
import sys

REPLYLINT = os.environ.get("REPLYLINT", "replylint")

SARCASTIC = (
    "Hi Dana, yeah, right, the courier tried to deliver it three times. "
    "Is there anything else I can help with?"
)


class ReplylintError(Exception):
    """replylint could not check the draft (bad envelope, bad flags, binary missing)."""


def lint(envelope):
    """Return replylint's agent result for one envelope (see docs/agent-result.schema.json)."""
    try:
        proc = subprocess.run(
            [REPLYLINT, "check", "--format", "agent", "--envelope", "-"],
            input=json.dumps(envelope),
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
    except FileNotFoundError:
        raise ReplylintError(
            f"{REPLYLINT!r} not found: install replylint or set REPLYLINT to its path"
        ) from None
    # 0 is `send`, 1 is `revise` or `block`: both print a result. Anything else (2: the
    # envelope or a flag is wrong) prints nothing on stdout, only the reason on stderr.
    if proc.returncode not in (0, 1):
        raise ReplylintError(proc.stderr.strip() or f"replylint exited with {proc.returncode}")
    # With a result, stderr holds only warnings, such as a misspelt envelope field: pass them on.
    sys.stderr.write(proc.stderr)
    return json.loads(proc.stdout)


def make_envelope(draft, channel="messenger"):
    """The draft and its context: the timing, greeting and privacy rules need the thread."""
    return {
        "draft": draft,
        "channel": channel,
        "customer": {"name": "Dana"},
        "thread": [
            {
                "role": "customer",
                "text": "Hi, where is my parcel? It was due on Monday.",
                "at": "2026-03-02T10:00:00Z",
            },
        ],
        # When the reply goes out. A live agent passes the current time, e.g.
        # datetime.now(timezone.utc).isoformat(); a fixed one keeps this example's answer
        # stable, since reply windows and waits are measured from the thread's `at`.
        "now": "2026-03-02T10:12:00Z",
    }


def feedback(result):
    """The findings as text for a model: where each one is, what is wrong, how to fix it."""
    lines = [result["summary"]]
    for d in result["diagnostics"]:
        # line:column point into the draft as sent (columns count code points, as Python does).
        line = f"- {d['severity']} {d['rule']} at {d['line']}:{d['column']}: {d['message']}"
        if d["help"]:
            line += f". {d['help']}"
        lines.append(line)
    return "\n".join(lines)


def main():
    draft = sys.argv[1] if len(sys.argv) > 1 else SARCASTIC
    channel = sys.argv[2] if len(sys.argv) > 2 else "messenger"
    try:
        result = lint(make_envelope(draft, channel))
    except ReplylintError as e:
        print(f"replylint could not check the draft: {e}", file=sys.stderr)
        return 2

    verdict = result["verdict"]
    if verdict == "send":
        # `fixed` is the draft with replylint's safe fixes (typos, doubled words) applied.
        print("Sending:")
        print(result["fixed"])
    elif verdict == "revise":
        # In an agent loop this goes back to the model with the draft, and the rewrite is
        # checked again.
        print("Feedback for the model, to rewrite the draft:")
        print(feedback(result))
    else:
        # An error is left (an unfilled placeholder, a closed messaging window, ...): never
        # send this as it is; hand it to a person or start over.
        print("Not sending this draft:")
        print(feedback(result))
    print(f"verdict: {verdict}")
    return 0 if verdict == "send" else 1


if __name__ == "__main__":
    sys.exit(main())
