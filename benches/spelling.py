#!/usr/bin/env python3
"""Scores replylint's spelling rules side by side with typos, codespell and harper.

Measures, on the public data beside the repository (`../shared/data/`):

* misspelling sets (`spelling/*.txt`, Norvig's `right: wrong1 wrong2` format): the share of
  misspellings flagged (detection), and the share whose first / first three suggestions hold the
  intended word (top-1 / top-3, over all pairs, case ignored);
* real agent replies (`prose/*.txt`, `replies/*-replies.txt`, one reply a line): spelling flags
  per 10,000 words, with the most flagged words. These texts contain real typos, so a flag is not
  always a false alarm; the word list shows which.

replylint runs as a whole process (`replylint check --select spelling --format json`) on one file
per test word or reply, so what is measured is what a user gets. The other tools are installed
from their registries into a cache outside the repository (`--cache`, default
`~/.cache/replylint-bench`): `typos-cli` with `cargo install`, `codespell` with pip into a
virtualenv, and harper's spell checker through a small harness on the published `harper-core`
crate (harper's CLI is not published as a crate). A tool that cannot be installed is left out.

Usage:
    python3 benches/spelling.py                 # build, measure, write docs/spelling.md
    python3 benches/spelling.py --tools replylint --no-write
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


# ---------------------------------------------------------------------------------------------
# data


def read_misspellings(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" in line and not line.startswith("#"):
            right, wrongs = line.split(":", 1)
            pairs += [(w, right.strip()) for w in wrongs.split()]
        elif "\t" in line and not line.startswith("#"):
            wrong, right = line.split("\t", 1)
            pairs.append((wrong.strip(), right.strip()))
    return pairs


def read_replies(path: Path) -> list[str]:
    return [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


# ---------------------------------------------------------------------------------------------
# tools: each returns, for a list of texts, the flags of each text as (word, [suggestions])


class Tool:
    name = ""

    def version(self) -> str:
        return ""

    def flags(self, texts: list[str]) -> list[list[tuple[str, list[str]]]]:
        raise NotImplementedError


class Replylint(Tool):
    name = "replylint"

    def __init__(self, exe: Path):
        self.exe = exe

    def version(self) -> str:
        return run([str(self.exe), "--version"]).stdout.strip()

    def flags(self, texts):
        with tempfile.TemporaryDirectory() as tmp:
            width = len(str(len(texts)))
            for i, text in enumerate(texts):
                Path(tmp, f"{i:0{width}}.txt").write_text(text + "\n", encoding="utf-8")
            out = run([str(self.exe), "check", "--select", "spelling", "--format", "json", "--color", "never", tmp])
            doc = json.loads(out.stdout or "{}")
            result = [[] for _ in texts]
            for f in doc.get("files", []):
                i = int(Path(f.get("path", "")).stem)
                for d in f.get("diagnostics", []):
                    text = texts[i]
                    word = text.encode()[d["start"] : d["end"]].decode(errors="replace")
                    result[i].append((word, d.get("suggestions", [])))
            return result


class Typos(Tool):
    name = "typos"

    def __init__(self, exe: Path):
        self.exe = exe

    def version(self) -> str:
        return run([str(self.exe), "--version"]).stdout.strip()

    def flags(self, texts):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "input.txt")
            path.write_text("\n".join(texts) + "\n", encoding="utf-8")
            out = run([str(self.exe), "--format", "json", str(path)])
            result = [[] for _ in texts]
            for line in out.stdout.splitlines():
                try:
                    msg = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if msg.get("type") == "typo":
                    result[msg["line_num"] - 1].append((msg["typo"], msg.get("corrections", [])))
            return result


class Codespell(Tool):
    name = "codespell"

    def __init__(self, exe: Path):
        self.exe = exe

    def version(self) -> str:
        return "codespell " + run([str(self.exe), "--version"]).stdout.strip()

    def flags(self, texts):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "input.txt")
            path.write_text("\n".join(texts) + "\n", encoding="utf-8")
            out = run([str(self.exe), str(path)])
            result = [[] for _ in texts]
            for line in out.stdout.splitlines():
                m = re.match(r".*?:(\d+): (\S+) ==> (.*)$", line)
                if m:
                    fixes = [f.strip() for f in m.group(3).split(",") if f.strip()]
                    result[int(m.group(1)) - 1].append((m.group(2), fixes))
            return result


class Harper(Tool):
    """harper's spelling linter (`SpellCheck` alone, American), through a 30-line harness on the
    published `harper-core` crate (harper's own CLI is not published as a crate)."""

    name = "harper"

    def __init__(self, exe: Path):
        self.exe = exe

    def version(self) -> str:
        return f"harper-core {HARPER_VERSION}"

    def flags(self, texts):
        result = [[] for _ in texts]
        out = run([str(self.exe)], input="\n".join(t.replace("\n", " ") for t in texts) + "\n")
        for line in out.stdout.splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                result[int(parts[0]) - 1].append((parts[1], [x for x in parts[2].split(",") if x]))
        return result


HARPER_VERSION = "3.0.0"
HARPER_MAIN = r"""//! Reads one text a line on stdin; prints harper's spelling lints as `line<TAB>word<TAB>s1,s2`.
use harper_core::linting::{LintGroup, Linter, Suggestion};
use harper_core::spell::FstDictionary;
use harper_core::{Dialect, Document};
use std::io::{BufRead, Write};

fn main() -> std::io::Result<()> {
    // harper's own spelling linter, alone: every other rule of the curated group is off.
    let mut linter = LintGroup::new_curated(FstDictionary::curated(), Dialect::American);
    linter.set_all_rules_to(Some(false));
    linter.config.set_rule_enabled("SpellCheck", true);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        let doc = Document::new_plain_english_curated(&line);
        let chars: Vec<char> = line.chars().collect();
        for lint in linter.lint(&doc) {
            let word: String = chars.get(lint.span.start..lint.span.end).map(|c| c.iter().collect()).unwrap_or_default();
            let sugg: Vec<String> = lint
                .suggestions
                .iter()
                .filter_map(|s| match s {
                    Suggestion::ReplaceWith(c) => Some(c.iter().collect()),
                    _ => None,
                })
                .collect();
            writeln!(out, "{}\t{}\t{}", i + 1, word, sugg.join(","))?;
        }
    }
    Ok(())
}
"""


# ---------------------------------------------------------------------------------------------
# installing the other tools into the cache


def install_tools(cache: Path, names: set[str], install: bool) -> dict[str, Path]:
    found: dict[str, Path] = {}
    cargo_root = cache / "cargo"
    if "typos" in names:
        path = cargo_root / "bin" / "typos"
        if not path.exists() and install:
            print(f"installing typos-cli into {cargo_root} ...", file=sys.stderr)
            env = dict(os.environ, CARGO_TARGET_DIR=str(cache / "target"))
            run(["cargo", "install", "--locked", "--root", str(cargo_root), "typos-cli"], env=env)
        if path.exists():
            found["typos"] = path
    if "harper" in names:
        crate = cache / "harperlint"
        exe = cache / "target" / "release" / "harperlint"
        if not exe.exists() and install:
            print(f"building a harper-core {HARPER_VERSION} harness in {crate} ...", file=sys.stderr)
            (crate / "src").mkdir(parents=True, exist_ok=True)
            (crate / "Cargo.toml").write_text(
                '[package]\nname = "harperlint"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
                f'[dependencies]\nharper-core = "={HARPER_VERSION}"\n'
            )
            (crate / "src" / "main.rs").write_text(HARPER_MAIN)
            env = dict(os.environ, CARGO_TARGET_DIR=str(cache / "target"))
            run(["cargo", "build", "--release", "--quiet"], cwd=crate, env=env)
        if exe.exists():
            found["harper"] = exe
    if "codespell" in names:
        venv = cache / "venv"
        exe = venv / "bin" / "codespell"
        if not exe.exists() and install:
            print(f"installing codespell into {venv} ...", file=sys.stderr)
            run([sys.executable, "-m", "venv", str(venv)])
            run([str(venv / "bin" / "pip"), "install", "-q", "codespell"])
        if exe.exists():
            found["codespell"] = exe
    return found


# ---------------------------------------------------------------------------------------------
# scoring


def score_misspellings(tool: Tool, pairs: list[tuple[str, str]]) -> dict:
    t0 = time.perf_counter()
    flags = tool.flags([w for w, _ in pairs])
    elapsed = time.perf_counter() - t0
    det = top1 = top3 = 0
    for (wrong, right), found in zip(pairs, flags):
        hit = [s for w, s in found if w.lower() == wrong.lower()]
        if not hit:
            continue
        det += 1
        sugg = [s.lower() for s in hit[0]]
        top1 += bool(sugg) and sugg[0] == right.lower()
        top3 += right.lower() in sugg[:3]
    n = len(pairs) or 1
    return {"n": len(pairs), "det": det / n, "top1": top1 / n, "top3": top3 / n, "seconds": elapsed}


def score_prose(tool: Tool, texts: list[str]) -> dict:
    t0 = time.perf_counter()
    flags = tool.flags(texts)
    elapsed = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    counter = collections.Counter(w for found in flags for w, _ in found)
    total = sum(counter.values())
    return {
        "words": words,
        "flags": total,
        "per10k": total * 10_000 / (words or 1),
        "top": counter.most_common(25),
        "seconds": elapsed,
    }


def cost_lines() -> list[str]:
    """In-process timings of the dictionary (an ignored unit test in release mode) and the sizes
    of the embedded fst files."""
    out = run(
        ["cargo", "test", "--release", "--quiet", "--lib", "spell::tests::cost_report", "--", "--ignored", "--nocapture"],
        cwd=ROOT,
    )
    report = {}
    for line in out.stdout.splitlines():
        if line.startswith("{") and "load_us" in line:
            report = json.loads(line)
    lines = []
    if report:
        lines += [
            "In-process, release build, one 52-word reply (`src/spell/tests.rs`, `cost_report`), checked as the "
            "`spelling` rules do: tokenize, look up every word, take the listed correction of a known "
            "misspelling, and rank dictionary suggestions for any other unknown word.",
            "",
            "| measure | value |",
            "| --- | ---: |",
            f"| dictionary load (first use) | {report['load_us']:.1f} µs |",
            f"| clean draft | {report['clean_draft_us']:.1f} µs |",
            f"| reply with {report['typos_flagged']} typos (3 known misspellings, 2 ranked) | {report['typo_draft_us']:.0f} µs |",
            f"| the same, as the first reply of a process (cold pages) | {report['first_typo_draft_us']:.0f} µs |",
            f"| one more ranked suggestion (`custmer`) | {report['suggest_us']:.0f} µs |",
            f"| peak RSS of the test process after it | {report['peak_rss_kib'] / 1024:.1f} MiB |",
        ]
    sizes = {}
    for f in sorted((ROOT / "target" / "release" / "build").glob("replylint-*/out/spell-*")):
        sizes[f.name] = f.stat().st_size
    if sizes:
        lines += ["", "Embedded data (`OUT_DIR`, built by `build.rs`): " + ", ".join(
            f"`{n}` {v / 1e6:.2f} MB" for n, v in sizes.items()
        ) + f"; {sum(sizes.values()) / 1e6:.2f} MB in all."]
    return lines


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default="replylint,typos,codespell,harper")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "replylint-bench"))
    ap.add_argument("--replylint", help="path to a replylint binary (default: build --release)")
    ap.add_argument("--no-install", action="store_true", help="use only tools already in the cache")
    ap.add_argument("--no-write", action="store_true", help="print the table, do not write docs/spelling.md")
    ap.add_argument("--out", default=str(ROOT / "docs" / "spelling.md"))
    args = ap.parse_args()

    names = {t.strip() for t in args.tools.split(",") if t.strip()}
    tools: list[Tool] = []
    if "replylint" in names:
        if args.replylint:
            exe = Path(args.replylint)
        else:
            build = run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
            if build.returncode != 0:
                sys.exit(build.stderr)
            exe = ROOT / "target" / "release" / "replylint"
        tools.append(Replylint(exe))
    found = install_tools(Path(args.cache), names, not args.no_install)
    for name, cls in (("typos", Typos), ("codespell", Codespell), ("harper", Harper)):
        if name in found:
            tools.append(cls(found[name]))

    miss_sets = sorted((DATA / "spelling").glob("*.txt"))
    own = ROOT / "tests" / "fixtures" / "spelling" / "misspellings.tsv"
    if own.exists():
        miss_sets.append(own)
    prose_sets = sorted((DATA / "prose").glob("*.txt")) + sorted((DATA / "replies").glob("*-replies.txt"))

    results: dict[str, dict] = {}
    for tool in tools:
        r = results.setdefault(tool.name, {"version": tool.version()})
        for path in miss_sets:
            r[path.name] = score_misspellings(tool, read_misspellings(path))
            print(f"{tool.name:11} {path.name:28} {r[path.name]}", file=sys.stderr)
        for path in prose_sets:
            r[path.name] = score_prose(tool, read_replies(path))
            p = r[path.name]
            print(f"{tool.name:11} {path.name:28} {p['per10k']:.2f} per 10k, top {p['top'][:8]}", file=sys.stderr)

    lines = [
        "# Spelling: replylint against typos, codespell and harper",
        "",
        f"Generated by `python3 benches/spelling.py` on {datetime.date.today().isoformat()}; do not edit by hand.",
        "Each tool runs as a whole process over the test data in `../shared/data/` "
        "(and replylint's own list in `tests/fixtures/spelling/`).",
        "",
        "Tools: " + "; ".join(f"{n} ({r['version'] or 'version unknown'})" for n, r in results.items()) + ".",
        "",
        "## Misspellings: detection and correction",
        "",
        "`det` = share of misspellings flagged; `top1`/`top3` = the intended word is the first / among the "
        "first three suggestions (over all pairs, so a miss counts against; case ignored).",
        "",
        "| tool | " + " | ".join(f"{p.name} det / top1 / top3" for p in miss_sets) + " |",
        "| --- |" + " ---: |" * len(miss_sets),
    ]
    for name, r in results.items():
        cells = [
            f"{r[p.name]['det']:.3f} / {r[p.name]['top1']:.3f} / {r[p.name]['top3']:.3f}" for p in miss_sets
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Real agent replies: flags per 10,000 words",
        "",
        "These replies contain real typos and lowercase names (`london`), so not every flag is a false "
        "alarm; the most flagged words show which are.",
        "",
        "| tool | " + " | ".join(p.name for p in prose_sets) + " |",
        "| --- |" + " ---: |" * len(prose_sets),
    ]
    for name, r in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{r[p.name]['per10k']:.2f}" for p in prose_sets) + " |")
    lines += ["", "Most flagged words:", ""]
    for name, r in results.items():
        for p in prose_sets:
            top = ", ".join(f"`{w}` {c}" for w, c in r[p.name]["top"][:20])
            lines.append(f"* {name}, {p.name}: {top or 'none'}")
    if "replylint" in names:
        lines += ["", "## replylint's cost", ""] + cost_lines()
    text = "\n".join(lines) + "\n"
    if args.no_write:
        print(text)
    else:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
