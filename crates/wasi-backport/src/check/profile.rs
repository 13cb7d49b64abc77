//! Runtime profiles: which preview1 functions and wasm features a runtime
//! provides. They are data files (`profiles/*.profile`), one entry per line
//! with the source that backs it, so that a reviewer can check each claim and
//! the test suite can probe it against the runtime.
use std::collections::BTreeMap;

use crate::check::{extension, features, preview1};
use crate::error::{Error, Result};
use crate::wasi::CoreSig;

/// The profiles that ship with wasi-backport, by name.
pub const BUILTIN: [&str; 4] = ["preview1", "wasmtime", "wamr", "node"];

fn builtin_text(name: &str) -> Option<&'static str> {
    Some(match name {
        "preview1" => include_str!("../../profiles/preview1.profile"),
        "wasmtime" => include_str!("../../profiles/wasmtime.profile"),
        "wamr" => include_str!("../../profiles/wamr.profile"),
        "node" => include_str!("../../profiles/node.profile"),
        _ => return None,
    })
}

/// What one runtime provides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    name: String,
    about: String,
    /// Function name → source.
    functions: BTreeMap<String, String>,
    /// The extension functions among them (name → signature): functions
    /// the witx does not define, such as WAMR's sockets.
    extension_functions: BTreeMap<String, CoreSig>,
    /// Feature name → source; `None` when the profile puts no limit on
    /// features (`feature *`).
    features: Option<BTreeMap<String, String>>,
}

impl Default for Profile {
    /// The `preview1` profile: the witx function set, any wasm feature.
    fn default() -> Profile {
        Profile::builtin("preview1").expect("the preview1 profile ships")
    }
}

impl Profile {
    /// A profile that ships with wasi-backport (see [`BUILTIN`]).
    pub fn builtin(name: &str) -> Option<Profile> {
        let text = builtin_text(name)?;
        Some(Profile::parse(text).unwrap_or_else(|e| panic!("built-in profile {name}: {e}")))
    }

