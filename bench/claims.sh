#!/usr/bin/env bash
# What a claim costs with 100,000 finished jobs and 1,000 queued behind it, on embedded SQLite and on
# PostgreSQL (STRATUS_TEST_POSTGRES_URL, default 127.0.0.1:5432 as postgres), with the claim's
# query plan; and status reads per second alone and beside a writer. Writes its section of
# BENCHMARKS.md.
# Usage: bench/claims.sh   (about two minutes)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench ClaimBench "$out"
{
  echo "## Claims with history"
  echo
  produced_by bench/claims.sh
  echo "One store at a time: 100,000 completed jobs (30 days, 5,000 accounts) written in one batch, then"
  echo "1,000 queued jobs, then 1,000 claims each followed by its completion, timed one by one. Status"
  echo "reads: four threads calling find() for 3 s, alone, then while a fifth admits jobs nonstop."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/claims.sh "$section"
cat "$section"
