//! `cargo run --release -p wb-fuzz -- [--seconds N] [--iterations N] [--seed S]
//! [--corpus DIR] [--findings DIR] [--threads N]`: fuzz wasi-backport until
//! time or iterations run out (default 60 s); exits 1 if anything was found.
//! `--replay FILE…` runs the oracle on reproducers; `--make-corpus OUT
//! FILE…` writes each module or component without its DWARF into OUT
//! (with `--lean` before it, without component-type and name sections too).
use std::path::PathBuf;
use std::process::ExitCode;

use wb_fuzz::driver::{self, Config};

const USAGE: &str =
    "usage: wb-fuzz [--seconds N] [--iterations N] [--seed S] [--corpus DIR] [--findings DIR] [--threads N]
       wb-fuzz --replay FILE...
       wb-fuzz [--lean] --make-corpus OUT_DIR FILE...   (--lean: without component-type and name sections too)";

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<ExitCode, String> {
    let mut args = std::env::args().skip(1);
    let mut config = Config { progress: 10, findings: Some(PathBuf::from("fuzz/findings")), ..Config::default() };
    let mut replay = Vec::new();
    let mut make_corpus: Option<(PathBuf, Vec<PathBuf>)> = None;
    let mut lean = false;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--seconds" => config.seconds = Some(value(&a)?.parse().map_err(|e| format!("--seconds: {e}"))?),
            "--iterations" => config.iterations = Some(value(&a)?.parse().map_err(|e| format!("--iterations: {e}"))?),
            "--seed" => config.seed = value(&a)?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--threads" => config.threads = value(&a)?.parse().map_err(|e| format!("--threads: {e}"))?,
            "--corpus" => config.corpus = value(&a)?.into(),
            "--findings" => config.findings = Some(value(&a)?.into()),
            "--replay" => {
                replay.push(PathBuf::from(value(&a)?));
                replay.extend(args.by_ref().map(PathBuf::from));
            }
            "--make-corpus" => {
                let out = PathBuf::from(value(&a)?);
                make_corpus = Some((out, args.by_ref().map(PathBuf::from).collect()));
            }
            "--lean" => lean = true,
            "--explain" => {
                let n: usize = value(&a)?.parse().map_err(|e| format!("--explain: {e}"))?;
                explain(n, config.seed);
                return Ok(ExitCode::SUCCESS);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            _ => return Err(format!("unknown argument `{a}`")),
        }
    }
    if let Some((out, files)) = make_corpus {
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        for f in files {
            let wasm = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            let small = wb_fuzz::seeds::strip(&wasm, lean);
            let dest = out.join(f.file_name().unwrap());
            std::fs::write(&dest, &small).map_err(|e| e.to_string())?;
            println!("{} -> {} ({} bytes)", f.display(), dest.display(), small.len());
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !replay.is_empty() {
        let mut found = false;
        for f in replay {
            let wasm = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            match driver::replay(&wasm) {
                Ok(o) => println!("{}: no finding ({o:?})", f.display()),
                Err(e) => {
                    found = true;
                    println!("{}: {e}", f.display())
                }
            }
        }
        return Ok(if found { ExitCode::FAILURE } else { ExitCode::SUCCESS });
    }
    if config.seconds.is_none() && config.iterations.is_none() {
        config.seconds = Some(60.0);
    }
    eprintln!(
        "wb-fuzz: seed {}, {} thread(s), corpus {}, findings to {}",
        config.seed,
        config.threads,
        config.corpus.display(),
        config.findings.as_ref().map_or("nowhere".into(), |p| p.display().to_string())
    );
    let report = driver::run(&config).map_err(|e| e.to_string())?;
    println!("{}", report.summary());
    for (key, f) in &report.findings {
        println!(
            "finding ({}×) {key}\n  {}\n  input: {}{}",
            f.count,
            f.finding,
            f.origin,
            f.file.as_ref().map(|p| format!("\n  reproducer: {}", p.display())).unwrap_or_default()
        );
    }
    Ok(if report.findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What `adapt` (default options) makes of `n` inputs as the fuzzer draws
/// them, by message: for tuning the generators.
fn explain(n: usize, seed: u64) {
    let pools = wb_fuzz::pools::Pools::new();
    let corpus = wb_fuzz::seeds::load(&wb_fuzz::seeds::default_corpus()).unwrap_or_default();
    let mut rng = wb_fuzz::rng::Rng::new(seed, 0);
    let mut tally = std::collections::BTreeMap::<String, (usize, std::time::Duration)>::new();
    let mut source = driver::Source::default();
    for _ in 0..n {
        let (input, smith, _) = source.next(&mut rng, &pools, &corpus);
        let r = wasi_backport::adapt(&input, &wasi_backport::Options::default());
        let t = std::time::Instant::now();
        let _ = wb_fuzz::oracle::run(&input);
        let d = t.elapsed();
        let msg = match r {
            Ok(_) => "ok".to_string(),
            Err(e) => {
                e.to_string().lines().next().unwrap_or("").chars().filter(|c| !c.is_ascii_digit()).take(100).collect()
            }
        };
        let e = tally.entry(format!("{} {msg}", if smith { "smith" } else { "seed " })).or_default();
        e.0 += 1;
        e.1 += d;
    }
    let mut v: Vec<_> = tally.into_iter().collect();
    v.sort_by_key(|(_, (c, _))| std::cmp::Reverse(*c));
    for (msg, (c, d)) in v {
        println!("{c:6} {:8.0}us/oracle {msg}", d.as_secs_f64() * 1e6 / c as f64);
    }
}
