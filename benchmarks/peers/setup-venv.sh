#!/usr/bin/env bash
# Makes (once) the Python virtual environment that the peer runners use: Apache Flink
# (PyFlink, which brings its own jars and runs on Java 17) and DuckDB. Prints the path of
# its python on stdout; everything else goes to stderr.
#
# Usage: benchmarks/peers/setup-venv.sh [FOLDER]
#   FOLDER   where the venv lives (default: $EDDY_PEERS_VENV, else .build-peers/venv in
#            the repository, which git ignores)
# Needs python3 with the venv module, and Java 17 on PATH for Flink. Takes about 40 s the
# first time; later calls only check it.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${1:-${EDDY_PEERS_VENV:-$REPO/.build-peers/venv}}
FLINK_VERSION=${EDDY_FLINK_VERSION:-2.3.0}

if ! "$VENV/bin/python" -c 'import duckdb, pyflink' 2>/dev/null; then
  echo "setup-venv.sh: making $VENV (apache-flink==$FLINK_VERSION, duckdb)" >&2
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q -U pip >&2
  "$VENV/bin/pip" install -q "apache-flink==$FLINK_VERSION" duckdb >&2
fi
if ! command -v java >/dev/null 2>&1; then
  echo "setup-venv.sh: warning: no java on PATH; PyFlink needs Java 17" >&2
fi
echo "$VENV/bin/python"
