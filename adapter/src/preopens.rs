//! wasi:filesystem/preopens — the preview1 preopens, scanned once (fds 3,
//! 4, … until the host says there are no more), before any fd is reused.
use crate::fs::{new_descriptor, MUTATE_DIRECTORY, READ};
use crate::p1::{self, Fdstat, Prestat};
use crate::rt::{alloc, alloc_copy, grow, state, Ret, State};

/// The preopened directories' fds, in order, with no upper limit.
fn for_each_preopen(mut f: impl FnMut(u32, &Prestat)) {
    let mut fd = 3;
    loop {
        // SAFETY: an all-zero Prestat is valid (integers only).
        let mut p: Prestat = unsafe { core::mem::zeroed() };
        // SAFETY: the host writes a Prestat into the local.
        if unsafe { p1::fd_prestat_get(fd, &mut p) } != p1::ESUCCESS {
            return;
        }
        if p.tag == 0 {
            f(fd, &p);
        }
        fd += 1;
    }
}

/// What a preopen permits, from its preview1 rights: a directory is read
/// and, if the host lets it be changed, mutated; never written as a file.
fn preopen_flags(fd: u32) -> u8 {
    // SAFETY: an all-zero Fdstat is valid (integers only).
    let mut st: Fdstat = unsafe { core::mem::zeroed() };
    // SAFETY: the host writes an Fdstat into the local.
    if unsafe { p1::fd_fdstat_get(fd, &mut st) } != p1::ESUCCESS {
        return 0;
    }
    let mut flags = 0;
    if st.rights_base & (p1::RIGHTS_FD_READ | p1::RIGHTS_FD_READDIR) != 0 {
        flags |= READ;
    }
    let mutate = p1::RIGHTS_PATH_CREATE_DIRECTORY
        | p1::RIGHTS_PATH_CREATE_FILE
        | p1::RIGHTS_PATH_RENAME_TARGET
        | p1::RIGHTS_PATH_SYMLINK
        | p1::RIGHTS_PATH_REMOVE_DIRECTORY
        | p1::RIGHTS_PATH_UNLINK_FILE;
    if st.rights_base & mutate != 0 {
        flags |= MUTATE_DIRECTORY;
    }
    flags
}

/// Records of (fd, name pointer, name length, flags) in adapter memory.
fn scan(st: &mut State) {
    if st.preopens_scanned {
        return;
    }
    st.preopens_scanned = true;
    let (mut count, mut names) = (0, 0);
    for_each_preopen(|_, p| {
        count += 1;
        names += p.name_len;
    });
    if count == 0 {
        return;
    }
    // Fresh pages: `count` records of 16 bytes, then the names.
    let records = grow(count * 16 + names) as *mut [u32; 4];
    // SAFETY: the end of the records, inside the pages.
    let mut name = unsafe { records.add(count) } as *mut u8;
    let mut i = 0;
    for_each_preopen(|fd, p| {
        // A preopen that appeared between the two passes is left out.
        // SAFETY: `name` is past the names written so far, in the pages
        // `grow` just added at the end of memory, and nothing grows memory
        // during this pass: the host writes `name_len` bytes there, within
        // `names` while the lengths are the first pass's; a longer name (a
        // host that answered differently the second time) runs into the
        // pages' unused end or past the end of memory, which the host
        // refuses, never into memory anyone else uses.
        if i == count || unsafe { p1::fd_prestat_dir_name(fd, name, p.name_len) } != p1::ESUCCESS {
            return;
        }
        // SAFETY: i < count: record i is in the pages, 4-aligned.
        unsafe { records.add(i).write([fd, name as u32, p.name_len as u32, preopen_flags(fd) as u32]) };
        // SAFETY: at most the end of the names.
        name = unsafe { name.add(p.name_len) };
        i += 1;
    });
    st.preopens = records;
    st.preopen_count = i;
}

/// `list<tuple<own<descriptor>, string>>`: new handles to the same fds on
/// every call, each name in an allocation of its own.
#[export_name = "wasi:filesystem/preopens#get-directories"]
extern "C" fn get_directories(ret: *mut u8) {
    let st = state();
    scan(st);
    let (records, count) = (st.preopens, st.preopen_count);
    let list = alloc(count * 12, 4) as *mut u32;
    for i in 0..count {
        // SAFETY: i < preopen_count: a record `scan` wrote.
        let [fd, name, len, flags] = unsafe { *records.add(i) };
        // A preopen's fd is never closed.
        let handle = new_descriptor(fd, flags as u8, false);
        // SAFETY: `list` is a program allocation of `count` 12-byte tuples,
        // 4-aligned, and i < count; the name is `len` bytes in adapter
        // memory, written by `scan`.
        unsafe {
            list.add(i * 3).write(handle);
            list.add(i * 3 + 1).write(alloc_copy(name as *const u8, len as usize) as u32);
            list.add(i * 3 + 2).write(len);
        }
    }
    Ret(ret).list(0, list as *const u8, count);
}
