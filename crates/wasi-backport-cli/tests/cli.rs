//! Lit-style CLI tests: every `tests/cli/*.wat` holds `;; RUN: <args>` lines;
//! each is run as `wasi-backport <args>` with `%` standing for the compiled
//! input and `%tmp` for a scratch directory, and the transcript (exit code,
//! stdout, stderr) must equal `<name>.wat.out`. `BLESS=1` rewrites those.
//!
//! `cargo test --test cli -- NAME` runs (or blesses) only the cases whose
//! name contains NAME.
//!
//! `;; INPUT: text` passes the .wat text itself (not wasm);
//! `;; INPUT: truncated` passes the first half of the compiled module.
//! These directives act in order with the RUN lines (NAME is in `%tmp`):
//! - `;; WRITE: NAME: LINE` appends LINE to NAME;
//! - `;; CAT: NAME` adds NAME's content to the transcript (a wasm module as
//!   `(a wasm module)`; a FIFO made by `FIFO:` as what its reader got);
//! - `;; STAT: NAME` adds what NAME is: a regular file, a symlink (and to
//!   what), a FIFO, a character device;
//! - `;; SYMLINK: NAME -> TARGET` and `;; HARDLINK: NAME -> TARGET` make links;
//! - `;; FIFO: NAME` makes a FIFO with a reader that keeps what is written;
//! - `;; CHARDEV: NAME` makes a character device like /dev/null (the case
//!   is skipped where mknod is not permitted);
//! - `;; ENV: VAR=VALUE` sets VAR for the RUN lines after it;
//! - `;; WAT: NAME: TEXT` writes NAME, the module TEXT (one line of wat);
//! - `;; BYTES: NAME: HEX` writes NAME, the bytes HEX (spaces ignored);
//! - `;; CUT: NAME: N` writes NAME, the first N bytes of the compiled input
//!   (`-N`: all but the last N).
//!
//! A command that fails with exit 2 must leave `%tmp` as it was (no file
//! added, none changed), except `link`, which removes the module it could
//! not adapt; no command may leave a `*.tmp` file behind, and none may
//! panic (exit 101) or die of a signal.
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::JoinHandle;

enum Outcome {
    Passed,
    Skipped(String),
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let bless = std::env::var_os("BLESS").is_some();
    // `cargo test --test cli -- NAME…` runs (or blesses) only those cases.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .filter(|p| filters.is_empty() || filters.iter().any(|f| p.to_string_lossy().contains(f.as_str())))
        .collect();
    cases.sort();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        match run_case(case, bless) {
            Ok(Outcome::Passed) => {
                passed += 1;
                println!("test {name} ... ok");
            }
            Ok(Outcome::Skipped(why)) => {
                skipped += 1;
                println!("test {name} ... skipped ({why})");
            }
            Err(e) => {
                failed += 1;
                println!("test {name} ... FAILED\n{e}");
            }
        }
    }
    println!(
        "\ntest result: {}. {passed} passed; {failed} failed; {skipped} skipped",
        if failed == 0 { "ok" } else { "FAILED" }
    );
    if failed > 0 {
        std::process::exit(1);
    }
}

/// A FIFO's reader, and a handle that keeps the FIFO open for writing (so
/// the reader never blocks opening it, and sees the end only when CAT drops it).
struct Fifo {
    keep: File,
    reader: JoinHandle<Vec<u8>>,
}

impl Fifo {
    fn new(path: &Path) -> Result<Fifo, String> {
        let status = Command::new("mkfifo").arg(path).status().map_err(|e| format!("mkfifo: {e}"))?;
        if !status.success() {
            return Err(format!("mkfifo {} failed", path.display()));
        }
        let keep = File::options().read(true).write(true).open(path).map_err(|e| e.to_string())?;
        let mut read = File::open(path).map_err(|e| e.to_string())?;
        let reader = std::thread::spawn(move || {
            let mut got = Vec::new();
            let _ = read.read_to_end(&mut got);
            got
        });
        Ok(Fifo { keep, reader })
    }

    /// Everything written to the FIFO so far (its writers have all exited).
    fn finish(self) -> Vec<u8> {
        drop(self.keep);
        self.reader.join().unwrap()
    }
}

