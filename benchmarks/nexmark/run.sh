#!/usr/bin/env bash
# Runs the Nexmark queries with Eddy, and with --flink through Apache Flink as well.
#
# Usage: benchmarks/nexmark/run.sh [DATA_DIR] [--events N] [--seed S] [--queries "q0 q5"]
#                                  [--flink] [--parallelism P] [--json FILE]
#   DATA_DIR   where the generated data, each query's run folder and results.json go
#              (default: .build-nexmark in the repository, which git ignores)
#   --events   events to generate (default 1,000,000); regenerated when it changes
#   --flink    also run each query in Flink's local mini-cluster (PyFlink 2.3.0 in the venv
#              benchmarks/peers/setup-venv.sh makes; needs Java 17), compare the rows and
#              print Eddy/Flink
# Builds the release eddy if it is missing (EDDY=path uses another binary).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
EDDY=${EDDY:-$REPO/.build/release/eddy}
if [[ ! -x "$EDDY" ]]; then
  echo "run.sh: building the release eddy" >&2
  (cd "$REPO" && swift build -c release --product eddy >&2)
fi
args=()
flink=0
for a in "$@"; do
  [[ "$a" == "--flink" ]] && flink=1
  args+=("$a")
done
if [[ $flink == 1 ]]; then
  PY=$("$REPO/benchmarks/peers/setup-venv.sh")
  args+=(--flink-python "$PY")
fi
exec python3 "$REPO/benchmarks/nexmark/run.py" --eddy "$EDDY" "${args[@]}"
