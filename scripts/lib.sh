# Shared by the scripts in this directory. Source it; it defines:
#   TRELLIS_ROOT   the repository root
#   trellis_java_home  -> prints a JDK >= 25 home, or fails with what to install
# shellcheck shell=bash

TRELLIS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRELLIS_MIN_JDK=25

_jdk_feature() { # JAVA_HOME -> feature version (e.g. 25), or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  echo "$v"
}

trellis_java_home() {
  local v best="" bestv=0 d
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(_jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$TRELLIS_MIN_JDK" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for d in /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/; do
    [ -d "$d" ] || continue
    d=${d%/}
    [ -L "$d" ] && continue
    v=$(_jdk_feature "$d")
    if [ -n "$v" ] && [ "$v" -ge "$TRELLIS_MIN_JDK" ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  echo "trellis: no JDK $TRELLIS_MIN_JDK or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
  echo "trellis: install one, e.g. Temurin 25 (apt: temurin-25-jdk from packages.adoptium.net), then set JAVA_HOME or rerun." >&2
  return 1
}

trellis_mvn() { # runs Maven with the JDK found above
  local jh
  jh=$(trellis_java_home) || return 1
  JAVA_HOME="$jh" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -f "$TRELLIS_ROOT/pom.xml" "$@"
}
