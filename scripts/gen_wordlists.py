#!/usr/bin/env python3
"""Builds the committed spelling word lists in rules/data/ from upstream sources.

Called by scripts/gen-wordlists.sh, which fetches the sources. Deterministic: the same inputs give
byte-identical outputs (sorted, one entry a line, LF endings).

Outputs (see rules/data/README.md for provenance and licences):
  words-common.txt   word forms accepted in US and GB English
  words-us.txt       forms accepted only when the dialect is US (or any)
  words-gb.txt       forms accepted only when the dialect is GB (or any)
  word-frequencies.txt  SymSpell's frequency list, `word<TAB>count`, sorted by word
  names-first.txt    US Census 1990 first names (title case)
  names-last.txt     the most frequent US Census 1990 surnames (title case)
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

# A word form we keep: letters (any script's Latin letters with diacritics), apostrophes and
# hyphens only. Multi-word entries, digits, dots and symbols (C++, A.I., CO2) are left out: the
# tokenizer never produces such tokens as words.
WORD_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

# Oxford spelling (-ize) is correct British English, so an -ize form whose -ise twin is British
# is not treated as US-only.
IZE_RE = re.compile(r"(?<=[a-z])(iz|yz)(e|es|ed|ing|er|ers|ation|ations|able|ational)$")

# How many surnames to keep (by frequency rank). Rare surnames are mostly odd letter strings
# that would hide capitalised typos; customers' first names matter far more in replies.
LAST_NAMES = 5000


def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def keep(word: str) -> bool:
    return bool(WORD_RE.match(word)) and not word.endswith("-") and "--" not in word


def drop_possessives(words: set[str]) -> set[str]:
    """Drops `X's` when `X` is listed: the tokenizer checks the stem of a possessive."""
    lower = {w.lower() for w in words}
    return {w for w in words if not (w.endswith("'s") and w[:-2].lower() in lower)}


def ize_twin(word: str) -> str | None:
    m = IZE_RE.search(word)
    if not m:
        return None
    stem = m.group(1).replace("z", "s")
    return word[: m.start()] + stem + m.group(2)


def title(name: str) -> str:
    """JAMES -> James, O'BRIEN -> O'Brien, MARY-ANN -> Mary-Ann."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), name.lower())


def one_slip(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with two adjacent letters swapped or one letter left out."""
    if len(typed) == len(meant):
        diff = [i for i in range(len(typed)) if typed[i] != meant[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == meant[diff[1]]
            and typed[diff[1]] == meant[diff[0]]
        )
    if len(typed) + 1 == len(meant):
        return any(meant[:i] + meant[i + 1 :] == typed for i in range(len(meant)))
    return False


def is_slip_of_common_name(name: str, freq: dict[str, float]) -> bool:
    """The census sample keeps some misspelt records (JOSPEH, MARAGRET, SHIRELY): drop a name
    that is a transposition or a dropped letter of a name at least 50 times as frequent."""
    f = freq[name]
    return any(
        g >= 50 * f and one_slip(name, other)
        for other, g in freq.items()
        if abs(len(other) - len(name)) <= 1
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    for opt in (
        "unmunch",
        "american",
        "british",
        "american-large",
        "british-large",
        "harper",
        "frequency",
        "names-dir",
        "out",
    ):
        ap.add_argument("--" + opt, required=True)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    us_src = set(read_lines(args.unmunch)) | set(read_lines(args.american))
    gb_src = set(read_lines(args.british))
    am_large = set(read_lines(args.american_large))
    br_large = set(read_lines(args.british_large))

    # SCOWL dialect markers at size 70: a form in one national list and not the other.
    us_marker = am_large - br_large
    gb_marker = br_large - am_large
    # British variants of size-70 words, so GB coverage matches the size-60 en_US list.
    gb_src |= gb_marker & {w for w in br_large if w.islower()}

    harper_us: set[str] = set()
    harper_gb: set[str] = set()
    for line in read_lines(args.harper):
        word, _, flags = line.partition("\t")
        if "U" in flags:
            harper_us.add(word)
        if "G" in flags:
            harper_gb.add(word)
    # harper's flags are used only for forms SCOWL's national lists do not mention.
    scowl = am_large | br_large
    for word in harper_us | harper_gb:
        if word in scowl:
            if word in am_large:
                us_src.add(word)
            if word in br_large:
                gb_src.add(word)
        else:
            if word in harper_us:
                us_src.add(word)
            if word in harper_gb:
                gb_src.add(word)
    harper_one_sided = (harper_us ^ harper_gb) - scowl

    us_src = drop_possessives({w for w in us_src if keep(w)})
    gb_src = drop_possessives({w for w in gb_src if keep(w)})
    every = us_src | gb_src

    common, us_only, gb_only = set(), set(), set()
    for word in every:
        in_us, in_gb = word in us_src, word in gb_src
        if word in us_marker:
            twin = ize_twin(word)
            if twin is not None and twin in gb_marker:
                in_gb = True  # Oxford -ize spelling
            else:
                in_gb = False
        elif word in gb_marker:
            in_us = False
        elif in_us != in_gb and word not in harper_one_sided:
            # Only the size difference between en_US (60) and wbritish (50) put it on one side.
            in_us = in_gb = True
        if in_us and in_gb:
            common.add(word)
        elif in_us:
            us_only.add(word)
        elif in_gb:
            gb_only.add(word)

    def write(name: str, words: set[str]) -> None:
        (out / name).write_text("".join(w + "\n" for w in sorted(words)), encoding="utf-8")

    write("words-common.txt", common)
    write("words-us.txt", us_only)
    write("words-gb.txt", gb_only)

    freq: dict[str, int] = {}
    with open(args.frequency, encoding="utf-8") as f:
        text = f.read()
    # The upstream file has a few lines glued together ("hi 300000inhibitive 12714").
    for word, count in re.findall(r"([^\s\d]+) (\d+)", text):
        if keep(word):
            freq[word] = max(freq.get(word, 0), int(count))
    (out / "word-frequencies.txt").write_text(
        "".join(f"{w}\t{c}\n" for w, c in sorted(freq.items())), encoding="utf-8"
    )

    names = Path(args.names_dir)
    first_freq: dict[str, float] = {}
    for fname in ("dist.male.first", "dist.female.first"):
        for line in read_lines(str(names / fname)):
            name, pct = line.split()[:2]
            first_freq[name] = max(first_freq.get(name, 0.0), float(pct))
    first = {title(n) for n in first_freq if not is_slip_of_common_name(n, first_freq)}
    last = set()
    for line in read_lines(str(names / "dist.all.last"))[:LAST_NAMES]:
        last.add(title(line.split()[0]))
    write("names-first.txt", {n for n in first if keep(n)})
    write("names-last.txt", {n for n in last if keep(n)})

    print(
        f"common {len(common)}, us-only {len(us_only)}, gb-only {len(gb_only)}, "
        f"frequencies {len(freq)}, first names {len(first)}, last names {len(last)}"
    )


if __name__ == "__main__":
    main()
