//! `wb-runner p1|p2|wamr FILE [--dir HOST::GUEST]... [--dir-ro HOST::GUEST]...
//!            [--env K=V]... [--addr-pool CIDR]... [--ns-lookup NAME]... -- ARGS...`
//!
//! Runs a preview1 core module (`p1`) or a WASIp2 command component (`p2`) on
//! wasmtime, or a preview1 module on WAMR (`wamr`), with the process's own
//! stdin/stdout/stderr, and exits with the guest's exit code. `--dir-ro`
//! preopens a directory read-only (wasmtime only: the others have no such
//! setting). A trap prints one fixed line and exits 134, as the
//! wasmtime CLI does, so that runs on different runtimes compare equal; set
//! `WB_RUNNER_VERBOSE=1` to see the trap itself.
//!
//! `WB_RUNNER_COST=FILE` (wasmtime only) counts what the run cost in wasm
//! instructions executed (wasmtime's fuel) and in calls to the host, and
//! writes `instructions N` and `host-calls M` lines to FILE. An adapted
//! module's count includes the adapter; a component's does not include the
//! host's implementation of WASIp2. `cargo bench --bench ops -- --cost` uses it.
//!
//! Network access is none by default. On WAMR, `--addr-pool` adds an
//! address range the program may bind, connect and send to (`127.0.0.1/8`,
//! `::1/128`; as `iwasm --addr-pool`), and `--ns-lookup` a name it may
//! resolve (`localhost`, or `*.example.com`; as `iwasm --allow-resolve`):
//! `wasm_runtime_set_wasi_addr_pool` and `wasm_runtime_set_wasi_ns_lookup_pool`.
//! On wasmtime (p2; p1 has no sockets to speak of) the same lists apply, as
//! far as its hooks allow, so that both runtimes refuse the same things:
//! TCP and UDP sockets can always be created (as on WAMR), and an address
//! is checked against the pool for a bind, a connect and a send, whatever
//! the port. With a pool, the unspecified address with port 0 is let
//! through: wasmtime checks the implicit bind of a connect or a send with
//! it and cannot tell it from an explicit bind to `0.0.0.0:0`, which WAMR
//! refuses. An accepted or received peer is not checked (WAMR does not).
//! A name outside the `--ns-lookup` list is refused by `resolve-addresses`
//! with `access-denied`, as WAMR refuses it with `EACCES`; an IP address
//! literal is let through (WASIp2 returns it as is, without a lookup).
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use wasmtime::component::{Component, Linker as ComponentLinker, Resource, ResourceAny, ResourceTable};
use wasmtime::{bail, format_err, CallHook, Config, Engine, Linker, Module, Result, Store, StoreContextMut};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::p2::bindings::sockets::ip_name_lookup::Host as _;
use wasmtime_wasi::p2::bindings::sockets::network::ErrorCode;
use wasmtime_wasi::p2::bindings::sync::Command;
use wasmtime_wasi::sockets::{SocketAddrUse, WasiSocketsView};
mod wamr;

use wasmtime_wasi::{FsPerms, I32Exit, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

struct P2State {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiView for P2State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

struct Invocation {
    mode: String,
    file: String,
    dirs: Vec<(String, String)>,
    read_only: Vec<(String, String)>,
    envs: Vec<(String, String)>,
    addr_pool: Vec<String>,
    ns_lookup: Vec<String>,
    args: Vec<String>,
}

fn parse() -> Result<Invocation> {
    let mut it = std::env::args().skip(1);
    let mode = it.next().ok_or_else(|| format_err!("usage: wb-runner p1|p2 FILE ..."))?;
    let file = it.next().ok_or_else(|| format_err!("missing FILE"))?;
    let (mut dirs, mut read_only, mut envs, mut args) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut addr_pool, mut ns_lookup) = (Vec::new(), Vec::new());
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" | "--dir-ro" => {
                let d = it.next().ok_or_else(|| format_err!("{a} needs HOST::GUEST"))?;
                let (h, g) = d.split_once("::").unwrap_or((&d, &d));
                let list = if a == "--dir" { &mut dirs } else { &mut read_only };
                list.push((h.to_string(), g.to_string()));
            }
            "--env" => {
                let e = it.next().ok_or_else(|| format_err!("--env needs K=V"))?;
                let (k, v) = e.split_once('=').unwrap_or((&e, ""));
                envs.push((k.to_string(), v.to_string()));
            }
            "--addr-pool" => addr_pool.push(it.next().ok_or_else(|| format_err!("--addr-pool needs ADDRESS/BITS"))?),
            "--ns-lookup" => ns_lookup.push(it.next().ok_or_else(|| format_err!("--ns-lookup needs a NAME"))?),
            "--" => {
                args.extend(it.by_ref());
            }
            other => bail!("unknown option {other}"),
        }
    }
    Ok(Invocation { mode, file, dirs, read_only, envs, addr_pool, ns_lookup, args })
}

