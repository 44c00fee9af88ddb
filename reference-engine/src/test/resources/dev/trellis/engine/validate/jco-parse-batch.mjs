// Test-time helper: parses many component text forms with wasm-tools' parser (through jco's
// bundled wasm-tools) in one process. Usage: node jco-parse-batch.mjs API_JS IN.json OUT.json
// IN.json: an array of WAT strings. OUT.json: an array of {"hex": "..."} or {"error": "..."}.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [api, input, output] = process.argv.slice(2);
const { parse } = await import(pathToFileURL(api).href);
const texts = JSON.parse(readFileSync(input, "utf8"));
const out = [];
for (const t of texts) {
  try {
    out.push({ hex: Buffer.from(await parse(t)).toString("hex") });
  } catch (e) {
    out.push({ error: String(e && e.message ? e.message : e) });
  }
}
writeFileSync(output, JSON.stringify(out));
