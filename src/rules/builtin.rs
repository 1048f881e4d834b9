//! The built-in packs, embedded with `include_str!` and in the compact form `build.rs` writes.
//! A test keeps this list equal to `rules/`.

/// One embedded pack.
pub(crate) struct BuiltinPack {
    pub(crate) name: &'static str,
    pub(crate) source: &'static str,
    /// Its rules without docs and examples as MessagePack, written by `build.rs` (empty when the
    /// TOML did not parse): what a lint loads.
    pub(crate) compact: &'static [u8],
}

macro_rules! pack {
    ($name:literal) => {
        BuiltinPack {
            name: $name,
            source: include_str!(concat!("../../rules/", $name, ".toml")),
            compact: include_bytes!(concat!(env!("OUT_DIR"), "/pack-", $name, ".msgpack")),
        }
    };
}

/// Every pack in `rules/`, alphabetical.
pub(crate) const BUILTIN_PACKS: &[BuiltinPack] = &[
    pack!("context"),
    pack!("greeting"),
    pack!("handoff"),
    pack!("length"),
    pack!("privacy"),
    pack!("signoff"),
    pack!("spelling"),
    pack!("style"),
    pack!("timing"),
    pack!("tone"),
];

#[cfg(test)]
mod tests {
    use super::BUILTIN_PACKS;

    #[test]
    fn every_pack_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let p = e.unwrap().path();
                (p.extension()? == "toml").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
            })
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = BUILTIN_PACKS.iter().map(|p| p.name).collect();
        assert_eq!(on_disk, listed);
    }

    /// What `rules/data/builtin-patterns.txt` holds before its entries.
    const PATTERN_LIST_HEADER: &str = "\
# The regexes of the built-in packs, which build.rs compiles to DFAs (src/matcher/precompiled.rs).
# Generated: `UPDATE_PATTERNS=1 cargo test builtin_pattern_list`; a test fails when it is stale.
# One a line: `c` (case-sensitive) or `i` (ignoring case), a space, the pattern as a Rust string.
";

    /// The list `build.rs` precompiles is every regex the built-in packs make, with its case
    /// flag, and the build embedded exactly that list. A stale list is not wrong (a pattern not in
    /// it is compiled at run time) but slow, so it fails here; `UPDATE_PATTERNS=1` rewrites it.
    #[test]
    fn builtin_pattern_list_is_current() {
        // Compiled now (a lint compiles each check when a document first reaches it).
        let mut seen = crate::matcher::patterns_seen(|| {
            for pack in BUILTIN_PACKS {
                let source = crate::rules::RuleSource::Builtin { pack: pack.name };
                crate::rules::load::parse_pack(pack.name, pack.source, &source, crate::matcher::PatternCheck::Full)
                    .expect("the built-in packs load");
            }
        });
        seen.sort();
        seen.dedup();
        assert!(seen.len() > 20, "only {} patterns seen", seen.len());
        let mut rendered = PATTERN_LIST_HEADER.to_owned();
        for (source, case_sensitive) in &seen {
            let flag = if *case_sensitive { 'c' } else { 'i' };
            rendered.push_str(&format!("{flag} {source:?}\n"));
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/data/builtin-patterns.txt");
        if std::env::var_os("UPDATE_PATTERNS").is_some() {
            std::fs::write(&path, &rendered).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == rendered,
            "{} is stale: run `UPDATE_PATTERNS=1 cargo test builtin_pattern_list` and commit it",
            path.display()
        );
        let embedded: Vec<(String, bool)> = crate::matcher::precompiled_patterns()
            .into_iter()
            .map(|(s, c, _)| (s.to_owned(), c))
            .collect();
        assert_eq!(embedded, seen, "the build embedded another list than the committed one");
    }
}
