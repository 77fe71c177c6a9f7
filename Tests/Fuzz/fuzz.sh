#!/usr/bin/env bash
# Builds the libFuzzer targets of Tests/Fuzz (one per Fuzz*.swift), seeds them from the
# repository, runs each for a while, and reports how many inputs each ran.
#
# Usage: Tests/Fuzz/fuzz.sh [seconds-per-target] [target...]
#   seconds-per-target  default 60
#   target              FuzzSQL, FuzzJSONLine, FuzzPlanFile, FuzzCheckpoint (default: all);
#                       case and the "Fuzz" prefix do not matter (`sql`, `planfile`)
#
# Environment (all optional):
#   EDDY_FUZZ_CONFIG   release (default: optimized) or debug (builds faster, runs slower,
#                      and also checks unsafe-buffer indexes)
#   EDDY_FUZZ_JOBS     build jobs (default: the number of cores)
#   EDDY_FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (default 10)
#   EDDY_FUZZ_FLAGS    more libFuzzer flags for every run (e.g. -only_ascii=1)
#   EDDY_FUZZ_SCRATCH  SwiftPM's build folder for the instrumented library (default
#                      .build-fuzz/fuzz/spm); CI passes .build after the tests, so that C
#                      dependencies (BoringSSL, zlib) already built there are not built
#                      again. Swift modules there are rebuilt instrumented.
#   SWIFT, SWIFTC      the toolchain's swift and swiftc (default: on PATH)
#
# SwiftPM builds the library target EddyEngine and everything it depends on (GRDB
# included) into .build-fuzz/fuzz/spm, instrumented for libFuzzer and AddressSanitizer;
# it cannot link a fuzzer itself (it renames `main`), so each target is then compiled
# and linked by swiftc with the objects and module paths SwiftPM's build plan
# (<config>.yaml) names for that dependency closure.
# Everything goes under .build-fuzz/fuzz/: the build, the fuzzers, seeds (regenerated each
# run), the corpus each target grows across runs (corpus/<target>), logs, and the files
# of inputs that crashed (artifacts/<target>/crash-*). Exits 1 if any target crashed,
# hung or ran out of memory, printing the path of the input that did it; 2 on a usage or
# build error.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

SWIFT="${SWIFT:-swift}"
SWIFTC="${SWIFTC:-swiftc}"
CONFIG="${EDDY_FUZZ_CONFIG:-release}"
TIMEOUT="${EDDY_FUZZ_TIMEOUT:-10}"
JOBS="${EDDY_FUZZ_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}"
read -r -a EXTRA_FLAGS <<<"${EDDY_FUZZ_FLAGS:-}"
case "$CONFIG" in
  release) OPT=-O ;;
  debug) OPT=-Onone ;;
  *) echo "fuzz.sh: EDDY_FUZZ_CONFIG must be release or debug, not '$CONFIG'" >&2; exit 2 ;;
esac

WORK="$ROOT/.build-fuzz/fuzz"
SPM="${EDDY_FUZZ_SCRATCH:-$WORK/spm}"
BIN="$WORK/bin"
SEEDS="$WORK/seeds"
CORPUS="$WORK/corpus"
ARTIFACTS="$WORK/artifacts"
LOGS="$WORK/logs"
SCRATCH="$WORK/scratch"

usage() {
  sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

SECONDS_PER_TARGET=60
if [ $# -gt 0 ]; then
  case "$1" in
    -h | --help) usage ;;
    *[!0-9]* | "") ;;
    *) SECONDS_PER_TARGET="$1"; shift ;;
  esac
fi

