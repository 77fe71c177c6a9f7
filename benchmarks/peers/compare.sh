#!/usr/bin/env bash
# Differential check of Eddy against the DuckDB oracle (run_duckdb.py, this folder) on
# the four peer queries (q1 filter/projection, q2 TUMBLE 10 s per page, q3 HOP 2 s/10 s
# per user, q4 SESSION 5 s per user). See README.md in this folder.
#
# Usage: benchmarks/peers/compare.sh [options]
#   -n N              events to generate (default 1000000) with gen_events.py; the file is
#                     made once, kept in DIR/data and reused
#   --late            use the input with extra-late events (gen_events.py --late-frac 0.001
#                     --late-max-ms 8000); the oracle then drops late events as Flink does
#                     with a per-event watermark (run_duckdb.py --flink-late-wm-ms 2000 for
#                     q2 and q3, flink_session_late.py for q4; q1 has no windows)
#   --input FILE      compare on this JSON-lines file instead (same fields as gen_events.py)
#   --batch-size B    passed to `eddy run` (its watermark advances once per batch; 1 gives
#                     Flink's per-event watermark, which --late needs for an exact match)
#   --parallelism P   passed to `eddy run`
#   --queries "q1 q3" which queries (default: q1 q2 q3 q4)
#   --no-sink-bench   skip the second Eddy run per query that writes to a file sink
#                     (the engine's throughput without stdout's CSV formatting)
#   --dir DIR         where data, the venv and outputs go (default: .build-peers in the
#                     repository, which git ignores; $EDDY_PEERS_DIR overrides it)
# The venv comes from setup-venv.sh (made on first use). EDDY overrides the binary.
# Exit status: 0 iff Eddy's rows equal the oracle's for every query run.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${EDDY_PEERS_DIR:-$REPO/.build-peers}
EDDY=${EDDY:-$REPO/.build/release/eddy}

N=1000000
LATE=0
INPUT=
BATCH=
QUERIES="q1 q2 q3 q4"
SINK_BENCH=1
PARALLELISM=
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2 ;;
    --late) LATE=1; shift ;;
    --input) INPUT=$2; shift 2 ;;
    --batch-size) BATCH=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    --no-sink-bench) SINK_BENCH=0; shift ;;
    --parallelism) PARALLELISM=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

log() { echo "compare.sh: $*" >&2; }

# --- tools ------------------------------------------------------------------------------
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
DATA_DIR=$DIR/data
PY=$("$HERE/setup-venv.sh" "$DIR/venv")
if [ ! -x "$EDDY" ]; then
  log "building eddy (release)"
  (cd "$REPO" && swift build -c release --product eddy >&2)
fi

# --- input ------------------------------------------------------------------------------
if [ $((N % 1000000)) -eq 0 ]; then TAG="$((N / 1000000))m"
elif [ $((N % 1000)) -eq 0 ]; then TAG="$((N / 1000))k"
else TAG="$N"; fi
if [ -n "$INPUT" ]; then
  INPUT=$(cd "$(dirname "$INPUT")" && pwd)/$(basename "$INPUT")
  TAG=$(basename "$INPUT" .jsonl)
else
  mkdir -p "$DATA_DIR"
  if [ $LATE = 1 ]; then
    TAG="${TAG}_late"
    INPUT="$DATA_DIR/events_${TAG}.jsonl"
    GEN_ARGS=(--late-frac 0.001 --late-max-ms 8000)
  else
    INPUT="$DATA_DIR/events_${TAG}.jsonl"
    GEN_ARGS=()
  fi
  if [ ! -s "$INPUT" ]; then
    log "generating $N events into $INPUT"
    python3 "$HERE/gen_events.py" "$N" "$INPUT.tmp" "${GEN_ARGS[@]}" && mv "$INPUT.tmp" "$INPUT"
  fi
fi
N_EVENTS=$(wc -l < "$INPUT")
[ -n "$BATCH" ] && TAG="${TAG}_b$BATCH"
[ -n "$PARALLELISM" ] && TAG="${TAG}_p$PARALLELISM"
OUT=$DIR/out/compare-$TAG
mkdir -p "$OUT/duckdb" "$OUT/eddy"
# Eddy resolves the scripts' 'events.jsonl' against their folder: run copies of them
# from a scratch folder where events.jsonl points at the input.
cp "$HERE"/q[1-4].sql "$OUT/eddy/"
ln -sfn "$INPUT" "$OUT/eddy/events.jsonl"
log "input $INPUT ($N_EVENTS events), outputs in $OUT"

# events/s from Eddy's stderr summary ("read 1,000,000 events in 288 ms (3,471,789
# events/s)"); short runs print no rate, so it is computed from the time then.
rate() {
  python3 - "$1" <<'EOF'
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"read ([\d,]+) events in ([\d.]+) (ms|s|µs)(?: \(([\d,]+) events/s\))?", s)
if not m:
    print("?"); sys.exit()
