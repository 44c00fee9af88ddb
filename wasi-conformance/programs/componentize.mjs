// Turns core modules into WASI 0.2 components in one Node process (the wasm-tools that jco
// bundles: `jco embed` + `jco new`), so the build does not pay Node's start-up per program.
//
//   node componentize.mjs NODE_MODULES WIT_DIR JOBS.json
//
// JOBS.json: [{"core": "x.core.wasm", "out": "x.wasm", "world": "command",
//              "adapter": "command"|"reactor"|null, "embed": true|false}]
// "embed": embed the component-type of WIT_DIR's world first (programs calling raw WASI 0.2
// imports); false for plain wasi-libc programs (the adapter alone describes their imports).
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [nodeModules, witDir, jobsFile] = process.argv.slice(2);
if (!jobsFile) {
  console.error('usage: node componentize.mjs NODE_MODULES WIT_DIR JOBS.json');
  process.exit(2);
}
const jcoDir = join(resolve(nodeModules), '@bytecodealliance/jco');
const { componentEmbed, componentNew } = await import(pathToFileURL(join(jcoDir, 'dist/api.js')).href);
const adapters = {
  command: await readFile(join(jcoDir, 'lib/wasi_snapshot_preview1.command.wasm')),
  reactor: await readFile(join(jcoDir, 'lib/wasi_snapshot_preview1.reactor.wasm')),
};
// The unstable features of 0.2.12, so that programs may call every function of the release.
const features = { tag: 'list', val: ['clocks-timezone', 'network-error-code', 'informational-outbound-responses'] };

const jobs = JSON.parse(await readFile(jobsFile, 'utf8'));
let failed = 0;
for (const job of jobs) {
  try {
    let core = await readFile(job.core);
    if (job.embed) {
      core = await componentEmbed({ binary: core, witPath: resolve(witDir), world: job.world, features });
    }
    const adapt = job.adapter ? [['wasi_snapshot_preview1', adapters[job.adapter]]] : [];
    const component = await componentNew(core, adapt);
    await writeFile(job.out, component);
  } catch (e) {
    failed++;
    console.error(`${job.core}: ${(e && e.message) || e}`);
  }
}
process.exit(failed ? 1 : 0);
