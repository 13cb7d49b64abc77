//! The `wasi_snapshot_preview1` functions and their core signatures, as the
//! witx defines them (pointers and sizes are i32, 64-bit values i64; every
//! function but `proc_exit` returns an errno as i32).
use wasmparser::ValType::{I32, I64};

use crate::wasi::CoreSig;

const E: &[wasmparser::ValType] = &[I32];

/// (name, params, results)
const FUNCTIONS: &[(&str, &[wasmparser::ValType], &[wasmparser::ValType])] = &[
    ("args_get", &[I32, I32], E),
    ("args_sizes_get", &[I32, I32], E),
    ("clock_res_get", &[I32, I32], E),
    ("clock_time_get", &[I32, I64, I32], E),
    ("environ_get", &[I32, I32], E),
    ("environ_sizes_get", &[I32, I32], E),
    ("fd_advise", &[I32, I64, I64, I32], E),
    ("fd_allocate", &[I32, I64, I64], E),
    ("fd_close", &[I32], E),
    ("fd_datasync", &[I32], E),
    ("fd_fdstat_get", &[I32, I32], E),
    ("fd_fdstat_set_flags", &[I32, I32], E),
    ("fd_fdstat_set_rights", &[I32, I64, I64], E),
    ("fd_filestat_get", &[I32, I32], E),
    ("fd_filestat_set_size", &[I32, I64], E),
    ("fd_filestat_set_times", &[I32, I64, I64, I32], E),
    ("fd_pread", &[I32, I32, I32, I64, I32], E),
    ("fd_prestat_dir_name", &[I32, I32, I32], E),
    ("fd_prestat_get", &[I32, I32], E),
    ("fd_pwrite", &[I32, I32, I32, I64, I32], E),
    ("fd_read", &[I32, I32, I32, I32], E),
    ("fd_readdir", &[I32, I32, I32, I64, I32], E),
    ("fd_renumber", &[I32, I32], E),
    ("fd_seek", &[I32, I64, I32, I32], E),
    ("fd_sync", &[I32], E),
    ("fd_tell", &[I32, I32], E),
    ("fd_write", &[I32, I32, I32, I32], E),
    ("path_create_directory", &[I32, I32, I32], E),
    ("path_filestat_get", &[I32, I32, I32, I32, I32], E),
    ("path_filestat_set_times", &[I32, I32, I32, I32, I64, I64, I32], E),
    ("path_link", &[I32, I32, I32, I32, I32, I32, I32], E),
    ("path_open", &[I32, I32, I32, I32, I32, I64, I64, I32, I32], E),
    ("path_readlink", &[I32, I32, I32, I32, I32, I32], E),
    ("path_remove_directory", &[I32, I32, I32], E),
    ("path_rename", &[I32, I32, I32, I32, I32, I32], E),
    ("path_symlink", &[I32, I32, I32, I32, I32], E),
    ("path_unlink_file", &[I32, I32, I32], E),
    ("poll_oneoff", &[I32, I32, I32, I32], E),
    ("proc_exit", &[I32], &[]),
    ("proc_raise", &[I32], E),
    ("random_get", &[I32, I32], E),
    ("sched_yield", &[], E),
    ("sock_accept", &[I32, I32, I32], E),
    ("sock_recv", &[I32, I32, I32, I32, I32, I32], E),
    ("sock_send", &[I32, I32, I32, I32, I32], E),
    ("sock_shutdown", &[I32, I32], E),
];

/// The witx signature of preview1 function `name`, if there is one.
pub fn signature(name: &str) -> Option<CoreSig> {
    FUNCTIONS.iter().find(|(n, ..)| *n == name).map(|(_, p, r)| CoreSig::new(p, r))
}

/// Every preview1 function name.
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|(n, ..)| *n)
}
