#!/usr/bin/env python3
"""Agent latency: one envelope, all built-in rules, a fresh process each time.

Prints the median wall time of `replylint check --envelope - --format json` over many runs next
to `replylint --version` (the process floor) measured in the same run, and their ratio. Issue 2's
target is under 10 ms wall for one envelope. Absolute times on shared machines are noisy: compare
ratios. Usage: python3 benches/latency.py [--exe target/release/replylint] [--runs 60]
"""
import json, statistics, subprocess, sys, time

args = sys.argv[1:]
exe = args[args.index("--exe") + 1] if "--exe" in args else "target/release/replylint"
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 60
ENVELOPES = {
    "clean reply": {"draft": "Hi Dana, order #48213 ships today and should arrive Thursday. Is there anything else I can help with?",
                    "channel": "messenger", "now": "2026-11-24T12:00:00Z", "customer": {"name": "Dana"},
                    "thread": [{"role": "customer", "text": "Where is order #48213?", "at": "2026-11-24T11:50:00Z"}]},
    "reply with findings": {"draft": "Oh great, another delay!!! As I already said, I've forwarded your address to the courier. Ur parcel will definately arive tomorow",
                            "channel": "messenger", "now": "2026-11-24T12:00:00Z",
                            "thread": [{"role": "customer", "text": "Where is my parcel?", "at": "2026-11-24T08:00:00Z"}]},
}

def median_ms(argv, data):
    times = []
    for i in range(runs + 5):
        t = time.perf_counter()
        subprocess.run(argv, input=data, capture_output=True)
        if i >= 5:
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)

subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
floor = median_ms([exe, "--version"], b"")
print(f"{'--version (process floor)':28} {floor:6.2f} ms")
for name, env in ENVELOPES.items():
    ms = median_ms([exe, "check", "--envelope", "-", "--format", "json"], json.dumps(env).encode())
    print(f"{name:28} {ms:6.2f} ms   ratio {ms / floor:4.1f}   {'ok' if ms < 10 else 'OVER'} (target < 10 ms)")
