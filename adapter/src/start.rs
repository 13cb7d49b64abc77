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
extern "C" fn start() {
    // SAFETY: the merge binds this import to the program's `wasi:cli/run`
    // export and validates the adapter's code in the output, so the callee
    // has this type, () -> i32; it takes no pointers.
    if unsafe { run() } != 0 {
        // SAFETY: proc_exit takes no pointers.
        unsafe { p1::proc_exit(1) };
    }
}
