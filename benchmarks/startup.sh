#!/usr/bin/env bash
# How long Eddy takes from exec to exit on an example script: `eddy run` of each example's
# main script over its small input (parse, plan, run, print) and `eddy explain` (parse and
# plan only). Prints the median and the fastest of N runs, in milliseconds, per command.
#
# Usage: benchmarks/startup.sh [RUNS]     (default 21)
# EDDY overrides the binary (default: .build/release/eddy, built if missing).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-21}
EDDY=${EDDY:-$REPO/.build/release/eddy}
if [ ! -x "$EDDY" ]; then
  echo "startup.sh: building eddy (release)" >&2
  (cd "$REPO" && swift build -c release --product eddy >&2)
fi
cd "$REPO"
python3 - "$EDDY" "$RUNS" <<'EOF'
import subprocess, sys, time, statistics
eddy, runs = sys.argv[1], int(sys.argv[2])
commands = [
    ("eddy --version", ["--version"]),
    ("eddy explain examples/clickstream/dashboard.sql", ["explain", "examples/clickstream/dashboard.sql"]),
    ("eddy run examples/clickstream/top_pages.sql", ["run", "examples/clickstream/top_pages.sql", "-q"]),
    ("eddy run examples/big_orders/big_orders.sql", ["run", "examples/big_orders/big_orders.sql", "-q"]),
]
print(f"{'command':<50} {'median ms':>10} {'fastest ms':>11}")
for name, args in commands:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([eddy] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0:
            sys.exit(f"startup.sh: eddy {' '.join(args)} failed: {done.stderr.decode()[:400]}")
    print(f"{name:<50} {statistics.median(times):>10.1f} {min(times):>11.1f}")
EOF
