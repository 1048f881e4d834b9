#!/usr/bin/env python3
"""Keep one `replylint serve --stdio` process warm and send it many drafts.

    python3 serve_client.py

The server loads the rules once, then answers one JSON request per line with one JSON result
per line, in order. `ReplylintServer` below is the part to copy into an agent; the rest is a
demo: a few requests (one of them malformed, one with its own `select`), then a timing run.
Standard library only. Set REPLYLINT to the binary's path when `replylint` is not on PATH.
"""

import json
import os
import subprocess
import sys
import threading
import time


class ReplylintError(Exception):
    """The server could not be started, or stopped answering."""


class ReplylintServer:
    """One long-running `replylint serve --stdio`: start it once, call `check` per draft."""

    def __init__(self, binary=None, args=()):
        binary = binary or os.environ.get("REPLYLINT", "replylint")
        try:
            self._proc = subprocess.Popen(
                [binary, "serve", "--stdio", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                # stderr is left to ours: a pipe nobody reads could fill up and stall the server.
                text=True,
                encoding="utf-8",
            )
        except FileNotFoundError:
            raise ReplylintError(
                f"{binary!r} not found: install replylint or set REPLYLINT to its path"
            ) from None
        # One request in flight at a time, so the next line read is this request's answer.
        self._lock = threading.Lock()

    def check(self, envelope):
        """Lint one envelope: `draft`, `channel`, `thread`, `now`, ... plus, optionally, an `id`
        to echo and `select` / `ignore` lists for this request alone. Returns the agent result
        (docs/agent-result.schema.json), or {"version": 1, "error": {...}} for a bad request."""
        answer = self.send_line(json.dumps(envelope))
        if "id" in envelope and answer.get("id") != envelope["id"]:
            raise ReplylintError(f"answer for id {answer.get('id')!r}, expected {envelope['id']!r}")
        return answer

    def send_line(self, line):
        """Send one raw request line and return its answer (`check` is the usual way in)."""
        if "\n" in line:
            raise ValueError("a request is one line: the server reads one JSON object per line")
        with self._lock:
            try:
                self._proc.stdin.write(line + "\n")
                # Without a flush the line may sit in our buffer and both sides would wait.
                self._proc.stdin.flush()
            except BrokenPipeError:
                raise ReplylintError(f"replylint serve exited ({self._proc.wait()})") from None
            answer = self._proc.stdout.readline()
        if not answer:
            raise ReplylintError(f"replylint serve exited ({self._proc.wait()})")
        return json.loads(answer)

    def close(self):
        """End the input: the server answers what it has read and exits. Returns its exit code."""
        if not self._proc.stdin.closed:
            self._proc.stdin.close()
        code = self._proc.wait(timeout=10)
        self._proc.stdout.close()
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- demo --------------------------------------------------------------------------------

REPLYLINT = os.environ.get("REPLYLINT", "replylint")

THREAD = [
    {
        "role": "customer",
        "text": "Hi, where is my parcel? It was due on Monday.",
        "at": "2026-03-02T10:00:00Z",
    },
]


def envelope(request_id, draft, **extra):
    # A fixed `now` keeps the demo's answers stable; a live agent passes the current time.
    return {
        "id": request_id,
        "draft": draft,
        "channel": "messenger",
        "customer": {"name": "Dana"},
        "thread": THREAD,
        "now": "2026-03-02T10:12:00Z",
        **extra,
    }


CLEAN = (
    "Thanks for waiting, Dana. Your parcel left the warehouse today and should arrive on Friday."
)
SARCASTIC = (
    "Hi Dana, yeah, right, the courier tried to deliver it three times. "
    "Is there anything else I can help with?"
)

# (id, request): a dict is sent with `check`, a string as a raw line.
REQUESTS = [
    ("clean", envelope("clean", CLEAN)),
    ("sarcastic", envelope("sarcastic", SARCASTIC)),
    ("placeholder", envelope("placeholder", "Hi {{first_name}}, your parcel left today. Thanks!")),
    # Not JSON: the server answers with an error object naming the line and goes on. It cannot
    # read an `id` from it, so this answer is matched by its place in the order.
    ("broken", '{"id": "broken", "draft": "Hi Dana, your parcel'),
    # Only the spelling rules for this request: the typo is reported (and fixed in `fixed`),
    # the sarcasm is not.
    (
        "spelling-only",
        envelope("spelling-only", "Yeah, right, we recieved it.", select=["spelling"]),
    ),
]


def describe(answer):
    if "error" in answer:
        e = answer["error"]
        # `column` is there only when the error has a place in the line.
        where = f"line {e['line']}" + (f", column {e['column']}" if "column" in e else "")
        return f"error at {where}: {e['message']}"
    rules = ", ".join(d["rule"] for d in answer["diagnostics"]) or "no findings"
    return f"{answer['verdict']} ({rules}): {answer['summary']}"


def cold_check(request):
    """The same check in a new process, as `check --format agent` does it: for comparison."""
    request = {k: v for k, v in request.items() if k != "id"}  # `id` is serve's, not the envelope's
    subprocess.run(
        [REPLYLINT, "check", "--format", "agent", "--envelope", "-"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def main():
    with ReplylintServer(REPLYLINT) as server:
        answers = []
        for request_id, request in REQUESTS:
            if isinstance(request, dict):
                answer = server.check(request)
            else:
                answer = server.send_line(request)
            answers.append((request_id, answer))
            print(f"{request_id}: {describe(answer)}")

        # Warm: the rules are already loaded, so each further draft costs only its own check.
        n = 50
        start = time.perf_counter()
        for i in range(n):
            server.check(envelope(f"warm-{i}", CLEAN))
        warm = (time.perf_counter() - start) / n * 1000

    runs = 5
    start = time.perf_counter()
    for i in range(runs):
        cold_check(envelope(f"cold-{i}", CLEAN))
    cold = (time.perf_counter() - start) / runs * 1000
    print(f"warm server: {warm:.2f} ms per draft ({n} drafts)")
    print(f"a new process per draft: {cold:.2f} ms per draft ({runs} drafts)")

    print()
    for request_id, answer in answers:
        print(f"id {request_id}: {'error' if 'error' in answer else answer['verdict']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
