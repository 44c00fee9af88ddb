// A wasi:http/incoming-handler in JavaScript (componentize-js), answering as http-hello.c does:
//   GET  /anything      200 "hello from js: GET /anything\n"
//   POST /anything      200 "hello from js: POST /anything, N bytes: BODY\n" (the body echoed)
//   any  /status/NNN    NNN, same text
// with content-type text/plain and x-trellis: yes. It uses the wasi:http types directly (not
// the fetch event), so the handler exports the 0.2.12 interface its world names.
import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function readBody(request) {
  const body = request.consume();
  const stream = body.stream();
  const chunks = [];
  let length = 0;
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536n);
    } catch (e) {
      break; // closed: the end of the body
    }
    chunks.push(chunk);
    length += chunk.length;
  }
  stream[Symbol.dispose]();
  const all = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

export const incomingHandler = {
  handle(request, responseOut) {
    const m = request.method();
    const method = m.tag === 'other' ? m.val : m.tag.toUpperCase();
    const path = request.pathWithQuery() ?? '/';
    let text = `hello from js: ${method} ${path}`;
    if (method === 'POST') {
      const body = readBody(request);
      text += `, ${body.length} bytes: ${decoder.decode(body)}`;
    }
    text += '\n';
    const match = /^\/status\/(\d{3})$/.exec(path);
    const headers = new Fields();
    headers.append('content-type', encoder.encode('text/plain'));
    headers.append('x-trellis', encoder.encode('yes'));
    const response = new OutgoingResponse(headers);
    response.setStatusCode(match ? Number(match[1]) : 200);
    const body = response.body();
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
    const out = body.write();
    const bytes = encoder.encode(text);
    for (let off = 0; off < bytes.length; off += 4096) {
      out.blockingWriteAndFlush(bytes.subarray(off, off + 4096));
    }
    out[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
  },
};
