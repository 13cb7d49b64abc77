//! wasi:filesystem on preview1: the `fs` and `stdfs` fixtures, adapted, on
//! wasmtime's preview1 host, Node and WAMR, each in a fresh directory.
//! Output, exit code and the files left behind must equal the native WASIp2
//! run's, except where `known_differences` says a runtime itself differs.
mod common;

use std::path::PathBuf;

use common::{
    adapted, adapted_wat, assert_same, fixtures, run, scratch_dir, snapshot, Invocation, Outcome, Runtime, PREVIEW1,
    WAT_RUNTIME,
};

/// Lines a runtime is known to print differently from wasmtime's WASIp2
/// host (see tests/known-differences.md): (fixture line, what it prints).
fn known_differences(rt: Runtime) -> &'static [(&'static str, &'static str)] {
    match rt {
        // Preview1 rights are all a program can learn of a preopen, and
        // wasmtime grants every right even to a read-only one.
        Runtime::WasmtimeP1 => &[("ro flags", "ok DescriptorFlags(READ | MUTATE_DIRECTORY)")],
        // Node refuses a symlink whose target leaves the preopen when it is
        // made, not when it is followed; it sets times in whole seconds.
        Runtime::Node => &[
            ("symlink out", "err not-permitted"),
            ("follow symlink out", "err no-entry"),
            (
                "stat",
                "DescriptorType::RegularFile links=1 size=5000 atime=Some(1000000000) mtime=Some((1500000000, 0))",
            ),
        ],
        // WAMR refuses such a symlink too, with `badf`.
        Runtime::Wamr => &[("symlink out", "err bad-descriptor"), ("follow symlink out", "err no-entry")],
        Runtime::WasmtimeP2 => &[],
    }
}

/// Applies a runtime's known differences to the reference transcript, and
/// checks each one is still real (a difference that went away must go).
fn expected_for(rt: Runtime, reference: &Outcome, got: &Outcome) -> Outcome {
    let mut text = String::from_utf8(reference.stdout.clone()).unwrap();
    let got_text = String::from_utf8_lossy(&got.stdout);
    for (line, theirs) in known_differences(rt) {
        // Each fixture mode prints its own steps.
        let Some(ours) = text.lines().find(|l| l.starts_with(&format!("{line}: "))).map(str::to_string) else {
            continue;
        };
        let replaced = format!("{line}: {theirs}");
        assert!(
            got_text.lines().any(|l| l == replaced),
            "{rt:?} no longer differs on {line:?}: update known_differences"
        );
        text = text.replace(&ours, &replaced);
    }
    Outcome { code: reference.code, stdout: text.into_bytes(), stderr: reference.stderr.clone() }
}

/// Runs fixture `name` with `args` in a fresh directory per runtime (filled
/// by `setup`), and compares transcripts and what is left in the directory.
fn fs_matrix(
    name: &str,
    args: &[&str],
    read_only: bool,
    setup: fn(&PathBuf),
    runtimes: &[Runtime],
    with_p1_build: bool,
) {
    let f = fixtures();
    let inv = |dir: PathBuf| Invocation {
        args: std::iter::once(name).chain(args.iter().copied()).map(String::from).collect(),
        dir: Some(dir),
        read_only,
        ..Default::default()
    };
    let tag = format!("{name}-{}", args.join("-"));
    let dir = scratch_dir(&format!("{tag}-p2"));
    setup(&dir);
    let reference = run(Runtime::WasmtimeP2, &f.component.join(format!("{name}.wasm")), &inv(dir.clone()));
    let left = snapshot(&dir);
    assert_eq!(reference.code, 0, "reference run failed: {}", String::from_utf8_lossy(&reference.stderr));
    let module = adapted(name);
    let mut runs: Vec<(String, Runtime, PathBuf)> =
        runtimes.iter().map(|rt| (format!("{rt:?}"), *rt, module.clone())).collect();
    if with_p1_build {
        runs.push(("wasip1 build".into(), Runtime::WasmtimeP1, f.p1.join(format!("{name}.wasm"))));
    }
    for (what, rt, file) in runs {
        let dir = scratch_dir(&format!("{tag}-{what}").replace(' ', "-"));
        setup(&dir);
        let got = run(rt, &file, &inv(dir.clone()));
        let want = if file == module { expected_for(rt, &reference, &got) } else { reference.clone() };
        assert_same(&format!("{name} {args:?} on {what}"), &want, &got);
        assert_eq!(snapshot(&dir), left, "{name} {args:?} on {what}: different files left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn empty(_: &PathBuf) {}

#[test]
fn every_filesystem_function() {
    fs_matrix("fs", &[], false, empty, &PREVIEW1, false);
}

#[test]
fn read_only_preopen() {
    // Only wasmtime can preopen a directory read-only.
    fs_matrix(
        "fs",
        &["ro"],
        true,
        |d| std::fs::write(d.join("data.txt"), "read me").unwrap(),
        &[Runtime::WasmtimeP1],
        false,
    );
}

#[test]
fn standard_library_filesystem() {
    fs_matrix("stdfs", &[], false, empty, &PREVIEW1, true);
}

#[test]
fn large_files_in_chunks() {
    fs_matrix("stdfs", &["big"], false, empty, &PREVIEW1, true);
}

/// The adapter keeps a directory's inheriting rights after its first
/// `open-at` (one host call less per open). A program that drops some
/// through preview1's `fd_fdstat_set_rights` (a module may import preview1
/// too) still opens: WAMR refuses rights beyond the fd's with `notcapable`,
/// and the adapter then asks again. Exit codes: 10 + the step that failed.
#[test]
fn opening_after_the_program_dropped_rights_through_preview1() {
    let wat = format!(
        r#"(module
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $dirs (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at"
    (func $open_at (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 2)
  {WAT_RUNTIME}
  (func $open (param $dir i32) (param $step i32)
    ;; open-at(dir, no follow, "a.txt", create, read | write)
    (call $open_at (local.get $dir) (i32.const 0) (i32.const 1024) (i32.const 5) (i32.const 1) (i32.const 3) (i32.const 256))
    (if (i32.load8_u (i32.const 256)) (then (call $exit (local.get $step)))))
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (local $dir i32)
    (call $dirs (i32.const 128))
    (local.set $dir (i32.load (i32.load (i32.const 128))))
    (call $open (local.get $dir) (i32.const 10))
    ;; the preopen (fd 3) passes on no write rights from now on
    (if (call $fdstat (i32.const 3) (i32.const 512)) (then (call $exit (i32.const 11))))
    (if (call $set_rights (i32.const 3) (i64.load (i32.const 520))
          (i64.and (i64.load (i32.const 528)) (i64.const -65)))
      (then (call $exit (i32.const 11))))
    (call $open (local.get $dir) (i32.const 12))
    (i32.const 0))
  (data (i32.const 1024) "a.txt"))"#
    );
    let (path, _) = adapted_wat("dropped-rights", &wat);
    let dir = scratch_dir("dropped-rights");
    let out = run(Runtime::Wamr, &path, &Invocation { dir: Some(dir), ..Default::default() });
    assert_eq!(out.code, 0, "stderr: {}", String::from_utf8_lossy(&out.stderr));
}
