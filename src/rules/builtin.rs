//! The built-in packs, embedded with `include_str!`. A test keeps this list equal to `rules/`.

/// One embedded pack.
pub(crate) struct BuiltinPack {
    pub(crate) name: &'static str,
    pub(crate) source: &'static str,
}

macro_rules! pack {
    ($name:literal) => {
        BuiltinPack {
            name: $name,
            source: include_str!(concat!("../../rules/", $name, ".toml")),
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
}