fn builder(inv: &Invocation) -> Result<WasiCtxBuilder> {
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio().args(&inv.args).envs(&inv.envs);
    let pool = inv.addr_pool.iter().map(|c| parse_cidr(c)).collect::<Result<Vec<_>>>()?;
    // wasmtime-wasi refuses TCP, UDP and name lookup outright by default;
    // the pool and the name list (filter_name_lookup) do the refusing here.
    b.allow_tcp(true).allow_udp(true).allow_ip_name_lookup(true);
    b.socket_addr_check(move |addr: SocketAddr, used: SocketAddrUse| {
        let allowed = match used {
            SocketAddrUse::TcpAccept | SocketAddrUse::UdpReceive => true,
            _ if pool.is_empty() => false,
            _ => (addr.ip().is_unspecified() && addr.port() == 0) || pool.iter().any(|c| c.contains(addr.ip())),
        };
        Box::pin(async move { allowed })
    });
    for (host, guest) in &inv.dirs {
        b.preopened_dir(host, guest, FsPerms::ReadWrite)?;
    }
    for (host, guest) in &inv.read_only {
        b.preopened_dir(host, guest, FsPerms::ReadOnly)?;
    }
    Ok(b)
}

/// An `--addr-pool` entry: ADDRESS/BITS, as WAMR requires it.
struct Cidr {
    net: IpAddr,
    bits: u32,
}

fn parse_cidr(text: &str) -> Result<Cidr> {
    let bad = || format_err!("--addr-pool {text}: not ADDRESS/BITS");
    let (addr, bits) = text.split_once('/').ok_or_else(bad)?;
    let net: IpAddr = addr.parse().map_err(|_| bad())?;
    let bits: u32 = bits.parse().map_err(|_| bad())?;
    let max = if net.is_ipv4() { 32 } else { 128 };
    if bits > max {
        return Err(bad());
    }
    Ok(Cidr { net, bits })
}

impl Cidr {
    /// Whether `ip` has the same first `bits` bits; a v4 address never
    /// matches a v6 range nor the reverse (WAMR compares them so).
    fn contains(&self, ip: IpAddr) -> bool {
        let (a, b, width) = match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => (u32::from(n) as u128, u32::from(a) as u128, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => (u128::from(n), u128::from(a), 128),
            _ => return false,
        };
        let mask = if self.bits == 0 { 0 } else { u128::MAX << (width - self.bits) };
        (a ^ b) & mask == 0
    }
}

/// Whether WAMR's `--allow-resolve` list lets `name` through: the same
/// name, or a `*suffix` entry that ends it.
fn name_allowed(list: &[String], name: &str) -> bool {
    list.iter().any(|entry| match entry.strip_prefix('*') {
        Some(suffix) => name.ends_with(suffix),
        None => entry == name,
    })
}

