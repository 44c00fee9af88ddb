// The part of wasi:http/types@0.2.x and wasi:io/streams the bench's hello-http component uses,
// for workerd: a fetch Request becomes an incoming-request, the outgoing-response the guest
// builds becomes a fetch Response. Written for trellis bench (bench/.../workerd); jco's
// transpiled component calls these classes as its imports. Anything else the guest might call
// is absent, so a component needing more fails loudly rather than being measured.

const decoder = new TextDecoder();

export class Fields {
  constructor() {
    this.list = [];
  }
  append(name, value) {
    this.list.push([name, value]);
  }
  set(name, values) {
    this.list = this.list.filter(([n]) => n !== name);
    for (const v of values) this.list.push([name, v]);
  }
  entries() {
    return this.list;
  }
}

export class IncomingRequest {
  constructor(request) {
    this.request = request;
  }
  [Symbol.dispose]() {}
}

export class OutputStream {
  constructor(body) {
    this.body = body;
  }
  blockingWriteAndFlush(bytes) {
    this.body.chunks.push(bytes.slice());
  }
  write(bytes) {
    this.body.chunks.push(bytes.slice());
  }
  blockingFlush() {}
  checkWrite() {
    return 1n << 20n;
  }
  [Symbol.dispose]() {}
}

export class OutgoingBody {
  constructor() {
    this.chunks = [];
    this.finished = false;
  }
  write() {
    return new OutputStream(this);
  }
  static finish(body, trailers) {
    body.finished = true;
  }
  bytes() {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
  [Symbol.dispose]() {}
}

export class OutgoingResponse {
  constructor(headers) {
    this.headers = headers;
    this.status = 200;
    this.outgoingBody = null;
  }
  setStatusCode(code) {
    this.status = code;
  }
  statusCode() {
    return this.status;
  }
  body() {
    if (this.outgoingBody) throw { tag: 'err' };
    this.outgoingBody = new OutgoingBody();
    return this.outgoingBody;
  }
  [Symbol.dispose]() {}
}

export class ResponseOutparam {
  constructor() {
    this.result = null;
  }
  static set(param, response) {
    param.result = response;
  }
  [Symbol.dispose]() {}
}

class IoError {
  toDebugString() {
    return 'error';
  }
}

export const imports = {
  'wasi:http/types': { Fields, IncomingRequest, OutgoingBody, OutgoingResponse, ResponseOutparam },
  'wasi:io/error': { Error: IoError },
  'wasi:io/streams': { OutputStream },
};

/** The fetch Response for what the guest put into the outparam. */
export function respond(out) {
  const r = out.result;
  if (!r || r.tag !== 'ok') {
    return new Response('the component set no response', { status: 500 });
  }
  const resp = r.val;
  const headers = new Headers();
  for (const [n, v] of resp.headers.list) headers.append(n, decoder.decode(v));
  const body = resp.outgoingBody ? resp.outgoingBody.bytes() : new Uint8Array(0);
  return new Response(body, { status: resp.status, headers });
}
