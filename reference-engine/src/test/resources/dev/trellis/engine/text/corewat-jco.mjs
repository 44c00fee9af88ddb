// Assembles WAT texts with wasm-tools' parser (jco's `parse`) for CoreWatDifferentialTest.
// usage: node corewat-jco.mjs JCO_API_JS INPUT_JSON CACHE_DIR
// INPUT_JSON is [{"key": "...", "text": "..."}, ...]; for each entry this writes
// CACHE_DIR/KEY.wasm (the bytes) or CACHE_DIR/KEY.err (wasm-tools' error message).
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [api, input, dir] = process.argv.slice(2);
const { parse } = await import(pathToFileURL(api).href);
const entries = JSON.parse(readFileSync(input, 'utf8'));
for (const { key, text } of entries) {
  let name, data;
  try {
    data = Buffer.from(await parse(text));
    name = key + '.wasm';
  } catch (e) {
    data = Buffer.from(String(e), 'utf8');
    name = key + '.err';
  }
  const tmp = join(dir, name + '.tmp');
  writeFileSync(tmp, data);
  renameSync(tmp, join(dir, name));
}
