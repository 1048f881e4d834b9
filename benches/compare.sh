#!/usr/bin/env bash
# Peer comparison: replylint against typos, codespell, cspell, proselint, write-good, alex and
# harper on the same generated corpus. Installs the peers into a cache outside the repository,
# times every tool over repeated runs (median wall time, MB/s, replies/s, peak RSS), checks the
# performance targets, and writes BENCHMARKS.md and docs/benchmarks.svg.
#
#   bash benches/compare.sh                      # 100k replies, all peers, 3 runs; writes the repo's report
#   bash benches/compare.sh --with-1m            # also the 1M-reply corpus (~2.5 min to generate, ~650 MB)
#   bash benches/compare.sh --smoke --replylint target/debug/replylint   # CI: 1k replies, no peers, temp dir
#   bash benches/compare.sh --help               # every option
#
# The logic is in compare.py beside this file (Python 3 standard library only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v python3 >/dev/null 2>&1; then
  echo "compare.sh: python3 is required" >&2
  exit 2
fi
exec python3 "$here/compare.py" "$@"
