// Shared by Trellis's JavaScript drivers (driver.mjs on Node, workerd-worker.mjs in workerd):
// the tagged JSON that carries values across the harness (see JsValues.java), and how a
// thrown error is reported.

/** A JavaScript value as tagged JSON. */
export function enc(v) {
  if (v === undefined || v === null) return { u: 1 };
  if (typeof v === 'bigint') return { b: v.toString() };
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return { n: '-0' };
    return Number.isFinite(v) ? v : { n: String(v) };
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (ArrayBuffer.isView(v)) return Array.from(v, enc);
  if (Array.isArray(v)) return v.map(enc);
  if (typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = enc(v[k]);
    return { o };
  }
  return { x: String(v) };
}

/** Tagged JSON back to a JavaScript value. */
export function dec(t) {
  if (Array.isArray(t)) return t.map(dec);
  if (t !== null && typeof t === 'object') {
    if ('u' in t) return undefined;
    if ('b' in t) return BigInt(t.b);
    if ('n' in t) return t.n === '-0' ? -0 : Number(t.n);
    if ('o' in t) {
      const o = {};
      for (const [k, v] of Object.entries(t.o)) o[k] = dec(v);
      return o;
    }
  }
  return t;
}

/**
 * A thrown error as a response: from a call, a top-level result's error payload (jco's
 * ComponentError); a trap (WebAssembly.RuntimeError, or an ordinary error jco's bindings throw
 * for a Canonical ABI condition they check in JavaScript), stack exhaustion, or a link error.
 * Outside a call (jco itself failing to transpile), a ComponentError is just an error.
 */
export function failure(e, call = false) {
  if (call && e && e.constructor && e.constructor.name === 'ComponentError' && 'payload' in e) {
    return { componentError: enc(e.payload) };
  }
  const message = String((e && e.message) || e);
  if (/call stack/i.test(message) && (e instanceof RangeError || e instanceof WebAssembly.RuntimeError)) {
    return { error: { kind: 'exhausted', message } };
  }
  if (e instanceof WebAssembly.RuntimeError) return { error: { kind: 'trap', message } };
  if (e instanceof WebAssembly.LinkError) return { error: { kind: 'link', message } };
  return { error: { kind: 'trap', message: `${(e && e.constructor && e.constructor.name) || 'Error'}: ${message}` } };
}

/** An export by its component name: as is, in jco's lowerCamelCase, or keyword-escaped. */
export function lookup(obj, name) {
  if (obj == null) return undefined;
  if (name in obj) return obj[name];
  const camel = name.split('-').filter((w) => w).map((w, i) => {
    const l = w.toLowerCase();
    return i === 0 ? l : l[0].toUpperCase() + l.slice(1);
  }).join('');
  if (camel in obj) return obj[camel];
  if ((camel + '$') in obj) return obj[camel + '$'];
  return undefined;
}

/** Follows an export path (name, then names inside exported instances) to a function. */
export function resolve(root, path) {
  let target = root;
  for (const p of path) {
    target = lookup(target, p);
    if (target === undefined) return { error: { kind: 'error', message: `no export ${path.join('#')}` } };
  }
  if (typeof target !== 'function') return { error: { kind: 'error', message: `export ${path.join('#')} is not a function` } };
  return { fn: target };
}
