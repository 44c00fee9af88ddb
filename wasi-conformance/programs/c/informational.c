/* wasi:http/proxy with response-outparam.send-informational, @unstable(feature =
   informational-outbound-responses): a 103 Early Hints before the final response. */
#define TRELLIS_NO_START
#include "common.h"

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle"))) void handle_request(handle req, handle out) {
  handle hints = fields_new();
  ret_t r;
  fields_append_(hints, "link", 4, "</style.css>; rel=preload", 25, &r);
  outparam_send_informational_(out, 103, hints, &r);
  /* "an internal-error if the implementation does not support informational responses" */
  int first = U8(r, 0) ? r.b[8] : -1;
  handle bad = fields_new();
  outparam_send_informational_(out, 200, bad, &r);
  int second = U8(r, 0) ? r.b[8] : -1;
  /* Either the host sends informational responses (103 ok, 200 refused as HTTP-protocol-error)
     or it does not support them (internal-error for the 103; for the 200 both reasons apply,
     and the spec does not order them). */
  bool conforms = (first == -1 && second == 35) || (first == 38 && (second == 38 || second == 35));
  const char *outcome = first == -1 ? "sent" : first == 38 ? "not supported" : "other";
  handle h = fields_new();
  fields_append_(h, "x-informational", 15, outcome, strlen(outcome), &r);
  fields_append_(h, "x-conforms", 10, conforms ? "yes" : "no", conforms ? 3 : 2, &r);
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