    /// Reads a profile file:
    ///
    /// ```text
    /// # comment
    /// name wamr
    /// about WAMR 2.4.3, fast interpreter, built with libc-wasi
    /// function fd_write   SOURCE…
    /// function sock_open (i32,i32,i32,i32)->(i32) SOURCE…
    /// feature simd        SOURCE…
    /// feature *           SOURCE…   (any feature)
    /// ```
    ///
    /// Every `function` and `feature` line must name a source. A function
    /// of the witx may give its signature (it must be the witx's); a
    /// function of a runtime extension ([`extension`], such as WAMR's
    /// `sock_open`) must, and it must be the extension's: a profile that
    /// gets one wrong is refused, so that the gate never accepts an import
    /// the runtime would resolve to a different function.
    ///
    /// ```
    /// use wasi_backport::Profile;
    /// let board = Profile::parse("name board\nfunction sock_open (i32,i32,i32,i32)->(i32) firmware wasi.c:12\n")?;
    /// assert!(board.has_function("sock_open"));
    /// let wrong = Profile::parse("name board\nfunction sock_open (i32,i32,i32)->(i32) firmware wasi.c:12\n");
    /// assert!(wrong.unwrap_err().to_string().contains("WAMR's socket extension defines sock_open as (i32,i32,i32,i32)->(i32)"));
    /// # Ok::<(), wasi_backport::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Profile> {
        let mut p = Profile {
            name: String::new(),
            about: String::new(),
            functions: BTreeMap::new(),
            extension_functions: BTreeMap::new(),
            features: Some(BTreeMap::new()),
        };
        for (i, line) in text.lines().enumerate() {
            let bad = |m: String| Error::InvalidInput(format!("profile line {}: {m}", i + 1));
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim();
            match key {
                "name" => p.name = rest.to_string(),
                "about" => p.about = rest.to_string(),
                "function" | "feature" => {
                    let (item, source) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                    let source = source.trim();
                    if item.is_empty() || source.is_empty() {
                        return Err(bad(format!("`{key} NAME SOURCE`: every entry names its source")));
                    }
                    if key == "function" {
                        let (declared, source) = match source.split_once(char::is_whitespace) {
                            _ if !source.starts_with('(') => (None, source),
                            Some((sig, rest)) => (Some(sig), rest.trim()),
                            None => (Some(source), ""),
                        };
                        if declared.is_some() && source.is_empty() {
                            return Err(bad(format!("`{key} NAME SIGNATURE SOURCE`: every entry names its source")));
                        }
                        let declared = match declared.map(|d| CoreSig::parse(d).ok_or(d)).transpose() {
                            Ok(d) => d,
                            Err(d) => {
                                return Err(bad(format!("`{d}` is not a signature (such as `(i32,i64)->(i32)`)")));
                            }
                        };
                        match (preview1::signature(item), extension::find(item), declared) {
                            (Some(want), _, Some(got)) if want != got => {
                                return Err(bad(format!(
                                    "wrong signature for `{item}`: the preview1 witx defines it as {want}, not {got}"
                                )));
                            }
                            (Some(_), ..) => {}
                            (None, Some((ext, want)), Some(got)) if want != got => {
                                return Err(bad(format!(
                                    "wrong signature for `{item}`: {} defines {item} as {want}, not {got} (a runtime \
                                     whose function of this name differs is not one the gate knows)",
                                    ext.about
                                )));
                            }
                            (None, Some(_), Some(got)) => {
                                p.extension_functions.insert(item.to_string(), got);
                            }
                            (None, Some((ext, want)), None) => {
                                return Err(bad(format!(
                                    "`{item}` is not in the preview1 witx ({} has it): name its signature, \
                                     `function {item} {want} SOURCE`",
                                    ext.about
                                )));
                            }
                            (None, None, _) => {
                                return Err(bad(format!(
                                    "`{item}` is not a preview1 function, nor one of a known extension ({})",
                                    extension::ALL.iter().map(|e| e.name).collect::<Vec<_>>().join(", ")
                                )));
                            }
                        }
                        p.functions.insert(item.to_string(), source.to_string());
                    } else if item == "*" {
                        p.features = None;
                    } else if !features::is_known(item) {
                        return Err(bad(format!(
                            "unknown wasm feature `{item}` (known: {})",
                            features::NAMES.join(", ")
                        )));
                    } else if let Some(f) = &mut p.features {
                        f.insert(item.to_string(), source.to_string());
                    }
                }
                _ => return Err(bad(format!("unknown key `{key}` (name, about, function, feature)"))),
            }
        }
        if p.name.is_empty() {
            return Err(Error::InvalidInput("profile: no `name` line".into()));
        }
        Ok(p)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// One line on the runtime the profile describes.
    pub fn about(&self) -> &str {
        &self.about
    }

    pub fn has_function(&self, name: &str) -> bool {
        self.functions.contains_key(name)
    }

    /// The core signature of function `name` if the runtime provides it:
    /// the witx's, or for an extension function (such as WAMR's
    /// `sock_open`) the one the profile declares (which is the extension's).
    pub fn signature(&self, name: &str) -> Option<CoreSig> {
        if !self.has_function(name) {
            return None;
        }
        self.extension_functions.get(name).cloned().or_else(|| preview1::signature(name))
    }

    pub fn has_feature(&self, name: &str) -> bool {
        self.features.as_ref().is_none_or(|f| f.contains_key(name))
    }

    /// Whether the profile limits wasm features at all.
    pub fn limits_features(&self) -> bool {
        self.features.is_some()
    }

    /// The functions the runtime provides, each with its source.
    pub fn functions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.functions.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The features the runtime supports, each with its source (empty when
    /// any feature is accepted).
    pub fn features(&self) -> impl Iterator<Item = (&str, &str)> {
        self.features.iter().flatten().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