ALL_TARGETS=()
for f in "$ROOT"/Tests/Fuzz/Fuzz*.swift; do ALL_TARGETS+=("$(basename "$f" .swift)"); done
TARGETS=()
if [ $# -eq 0 ]; then
  TARGETS=("${ALL_TARGETS[@]}")
else
  for want in "$@"; do
    w="$(echo "$want" | tr '[:upper:]' '[:lower:]')"
    found=""
    for t in "${ALL_TARGETS[@]}"; do
      l="$(echo "$t" | tr '[:upper:]' '[:lower:]')"
      if [ "$w" = "$l" ] || [ "fuzz$w" = "$l" ]; then found="$t"; fi
    done
    if [ -z "$found" ]; then
      echo "fuzz.sh: no target '$want' (targets: ${ALL_TARGETS[*]})" >&2
      exit 2
    fi
    TARGETS+=("$found")
  done
fi

mkdir -p "$BIN" "$SEEDS" "$CORPUS" "$ARTIFACTS" "$LOGS" "$SCRATCH"

# A trap must reach libFuzzer's handler (which writes the input that caused it): Swift's
# own backtracer would take the signal first, and crashes under AddressSanitizer.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer cannot see pointers Swift keeps with tag bits in them (enum payloads in
# globals), so it reports memory that is still referenced: leaks are not checked.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# ---- build -------------------------------------------------------------------------

# The library the fuzzers link against; SwiftPM builds it and its whole closure.
LIBRARY=EddyEngine
SANITIZE=(-sanitize=fuzzer,address -gline-tables-only)

build_start=$(date +%s)
echo "== building $LIBRARY ($CONFIG, instrumented) into ${SPM#"$ROOT"/}"
if ! "$SWIFT" build --package-path "$ROOT" --scratch-path "$SPM" -c "$CONFIG" --target "$LIBRARY" -j "$JOBS" \
  -Xswiftc "${SANITIZE[0]}" -Xswiftc "${SANITIZE[1]}" >"$LOGS/build.log" 2>&1; then
  grep -E "error:" -A3 "$LOGS/build.log" | head -40 >&2 || tail -40 "$LOGS/build.log" >&2
  echo "fuzz.sh: the build failed (log: $LOGS/build.log)" >&2
  exit 2
fi
PRODUCTS="$("$SWIFT" build --package-path "$ROOT" --scratch-path "$SPM" -c "$CONFIG" --show-bin-path)"
PLAN="$SPM/$CONFIG.yaml"

# A field (inputs, outputs, args) of the command that compiles module $1 in the build plan.
plan_field() {
  awk -v m="\"C.$1-" -v field="$2:" 'index($1, m) == 1 && $1 ~ /\.module":$/ {f = 1; next} f && $1 == field {print; exit}' "$PLAN"
}

# The modules $LIBRARY needs, itself included: those whose .swiftmodule its compile reads,
# and theirs.
closure() {
  local todo="$1" seen=" " m
  while [ -n "${todo// /}" ]; do
    read -r m todo <<<"$todo"
    case "$seen" in *" $m "*) continue ;; esac
    seen="$seen$m "
    todo="$todo $(plan_field "$m" inputs | grep -o '/Modules/[A-Za-z0-9_]*\.swiftmodule' | sed 's|/Modules/||; s|\.swiftmodule||' | sort -u | tr '\n' ' ')"
  done
  echo $seen
}

MODULES="$(closure "$LIBRARY")"
OBJECTS=()
for m in $MODULES; do
  while IFS= read -r o; do OBJECTS+=("$o"); done < <(plan_field "$m" outputs | grep -o '"[^"]*\.o"' | tr -d '"')
done
# The C targets' objects (BoringSSL, NIO's shims, ...): the Swift modules above call into
# them. Every C target SwiftPM built here belongs to some Swift target; the ones of tests
# and executables are Swift only, so all of them can be linked.
while IFS= read -r o; do OBJECTS+=("$o"); done < <(find "$PRODUCTS" -path '*.build/*' \( -name '*.c.o' -o -name '*.cc.o' -o -name '*.cpp.o' -o -name '*.S.o' \) -type f | LC_ALL=C sort)
# The search paths SwiftPM gave the library's compile (its module folder, and the module
# maps of C libraries such as zlib and SQLite), so that its interface imports here too.
IMPORT_FLAGS=(-I "$PRODUCTS/Modules")
while IFS= read -r map; do IMPORT_FLAGS+=(-Xcc "$map"); done < <(plan_field "$LIBRARY" args | grep -o '"-fmodule-map-file=[^"]*"' | tr -d '"')
if [ "${#OBJECTS[@]}" -eq 0 ]; then
  echo "fuzz.sh: found no objects of $LIBRARY in $PLAN" >&2
  exit 2
fi

