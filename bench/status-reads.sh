#!/usr/bin/env bash
# What one getJobStatus costs the server, in heap allocation and time, beside /_health on the same
# server: one kept-alive connection, 20,000 warm-up and 50,000 measured requests of each.
# Writes its section of BENCHMARKS.md.
# Usage: bench/status-reads.sh   (about a minute)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(mktemp)"
section="$(mktemp)"
trap 'rm -f "$out" "$section"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw-jdk21 -q install -DskipTests
./mvnw-jdk21 -q -pl stratus-server failsafe:integration-test failsafe:verify \
  -Dit.test=StatusReadBench -Dstratus.bench.out="$out" -DtrimStackTrace=false
{
  echo "## Status reads"
  echo
  echo "Produced by \`bench/status-reads.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(lscpu | sed -n 's/^Model name: *//p')), load average before the run: $load_before."
  echo "One server (embedded SQLite, a completed job), one kept-alive loopback connection whose client"
  echo "reuses its buffers, so the bytes allocated are the server's (the JVM's total, divided by the"
  echo "requests); 20,000 warm-up requests, then 50,000 measured, of each."
  echo
  cat "$out"
} > "$section"
"$root/bench/write-section.sh" bench/status-reads.sh "$section"
cat "$section"
