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
//! * `patterns.dfa` + `patterns-index.rs`: the built-in packs' regexes (listed in
//!   `rules/data/builtin-patterns.txt`) as serialised forward and reverse dense DFAs, and an index
//!   of where each one is, read by `src/matcher/precompiled.rs`.
//!
//! * `pack-<name>.msgpack`: each built-in pack without its docs and examples, as MessagePack,
//!   read by `src/rules/load.rs` when a run only lints. Each rule's `check` is written as its
//!   kind and its own MessagePack bytes, decoded when a document first reaches the rule.
//!
//! The value layout is shared with `src/spell/mod.rs`; keep the constants in sync.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

// The needles of the built-in patterns (what their prefilters look for) are computed here, by the
// same code the crate's tests check.
#[path = "src/matcher/needles.rs"]
mod needles;

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

    precompile_patterns(&data.join("builtin-patterns.txt"), &out)?;
    compact_packs(&manifest.join("rules"), &out)?;
    Ok(())
}

/// Writes each built-in pack `rules/<name>.toml` as `pack-<name>.msgpack`: the same tables
/// without the rules' `docs` and `examples` (which only `explain` and the docs show), as
/// MessagePack, which `src/rules/load.rs` reads several times faster than TOML. Each rule's
/// `check` table becomes `[kind, bytes]`, the bytes being the table's own MessagePack: a check is
/// decoded only when a document first reaches its rule. A pack whose TOML does not parse, or
/// whose checks are not one-kind tables, gets an empty file, and is then parsed at run time so
/// that its errors are reported at their lines.
fn compact_packs(rules: &Path, out: &Path) -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={}", rules.display());
    for entry in fs::read_dir(rules)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .ok_or("a pack name is not UTF-8")?;
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let compact = match text.parse::<toml::Table>() {
            Ok(pack) => compact_pack(pack)?.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        fs::write(out.join(format!("pack-{name}.msgpack")), compact)?;
    }
    Ok(())
}

/// A value of the compact form of a pack.
enum Compact {
    Value(toml::Value),
    Rules(Vec<BTreeMap<String, Compact>>),
    /// A rule's check: its kind, its table as MessagePack, and for a `phrases` check the strings
    /// one of which every hit holds (see [`phrase_needles`]).
    Check(String, Bytes, Option<String>),
}

impl serde::Serialize for Compact {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Rules(rules) => rules.serialize(serializer),
            Self::Check(kind, bytes, None) => (kind, bytes).serialize(serializer),
            Self::Check(kind, bytes, Some(needles)) => (kind, bytes, needles).serialize(serializer),
        }
    }
}

/// Bytes, written as MessagePack `bin`.
struct Bytes(Vec<u8>);

impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

/// The compact form of a parsed pack; `None` when a rule or its check is not a table of the
/// expected shape (left to the run-time parse to report).
fn compact_pack(pack: toml::Table) -> Result<Option<Vec<u8>>, Box<dyn Error>> {
    let mut top = BTreeMap::new();
    for (key, value) in pack {
        let compact = match (key.as_str(), value) {
            ("rules", toml::Value::Array(rules)) => {
                let mut compact_rules = Vec::with_capacity(rules.len());
                for rule in rules {
                    let Some(fields) = compact_rule(rule)? else {
                        return Ok(None);
                    };
                    compact_rules.push(fields);
                }
                Compact::Rules(compact_rules)
            }
            (_, value) => Compact::Value(value),
        };
        top.insert(key, compact);
    }
    Ok(Some(rmp_serde::to_vec_named(&top)?))
}

/// One rule without its docs and examples, its check as `[kind, bytes]`; `None` when the rule
/// is not a table or its check is not a table of one kind.
fn compact_rule(rule: toml::Value) -> Result<Option<BTreeMap<String, Compact>>, Box<dyn Error>> {
    let toml::Value::Table(rule) = rule else {
        return Ok(None);
    };
    let mut fields = BTreeMap::new();
    for (field, value) in rule {
        let compact = match field.as_str() {
            "docs" | "examples" => continue,
            "check" => {
                let kind = match value.as_table().map(|t| t.iter().collect::<Vec<_>>()).as_deref() {
                    Some([(kind, toml::Value::Table(_))]) => (*kind).clone(),
                    _ => return Ok(None),
                };
                let needles = if kind == "phrases" {
                    phrase_needles(&value)
                } else {
                    None
                };
                Compact::Check(kind, Bytes(rmp_serde::to_vec_named(&value)?), needles)
            }
            _ => Compact::Value(value),
        };
        fields.insert(field, compact);
    }
    Ok(Some(fields))
}

