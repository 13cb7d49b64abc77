//! Counting call frames with fuel. WAMR's interpreter pays for each call
//! about what twenty-odd instructions cost, so how many wasm calls an
//! operation makes says as much about its time there as its instructions.
//! wasmtime counts no calls, but it counts fuel: [`counted`] starts chosen
//! functions with four instructions that bump a global of their own, so each
//! call of them costs exactly four more fuel than in the module as it was.
use wasm_encoder::reencode::{utils, Error, Reencode};
use wasm_encoder::{CodeSection, ConstExpr, GlobalSection, GlobalType, Instruction, Module, ValType};
use wasmparser::{FunctionBody, GlobalSectionReader, Parser, Payload, TypeRef};

/// Fuel each counted call adds.
pub const FUEL_PER_CALL: f64 = 4.0;

/// `wasm` with its defined functions counted but for the first `skip` of
/// them (an adapted module's first ones are the program's).
pub fn counted(wasm: &[u8], skip: u32) -> Vec<u8> {
    let (mut func_imports, mut globals, mut has_globals) = (0, 0, false);
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.unwrap() {
            Payload::ImportSection(s) => {
                for import in s.into_imports() {
                    match import.unwrap().ty {
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => func_imports += 1,
                        TypeRef::Global(_) => globals += 1,
                        _ => {}
                    }
                }
            }
            Payload::GlobalSection(s) => (globals, has_globals) = (globals + s.count(), true),
            _ => {}
        }
    }
    // The counter goes at the end of the module's global section.
    assert!(has_globals, "a module without a global section");
    let mut counter = Counter { global: globals, next: func_imports, from: func_imports + skip };
    let mut out = Module::new();
    counter.parse_core_module(&mut out, Parser::new(0), wasm).unwrap();
    out.finish()
}

/// The number of defined functions of `wasm`.
pub fn defined(wasm: &[u8]) -> u32 {
    Parser::new(0)
        .parse_all(wasm)
        .find_map(|p| match p.unwrap() {
            Payload::FunctionSection(s) => Some(s.count()),
            _ => None,
        })
        .unwrap_or(0)
}

struct Counter {
    /// The counter's index: after every global the module has.
    global: u32,
    /// The index of the next function body.
    next: u32,
    from: u32,
}

impl Reencode for Counter {
    type Error = std::convert::Infallible;

    fn parse_global_section(&mut self, out: &mut GlobalSection, s: GlobalSectionReader<'_>) -> Result<(), Error> {
        utils::parse_global_section(self, out, s)?;
        out.global(GlobalType { val_type: ValType::I64, mutable: true, shared: false }, &ConstExpr::i64_const(0));
        Ok(())
    }

    fn parse_function_body(&mut self, code: &mut CodeSection, body: FunctionBody<'_>) -> Result<(), Error> {
        let mut f = self.new_function_with_parsed_locals(&body)?;
        if self.next >= self.from {
            for i in [
                Instruction::GlobalGet(self.global),
                Instruction::I64Const(1),
                Instruction::I64Add,
                Instruction::GlobalSet(self.global),
            ] {
                f.instruction(&i);
            }
        }
        self.next += 1;
        let mut ops = body.get_operators_reader()?;
        while !ops.eof() {
            f.instruction(&self.parse_instruction(&mut ops)?);
        }
        code.function(&f);
        Ok(())
    }
}
