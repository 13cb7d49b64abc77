// Runs a preview1 module on Node's built-in WASI with this process's stdio:
//   node run-p1.mjs MODULE [--dir HOST::GUEST]... [--env K=V]... -- ARGS...
// Exits with the guest's exit code; a trap prints one fixed line and exits
// 134, as the wasmtime runner does, so that runs compare equal.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const file = argv.shift();
const preopens = {};
const env = {};
let args = [];
while (argv.length) {
  const a = argv.shift();
  if (a === '--dir') {
    const [host, guest] = argv.shift().split('::');
    preopens[guest ?? host] = host;
  } else if (a === '--env') {
    const kv = argv.shift();
    const i = kv.indexOf('=');
    env[i < 0 ? kv : kv.slice(0, i)] = i < 0 ? '' : kv.slice(i + 1);
  } else if (a === '--') {
    args = argv.splice(0);
  } else {
    console.error(`run-p1: unknown option ${a}`);
    process.exit(2);
  }
}

const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
let code;
try {
  const module = await WebAssembly.compile(readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (e) {
  if (process.env.WB_RUNNER_VERBOSE) console.error(e);
  console.error('wb-runner: wasm trap');
  code = 134;
}
process.exitCode = code;
