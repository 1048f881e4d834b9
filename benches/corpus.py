#!/usr/bin/env python3
"""Score replylint on a labelled envelope corpus (tests/corpus/envelopes.jsonl by default).

Each case lists categories that must fire and categories that must stay silent. Prints the share
of expected categories caught (target >= 0.90) and the share of must-stay-silent categories that
fired (target <= 0.03), then every miss and false alarm. Usage:
    python3 benches/corpus.py [--exe target/release/replylint] [CORPUS.jsonl]
"""
import json, subprocess, sys
from pathlib import Path

args = sys.argv[1:]
exe = "target/release/replylint"
if "--exe" in args:
    i = args.index("--exe"); exe = args[i + 1]; del args[i:i + 2]
corpus = Path(args[0] if args else "tests/corpus/envelopes.jsonl")
expected = caught = silent = alarms = 0
misses, false_alarms = [], []
for line in corpus.read_text(encoding="utf-8").splitlines():
    if not line.strip():
        continue
    case = json.loads(line)
    p = subprocess.run([exe, "check", "--envelope", "-", "--format", "json"], input=json.dumps(case["envelope"]).encode(), capture_output=True)
    if p.returncode not in (0, 1):
        print(f"ERROR {case['id']}: {p.stderr.decode()[:200]}"); continue
    diags = [d for f in json.loads(p.stdout)["files"] for d in f["diagnostics"]]
    fired = {d["rule"].split(".")[0] for d in diags}
    for c in case.get("expect_fire", []):
        expected += 1
        if c in fired: caught += 1
        else: misses.append((case["id"], c, case["envelope"]["draft"][:90]))
    for c in case.get("expect_silent", []):
        silent += 1
        if c in fired:
            alarms += 1
            rules = sorted({d["rule"] for d in diags if d["rule"].startswith(c + ".")})
            false_alarms.append((case["id"], ",".join(rules), case["envelope"]["draft"][:90]))
print(f"caught {caught}/{expected} = {caught / max(expected, 1):.3f} (target >= 0.90); "
      f"false alarms {alarms}/{silent} = {alarms / max(silent, 1):.4f} (target <= 0.03)")
for m in misses: print("MISS ", *m, sep="  ")
for f in false_alarms: print("ALARM", *f, sep="  ")
