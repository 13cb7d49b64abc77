//! Lit-style CLI tests: every `tests/cli/*.wat` holds `;; RUN: <args>` lines;
//! each is run as `wasi-backport <args>` with `%` standing for the compiled
//! input and `%tmp` for a scratch directory, and the transcript (exit code,
//! stdout, stderr) must equal `<name>.wat.out`. `BLESS=1` rewrites those.
//!
//! `;; INPUT: text` passes the .wat text itself (not wasm);
//! `;; INPUT: truncated` passes the first half of the compiled module.
//! `;; WRITE: NAME: LINE` appends LINE to `%tmp/NAME`, and `;; CAT: NAME`
//! adds that file to the transcript, each in order with the RUN lines.
//! A failed `adapt` must leave no output file behind.
use std::path::Path;
use std::process::Command;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let bless = std::env::var_os("BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    cases.sort();
    let (mut passed, mut failed) = (0, 0);
    for case in &cases {
        match run_case(case, bless) {
            Ok(()) => {
                passed += 1;
                println!("test {} ... ok", case.file_name().unwrap().to_string_lossy());
            }
            Err(e) => {
                failed += 1;
                println!("test {} ... FAILED\n{e}", case.file_name().unwrap().to_string_lossy());
            }
        }
    }
    println!("\ntest result: {}. {passed} passed; {failed} failed", if failed == 0 { "ok" } else { "FAILED" });
    if failed > 0 {
        std::process::exit(1);
    }
}

fn run_case(case: &Path, bless: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(case).unwrap();
    let tmp = std::env::temp_dir().join(format!("wb-cli-{}-{}", std::process::id(), case.file_stem().unwrap().to_string_lossy()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let input = tmp.join("input.wasm");
    let mode = text.lines().find_map(|l| l.strip_prefix(";; INPUT: ")).unwrap_or("wasm");
    let bytes = match mode {
        "text" => text.as_bytes().to_vec(),
        "truncated" => {
            let b = wat::parse_str(&text).map_err(|e| e.to_string())?;
            b[..b.len() / 2].to_vec()
        }
        _ => wat::parse_str(&text).map_err(|e| format!("{}: {e}", case.display()))?,
    };
    std::fs::write(&input, bytes).unwrap();

    let mut transcript = String::new();
    for line in text.lines() {
        if let Some((name, content)) = line.strip_prefix(";; WRITE: ").and_then(|l| l.split_once(": ")) {
            let mut old = std::fs::read_to_string(tmp.join(name)).unwrap_or_default();
            old += &format!("{content}\n");
            std::fs::write(tmp.join(name), old).unwrap();
            continue;
        }
        if let Some(name) = line.strip_prefix(";; CAT: ") {
            let content = std::fs::read_to_string(tmp.join(name)).unwrap_or_else(|e| format!("({e})\n"));
            transcript += &format!("$ cat %tmp/{name}\n{content}");
            continue;
        }
        let Some(line) = line.strip_prefix(";; RUN: ") else { continue };
        let args: Vec<String> = line
            .split_whitespace()
            .map(|a| a.replace("%tmp", &tmp.to_string_lossy()).replace('%', &input.to_string_lossy()))
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_wasi-backport")).args(&args).output().unwrap();
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b).replace(&*input.to_string_lossy(), "%").replace(&*tmp.to_string_lossy(), "%tmp")
        };
        let code = out.status.code().unwrap_or(-1);
        transcript += &format!("$ wasi-backport {line}\nexit: {code}\n");
        if !out.stdout.is_empty() {
            transcript += &format!("stdout:\n{}", clean(&out.stdout));
        }
        if !out.stderr.is_empty() {
            transcript += &format!("stderr:\n{}", clean(&out.stderr));
        }
        if args.first().map(String::as_str) == Some("adapt") && code != 0 {
            let left: Vec<_> = std::fs::read_dir(&tmp)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .filter(|n| {
                    let target = args.iter().position(|a| a == "-o").and_then(|i| args.get(i + 1));
                    n.to_string_lossy().ends_with(".tmp") || target.is_some_and(|t| tmp.join(n) == Path::new(t))
                })
                .collect();
            if !left.is_empty() {
                return Err(format!("failed adapt left files behind: {left:?}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let expected_path = case.with_extension("wat.out");
    if bless {
        std::fs::write(&expected_path, &transcript).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != transcript {
        return Err(format!("--- expected ({}):\n{expected}--- got:\n{transcript}", expected_path.display()));
    }
    Ok(())
}
