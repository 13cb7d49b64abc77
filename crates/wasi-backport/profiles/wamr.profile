# WAMR 2.4.3, fast interpreter, as wasi-backport's test runner builds it:
# crates.io wamrx-sys 0.3.0 with its features libc-wasi, reference-types and
# bulk-memory (tests/runner). A WAMR built with other options supports other
# features: copy this file, edit it, and pass its path to --runtime.
# Every entry is also checked on the runtime itself by tests/runner/tests/profiles.rs:
# a probe module per function and per feature.
#
# Left out: proc_raise (every call ends the instance with an exception,
# libc_wasi_wrapper.c:1136 `wasi_proc_raise`), and the features this build
# leaves off: wamrx-sys build.rs:106-117 turns simd, tail-call, gc, shared
# memory (threads) and extended-const on only with their crate features, and
# WAMR's build-scripts/config_common.cmake:242-255 defaults exceptions,
# memory64 and multi-memory to off. relaxed-simd, function-references and the
# rest are not in this build either (the probes fail).
#
# WAMR's socket extension: libc-wasi registers 52 sock_* functions, 4 of
# them the witx's (sock_accept, sock_recv, sock_send, sock_shutdown); the
# other 48 are not preview1, so each is listed with its core signature (the
# gate checks it against wasi-backport's table of the extension,
# crates/wasi-backport/src/check/extension.rs). In WAMR's notation i is i32,
# I i64, and * $ (pointers) i32. Left out: sock_close, registered
# (libc_wasi_wrapper.c:2359) but always returning ENOSYS
# (libc_wasi_wrapper.c:1268-1274 `wasi_sock_close`); sockets close with
# fd_close. The extension needs an address pool (and a name-lookup list for
# sock_addr_resolve) from the embedder, else bind/connect/send_to/resolve
# fail with EACCES: iwasm --addr-pool, --allow-resolve.
name wamr
about WAMR 2.4.3 fast interpreter with libc-wasi, reference-types and bulk-memory (wamrx-sys 0.3.0)
function args_get                 wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2313 `REG_NATIVE_FUNC(args_get)`
function args_sizes_get           wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2314 `REG_NATIVE_FUNC(args_sizes_get)`
function clock_res_get            wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2315 `REG_NATIVE_FUNC(clock_res_get)`
function clock_time_get           wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2316 `REG_NATIVE_FUNC(clock_time_get)`
function environ_get              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2317 `REG_NATIVE_FUNC(environ_get)`
function environ_sizes_get        wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2318 `REG_NATIVE_FUNC(environ_sizes_get)`
function fd_advise                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2334 `REG_NATIVE_FUNC(fd_advise)`
function fd_allocate              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2335 `REG_NATIVE_FUNC(fd_allocate)`
function fd_close                 wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2321 `REG_NATIVE_FUNC(fd_close)`
function fd_datasync              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2322 `REG_NATIVE_FUNC(fd_datasync)`
function fd_fdstat_get            wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2329 `REG_NATIVE_FUNC(fd_fdstat_get)`
function fd_fdstat_set_flags      wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2330 `REG_NATIVE_FUNC(fd_fdstat_set_flags)`
function fd_fdstat_set_rights     wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2331 `REG_NATIVE_FUNC(fd_fdstat_set_rights)`
function fd_filestat_get          wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2342 `REG_NATIVE_FUNC(fd_filestat_get)`
function fd_filestat_set_size     wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2344 `REG_NATIVE_FUNC(fd_filestat_set_size)`
function fd_filestat_set_times    wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2343 `REG_NATIVE_FUNC(fd_filestat_set_times)`
function fd_pread                 wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2323 `REG_NATIVE_FUNC(fd_pread)`
function fd_prestat_dir_name      wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2320 `REG_NATIVE_FUNC(fd_prestat_dir_name)`
function fd_prestat_get           wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2319 `REG_NATIVE_FUNC(fd_prestat_get)`
function fd_pwrite                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2324 `REG_NATIVE_FUNC(fd_pwrite)`
function fd_read                  wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2325 `REG_NATIVE_FUNC(fd_read)`
function fd_readdir               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2339 `REG_NATIVE_FUNC(fd_readdir)`
function fd_renumber              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2326 `REG_NATIVE_FUNC(fd_renumber)`
function fd_seek                  wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2327 `REG_NATIVE_FUNC(fd_seek)`
function fd_sync                  wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2332 `REG_NATIVE_FUNC(fd_sync)`
function fd_tell                  wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2328 `REG_NATIVE_FUNC(fd_tell)`
function fd_write                 wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2333 `REG_NATIVE_FUNC(fd_write)`
function path_create_directory    wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2336 `REG_NATIVE_FUNC(path_create_directory)`
function path_filestat_get        wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2345 `REG_NATIVE_FUNC(path_filestat_get)`
function path_filestat_set_times  wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2346 `REG_NATIVE_FUNC(path_filestat_set_times)`
function path_link                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2337 `REG_NATIVE_FUNC(path_link)`
function path_open                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2338 `REG_NATIVE_FUNC(path_open)`
function path_readlink            wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2340 `REG_NATIVE_FUNC(path_readlink)`
function path_remove_directory    wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2349 `REG_NATIVE_FUNC(path_remove_directory)`
function path_rename              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2341 `REG_NATIVE_FUNC(path_rename)`
function path_symlink             wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2347 `REG_NATIVE_FUNC(path_symlink)`
function path_unlink_file         wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2348 `REG_NATIVE_FUNC(path_unlink_file)`
function poll_oneoff              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2350 `REG_NATIVE_FUNC(poll_oneoff)`
function proc_exit                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2351 `REG_NATIVE_FUNC(proc_exit)`
function random_get               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2353 `REG_NATIVE_FUNC(random_get)`
function sched_yield              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2406 `REG_NATIVE_FUNC(sched_yield)`
function sock_addr_local                (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2355 `REG_NATIVE_FUNC(sock_addr_local, "(i*)i")`
function sock_addr_remote               (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2356 `REG_NATIVE_FUNC(sock_addr_remote, "(i*)i")`
function sock_addr_resolve              (i32,i32,i32,i32,i32,i32)->(i32)   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2357 `REG_NATIVE_FUNC(sock_addr_resolve, "($$**i*)i")`
function sock_bind                      (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2358 `REG_NATIVE_FUNC(sock_bind, "(i*)i")`
function sock_connect                   (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2360 `REG_NATIVE_FUNC(sock_connect, "(i*)i")`
function sock_get_broadcast             (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2361 `REG_NATIVE_FUNC(sock_get_broadcast, "(i*)i")`
function sock_get_ip_multicast_loop     (i32,i32,i32)->(i32)               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2375 `REG_NATIVE_FUNC(sock_get_ip_multicast_loop, "(ii*)i")`
function sock_get_ip_multicast_ttl      (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2376 `REG_NATIVE_FUNC(sock_get_ip_multicast_ttl, "(i*)i")`
function sock_get_ip_ttl                (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2377 `REG_NATIVE_FUNC(sock_get_ip_ttl, "(i*)i")`
function sock_get_ipv6_only             (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2378 `REG_NATIVE_FUNC(sock_get_ipv6_only, "(i*)i")`
function sock_get_keep_alive            (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2362 `REG_NATIVE_FUNC(sock_get_keep_alive, "(i*)i")`
function sock_get_linger                (i32,i32,i32)->(i32)               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2363 `REG_NATIVE_FUNC(sock_get_linger, "(i**)i")`
function sock_get_recv_buf_size         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2364 `REG_NATIVE_FUNC(sock_get_recv_buf_size, "(i*)i")`
function sock_get_recv_timeout          (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2365 `REG_NATIVE_FUNC(sock_get_recv_timeout, "(i*)i")`
function sock_get_reuse_addr            (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2366 `REG_NATIVE_FUNC(sock_get_reuse_addr, "(i*)i")`
function sock_get_reuse_port            (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2367 `REG_NATIVE_FUNC(sock_get_reuse_port, "(i*)i")`
function sock_get_send_buf_size         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2368 `REG_NATIVE_FUNC(sock_get_send_buf_size, "(i*)i")`
function sock_get_send_timeout          (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2369 `REG_NATIVE_FUNC(sock_get_send_timeout, "(i*)i")`
function sock_get_tcp_fastopen_connect  (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2370 `REG_NATIVE_FUNC(sock_get_tcp_fastopen_connect, "(i*)i")`
function sock_get_tcp_keep_idle         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2371 `REG_NATIVE_FUNC(sock_get_tcp_keep_idle, "(i*)i")`
function sock_get_tcp_keep_intvl        (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2372 `REG_NATIVE_FUNC(sock_get_tcp_keep_intvl, "(i*)i")`
function sock_get_tcp_no_delay          (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2373 `REG_NATIVE_FUNC(sock_get_tcp_no_delay, "(i*)i")`
function sock_get_tcp_quick_ack         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2374 `REG_NATIVE_FUNC(sock_get_tcp_quick_ack, "(i*)i")`
function sock_listen                    (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2379 `REG_NATIVE_FUNC(sock_listen, "(ii)i")`
function sock_open                      (i32,i32,i32,i32)->(i32)           wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2380 `REG_NATIVE_FUNC(sock_open, "(iii*)i")`
function sock_recv_from                 (i32,i32,i32,i32,i32,i32)->(i32)   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2382 `REG_NATIVE_FUNC(sock_recv_from, "(i*ii**)i")`
function sock_send_to                   (i32,i32,i32,i32,i32,i32)->(i32)   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2384 `REG_NATIVE_FUNC(sock_send_to, "(i*ii**)i")`
function sock_set_broadcast             (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2385 `REG_NATIVE_FUNC(sock_set_broadcast, "(ii)i")`
function sock_set_ip_add_membership     (i32,i32,i32)->(i32)               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2401 `REG_NATIVE_FUNC(sock_set_ip_add_membership, "(i*i)i")`
function sock_set_ip_drop_membership    (i32,i32,i32)->(i32)               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2402 `REG_NATIVE_FUNC(sock_set_ip_drop_membership, "(i*i)i")`
function sock_set_ip_multicast_loop     (i32,i32,i32)->(i32)               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2399 `REG_NATIVE_FUNC(sock_set_ip_multicast_loop, "(iii)i")`
function sock_set_ip_multicast_ttl      (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2400 `REG_NATIVE_FUNC(sock_set_ip_multicast_ttl, "(ii)i")`
function sock_set_ip_ttl                (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2403 `REG_NATIVE_FUNC(sock_set_ip_ttl, "(ii)i")`
function sock_set_ipv6_only             (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2404 `REG_NATIVE_FUNC(sock_set_ipv6_only, "(ii)i")`
function sock_set_keep_alive            (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2386 `REG_NATIVE_FUNC(sock_set_keep_alive, "(ii)i")`
function sock_set_linger                (i32,i32,i32)->(i32)               wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2387 `REG_NATIVE_FUNC(sock_set_linger, "(iii)i")`
function sock_set_recv_buf_size         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2388 `REG_NATIVE_FUNC(sock_set_recv_buf_size, "(ii)i")`
function sock_set_recv_timeout          (i32,i64)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2389 `REG_NATIVE_FUNC(sock_set_recv_timeout, "(iI)i")`
function sock_set_reuse_addr            (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2390 `REG_NATIVE_FUNC(sock_set_reuse_addr, "(ii)i")`
function sock_set_reuse_port            (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2391 `REG_NATIVE_FUNC(sock_set_reuse_port, "(ii)i")`
function sock_set_send_buf_size         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2392 `REG_NATIVE_FUNC(sock_set_send_buf_size, "(ii)i")`
function sock_set_send_timeout          (i32,i64)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2393 `REG_NATIVE_FUNC(sock_set_send_timeout, "(iI)i")`
function sock_set_tcp_fastopen_connect  (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2394 `REG_NATIVE_FUNC(sock_set_tcp_fastopen_connect, "(ii)i")`
function sock_set_tcp_keep_idle         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2395 `REG_NATIVE_FUNC(sock_set_tcp_keep_idle, "(ii)i")`
function sock_set_tcp_keep_intvl        (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2396 `REG_NATIVE_FUNC(sock_set_tcp_keep_intvl, "(ii)i")`
function sock_set_tcp_no_delay          (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2397 `REG_NATIVE_FUNC(sock_set_tcp_no_delay, "(ii)i")`
function sock_set_tcp_quick_ack         (i32,i32)->(i32)                   wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2398 `REG_NATIVE_FUNC(sock_set_tcp_quick_ack, "(ii)i")`
function sock_accept              wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2354 `REG_NATIVE_FUNC(sock_accept)`
function sock_recv                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2381 `REG_NATIVE_FUNC(sock_recv)`
function sock_send                wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2383 `REG_NATIVE_FUNC(sock_send)`
function sock_shutdown            wamrx-sys 0.3.0 wasm-micro-runtime/core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c:2405 `REG_NATIVE_FUNC(sock_shutdown)`
feature mutable-global           WebAssembly 2.0 core: WAMR 2.4.3 loads it in every build (core/iwasm/interpreter/wasm_loader.c)
feature saturating-float-to-int  WebAssembly 2.0 core: WAMR 2.4.3 loads it in every build (core/iwasm/interpreter/wasm_loader.c)
feature sign-extension           WebAssembly 2.0 core: WAMR 2.4.3 loads it in every build (core/iwasm/interpreter/wasm_loader.c)
feature multi-value              WebAssembly 2.0 core: WAMR 2.4.3 loads it in every build (core/iwasm/interpreter/wasm_loader.c)
feature reference-types          wamrx-sys 0.3.0 build.rs:107 WAMR_BUILD_REF_TYPES from the crate feature `reference-types`
feature call-indirect-overlong   wamrx-sys 0.3.0 build.rs:107 WAMR_BUILD_REF_TYPES from the crate feature `reference-types`
feature bulk-memory              wamrx-sys 0.3.0 build.rs:106 WAMR_BUILD_BULK_MEMORY from the crate feature `bulk-memory`
feature bulk-memory-opt          wamrx-sys 0.3.0 build.rs:106 WAMR_BUILD_BULK_MEMORY from the crate feature `bulk-memory`
