// Builds a component from a core module (WAT) and its WIT, the way wit-component does:
// component embed, then component new (wasm-tools as jco ships it).
//   node build-component.mjs NODE_MODULES CORE.wat WORLD.wit WORLD OUT.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [, , nodeModules, coreWat, wit, world, out] = process.argv;
const jco = await import(pathToFileURL(join(nodeModules, '@bytecodealliance/jco/dist/api.js')).href);
const core = await jco.parse(readFileSync(coreWat, 'utf8'));
const embedded = await jco.componentEmbed({ binary: core, witSource: readFileSync(wit, 'utf8'), world });
writeFileSync(out, await jco.componentNew(embedded));
