// Trellis's driver inside workerd: one worker per loaded module or component, driven over
// HTTP on 127.0.0.1. The module it runs is "loaded.mjs", which the adapter generates: it
// exports `kind` ("core" or "component") and either `module` (a WebAssembly.Module that
// workerd compiled from the config, since workers may not compile code at run time) or
// jco's `instantiate` with `coreModules` (the transpiled component's core modules).
//
// POST / with a JSON body, answered with JSON:
//   {op: "ping"}                             -> {ok: {kind}}: the worker (and its module) loaded
//   {op: "instantiate"}                      -> {ok: {handle}}
//   {op: "invoke", instance, path, args}     -> {ok: {value}} | {componentError: v} | {error}
//   {op: "drop", handle}                     -> {ok: {}}
// Core values: i32/f32/f64 as numbers, i64 as {b: "digits"}; component values in the tagged
// JSON of JsValues.java.
import * as loaded from "./loaded.mjs";
import { enc, dec, failure, resolve } from "./values.mjs";

const instances = new Map();
let next = 0;

async function handle(req) {
  switch (req.op) {
    case "ping":
      return { ok: { kind: loaded.kind } };
    case "instantiate": {
      let inst;
      if (loaded.kind === "core") {
        inst = (await WebAssembly.instantiate(loaded.module, {})).exports;
      } else {
        inst = await loaded.instantiate(async (p) => loaded.coreModules[p], {});
      }
      const h = `I${++next}`;
      instances.set(h, inst);
      return { ok: { handle: h } };
    }
    case "invoke": {
      const inst = instances.get(req.instance);
      if (!inst) return { error: { kind: "error", message: `no instance ${req.instance}` } };
      const r = resolve(inst, req.path);
      if (r.error) return r;
      return { ok: { value: enc(await r.fn(...req.args.map(dec))) } };
    }
    case "drop":
      instances.delete(req.handle);
      return { ok: {} };
    default:
      return { error: { kind: "error", message: `unknown op ${req.op}` } };
  }
}

export default {
  async fetch(request) {
    let body;
    try {
      body = await request.json();
    } catch (e) {
      return Response.json({ error: { kind: "error", message: `bad request: ${e.message}` } }, { status: 400 });
    }
    try {
      return Response.json(await handle(body));
    } catch (e) {
      const f = failure(e, body.op === "invoke");
      if (f.error && /code generation disallowed/.test(f.error.message)) {
        // jco's glue compiles small helper modules at run time; workers may not.
        f.error.kind = "unsupported";
      } else if (f.error && body.op === "instantiate" && f.error.kind === "trap" && !(e instanceof WebAssembly.RuntimeError)) {
        f.error.kind = "link";
      }
      return Response.json(f);
    }
  },
};
