/* A regex-like matcher (Pike-style backtracking: literals, '.', \d, \w, escapes, [classes]
 * with ranges and negation, '*', '+', '?', '^', '$'), searching n generated lines for six
 * patterns. Returns a checksum of how many lines each pattern matched. */
#include "kernel.h"

static const char *const PATTERNS[] = {
  "[a-z]+@[a-z]+\\.com", "\\d\\d\\d-\\d\\d\\d\\d", "^[a-f][a-z]*a", "q.*x.*z", "ab?c+", "[^a-z ]"};
#define NPATTERNS 6

/* One atom at re: its length in the pattern, and whether it matches c. */
static int atom_len(const char *re) {
  if (*re == '\\') return 2;
  if (*re == '[') {
    const char *p = re + 1;
    if (*p == '^') p++;
    if (*p == ']') p++;
    while (*p && *p != ']') p++;
    return (int)(p - re) + (*p ? 1 : 0);
  }
  return 1;
}

static int atom_matches(const char *re, char c) {
  switch (*re) {
    case '.': return 1;
    case '\\':
      if (re[1] == 'd') return c >= '0' && c <= '9';
      if (re[1] == 'w') return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      return c == re[1];
    case '[': {
      const char *p = re + 1;
      int neg = 0, hit = 0;
      if (*p == '^') { neg = 1; p++; }
      int first = 1;
      while (*p && (*p != ']' || first)) {
        first = 0;
        if (p[1] == '-' && p[2] && p[2] != ']') {
          if (c >= p[0] && c <= p[2]) hit = 1;
          p += 3;
        } else {
          if (c == *p) hit = 1;
          p++;
        }
      }
      return hit != neg;
    }
    default: return c == *re;
  }
}

static int match_here(const char *re, const char *text, const char *end);

static int match_star(const char *atom, const char *rest, const char *text, const char *end, int min) {
  const char *t = text;
  while (t < end && atom_matches(atom, *t)) t++; /* greedy, then back off */
  for (; t >= text + min; t--) {
    if (match_here(rest, t, end)) return 1;
  }
  return 0;
}

static int match_here(const char *re, const char *text, const char *end) {
  for (;;) {
    if (*re == 0) return 1;
    if (re[0] == '$' && re[1] == 0) return text == end;
    int len = atom_len(re);
    char q = re[len];
    if (q == '*') return match_star(re, re + len + 1, text, end, 0);
    if (q == '+') return match_star(re, re + len + 1, text, end, 1);
    if (q == '?') {
      if (text < end && atom_matches(re, *text) && match_here(re + len + 1, text + 1, end)) return 1;
      re += len + 1;
      continue;
    }
    if (text < end && atom_matches(re, *text)) {
      re += len;
      text++;
      continue;
    }
    return 0;
  }
}

/* Whether re matches anywhere in [text, end). */
static int search(const char *re, const char *text, const char *end) {
  if (*re == '^') return match_here(re + 1, text, end);
  const char *t = text;
  do {
    if (match_here(re, t, end)) return 1;
  } while (t++ < end);
  return 0;
}

static char line[256];

static uint32_t R(uint32_t *s) { return lcg_next(s) >> 16; }

static int word(char *at, uint32_t len, uint32_t *s) {
  for (uint32_t i = 0; i < len; i++) at[i] = (char)('a' + R(s) % 26);
  return (int)len;
}

/* One generated line; RegexKernelCheck in Java generates the same. */
static int gen_line(uint32_t *s) {
  int at = 0;
  uint32_t words = 3 + R(s) % 6;
  for (uint32_t w = 0; w < words; w++) {
    if (w) line[at++] = ' ';
    uint32_t r = R(s) % 10;
    if (r == 0) {
      at += word(line + at, 3 + R(s) % 6, s);
      line[at++] = '@';
      at += word(line + at, 3 + R(s) % 4, s);
      const char *tld = (R(s) & 1) ? ".com" : ".org";
      for (int k = 0; k < 4; k++) line[at++] = tld[k];
    } else if (r == 1) {
      for (int k = 0; k < 3; k++) line[at++] = (char)('0' + R(s) % 10);
      line[at++] = '-';
      for (int k = 0; k < 4; k++) line[at++] = (char)('0' + R(s) % 10);
    } else {
      at += word(line + at, 1 + R(s) % 9, s);
    }
  }
  return at;
}

uint32_t kernel_regex(uint32_t n) {
  uint32_t counts[NPATTERNS] = {0};
  uint32_t seed = 12345;
  for (uint32_t i = 0; i < n; i++) {
    int len = gen_line(&seed);
    for (int k = 0; k < NPATTERNS; k++) {
      if (search(PATTERNS[k], line, line + len)) counts[k]++;
    }
  }
  uint32_t cs = 0;
  for (int k = 0; k < NPATTERNS; k++) cs = cs * 31u + counts[k];
  return cs;
}

KERNEL_EXPORT(kernel_regex)
