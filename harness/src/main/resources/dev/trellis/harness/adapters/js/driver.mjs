// Trellis's driver for jco: transpiles components to JavaScript with jco and runs them on
// Node with @bytecodealliance/preview2-shim. Two modes:
//
//   node driver.mjs NODE_MODULES worker SOCKET   (values.mjs beside it)
//     A long-lived worker. JSON requests, one per line, arrive over the Unix socket SOCKET
//     (so the guest's own stdout/stderr stay apart from the protocol); one JSON response per
//     line goes back, in order. Requests: {id, op, ...}; responses: {id, ok: ...} or
//     {id, error: {kind, message}} or {id, componentError: value}.
//       hello                       -> versions of node, jco and preview2-shim
//       load {name, bytes(base64)}  -> {handle}: transpiled (and so validated) by jco
//       instantiate {loaded}        -> {handle}: instantiated with a sandboxed WASIShim
//       invoke {instance, path, args}
//                                   -> {value}: path is the export name and any nested
//                                      instance names; args and value are the tagged JSON
//                                      of JsValues.java
//       drop {handle}
//       transpile {bytes(base64), outDir}
//                                   -> {files}: writes jco's output (instantiation mode) to
//                                      outDir, for runtimes that load it themselves (workerd)
//
//   node driver.mjs NODE_MODULES run COMPONENT.wasm CONFIG.json
//     Runs a wasi:cli/command once, on this process's real stdin/stdout/stderr, with the
//     args, env and preopens CONFIG gives and nothing else; exits with the command's code.
//     A trap exits 134 and writes its message to CONFIG.trapFile.
import { readFileSync, writeFileSync, mkdirSync, rmSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import net from 'node:net';
import { enc, dec, failure, resolve } from './values.mjs';

const [, , nodeModules, mode, ...rest] = process.argv;
const mod = (p) => import(pathToFileURL(join(nodeModules, p)).href);
const jco = await mod('@bytecodealliance/jco/dist/api.js');
const { WASIShim } = await mod('@bytecodealliance/preview2-shim/dist/common/instantiation.js');
const version = (pkg) => JSON.parse(readFileSync(join(nodeModules, pkg, 'package.json'), 'utf8')).version;

const work = mkdtempSync(join(tmpdir(), 'trellis-jco-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
let counter = 0;

async function transpileFiles(bytes) {
  return jco.transpile(bytes, {
    name: 'component',
    instantiation: { tag: 'async' },
    noTypescript: true,
    emitTypescriptDeclarations: false,
    // Every core module as a file of its own: workerd cannot compile inlined (base64) ones at
    // run time, and it costs Node nothing.
    base64Cutoff: 0,
  });
}

function writeAll(files, dir) {
  for (const [file, data] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, data);
  }
}

async function transpile(bytes, name) {
  const r = await transpileFiles(bytes);
  const dir = join(work, `c${++counter}`);
  writeAll(r.files, dir);
  return { dir, files: r.files, name };
}

async function instantiate(loaded, shim) {
  const m = await import(pathToFileURL(join(loaded.dir, 'component.js')).href);
  return m.instantiate(async (p) => WebAssembly.compile(loaded.files[p]), shim.getImportObject());
}

// ---- worker -------------------------------------------------------------------------------
async function worker(socketPath) {
  const handles = new Map();
  let next = 0;
  const sock = net.connect(socketPath);
  sock.setEncoding('utf8');
  const send = (o) => sock.write(JSON.stringify(o) + '\n');
  const ops = {
    async hello() {
      return { node: process.versions.node, jco: version('@bytecodealliance/jco'), shim: version('@bytecodealliance/preview2-shim') };
    },
    async load(req) {
      const loaded = await transpile(Buffer.from(req.bytes, 'base64'), req.name);
      const h = `L${++next}`;
      handles.set(h, loaded);
      return { handle: h };
    },
    async instantiate(req) {
      const loaded = handles.get(req.loaded);
      if (!loaded) throw new Error(`no loaded component ${req.loaded}`);
      // Nothing granted: no preopens, no environment, no network.
      const shim = new WASIShim({ sandbox: { preopens: {}, env: {}, args: [loaded.name], enableNetwork: false } });
      const inst = await instantiate(loaded, shim);
      const h = `I${++next}`;
      handles.set(h, inst);
      return { handle: h };
    },
    async invoke(req) {
      const inst = handles.get(req.instance);
      if (!inst) throw new Error(`no instance ${req.instance}`);
      const r = resolve(inst, req.path);
      if (r.error) return r;
      return { value: enc(await r.fn(...req.args.map(dec))) };
    },
    async drop(req) {
      handles.delete(req.handle);
      return {};
    },
    async transpile(req) {
      const r = await transpileFiles(Buffer.from(req.bytes, 'base64'));
      writeAll(r.files, req.outDir);
      return { files: Object.keys(r.files) };
    },
  };
  const loadKinds = { load: 'load', transpile: 'load', instantiate: 'link' };
  let buffer = '';
  let chain = Promise.resolve();
  sock.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      chain = chain.then(async () => {
        let req;
        try {
          req = JSON.parse(line);
        } catch (e) {
          send({ id: null, error: { kind: 'error', message: `bad request: ${e.message}` } });
          return;
        }
        const op = ops[req.op];
        if (!op) {
          send({ id: req.id, error: { kind: 'error', message: `unknown op ${req.op}` } });
          return;
        }
        try {
          const r = await op(req);
          send(r.error ? { id: req.id, error: r.error } : { id: req.id, ok: r });
        } catch (e) {
          const f = failure(e, req.op === "invoke");
          if (f.error && loadKinds[req.op] && f.error.kind === 'trap') {
            if (e instanceof WebAssembly.RuntimeError) {
              // jco's own tooling (wasm-tools and bindgen, components themselves) trapped: it is
              // poisoned now, so this worker must be replaced.
              f.error = { kind: 'error', message: `jco crashed: ${f.error.message}`, restart: true };
            } else {
              f.error.kind = loadKinds[req.op];
            }
          }
          send({ id: req.id, ...f });
        }
      });
    }
  });
  sock.on('end', () => process.exit(0));
  sock.on('error', () => process.exit(1));
}

// ---- one-shot command -----------------------------------------------------------------------
async function run(componentPath, configPath) {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const loaded = await transpile(readFileSync(componentPath), config.program);
  const shim = new WASIShim({
    sandbox: { preopens: config.preopens, env: config.env, args: [config.program, ...config.args], enableNetwork: !!config.network },
  });
  let inst;
  try {
    inst = await instantiate(loaded, shim);
  } catch (e) {
    writeFileSync(config.trapFile, `instantiation failed: ${(e && e.message) || e}`);
    process.exit(134);
  }
  const runIface = Object.entries(inst).find(([k]) => k.startsWith('wasi:cli/run@'))?.[1] ?? inst.run;
  if (!runIface || typeof runIface.run !== 'function') {
    writeFileSync(config.trapFile, 'the component exports no wasi:cli/run');
    process.exit(134);
  }
  try {
    await runIface.run();
    process.exitCode = 0;
  } catch (e) {
    const f = failure(e, true);
    if (f.componentError !== undefined) {
      process.exitCode = 1;
    } else {
      writeFileSync(config.trapFile, f.error.message);
      process.exitCode = 134;
    }
  }
}

if (mode === 'worker') {
  await worker(rest[0]);
} else if (mode === 'run') {
  await run(rest[0], rest[1]);
} else {
  console.error('usage: node driver.mjs NODE_MODULES (worker SOCKET | run COMPONENT CONFIG)');
  process.exit(2);
}
