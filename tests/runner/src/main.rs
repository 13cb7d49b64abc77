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
//! Network access is none by default. On WAMR, `--addr-pool` adds an
//! address range the program may bind, connect and send to (`127.0.0.1/8`,
//! `::1/128`; as `iwasm --addr-pool`), and `--ns-lookup` a name it may
//! resolve (`localhost`, or `*.example.com`; as `iwasm --allow-resolve`):
//! `wasm_runtime_set_wasi_addr_pool` and `wasm_runtime_set_wasi_ns_lookup_pool`.
//! On wasmtime (p1, p2) any `--addr-pool` grants the whole network
//! (`inherit_network`) and any `--ns-lookup` name lookup: its finer
//! filter is not used.
use wasmtime::component::{Component, Linker as ComponentLinker, ResourceTable};
use wasmtime::{bail, format_err, Config, Engine, Linker, Module, Result, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::p2::bindings::sync::Command;
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
    if !inv.addr_pool.is_empty() {
        b.inherit_network();
    }
    if !inv.ns_lookup.is_empty() {
        b.allow_ip_name_lookup(true);
    }
    for (host, guest) in &inv.dirs {
        b.preopened_dir(host, guest, FsPerms::ReadWrite)?;
    }
    for (host, guest) in &inv.read_only {
        b.preopened_dir(host, guest, FsPerms::ReadOnly)?;
    }
    Ok(b)
}

fn run(inv: &Invocation, engine: &Engine) -> Result<i32> {
    let bytes = std::fs::read(&inv.file).map_err(|e| format_err!("reading {}: {e}", inv.file))?;
    match inv.mode.as_str() {
        "p1" => {
            let module = Module::new(engine, &bytes)?;
            let mut linker: Linker<WasiP1Ctx> = Linker::new(engine);
            p1::add_to_linker_sync(&mut linker, |cx| cx)?;
            let mut store = Store::new(engine, builder(inv)?.build_p1());
            let instance = linker.instantiate(&mut store, &module)?;
            let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
            start.call(&mut store, ())?;
            Ok(0)
        }
        "p2" => {
            let component = Component::new(engine, &bytes)?;
            let mut linker: ComponentLinker<P2State> = ComponentLinker::new(engine);
            wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
            let state = P2State { ctx: builder(inv)?.build(), table: ResourceTable::new() };
            let mut store = Store::new(engine, state);
            let command = Command::instantiate(&mut store, &component, &linker)?;
            let result = command.wasi_cli_run().call_run(&mut store)?;
            Ok(if result.is_ok() { 0 } else { 1 })
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
            wamr::run(run).map_err(|e| format_err!("{e}"))
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
    let engine = Engine::new(&Config::new()).expect("engine");
    let code = match run(&inv, &engine) {
        Ok(code) => code,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => {
                if std::env::var_os("WB_RUNNER_VERBOSE").is_some() {
                    eprintln!("wb-runner: {e:?}");
                }
                eprintln!("wb-runner: wasm trap");
                134
            }
        },
    };
    std::process::exit(code);
}
