#!/usr/bin/env python3
"""Warm mode: N envelopes through one `replylint serve --stdio` against N process starts.

Issue 14's check: 10,000 envelopes through `serve --stdio` come back in input order, with one
error line for each malformed line, at least 20 times faster than 10,000 separate process starts
(`replylint check --envelope - --format agent`). Both are timed in the same run; the envelopes
are seeded (no network). Every 100th line is malformed on purpose. Prints the wall times and the
ratio, and exits 1 when the answers are out of order or a malformed line has no error.
Usage: python3 benches/serve.py [--exe target/release/replylint] [--n 10000] [--processes N]
(--processes times only the first N process starts and scales them up: a quick estimate).
"""
import json, random, subprocess, sys, time

args = sys.argv[1:]
exe = args[args.index("--exe") + 1] if "--exe" in args else "target/release/replylint"
n = int(args[args.index("--n") + 1]) if "--n" in args else 10_000
processes = int(args[args.index("--processes") + 1]) if "--processes" in args else n

rng = random.Random(14)
OPENERS = ["Hi {name},", "Hello {name}!", "Thanks for waiting, {name}.", "Yeah, right, {name}.", ""]
BODIES = [
    "Your order #{order} left our warehouse today and should arrive on Thursday.",
    "We recieved your refund request and teh money will be back in 3-5 days.",
    "Could you send me your order number so I can check?",
    "As I already said, the courier tried three times.",
    "I've forwarded your address to our partner so they can call you.",
]
CLOSERS = ["Is there anything else I can help with?", "Have a great day!", "", "Regards, Ann"]
NAMES = ["Dana", "Sam", "Mark", "Priya", "Olu"]


def envelope(i):
    name, order = rng.choice(NAMES), rng.randint(10000, 99999)
    draft = " ".join(p for p in (rng.choice(OPENERS), rng.choice(BODIES), rng.choice(CLOSERS)) if p)
    return {
        "id": i,
        "draft": draft.format(name=name, order=order),
        "channel": rng.choice(["messenger", "whatsapp", "email", "chat"]),
        "now": "2026-11-24T12:00:00Z",
        "customer": {"name": name},
        "thread": [{"role": "customer", "text": f"Where is order #{order}?", "at": "2026-11-24T09:00:00Z"}],
    }


lines = []
for i in range(n):
    lines.append("{\"id\": %d, \"draft\": " % i if i % 100 == 99 else json.dumps(envelope(i)))

subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)

t = time.perf_counter()
out = subprocess.run([exe, "serve", "--stdio", "--isolated"], input="\n".join(lines).encode() + b"\n",
                     capture_output=True, check=True).stdout.decode()
served = time.perf_counter() - t
answers = [json.loads(l) for l in out.splitlines()]
ok = len(answers) == n
for i, a in enumerate(answers):
    bad = i % 100 == 99
    if bad and not ("error" in a and a["error"]["line"] == i + 1):
        print(f"line {i + 1}: malformed, but no error naming it: {a}")
        ok = False
    if not bad and a.get("id") != i:
        print(f"line {i + 1}: answer out of order: id {a.get('id')}")
        ok = False

t = time.perf_counter()
for line in lines[:processes]:
    subprocess.run([exe, "check", "--isolated", "--envelope", "-", "--format", "agent"], input=line.encode(),
                   capture_output=True)
started = (time.perf_counter() - t) * n / processes

ratio = started / served
print(f"serve --stdio, {n} envelopes:   {served:8.2f} s  ({n / served:8.0f} per s)")
print(f"{n} process starts{' (scaled from ' + str(processes) + ')' if processes < n else ''}: {started:8.2f} s  ({n / started:8.0f} per s)")
print(f"ratio {ratio:.1f}x   {'ok' if ratio >= 20 else 'UNDER'} (target >= 20x)   order and errors: {'ok' if ok else 'WRONG'}")
sys.exit(0 if ok else 1)
