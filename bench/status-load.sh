#!/usr/bin/env bash
# getJobStatus under 50 concurrent connections with 100,000 jobs stored, beside /_health on the
# same server, then while two uploads encode. Writes its section of BENCHMARKS.md.
# Usage: bench/status-load.sh   (about eight minutes)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-bench.sh"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
java_bench StatusLoadBench "$out"
{
  echo "## Status reads under load"
  echo
  produced_by bench/status-load.sh
  echo "One server (embedded SQLite holding 100,000 finished jobs, two workers); 50 threads, each on its"
  echo "own kept-alive loopback connection, sending one request after another for 3 s of warm-up and"
  echo "10 s measured; every request's latency recorded. The load client runs in the server's JVM, on the"
  echo "same two cores. After one round of each that is not counted, \`/_health\` and \`getJobStatus\` are"
  echo "run in turn, nine rounds each; each row is the round of median speed, and the ratio is the median"
  echo "of the nine pairs' ratios. The last row runs while two 40 s 720p uploads (noisy, so fully"
  echo "encoded) encode."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/status-load.sh "$section"
cat "$section"
