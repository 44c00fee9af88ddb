// A wasi:http handler in JavaScript, made a component by componentize-js (StarlingMonkey): it
// answers every request with the same bytes as hello-http.wasm, so the two can be compared.
import { ResponseOutparam, OutgoingResponse, OutgoingBody, Fields } from 'wasi:http/types@0.2.12';

const BODY = new TextEncoder().encode('hello from trellis\n');

export const incomingHandler = {
  handle(request, responseOut) {
    const headers = new Fields();
    headers.append('content-type', new TextEncoder().encode('text/plain'));
    const response = new OutgoingResponse(headers);
    response.setStatusCode(200);
    const body = response.body();
    const stream = body.write();
    stream.blockingWriteAndFlush(BODY);
    stream[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};
