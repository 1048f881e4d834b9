#!/usr/bin/env bash
# Fuzz every target in fuzz/fuzz_targets/ for SECONDS each, one after another.
#
#   scripts/fuzz.sh [--cmin] SECONDS [TARGET...]
#
# Needs the nightly toolchain; installs cargo-fuzz if it is missing. Without nightly it replays
# the committed corpus on stable (`cargo test --test fuzz_corpus`) and says that it did not fuzz.
# New inputs go to fuzz/corpus/<target>/ (committed, replayed by `cargo test`); crashes go to
# fuzz/artifacts/<target>/ and each target's libFuzzer log to fuzz/artifacts/<target>.log.
# A corpus that is empty is first seeded from the repo's own material (examples/, rules/*.toml,
# tests/corpus/*.jsonl); the seeds are also passed to every run as a second, read-only corpus.
# --cmin minimises each corpus afterwards: the fewest inputs that reach every edge, cut to
# 1-4 KiB (see cmin_max_len); named reproducers (regression-*) are kept as they are.
# Exits 1 if any target crashed (panic, overflow, timeout, out of memory), 2 on a usage or build error.
set -euo pipefail

MAX_LEN=65536
RSS_LIMIT_MB=4096
TIMEOUT_S=25 # one input taking longer than this is reported as a hang

usage() {
  echo "usage: scripts/fuzz.sh [--cmin] SECONDS [TARGET...]" >&2
  exit 2
}

cmin=false
if [[ "${1:-}" == "--cmin" ]]; then
  cmin=true
  shift