# A fingerprint of everything a fuzzer binary depends on.
signature() {
  {
    "$SWIFTC" --version 2>&1 | head -1
    echo "$CONFIG ${IMPORT_FLAGS[*]}"
    for f in "$@"; do echo "$f"; cat "$f"; done
    for o in "${OBJECTS[@]}"; do stat -c '%n %Y %s' "$o"; done
  } | sha1sum | cut -d' ' -f1
}

build_target() {
  local t="$1" files sig
  mapfile -t files < <(printf '%s\n' "Tests/Fuzz/$t.swift"; find Tests/Fuzz/Support -name '*.swift' -type f | LC_ALL=C sort)
  sig="$(signature "${files[@]}")"
  if [ -x "$BIN/$t" ] && [ "$(cat "$BIN/$t.sig" 2>/dev/null)" = "$sig" ]; then return 0; fi
  echo "   linking $t"
  rm -f "$BIN/$t.sig"
  if ! "$SWIFTC" -module-name "$t" -parse-as-library -swift-version 6 "$OPT" "${SANITIZE[@]}" "${IMPORT_FLAGS[@]}" \
    "${files[@]}" "${OBJECTS[@]}" -o "$BIN/$t" >"$LOGS/build-$t.log" 2>&1; then
    grep -E "error:" -A3 "$LOGS/build-$t.log" | head -40 >&2 || tail -40 "$LOGS/build-$t.log" >&2
    echo "fuzz.sh: $t does not build (log: $LOGS/build-$t.log)" >&2
    return 1
  fi
  echo "$sig" >"$BIN/$t.sig"
}

for t in "${TARGETS[@]}"; do build_target "$t" || exit 2; done
echo "   built in $(($(date +%s) - build_start)) s (modules: $MODULES)"

# ---- seed and run ------------------------------------------------------------------

rm -rf "${SCRATCH:?}"/*
status=0
total=0
summary=()
for t in "${TARGETS[@]}"; do
  rm -rf "${SEEDS:?}/$t" "$SEEDS/$t.dict"
  if ! (cd "$SCRATCH" && EDDY_FUZZ_WRITE_SEEDS="$SEEDS/$t" EDDY_FUZZ_REPO="$ROOT" EDDY_FUZZ_TMP="$SCRATCH" \
    "$BIN/$t" >"$LOGS/seeds-$t.log" 2>&1); then
    cat "$LOGS/seeds-$t.log" >&2
    echo "fuzz.sh: $t cannot write its seeds" >&2
    exit 2
  fi
  mkdir -p "$CORPUS/$t" "$ARTIFACTS/$t"
  echo "== $t: $(ls "$SEEDS/$t" | wc -l) seeds, $(ls "$CORPUS/$t" | wc -l) in the corpus, ${SECONDS_PER_TARGET} s"
  set +e
  (cd "$SCRATCH" && EDDY_FUZZ_TMP="$SCRATCH" "$BIN/$t" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
    -timeout="$TIMEOUT" -detect_leaks=0 -artifact_prefix="$ARTIFACTS/$t/" -dict="$SEEDS/$t.dict" "${EXTRA_FLAGS[@]}" \
    "$CORPUS/$t" "$SEEDS/$t") >"$LOGS/$t.log" 2>&1
  rc=$?
  set -e
  runs="$(grep -a 'stat::number_of_executed_units:' "$LOGS/$t.log" | tail -1 | awk '{print $2}')"
  runs="${runs:-0}"
  total=$((total + runs))
  if [ $rc -eq 0 ]; then
    summary+=("$(printf '%-16s %12s executions  ok' "$t" "$runs")")
  else
    status=1
    artifact="$(grep -a -o 'Test unit written to .*' "$LOGS/$t.log" | tail -1 | sed 's/^Test unit written to //')"
    grep -a -E 'ERROR: |Fatal error|fatal error|SUMMARY:|==[0-9]+==' "$LOGS/$t.log" | head -12 >&2 || true
    echo "   $t FAILED (exit $rc): ${artifact:-no input file was written}; log: $LOGS/$t.log" >&2
    [ -n "$artifact" ] && echo "   reproduce: $BIN/$t $artifact" >&2
    summary+=("$(printf '%-16s %12s executions  FAILED: %s' "$t" "$runs" "${artifact:-see $LOGS/$t.log}")")
  fi
done

echo "== executions"
printf '%s\n' "${summary[@]}"
printf '%-16s %12s executions\n' "total" "$total"
exit $status
