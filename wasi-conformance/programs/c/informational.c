/* wasi:http/proxy with response-outparam.send-informational, @unstable(feature =
   informational-outbound-responses): a 103 Early Hints before the final response. */
#define TRELLIS_NO_START
#include "common.h"

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle"))) void handle_request(handle req, handle out) {
  handle hints = fields_new();
  ret_t r;
  fields_append_(hints, "link", 4, "</style.css>; rel=preload", 25, &r);
  outparam_send_informational_(out, 103, hints, &r);
  /* the outcome of send-informational goes into a header of the final response */
  const char *outcome = U8(r, 0) ? (r.b[8] == 38 ? "internal-error" : "error") : "ok";
  handle h = fields_new();
  fields_append_(h, "x-informational", 15, outcome, strlen(outcome), &r);
  handle bad = fields_new();
  outparam_send_informational_(out, 200, bad, &r);
  const char *outcome2 = U8(r, 0) ? (r.b[8] == 35 ? "HTTP-protocol-error" : "other error") : "ok";
  fields_append_(h, "x-informational-200", 19, outcome2, strlen(outcome2), &r);
  handle resp = outresp_new(h);
  outresp_body_(resp, &r);
  handle ob = I32(r, 4);
  outparam_set_(out, 0, resp, 0, 0, 0, 0, 0, 0);
  outbody_write_(ob, &r);
  handle s = I32(r, 4);
  out_write_all(s, "final", 5);
  out_drop(s);
  outbody_finish_(ob, 0, 0, &r);
  inreq_drop(req);
}
