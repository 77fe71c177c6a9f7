#!/usr/bin/env bash
# Eddy against Apache Flink 2.3: exports every example and conformance case with
# `eddy compile --target flink`, runs it in Flink's local mini-cluster (PyFlink) and with
# `eddy run` over the same files, compares the final results, and times both on one larger
# input. See README.md ("Exporting to Flink").
#
# Usage: benchmarks/flink/flink-diff.sh [OUT_DIR] [--only SUBSTRING] [--events N] [--no-timing]
#   OUT_DIR   where cases, exports and inputs go (default .build-flink/diff in the
#             repository, which git ignores)
# Needs python3 (with venv) and Java 17 on PATH; makes the venv with
# benchmarks/peers/setup-venv.sh (PyFlink, about 40 s the first time) and builds Eddy in
# release mode if .build/release/eddy is missing (EDDY=path overrides).
# Exit status 0 iff every case agrees or differs as known_differences.txt (beside this
# script) explains, and none fails in Flink.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$REPO/.build-flink/diff"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then OUT=$1; shift; fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

PY=$("$REPO/benchmarks/peers/setup-venv.sh")
command -v java >/dev/null || { echo "flink-diff.sh: Java 17 is needed on PATH" >&2; exit 2; }
EDDY=${EDDY:-$REPO/.build/release/eddy}
case $EDDY in /*) ;; *) EDDY=$PWD/$EDDY ;; esac
if [ ! -x "$EDDY" ]; then
  echo "flink-diff.sh: building eddy (release)" >&2
  (cd "$REPO" && swift build -c release --product eddy >&2)
fi
exec "$PY" "$REPO/benchmarks/flink/flink_diff.py" --eddy "$EDDY" --out "$OUT" "$@"
