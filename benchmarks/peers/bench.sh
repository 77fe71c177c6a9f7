#!/usr/bin/env bash
# Times Eddy with one and two workers and DuckDB on the same generated file, per query:
# median wall time and peak memory of N alternating runs, as an aligned table (bench.py).
#
# Usage: benchmarks/peers/bench.sh [options]
#   -n N              events (default 5000000); the file is generated once into DIR/data
#   --users U         distinct users in the generated file (default 10000; the key sweep)
#   --input FILE      time on this file instead
#   --runs R          runs per engine and query (default 5)
#   --queries "q2 q4" which queries (default: q1 q2 q3 q4)
#   --engines "p1 p2" which of p1, p2, duckdb (default: all three)
#   --dir DIR         data, venv and outputs (default: .build-peers in the repository;
#                     $EDDY_PEERS_DIR overrides it)
#   --json FILE       also write the figures as JSON
# EDDY overrides the binary (default: .build/release/eddy, built if missing).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${EDDY_PEERS_DIR:-$REPO/.build-peers}
EDDY=${EDDY:-$REPO/.build/release/eddy}
N=5000000
USERS=10000
INPUT=
BENCH_ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2 ;;
    --users) USERS=$2; shift 2 ;;
    --input) INPUT=$2; shift 2 ;;
    --runs|--queries|--engines|--json) BENCH_ARGS+=("$1" "$2"); shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$DIR/data"
DIR=$(cd "$DIR" && pwd)
PY=$("$HERE/setup-venv.sh" "$DIR/venv")
if [ ! -x "$EDDY" ]; then
  echo "bench.sh: building eddy (release)" >&2
  (cd "$REPO" && swift build -c release --product eddy >&2)
fi
if [ -z "$INPUT" ]; then
  INPUT="$DIR/data/events_${N}_u${USERS}.jsonl"
  if [ ! -s "$INPUT" ]; then
    echo "bench.sh: generating $N events ($USERS users) into $INPUT" >&2
    python3 "$HERE/gen_events.py" "$N" "$INPUT.tmp" --users "$USERS" && mv "$INPUT.tmp" "$INPUT"
  fi
fi
echo "bench.sh: $(uptime)" >&2
python3 "$HERE/bench.py" "$INPUT" "$DIR/out/bench" --eddy "$EDDY" --python "$PY" "${BENCH_ARGS[@]}"