/// A file's content as the transcript shows it.
fn show(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\0asm") {
        "(a wasm module)\n".to_string()
    } else if bytes.is_empty() {
        "(empty)\n".to_string()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// What `path` is, for `STAT:`.
fn stat(path: &Path) -> String {
    match std::fs::symlink_metadata(path) {
        Err(e) => format!("({e})"),
        Ok(m) => {
            use std::os::unix::fs::FileTypeExt;
            let t = m.file_type();
            if t.is_symlink() {
                format!("symbolic link to {}", std::fs::read_link(path).unwrap().display())
            } else if t.is_file() {
                "regular file".into()
            } else if t.is_dir() {
                "directory".into()
            } else if t.is_fifo() {
                "fifo".into()
            } else if t.is_char_device() {
                "character device".into()
            } else {
                format!("{t:?}")
            }
        }
    }
}

/// What is in `dir`: regular files with their content, anything else as
/// what it is.
fn snapshot(dir: &Path) -> BTreeMap<OsString, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let what = match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_file() => format!("{:?}", std::fs::read(&path).ok()),
                _ => stat(&path),
            };
            (path.file_name().unwrap().to_owned(), what)
        })
        .collect()
}

fn run_case(case: &Path, bless: bool) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(case).unwrap();
    let tmp = std::env::temp_dir().join(format!(
        "wb-cli-{}-{}",
        std::process::id(),
        case.file_stem().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let result = run_in(case, &text, &tmp, bless);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn run_in(case: &Path, text: &str, tmp: &Path, bless: bool) -> Result<Outcome, String> {
    let input = tmp.join("input.wasm");
    let mode = text.lines().find_map(|l| l.strip_prefix(";; INPUT: ")).unwrap_or("wasm");
    let bytes = match mode {
        "text" => text.as_bytes().to_vec(),
        "truncated" => {
            let b = wat::parse_str(text).map_err(|e| e.to_string())?;
            b[..b.len() / 2].to_vec()
        }
        _ => wat::parse_str(text).map_err(|e| format!("{}: {e}", case.display()))?,
    };
    std::fs::write(&input, bytes).unwrap();
    let subst = |a: &str| a.replace("%tmp", &tmp.to_string_lossy()).replace('%', &input.to_string_lossy());
    let links = |l: &str| -> Result<(PathBuf, PathBuf), String> {
        let (name, target) = l.split_once(" -> ").ok_or_else(|| format!("expected `NAME -> TARGET`: {l}"))?;
        Ok((tmp.join(name), PathBuf::from(subst(target))))
    };

    let mut transcript = String::new();
    let mut fifos: BTreeMap<String, Fifo> = BTreeMap::new();
    let mut env: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some((name, content)) = line.strip_prefix(";; WRITE: ").and_then(|l| l.split_once(": ")) {
            let mut old = std::fs::read_to_string(tmp.join(name)).unwrap_or_default();
            old += &format!("{content}\n");
            std::fs::write(tmp.join(name), old).unwrap();
            continue;
        }
        if let Some(name) = line.strip_prefix(";; CAT: ") {
            let content = match fifos.remove(name) {
                Some(fifo) => show(&fifo.finish()),
                None => std::fs::read(tmp.join(name)).map_or_else(|e| format!("({e})\n"), |b| show(&b)),
            };
            transcript += &format!("$ cat %tmp/{name}\n{content}");
            continue;
        }
        if let Some(name) = line.strip_prefix(";; STAT: ") {
            let what = stat(&tmp.join(name)).replace(&*tmp.to_string_lossy(), "%tmp");
            transcript += &format!("$ stat %tmp/{name}\n{what}\n");
            continue;
        }
        if let Some(l) = line.strip_prefix(";; SYMLINK: ") {
            let (link, target) = links(l)?;
            std::os::unix::fs::symlink(target, link).map_err(|e| e.to_string())?;
            continue;
        }
        if let Some(l) = line.strip_prefix(";; HARDLINK: ") {
            let (link, target) = links(l)?;
            std::fs::hard_link(tmp.join(target), link).map_err(|e| e.to_string())?;
            continue;
        }
        if let Some(name) = line.strip_prefix(";; FIFO: ") {
            fifos.insert(name.to_string(), Fifo::new(&tmp.join(name))?);
            continue;
        }
        if let Some(name) = line.strip_prefix(";; CHARDEV: ") {
            let made = Command::new("mknod").arg(tmp.join(name)).args(["c", "1", "3"]).output();
            if !made.is_ok_and(|o| o.status.success()) {
                return Ok(Outcome::Skipped("mknod is not permitted here".into()));
            }
            continue;
        }
        if let Some((name, text)) = line.strip_prefix(";; WAT: ").and_then(|l| l.split_once(": ")) {
            let wasm = wat::parse_str(text).map_err(|e| format!("WAT: {name}: {e}"))?;
            std::fs::write(tmp.join(name), wasm).unwrap();
            continue;
        }
        if let Some((name, hex)) = line.strip_prefix(";; BYTES: ").and_then(|l| l.split_once(": ")) {
            let digits: Vec<u8> = hex.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            let bytes = digits
                .chunks(2)
                .map(|d| {
                    std::str::from_utf8(d)
                        .ok()
                        .and_then(|d| u8::from_str_radix(d, 16).ok())
                        .ok_or_else(|| format!("BYTES: {name}: bad hex `{hex}`"))
                })
                .collect::<Result<Vec<u8>, String>>()?;
            std::fs::write(tmp.join(name), bytes).unwrap();
            continue;
        }
        if let Some((name, n)) = line.strip_prefix(";; CUT: ").and_then(|l| l.split_once(": ")) {
            let whole = std::fs::read(&input).unwrap();
            let n: i64 = n.trim().parse().map_err(|_| format!("CUT: {name}: bad length `{n}`"))?;
            let len = if n < 0 {
                whole.len().saturating_sub(n.unsigned_abs() as usize)
            } else {
                (n as usize).min(whole.len())
            };
            std::fs::write(tmp.join(name), &whole[..len]).unwrap();
            continue;
        }
        if let Some((var, value)) = line.strip_prefix(";; ENV: ").and_then(|l| l.split_once('=')) {
            env.push((var.to_string(), subst(value)));
            continue;
        }
        let Some(line) = line.strip_prefix(";; RUN:") else {
            continue;
        };
        let line = line.trim();
        let args: Vec<String> = line.split_whitespace().map(subst).collect();
        let before = snapshot(tmp);
        let out =
            Command::new(env!("CARGO_BIN_EXE_wasi-backport")).args(&args).envs(env.iter().cloned()).output().unwrap();
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b).replace(&*input.to_string_lossy(), "%").replace(&*tmp.to_string_lossy(), "%tmp")
        };
        let code = out.status.code().unwrap_or(-1);
        transcript += &format!("{}\nexit: {code}\n", format!("$ wasi-backport {line}").trim_end());
        if !out.stdout.is_empty() {
            transcript += &format!("stdout:\n{}", clean(&out.stdout));
        }
        if !out.stderr.is_empty() {
            transcript += &format!("stderr:\n{}", clean(&out.stderr));
        }
        if code == 101 || code == -1 {
            return Err(format!("`{line}` panicked or died of a signal:\n{transcript}"));
        }
        let after = snapshot(tmp);
        let left: Vec<_> = after.keys().filter(|n| n.to_string_lossy().ends_with(".tmp")).collect();
        if !left.is_empty() {
            return Err(format!("`{line}` left temporary files behind: {left:?}"));
        }
        if code == 2 && args.first().map(String::as_str) != Some("link") && before != after {
            let changed: Vec<_> =
                before.keys().chain(after.keys()).filter(|n| before.get(*n) != after.get(*n)).collect();
            return Err(format!("`{line}` failed but changed files in %tmp: {changed:?}"));
        }
    }
    for fifo in fifos.into_values() {
        fifo.finish();
    }
    let expected_path = case.with_extension("wat.out");
    if bless {
        std::fs::write(&expected_path, &transcript).unwrap();
        return Ok(Outcome::Passed);
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != transcript {
        return Err(format!("--- expected ({}):\n{expected}--- got:\n{transcript}", expected_path.display()));
    }
    Ok(Outcome::Passed)
}
