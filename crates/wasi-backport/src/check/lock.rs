//! The import lock: a module's import table and the wasm features it uses,
//! as a small sorted text file meant to be committed, so that a change in
//! what a build asks of its host shows up as a failing check and a diff.
//!
//! ```text
//! # wasi-backport import lock …
//! feature bulk-memory
//! import wasi_snapshot_preview1 fd_write (i32,i32,i32,i32)->(i32)
//! ```
//!
//! Module and import names that hold spaces, quotes, `#` or control
//! characters are written quoted, with `\"`, `\\` and `\u{…}` escapes.
use std::collections::BTreeSet;
use std::fmt;

use crate::check::features;
use crate::error::{Error, Result};
use crate::read;

/// One line of a lock file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entry {
    Feature(String),
    Import { module: String, name: String, signature: String },
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Feature(name) => write!(f, "feature {name}"),
            Entry::Import { module, name, signature } => {
                write!(f, "import {} {} {signature}", quote(module), quote(name))
            }
        }
    }
}

/// A module's import table and features.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lock {
    pub entries: BTreeSet<Entry>,
}

/// What changed between a lock file and a module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// In the module, not in the lock.
    pub added: Vec<Entry>,
    /// In the lock, not in the module.
    pub removed: Vec<Entry>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

impl fmt::Display for Drift {
    /// `- ` and `+ ` lines, removals first, as a diff shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.removed {
            writeln!(f, "- {e}")?;
        }
        for e in &self.added {
            writeln!(f, "+ {e}")?;
        }
        Ok(())
    }
}

const HEADER: &str = "\
# wasi-backport import lock: this module's imports and the wasm features it
# uses. Commit it; `wasi-backport check --lock FILE` fails when they change,
# and `--write-lock FILE` records the new state.
";

impl Lock {
    /// The lock of the valid core module `bytes`.
    pub fn of(bytes: &[u8]) -> Result<Lock> {
        let m = read::module(bytes)?;
        let mut entries: BTreeSet<Entry> = m
            .imports
            .iter()
            .map(|imp| Entry::Import {
                module: imp.module.into(),
                name: imp.name.into(),
                signature: imp.signature(&m).0,
            })
            .collect();
        entries.extend(features::used(bytes).into_iter().map(|f| Entry::Feature(f.to_string())));
        Ok(Lock { entries })
    }

    /// Reads a lock file written by `Lock::to_string` (its `Display`) or by hand.
    pub fn parse(text: &str) -> Result<Lock> {
        let mut entries = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entry = parse_entry(line).map_err(|m| Error::InvalidInput(format!("lock line {}: {m}", i + 1)))?;
            entries.insert(entry);
        }
        Ok(Lock { entries })
    }

    /// What `now` has that `self` lacks, and the reverse.
    pub fn drift(&self, now: &Lock) -> Drift {
        Drift {
            added: now.entries.difference(&self.entries).cloned().collect(),
            removed: self.entries.difference(&now.entries).cloned().collect(),
        }
    }
}

impl fmt::Display for Lock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(HEADER)?;
        for e in &self.entries {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

fn parse_entry(line: &str) -> std::result::Result<Entry, String> {
    let mut rest = line;
    let mut word = || -> std::result::Result<String, String> {
        let (w, r) = unquote(rest)?;
        rest = r.trim_start();
        Ok(w)
    };
    let kind = word()?;
    let entry = match kind.as_str() {
        "feature" => {
            let name = word()?;
            if !features::is_known(&name) {
                return Err(format!("unknown wasm feature `{name}`"));
            }
            Entry::Feature(name)
        }
        "import" => {
            let module = word()?;
            let name = word()?;
            let signature = word()?;
            Entry::Import { module, name, signature }
        }
        other => return Err(format!("`{other}`: expected `feature` or `import`")),
    };
    if !rest.is_empty() {
        return Err(format!("unexpected `{rest}` at the end"));
    }
    Ok(entry)
}

fn needs_quotes(s: &str) -> bool {
    s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '#' || c == '\\')
}

fn quote(s: &str) -> String {
    if !needs_quotes(s) {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || (c.is_whitespace() && c != ' ') => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first word of `s` (quoted or bare) and what follows it.
fn unquote(s: &str) -> std::result::Result<(String, &str), String> {
    let Some(body) = s.strip_prefix('"') else {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        if end == 0 {
            return Err("a field is missing".into());
        }
        return Ok((s[..end].to_string(), &s[end..]));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &body[i + 1..])),
            '\\' => match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((j, 'u')) => {
                    let hex = body[j + 1..].strip_prefix('{').and_then(|h| h.split_once('}')).map(|(h, _)| h);
                    let c = hex.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
                    let (Some(hex), Some(c)) = (hex, c) else { return Err("bad `\\u{…}` escape".into()) };
                    out.push(c);
                    for _ in 0..hex.len() + 2 {
                        chars.next();
                    }
                }
                _ => return Err("bad escape in a quoted name".into()),
            },
            c => out.push(c),
        }
    }
    Err("unterminated quoted name".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_names_round_trip() {
        let mut lock = Lock::default();
        for name in ["plain", "with space", "q\"uote", "back\\slash", "tab\there", "#hash", "", "ünï"] {
            lock.entries.insert(Entry::Import {
                module: name.into(),
                name: format!("{name}!"),
                signature: "()->()".into(),
            });
        }
        lock.entries.insert(Entry::Feature("simd".into()));
        let text = lock.to_string();
        assert_eq!(Lock::parse(&text).unwrap(), lock, "{text}");
    }

    #[test]
    fn drift_lists_both_ways() {
        let old = Lock::parse("feature simd\nimport m a ()->()\nimport m b ()->()\n").unwrap();
        let new = Lock::parse("import m b ()->()\nimport m c (i32)->()\n").unwrap();
        assert_eq!(old.drift(&new).to_string(), "- feature simd\n- import m a ()->()\n+ import m c (i32)->()\n");
        assert!(old.drift(&old).is_empty());
    }

    #[test]
    fn bad_lines_are_named() {
        let e = Lock::parse("import m\n").unwrap_err().to_string();
        assert!(e.contains("lock line 1"), "{e}");
        let e = Lock::parse("# c\nfeature warp-drive\n").unwrap_err().to_string();
        assert!(e.contains("lock line 2") && e.contains("warp-drive"), "{e}");
    }
}
