//! Byte-level mutations that know where sections are: flips, interesting
//! bytes, truncations, splices from another input, deleted and duplicated
//! ranges and sections, and LEB size lies (a section's size or count off by
//! a little, or written overlong). Positions are drawn within a random
//! section, so small sections (imports, exports, names) are hit as often as
//! the code. A component's nested core modules are walked too.
use crate::rng::Rng;

/// A section: where its id byte is, where its size LEB is and how wide,
/// and its contents.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    pub id_at: usize,
    pub size_at: usize,
    pub size_width: usize,
    pub start: usize,
    pub end: usize,
}

fn leb(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

fn write_leb(mut v: u64, width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..width {
        let more = if i + 1 < width { 0x80 } else { 0 };
        out.push((v & 0x7f) as u8 | more);
        v >>= 7;
    }
    out
}

fn min_leb(v: u64) -> Vec<u8> {
    let mut width = 1;
    while v.checked_shr(7 * width).unwrap_or(0) != 0 {
        width += 1;
    }
    write_leb(v, width as usize)
}

/// The sections of the module or component whose header is at `base`,
/// as far as they can be read, with those of nested core modules and
/// components (section ids 1 and 4 of a component).
pub fn sections(data: &[u8], base: usize, end: usize, depth: u32, out: &mut Vec<Section>) {
    if end > data.len() || base + 8 > end || &data[base..base + 4] != b"\0asm" {
        return;
    }
    let component = data[base + 6] == 1 || data[base + 4] == 0x0d;
    let mut at = base + 8;
    while at < end {
        let id_at = at;
        let Some((size, width)) = leb(&data[at + 1..end]) else { return };
        let start = at + 1 + width;
        let Some(stop) = start.checked_add(size as usize).filter(|&s| s <= end) else { return };
        out.push(Section { id_at, size_at: at + 1, size_width: width, start, end: stop });
        if component && (data[id_at] == 1 || data[id_at] == 4) && depth < 3 {
            sections(data, start, stop, depth + 1, out);
        }
        at = stop;
    }
}

const INTERESTING: &[u8] = &[0, 1, 2, 0x7f, 0x80, 0xff, 0x40, 0x60, 0x0b, 0x10, 0x41, 0x20, 0x70, 0x6f, 0x7e];

/// Applies one to four mutations to `data`; `other` is another input to
/// splice from.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let n = 1 + rng.below(4);
    for _ in 0..n {
        mutate_once(rng, data, other);
    }
}

/// A position to mutate: in a random section, or anywhere.
fn position(rng: &mut Rng, data: &[u8], secs: &[Section]) -> usize {
    if data.is_empty() {
        return 0;
    }
    if !secs.is_empty() && rng.chance(80) {
        let s = rng.pick(secs);
        if s.end > s.start {
            return s.start + rng.below(s.end - s.start);
        }
        return s.id_at;
    }
    rng.below(data.len())
}

fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let mut secs = Vec::new();
    sections(data, 0, data.len(), 0, &mut secs);
    match rng.below(13) {
        0 | 1 => {
            if !data.is_empty() {
                let at = position(rng, data, &secs);
                data[at] ^= 1 << rng.below(8);
            }
        }
        2 | 3 => {
            if !data.is_empty() {
                let at = position(rng, data, &secs);
                data[at] = *rng.pick(INTERESTING);
            }
        }
        4 => {
            // Truncation: at a section boundary or anywhere.
            let at = if !secs.is_empty() && rng.chance(50) {
                let s = rng.pick(&secs);
                if rng.chance(50) {
                    s.id_at
                } else {
                    s.start + (s.end - s.start) / 2
                }
            } else {
                rng.below(data.len() + 1)
            };
            data.truncate(at);
        }
        5 => {
            // Splice: a range of `other` over or into a range of `data`.
            if !other.is_empty() {
                let from = rng.below(other.len());
                let len = 1 + rng.below((other.len() - from).min(256));
                let piece = other[from..from + len].to_vec();
                let at = position(rng, data, &secs).min(data.len());
                if rng.chance(50) {
                    let stop = (at + len).min(data.len());
                    data.splice(at..stop, piece);
                } else {
                    data.splice(at..at, piece);
                }
            }
        }
        6 => {
            // Delete a range.
            if !data.is_empty() {
                let at = position(rng, data, &secs);
                let len = 1 + rng.below((data.len() - at).min(64));
                data.drain(at..at + len);
            }
        }
        7 => {
            // Duplicate a range.
            if !data.is_empty() {
                let at = position(rng, data, &secs);
                let len = 1 + rng.below((data.len() - at).min(64));
                let piece = data[at..at + len].to_vec();
                data.splice(at..at, piece);
            }
        }
        8 | 9 => {
            // A section's size lies by a little.
            if let Some(s) = secs.get(rng.below(secs.len().max(1))).copied() {
                let size = (s.end - s.start) as i64;
                let delta = [-3i64, -2, -1, 1, 2, 3, 7, 64, -64][rng.below(9)];
                let new = (size + delta).max(0) as u64;
                let width = if rng.chance(50) { s.size_width } else { min_leb(new).len() };
                let width = width.max(min_leb(new).len());
                data.splice(s.size_at..s.size_at + s.size_width, write_leb(new, width));
            }
        }
        10 => {
            // Overlong LEBs: a section's size, or the count or index
            // that opens its contents, rewritten 5 bytes wide (the same value).
            if let Some(s) = secs.get(rng.below(secs.len().max(1))).copied() {
                if rng.chance(50) {
                    let size = (s.end - s.start) as u64;
                    data.splice(s.size_at..s.size_at + s.size_width, write_leb(size, 5));
                } else if let Some((v, w)) = leb(&data[s.start..s.end]) {
                    // Keep the section's size right: it grows by 5 - w.
                    let grow = 5usize.saturating_sub(w) as u64;
                    if v < 1 << 35 && w <= 5 {
                        data.splice(s.start..s.start + w, write_leb(v, 5));
                        let size = (s.end - s.start) as u64 + grow;
                        data.splice(s.size_at..s.size_at + s.size_width, write_leb(size, 5));
                    }
                }
            }
        }
        11 => {
            // A section's count is off by one (the size kept right).
            if let Some(s) = secs.get(rng.below(secs.len().max(1))).copied() {
                if let Some((v, w)) = leb(&data[s.start..s.end]) {
                    let new = if rng.chance(50) { v.wrapping_add(1) } else { v.saturating_sub(1) };
                    let bytes = write_leb(new, w.max(min_leb(new).len()));
                    let size = (s.end - s.start - w + bytes.len()) as u64;
                    data.splice(s.start..s.start + w, bytes);
                    data.splice(
                        s.size_at..s.size_at + s.size_width,
                        write_leb(size, s.size_width.max(min_leb(size).len())),
                    );
                }
            }
        }
        _ => {
            // Remove, duplicate or move a whole section.
            if let Some(s) = secs.get(rng.below(secs.len().max(1))).copied() {
                let whole = data[s.id_at..s.end].to_vec();
                match rng.below(3) {
                    0 => {
                        data.drain(s.id_at..s.end);
                    }
                    1 => {
                        data.splice(s.end..s.end, whole);
                    }
                    _ => {
                        let t = rng.pick(&secs);
                        let to = t.id_at;
                        if to < s.id_at {
                            data.drain(s.id_at..s.end);
                            data.splice(to..to, whole);
                        }
                    }
                }
            }
        }
    }
}
