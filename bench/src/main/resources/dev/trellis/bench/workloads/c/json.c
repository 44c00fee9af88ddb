/* A small JSON parser (RFC 8259: objects, arrays, strings with escapes and \u sequences
 * decoded to UTF-8, numbers, true/false/null), run over a generated document of n items.
 * Returns a checksum of what it parsed: integers summed, strings (keys included) counted and
 * their decoded UTF-8 bytes counted, trues and nulls counted. */
#include "kernel.h"

#define MAX_ITEMS 2048
#define ITEM_BYTES 192
static char doc[MAX_ITEMS * ITEM_BYTES + 16];
static uint32_t doc_len;
static uint32_t doc_items = 0xffffffffu;

static uint32_t put(uint32_t at, const char *s) {
  while (*s) doc[at++] = *s++;
  return at;
}

static uint32_t put_int(uint32_t at, int32_t v) {
  char tmp[12];
  int k = 0;
  uint32_t u = v < 0 ? (uint32_t)(-(int64_t)v) : (uint32_t)v;
  if (v < 0) doc[at++] = '-';
  do { tmp[k++] = (char)('0' + u % 10); u /= 10; } while (u);
  while (k) doc[at++] = tmp[--k];
  return at;
}

/* The document; JsonKernelCheck in Java writes the same text. */
static void generate(uint32_t n) {
  uint32_t at = 0;
  doc[at++] = '[';
  for (uint32_t i = 0; i < n; i++) {
    if (i) at = put(at, ",");
    at = put(at, "\n  {\"id\": ");
    at = put_int(at, (int32_t)i);
    at = put(at, ", \"name\": \"item-");
    at = put_int(at, (int32_t)i);
    at = put(at, "\", \"tags\": [\"alpha\", \"b\\\"eta\", \"gam\\nma\", \"caf\\u00e9\"], \"score\": ");
    at = put_int(at, (int32_t)((i * 7919u) % 1000u) - 500);
    at = put(at, ", \"ok\": ");
    at = put(at, i % 3 == 0 ? "true" : "false");
    at = put(at, ", \"nested\": {\"depth\": [1, [2, [3, null]]]}}");
  }
  at = put(at, "\n]\n");
  doc_len = at;
  doc_items = n;
}

typedef struct {
  const char *p, *end;
  int64_t ints;
  uint32_t strings, bytes, trues, nulls;
  int error;
} parser;

static void ws(parser *s) {
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) s->p++;
}

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void string(parser *s) {
  s->p++; /* the opening quote */
  uint32_t bytes = 0;
  while (s->p < s->end && *s->p != '"') {
    char c = *s->p++;
    if (c != '\\') { bytes++; continue; }
    if (s->p >= s->end) { s->error = 1; return; }
    char e = *s->p++;
    switch (e) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': bytes++; break;
      case 'u': {
        if (s->end - s->p < 4) { s->error = 1; return; }
        int cp = 0;
        for (int k = 0; k < 4; k++) {
          int h = hex(s->p[k]);
          if (h < 0) { s->error = 1; return; }
          cp = cp * 16 + h;
        }
        s->p += 4;
        bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
        break;
      }
      default: s->error = 1; return;
    }
  }
  if (s->p >= s->end) { s->error = 1; return; }
  s->p++;
  s->strings++;
  s->bytes += bytes;
}

static void number(parser *s) {
  int neg = 0;
  int64_t v = 0;
  if (*s->p == '-') { neg = 1; s->p++; }
  if (s->p >= s->end || *s->p < '0' || *s->p > '9') { s->error = 1; return; }
  while (s->p < s->end && *s->p >= '0' && *s->p <= '9') v = v * 10 + (*s->p++ - '0');
  /* fractions and exponents are read and truncated away */
  if (s->p < s->end && *s->p == '.') { s->p++; while (s->p < s->end && *s->p >= '0' && *s->p <= '9') s->p++; }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
    s->p++;
    if (s->p < s->end && (*s->p == '+' || *s->p == '-')) s->p++;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9') s->p++;
  }
  s->ints += neg ? -v : v;
}

static int literal(parser *s, const char *word) {
  const char *q = s->p;
  while (*word) {
    if (q >= s->end || *q != *word) { s->error = 1; return 0; }
    q++; word++;
  }
  s->p = q;
  return 1;
}

static void value(parser *s, int depth) {
  if (depth > 64) { s->error = 1; return; }
  ws(s);
  if (s->p >= s->end) { s->error = 1; return; }
  switch (*s->p) {
    case '{':
      s->p++;
      ws(s);
      if (s->p < s->end && *s->p == '}') { s->p++; return; }
      for (;;) {
        ws(s);
        if (s->p >= s->end || *s->p != '"') { s->error = 1; return; }
        string(s);
        ws(s);
        if (s->error || s->p >= s->end || *s->p != ':') { s->error = 1; return; }
        s->p++;
        value(s, depth + 1);
        if (s->error) return;
        ws(s);
        if (s->p < s->end && *s->p == ',') { s->p++; continue; }
        if (s->p < s->end && *s->p == '}') { s->p++; return; }
        s->error = 1;
        return;
      }
    case '[':
      s->p++;
      ws(s);
      if (s->p < s->end && *s->p == ']') { s->p++; return; }
      for (;;) {
        value(s, depth + 1);
        if (s->error) return;
        ws(s);
        if (s->p < s->end && *s->p == ',') { s->p++; continue; }
        if (s->p < s->end && *s->p == ']') { s->p++; return; }
        s->error = 1;
        return;
      }
    case '"': string(s); return;
    case 't': if (literal(s, "true")) s->trues++; return;
    case 'f': literal(s, "false"); return;
    case 'n': if (literal(s, "null")) s->nulls++; return;
    default: number(s); return;
  }
}

uint32_t kernel_json(uint32_t n) {
  if (n > MAX_ITEMS) n = MAX_ITEMS;
  if (n != doc_items) generate(n);
  parser s = {doc, doc + doc_len, 0, 0, 0, 0, 0, 0};
  value(&s, 0);
  ws(&s);
  if (s.error || s.p != s.end) return 0xffffffffu;
  return (uint32_t)((uint64_t)s.ints * 31u + s.strings * 7u + s.bytes * 3u + s.trues * 5u + s.nulls * 11u);
}

KERNEL_EXPORT(kernel_json)
