//! Reading inputs and writing outputs: `-` is stdin/stdout, a binary never
//! goes to a terminal, a device or FIFO is written into (as `cat > FILE`
//! would) and never replaced, and a file is replaced atomically or not at
//! all — through symlinks, which stay links.
use std::collections::hash_map::RandomState;
use std::fs::{File, OpenOptions};
use std::hash::BuildHasher;
use std::io::{ErrorKind, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// An input's bytes: a regular file mapped rather than copied (20 MB of
/// DWARF need not pass through a buffer), anything else read.
pub enum Input {
    Mapped { map: memmap2::Mmap, file: File },
    Read(Vec<u8>),
}

impl std::ops::Deref for Input {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Input::Mapped { map, .. } => map,
            Input::Read(v) => v,
        }
    }
}

pub fn read_input(path: &Path) -> Result<Input> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("reading stdin")?;
        return Ok(Input::Read(buf));
    }
    let what = || format!("reading {}", path.display());
    let mut file = File::open(path).with_context(what)?;
    let meta = file.metadata().with_context(what)?;
    if meta.is_file() && meta.len() > 0 {
        // SAFETY: the map is private and read-only, and we never write the
        // file (an output naming it replaces it by rename, leaving the map on
        // the old file). Another process truncating or rewriting the file
        // while we run could fault or change bytes under us: the risk every
        // build tool that maps its inputs (wasm-ld among them) accepts.
        let map = unsafe { memmap2::Mmap::map(&file) }.with_context(what)?;
        return Ok(Input::Mapped { map, file });
    }
    let mut buf = Vec::new();
    file.read_to_end(&mut buf).with_context(what)?;
    Ok(Input::Read(buf))
}

/// Writes `text` to stdout; a closed pipe (`| head`) is an error, not a panic.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).context("writing stdout")
}

const TERMINAL: &str = "refusing to write a binary module to a terminal; use -o FILE or redirect stdout";

/// Writes `bytes` to `path`. A regular file (or a symlink's target) is
/// replaced through a temporary file in its directory and a rename, so a
/// failure never leaves half a module behind; a character device or FIFO
/// is written into, never replaced (`-o /dev/null` stays a device).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, bytes.starts_with(b"\0asm"), &mut |sink| match sink {
        Sink::File(f) => f.write_all(bytes),
        Sink::Stream(w) => w.write_all(bytes),
    })
}

/// Writes an adapted module to `path` as [`write_output`] does, straight
/// from its parts: the input's code and debug info are not copied into a
/// second buffer first, and into a file, the large unchanged parts of a
/// mapped `input` (DWARF, above all) are copied file to file by the kernel.
pub fn write_module(path: &Path, module: &wasi_backport::Output<'_>, input: &Input) -> Result<()> {
    write_with(path, true, &mut |sink| match sink {
        Sink::File(out) => write_parts(Spliced { out, input }, module),
        Sink::Stream(w) => write_parts(w, module),
    })
}

fn write_parts(w: impl Write, module: &wasi_backport::Output<'_>) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    module.write_to(&mut w)?;
    w.flush()
}

/// Where output goes: a file (regular or not), or stdout.
enum Sink<'s> {
    File(&'s mut File),
    Stream(&'s mut dyn Write),
}

type Contents<'a> = dyn FnMut(Sink<'_>) -> std::io::Result<()> + 'a;

/// A file writer that copies slices of the mapped input from the input file
/// instead (`copy_file_range` where the system has it, through `io::copy`).
struct Spliced<'a> {
    out: &'a mut File,
    input: &'a Input,
}

impl Write for Spliced<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Small slices are not worth a system call of their own.
        const LARGE: usize = 1 << 20;
        if let Input::Mapped { map, file } = self.input {
            let base = map.as_ptr() as usize;
            let at = (buf.as_ptr() as usize).wrapping_sub(base);
            if buf.len() >= LARGE && at < map.len() && at + buf.len() <= map.len() {
                let mut from = file;
                std::io::Seek::seek(&mut from, std::io::SeekFrom::Start(at as u64))?;
                let copied = std::io::copy(&mut from.take(buf.len() as u64), self.out)?;
                if copied as usize != buf.len() {
                    return Err(std::io::Error::other("the input file changed while it was being copied"));
                }
                return Ok(buf.len());
            }
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn write_with(path: &Path, binary: bool, write: &mut Contents<'_>) -> Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        if binary && out.is_terminal() {
            bail!(TERMINAL);
        }
        return write(Sink::Stream(&mut out)).and_then(|()| out.flush()).context("writing stdout");
    }
    let what = || format!("writing {}", path.display());
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => bail!("cannot write {}: it is a directory", path.display()),
        Ok(m) if !m.is_file() => {
            let mut file = OpenOptions::new().write(true).open(path).with_context(what)?;
            // Replaced by a regular file meanwhile: replace that instead of
            // writing over its start.
            if !file.metadata().with_context(what)?.is_file() {
                if binary && file.is_terminal() {
                    bail!(TERMINAL);
                }
                return write(Sink::File(&mut file)).and_then(|()| file.flush()).with_context(what);
            }
        }
        _ => {}
    }
    let target = follow_links(path).with_context(what)?;
    if target.file_name().is_none() {
        bail!("cannot write {}: the path names no file", path.display());
    }
    replace(&target, write).with_context(what)
}

/// Removes what `path` names if it is a regular file (through symlinks,
/// removing the target); a device or FIFO is never removed.
pub fn remove_output(path: &Path) {
    if let Ok(target) = follow_links(path) {
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(target);
        }
    }
}

/// Whether `output` is an existing regular file that is also `input` (`-`
/// for stdin): by device and inode, so `./x`, a hard link or a symlink
/// cannot hide it.
pub fn is_same_file(output: &Path, input: &Path) -> bool {
    if output == Path::new("-") || !std::fs::metadata(output).is_ok_and(|m| m.is_file()) {
        return false;
    }
    matches!((identity(output), identity(input)), (Some(a), Some(b)) if a == b)
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = if path == Path::new("-") {
        use std::os::fd::AsFd;
        File::from(std::io::stdin().as_fd().try_clone_to_owned().ok()?).metadata().ok()?
    } else {
        std::fs::metadata(path).ok()?
    };
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    if path == Path::new("-") {
        return None;
    }
    std::fs::canonicalize(path).ok()
}

/// `path` with its last component's symlinks followed, so that replacing the
/// result replaces the link's target (which need not exist yet).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Replaces the file `target` with what `write` writes, atomically: a
/// temporary file beside it (keeping its permissions), then renamed
/// over it.
fn replace(target: &Path, write: &mut Contents<'_>) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (tmp, mut file) = create_temp(dir)?;
    let result = (|| {
        write(Sink::File(&mut file))?;
        if let Ok(old) = std::fs::metadata(target) {
            file.set_permissions(old.permissions())?;
        }
        // No fsync: like the compiler and linker before it in a build, an
        // output is rewritten on the next build after a crash, and syncing
        // 20 MB doubled the time of adapting ripgrep. The rename still means
        // no reader ever sees half a module.
        drop(file);
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new file in `dir`, created exclusively (nothing is overwritten), with a
/// short name that is legal whatever the length of the output's name.
fn create_temp(dir: &Path) -> std::io::Result<(PathBuf, File)> {
    let seed = RandomState::new();
    let mut attempt = 0u32;
    loop {
        let n = seed.hash_one((std::process::id(), attempt)) & 0xffff_ffff_ffff;
        let tmp = dir.join(format!(".wasi-backport-{n:012x}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}
