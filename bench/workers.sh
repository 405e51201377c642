#!/usr/bin/env bash
# Jobs per minute with 1, 2 and 3 worker processes on this machine, on one PostgreSQL database
# (STRATUS_TEST_POSTGRES_URL) and an in-process S3 endpoint; an API node takes the uploads.
# Writes its section of BENCHMARKS.md.
# Usage: bench/workers.sh   (about four minutes)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench WorkerScalingBench "$out"
{
  echo "## Worker processes"
  echo
  produced_by bench/workers.sh
  echo "An API node takes 12 uploads of a 4 s 1080p clip (12 accounts) at once; 1, 2 or 3 worker-only"
  echo "processes on one PostgreSQL database and one S3 bucket encode them (one job at a time each)."
  echo "Timed from the first upload to the last completion."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/workers.sh "$section"
cat "$section"