if m.group(4):
    print(m.group(4).replace(",", "")); sys.exit()
n = int(m.group(1).replace(",", ""))
t = float(m.group(2)) * {"ms": 1e-3, "s": 1.0, "µs": 1e-6}[m.group(3)]
print(int(n / t) if t > 0 else "?")
EOF
}
late_of() { grep -o '[0-9,]* late events dropped' "$1" | tr -d ',' | cut -d' ' -f1 || true; }
EDDY_ARGS=()
[ -n "$BATCH" ] && EDDY_ARGS+=(--batch-size "$BATCH")
[ -n "$PARALLELISM" ] && EDDY_ARGS+=(--parallelism "$PARALLELISM")

STATUS=0
SUMMARY=()
for q in $QUERIES; do
  case $q in q1|q2|q3|q4) ;; *) log "unknown query $q"; exit 2 ;; esac
  # --- oracle ---
  ORACLE="$OUT/duckdb/$q.csv"
  if [ $LATE = 1 ] && [ $q = q4 ]; then
    ORACLE_NAME="flink-session-sim"
    python3 "$HERE/flink_session_late.py" "$INPUT" "$ORACLE" 2>"$OUT/duckdb/$q.log"
  elif [ $LATE = 1 ] && { [ $q = q2 ] || [ $q = q3 ]; }; then
    ORACLE_NAME="duckdb-flink-late"
    "$PY" "$HERE/run_duckdb.py" "$INPUT" "$q" "$OUT/duckdb" --flink-late-wm-ms 2000 >"$OUT/duckdb/$q.log"
  else
    ORACLE_NAME="duckdb"
    "$PY" "$HERE/run_duckdb.py" "$INPUT" "$q" "$OUT/duckdb" >"$OUT/duckdb/$q.log"
  fi
  # --- eddy: rows on stdout as CSV ---
  ( cd "$OUT/eddy" && "$EDDY" run "$q.sql" --format csv "${EDDY_ARGS[@]}" >"$q.csv" 2>"$q.err" ) || {
    log "eddy failed on $q:"; cat "$OUT/eddy/$q.err" >&2; STATUS=1; SUMMARY+=("$q  eddy FAILED"); continue; }
  EPS=$(rate "$OUT/eddy/$q.err")
  LATE_N=$(late_of "$OUT/eddy/$q.err")
  # --- eddy: the same query into a JSON file sink (throughput without stdout) ---
  SINK_EPS=-
  if [ $SINK_BENCH = 1 ]; then
    { echo "CREATE SINK bench_out WITH ('connector' = 'file', 'path' = '$q.sink.jsonl', 'format' = 'json');"
      sed 's/^SELECT /INSERT INTO bench_out SELECT /' "$OUT/eddy/$q.sql"; } >"$OUT/eddy/$q.sink.sql"
    rm -f "$OUT/eddy/$q.sink.jsonl"
    if ( cd "$OUT/eddy" && "$EDDY" run "$q.sink.sql" "${EDDY_ARGS[@]}" >/dev/null 2>"$q.sink.err" ); then
      SINK_EPS=$(rate "$OUT/eddy/$q.sink.err")
    else
      SINK_EPS=failed
    fi
    rm -f "$OUT/eddy/$q.sink.jsonl"
  fi
  # --- diff ---
  echo "== $q (oracle: $ORACLE_NAME)"
  if python3 "$HERE/diff_rows.py" "$q" "$ORACLE" "$OUT/eddy/$q.csv" --json "$OUT/$q.diff.json"; then
    VERDICT=agree
  else
    VERDICT=DIFFER; STATUS=1
  fi
  echo "   $(tr -d '\n' < "$OUT/eddy/$q.err")"
  SUMMARY+=("$(python3 - "$OUT/$q.diff.json" "$q" "$ORACLE_NAME" "$EPS" "$SINK_EPS" "${LATE_N:-0}" "$VERDICT" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
q, oracle, eps, seps, late, verdict = sys.argv[2:]
fmt = lambda x: f"{int(x):,}" if x.isdigit() else x
print(f"{q:<3} {oracle:<18} {d['duckdb_rows']:>10,} {d['eddy_rows']:>10,} {d['matched']:>10,} "
      f"{d['mismatched']+d['only_duckdb']+d['only_eddy']:>9,} {fmt(late):>6} {fmt(eps):>11} {fmt(seps):>11}  {verdict}")
EOF
)")
done

echo
echo "input: $INPUT ($N_EVENTS events)${BATCH:+, eddy --batch-size $BATCH}"
printf '%-3s %-18s %10s %10s %10s %9s %6s %11s %11s  %s\n' \
  q oracle oracle_rows eddy_rows matched differ late ev/s_csv ev/s_sink verdict
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "(differ = rows with other values + rows only one side has; late = events Eddy reports"
echo " as dropped; ev/s_csv = Eddy's own rate printing rows as CSV to a file, ev/s_sink = the"
echo " same query written to a JSON file sink)"
exit $STATUS
