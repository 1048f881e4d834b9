//! Build script: compiles the spelling data into `fst` files in `OUT_DIR`.
//!
//! Nothing here runs at start-up: `src/spell` embeds the outputs with `include_bytes!` and maps
//! them in microseconds.
//!
//! Outputs:
//! * `spell-words.fst`: map from a lowercased word form to a `u64` packing a 6-bit log frequency
//!   and four acceptance flags (lowercase/capitalised × US/GB). Built from the committed lists in
//!   `rules/data/` (see `rules/data/README.md`).
//! * `spell-cased.fst`: set of `lowercase \0 Cased` pairs, for word forms that exist only with
//!   capitals (names, brands), so suggestions can be shown in their proper case.
//! * `spell-typos.fst` + `spell-typos.txt`: tier 1, known misspelling → offset/length of its
//!   comma-separated corrections in the text blob. The data is the `typos-dict` crate's list,
//!   which is a build-dependency only.
//!
//! The value layout is shared with `src/spell/mod.rs`; keep the constants in sync.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

/// Bits 0..6 of a word's value: log frequency, 0 = not in the frequency list, 1..=63.
const FREQ_MASK: u64 = 0x3f;
/// A lowercase form is accepted in US English.
const LOWER_US: u64 = 1 << 6;
/// A lowercase form is accepted in GB English.
const LOWER_GB: u64 = 1 << 7;
/// A form with capitals (a name) is accepted in US English.
const CAP_US: u64 = 1 << 8;
/// A form with capitals (a name) is accepted in GB English.
const CAP_GB: u64 = 1 << 9;

/// Smallest and largest counts in the `SymSpell` list (rounded), for the log scale.
const FREQ_MIN: f64 = 10_000.0;
const FREQ_MAX: f64 = 25_000_000_000.0;

/// Word lists and the dialects they are accepted in.
const LISTS: &[(&str, bool, bool)] = &[
    ("words-common.txt", true, true),
    ("words-us.txt", true, false),
    ("words-gb.txt", false, true),
    ("names-first.txt", true, true),
    ("names-last.txt", true, true),
    ("allow-support.txt", true, true),
];

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let data = manifest.join("rules").join("data");
    println!("cargo::rerun-if-changed=build.rs");

    // ---- tier 2: the dictionary ----
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    let mut cased: BTreeSet<String> = BTreeSet::new();
    for &(name, us, gb) in LISTS {
        let path = data.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        for form in read_list(&path)? {
            let form = form.replace('\u{2019}', "'");
            let key = form.to_lowercase();
            let bits = if form == key {
                (u64::from(us) * LOWER_US) | (u64::from(gb) * LOWER_GB)
            } else {
                (u64::from(us) * CAP_US) | (u64::from(gb) * CAP_GB)
            };
            if form != key {
                cased.insert(format!("{key}\0{form}"));
            }
            *words.entry(key).or_insert(0) |= bits;
        }
    }

    let freq_path = data.join("word-frequencies.txt");
    println!("cargo::rerun-if-changed={}", freq_path.display());
    for line in fs::read_to_string(&freq_path)?.lines() {
        let Some((word, count)) = line.split_once('\t') else {
            continue;
        };
        let Ok(count) = count.trim().parse::<u64>() else {
            continue;
        };
        if let Some(value) = words.get_mut(&word.to_lowercase()) {
            let q = quantize(count);
            if q > *value & FREQ_MASK {
                *value = (*value & !FREQ_MASK) | q;
            }
        }
    }

    let mut builder = fst::MapBuilder::new(Vec::new())?;
    for (key, value) in &words {
        builder.insert(key, *value)?;
    }
    fs::write(out.join("spell-words.fst"), builder.into_inner()?)?;

    // Keep only the cased forms of keys that have no lowercase form: those are the ones a
    // suggestion must show with capitals.
    let mut set = fst::SetBuilder::new(Vec::new())?;
    for entry in &cased {
        let key = entry.split('\0').next().unwrap_or_default();
        if words.get(key).is_some_and(|v| v & (LOWER_US | LOWER_GB) == 0) {
            set.insert(entry)?;
        }
    }
    fs::write(out.join("spell-cased.fst"), set.into_inner()?)?;

    // ---- tier 1: known misspellings (typos-dict) ----
    let mut typos: BTreeMap<String, String> = BTreeMap::new();
    for (typo, fixes) in typos_dict::WORD.map.entries() {
        let typo = typo.into_inner().to_lowercase();
        if !typo.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'' || b == b'-') {
            continue;
        }
        // A word the dictionary accepts in lowercase is never "corrected"; leave it out.
        if words
            .get(&typo)
            .is_some_and(|v| v & (LOWER_US | LOWER_GB) == (LOWER_US | LOWER_GB))
        {
            continue;
        }
        let fixes: Vec<&str> = fixes.iter().copied().filter(|f| !f.is_empty()).collect();
        if fixes.is_empty() {
            continue;
        }
        typos.insert(typo, fixes.join(","));
    }
    let mut blob = String::new();
    let mut offsets: HashMap<&str, u64> = HashMap::new();
    let mut builder = fst::MapBuilder::new(Vec::new())?;
    for (typo, fixes) in &typos {
        let offset = if let Some(&offset) = offsets.get(fixes.as_str()) {
            offset
        } else {
            let offset = blob.len() as u64;
            blob.push_str(fixes);
            offsets.insert(fixes, offset);
            offset
        };
        builder.insert(typo, (offset << 16) | fixes.len() as u64)?;
    }
    fs::write(out.join("spell-typos.fst"), builder.into_inner()?)?;
    fs::write(out.join("spell-typos.txt"), blob)?;
    Ok(())
}

/// Reads a word list: one entry a line; blank lines and `#` comments are ignored, and so is
/// anything after a `#` on a line.
fn read_list(path: &Path) -> Result<Vec<String>, Box<dyn Error>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Maps a corpus count onto 1..=63 on a log scale.
fn quantize(count: u64) -> u64 {
    #[allow(clippy::cast_precision_loss)]
    let c = (count as f64).clamp(FREQ_MIN, FREQ_MAX);
    let scaled = (c.ln() - FREQ_MIN.ln()) / (FREQ_MAX.ln() - FREQ_MIN.ln()) * 62.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let q = scaled.round() as u64;
    1 + q.min(62)
}
