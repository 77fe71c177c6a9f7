#!/usr/bin/env bash
# The full crash test: a million events, the real eddy binary killed with SIGKILL at
# random moments at least 20 times (also while it writes checkpoints), recovered each
# time; its committed output must equal an uninterrupted run's. CI runs a reduced form.
set -euo pipefail
cd "$(dirname "$0")/.."
EDDY_CRASH_EVENTS=${EDDY_CRASH_EVENTS:-1000000} EDDY_CRASH_KILLS=${EDDY_CRASH_KILLS:-20} \
  swift test --filter CrashRecovery
