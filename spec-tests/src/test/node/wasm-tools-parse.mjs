// Differential oracle: wasm-tools' text parser and encoder, as jco ships it.
// Reads JSON lines {"id": ..., "text": ...} on stdin and writes, per line,
// {"id": ..., "ok": true, "hex": "..."} or {"id": ..., "ok": false, "error": "..."}.
// Usage: node wasm-tools-parse.mjs JCO_API_JS  (path to @bytecodealliance/jco/dist/api.js)
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const { parse } = await import(pathToFileURL(process.argv[2]).href);
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { id, text } = JSON.parse(line);
  let out;
  try {
    const bytes = await parse(text);
    out = { id, ok: true, hex: Buffer.from(bytes).toString('hex') };
  } catch (e) {
    out = { id, ok: false, error: String(e && e.message ? e.message : e).slice(0, 500) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
