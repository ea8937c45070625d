#!/usr/bin/env bash
# A bounded chaos run against the local stack: forget requests for --minutes while services and unlearner replicas
# are killed (-9), terminated and restarted, and the broker and S3 restarted (seeded); then convergence and the
# erasure guarantees are checked from the buckets. The last line is
#   chaos accepted=<n> receipts=<n> lost=<n> duplicate_versions=<n> forks=<n> faults=<k>
# Usage: bench/chaos/run.sh [--minutes 3] [--seed 11] [--fault-every PT7S] ...   (any `deepunlearn chaos` option)
# Output goes to stdout and to docs/results/chaos/run-<UTC timestamp>.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/results/chaos"
mkdir -p "$out"
log="$out/run-$(date -u +%Y%m%dT%H%M%SZ).log"
{
  echo "# command: bench/chaos/run.sh $*"
  echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
  echo "# commit: $(git -C "$root" rev-parse --short HEAD)"
} | tee "$log"
# ports well away from the defaults so a developer's `up` keeps running
"$root/deepunlearn" chaos --kafka-port 0 --s3-port 0 --port-offset 3000 "$@" 2>&1 | tee -a "$log"
exit "${PIPESTATUS[0]}"
