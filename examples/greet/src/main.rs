use std::collections::HashMap;
use std::io::BufRead;
use std::time::{Duration, Instant};

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "world".into());
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "hello".into());
    println!("{greeting}, {name}!");

    let mut words: HashMap<String, usize> = HashMap::new();
    for line in std::io::stdin().lock().lines() {
        for w in line.unwrap().split_whitespace() {
            *words.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let mut top: Vec<_> = words.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (w, n) in top.iter().take(3) {
        println!("  {n:>3} × {w}");
    }

    let t = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    eprintln!("slept {} ms", t.elapsed().as_millis().min(20));
}