/// Replaces `resolve-addresses` with one that first applies the
/// `--ns-lookup` list, as WAMR does: wasmtime-wasi has only an on/off switch.
fn filter_name_lookup(linker: &mut ComponentLinker<P2State>, names: Vec<String>) -> Result<()> {
    linker.allow_shadowing(true);
    // The version wasmtime-wasi's bindings define; a guest importing an
    // older 0.2 version is matched to it by the linker.
    let mut lookup = linker.instance("wasi:sockets/ip-name-lookup@0.2.12")?;
    lookup.func_wrap(
        "resolve-addresses",
        move |mut store: StoreContextMut<'_, P2State>,
              (network, name): (Resource<wasmtime_wasi::p2::Network>, String)|
              -> Result<(Result<ResourceAny, ErrorCode>,)> {
            let literal = name.parse::<IpAddr>().is_ok()
                || name
                    .strip_prefix('[')
                    .and_then(|n| n.strip_suffix(']'))
                    .is_some_and(|n| n.parse::<IpAddr>().is_ok());
            if !literal && !name_allowed(&names, &name) {
                return Ok((Err(ErrorCode::AccessDenied),));
            }
            let result = store.data_mut().sockets().resolve_addresses(network, name);
            Ok((match result {
                Ok(stream) => Ok(stream.try_into_resource_any(&mut store)?),
                Err(e) => Err(e.downcast()?),
            },))
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}

/// Calls the guest made to the host, counted when `WB_RUNNER_COST` is set.
static HOST_CALLS: AtomicU64 = AtomicU64::new(0);

fn cost_file() -> Option<std::ffi::OsString> {
    std::env::var_os("WB_RUNNER_COST")
}

/// Starts counting on `store` when asked to: fuel for instructions, a
/// call hook for host calls.
fn start_cost<T>(store: &mut Store<T>) -> Result<()> {
    if cost_file().is_some() {
        store.set_fuel(u64::MAX)?;
        store.call_hook(|_, hook| {
            if matches!(hook, CallHook::CallingHost) {
                HOST_CALLS.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
    }
    Ok(())
}

/// Writes what `start_cost` counted, whatever way the run ended.
fn write_cost<T>(store: &Store<T>) -> Result<()> {
    if let Some(file) = cost_file() {
        let used = u64::MAX - store.get_fuel()?;
        let calls = HOST_CALLS.load(Ordering::Relaxed);
        std::fs::write(file, format!("instructions {used}\nhost-calls {calls}\n"))?;
    }
    Ok(())
}

fn run(inv: &Invocation, engine: &Engine) -> Result<i32> {
    let bytes = std::fs::read(&inv.file).map_err(|e| format_err!("reading {}: {e}", inv.file))?;
    match inv.mode.as_str() {
        "p1" => {
            let module = Module::new(engine, &bytes)?;
            let mut linker: Linker<WasiP1Ctx> = Linker::new(engine);
            p1::add_to_linker_sync(&mut linker, |cx| cx)?;
            let mut store = Store::new(engine, builder(inv)?.build_p1());
            start_cost(&mut store)?;
            let instance = linker.instantiate(&mut store, &module)?;
            let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
            let result = start.call(&mut store, ());
            write_cost(&store)?;
            result?;
            Ok(0)
        }
        "p2" => {
            let component = Component::new(engine, &bytes)?;
            let mut linker: ComponentLinker<P2State> = ComponentLinker::new(engine);
            wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
            filter_name_lookup(&mut linker, inv.ns_lookup.clone())?;
            let state = P2State { ctx: builder(inv)?.build(), table: ResourceTable::new() };
            let mut store = Store::new(engine, state);
            start_cost(&mut store)?;
            let command = Command::instantiate(&mut store, &component, &linker)?;
            let result = command.wasi_cli_run().call_run(&mut store);
            write_cost(&store)?;
            Ok(if result?.is_ok() { 0 } else { 1 })
        }
        "wamr" => {
            if !inv.read_only.is_empty() {
                bail!("WAMR has no read-only preopens");
            }
            let run = wamr::Run {
                bytes,
                dirs: &inv.dirs,
                envs: &inv.envs,
                args: &inv.args,
                addr_pool: &inv.addr_pool,
                ns_lookup: &inv.ns_lookup,
            };
            match wamr::run(run) {
                Ok(code) => Ok(code),
                // Not a trap of the program's: say so, so that a failing
                // comparison shows the runtime's own trouble.
                Err(e)
                    if e.starts_with("load: ") || e.starts_with("instantiate: ") || e.starts_with("wasm_runtime") =>
                {
                    eprintln!("wb-runner: wamr: {e}");
                    std::process::exit(3)
                }
                Err(e) => Err(format_err!("{e}")),
            }
        }
        other => bail!("unknown mode {other} (p1, p2 or wamr)"),
    }
}

fn main() {
    let inv = match parse() {
        Ok(inv) => inv,
        Err(e) => {
            eprintln!("wb-runner: {e:#}");
            std::process::exit(2);
        }
    };
    let engine = Engine::new(Config::new().consume_fuel(cost_file().is_some())).expect("engine");
    let code = match run(&inv, &engine) {
        Ok(code) => code,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => {
                if std::env::var_os("WB_RUNNER_VERBOSE").is_some() {
                    eprintln!("wb-runner: {e:?}");
                }
                // For traps in test runs, whose stderr is compared.
                if let Some(log) = std::env::var_os("WB_RUNNER_TRAP_LOG") {
                    use std::io::Write;
                    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(log) {
                        let _ = writeln!(f, "{} {:?}: {e:?}", inv.file, inv.args);
                    }
                }
                eprintln!("wb-runner: wasm trap");
                134
            }
        },
    };
    std::process::exit(code);
}
