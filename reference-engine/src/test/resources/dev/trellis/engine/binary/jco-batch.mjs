// Test-time helper: runs wasm-tools' parser or printer (through jco's bundled wasm-tools) over
// many inputs in one process. Usage: node jco-batch.mjs API_JS MODE IN.json OUT.json
// MODE parse: IN is an array of WAT strings, OUT an array of {"hex": "..."} or {"error": "..."}.
// MODE print: IN is an array of hex binaries, OUT an array of {"text": "..."} or {"error": "..."}.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [api, mode, input, output] = process.argv.slice(2);
const { parse, print } = await import(pathToFileURL(api).href);
const items = JSON.parse(readFileSync(input, "utf8"));
const out = [];
for (const item of items) {
  try {
    if (mode === "parse") {
      out.push({ hex: Buffer.from(await parse(item)).toString("hex") });
    } else if (mode === "print") {
      out.push({ text: await print(Uint8Array.from(Buffer.from(item, "hex"))) });
    } else {
      throw new Error("unknown mode " + mode);
    }
  } catch (e) {
    out.push({ error: String(e && e.message ? e.message : e) });
  }
}
writeFileSync(output, JSON.stringify(out));
