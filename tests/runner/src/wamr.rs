//! Runs a preview1 module on WAMR (fast interpreter, libc-wasi) through the
//! C API of the `wamrx-sys` crate, with the process's stdio.
use std::ffi::{c_char, CStr, CString};
use std::ptr::null_mut;

use wamrx_sys as w;

/// The wasm operand stack and host heap WAMR gives the instance: what an
/// embedded device with a few MiB for wasm would configure.
const STACK: u32 = 8 << 20;
const HEAP: u32 = 0;

pub struct Run<'a> {
    pub bytes: Vec<u8>,
    pub dirs: &'a [(String, String)],
    pub envs: &'a [(String, String)],
    pub args: &'a [String],
    /// Address ranges the program may use (`127.0.0.1/8`, `::1/128`); none
    /// by default, and then every bind, connect and send_to fails (EACCES).
    pub addr_pool: &'a [String],
    /// Names the program may resolve (`localhost`, `*.example.com`).
    pub ns_lookup: &'a [String],
}

fn cstrings(items: impl IntoIterator<Item = String>) -> Vec<CString> {
    items.into_iter().map(|s| CString::new(s).expect("NUL in an argument")).collect()
}

fn ptrs(v: &[CString]) -> Vec<*const c_char> {
    v.iter().map(|s| s.as_ptr()).collect()
}

/// Ok(exit code), or Err(message) for a load error or a trap.
pub fn run(mut r: Run<'_>) -> Result<i32, String> {
    let mut err = [0 as c_char; 256];
    let msg = |e: &[c_char]| unsafe { CStr::from_ptr(e.as_ptr()) }.to_string_lossy().into_owned();
    unsafe {
        if !w::wasm_runtime_init() {
            return Err("wasm_runtime_init failed".into());
        }
        let module =
            w::wasm_runtime_load(r.bytes.as_mut_ptr(), r.bytes.len() as u32, err.as_mut_ptr(), err.len() as u32);
        if module.is_null() {
            return Err(format!("load: {}", msg(&err)));
        }
        // Preopens as "GUEST::HOST"; WAMR numbers them from fd 3 in order.
        let maps = cstrings(r.dirs.iter().map(|(h, g)| format!("{g}::{h}")));
        let envs = cstrings(r.envs.iter().map(|(k, v)| format!("{k}={v}")));
        let args = cstrings(r.args.iter().cloned());
        let (map_p, env_p, arg_p) = (ptrs(&maps), ptrs(&envs), ptrs(&args));
        w::wasm_runtime_set_wasi_args_ex(
            module,
            null_mut(),
            0,
            map_p.as_ptr() as *mut *const c_char,
            map_p.len() as u32,
            env_p.as_ptr() as *mut *const c_char,
            env_p.len() as u32,
            arg_p.as_ptr() as *mut *mut c_char,
            arg_p.len() as i32,
            0,
            1,
            2,
        );
        // As `iwasm --addr-pool` and `--allow-resolve` set them; WAMR keeps
        // the pointers until instantiation, which copies the lists.
        let pool = cstrings(r.addr_pool.iter().cloned());
        let names = cstrings(r.ns_lookup.iter().cloned());
        let (pool_p, names_p) = (ptrs(&pool), ptrs(&names));
        w::wasm_runtime_set_wasi_addr_pool(module, pool_p.as_ptr() as *mut *const c_char, pool_p.len() as u32);
        w::wasm_runtime_set_wasi_ns_lookup_pool(module, names_p.as_ptr() as *mut *const c_char, names_p.len() as u32);
        let inst = w::wasm_runtime_instantiate(module, STACK, HEAP, err.as_mut_ptr(), err.len() as u32);
        if inst.is_null() {
            return Err(format!("instantiate: {}", msg(&err)));
        }
        // `execute_main` calls `_start`; a proc_exit ends it with an
        // exception that WAMR records as the exit code, not as a trap.
        let ok = w::wasm_application_execute_main(inst, 0, null_mut());
        let exception = w::wasm_runtime_get_exception(inst);
        if !ok && !exception.is_null() {
            let text = CStr::from_ptr(exception).to_string_lossy().into_owned();
            if !text.contains("wasi proc exit") {
                return Err(text);
            }
        }
        Ok(w::wasm_runtime_get_wasi_exit_code(inst) as i32)
    }
}
