//! The preview1 command entry point, wrapping the program's `wasi:cli/run`.
use crate::p1;

#[link(wasm_import_module = "__main_module__")]
extern "C" {
    /// The program's `wasi:cli/run@0.2.x#run` export: 0 is ok, 1 is err.
    #[link_name = "wasi:cli/run#run"]
    fn run() -> u32;
}

/// Returning from `_start` is exit status 0 in preview1; `run` returning
/// err is status 1, as a WASIp2 host reports it.
#[export_name = "_start"]
unsafe extern "C" fn start() {
    if run() != 0 {
        p1::proc_exit(1);
    }
}
