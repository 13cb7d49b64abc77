# wasmtime 48 with its default Config, running a preview1 module through
# wasmtime-wasi's preview1 host (what `wasmtime run` does with a core module).
# Every entry is also checked on the runtime itself by tests/runner/tests/profiles.rs:
# a probe module per function and per feature.
#
# Left out: proc_raise (the host answers `notsup` whatever the signal), and
# the features the default Config turns off: threads (shared memory is off:
# config.rs:3319 `Config::shared_memory`), legacy-exceptions, wide-arithmetic,
# custom-page-sizes, stack-switching, shared-everything-threads.
name wasmtime
about wasmtime 48 with its default configuration and the wasmtime-wasi preview1 host
function args_get                 wasmtime-wasi 48.0.8 src/p1.rs:1190 `fn args_get`
function args_sizes_get           wasmtime-wasi 48.0.8 src/p1.rs:1214 `fn args_sizes_get`
function clock_res_get            wasmtime-wasi 48.0.8 src/p1.rs:1282 `fn clock_res_get`
function clock_time_get           wasmtime-wasi 48.0.8 src/p1.rs:1303 `fn clock_time_get`
function environ_get              wasmtime-wasi 48.0.8 src/p1.rs:1234 `fn environ_get`
function environ_sizes_get        wasmtime-wasi 48.0.8 src/p1.rs:1263 `fn environ_sizes_get`
function fd_advise                wasmtime-wasi 48.0.8 src/p1.rs:1325 `fn fd_advise`
function fd_allocate              wasmtime-wasi 48.0.8 src/p1.rs:1343 `fn fd_allocate`
function fd_close                 wasmtime-wasi 48.0.8 src/p1.rs:1357 `fn fd_close`
function fd_datasync              wasmtime-wasi 48.0.8 src/p1.rs:1391 `fn fd_datasync`
function fd_fdstat_get            wasmtime-wasi 48.0.8 src/p1.rs:1404 `fn fd_fdstat_get`
function fd_fdstat_set_flags      wasmtime-wasi 48.0.8 src/p1.rs:1527 `fn fd_fdstat_set_flags`
function fd_fdstat_set_rights     wasmtime-wasi 48.0.8 src/p1.rs:1554 `fn fd_fdstat_set_rights`
function fd_filestat_get          wasmtime-wasi 48.0.8 src/p1.rs:1567 `fn fd_filestat_get`
function fd_filestat_set_size     wasmtime-wasi 48.0.8 src/p1.rs:1624 `fn fd_filestat_set_size`
function fd_filestat_set_times    wasmtime-wasi 48.0.8 src/p1.rs:1638 `fn fd_filestat_set_times`
function fd_pread                 wasmtime-wasi 48.0.8 src/p1.rs:1745 `fn fd_pread`
function fd_prestat_dir_name      wasmtime-wasi 48.0.8 src/p1.rs:1833 `fn fd_prestat_dir_name`
function fd_prestat_get           wasmtime-wasi 48.0.8 src/p1.rs:1815 `fn fd_prestat_get`
function fd_pwrite                wasmtime-wasi 48.0.8 src/p1.rs:1802 `fn fd_pwrite`
function fd_read                  wasmtime-wasi 48.0.8 src/p1.rs:1665 `fn fd_read`
function fd_readdir               wasmtime-wasi 48.0.8 src/p1.rs:1948 `fn fd_readdir`
function fd_renumber              wasmtime-wasi 48.0.8 src/p1.rs:1857 `fn fd_renumber`
function fd_seek                  wasmtime-wasi 48.0.8 src/p1.rs:1889 `fn fd_seek`
function fd_sync                  wasmtime-wasi 48.0.8 src/p1.rs:1922 `fn fd_sync`
function fd_tell                  wasmtime-wasi 48.0.8 src/p1.rs:1935 `fn fd_tell`
function fd_write                 wasmtime-wasi 48.0.8 src/p1.rs:1790 `fn fd_write`
function path_create_directory    wasmtime-wasi 48.0.8 src/p1.rs:2038 `fn path_create_directory`
function path_filestat_get        wasmtime-wasi 48.0.8 src/p1.rs:2055 `fn path_filestat_get`
function path_filestat_set_times  wasmtime-wasi 48.0.8 src/p1.rs:2102 `fn path_filestat_set_times`
function path_link                wasmtime-wasi 48.0.8 src/p1.rs:2134 `fn path_link`
function path_open                wasmtime-wasi 48.0.8 src/p1.rs:2156 `fn path_open`
function path_readlink            wasmtime-wasi 48.0.8 src/p1.rs:2217 `fn path_readlink`
function path_remove_directory    wasmtime-wasi 48.0.8 src/p1.rs:2242 `fn path_remove_directory`
function path_rename              wasmtime-wasi 48.0.8 src/p1.rs:2257 `fn path_rename`
function path_symlink             wasmtime-wasi 48.0.8 src/p1.rs:2276 `fn path_symlink`
function path_unlink_file         wasmtime-wasi 48.0.8 src/p1.rs:2293 `fn path_unlink_file`
function poll_oneoff              wasmtime-wasi 48.0.8 src/p1.rs:2308 `fn poll_oneoff`
function proc_exit                wasmtime-wasi 48.0.8 src/p1.rs:2597 `fn proc_exit`
function random_get               wasmtime-wasi 48.0.8 src/p1.rs:2625 `fn random_get`
function sched_yield              wasmtime-wasi 48.0.8 src/p1.rs:2619 `fn sched_yield`
function sock_accept              wasmtime-wasi 48.0.8 src/p1.rs:2642 `fn sock_accept` (a stub: any open fd answers `notsock`)
function sock_recv                wasmtime-wasi 48.0.8 src/p1.rs:2654 `fn sock_recv` (a stub: any open fd answers `notsock`)
function sock_send                wasmtime-wasi 48.0.8 src/p1.rs:2667 `fn sock_send` (a stub: any open fd answers `notsock`)
function sock_shutdown            wasmtime-wasi 48.0.8 src/p1.rs:2680 `fn sock_shutdown` (a stub: any open fd answers `notsock`)
feature mutable-global           WebAssembly 2.0 core: wasmtime 48 validates it with no Config switch
feature saturating-float-to-int  WebAssembly 2.0 core: wasmtime 48 validates it with no Config switch
feature sign-extension           WebAssembly 2.0 core: wasmtime 48 validates it with no Config switch
feature multi-value              WebAssembly 2.0 core: wasmtime 48 validates it with no Config switch
feature reference-types          wasmtime 48.0.8 src/config.rs:1042 `Config::wasm_reference_types`, on by default
feature call-indirect-overlong   wasmtime 48.0.8 src/config.rs:1042 `Config::wasm_reference_types`, on by default
feature bulk-memory              wasmtime 48.0.8 src/config.rs:1181 `Config::wasm_bulk_memory`, on by default
feature bulk-memory-opt          wasmtime 48.0.8 src/config.rs:1181 `Config::wasm_bulk_memory`, on by default
feature simd                     wasmtime 48.0.8 src/config.rs:1110 `Config::wasm_simd`, on by default
feature relaxed-simd             wasmtime 48.0.8 src/config.rs:1137 `Config::wasm_relaxed_simd`, on by default
feature tail-call                wasmtime 48.0.8 src/config.rs:941 `Config::wasm_tail_call`, on by default
feature multi-memory             wasmtime 48.0.8 src/config.rs:1209 `Config::wasm_multi_memory`, on by default
feature exceptions               wasmtime 48.0.8 src/config.rs:1404 `Config::wasm_exceptions`, on by default
feature memory64                 wasmtime 48.0.8 src/config.rs:1224 `Config::wasm_memory64`, on by default
feature extended-const           wasmtime 48.0.8 src/config.rs:1235 `Config::wasm_extended_const`, on by default
feature function-references      wasmtime 48.0.8 src/config.rs:1061 `Config::wasm_function_references`, on by default
feature gc                       wasmtime 48.0.8 src/config.rs:1089 `Config::wasm_gc`, on by default
