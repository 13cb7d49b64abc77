//! The errors the library returns, typed so that callers can match on them.
use std::fmt;

/// An import the adapter cannot satisfy, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub module: String,
    pub name: String,
    /// The import's core signature, e.g. `(i32,i32)->(i32)`, or its kind
    /// (`memory`, `global`, …) for imports that are not functions.
    pub signature: String,
    pub reason: String,
    /// Functions of the module that call this import, by name where the
    /// module has a name section.
    pub callers: Vec<String>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "import `{}` `{}` {}: {}", self.module, self.name, self.signature, self.reason)?;
        if !self.callers.is_empty() {
            const SHOWN: usize = 3;
            let names: Vec<_> = self.callers.iter().take(SHOWN).cloned().collect();
            write!(f, " (called from {}", names.join(", "))?;
            if self.callers.len() > SHOWN {
                write!(f, " and {} more", self.callers.len() - SHOWN)?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Not a valid core wasm module: not wasm at all, truncated, failing
    /// validation, a component, or an unlinked object file.
    InvalidInput(String),
    /// The module imports functions that cannot be adapted under the chosen
    /// options (unknown interfaces, wrong signatures, unsupported functions).
    Refused(Vec<Refusal>),
    /// The module lacks something the adapter needs (an export, the stack
    /// pointer global), or uses a feature the adapter cannot join.
    Incompatible(String),
    /// The adapted module needs functions or wasm features that the target
    /// runtime ([`crate::Options::runtime`]) lacks, each named.
    NotOnRuntime { runtime: String, violations: Vec<crate::Violation> },
    /// wasi-backport produced invalid output: a bug, please report it.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(m) => write!(f, "invalid input: {m}"),
            Error::Refused(list) => {
                write!(f, "{} import(s) cannot be adapted to preview1", list.len())?;
                for r in list {
                    write!(f, "\n  {r}")?;
                }
                Ok(())
            }
            Error::Incompatible(m) => write!(f, "{m}"),
            Error::NotOnRuntime { runtime, violations } => {
                write!(f, "the adapted module does not run on {runtime}: it needs what the runtime lacks")?;
                for v in violations {
                    write!(f, "\n  {v}")?;
                }
                Ok(())
            }
            Error::Internal(m) => write!(f, "internal error (a wasi-backport bug): {m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Error {
        Error::InvalidInput(format!("not a valid module: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