fi
[[ $# -ge 1 && "$1" =~ ^[0-9]+$ && "$1" -gt 0 ]] || usage
seconds=$1
shift

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

all_targets=()
for f in fuzz/fuzz_targets/*.rs; do
  all_targets+=("$(basename "$f" .rs)")
done
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=("${all_targets[@]}")
fi
for t in "${targets[@]}"; do
  [[ -f "fuzz/fuzz_targets/$t.rs" ]] || { echo "error: no fuzz target \`$t\` (have: ${all_targets[*]})" >&2; exit 2; }
done

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "warning: the nightly toolchain is missing (install it with \`rustup toolchain install nightly\`)." >&2
  echo "warning: DID NOT FUZZ. Replaying the committed corpus on stable instead." >&2
  cargo test --test fuzz_corpus
  echo "warning: DID NOT FUZZ: only replayed fuzz/corpus on stable." >&2
  exit 0
fi
if ! cargo +nightly fuzz --help >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: installing it (cargo install cargo-fuzz)" >&2
  cargo install cargo-fuzz
fi

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT

# add_seed DIR FILE: copy FILE into DIR under its SHA-1 (libFuzzer's naming), unless it is too long.
add_seed() {
  local size
  size=$(wc -c <"$2")
  if [[ $size -gt 0 && $size -le $MAX_LEN ]]; then
    cp "$2" "$1/$(sha1sum <"$2" | cut -c1-40)"
  fi
}

# Write each line of stdin to its own seed file in DIR.
add_lines() {
  local dir=$1 line tmp
  tmp=$(mktemp -p "$seeds")
  while IFS= read -r line; do
    printf '%s' "$line" >"$tmp"
    add_seed "$dir" "$tmp"
  done
  rm -f "$tmp"
}

seed() {
  local t=$1 dir="$seeds/$1" f
  mkdir -p "$dir"
  local jsonl=(tests/corpus/*.jsonl)
  case "$t" in
    pack)
      # One seed per `[[rules]]` table: whole packs are 10-33 KB, and the fuzzer spends its time
      # (and the corpus its size) copying them. Crossover puts rules back together.
      for f in rules/*.toml examples/rules/*.toml; do
        awk -v out="$seeds/rule" '/^\[\[rules\]\]/ { n++ } n { print > (out "-" n) }' "$f"
        for r in "$seeds"/rule-*; do
          [[ -f "$r" ]] && add_seed "$dir" "$r"
          rm -f "$r"
        done
      done
      add_seed "$dir" examples/rules/acme.toml
      ;;
    envelope)
      for f in examples/envelopes/*.json; do add_seed "$dir" "$f"; done
      if command -v jq >/dev/null; then
        cat "${jsonl[@]}" | jq -c '.envelope' | add_lines "$dir"
      else
        echo "note: jq is missing: envelopes in tests/corpus/*.jsonl not used as seeds" >&2
      fi
      ;;
    export)
      # The first byte picks the format (common::EXPORT_READS): 0 auto .json, 1 auto .jsonl,
      # 2 auto .csv, 3 zendesk, 4 freshdesk, 5 intercom, 6 front, 7 helpscout, 8 gorgias,
      # 9 salesforce csv, 10 salesforce json.
      local pick
      for f in examples/exports/*.json examples/exports/*.jsonl examples/exports/*.csv; do
        case "$(basename "$f")" in
          zendesk*) pick=3 ;; freshdesk*) pick=4 ;; intercom*) pick=5 ;; front*) pick=6 ;;
          helpscout*) pick=7 ;; gorgias*) pick=8 ;; salesforce*) pick=9 ;;
          *.jsonl) pick=1 ;; *.csv) pick=2 ;; *) pick=0 ;;
        esac
        { printf "\\$(printf '%03o' "$pick")"; cat "$f"; } >"$seeds/export-seed"
        add_seed "$dir" "$seeds/export-seed"
        { printf '\000'; cat "$f"; } >"$seeds/export-seed"
        add_seed "$dir" "$seeds/export-seed"
      done
      ;;
    *)
      for f in examples/drafts/*.txt examples/templates/*.txt; do add_seed "$dir" "$f"; done
      if command -v jq >/dev/null; then
        # Drafts keep their line breaks: NUL-separated, one file each.
        while IFS= read -r -d '' draft; do
          printf '%s' "$draft" >"$seeds/draft"
          add_seed "$dir" "$seeds/draft"
        done < <(cat "${jsonl[@]}" | jq -j '.envelope.draft + "\u0000"')
      else
        echo "note: jq is missing: drafts in tests/corpus/*.jsonl not used as seeds" >&2
      fi
      ;;
  esac
  mkdir -p "fuzz/corpus/$t"
  if [[ -z "$(ls -A "fuzz/corpus/$t")" ]]; then
    cp "$dir"/* "fuzz/corpus/$t/"
    echo "$t: seeded fuzz/corpus/$t with $(ls "$dir" | wc -l) files"
  fi
}

# What cmin keeps of each input. Linting costs ~80 µs a byte in a debug build, and drafts are
# short: cutting texts to 1 KiB and packs and envelopes to 4 KiB loses 1-6% of the edges.
cmin_max_len() {
  case "$1" in
    engine | fix) echo 1024 ;;
    *) echo 4096 ;;
  esac
}

# -O with -a: optimised, with debug assertions and overflow checks. No sanitizer: the crate
# forbids unsafe code, so ASan would only halve the executions per second.
build_flags=(--fuzz-dir fuzz -O -a --sanitizer none)
echo "building the fuzz targets (cargo +nightly fuzz build)"
cargo +nightly fuzz build "${build_flags[@]}" || { echo "error: the fuzz targets do not build" >&2; exit 2; }

crashed=()
summary=()
for t in "${targets[@]}"; do
  seed "$t"
  log="fuzz/artifacts/$t.log"
  mkdir -p "fuzz/artifacts/$t"
  echo "$t: fuzzing for ${seconds}s (log: $log)"
  status=ok
  if ! cargo +nightly fuzz run "${build_flags[@]}" "$t" "fuzz/corpus/$t" "$seeds/$t" -- \
    -max_total_time="$seconds" -max_len="$MAX_LEN" -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$TIMEOUT_S" \
    -print_final_stats=1 >"$log" 2>&1; then
    status=CRASHED
    crashed+=("$t")
    grep -m 8 -E "panicked at|^==[0-9]+== ERROR|^SUMMARY|Test unit written to|^(ALARM|Slowest unit)" "$log" >&2 ||
      tail -n 20 "$log" >&2
  fi
  execs=$(grep -oE 'stat::number_of_executed_units: +[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  rate=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  if $cmin && [[ $status == ok ]]; then
    before=$(ls "fuzz/corpus/$t" | wc -l)
    # Named reproducers (regression-*) stay as they are: cmin would rename or drop them.
    keep="$seeds/keep-$t"
    mkdir -p "$keep"
    find "fuzz/corpus/$t" -maxdepth 1 -type f -name 'regression-*' -exec mv {} "$keep/" \;
    # Edges only (no hit counts), by set cover rather than one greedy pass, inputs cut to
    # cmin_max_len: the corpus is committed and replayed by `cargo test` in a debug build.
    cargo +nightly fuzz cmin "${build_flags[@]}" "$t" "fuzz/corpus/$t" -- -max_len="$(cmin_max_len "$t")" \
      -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$TIMEOUT_S" -use_counters=0 -set_cover_merge=1 \
      >"fuzz/artifacts/$t.cmin.log" 2>&1 ||
      { echo "error: cmin of $t failed (fuzz/artifacts/$t.cmin.log)" >&2; exit 2; }
    find "fuzz/corpus/$t" -type f -size +"$((MAX_LEN / 1024))"k -delete
    find "$keep" -type f -exec mv {} "fuzz/corpus/$t/" \;
    echo "$t: cmin kept $(ls "fuzz/corpus/$t" | wc -l) of $before files"
  fi
  corpus="$(ls "fuzz/corpus/$t" | wc -l) files, $(du -sh --apparent-size "fuzz/corpus/$t" | cut -f1)"
  summary+=("$(printf '%-9s %-8s %10s execs  %6s exec/s  corpus %s' "$t" "$status" "$execs" "$rate" "$corpus")")
done

echo
printf '%s\n' "${summary[@]}"
if [[ ${#crashed[@]} -gt 0 ]]; then
  echo "crashed: ${crashed[*]}; reproducers are in fuzz/artifacts/<target>/ (\`cargo +nightly fuzz run <target> <file>\`)" >&2
  exit 1
fi
