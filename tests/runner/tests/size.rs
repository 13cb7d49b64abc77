//! What the adapter adds to a program's size, which embedded flash counts:
//! hello world (the `hello` fixture), adapted, is at most 3,000 bytes
//! larger than its WASIp2 input, both without custom sections (the names
//! and DWARF every fixture is built with). The input itself is larger than
//! the wasip1 build of the same program: that is the program's own WASIp2
//! path (std and wasi-libc), not the adapter.
mod common;

use common::{adapted, fixtures};

/// The bytes of `wasm` without its custom sections: the module rebuilt
/// from every other section, as they are.
fn stripped(wasm: &[u8]) -> usize {
    let mut module = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Some((id, range)) = payload.unwrap().as_section() {
            if id != 0 {
                module.section(&wasm_encoder::RawSection { id, data: &wasm[range.start as usize..range.end as usize] });
            }
        }
    }
    module.finish().len()
}

#[test]
fn the_adapter_adds_at_most_3000_bytes_to_hello_world() {
    let f = fixtures();
    let input = stripped(&std::fs::read(f.core.join("hello.wasm")).unwrap());
    let output = stripped(&std::fs::read(adapted("hello")).unwrap());
    let p1 = stripped(&std::fs::read(f.p1.join("hello.wasm")).unwrap());
    let added = output as i64 - input as i64;
    assert!(
        added <= 3000,
        "hello world adapted is {output} bytes stripped: the adapter adds {added} to the {input}-byte input (the wasip1 build: {p1})"
    );
}
