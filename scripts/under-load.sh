#!/usr/bin/env bash
# Run a command with busy loops competing for the CPU beside it: a stand-in for a noisy
# neighbour on the 2-core CI machine. Specs that pass when the machine is quiet can still assume
# a schedule (worker 0 starting a block first, say) that a loaded machine does not keep.
#   LOAD=2 bash scripts/under-load.sh npx playwright test --repeat-each=2
set -euo pipefail
loops=()
for ((i = 0; i < ${LOAD:-1}; i++)); do
  (while :; do :; done) &
  loops+=($!)
done
trap 'kill "${loops[@]}" 2>/dev/null || true' EXIT
"$@"
