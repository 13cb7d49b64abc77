//! wasi:cli — environment, exit, stdio and terminals.
use crate::p1;
use crate::rt::{alloc, alloc_copy, check, state, Ret};
use crate::table::{Io, Kind, Resource, Stream};

/// Reads the preview1 environment (`split`: entries split at the first `=`)
/// or argument block and returns each entry as separately allocated strings:
/// the program frees each string on its own. (Plain calls, not function
/// pointers: the adapter has no table.)
fn string_block(split: bool, ret: Ret) {
    let (mut count, mut bytes) = (0usize, 0usize);
    // SAFETY: both write two `size`s, through pointers to these locals.
    check(unsafe {
        if split {
            p1::environ_sizes_get(&mut count, &mut bytes)
        } else {
            p1::args_sizes_get(&mut count, &mut bytes)
        }
    });
    let stride = if split { 16 } else { 8 };
    let list = alloc(count * stride, 4);
    if count == 0 {
        // Some hosts (Node) reject the get call's pointers when there is
        // nothing to write through them.
        return ret.list(0, list, 0);
    }
    // Scratch for the host's block: `count` pointers, then the strings.
    let ptrs = state().scratch(count * 4 + bytes) as *mut *mut u8;
    // SAFETY: scratch holds `count * 4 + bytes` bytes, so `buf` is inside it
    // with `bytes` behind it.
    let buf = unsafe { ptrs.add(count) } as *mut u8;
    // SAFETY: the host writes `count` pointers at `ptrs` and `bytes` bytes
    // at `buf`, the sizes it reported above (preview1's contract).
    check(unsafe {
        if split {
            p1::environ_get(ptrs, buf)
        } else {
            p1::args_get(ptrs, buf)
        }
    });
    for i in 0..count {
        // SAFETY: i < count: the host wrote `count` pointers, each to a
        // NUL-terminated string inside `buf`.
        let s = unsafe { *ptrs.add(i) };
        // SAFETY: the loops below read up to the NUL, inside the string.
        let at = |k: usize| unsafe { *s.add(k) };
        // An argument, or an environment entry's name: up to the NUL, or
        // for an entry up to its first `=`; the entry's value is the rest.
        let mut eq = 0;
        while at(eq) != 0 && !(split && at(eq) == b'=') {
            eq += 1;
        }
        let mut len = eq;
        while at(len) != 0 {
            len += 1;
        }
        // SAFETY: `list` is a program allocation of `count * stride` bytes,
        // aligned to 4, and `i < count`: item `i` is inside it.
        let item = Ret(unsafe { list.add(i * stride) });
        string(&item, 0, s, eq);
        if split {
            let value = if eq < len { eq + 1 } else { len };
            // SAFETY: `value <= len`: at most the NUL's address.
            string(&item, 8, unsafe { s.add(value) }, len - value);
        }
    }
    ret.list(0, list, count);
}

/// A copy of the `len` bytes at `s` as the `string` at `off` of `item`.
/// Out of line: one copy of the allocation for the three strings above,
/// which a program asks for once.
#[inline(never)]
fn string(item: &Ret, off: usize, s: *const u8, len: usize) {
    item.list(off, alloc_copy(s, len), len);
}

#[export_name = "wasi:cli/environment#get-environment"]
extern "C" fn get_environment(ret: *mut u8) {
    string_block(true, Ret(ret));
}

#[export_name = "wasi:cli/environment#get-arguments"]
extern "C" fn get_arguments(ret: *mut u8) {
    string_block(false, Ret(ret));
}

/// Preview1 has no working directory: paths resolve against preopens.
#[export_name = "wasi:cli/environment#initial-cwd"]
extern "C" fn initial_cwd(ret: *mut u8) {
    Ret(ret).u8(0, 0);
}

#[export_name = "wasi:cli/exit#exit"]
extern "C" fn exit(status: u32) -> ! {
    // SAFETY: proc_exit takes no pointers.
    unsafe { p1::proc_exit(if status == 0 { 0 } else { 1 }) }
}

#[export_name = "wasi:cli/exit#exit-with-code"]
extern "C" fn exit_with_code(code: u32) -> ! {
    // SAFETY: proc_exit takes no pointers.
    unsafe { p1::proc_exit(code & 0xff) }
}

/// A new stream of stdio fd `fd` (0: input, else output). One copy of the
/// table insert for the three (each program asks for each once or so).
#[inline(never)]
fn stdio(fd: u32) -> u32 {
    let s = Stream { fd, io: Io::Plain, closed: false, ready: false };
    state().table.push(if fd == 0 { Resource::Input(s) } else { Resource::Output(s) }, false)
}

#[export_name = "wasi:cli/stdin#get-stdin"]
extern "C" fn get_stdin() -> u32 {
    stdio(0)
}

#[export_name = "wasi:cli/stdout#get-stdout"]
extern "C" fn get_stdout() -> u32 {
    stdio(1)
}

#[export_name = "wasi:cli/stderr#get-stderr"]
extern "C" fn get_stderr() -> u32 {
    stdio(2)
}

/// `option<terminal>`: some when `fd` is a character device that cannot
/// seek, the test wasi-libc's preview1 `isatty` makes. The resource is
/// picked here, from `fd`, so that each caller passes a number only.
fn terminal(fd: u32, ret: *mut u8) {
    let mut stat = core::mem::MaybeUninit::<p1::Fdstat>::uninit();
    let ret = Ret(ret);
    // SAFETY: the host writes an Fdstat into the local, which is read only
    // when it reports that it did.
    let is_tty = unsafe {
        p1::fd_fdstat_get(fd, stat.as_mut_ptr()) == p1::ESUCCESS && {
            let stat = stat.assume_init_ref();
            stat.filetype == p1::FILETYPE_CHARACTER_DEVICE
                && stat.rights_base & (p1::RIGHTS_FD_SEEK | p1::RIGHTS_FD_TELL) == 0
        }
    };
    if is_tty {
        let res = if fd == 0 { Resource::TerminalInput } else { Resource::TerminalOutput };
        ret.u8(0, 1);
        ret.u32(4, state().table.push(res, false));
    } else {
        ret.u8(0, 0);
    }
}

#[export_name = "wasi:cli/terminal-stdin#get-terminal-stdin"]
extern "C" fn get_terminal_stdin(ret: *mut u8) {
    terminal(0, ret);
}

#[export_name = "wasi:cli/terminal-stdout#get-terminal-stdout"]
extern "C" fn get_terminal_stdout(ret: *mut u8) {
    terminal(1, ret);
}

#[export_name = "wasi:cli/terminal-stderr#get-terminal-stderr"]
extern "C" fn get_terminal_stderr(ret: *mut u8) {
    terminal(2, ret);
}

#[export_name = "wasi:cli/terminal-input#[resource-drop]terminal-input"]
extern "C" fn drop_terminal_input(handle: u32) {
    state().table.drop_handle(handle, Kind::TerminalInput);
}

#[export_name = "wasi:cli/terminal-output#[resource-drop]terminal-output"]
extern "C" fn drop_terminal_output(handle: u32) {
    state().table.drop_handle(handle, Kind::TerminalOutput);
}
