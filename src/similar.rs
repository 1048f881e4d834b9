//! Did-you-mean suggestions for ids, keys and values typed by users.

/// Up to `limit` candidates closest to `input` by edit distance, closest first; only ones within
/// a third of the input's length (at least 2 edits), or containing it, qualify.
pub(crate) fn closest<'a>(input: &str, candidates: impl Iterator<Item = &'a str>, limit: usize) -> Vec<String> {
    let budget = (input.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let d = distance(input, c);
            let leaf_hit = c.rsplit('.').next().is_some_and(|leaf| leaf == input);
            (d <= budget || leaf_hit || (input.len() >= 3 && c.contains(input))).then_some((d, c))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c.to_owned()).collect()
}

/// Levenshtein distance over chars.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_near_ids() {
        let ids = ["tone.sarcasm", "tone.shouting", "signoff.missing"];
        assert_eq!(super::closest("tone.sarcsm", ids.into_iter(), 3), vec!["tone.sarcasm"]);
        assert_eq!(super::closest("sarcasm", ids.into_iter(), 3), vec!["tone.sarcasm"]);
        assert!(super::closest("zzzzzzzz", ids.into_iter(), 3).is_empty());
    }
}