/// For a `phrases` check, strings one of which every hit holds, lowercase and joined by newlines:
/// for each phrase, the longest piece between its apostrophes once its white space is collapsed,
/// which is how the check searches for it (its forms differ only in the apostrophe, and in ASCII
/// case when case is ignored). A draft that holds none of them, ignoring ASCII case, has no hit,
/// and the rule need not be decoded for it. `None` when a phrase has no such piece.
fn phrase_needles(check: &toml::Value) -> Option<String> {
    let phrases = check.get("phrases")?.get("phrases")?.as_array()?;
    let mut set: Vec<String> = Vec::new();
    for phrase in phrases {
        let collapsed = phrase.as_str()?.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            // The check drops an empty phrase: it has no hit to gate.
            continue;
        }
        let piece = collapsed.split('\'').max_by_key(|p| p.len())?;
        if piece.trim().is_empty() {
            return None;
        }
        set.push(piece.to_ascii_lowercase());
    }
    let kept = needles::without_superstrings(set);
    (!kept.is_empty()).then(|| kept.join("\n"))
}

/// The most bytes one direction of one pattern's DFA may take. Nearly every built-in pattern
/// fits in far less; the few large case-insensitive alternations that do not are compiled at run
/// time instead (they would add megabytes to the binary and seconds to the build).
const DFA_SIZE_LIMIT: usize = 1 << 20;

/// Builds the DFAs of every listed pattern into `patterns.dfa` and its index into
/// `patterns-index.rs`. The syntax settings are those of `matcher::build_regex`.
fn precompile_patterns(list: &Path, out: &Path) -> Result<(), Box<dyn Error>> {
    use regex_automata::dfa::{dense, regex::Builder};
    use regex_automata::nfa::thompson;
    use regex_automata::util::syntax;

    println!("cargo::rerun-if-changed={}", list.display());
    let text = fs::read_to_string(list).map_err(|e| format!("{}: {e}", list.display()))?;
    let mut entries: Vec<(String, bool)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| format!("{}:{}: {why}", list.display(), n + 1);
        let (flag, quoted) = line
            .split_once(' ')
            .ok_or_else(|| bad("expected `c` or `i`, a space and a quoted pattern"))?;
        let case_sensitive = match flag {
            "c" => true,
            "i" => false,
            _ => return Err(bad("the case flag must be `c` or `i`").into()),
        };
        entries.push((
            unquote(quoted).ok_or_else(|| bad("the pattern is not a quoted string"))?,
            case_sensitive,
        ));
    }
    entries.sort();
    entries.dedup();

    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let to_bytes = |dfa: &dense::DFA<Vec<u32>>| {
        if big_endian {
            dfa.to_bytes_big_endian()
        } else {
            dfa.to_bytes_little_endian()
        }
    };
    let mut blob: Vec<u8> = Vec::new();
    let mut push = |bytes: &[u8]| {
        // Every DFA starts on an 8-byte boundary of the (8-aligned) embedded blob.
        blob.resize(blob.len().next_multiple_of(8), 0);
        let at = blob.len();
        blob.extend_from_slice(bytes);
        (at, bytes.len())
    };
    let mut index = String::from("[\n");
    for (source, case_sensitive) in &entries {
        let built = Builder::new()
            .dense(
                dense::Config::new()
                    .minimize(true)
                    .start_kind(regex_automata::dfa::StartKind::Unanchored)
                    .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                    .determinize_size_limit(Some(DFA_SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().case_insensitive(!case_sensitive).nest_limit(100))
            .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build(source);
        let (forward, reverse) = match built {
            Ok(re) => {
                let (f, f_pad) = to_bytes(re.forward());
                let (r, r_pad) = to_bytes(re.reverse());
                (push(&f[f_pad..]), push(&r[r_pad..]))
            }
            // Too big, or a feature DFAs lack (Unicode word boundaries): compiled at run time.
            Err(_) => ((0, 0), (0, 0)),
        };
        let needles = regex_syntax::ParserBuilder::new()
            .case_insensitive(!case_sensitive)
            .nest_limit(100)
            .build()
            .parse(source)
            .ok()
            .and_then(|hir| needles::needles(&hir));
        let needles = match needles {
            Some(list) => format!("Some(&{list:?})"),
            None => "None".to_owned(),
        };
        index.push_str(&format!(
            "    Entry {{ source: {source:?}, case_sensitive: {case_sensitive}, forward: {forward:?}, reverse: {reverse:?}, needles: {needles} }},\n"
        ));
    }
    index.push(']');
    fs::write(out.join("patterns.dfa"), blob)?;
    fs::write(out.join("patterns-index.rs"), index)?;
    Ok(())
}

/// The text of a string written as Rust's `{:?}` writes one (`"a\\b\n"`), or `None`.
fn unquote(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let (hex, after) = rest.split_once('}')?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                chars = after.chars();
                c
            }
            _ => return None,
        });
    }
    Some(out)
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
