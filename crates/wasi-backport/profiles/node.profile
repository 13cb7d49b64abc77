# Node.js 20 (V8 11.3) and its built-in `node:wasi` (uvwasi), preview1
# version, as `new WASI({ version: 'preview1' })` sets it up.
# Every entry is also checked on the runtime itself by tests/runner/tests/profiles.rs:
# a probe module per function and per feature.
#
# Left out: proc_raise (uvwasi answers `nosys`), and what V8 11.3 keeps
# behind --experimental-wasm-* flags, off by default (`node --v8-options`):
# memory64, relaxed-simd, extended-const, gc, function-references
# (typed-funcref), stack-switching; and what it does not have at all:
# exceptions with exnref, multi-memory, wide-arithmetic, custom-page-sizes.
name node
about Node.js 20 node:wasi (uvwasi) on V8 11.3
function args_get                 node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_args_get (deps/uvwasi/src/uvwasi.c)
function args_sizes_get           node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_args_sizes_get (deps/uvwasi/src/uvwasi.c)
function clock_res_get            node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_clock_res_get (deps/uvwasi/src/uvwasi.c)
function clock_time_get           node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_clock_time_get (deps/uvwasi/src/uvwasi.c)
function environ_get              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_environ_get (deps/uvwasi/src/uvwasi.c)
function environ_sizes_get        node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_environ_sizes_get (deps/uvwasi/src/uvwasi.c)
function fd_advise                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_advise (deps/uvwasi/src/uvwasi.c)
function fd_allocate              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_allocate (deps/uvwasi/src/uvwasi.c)
function fd_close                 node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_close (deps/uvwasi/src/uvwasi.c)
function fd_datasync              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_datasync (deps/uvwasi/src/uvwasi.c)
function fd_fdstat_get            node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_fdstat_get (deps/uvwasi/src/uvwasi.c)
function fd_fdstat_set_flags      node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_fdstat_set_flags (deps/uvwasi/src/uvwasi.c)
function fd_fdstat_set_rights     node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_fdstat_set_rights (deps/uvwasi/src/uvwasi.c)
function fd_filestat_get          node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_filestat_get (deps/uvwasi/src/uvwasi.c)
function fd_filestat_set_size     node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_filestat_set_size (deps/uvwasi/src/uvwasi.c)
function fd_filestat_set_times    node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_filestat_set_times (deps/uvwasi/src/uvwasi.c)
function fd_pread                 node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_pread (deps/uvwasi/src/uvwasi.c)
function fd_prestat_dir_name      node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_prestat_dir_name (deps/uvwasi/src/uvwasi.c)
function fd_prestat_get           node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_prestat_get (deps/uvwasi/src/uvwasi.c)
function fd_pwrite                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_pwrite (deps/uvwasi/src/uvwasi.c)
function fd_read                  node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_read (deps/uvwasi/src/uvwasi.c)
function fd_readdir               node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_readdir (deps/uvwasi/src/uvwasi.c)
function fd_renumber              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_renumber (deps/uvwasi/src/uvwasi.c)
function fd_seek                  node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_seek (deps/uvwasi/src/uvwasi.c)
function fd_sync                  node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_sync (deps/uvwasi/src/uvwasi.c)
function fd_tell                  node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_tell (deps/uvwasi/src/uvwasi.c)
function fd_write                 node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_fd_write (deps/uvwasi/src/uvwasi.c)
function path_create_directory    node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_create_directory (deps/uvwasi/src/uvwasi.c)
function path_filestat_get        node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_filestat_get (deps/uvwasi/src/uvwasi.c)
function path_filestat_set_times  node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_filestat_set_times (deps/uvwasi/src/uvwasi.c)
function path_link                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_link (deps/uvwasi/src/uvwasi.c)
function path_open                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_open (deps/uvwasi/src/uvwasi.c)
function path_readlink            node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_readlink (deps/uvwasi/src/uvwasi.c)
function path_remove_directory    node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_remove_directory (deps/uvwasi/src/uvwasi.c)
function path_rename              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_rename (deps/uvwasi/src/uvwasi.c)
function path_symlink             node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_symlink (deps/uvwasi/src/uvwasi.c)
function path_unlink_file         node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_path_unlink_file (deps/uvwasi/src/uvwasi.c)
function poll_oneoff              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_poll_oneoff (deps/uvwasi/src/uvwasi.c)
function proc_exit                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_proc_exit (deps/uvwasi/src/uvwasi.c)
function random_get               node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_random_get (deps/uvwasi/src/uvwasi.c)
function sched_yield              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_sched_yield (deps/uvwasi/src/uvwasi.c)
function sock_accept              node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_sock_accept (deps/uvwasi/src/uvwasi.c)
function sock_recv                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_sock_recv (deps/uvwasi/src/uvwasi.c)
function sock_send                node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_sock_send (deps/uvwasi/src/uvwasi.c)
function sock_shutdown            node 20 lib/wasi.js + src/node_wasi.cc bind it to uvwasi_sock_shutdown (deps/uvwasi/src/uvwasi.c)
feature mutable-global           shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature saturating-float-to-int  shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature sign-extension           shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature multi-value              shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature reference-types          shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature call-indirect-overlong   shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature bulk-memory              shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature bulk-memory-opt          shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature simd                     shipped in V8 before 11.3: on by default, no --experimental-wasm flag in `node --v8-options`
feature threads                  V8 11.3: shared memories and atomics on by default (SharedArrayBuffer); node:wasi accepts a shared memory export
feature tail-call                `node --v8-options`: --experimental-wasm-return-call, default on in V8 11.3
feature legacy-exceptions        V8 11.3: the try/catch exception proposal, on by default (no --experimental-wasm flag)
