//! The seed corpus: the `.wasm` files of a directory (`fuzz/corpus/` holds
//! small real WASIp2 modules and components, made from the repository's
//! fixtures by `wb-fuzz --make-corpus`), and the hand-written programs of the
//! library's golden tests and CLI transcripts, compiled from their text.
use std::path::{Path, PathBuf};

pub fn default_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Every seed: the directory's `.wasm` files (sorted by name, so that a
/// seed gives the same run), then the `.wat` test inputs of the repository.
pub fn load(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for f in files {
        if f.extension().is_some_and(|e| e == "wasm") {
            out.push((f.display().to_string(), std::fs::read(&f)?));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for sub in ["crates/wasi-backport/tests/golden", "crates/wasi-backport-cli/tests/cli"] {
        let Ok(entries) = std::fs::read_dir(root.join(sub)) else { continue };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "wat") {
                if let Ok(wasm) = wat::parse_file(&f) {
                    out.push((f.display().to_string(), wasm));
                }
            }
        }
    }
    Ok(out)
}

/// `wasm` (a module or component) without DWARF (`.debug_*`) and
/// producers sections, in nested modules too; other sections as they were.
/// `lean` drops `component-type*` and `name` sections as well.
pub fn strip(wasm: &[u8], lean: bool) -> Vec<u8> {
    let mut out = wasm[..8].to_vec();
    let component = wasm[6] == 1;
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let mut size = 0usize;
        let mut width = 0;
        loop {
            let b = wasm[at + 1 + width];
            size |= usize::from(b & 0x7f) << (7 * width);
            width += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        let start = at + 1 + width;
        let contents = &wasm[start..start + size];
        at = start + size;
        let new: Vec<u8> = if id == 0 {
            let name_len = contents[0] as usize; // names here are short
            let name = std::str::from_utf8(&contents[1..1 + name_len]).unwrap_or("");
            let drop = name.starts_with(".debug_")
                || name == "producers"
                || name == "target_features"
                || (lean && (name == "name" || name.trim_start_matches('\x01').starts_with("component-type")));
            if drop {
                continue;
            }
            contents.to_vec()
        } else if component && (id == 1 || id == 4) {
            strip(contents, lean)
        } else {
            contents.to_vec()
        };
        out.push(id);
        wasm_encoder::Encode::encode(&(new.len() as u32), &mut out);
        out.extend_from_slice(&new);
    }
    out
}
