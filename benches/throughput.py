#!/usr/bin/env python3
"""CI throughput: many canned replies in a directory, and one very large file.

Writes N synthetic templates (default 20,000; seeded, reproducible) into a temporary directory,
lints the directory with all built-in rules, and reports documents per second; then lints one
2 MB file, which guards against work that grows faster than the text (per-sentence scans of all
words, for example). Usage: python3 benches/throughput.py [--exe target/release/replylint] [--n 20000]
"""
import random, subprocess, sys, tempfile, time
from pathlib import Path

args = sys.argv[1:]
exe = args[args.index("--exe") + 1] if "--exe" in args else "target/release/replylint"
n = int(args[args.index("--n") + 1]) if "--n" in args else 20000
rng = random.Random(7)
OPEN = ["Hi {{first_name}},", "Hello there!", "Thanks for reaching out!", "Hi {%customer.firstName,fallback=there%},", ""]
BODY = ["Your order {{ticket.id}} ships today.", "We have refunded the payment to your card.",
        "The courier will deliver it tomorrow between 9 am and 5 pm.", "Oh great, another delay from the warehouse.",
        "Please calm down, we are looking into it.", "We will recieve the parcel tomorrow.",
        "Your replacement is on the the way.", "Tap Settings, then Reset to fix it.",
        "I've forwarded your message to the courier.", "PLEASE READ THE INSTRUCTIONS BEFORE WRITING."]
CLOSE = ["Is there anything else I can help with?", "Have a great day!", "Kind regards,\nSam", ""]

subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
with tempfile.TemporaryDirectory() as d:
    for i in range(n):
        text = "\n".join(p for p in [rng.choice(OPEN), " ".join(rng.sample(BODY, 2)), rng.choice(CLOSE)] if p)
        Path(d, f"{i:06}.txt").write_text(text + "\n")
    t = time.perf_counter()
    p = subprocess.run([exe, "check", d, "--format", "json"], capture_output=True)
    s = time.perf_counter() - t
    print(f"{n} templates: {s:.2f} s, {n / s:,.0f} documents/s (exit {p.returncode})")
    big = Path(d, "big.txt")
    big.write_text(" ".join(rng.choice(BODY) for _ in range(40000)))
    t = time.perf_counter()
    p = subprocess.run([exe, "check", str(big), "--format", "json"], capture_output=True)
    s = time.perf_counter() - t
    print(f"one {big.stat().st_size / 1e6:.1f} MB file: {s:.2f} s (exit {p.returncode})")
